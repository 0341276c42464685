"""`tohome history ID`: who changed a household's record, when and what (from git)."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path

from tohome_tools.casework.history import Change, Damaged, Revision, history, real_offset
from tohome_tools.cli import household
from tohome_tools.cli.texts import git_said
from tohome_tools.core import pointer as jp
from tohome_tools.core.safetext import visible
from tohome_tools.i18n import labels
from tohome_tools.i18n.italian import MONTHS
from tohome_tools.i18n.languages import choose
from tohome_tools.i18n.plural import fmt
from tohome_tools.i18n.render import quoted, show
from tohome_tools.io import gitutil
from tohome_tools.programme import schema as schema_reader
from tohome_tools.records.workspace import open_workspace

NAME = "history"
HELP = "storia di una scheda: chi l'ha cambiata, quando e che cosa (da git)"

TEXT = {
    "it": {"git": "non riesco a leggere la storia da git: {error}",
           "damaged": "il repository è danneggiato: manca l'oggetto {oid} della storia della scheda{where}. La storia "
                      "non si può raccontare per intero, e non la invento: controlla con «git fsck» e clona di nuovo "
                      "il repository dal server.",
           "damaged_where": " (nel commit {commit})",
           "title": "Storia della scheda {id} ({file}), dalla modifica più recente; commit in git: {n}.",
           "cut_title": "Storia incompleta: questo clone di git è superficiale e non ha i commit prima di {commit}. "
                        "Per la storia intera: git fetch --unshallow",
           "none": "La scheda non è ancora stata registrata in git (nessun commit).",
           "created": "creata la scheda", "deleted": "cancellata la scheda",
           "cut": "qui si ferma la storia di questo clone (clone superficiale): la scheda può essere più vecchia e "
                  "non si sa che cosa questo commit abbia cambiato",
           "merge": "unione di rami: {what}", "merge_none": "unione di rami: nessun cambiamento proprio (ogni campo "
                                                            "viene dal ramo che lo ha cambiato, indicato al suo commit)",
           "merge_own": "cambiamenti fatti nell'unione stessa",
           "added": "aggiunto {field} ({pointer}): {after}", "removed": "tolto {field} ({pointer}), era {before}",
           "changed": "cambiato {field} ({pointer}): da {before} a {after}", "text": "riga {line}",
           "too_large": "file di {size} byte, troppo grande per una scheda: non confrontato",
           "nothing": "nessun cambiamento nei dati (solo forma o commenti)", "fields": "{n:p|campo|campi}",
           "renamed": "il file si chiamava {path}", "yes": "sì", "no": "no",
           "time": "{day} {month} {year}, ore {hour} (UTC{offset})",
           "time_utc": "{day} {month} {year}, ore {hour} UTC (il fuso orario registrato, {offset}, non si può "
                       "applicare)",
           "no_time": "data illeggibile{raw}"},
    "en": {"git": "cannot read the history from git: {error}",
           "damaged": "the repository is damaged: object {oid} of the record's history is missing{where}. The history "
                      "cannot be told whole, and is not made up: check with 'git fsck' and clone the repository "
                      "again from the server.",
           "damaged_where": " (in commit {commit})",
           "title": "History of record {id} ({file}), newest change first; git commits: {n}.",
           "cut_title": "Incomplete history: this git clone is shallow and holds no commit before {commit}. For the "
                        "whole history: git fetch --unshallow",
           "none": "The record is not in git yet (no commit).",
           "created": "record created", "deleted": "record deleted",
           "cut": "this clone's history stops here (a shallow clone): the record may be older and what this commit "
                  "changed is unknown",
           "merge": "merge of branches: {what}", "merge_none": "merge of branches: no change of its own (each field "
                                                               "comes from the branch that changed it, shown at its "
                                                               "commit)",
           "merge_own": "changes made in the merge itself",
           "added": "added {field} ({pointer}): {after}", "removed": "removed {field} ({pointer}), was {before}",
           "changed": "changed {field} ({pointer}): from {before} to {after}", "text": "line {line}",
           "too_large": "a file of {size} bytes, too large for a record: not compared",
           "nothing": "no change in the data (layout or comments only)", "fields": "{n:p|field|fields}",
           "renamed": "the file was called {path}", "yes": "yes", "no": "no",
           "time": "{year}-{month_number:02d}-{day:02d} {hour} UTC{offset}",
           "time_utc": "{year}-{month_number:02d}-{day:02d} {hour} UTC (the recorded offset, {offset}, cannot be "
                       "applied)",
           "no_time": "unreadable date{raw}"},
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help="codice del progetto (per esempio TH-4-0012, anche th-4-0012) "
                                                 "o percorso della scheda (records/TH-4-0012.yaml)")
    parser.add_argument("--format", choices=["text", "json"], default="text", help="formato (predefinito: text)")
    parser.add_argument("--records", metavar="CARTELLA", default=None, help="cartella delle schede (predefinito: records/)")


def when_text(revision: Revision, lang: str) -> str:
    """The author's own time and its offset from UTC, as git recorded them."""
    words = TEXT[lang]
    when = revision.when
    if when is None:
        raw = f" (@{revision.timestamp} {revision.offset})" if revision.timestamp is not None else ""
        return words["no_time"].format(raw=visible(raw))
    offset = when.strftime("%z")
    offset = f"{offset[:3]}:{offset[3:]}" if offset else "+00:00"
    key = "time" if real_offset(revision) else "time_utc"
    return words[key].format(day=when.day, month=MONTHS[when.month - 1], month_number=when.month, year=when.year,
                             hour=f"{when:%H:%M}", offset=offset if key == "time" else visible(revision.offset))


def _value(value, pointer: str, lang: str) -> str:
    if isinstance(value, bool):
        return TEXT[lang]["yes" if value else "no"]
    if isinstance(value, Decimal) or isinstance(value, int):
        return str(value)
    # the sheet's words for a code are Italian only: in English the code itself is shown
    table = choose(lang, italian=labels.sheet_table_at(pointer), english=None) if isinstance(value, str) else None
    if table and value in table:
        return show(table[value], lang)
    return show(value, lang)


def change_text(change: Change, index, lang: str) -> str:
    words = TEXT[lang]
    if change.kind == "text":
        return words["text"].format(line=visible(change.after)[:200])
    if change.kind == "too_large":
        return words["too_large"].format(size=change.after)
    title = index.title(tuple(int(t) if t.isdigit() else t for t in jp.parts(change.pointer)), lang)
    field = quoted(title, lang)
    return words[change.kind].format(field=field, pointer=visible(change.pointer),
                                     before=_value(change.before, change.pointer, lang),
                                     after=_value(change.after, change.pointer, lang))


def render_text(record_id: str, file: str, revisions: list[Revision], index, lang: str) -> str:
    words = TEXT[lang]
    if not revisions:
        return words["none"] + "\n"
    out = [words["title"].format(id=visible(record_id), file=visible(file), n=len(revisions))]
    cut = [r for r in revisions if r.cut]
    if cut:
        out.append(words["cut_title"].format(commit=cut[-1].commit[:10]))
    for i, rev in enumerate(revisions):
        out += ["", visible(f"{when_text(rev, lang)} - {rev.author} <{rev.email}> - commit {rev.commit[:10]}"),
                f"  «{visible(rev.subject)}»"]
        older = revisions[i + 1].path if i + 1 < len(revisions) else rev.path
        if older != rev.path:
            out.append("  " + words["renamed"].format(path=visible(older)))
        if rev.cut:
            out.append("  " + words["cut"])
            continue
        if rev.created:
            out.append("  " + words["created"] + " (" + fmt(words["fields"], n=len(rev.changes)) + ")")
            continue
        if rev.deleted:
            out.append("  " + words["deleted"])
            continue
        if rev.merge:
            out.append("  " + (words["merge"].format(what=words["merge_own"]) if rev.changes else words["merge_none"]))
        elif not rev.changes:
            out.append("  " + words["nothing"])
        out += ["  " + change_text(c, index, lang) for c in rev.changes]
    return "\n".join(out) + "\n"


def render_json(record_id: str, revisions: list[Revision]) -> str:
    def value(v):
        return str(v) if v is not None and not isinstance(v, (str, bool, int, list, dict)) else v
    doc = {"id": record_id, "complete": not any(r.cut for r in revisions), "revisions": [
        {"commit": r.commit, "parents": list(r.parents), "author": r.author, "email": r.email,
         "when": r.when.isoformat() if r.when else None, "timestamp": r.timestamp, "offset": r.offset,
         "subject": r.subject, "path": r.path, "created": r.created, "deleted": r.deleted, "merge": r.merge,
         "cut": r.cut,
         "changes": [{"kind": c.kind, "pointer": c.pointer, "before": value(c.before), "after": value(c.after)}
                     for c in r.changes]} for r in revisions]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def run(args: argparse.Namespace) -> int:
    workspace = open_workspace(args.root)
    words = TEXT[args.lang]
    folders = [Path(args.records)] if args.records else workspace.record_folders
    found = household.locate(NAME, args.id, folders, workspace.register, args.lang)
    if found is None:
        return 2
    try:
        revisions = history(found.path)
    except Damaged as damaged:
        where = words["damaged_where"].format(commit=damaged.commit[:10]) if damaged.commit != damaged.oid else ""
        print("tohome history: " + words["damaged"].format(oid=damaged.oid, where=where), file=sys.stderr)
        return 2
    except gitutil.GitError as error:
        print("tohome history: " + words["git"].format(error=git_said(error, args.lang)), file=sys.stderr)
        return 2
    if args.format == "json":
        sys.stdout.write(render_json(found.wanted, revisions))
    else:
        index = schema_reader.index_for(str(workspace.project.household_schema))
        sys.stdout.write(render_text(found.wanted, str(found.path), revisions, index, args.lang))
    return 0
