"""Ctrl-C and SIGTERM at any moment: "Interrotto.", exit 130 or 143, no traceback, no temporary file.

Real processes in a real project; the signal goes to the whole process group (as a terminal sends
Ctrl-C), so the validation workers get it too."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import copy_project, start_tohome, tohome

# processes killed or run side by side, full releases, builds or Chromium: the full run only
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("signals")]   # one project of 450 records


def start(*args: str, cwd: Path) -> subprocess.Popen:
    return start_tohome(*args, cwd=cwd, start_new_session=True)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("signals") / "project", "config", "schemas", empty_records=True)
    done = tohome("synth", "--households", "450", "--seed", "5", cwd=root, unset=())   # the whole environment
    assert done.returncode == 0, done.stderr
    return root


def wait_for_our_code(pid: int) -> None:
    """Until tohome_tools is imported: it catches SIGTERM from its first line (CPython's own start-up,
    before that, ends with its own fatal error on Ctrl-C, which no program can prevent)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return   # already ended
        mask = int(next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:")), 16)
        if mask & (1 << (signal.SIGTERM - 1)):
            return
        time.sleep(0.005)
    raise AssertionError("tohome did not start")


def leftovers(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.name.endswith(".tmp")
                  or p.name.startswith((".site.", ".tohome-")))


@pytest.mark.parametrize("delay", [0.0, 0.15, 0.4, 0.9])
@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_validate_stops_cleanly_at_any_moment(project, delay, signum, code):
    run = start("validate", "--jobs", "2", cwd=project)
    wait_for_our_code(run.pid)
    time.sleep(delay)
    os.killpg(run.pid, signum)
    out, err = run.communicate(timeout=120)
    assert "Traceback" not in err and "Traceback" not in out
    # -signum: the signal came while the interpreter was shutting down after the run (CPython puts
    # the default handlers back then); nothing is left to clean
    assert run.returncode in (code, -signum, 0, 1), (run.returncode, err[-1000:])
    assert leftovers(project) == []
    if run.returncode == code:
        assert err.strip().endswith("Interrotto."), err[-500:]
        assert err.count("Interrotto.") == 1


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.4])
def test_synth_killed_with_sigterm_leaves_no_temporary_file(project, delay, tmp_path):
    out_dir = tmp_path / "sintetiche"
    run = start("synth", "--households", "450", "--seed", "6", "--out", str(out_dir), cwd=project)
    wait_for_our_code(run.pid)
    time.sleep(delay)
    os.killpg(run.pid, signal.SIGTERM)
    out, err = run.communicate(timeout=120)
    assert "Traceback" not in err
    assert run.returncode in (143, -signal.SIGTERM, 0), (run.returncode, err[-500:])
    assert leftovers(out_dir) == [] if out_dir.exists() else True
    assert leftovers(project) == []


@pytest.fixture(scope="module")
def long_project(project, tmp_path_factory) -> Path:
    """Eight copies of the records (the copies' IDs repeat, which only adds findings): a run that
    lasts long enough for a worker to be stopped in the middle of it, even on a busy machine."""
    root = tmp_path_factory.mktemp("long") / "project"
    shutil.copytree(project, root)
    for copy in range(1, 8):
        shutil.copytree(project / "records", root / "records" / f"copia{copy}",
                        ignore=shutil.ignore_patterns("copia*"))
    return root


def workers_of(pid: int) -> list[int]:
    """The validation workers, once the parent has started them."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            ours = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return []
        forks = [int(c) for c in children if _cmdline(c) == ours and _ignores_ctrl_c(c)]   # not git
        if forks:
            return forks
        time.sleep(0.01)
    raise AssertionError("no worker started")


@pytest.mark.parametrize("signum, code, ending", [
    (signal.SIGTERM, 143, "Interrotto."),
    (signal.SIGKILL, 2, "riprova con --jobs 1."),   # as the kernel's out-of-memory killer would
])
def test_one_worker_stopped_stops_the_run(long_project, signum, code, ending):
    run = start("validate", "--jobs", "2", cwd=long_project)
    wait_for_our_code(run.pid)
    os.kill(workers_of(run.pid)[0], signum)
    out, err = run.communicate(timeout=120)
    assert "Traceback" not in err
    assert run.returncode == code, (run.returncode, err[-500:], out[-300:])
    assert err.strip().endswith(ending), err[-500:]
    assert leftovers(long_project) == []
    # no worker outlives the command
    time.sleep(0.2)
    alive = [p for p in Path("/proc").iterdir() if p.name.isdigit() and _is_child_of(p, run.pid)]
    assert alive == []


def _is_child_of(proc: Path, parent: int) -> bool:
    try:
        return f"PPid:\t{parent}\n" in (proc / "status").read_text()
    except OSError:
        return False


def _cmdline(pid: str) -> bytes | None:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None


def _ignores_ctrl_c(pid: str) -> bool:
    """A worker ignores Ctrl-C (the parent reports it); a child about to become git does not."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    ignored = int(next(line.split()[1] for line in status.splitlines() if line.startswith("SigIgn:")), 16)
    return bool(ignored & (1 << (signal.SIGINT - 1)))


def test_a_signal_swallowed_by_a_callback_is_delivered_again():
    """Python prints and drops an exception raised in a weakref callback (as happens when SIGTERM
    arrives while an import releases its lock): the command must still stop, as "Interrotto."."""
    script = (
        "import signal, sys, time, weakref\n"
        "from tohome_tools.cli import main as cli\n"
        "signal.signal(signal.SIGTERM, cli._terminate)\n"
        "sys.unraisablehook = cli._signal_again\n"
        "class Thing: pass\n"
        "def callback(ref): raise cli.Terminated()\n"
        "thing = Thing(); ref = weakref.ref(thing, callback)\n"
        "try:\n"
        "    del thing\n"
        "    time.sleep(2)\n"
        "    print('not stopped')\n"
        "except cli.Terminated:\n"
        "    print('stopped')\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "stopped", (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr


def test_a_signal_between_making_a_temporary_file_and_using_it_leaves_nothing(tmp_path):
    """The worst instant, made certain: SIGTERM arrives the moment the temporary name exists, before
    any code that would remove it runs. The interrupted command still leaves nothing behind."""
    script = (
        "import os, signal, sys, tempfile\n"
        "from pathlib import Path\n"
        "from tohome_tools.cli import main as cli\n"
        "from tohome_tools.io import atomic\n"
        "signal.signal(signal.SIGTERM, cli._terminate)\n"
        "real = tempfile.mkstemp\n"
        "def mkstemp(*args, **kwargs):\n"
        "    made = real(*args, **kwargs)\n"
        "    signal.raise_signal(signal.SIGTERM)\n"
        "    return made\n"
        "tempfile.mkstemp = mkstemp\n"
        "out = Path(sys.argv[1])\n"
        "try:\n"
        "    atomic.write_text(out / 'scheda.html', 'ciao')\n"
        "    print('not interrupted')\n"
        "except cli.Terminated:\n"
        "    atomic.remove_leftovers()\n"
        "print(sorted(os.listdir(out)))\n")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", (done.stdout, done.stderr)


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _runner_of(session: int) -> int | None:
    """The pid of the site guide's example runner started by a process of `session` (or in a session
    of its own, from that process), once it exists."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if b"import contextlib, io, json" in command and parent == session:
            return int(entry.name)
    return None


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.3])
def test_ctrl_c_during_the_site_guide_step_ends_without_a_traceback(tmp_path, delay):
    """The guide runs the real commands in a child interpreter: Ctrl-C (to the whole group, as a
    terminal sends it) while that child imports used to print its traceback."""
    from helpers import ROOT

    root = copy_project(tmp_path / "sito", "config", "schemas", "docs", "release", "overrides")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    process = start("site", "--no-build", cwd=root)
    deadline = time.monotonic() + 120
    runner = None
    while runner is None and process.poll() is None and time.monotonic() < deadline:
        runner = _runner_of(process.pid)
        time.sleep(0.002)
    assert runner is not None, "the guide's example runner never started"
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err[-2000:]
    assert process.returncode in (0, 130), (process.returncode, err)
    deadline = time.monotonic() + 30   # the example runner ends with it, not left behind
    while Path(f"/proc/{runner}").exists() and b"contextlib" in _cmdline(runner) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not (Path(f"/proc/{runner}").exists() and b"contextlib" in _cmdline(runner))
