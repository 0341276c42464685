"""`tohome history ID`: who changed a household's record, when and what (from git)."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path

from tohome_tools.casework.history import Change, Revision, history
from tohome_tools.cli.commands.sheet import find_record
from tohome_tools.cli.texts import erased_note, git_said
from tohome_tools.core import pointer as jp
from tohome_tools.core.safetext import visible
from tohome_tools.i18n.italian import MONTHS
from tohome_tools.i18n.plural import fmt
from tohome_tools.i18n.render import show
from tohome_tools.io import gitutil
from tohome_tools.programme import schema as schema_reader
from tohome_tools.records.workspace import open_workspace

NAME = "history"
HELP = "storia di una scheda: chi l'ha cambiata, quando e che cosa (da git)"

TEXT = {
    "it": {"missing": "nessuna scheda {id} in {where}", "git": "non riesco a leggere la storia da git: {error}",
           "title": "Storia della scheda {id} ({file}), dalla modifica più recente; commit in git: {n}.",
           "none": "La scheda non è ancora stata registrata in git (nessun commit).",
           "created": "creata la scheda", "deleted": "cancellata la scheda",
           "added": "aggiunto {field} ({pointer}): {after}", "removed": "tolto {field} ({pointer}), era {before}",
           "changed": "cambiato {field} ({pointer}): da {before} a {after}", "text": "riga {line}",
           "too_large": "file di {size} byte, troppo grande per una scheda: non confrontato",
           "nothing": "nessun cambiamento nei dati (solo forma o commenti)", "fields": "{n:p|campo|campi}",
           "renamed": "il file si chiamava {path}"},
    "en": {"missing": "no record {id} in {where}", "git": "cannot read the history from git: {error}",
           "title": "History of record {id} ({file}), newest change first; git commits: {n}.",
           "none": "The record is not in git yet (no commit).",
           "created": "record created", "deleted": "record deleted",
           "added": "added {field} ({pointer}): {after}", "removed": "removed {field} ({pointer}), was {before}",
           "changed": "changed {field} ({pointer}): from {before} to {after}", "text": "line {line}",
           "too_large": "a file of {size} bytes, too large for a record: not compared",
           "nothing": "no change in the data (layout or comments only)", "fields": "{n:p|field|fields}",
           "renamed": "the file was called {path}"},
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help="codice del progetto, per esempio TH-4-0012")
    parser.add_argument("--format", choices=["text", "json"], default="text", help="formato (predefinito: text)")
    parser.add_argument("--records", metavar="CARTELLA", default=None, help="cartella delle schede (predefinito: records/)")


def when_text(revision: Revision, lang: str) -> str:
    try:
        from zoneinfo import ZoneInfo

        local = revision.when.astimezone(ZoneInfo("Europe/Rome"))
    except Exception:  # noqa: BLE001 - no time zone database: show the author's own offset
        local = revision.when
    if lang == "it":
        return f"{local.day} {MONTHS[local.month - 1]} {local.year}, ore {local:%H:%M}"
    return local.strftime("%Y-%m-%d %H:%M %z")


def _value(value, lang: str) -> str:
    if isinstance(value, Decimal) or (isinstance(value, int) and not isinstance(value, bool)):
        return str(value)
    return show(value, lang)


def change_text(change: Change, index, lang: str) -> str:
    words = TEXT[lang]
    if change.kind == "text":
        return words["text"].format(line=visible(change.after)[:200])
    if change.kind == "too_large":
        return words["too_large"].format(size=change.after)
    title = index.title(tuple(int(t) if t.isdigit() else t for t in jp.parts(change.pointer)), lang)
    field = f"«{title}»" if lang == "it" else f"'{title}'"
    return words[change.kind].format(field=field, pointer=change.pointer,
                                     before=_value(change.before, lang), after=_value(change.after, lang))


def render_text(record_id: str, file: str, revisions: list[Revision], index, lang: str) -> str:
    words = TEXT[lang]
    if not revisions:
        return words["none"] + "\n"
    out = [words["title"].format(id=record_id, file=file, n=len(revisions))]
    for i, rev in enumerate(revisions):
        out += ["", visible(f"{when_text(rev, lang)} - {rev.author} <{rev.email}> - commit {rev.commit[:10]}"),
                f"  «{visible(rev.subject)}»"]
        older = revisions[i + 1].path if i + 1 < len(revisions) else rev.path
        if older != rev.path:
            out.append("  " + words["renamed"].format(path=older))
        if rev.created:
            out.append("  " + words["created"] + " (" + fmt(words["fields"], n=len(rev.changes)) + ")")
            continue
        if not rev.changes:
            out.append("  " + words["nothing"])
        out += ["  " + change_text(c, index, lang) for c in rev.changes]
    return "\n".join(out) + "\n"


def render_json(record_id: str, revisions: list[Revision]) -> str:
    def value(v):
        return str(v) if v is not None and not isinstance(v, (str, bool, int, list, dict)) else v
    doc = {"id": record_id, "revisions": [
        {"commit": r.commit, "author": r.author, "email": r.email, "when": r.when.isoformat(), "subject": r.subject,
         "path": r.path, "created": r.created,
         "changes": [{"kind": c.kind, "pointer": c.pointer, "before": value(c.before), "after": value(c.after)}
                     for c in r.changes]} for r in revisions]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def run(args: argparse.Namespace) -> int:
    workspace = open_workspace(args.root)
    words = TEXT[args.lang]
    folders = [Path(args.records)] if args.records else workspace.record_folders
    path = find_record(folders, args.id)
    if path is None:
        where = ", ".join(str(f) for f in folders)
        gone = erased_note(workspace.register, Path(args.id).stem, args.lang)
        print("tohome history: " + (gone or words["missing"].format(id=args.id, where=where)), file=sys.stderr)
        return 2
    try:
        revisions = history(path)
    except gitutil.GitError as error:
        print("tohome history: " + words["git"].format(error=git_said(error, args.lang)), file=sys.stderr)
        return 2
    if args.format == "json":
        sys.stdout.write(render_json(args.id, revisions))
    else:
        index = schema_reader.index_for(str(workspace.project.household_schema))
        sys.stdout.write(render_text(args.id, str(path), revisions, index, args.lang))
    return 0
