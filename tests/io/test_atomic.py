"""Outputs are written atomically: an interrupted run leaves the old file or the new one, never half.

- `tohome_tools.io.atomic` itself: whole replacement, no temporary file left behind, a failing write keeps
  the old file, a symbolic link is replaced rather than written through, exclusive creation.
- Real runs killed with SIGKILL at random moments (`tohome synth` over a folder of known records, the
  ICS calendar of `tohome deadlines`, the HTML of `tohome sheet`, a `tohome release` folder, `tohome
  new`): afterwards every target is byte for byte the complete old content or the complete new one,
  and what a killed run leaves behind (its `.*.tmp` file) is never taken for a record.
- A source scan: every module of tohome_tools writes files through `tohome_tools.io.atomic` (the few
  exceptions are listed below with their reason).
"""

from __future__ import annotations

import ast
import functools
import random
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from helpers import ROOT, copy_project, start_tohome, tohome

from tohome_tools.casework import synth
from tohome_tools.io import atomic
from tohome_tools.records.validate import discover
from tohome_tools.records.workspace import open_workspace

# processes killed or run side by side, full releases, builds or Chromium: the full run only
pytestmark = pytest.mark.slow

RNG = random.Random(20181126)  # kill moments: random, but the same on every run


# a run to kill: its output discarded, its error output kept as bytes
tohome_popen = functools.partial(start_tohome, stdout=subprocess.DEVNULL, text=False)


def kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def new_project(folder: Path, seed: int, households: int = 40) -> Path:
    folder.mkdir(parents=True)
    copy_project(folder, "config", "schemas")
    programme = open_workspace(str(folder)).programme
    synth.write(synth.generate(programme, households, seed), folder / "records")
    return folder


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(".*") if p.name.endswith((".tmp", ".old"))]


# --- the module itself -----------------------------------------------------------------------------

def test_write_replaces_the_whole_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out" / "tabella.csv"
    atomic.write_text(target, "vecchio\n" * 1000)
    atomic.write_text(target, "nuovo\n")
    assert target.read_text() == "nuovo\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["tabella.csv"]
    assert target.stat().st_mode & 0o777 == 0o644


def test_a_failing_write_keeps_the_old_file_and_removes_its_temporary(tmp_path):
    target = tmp_path / "tabella.csv"
    target.write_bytes(b"vecchio\n")
    with pytest.raises(TypeError):
        atomic.write_bytes(target, "not bytes")  # fails inside the write, after the temp file exists
    assert target.read_bytes() == b"vecchio\n"
    assert list(tmp_path.iterdir()) == [target]


def test_a_symbolic_link_is_replaced_not_written_through(tmp_path):
    outside = tmp_path / "fuori.txt"
    outside.write_text("non toccare\n")
    inside = tmp_path / "dentro"
    inside.mkdir()
    (inside / "pagina.html").symlink_to(outside)
    atomic.write_text(inside / "pagina.html", "<p>nuova</p>\n")
    assert outside.read_text() == "non toccare\n"
    assert not (inside / "pagina.html").is_symlink()
    assert (inside / "pagina.html").read_text() == "<p>nuova</p>\n"


def test_create_exclusive_never_overwrites_and_one_racer_wins(tmp_path):
    target = tmp_path / "TH-4-0001.yaml"
    results: list[bool] = []
    barrier = threading.Barrier(8)

    def racer(n: int) -> None:
        barrier.wait()
        results.append(atomic.create_exclusive(target, f"scrittore {n}\n" * 200))

    threads = [threading.Thread(target=racer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 1
    text = target.read_text()
    assert len(set(text.splitlines())) == 1 and len(text.splitlines()) == 200  # one writer's whole text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["TH-4-0001.yaml"]
    assert atomic.create_exclusive(target, "altro\n") is False and target.read_text() == text


# --- real runs, killed ---------------------------------------------------------------------------

def test_synth_killed_at_random_moments_leaves_each_record_old_or_new(tmp_path):
    project = new_project(tmp_path / "progetto", seed=1, households=5)
    programme = open_workspace(str(project)).programme
    households = 400
    old = {f"{r['id']}.yaml": synth.render(r).encode() for r in synth.generate(programme, households, 11)}
    new = {f"{r['id']}.yaml": synth.render(r).encode() for r in synth.generate(programme, households, 12)}
    assert old.keys() == new.keys() and all(old[n] != new[n] for n in old)
    order = list(new)  # synth writes the records in the order it generates them
    out = tmp_path / "uscita"
    out.mkdir()
    for name, body in old.items():  # a folder of known content
        (out / name).write_bytes(body)
    interrupted_midway = 0
    for _attempt in range(4):
        for path in out.iterdir():  # back to the known content before every run
            if path.name.startswith("."):
                path.unlink()
            elif path.read_bytes() != old[path.name]:
                path.write_bytes(old[path.name])
        # kill right after a random record is replaced (a rename gives it a new inode), whatever
        # the speed of the disk: a moment inside the writing, chosen at random
        mark = out / order[RNG.randrange(households // 10, households * 9 // 10)]
        inode = mark.stat().st_ino
        process = tohome_popen("synth", "--households", str(households), "--seed", "12", "--out", str(out),
                               cwd=project)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None and mark.stat().st_ino == inode:
            time.sleep(0.0005)
        kill(process)
        states = {"old": 0, "new": 0}
        for path in out.iterdir():
            if path.name.startswith("."):
                assert path.name.endswith(".tmp"), path  # only a killed run's temporary file
                continue
            body = path.read_bytes()
            assert body in (old[path.name], new[path.name]), f"{path.name} is neither old nor new"
            states["old" if body == old[path.name] else "new"] += 1
        assert sum(states.values()) == households
        interrupted_midway += 0 < states["new"] < households
        files, odd = discover([out])
        assert len(files) == households and odd == []  # temporary files are not records
    assert interrupted_midway >= 3, "the kills should land while synth is writing"


def _kill_and_check(project: Path, args: tuple[str, ...], targets, reference: dict, old: dict,
                    attempts: int = 3) -> None:
    """Run `args` and kill it at random moments around when it writes; each time every target file
    must be byte for byte the old content (or absent if there was none) or the reference new one."""
    started = time.monotonic()
    assert tohome(*args, cwd=reference["project"]).returncode == 0
    duration = time.monotonic() - started
    new = {name: (reference["project"] / name).read_bytes() for name in targets(reference["project"])}
    assert new and any(new[n] != old.get(n) for n in new)   # some files may come out the same
    for _attempt in range(attempts):
        for name in set(new) | set(old):
            path = project / name
            if name in old:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(old[name])
            elif path.exists():
                path.unlink()
        process = tohome_popen(*args, cwd=project)
        time.sleep(RNG.uniform(0.3, 1.05) * duration)
        if process.poll() is None:
            kill(process)
        else:
            process.wait()
        present = set(targets(project))
        for name in set(new) | set(old):
            path = project / name
            if not path.exists():
                assert name not in old, f"{name} vanished"
                continue
            assert path.read_bytes() in (old.get(name), new.get(name)), f"{name} is neither old nor new"
        assert present <= set(new) | set(old)


def _old_and_new(tmp_path: Path, seed_old: int, seed_new: int) -> tuple[Path, dict]:
    project = new_project(tmp_path / "progetto", seed_old)
    reference = {"project": new_project(tmp_path / "riferimento", seed_new)}
    return project, reference


def test_deadlines_calendar_killed_is_old_or_new(tmp_path):
    project, reference = _old_and_new(tmp_path, 5, 5)
    assert tohome("deadlines", "--as-of", "2019-03-31", "--ics", "uscita/scadenze.ics", cwd=project).returncode == 0
    old = {"uscita/scadenze.ics": (project / "uscita" / "scadenze.ics").read_bytes()}
    _kill_and_check(project, ("deadlines", "--as-of", "2019-09-30", "--ics", "uscita/scadenze.ics"),
                    lambda root: ["uscita/scadenze.ics"] if (root / "uscita" / "scadenze.ics").exists() else [],
                    reference, old)


def test_sheet_killed_is_old_or_new(tmp_path):
    project, reference = _old_and_new(tmp_path, 5, 5)
    assert tohome("sheet", "TH-1-0001", "--out", "stampa/scheda.html", cwd=project).returncode == 0
    old = {"stampa/scheda.html": (project / "stampa" / "scheda.html").read_bytes()}
    _kill_and_check(project, ("sheet", "TH-2-0001", "--out", "stampa/scheda.html"),
                    lambda root: ["stampa/scheda.html"] if (root / "stampa" / "scheda.html").exists() else [],
                    reference, old)


def _release_files(root: Path) -> list[str]:
    folder = root / "release"
    return sorted(p.relative_to(root).as_posix() for p in folder.rglob("*")
                  if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def test_release_killed_is_the_old_folder_or_the_new_one(tmp_path):
    project, reference = _old_and_new(tmp_path, 5, 6)
    assert tohome("release", "--period", "2019", cwd=project).returncode == 0
    old = {name: (project / name).read_bytes() for name in _release_files(project)}
    _kill_and_check(project, ("release", "--period", "2019"), _release_files, reference, old, attempts=2)
    # whole folders: never some tables of the old release beside some of the new one
    tables = [n for n in _release_files(project) if n.startswith("release/2019/")]
    assert len(tables) == len([n for n in old if n.startswith("release/2019/")])


def test_new_killed_leaves_no_half_record(tmp_path):
    project = new_project(tmp_path / "progetto", 5, households=8)
    before = {p.name: p.read_bytes() for p in (project / "records").iterdir()}
    reference = new_project(tmp_path / "riferimento", 5, households=8)
    started = time.monotonic()
    assert tohome("new", "--lot", "4", cwd=reference).returncode == 0
    duration = time.monotonic() - started
    created = set(p.name for p in (reference / "records").iterdir()) - set(before)
    assert len(created) == 1
    name = created.pop()
    for _attempt in range(3):
        (project / "records" / name).unlink(missing_ok=True)
        process = tohome_popen("new", "--lot", "4", cwd=project)
        time.sleep(RNG.uniform(0.3, 1.05) * duration)
        if process.poll() is None:
            kill(process)
        now = {p.name: p.read_bytes() for p in (project / "records").iterdir() if not p.name.startswith(".")}
        assert {n: b for n, b in now.items() if n != name} == before
        if name in now:  # same day, same relative path: the same template as the reference run
            assert now[name] == (reference / "records" / name).read_bytes()
    assert [p.name for p in leftovers(project / "records") if not p.name.endswith(".tmp")] == []


# --- every writer goes through tohome_tools.io.atomic ----------------------------------------------------

# (module, function) pairs allowed to write files another way, and why.
ALLOWED_WRITERS = {
    ("tohome_tools/io/atomic.py", "*"): "the atomic writer itself",
    ("tohome_tools/release/writer.py", "write_folder"): "writes a temporary folder, then swaps it in whole",
    ("tohome_tools/site/guide.py", "run_examples"): "edits a record inside a throwaway temporary project",
}
WRITE_METHODS = {"write_text", "write_bytes", "savefig", "touch", "symlink_to", "hardlink_to"}


def _writes(tree: ast.AST):
    """(function name, line, what) for every call that writes a file without tohome_tools.io.atomic."""
    for function in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]:
        for node in ast.walk(function):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in WRITE_METHODS:
                if isinstance(func.value, ast.Name) and func.value.id == "atomic":
                    continue
                if func.attr == "savefig" and node.args and isinstance(node.args[0], ast.Name) \
                        and "buffer" in node.args[0].id:
                    continue  # an in-memory buffer, written atomically afterwards
                yield function.name, node.lineno, func.attr
            elif isinstance(func, ast.Name) and func.id == "open" or \
                    isinstance(func, ast.Attribute) and func.attr == "open" and not (
                        isinstance(func.value, ast.Name) and func.value.id in ("SummaryCache", "cls")):
                mode = node.args[1] if len(node.args) > 1 else next(
                    (k.value for k in node.keywords if k.arg == "mode"), None)
                if isinstance(mode, ast.Constant) and isinstance(mode.value, str) and set(mode.value) & set("wax+"):
                    yield function.name, node.lineno, f"open(..., {mode.value!r})"


def test_every_file_written_by_tohome_goes_through_atomic():
    offenders = []
    for path in sorted((ROOT / "tohome_tools").rglob("*.py")):
        module = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function, line, what in _writes(tree):
            if (module, "*") in ALLOWED_WRITERS or (module, function) in ALLOWED_WRITERS:
                continue
            offenders.append(f"{module}:{line} in {function}(): {what}")
    assert offenders == [], "write through tohome_tools.io.atomic instead:\n" + "\n".join(offenders)


def test_the_source_scan_catches_a_plain_write():
    tree = ast.parse("def f(p):\n    p.write_text('x')\n    atomic.write_text(p, 'x')\n    open(p, 'w')\n")
    assert [what for _f, _l, what in _writes(tree)] == ["write_text", "open(..., 'w')"]
