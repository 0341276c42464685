"""`tohome budget`: the programme's money per household, lot, funding line and kind, with cap checks."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from tohome_tools.casework import budget
from tohome_tools.casework.budget import checks, render
from tohome_tools.casework.budget.summary import summarise
from tohome_tools.cli import household as one
from tohome_tools.cli.argtypes import iso_day
from tohome_tools.cli.texts import skip_messages, texts
from tohome_tools.core.asof import known_on
from tohome_tools.i18n.phrases import say
from tohome_tools.i18n.plural import fmt
from tohome_tools.records import recordset as records
from tohome_tools.records.workspace import open_workspace

NAME = "budget"
HELP = "bilancio del programma: previsto, pagato e da pagare per nucleo, lotto, linea e tipo di misura"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", help="file o cartelle delle schede (predefinito: records/)")
    parser.add_argument("--household", metavar="ID",
                        help="solo questo nucleo (per esempio TH-4-0012); mostra il registro mensile")
    parser.add_argument("--lot", type=int, metavar="N", help="solo questo lotto")
    parser.add_argument("--as-of", type=iso_day, metavar="DATA", default=None,
                        help="data di riferimento AAAA-MM-GG (predefinito: oggi): le schede come erano quel "
                             "giorno; il bilancio mostra i mesi fino a quella data e l'intero programma")
    parser.add_argument("--format", choices=["table", "csv", "json"], default="table", help="formato (predefinito: table)")
    parser.add_argument("--ledger", action="store_true", help="nella tabella mostra anche il registro mensile di ogni misura")


def run(args: argparse.Namespace) -> int:
    workspace = open_workspace(args.root)
    lang = args.lang
    paths = [Path(p) for p in args.paths] or workspace.record_folders
    missing = [p for p in paths if not p.exists()]
    if missing:
        for path in missing:
            print("tohome budget: " + say("path-missing", lang, path=path), file=sys.stderr)
        return 2
    at_lot = workspace.layout.lot if workspace.layout.level == "lot" else None
    asked = args.lot   # a lot named and matching nothing is refused; a lot's own repository may be empty
    if at_lot is not None and args.lot is None:   # a lot's repository holds one lot: never shown as the programme
        args.lot = at_lot
    if args.lot is not None and args.lot not in workspace.programme.lots:
        print("tohome budget: " + say("budget-no-such-lot", lang, lot=args.lot), file=sys.stderr)
        return 2
    found = records.load_valid(paths, workspace.settings)
    if args.paths and not found.records and not found.skipped:
        return one.nothing_in(NAME, args.paths, lang)
    words = texts(lang)
    household = None   # a filter that matches no household is refused, not a budget of zero
    if args.household is not None:   # refused before the files left out are listed: a broken one is said once
        household, code = one.among_valid(NAME, args.household, found, paths, workspace.register, lang)
        if household is None:
            return code
    for line in skip_messages(found, words):
        print(line, file=sys.stderr)
    chosen = [r for r in found.records
              if (household is None or r["id"] == household) and (args.lot is None or r["lot"] == args.lot)]
    if asked is not None and not chosen:
        print(f"tohome {NAME}: " + one.TEXT[lang]["no_lot"].format(lot=args.lot), file=sys.stderr)
        return 2
    as_of = args.as_of or dt.date.today()
    # what is dated after the reference day has not happened yet (a payment, a closure)
    rows = budget.ledger([known_on(r, as_of) for r in chosen], workspace.programme)
    lots = [args.lot] if args.lot is not None else (sorted({r["lot"] for r in chosen}) if household else None)
    summary = summarise(rows, workspace.programme, as_of, [r["id"] for r in chosen], lots,
                        synthetic=records.is_synthetic(found))
    summary.findings = [f for f in found.warnings if f.code in checks.CAP_RULES] + checks.check(rows, workspace.programme)
    if household is None:   # totals over a lot or the programme: say how many households left them
        summary.erased = workspace.register.erased(lot=args.lot)
    if args.format == "csv" and summary.erased:   # a CSV has no room for a sentence: it goes beside it
        print(fmt(render.WORDS[lang]["erased"], n=summary.erased), file=sys.stderr)
    filters = {k: v for k, v in (("household", household), ("lot", args.lot)) if v is not None}
    if args.format == "json":
        text = render.as_json(summary, filters, sorted(found.skipped), words)
    elif args.format == "csv":
        text = render.as_csv(summary)
    else:
        shown = ", ".join(f"{render.WORDS[lang][k]} {v}" for k, v in filters.items())
        text = render.as_table(summary, words, shown, show_ledger=bool(household or args.ledger),
                               skipped=len(found.skipped))
    if at_lot is not None:   # said first in a table, as a field in JSON, beside a CSV
        note = say("lot-level-only", lang, lot=at_lot, what=say("lot-level-budget", lang))
        if args.format == "table":
            text = note + "\n" + text
        elif args.format == "json":
            text = json.dumps({"lot_level": at_lot, **json.loads(text)}, ensure_ascii=False, indent=2) + "\n"
        else:
            print(note, file=sys.stderr)
    sys.stdout.write(text)
    failed = found.skipped or any(f.severity.value == "error" for f in summary.findings)
    return 1 if failed else 0
