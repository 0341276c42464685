"""The one household a command is about (`sheet`, `history`, `budget --household`, `deadlines
--household`, `transfer`): found by its ID in any case or by its path, and refused, with the reason,
when no file holds it or when more than one does. A filter that matches nothing (a case manager, a
lot) is refused the same way: an empty list would read as "nothing due"."""

from __future__ import annotations

import sys
from pathlib import Path

from tohome_tools.cli.texts import erased_note
from tohome_tools.core.safetext import visible
from tohome_tools.records import lookup
from tohome_tools.records.recordset import RecordSet

TEXT = {
    "it": {"missing": "nessuna scheda {id} in {where}",
           "invalid": "la scheda {file} ha errori di validazione: non la uso. Correggila («tohome validate {file}») e "
                      "riprova.",
           "no_case_manager": "nessun nucleo ha il case manager {code} (tra le schede valide; case manager presenti: "
                              "{known}).",
           "no_lot": "nessuna scheda valida del lotto {lot}.",
           "no_records": "nessuna scheda in {paths}: controlla i percorsi (una scheda è un file .yaml).",
           "duplicate": "il codice {id} è scritto in più schede: {files}. Un comando su un solo nucleo non sceglie "
                        "tra le copie: tieni una sola scheda per nucleo («tohome validate» le indica) e riprova."},
    "en": {"missing": "no record {id} in {where}",
           "invalid": "record {file} has validation errors: it is not used. Fix it ('tohome validate {file}') and "
                      "try again.",
           "no_case_manager": "no household has case manager {code} (among the valid records; case managers "
                              "present: {known}).",
           "no_lot": "no valid record of lot {lot}.",
           "no_records": "no record in {paths}: check the paths (a record is a .yaml file).",
           "duplicate": "ID {id} is written in more than one record: {files}. A command about one household does "
                        "not choose between copies: keep one record per household ('tohome validate' shows them) "
                        "and try again."},
}


def refusal(found: lookup.Found, folders: list[Path], register, lang: str) -> str | None:
    """Why the command cannot go on with `found` (None when it can)."""
    if found.path is not None and not found.others:
        return None
    if found.path is not None:
        files = ", ".join(sorted(visible(str(p)) for p in (found.path, *found.others)))
        return TEXT[lang]["duplicate"].format(id=visible(found.wanted), files=files)
    gone = erased_note(register, found.wanted, lang)
    where = ", ".join(visible(str(f)) for f in folders)
    return gone or TEXT[lang]["missing"].format(id=visible(found.wanted), where=where)


def locate(command: str, given: str, folders: list[Path], register, lang: str) -> lookup.Found | None:
    """The household's record, or None after saying on stderr why there is none to use."""
    found = lookup.find(folders, given)
    reason = refusal(found, folders, register, lang)
    if reason is not None:
        print(f"tohome {command}: {reason}", file=sys.stderr)
        return None
    return found


def among_valid(command: str, given: str, found: RecordSet, folders: list[Path], register,
                lang: str) -> tuple[str | None, int]:
    """The ID of `--household` among the records a command loaded (any case), or (None, exit code)
    after saying why: its file has errors (1), no file holds it, or two do (2). Decided from the
    validation the command already ran: no record is read twice."""
    wanted = lookup.normal_id(Path(given).stem if lookup.is_path(given) else given)
    if any(r["id"] == wanted for r in found.records):
        return wanted, 0
    copies = sorted({f.file for errors in found.skipped.values() for f in errors
                     if f.code == "duplicate-id" and str(f.params.get("id", "")).upper() == wanted})
    if copies:
        reason = TEXT[lang]["duplicate"].format(id=visible(wanted), files=", ".join(visible(c) for c in copies))
        print(f"tohome {command}: {reason}", file=sys.stderr)
        return None, 2
    broken = [file for file in found.skipped if lookup.normal_id(Path(file).stem) == wanted]
    if broken:
        print(f"tohome {command}: " + TEXT[lang]["invalid"].format(file=visible(broken[0])), file=sys.stderr)
        return None, 1
    print(f"tohome {command}: " + refusal(lookup.Found(wanted, None), folders, register, lang), file=sys.stderr)
    return None, 2


def case_manager(command: str, given: str, found: RecordSet, lang: str) -> str | None:
    """The case manager code (any case) when at least one valid record names it, else None after saying so."""
    wanted = lookup.normal_id(given)
    known = sorted({code for r in found.records for code in r.get("staff", {}).get("case_managers", [])})
    if wanted in known:
        return wanted
    shown = ", ".join(known[:12]) + (", …" if len(known) > 12 else "")
    print(f"tohome {command}: " + TEXT[lang]["no_case_manager"].format(code=visible(wanted), known=shown or "-"),
          file=sys.stderr)
    return None


def nothing_in(command: str, given: list[str], lang: str) -> int:
    """Paths named on the command line that hold no record: said, exit 2 (an empty report would read
    as "all clear")."""
    paths = ", ".join(visible(p) for p in given)
    print(f"tohome {command}: " + TEXT[lang]["no_records"].format(paths=paths), file=sys.stderr)
    return 2
