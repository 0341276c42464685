"""`tohome synth`: write synthetic records (no real person) for demos, tests and benchmarks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tohome_tools.casework import synth
from tohome_tools.core.safetext import visible
from tohome_tools.i18n.phrases import say
from tohome_tools.io import outputs
from tohome_tools.records.workspace import open_workspace

NAME = "synth"
MAX_HOUSEHOLDS = 100_000   # ten times the largest benchmark: beyond it, a typo, not a test set
HELP = "scrive schede sintetiche (inventate, nessuna persona reale) per prove e dimostrazioni"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--households", type=int, default=300, help="quanti nuclei (predefinito 300)")
    parser.add_argument("--seed", type=int, default=2018, help="seme del generatore: stesso seme, stesse schede")
    parser.add_argument("--out", default=None, help="cartella di destinazione (predefinito: records/); "
                                                    "non deve contenere schede vere (non sintetiche)")


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.households <= MAX_HOUSEHOLDS:
        print(say("synth-households", args.lang, most=MAX_HOUSEHOLDS), file=sys.stderr)
        return 2
    workspace = open_workspace(args.root)
    folder = Path(args.out) if args.out else workspace.project.records
    try:
        outputs.check_synthetic_folder(folder, workspace.project.root)
    except outputs.OutputRefused as refused:
        print("tohome synth: " + refused.message(args.lang), file=sys.stderr)
        return 2
    real = synth.non_synthetic(folder)
    if real:
        print(say("synth-real-records", args.lang, folder=visible(str(folder)), example=real[0].name), file=sys.stderr)
        return 1
    records = synth.generate(workspace.programme, args.households, args.seed)
    synth.write(records, folder)
    print(say("synth-written", args.lang, n=len(records), folder=visible(str(folder))))
    return 0
