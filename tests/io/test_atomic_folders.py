"""Whole-folder outputs are replaced atomically: `atomic.replace_folder` on its own, a reader polling
a folder while another process replaces it, and real `tohome release` / `tohome site` processes
killed with SIGKILL at random moments."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from helpers import FIXTURES, copy_project, start_tohome, tohome, user_env
from site_helpers import site_project

from tohome_tools.io import atomic

# processes killed or run side by side, full releases, builds or Chromium: the full run only
pytestmark = pytest.mark.slow

FIXTURE = FIXTURES / "release"
STRAY = "STALE-FROM-OLD-RUN.txt"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def strays(parent: Path, name: str) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


def filled(parent: Path, target: Path, files: dict[str, str]) -> Path:
    new = atomic.temp_folder(target)
    for name, text in files.items():
        (new / name).write_text(text, encoding="utf-8")
    return new


# --- (1) replace_folder on its own ---------------------------------------------------------------

@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "fallback"])
def test_replace_folder_creates_swaps_and_removes_the_old(tmp_path, exchange):
    target = tmp_path / "2019"
    atomic.replace_folder(filled(tmp_path, target, {"a.txt": "uno"}), target, allow_exchange=exchange)
    assert snapshot(target) == {"a.txt": b"uno"}
    atomic.replace_folder(filled(tmp_path, target, {"b.txt": "due"}), target, allow_exchange=exchange)
    assert snapshot(target) == {"b.txt": b"due"}  # the old file is gone, not merged
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2019"]


def test_exchange_is_available_on_this_linux():
    if not sys.platform.startswith("linux"):
        pytest.skip("renameat2 is Linux-only")
    assert atomic._libc_renameat2() is not None


def test_a_leftover_old_with_no_target_is_moved_back_first(tmp_path):
    # What a fallback run killed between its two renames leaves behind.
    target = tmp_path / "site"
    old = tmp_path / ".site.old"
    old.mkdir()
    (old / "index.html").write_text("vecchio", encoding="utf-8")
    atomic.recover_folder(target)
    assert snapshot(target) == {"index.html": b"vecchio"} and not old.exists()
    # replace_folder does the same recovery on its own before replacing.
    shutil.move(str(target), str(old))
    atomic.replace_folder(filled(tmp_path, target, {"index.html": "nuovo"}), target)
    assert snapshot(target) == {"index.html": b"nuovo"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_recovery_removes_only_our_own_stray_folders(tmp_path):
    target = tmp_path / "2019"
    target.mkdir()
    (target / "x").write_text("x", encoding="utf-8")
    ours = [atomic.temp_folder(target), atomic.temp_folder(target, ".old")]
    for folder in ours:
        (folder / "half.csv").write_text("mezzo", encoding="utf-8")
    foreign = [tmp_path / ".2019.keep", tmp_path / ".2020.abcdefgh.tmp", tmp_path / ".2019.abc.tmp",
               tmp_path / "2019.abcdefgh.tmp"]
    for folder in foreign:
        folder.mkdir()
    (tmp_path / ".2019.abcdefgh.tmp.txt").write_text("file", encoding="utf-8")
    atomic.recover_folder(target)
    assert not any(f.exists() for f in ours)
    assert all(f.exists() for f in foreign) and (tmp_path / ".2019.abcdefgh.tmp.txt").exists()
    assert snapshot(target) == {"x": b"x"}


# --- (2) a reader never sees the folder missing or half written ----------------------------------

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from tohome_tools.io import atomic
    target, rounds = Path(sys.argv[1]), int(sys.argv[2])
    for n in range(rounds):
        new = atomic.temp_folder(target)
        (new / "marker.txt").write_text(f"{n}:" + "x" * 20000 + ":END", encoding="utf-8")
        atomic.replace_folder(new, target)
    print(rounds)
""")


def test_a_polling_reader_never_sees_the_folder_missing_or_half_written(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "marker.txt").write_text("start:" + "x" * 20000 + ":END", encoding="utf-8")
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(target), "200"], stdout=subprocess.PIPE,
                              text=True, env=user_env())
    reads, missing, torn, seen = 0, 0, 0, set()
    while writer.poll() is None:
        try:
            text = (target / "marker.txt").read_text(encoding="utf-8")
        except FileNotFoundError:
            missing += 1
            continue
        reads += 1
        head, _, tail = text.partition(":")
        if tail != "x" * 20000 + ":END":
            torn += 1
        seen.add(head)
    out, _ = writer.communicate()
    assert writer.returncode == 0 and out.strip() == "200"
    assert (target / "marker.txt").read_text(encoding="utf-8").startswith("199:")
    print(f"reads={reads} distinct_versions_seen={len(seen)} missing={missing} torn={torn}")
    assert missing == 0 and torn == 0
    assert reads > 200 and len(seen) > 1  # the reader really ran alongside the writer
    assert strays(tmp_path, "out") == []


# --- (3) and (4) real commands killed at random moments ------------------------------------------

def kill_at_random(args: list[str], cwd: Path, longest: float, rng: random.Random) -> bool:
    """Start `tohome ARGS`, SIGKILL it after a random delay; True if it was killed before it ended."""
    proc = start_tohome(*args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=False,
                        start_new_session=True)
    time.sleep(rng.uniform(0, longest))
    killed = proc.poll() is None
    if killed:
        os.killpg(proc.pid, signal.SIGKILL)  # the site command's mkdocs child dies with it
    proc.wait()
    return killed


def check_kills(root: Path, target: Path, args: list[str], kills: int, seed: int) -> tuple[int, int, int]:
    """Kill `args` until `kills` runs died mid-way (at most 4 * kills tries) over a folder that differs from
    what the command writes; the folder must be whole old or whole new every time. Returns (killed, old_seen, new_seen)."""
    started = time.perf_counter()
    done = tohome(*args, cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    longest = (time.perf_counter() - started) * 0.95
    new = snapshot(target)
    rng = random.Random(seed)
    killed = old_seen = new_seen = 0
    for _ in range(4 * kills):
        if killed >= kills:
            break
        (target / STRAY).write_text("vecchio", encoding="utf-8")  # makes old and new tell apart
        old = snapshot(target)
        killed += kill_at_random(args, root, longest, rng)
        assert target.is_dir(), f"{target} is missing after a kill"
        now = snapshot(target)
        assert now in (old, new), sorted(set(now) ^ set(new))[:10]
        old_seen += now == old
        new_seen += now == new
    done = tohome(*args, cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert snapshot(target) == new
    assert strays(target.parent, target.name) == []
    return killed, old_seen, new_seen


# serial: the kill moments are drawn within the length of a run timed just before; on a machine
# whose load changes (other tests starting and ending) later runs may end before any kill lands
@pytest.mark.serial
def test_killed_release_leaves_the_whole_old_or_the_whole_new_period(tmp_path):
    root = copy_project(tmp_path / "project", "config", "schemas", "records", "release")
    killed, old_seen, new_seen = check_kills(root, root / "release" / "2019", ["release", "--period", "2019"],
                                             kills=8, seed=2019)
    print(f"release kills={killed} old={old_seen} new={new_seen}")
    assert killed >= 8


# serial: the kill moments are drawn within the length of a run timed just before; on a machine
# whose load changes (other tests starting and ending) later runs may end before any kill lands
@pytest.mark.serial
def test_killed_site_build_leaves_the_whole_old_or_the_whole_new_site(tmp_path):
    root = site_project(tmp_path / "project", FIXTURE)
    killed, old_seen, new_seen = check_kills(root, root / "site", ["site"], kills=3, seed=7)
    print(f"site kills={killed} old={old_seen} new={new_seen}")
    assert killed >= 3
