"""`tohome synth`: write synthetic records (no real person) for demos, tests and benchmarks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tohome_tools import outputs, synth
from tohome_tools.workspace import open_workspace

NAME = "synth"
HELP = "scrive schede sintetiche (inventate, nessuna persona reale) per prove e dimostrazioni"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--households", type=int, default=300, help="quanti nuclei (predefinito 300)")
    parser.add_argument("--seed", type=int, default=2018, help="seme del generatore: stesso seme, stesse schede")
    parser.add_argument("--out", default=None, help="cartella di destinazione (predefinito: records/); "
                                                    "deve essere vuota o contenere solo schede sintetiche")


def run(args: argparse.Namespace) -> int:
    if args.households < 1:
        print("tohome synth: --households deve essere almeno 1", file=sys.stderr)
        return 2
    workspace = open_workspace(args.root, args.lang)
    folder = Path(args.out) if args.out else workspace.project.records
    try:
        outputs.check_synthetic_folder(folder, workspace.project.root)
    except outputs.OutputRefused as refused:
        print("tohome synth: " + refused.message(args.lang), file=sys.stderr)
        return 2
    real = synth.non_synthetic(folder)
    if real:
        if args.lang == "it":
            print(f"tohome synth: la cartella {folder} contiene schede non marcate come sintetiche "
                  f"(per esempio {real[0].name}): non scrivo schede inventate accanto a schede vere. "
                  "Usa --out con una cartella vuota o di sole schede sintetiche.", file=sys.stderr)
        else:
            print(f"tohome synth: {folder} holds records not marked synthetic (e.g. {real[0].name}): "
                  "invented records are never written beside real ones. Use --out with an empty folder "
                  "or one of synthetic records only.", file=sys.stderr)
        return 1
    records = synth.generate(workspace.programme, args.households, args.seed)
    synth.write(records, folder)
    word = "schede sintetiche scritte in" if args.lang == "it" else "synthetic records written to"
    print(f"{len(records)} {word} {folder}")
    return 0
