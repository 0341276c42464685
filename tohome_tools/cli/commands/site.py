"""`tohome site`: generate the site's data-driven pages from release/ into docs/, then build the
public site with `mkdocs build --strict` into site/. It takes no records path: the site is built
from the release only."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tohome_tools.cli import extras
from tohome_tools.core.safetext import visible
from tohome_tools.i18n.plural import fmt
from tohome_tools.i18n.render import seconds
from tohome_tools.io import atomic, outputs
from tohome_tools.programme import config, layout, project
from tohome_tools.site import release_reader, timeline

NAME = "site"
HELP = "genera le pagine del sito pubblico da release/ (mai da records/) e lo costruisce con mkdocs"

TEXT = {
    "it": {
        "release": "tohome site: la release non rispetta il formato: {error}",
        "lot_level": "tohome site: questo è il repository di un lotto: il sito pubblico si costruisce a livello della "
                     "città, dalle pubblicazioni.",
        "no_release": "tohome site: {folder} non è una cartella di release (manca «index.json»): non rigenero le "
                      "statistiche da lì, perché le pagine già pubblicate sparirebbero. Indica la cartella scritta "
                      "da «tohome release».",
        "timeline": "tohome site: la storia del servizio non è valida: {error}",
        "generated": "Pagine generate in {docs}: {written:p|scritta|scritte}, {unchanged:p|invariata|invariate}, "
                     "{removed:p|rimossa|rimosse} ({periods:p|periodo|periodi}, {tables:p|tabella|tabelle}).",
        "built": "Sito costruito in {site} con {tool} in {seconds} s.",
        "failed": "tohome site: {tool} non è riuscito a costruire il sito (codice {code}):",
    },
    "en": {
        "release": "tohome site: the release does not follow the format: {error}",
        "lot_level": "tohome site: this is a lot's repository: the public site is built at the city level, from "
                     "the releases.",
        "no_release": "tohome site: {folder} is not a release folder ('index.json' is missing): the statistics are "
                      "not regenerated from it, as the published pages would disappear. Give the folder written by "
                      "'tohome release'.",
        "timeline": "tohome site: the service history is not valid: {error}",
        "generated": "Pages generated in {docs}: {written} written, {unchanged} unchanged, {removed} removed "
                     "({periods:p|period|periods}, {tables:p|table|tables}).",
        "built": "Site built in {site} with {tool} in {seconds} s.",
        "failed": "tohome site: {tool} could not build the site (code {code}):",
    },
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--release", default=None, metavar="CARTELLA",
                        help="cartella della release pubblicata (predefinito: release/)")
    parser.add_argument("--site-dir", default=None, metavar="CARTELLA",
                        help="dove scrivere il sito costruito (predefinito: site/)")
    parser.add_argument("--no-build", action="store_true", help="genera solo le pagine in docs/, senza costruire il sito")
    parser.add_argument("--zensical", action="store_true", help="costruisce con zensical invece che con mkdocs")


def run(args: argparse.Namespace) -> int:
    extras.require("site")
    from tohome_tools.site import build  # matplotlib: loaded only when a site is built, not at every start

    found = project.Project(Path(args.root).resolve()) if args.root else project.find()
    if args.root and not found.config.is_file():
        raise project.ProjectNotFound(args.root)
    programme = config.load(found.config, found.programme_schema)
    if (found.root / layout.LOT_FILE).exists():   # a lot's repository holds records, never the public site
        print(TEXT[args.lang]["lot_level"], file=sys.stderr)
        return 2
    release_folder = Path(args.release).resolve() if args.release else found.releases
    if args.release and not (release_folder / "index.json").is_file():
        # a typo must not empty the statistics: only the default release/ may be absent (a new project)
        print(TEXT[args.lang]["no_release"].format(folder=visible(args.release)), file=sys.stderr)
        return 2
    if not args.no_build:
        try:   # before anything is generated or built; zensical writes where mkdocs.yml says (site/), only there
            if args.zensical and args.site_dir:
                raise outputs.OutputRefused("zensical", Path(args.site_dir))
            outputs.check_folder(Path(args.site_dir) if args.site_dir else found.root / "site", found.root)
        except outputs.OutputRefused as refused:
            print("tohome site: " + refused.message(args.lang), file=sys.stderr)
            return 2
    started = time.perf_counter()
    with build.locked(found.docs):
        return _generate_and_build(args, found, programme, release_folder, started)


def _generate_and_build(args, found, programme, release_folder: Path, started: float) -> int:
    from tohome_tools.site import build

    text = TEXT[args.lang]
    try:
        files, release = build.generate(found.root, release_folder, programme)
    except release_reader.ReleaseError as error:
        print(text["release"].format(error=error), file=sys.stderr)
        return 1
    except timeline.TimelineError as error:
        print(text["timeline"].format(error=error), file=sys.stderr)
        return 1
    written = build.write(found.docs, files)
    tables = sum(len(p.tables) for p in release.periods)
    print(fmt(text["generated"], docs=found.docs, written=written.written, unchanged=written.unchanged,
                                   removed=written.removed, periods=len(release.periods), tables=tables))
    if args.no_build:
        return 0
    site_dir = Path(args.site_dir).resolve() if args.site_dir else found.root / "site"
    tool = "zensical" if args.zensical else "mkdocs"
    done = build.zensical_build(found.root) if args.zensical else build.mkdocs_build(found.root, site_dir)
    if done.returncode != 0:
        print(text["failed"].format(tool=tool, code=done.returncode), file=sys.stderr)
        print((done.stdout + done.stderr).rstrip(), file=sys.stderr)
        return 1
    if args.zensical:   # marked as built by tohome, as the MkDocs build marks it: the next build may replace it
        atomic.write_text(found.root / "site" / outputs.SITE_MARKER, "Cartella costruita da «tohome site».\n")
    where = site_dir if not args.zensical else found.root / "site"
    print(text["built"].format(site=where, tool=tool, seconds=seconds(time.perf_counter() - started, args.lang, 1)))
    return 0
