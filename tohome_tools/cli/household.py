"""The one household a command is about (`sheet`, `history`, `budget --household`, `deadlines
--household`, `transfer`): found by its ID in any case or by its path, and refused, with the reason,
when no file holds it or when more than one does."""

from __future__ import annotations

import sys
from pathlib import Path

from tohome_tools.cli.texts import erased_note
from tohome_tools.core.safetext import visible
from tohome_tools.records import lookup

TEXT = {
    "it": {"missing": "nessuna scheda {id} in {where}",
           "duplicate": "il codice {id} è scritto in più schede: {files}. Un comando su un solo nucleo non sceglie "
                        "tra le copie: tieni una sola scheda per nucleo («tohome validate» le indica) e riprova."},
    "en": {"missing": "no record {id} in {where}",
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
