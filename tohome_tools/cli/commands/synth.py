"""`tohome synth`: write synthetic records (no real person) for demos, tests and benchmarks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tohome_tools.casework import synth
from tohome_tools.core.safetext import visible
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
        print(f"tohome synth: --households va da 1 a {MAX_HOUSEHOLDS}" if args.lang == "it"
              else f"tohome synth: --households goes from 1 to {MAX_HOUSEHOLDS}", file=sys.stderr)
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
        if args.lang == "it":
            print(f"tohome synth: la cartella {visible(str(folder))} contiene schede non marcate come sintetiche "
                  f"(per esempio {real[0].name}): non scrivo schede inventate accanto a schede vere. "
                  "Usa --out con una cartella vuota o di sole schede sintetiche.", file=sys.stderr)
        else:
            print(f"tohome synth: {visible(str(folder))} holds records not marked synthetic (e.g. {real[0].name}): "
                  "invented records are never written beside real ones. Use --out with an empty folder "
                  "or one of synthetic records only.", file=sys.stderr)
        return 1
    records = synth.generate(workspace.programme, args.households, args.seed)
    synth.write(records, folder)
    word = "schede sintetiche scritte in" if args.lang == "it" else "synthetic records written to"
    print(f"{len(records)} {word} {visible(str(folder))}")
    return 0
