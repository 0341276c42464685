"""`tohome deadlines`: what falls due, for whom and when, as a list or a calendar file (ICS)."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path

from tohome_tools.casework import deadlines, ics
from tohome_tools.cli import household as one
from tohome_tools.cli.argtypes import iso_day
from tohome_tools.cli.texts import skip_messages, texts
from tohome_tools.core.safetext import spreadsheet_row
from tohome_tools.core.texttable import columns
from tohome_tools.core.workdays import Calendar
from tohome_tools.i18n.phrases import say
from tohome_tools.i18n.plural import fmt
from tohome_tools.i18n.render import day
from tohome_tools.io import atomic, outputs
from tohome_tools.records import recordset as records
from tohome_tools.records.workspace import open_workspace

NAME = "deadlines"
HELP = "scadenze dei nuclei (patto, progetto, validazione, monitoraggio, misure, limiti) con stato, anche in formato calendario"

HEAD = {
    "it": ["scadenza", "stato", "nucleo", "case manager", "cosa", "nota"],
    "en": ["due", "status", "household", "case manager", "what", "note"],
}
TITLE = {
    "it": "Scadenze al {date}: {n} ({overdue:p|scaduta|scadute}, {soon} in scadenza entro {days:p|giorno|giorni})",
    "en": "Deadlines as of {date}: {n} ({overdue} overdue, {soon} due within {days:p|day|days})",
}
# What the list holds: a view that leaves deadlines out says which, so that a short list is never read
# as "nothing else is due".
VIEW = {
    "it": {"notice": "Elenco: le scadenze non fatte, scadute o entro {days:p|giorno|giorni} (il preavviso della "
                     "configurazione); --all per tutte, anche fatte o lontane.",
           "within": "Elenco: le scadenze non fatte, scadute o entro {days:p|giorno|giorni}.",
           "kind": "Elenco: tutte le scadenze non fatte di questo tipo, anche lontane (--within GIORNI per fermarsi "
                   "prima; --all anche quelle fatte).",
           "all": "Elenco: tutte le scadenze, anche fatte o lontane.",
           "within_all": "Elenco: tutte le scadenze fino a {days:p|giorno|giorni} dalla data di riferimento, anche "
                         "fatte.",
           "only_kind": "Solo il tipo {kind}."},
    "en": {"notice": "List: deadlines not done, overdue or due within {days:p|day|days} (the configuration's "
                     "notice); --all for every one, done or far off too.",
           "within": "List: deadlines not done, overdue or due within {days:p|day|days}.",
           "kind": "List: every deadline of this kind not done, however far off (--within DAYS to stop sooner; "
                   "--all for done ones too).",
           "all": "List: every deadline, done or far off too.",
           "within_all": "List: every deadline up to {days:p|day|days} after the reference day, done ones too.",
           "only_kind": "Only kind {kind}."},
}
SYNTHETIC = {"it": "DATI SINTETICI: le schede sono inventate e non descrivono persone reali.",
             "en": "SYNTHETIC DATA: the records are invented and describe no real person."}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", help="file o cartelle delle schede (predefinito: records/)")
    parser.add_argument("--as-of", type=iso_day, metavar="DATA", default=None,
                        help="data di riferimento AAAA-MM-GG (predefinito: oggi)")
    parser.add_argument("--within", type=int, metavar="GIORNI", default=None,
                        help="solo le scadenze entro tanti giorni dalla data di riferimento (comprese le scadute)")
    parser.add_argument("--case-manager", metavar="CODICE", default=None, help="solo i nuclei di questo case manager")
    parser.add_argument("--household", metavar="ID", default=None, help="solo questo nucleo")
    parser.add_argument("--all", action="store_true",
                        help="tutte le scadenze, anche fatte o lontane (senza: le scadute e quelle entro i giorni "
                             "di preavviso della configurazione; con --kind: tutte quelle non fatte di quel tipo)")
    parser.add_argument("--kind", choices=deadlines.KINDS, default=None,
                        help="solo un tipo di scadenza, tutte quelle non fatte anche se lontane (--within GIORNI "
                             "per fermarsi prima); retention_end (fine della conservazione delle schede) compare "
                             "solo chiedendolo così, o con --all")
    parser.add_argument("--format", choices=["table", "csv", "json"], default="table", help="formato (predefinito: table)")
    parser.add_argument("--ics", metavar="FILE", default=None,
                        help="scrive anche un file di calendario (iCalendar) con le stesse scadenze dell'elenco (con "
                             "--all anche quelle fatte)")


def _row(item, programme, calendar, lang) -> dict:
    return {
        "due": item.due.isoformat(), "computed": item.computed.isoformat(), "status": item.status,
        "household": item.household, "lot": item.lot, "case_managers": list(item.case_managers),
        "kind": item.kind, "item": item.item, "label": deadlines.label(item, programme, lang),
        "done_on": item.done_on.isoformat() if item.done_on else None,
        "moved": deadlines.moved_note(item, calendar, lang),
    }


def _view(args: argparse.Namespace, within: int | None, lang: str) -> str:
    """The sentence that says which deadlines the list holds (of one kind only, with --kind)."""
    if args.all and within is None:
        said = VIEW[lang]["all"]
    elif within is None:   # --kind without a window
        said = VIEW[lang]["kind"]
    elif args.all:
        said = fmt(VIEW[lang]["within_all"], days=within)
    else:
        said = fmt(VIEW[lang]["within" if args.within is not None else "notice"], days=within)
    return said if args.kind is None else said + " " + VIEW[lang]["only_kind"].format(kind=args.kind)


def _table(items, programme, calendar, lang, as_of, synthetic, erased: int = 0, view: str = "") -> str:
    soon_days = programme.deadline("due_soon_days")
    head = fmt(TITLE[lang], date=day(as_of, lang), n=len(items),
                              overdue=sum(d.status == "overdue" for d in items),
                              soon=sum(d.status == "due_soon" for d in items), days=soon_days)
    rows = [[day(d.due, lang),
             deadlines.STATUS_LABELS[lang][d.status], d.household, ", ".join(d.case_managers),
             deadlines.label(d, programme, lang), deadlines.moved_note(d, calendar, lang)] for d in items]
    out = ([head] + ([view] if view else []) + ([SYNTHETIC[lang]] if synthetic else [])
           + ([fmt(ERASED[lang], n=erased)] if erased else [])
           + [""] + columns(HEAD[lang], rows))
    return "\n".join(out) + "\n"


ERASED = {
    "it": "Cancellati: {n:P|un nucleo cancellato|{n} nuclei cancellati} (registro delle cancellazioni): le loro "
          "scadenze non sono più elencate.",
    "en": "Erased: {n:p|household|households} erased (register of erasures): their deadlines are no longer listed.",
}

MAX_WITHIN = 3653   # ten years: further than any programme, and far from the calendar's end


def run(args: argparse.Namespace) -> int:
    workspace = open_workspace(args.root)
    lang, programme = args.lang, workspace.programme
    paths = [Path(p) for p in args.paths] or workspace.record_folders
    missing = [p for p in paths if not p.exists()]
    if missing:
        for path in missing:
            print("tohome deadlines: " + say("path-missing", lang, path=path), file=sys.stderr)
        return 2
    if args.ics:
        try:
            outputs.check_file(Path(args.ics), workspace.project.root, personal=True, inputs=tuple(paths),
                               suffix=".ics")
        except outputs.OutputRefused as refused:
            print("tohome deadlines: " + refused.message(lang), file=sys.stderr)
            return 2
    if args.within is not None and args.within > MAX_WITHIN:
        print("tohome deadlines: " + say("deadlines-within-too-far", lang, most=MAX_WITHIN), file=sys.stderr)
        return 2
    if args.within is not None and args.within < 0:
        print("tohome deadlines: " + say("deadlines-within-negative", lang), file=sys.stderr)
        return 2
    found = records.load_valid(paths, workspace.settings)
    if args.paths and not found.records and not found.skipped:
        return one.nothing_in(NAME, args.paths, lang)
    household = case_manager = None   # a filter that matches no household is refused, not an empty list
    if args.household is not None:   # refused before the files left out are listed: a broken one is said once
        household, code = one.among_valid(NAME, args.household, found, paths, workspace.register, lang)
        if household is None:
            return code
    if args.case_manager is not None:
        case_manager = one.case_manager(NAME, args.case_manager, found, lang)
        if case_manager is None:
            return 2
    for line in skip_messages(found, texts(lang)):
        print(line, file=sys.stderr)
    as_of = args.as_of or dt.date.today()
    calendar = Calendar.from_programme(programme)
    every = deadlines.deadlines(found.records, programme, as_of, calendar)
    # What a case manager acts on: overdue and due within the notice of the configuration. The end
    # of retention is the data controller's listing, asked for by name.
    within = args.within
    if within is None and not args.all and args.kind is None:
        within = programme.deadline("due_soon_days")
    kinds = (args.kind,) if args.kind else None if args.all else tuple(k for k in deadlines.KINDS if k != "retention_end")
    chosen = deadlines.select(every, as_of, within, case_manager, household, include_done=args.all,
                              kinds=kinds)
    synthetic = records.is_synthetic(found)
    erased = workspace.register.erased()   # their deadlines went with them, the end of retention included
    if erased and args.format == "csv":   # a CSV has no room for a sentence: it goes beside it
        print(fmt(ERASED[lang], n=erased), file=sys.stderr)
    if args.format == "json":
        view = {"within_days": within, "kinds": list(kinds) if kinds else list(deadlines.KINDS),
                "done_included": args.all}
        text = json.dumps({"as_of": as_of.isoformat(), "synthetic": synthetic, "erased": erased, "view": view,
                           "skipped": sorted(found.skipped),
                           "deadlines": [_row(d, programme, calendar, lang) for d in chosen]},
                          ensure_ascii=False, indent=2) + "\n"
    elif args.format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        columns = ["due", "computed", "status", "household", "lot", "case_managers", "kind", "item", "label",
                   "done_on", "moved"]
        writer.writerow(columns)
        for d in chosen:
            row = _row(d, programme, calendar, lang)
            row["case_managers"] = " ".join(row["case_managers"])
            writer.writerow(spreadsheet_row(["" if row[c] is None else row[c] for c in columns]))
        text = buffer.getvalue()
    else:
        text = _table(chosen, programme, calendar, lang, as_of, synthetic, erased, _view(args, within, lang))
    sys.stdout.write(text)
    if args.ics:   # the deadlines of the view asked for, no more (done ones with --all, as in the table)
        atomic.write_bytes(Path(args.ics), ics.calendar_bytes(chosen, programme, as_of, calendar, lang, synthetic),
                           private=True)
        print(fmt(ICS_WRITTEN[lang], n=len(chosen), file=args.ics), file=sys.stdout if args.format == "table"
              else sys.stderr)   # beside CSV and JSON, not inside them
    return 1 if found.skipped else 0


ICS_WRITTEN = {
    "it": "Calendario scritto in {file}: {n:p|evento|eventi}, le scadenze elencate (con --all anche quelle fatte, "
          "che aggiornano un calendario importato prima).",
    "en": "Calendar written to {file}: {n:p|event|events}, the deadlines listed (with --all done ones too, which "
          "update a calendar imported before).",
}
