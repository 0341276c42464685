"""`tohome indicators --period P`: the ESF/ESF+ common indicators for the Managing Authority (private)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tohome_tools.casework.indicators import count, render, sets
from tohome_tools.cli import household
from tohome_tools.cli.formats import finding_line
from tohome_tools.cli.texts import skip_messages, texts
from tohome_tools.core import periods
from tohome_tools.i18n.phrases import say
from tohome_tools.i18n.render import day
from tohome_tools.io import atomic, outputs
from tohome_tools.records import recordset as records
from tohome_tools.records.workspace import open_workspace

NAME = "indicators"
HELP = "indicatori comuni FSE/FSE+ dei partecipanti per l'Autorità di gestione (riservato, conteggi esatti)"

TEXT = {
    "it": {"period": "tohome indicators: «{period}» non è un periodo: scrivi AAAA, AAAA-H1/H2 o AAAA-Q1..Q4.",
           "no_set": "tohome indicators: la configurazione del programma non nomina un insieme di indicatori: "
                     "aggiungi la sezione «indicators» (set e urbanisation) a {config}.",
           "bad_set": "L'insieme di indicatori non è valido:",
           "written": "Rapporto sugli indicatori scritto in {out} (riservato: non pubblicarlo).",
           "outside": "tohome indicators: il periodo {period} ({start} - {end}) è fuori dalla finestra del programma "
                      "({first} - {last}): nessun rapporto. Controlla l'anno."},
    "en": {"period": "tohome indicators: '{period}' is not a period: write YYYY, YYYY-H1/H2 or YYYY-Q1..Q4.",
           "no_set": "tohome indicators: the programme configuration names no indicator set: add the "
                     "'indicators' section (set and urbanisation) to {config}.",
           "bad_set": "The indicator set is not valid:",
           "written": "Indicator report written to {out} (restricted: do not publish it).",
           "outside": "tohome indicators: period {period} ({start} - {end}) is outside the programme window ({first} "
                      "- {last}): no report. Check the year."},
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", help="file o cartelle delle schede (predefinito: records/)")
    parser.add_argument("--period", required=True, metavar="PERIODO", help="anno (2019), semestre (2019-H1) o "
                                                                           "trimestre (2019-Q3)")
    parser.add_argument("--format", choices=["table", "csv", "json"], default="table", help="formato (predefinito: table)")
    parser.add_argument("--out", metavar="FILE", default=None,
                        help="file da scrivere (mai dentro release/, docs/ o site/: contiene dati riservati)")


def run(args: argparse.Namespace) -> int:
    workspace = open_workspace(args.root)
    text = TEXT[args.lang]
    try:
        period = periods.parse(args.period)
    except periods.PeriodError:
        print(text["period"].format(period=args.period), file=sys.stderr)
        return 2
    project, programme = workspace.project, workspace.programme
    if period.end < programme.window_start or period.start > programme.window_end:   # an all-zero report would look true
        print(text["outside"].format(period=period.code, start=day(period.start, args.lang),
                                     end=day(period.end, args.lang), first=day(programme.window_start, args.lang),
                                     last=day(programme.window_end, args.lang)), file=sys.stderr)
        return 2
    reads = tuple(Path(p) for p in args.paths) or tuple(workspace.record_folders)
    if args.out:
        try:
            outputs.check_file(Path(args.out), project.root, personal=True, inputs=reads,
                               suffix={"table": ".txt", "csv": ".csv", "json": ".json"}[args.format])
        except outputs.OutputRefused as refused:
            print("tohome indicators: " + refused.message(args.lang), file=sys.stderr)
            return 2
    chosen = workspace.programme.indicators
    if not chosen:
        print(text["no_set"].format(config=project.config), file=sys.stderr)
        return 2
    try:
        allowed = sets.allowed_values(project.household_schema, project.programme_schema)
        indicator_set = sets.load(project.indicator_sets, chosen["set"], chosen["urbanisation"],
                                  project.indicator_schema, allowed)
    except sets.SetError as error:
        print(text["bad_set"], file=sys.stderr)
        for finding in error.findings:
            print("  " + finding_line(finding, texts(args.lang)), file=sys.stderr)
        return 2
    found = records.load_valid(list(reads), workspace.settings)
    if args.paths and not found.records and not found.skipped:
        return household.nothing_in(NAME, args.paths, args.lang)
    for line in skip_messages(found, texts(args.lang)):
        print(line, file=sys.stderr)
    pairs = [(found.files[r["id"]], r) for r in found.records]
    result = count.report(pairs, indicator_set, period, synthetic=records.is_synthetic(found))
    result.erased = workspace.register.erased(period.start.year, period.end.year)
    body = {"table": lambda: render.as_table(result, args.lang), "csv": lambda: render.as_csv(result),
            "json": lambda: render.as_json(result)}[args.format]()
    if workspace.layout.level == "lot":   # counts of one lot must not pass for the programme's report
        note = say("lot-level-only", args.lang, lot=workspace.layout.lot, what=say("lot-level-indicators", args.lang))
        if args.format == "table":
            body = note + "\n\n" + body
        elif args.format == "json":
            body = json.dumps({"lot_level": workspace.layout.lot, **json.loads(body)}, ensure_ascii=False, indent=2) + "\n"
        else:   # beside a CSV, not inside it
            print(note, file=sys.stderr)
    if args.out:
        atomic.write_text(Path(args.out), body, private=True)
        print(text["written"].format(out=args.out), file=sys.stderr)
    else:
        sys.stdout.write(body)
    return 1 if found.skipped else 0
