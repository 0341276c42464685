"""No command but `tohome new` writes under records/, and `new` only adds one new file (`erase --apply`
and `transfer --apply` change records on purpose, and are tested with real repositories elsewhere).

Every command found in tohome_tools/cli/commands/ runs (as a subprocess, with the arguments a person
would give it) over a git repository of synthetic records; before and after each run every entry
under records/ is fingerprinted (bytes, inode, modification time): the bytes must be the same and no
record may even be rewritten with the same bytes. A command added later that is not listed in
ARGUMENTS still runs, with no arguments.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import pkgutil
import shutil
from pathlib import Path

import helpers
import pytest
from helpers import ROOT, copy_project, git

from tohome_tools.casework import synth
from tohome_tools.cli import commands
from tohome_tools.records.workspace import open_workspace

# processes killed or run side by side, full releases, builds or Chromium: the full run only
pytestmark = pytest.mark.slow

# Arguments a person would give each command (several runs per command), in an order where each
# command finds what it reads (site reads the release).
ARGUMENTS: dict[str, list[list[str]]] = {
    "validate": [[], ["--format", "json", "--strict", "--jobs", "2"], ["--changed-since", "HEAD"]],
    "budget": [["--format", "json", "--as-of", "2020-06-30"], ["--household", "TH-4-0001", "--ledger"]],
    "deadlines": [["--as-of", "2019-06-30", "--format", "json", "--ics", "riservato/scadenze.ics"],
                  ["--household", "TH-4-0001", "--all", "--format", "csv"]],
    "history": [["TH-4-0001", "--format", "json"]],
    "sheet": [["TH-4-0001", "--out", "riservato/TH-4-0001.html"]],
    "release": [["--period", "2019"], ["--period", "2020-H1"]],
    "site": [["--no-build"]],  # the mkdocs build reads docs/ only; its own tests build it for real
    "synth": [["--households", "12", "--out", "prove/sintetiche"]],
    "new": [["--lot", "4"]],
    # without --apply these only show what they would do (the applied runs rewrite on purpose: tests/erasure/, tests/lots/)
    "erase": [["TH-4-0001", "--request"], ["--expired"]],
    "transfer": [["TH-4-0001", "--to-lot", "3", "--district", "C2"]],
    "lots": [["split", "--out", "../lotti-divisi", "--by", "Prova"]],   # first: it needs a clean clone
}
ORDER = ["lots", "validate", "budget", "deadlines", "history", "sheet", "release", "site", "synth", "new"]


def discovered() -> list[str]:
    names = []
    for info in pkgutil.iter_modules(commands.__path__):
        names.append(importlib.import_module(f"{commands.__name__}.{info.name}").NAME)
    return sorted(names, key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))


def runs() -> list[tuple[str, list[str]]]:
    return [(name, args) for name in discovered() for args in ARGUMENTS.get(name, [[]])]


# every command of the CLI, some of them whole releases and sites: longer than the usual 300 s
tohome = functools.partial(helpers.tohome, timeout=600)


def fingerprint(records: Path) -> dict[str, tuple]:
    """Every entry under records/ (hidden ones too): content hash, inode, modification time."""
    out = {}
    for path in sorted(records.rglob("*")):
        stat = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() and not path.is_symlink() else None
        out[path.relative_to(records).as_posix()] = (digest, stat.st_ino, stat.st_mtime_ns, stat.st_mode)
    return out


@pytest.fixture(scope="module")
def repository(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("repo") / "schede"
    root.mkdir()
    for name in ("config", "schemas", "docs", "overrides"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    if (ROOT / "mkdocs.yml").is_file():
        shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    synth.write(synth.generate(open_workspace(str(root)).programme, 60, 3), root / "records")
    # a few hand-made oddities the commands must leave alone too
    (root / "records" / "LEGGIMI.txt").write_text("Appunti dell'équipe.\n", encoding="utf-8")
    (root / "records" / "archivio").mkdir()
    (root / "records" / "archivio" / "vecchia.yaml.bak").write_text("id: vecchia\n", encoding="utf-8")
    shutil.copy(ROOT / ".gitignore", root / ".gitignore")   # personal outputs go to riservato/, which git leaves out
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "schede iniziali")
    return root


@pytest.mark.parametrize("name, args", runs(), ids=lambda v: v if isinstance(v, str) else " ".join(v) or "-")
def test_command_leaves_every_record_byte_for_byte(repository: Path, name: str, args: list[str]):
    records = repository / "records"
    before = fingerprint(records)

    done = tohome(name, *args, cwd=repository)

    assert "Traceback" not in done.stderr and done.returncode != 3, done.stderr[-2000:]
    if name in ARGUMENTS:
        assert done.returncode == 0, (done.stdout[-1000:], done.stderr[-2000:])
    after = fingerprint(records)
    changed = sorted(k for k in before if k in after and after[k] != before[k])
    removed = sorted(set(before) - set(after))
    added = sorted(set(after) - set(before))
    assert changed == [] and removed == [], (changed, removed)
    if name == "new":
        assert len(added) == 1 and added[0].startswith("TH-4-") and added[0].endswith(".yaml"), added
        assert done.stdout.strip().endswith(added[0])
        (records / added[0]).unlink()  # leave the folder as the other runs expect it
    else:
        assert added == [], added


def test_every_command_of_the_cli_is_run_here():
    from tohome_tools.cli.main import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) == set(discovered())
    assert {"validate", "new", "synth"} <= {name for name, _ in runs()}


def test_synth_without_out_never_overwrites_existing_records(tmp_path):
    root = tmp_path / "schede"
    root.mkdir()
    copy_project(root, "config", "schemas")
    record = root / "records" / "TH-1-0001.yaml"
    record.parent.mkdir()
    record.write_text("# una scheda vera, scritta a mano\nid: TH-1-0001\n", encoding="utf-8")
    before = record.read_bytes()
    tohome("synth", "--households", "3", cwd=root)
    assert record.read_bytes() == before
