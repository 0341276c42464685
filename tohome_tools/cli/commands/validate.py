"""`tohome validate`: check records against the schema and the business rules."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path

from tohome_tools.cli import formats, household, progress
from tohome_tools.cli.argtypes import at_least_one, iso_day
from tohome_tools.cli.texts import git_said, texts
from tohome_tools.i18n.phrases import say
from tohome_tools.io import gitutil
from tohome_tools.programme import layout
from tohome_tools.records import register, rules
from tohome_tools.records.summarycache import SummaryCache
from tohome_tools.records.validate import RECORD_SUFFIXES, discover, validate
from tohome_tools.records.workspace import open_workspace

NAME = "validate"
HELP = "controlla le schede (schema e regole) e indica ogni problema con file, riga e colonna"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", help="file o cartelle da controllare (predefinito: records/)")
    parser.add_argument("--format", choices=["text", "json", "github"], default=None,
                        help="formato del risultato (predefinito: github dentro GitHub Actions, altrimenti text)")
    parser.add_argument("--strict", action="store_true", help="esce con 1 anche per i soli avvisi")
    parser.add_argument("--changed-since", metavar="REV", default=None,
                        help="controlla solo le schede cambiate dalla revisione git REV (più i controlli tra schede)")
    parser.add_argument("--as-of", type=iso_day, metavar="DATA", default=None,
                        help="controlla le schede come erano in quel giorno (AAAA-MM-GG): ciò che è datato dopo "
                             "non è ancora avvenuto; i progetti aperti si misurano fino a quel giorno")
    parser.add_argument("--jobs", type=at_least_one, default=None, help="processi paralleli (1 = un solo processo)")
    parser.add_argument("--staged", action="store_true",
                        help="controlla ciò che il prossimo commit cambia (per l'hook pre-commit): le schede aggiunte "
                             "o modificate in pieno, le regole tra schede su tutte; una scheda tolta o rinominata, o "
                             "un cambiamento della configurazione, controlla tutto")


# Files that decide how every record is judged: a change to one of them is a change to every record.
_JUDGING_FILES = (register.FILE, layout.LOT_FILE, layout.CITY_FILE)


def _settings_among(resolved, found) -> bool:
    """True when a (resolved) path is under config/ or schemas/, or is the register of erasures or
    the layout file: they decide how every record is judged."""
    settings_dirs = [(found.root / name).resolve() for name in ("config", "schemas")]
    files = {(found.root / name).resolve() for name in _JUDGING_FILES}
    return any(p in files or any(p.is_relative_to(d) for d in settings_dirs) for p in resolved)


def _judged_with_the_whole(paths: list[Path], workspace) -> tuple[list[Path], set[Path] | None]:
    """Files named on the command line (as pre-commit names the staged ones) are judged against the
    whole repository: a change under config/ or schemas/ checks every record; records named inside
    a records folder are checked in full, and the rules across records run over all of them (an
    average over one file, or a duplicate in a file not named, would mislead). Paths elsewhere are
    checked on their own, as before."""
    folders = [f for f in workspace.record_folders if f.is_dir()]
    if not folders:
        return paths, None
    resolved = [p.resolve() for p in paths]
    if _settings_among(resolved, workspace.project):
        return folders, None
    inside = [f.resolve() for f in folders]
    if all(any(p.is_relative_to(f) for f in inside) for p in resolved):
        files, _odd = discover(paths)
        if len(files) == len(paths):   # plain record files only: odd entries keep their own report
            return folders, {Path(os.path.realpath(f)) for f in files}
    return paths, None


def _anchor(paths: list[Path], workspace) -> Path:
    """Where git is asked about the records: the first path named, or the repository itself."""
    return paths[0].resolve() if paths else workspace.project.root


def _partial_note(workspace, lang: str) -> str:
    """At a lot's level, the rules that need every lot are checked only within the lot: say so."""
    if workspace.layout.level != "lot":
        return ""
    partial = [r for r in rules.registry() if r.reach == "programme"]
    names = ", ".join(f"{r.code} ({r.title[lang]})" for r in partial)
    return say("validate-lot-level", lang, lot=workspace.layout.lot, n=len(partial), names=names)


def _staged_paths(workspace, lang: str) -> list[Path] | None | int:
    """The paths `--staged` checks: every records folder (a record removed or renamed, or a file that
    decides how records are judged), the records added or changed, or None when the next commit
    touches nothing the rules see; an exit code when git cannot say."""
    root = workspace.project.root
    try:
        changes = gitutil.staged(root)
        top = gitutil.toplevel(root).resolve()
    except gitutil.GitError as error:
        said = git_said(error, lang)
        print("tohome validate: --staged: " + say("validate-staged-unknown", lang, said=said), file=sys.stderr)
        return 2
    folders = [f.resolve() for f in workspace.record_folders]

    def record(name: str) -> bool:
        path = top / name
        return name.lower().endswith(RECORD_SUFFIXES) and any(path.is_relative_to(f) for f in folders)

    judged = [top / name for status, name, old in changes if record(name) and status not in ("D",)]
    gone = [name for status, name, old in changes if (status == "D" and record(name)) or (old and record(old))]
    if gone or _settings_among([top / name for _, name, _ in changes], workspace.project):
        return [f for f in workspace.record_folders if f.is_dir()]   # what the rules across records see changed
    return judged or None


def run(args: argparse.Namespace) -> int:
    workspace = open_workspace(args.root)
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if args.staged and (args.paths or args.changed_since):
        print(say("validate-staged-alone", args.lang), file=sys.stderr)
        return 2
    if args.staged:
        staged = _staged_paths(workspace, args.lang)
        if isinstance(staged, int):
            return staged
        if staged is None:
            print(say("validate-staged-nothing", args.lang))
            return 0
        args.paths = [str(p) for p in staged]
    paths = [Path(p) for p in args.paths] or workspace.record_folders
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        for path in missing:
            print("tohome validate: " + say("path-missing", args.lang, path=path), file=sys.stderr)
        return 2
    only = blobs = cache = None
    schema = workspace.project.household_schema
    if args.paths and not args.changed_since:
        paths, only = _judged_with_the_whole(paths, workspace)
        if only is not None and workspace.layout.level != "city":
            # the records not named are unchanged or not (git's index says which): an unchanged one's
            # summary for the rules across records is remembered by its blob id, as for --changed-since
            try:
                private, blobs = gitutil.index_state(_anchor(paths, workspace))
                cache = SummaryCache.open(private, schema)
            except gitutil.GitError:
                blobs = cache = None
    if args.changed_since and workspace.layout.level == "city":
        print(say("validate-changed-since-city", args.lang), file=sys.stderr)
        return 2
    if args.changed_since:
        try:
            private, only, blobs = gitutil.changes_since(_anchor(paths, workspace), args.changed_since)
            if _settings_among(only, workspace.project):   # the programme or a schema changed since REV
                only = blobs = None
            cache = SummaryCache.open(private, schema)
        except gitutil.ShallowHistory:
            print(say("validate-shallow", args.lang, rev=args.changed_since), file=sys.stderr)
            return 2
        except gitutil.GitError as error:
            said = git_said(error, args.lang)
            print("tohome validate: " + say("validate-bad-revision", args.lang, rev=args.changed_since, said=said),
                  file=sys.stderr)
            return 2
    elif cache is None and workspace.layout.level != "city":   # the city's clone keeps no summaries of the lots' records
        try:  # a full run inside a git repository leaves the summaries for later --changed-since runs
            cache = SummaryCache.open(gitutil.git_dir(_anchor(paths, workspace)), schema)
        except gitutil.GitError:
            cache = None
    settings = workspace.settings
    if args.as_of is not None:   # summaries remembered by content hold closures that may postdate the day
        settings, cache = dataclasses.replace(settings, as_of=args.as_of), None
    bar = progress.Bar(say("validate-progress", args.lang)) if progress.wanted(fmt) else None
    if args.jobs is not None:   # more workers than processors only cost memory
        args.jobs = max(1, min(args.jobs, os.cpu_count() or 1))
    report = validate(paths, settings, jobs=args.jobs, only=only, progress=bar, blobs=blobs, cache=cache,
                      only_involving=bool(args.paths) and not args.changed_since)
    if args.paths and not report.files_checked and only is None and not args.staged:
        return household.nothing_in(NAME, args.paths, args.lang)
    report.findings[:0] = layout.programme_findings(workspace.layout)
    if cache is not None:
        try:
            cache.save()
        except OSError:
            pass  # a read-only .git only costs the next run its speed
    sys.stdout.write(formats.render(report, fmt, texts(args.lang)))
    note = _partial_note(workspace, args.lang)
    if note:
        (sys.stdout if fmt == "text" else sys.stderr).write(note)
    if report.errors() or (args.strict and report.warnings()):
        return 1
    return 0
