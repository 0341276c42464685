"""Generating the site's data-driven pages into docs/ and building it with MkDocs (or Zensical).

Inputs: the release folder, the programme configuration, the household schema, the rule registry,
the timeline data file, and the `tohome` command itself (run on synthetic records for the guide).
Never records/: the privacy boundary is the release.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tohome_tools.io import atomic, outputs
from tohome_tools.programme.config import Programme
from tohome_tools.programme.schema import load as load_schema
from tohome_tools.records.rules import registry
from tohome_tools.site import dictionary, guide, programme_page, release_reader, rules_page, statistics, timeline

GENERATED_FOLDERS = ("statistiche", "riferimenti")
TIMELINE = Path("data/storia.yaml")
METHODOLOGY = Path("metodologia.md")


@dataclass(frozen=True)
class Written:
    written: int
    unchanged: int
    removed: int


def load_release(folder: Path) -> release_reader.Release:
    """The release, or an empty one when nothing has been released yet."""
    if not (folder / "index.json").exists():
        return release_reader.Release(folder, True, 0, ())
    return release_reader.read(folder)


def pages(docs: Path, release: release_reader.Release, programme: Programme, schema: dict,
          guide_examples: guide.Examples) -> dict[str, bytes]:
    """Every generated file by path relative to docs/ (pure apart from reading the timeline file)."""
    methodology = "../metodologia.md" if (docs / METHODOLOGY).is_file() else None
    files = statistics.outputs(release, methodology)
    events = timeline.parse((docs / TIMELINE).read_text(encoding="utf-8"), f"docs/{TIMELINE.as_posix()}")
    text = {
        "riferimenti/misure.md": programme_page.page(programme),
        "riferimenti/storia.md": timeline.page(events),
        "riferimenti/dizionario.md": dictionary.page(schema),
        "riferimenti/regole.md": rules_page.page(registry(), programme),
        "riferimenti/guida-schede.md": guide.page(guide_examples),
    }
    files.update({path: body.encode("utf-8") for path, body in text.items()})
    return files


def generate(root: Path, release_folder: Path, programme: Programme) -> tuple[dict[str, bytes], release_reader.Release]:
    docs = root / "docs"
    release = load_release(release_folder)
    schema = load_schema(root / "schemas" / "household.schema.json")
    return pages(docs, release, programme, schema, guide.run_examples(root, max(programme.lots))), release


@contextlib.contextmanager
def locked(docs: Path):
    """One `tohome site` at a time on a docs/ folder: two runs would otherwise remove each other's
    folders while cleaning up. The lock is on the folder itself, so no lock file lands in the site."""
    docs.mkdir(parents=True, exist_ok=True)
    fd = os.open(docs, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def write(docs: Path, files: dict[str, bytes]) -> Written:
    """Write the generated files atomically (only those that changed) and remove stale ones from
    the generated folders, so a table dropped from the release disappears from the site."""
    written = unchanged = removed = 0
    for relative, body in sorted(files.items()):
        path = docs / relative
        if path.is_file() and path.read_bytes() == body:
            unchanged += 1
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_bytes(path, body)
        written += 1
    keep = {docs / relative for relative in files}
    for folder in GENERATED_FOLDERS:
        for path in sorted((docs / folder).rglob("*"), reverse=True) if (docs / folder).exists() else []:
            if path.is_file() and path not in keep:
                path.unlink()
                removed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return Written(written, unchanged, removed)


def _tool(root: Path, module: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("GITHUB_ACTIONS", None)
    env["NO_MKDOCS_2_WARNING"] = "1"  # MkDocs 1.x prints an end-of-life banner otherwise
    return subprocess.run([sys.executable, "-m", module, "build", *args], cwd=root, capture_output=True,
                          text=True, env=env, timeout=600)


def mkdocs_build(root: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict`: any warning (a broken link, a page missing from docs/) fails.

    It builds into a hidden sibling folder and swaps it in whole (atomic.replace_folder), so a
    reader or a kill never meets half a site; a failed build leaves the previous site untouched."""
    site_dir = Path(site_dir)
    atomic.recover_folder(site_dir)  # leftovers of a killed run
    tmp = atomic.temp_folder(site_dir)
    try:
        done = _tool(root, "mkdocs", "--strict", "--clean", "--config-file", str(root / "mkdocs.yml"),
                     "--site-dir", str(tmp))
        if done.returncode == 0:
            os.chmod(tmp, 0o755)
            atomic.write_text(tmp / outputs.SITE_MARKER, "Cartella costruita da «tohome site»: si può sostituire.\n")
            atomic.replace_folder(tmp, site_dir)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return done


def zensical_build(root: Path) -> subprocess.CompletedProcess:
    """`zensical build` on the same mkdocs.yml and docs/ (it writes into site_dir of mkdocs.yml)."""
    return _tool(root, "zensical", "--clean", "--config-file", str(root / "mkdocs.yml"))
