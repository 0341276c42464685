"""`tohome sheet ID`: the printable project sheet and participation pact of one household (HTML or PDF)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tohome_tools.casework import sheet
from tohome_tools.cli import extras, formats, household
from tohome_tools.cli.argtypes import iso_day
from tohome_tools.cli.texts import texts
from tohome_tools.core.asof import known_on
from tohome_tools.core.safetext import visible
from tohome_tools.io import atomic, outputs
from tohome_tools.records.validate import validate
from tohome_tools.records.workspace import open_workspace

NAME = "sheet"
HELP = "scheda progetto e patto di adesione di un nucleo, in PDF (A4) o in HTML da stampare"

TEXT = {
    "it": {"invalid": "la scheda {file} ha errori di validazione: correggili prima di stampare la scheda progetto.",
           "written": "Scheda progetto scritta in {out}",
           "both": "scegli un solo formato: --pdf FILE oppure --out FILE.",
           "terminal": "la scheda è una pagina HTML da stampare: scrivila in un file con --out (per esempio "
                       "--out {id}.html) e aprila nel browser."},
    "en": {"invalid": "record {file} has validation errors: fix them before printing the project sheet.",
           "written": "Project sheet written to {out}",
           "both": "choose one format: --pdf FILE or --out FILE.",
           "terminal": "the sheet is an HTML page to print: write it to a file with --out (for example "
                       "--out {id}.html) and open it in the browser."},
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help="codice del progetto (per esempio TH-4-0012, anche th-4-0012) "
                                                 "o percorso della scheda (records/TH-4-0012.yaml)")
    parser.add_argument("--pdf", metavar="FILE", default=None,
                        help="file PDF da scrivere (A4, pronto da firmare; serve la parte «pdf» dell'installazione)")
    parser.add_argument("--out", metavar="FILE", default=None,
                        help="file HTML da scrivere (senza: l'HTML va sull'uscita, se non è un terminale)")
    parser.add_argument("--as-of", type=iso_day, metavar="DATA", default=None,
                        help="la scheda com'era in quel giorno (AAAA-MM-GG): ciò che è datato dopo non c'è ancora")
    parser.add_argument("--records", metavar="CARTELLA", default=None, help="cartella delle schede (predefinito: records/)")


def run(args: argparse.Namespace) -> int:
    workspace = open_workspace(args.root)
    text = TEXT[args.lang]
    if args.out and args.pdf:
        print("tohome sheet: " + text["both"], file=sys.stderr)
        return 2
    target, suffix = (args.pdf, ".pdf") if args.pdf else (args.out, ".html")
    if args.pdf:
        extras.require("sheet-pdf")
    if target:
        reads = (Path(args.records),) if args.records else tuple(workspace.record_folders)
        try:
            outputs.check_file(Path(target), workspace.project.root, personal=True, inputs=reads, suffix=suffix)
        except outputs.OutputRefused as refused:
            print("tohome sheet: " + refused.message(args.lang), file=sys.stderr)
            return 2
    if not target and sys.stdout.isatty():   # 200 lines of HTML help nobody on a terminal
        print("tohome sheet: " + text["terminal"].format(id=visible(Path(args.id).stem.upper())), file=sys.stderr)
        return 2
    folders = [Path(args.records)] if args.records else workspace.record_folders
    found = household.locate(NAME, args.id, folders, workspace.register, args.lang)
    if found is None:
        return 2
    path = found.path
    report = validate([path], workspace.settings, keep_data=True)   # the record is read once
    if report.errors():
        print("tohome sheet: " + text["invalid"].format(file=path), file=sys.stderr)
        sys.stderr.write(formats.text(report, texts(args.lang), hints=False))
        return 1
    record = next(iter(report.data.values()))
    if args.as_of is not None:
        record = known_on(record, args.as_of)
    html = sheet.render(record, workspace.programme)
    if args.pdf:
        atomic.write_bytes(Path(args.pdf), sheet.to_pdf(html), private=True)
        print(text["written"].format(out=visible(args.pdf)), file=sys.stderr)
    elif args.out:
        atomic.write_text(Path(args.out), html, private=True)
        print(text["written"].format(out=visible(args.out)), file=sys.stderr)
    else:
        sys.stdout.write(html)
    return 0
