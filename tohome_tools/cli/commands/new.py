"""`tohome new --lot N`: write the next free record ID as a commented Italian template."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

from tohome_tools.casework import template
from tohome_tools.io import atomic
from tohome_tools.records.workspace import open_workspace

NAME = "new"
HELP = "crea una nuova scheda dal modello commentato, con il primo codice libero del lotto"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lot", type=int, required=True, help="numero del lotto")


def run(args: argparse.Namespace) -> int:
    workspace = open_workspace(args.root)
    lots = workspace.programme.lots
    if args.lot not in lots:
        allowed = ", ".join(map(str, sorted(lots)))
        print(f"tohome new: il lotto {args.lot} non esiste (lotti: {allowed})" if args.lang == "it"
              else f"tohome new: lot {args.lot} does not exist (lots: {allowed})", file=sys.stderr)
        return 2
    records = workspace.project.records
    if records.exists() and not records.is_dir():
        print(f"tohome new: {records} non è una cartella: non posso aggiungervi una scheda." if args.lang == "it"
              else f"tohome new: {records} is not a folder: no record can be added to it.", file=sys.stderr)
        return 2
    records.mkdir(parents=True, exist_ok=True)
    for _ in range(100):  # another person may take the same number at the same moment: try the next
        try:
            record_id = template.next_id(records, args.lot, workspace.programme)
        except template.NoFreeId:
            print(f"tohome new: il lotto {args.lot} ha usato tutti i codici (fino a {template.LAST_NUMBER}): "
                  "non ne creo uno che lo schema rifiuterebbe." if args.lang == "it" else
                  f"tohome new: lot {args.lot} has used every number (up to {template.LAST_NUMBER}): no ID the "
                  "schema would refuse is made.", file=sys.stderr)
            return 1
        path = records / f"{record_id}.yaml"
        schema = os.path.relpath(workspace.project.household_schema, records)
        text = template.render(record_id, args.lot, lots[args.lot].districts,
                               sorted(workspace.programme.funding_codes)[0], schema,
                               os.path.relpath(path), dt.date.today())
        if atomic.create_exclusive(path, text):
            print(path)
            _warn_outside_window(workspace.programme, args.lang)
            return 0
    print("tohome new: nessun codice libero trovato", file=sys.stderr)
    return 1


def _warn_outside_window(programme, lang: str) -> None:
    """The template dates are today's: say so when today is outside the programme window, since
    `tohome validate` will then (rightly) refuse them until real dates are written."""
    today = dt.date.today()
    if programme.window_start <= today <= programme.window_end:
        return
    start, end = programme.window_start.strftime("%d/%m/%Y"), programme.window_end.strftime("%d/%m/%Y")
    if lang == "it":
        print(f"Attenzione: le date del modello sono quelle di oggi, fuori dalla finestra del programma "
              f"({start} - {end}). Scrivi le date reali del percorso; per un programma successivo "
              "aggiorna la finestra in config/programme.yaml.", file=sys.stderr)
    else:
        print(f"Note: the template's dates are today's, outside the programme window ({start} - {end}). "
              "Write the real dates; for a successor programme update the window in config/programme.yaml.",
              file=sys.stderr)
