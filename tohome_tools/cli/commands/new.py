"""`tohome new --lot N`: write the next free record ID as a commented Italian template."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

from tohome_tools.casework import template
from tohome_tools.erasure import pushcheck
from tohome_tools.i18n.phrases import say
from tohome_tools.io import atomic, gitutil
from tohome_tools.records.workspace import open_workspace

NAME = "new"
HELP = "crea una nuova scheda dal modello commentato, con il primo codice libero del lotto"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lot", type=int, default=None,
                        help="numero del lotto (nel repository di un lotto: il suo, che è il predefinito)")


def _taken(workspace, lot: int) -> set[int]:
    """Numbers of the lot that must not be handed out although no file holds them now: IDs in the
    register of erasures (erased, or moved to another lot) and IDs any commit ever held."""
    names = set(workspace.register.ids()) | gitutil.names_in_history(workspace.project.root)
    # every register version history holds, not only the file as it is now (it may be missing or older)
    names |= pushcheck.ever_registered(workspace.project.root)
    return template.numbers_in(names, lot, workspace.programme)


def run(args: argparse.Namespace) -> int:
    workspace = open_workspace(args.root)
    lots = workspace.programme.lots
    level = workspace.layout
    if level.level == "city":
        print(say("new-at-city", args.lang), file=sys.stderr)
        return 2
    if args.lot is None and level.level == "lot":
        args.lot = level.lot
    if args.lot is None:
        print(say("new-which-lot", args.lang), file=sys.stderr)
        return 2
    if level.level == "lot" and args.lot != level.lot:
        print(say("new-other-lot", args.lang, here=level.lot, lot=args.lot), file=sys.stderr)
        return 2
    if args.lot not in lots:
        allowed = ", ".join(map(str, sorted(lots)))
        print(say("new-no-such-lot", args.lang, lot=args.lot, allowed=allowed), file=sys.stderr)
        return 2
    records = workspace.project.records
    if records.exists() and not records.is_dir():
        print(say("new-records-not-folder", args.lang, records=records), file=sys.stderr)
        return 2
    records.mkdir(parents=True, exist_ok=True)
    taken = _taken(workspace, args.lot)
    for _ in range(100):  # another person may take the same number at the same moment: try the next
        try:
            record_id = template.next_id(records, args.lot, workspace.programme, taken)
        except template.NoFreeId:
            print(say("new-numbers-used-up", args.lang, lot=args.lot, last=template.LAST_NUMBER), file=sys.stderr)
            return 1
        path = records / f"{record_id}.yaml"
        schema = os.path.relpath(workspace.project.household_schema, records)
        text = template.render(record_id, args.lot, lots[args.lot].districts,
                               sorted(workspace.programme.funding_codes)[0], schema,
                               os.path.relpath(path), dt.date.today())
        if atomic.create_exclusive(path, text):
            try:
                print(path)
                sys.stdout.flush()
            except OSError:   # the record exists: whoever reads the output must hear which one
                print(say("new-name-unwritten", args.lang, path=path), file=sys.stderr)
                raise
            _warn_outside_window(workspace.programme, args.lang)
            return 0
    print(say("new-no-free-id", args.lang), file=sys.stderr)
    return 1


def _warn_outside_window(programme, lang: str) -> None:
    """The template dates are today's: say so when today is outside the programme window, since
    `tohome validate` will then (rightly) refuse them until real dates are written."""
    today = dt.date.today()
    if programme.window_start <= today <= programme.window_end:
        return
    start, end = programme.window_start.strftime("%d/%m/%Y"), programme.window_end.strftime("%d/%m/%Y")
    print(say("new-outside-window", lang, start=start, end=end), file=sys.stderr)
