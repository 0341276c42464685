"""`tohome lsp`: the language server for editors (Language Server Protocol on standard input and
output). The same findings as `tohome validate`, on the record as it is being typed."""

from __future__ import annotations

import argparse

from tohome_tools.cli import extras
from tohome_tools.cli.argtypes import iso_day

NAME = "lsp"
HELP = ("server per gli editor (Language Server Protocol su stdin e stdout): gli stessi controlli di validate "
        "mentre scrivi una scheda")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-of", type=iso_day, metavar="DATA", default=None,
                        help="controlla le schede come erano in quel giorno (AAAA-MM-GG): ciò che è datato dopo "
                             "non è ancora avvenuto; i progetti aperti si misurano fino a quel giorno")


def run(args: argparse.Namespace) -> int:
    extras.require("lsp")   # pygls comes with the `editor` extra: say so before anything starts
    from tohome_tools.editor.server import serve  # only now: the other commands never load pygls

    return serve(args.root, args.lang, args.as_of)
