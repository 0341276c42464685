"""What the validation benchmarks share: the synthetic project, one measured process, the floor.

Every figure is a separate process, timed from outside (wall clock, and the CPU time of the process
and its children from `getrusage`, which another job on the machine barely changes); memory is
sampled with psutil when it is installed (the `bench` extra).
"""

from __future__ import annotations

import compileall
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
SEED = 7   # the records: `tohome synth --households N --seed 7`
SITE_INPUTS = ("docs", "mkdocs.yml", "overrides")  # what `tohome site` builds from, besides release/

# The floor: a bare loop loading every record with libyaml's C loader, nothing else, one process.
FLOOR = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
    with open(path, "rb") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
"""

# The floor of a one-record step: what the least repository-aware hook pays. A new Python process asks
# git which tracked files changed (git stats every one of them) and loads that one record the same way.
# A step that judges one record costs mostly a process start and git, so it is set against those, not
# against reading 2,000 records (a busy or different machine slows the two kinds of work unequally).
FLOOR_ONE = """
import subprocess, sys, yaml
subprocess.run(["git", "diff", "--name-only", "-z"], check=True, stdout=subprocess.DEVNULL)
with open(sys.argv[1], "rb") as handle:
    yaml.load(handle, Loader=yaml.CSafeLoader)
"""

try:
    import psutil
except ImportError:  # memory is then reported as not measured
    psutil = None


@dataclass
class Sample:
    seconds: float
    peak_mb: float | None  # sum of PSS over the process tree
    largest_process_mb: float | None  # the largest single process (RSS)
    status: int
    rss_sum_mb: float | None = None  # sum of RSS over the process tree (upper bound)
    cpu_seconds: float | None = None  # user + system time of the whole tree (less sensitive to a busy machine)


@dataclass
class Result:
    name: str
    runs: list[Sample] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.runs)

    @property
    def peak_mb(self) -> float | None:
        """Median over the runs of each run's peak (one sampling hiccup does not make the figure)."""
        peaks = [s.peak_mb for s in self.runs if s.peak_mb is not None]
        return statistics.median(peaks) if peaks else None

    @property
    def cpu(self) -> float | None:
        values = [s.cpu_seconds for s in self.runs if s.cpu_seconds is not None]
        return statistics.median(values) if values else None

    @property
    def rss_sum_mb(self) -> float | None:
        peaks = [s.rss_sum_mb for s in self.runs if s.rss_sum_mb is not None]
        return max(peaks) if peaks else None

    @property
    def largest_process_mb(self) -> float | None:
        peaks = [s.largest_process_mb for s in self.runs if s.largest_process_mb is not None]
        return max(peaks) if peaks else None


def measure(command: list[str], cwd: Path, memory: bool = True) -> Sample:
    """Wall time, CPU time and peak memory of one command and all its child processes."""
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "TOHOME_DEBUG", "TOHOME_LANG")}
    env["CI"] = "true"  # no progress bar in the figures
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peaks = {"tree": 0, "one": 0, "rss": 0}
    stop = threading.Event()

    def sample() -> None:
        try:
            root = psutil.Process(process.pid)
        except psutil.Error:
            return
        while not stop.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
                sizes, shares = [], []
                for member in tree:
                    try:
                        full = member.memory_full_info()
                        sizes.append(full.rss)
                        shares.append(full.pss)
                    except psutil.Error:
                        pass
                peaks["tree"] = max(peaks["tree"], min(sum(shares), sum(sizes)))  # PSS <= RSS, always
                peaks["rss"] = max(peaks["rss"], sum(sizes))
                peaks["one"] = max(peaks["one"], max(sizes, default=0))
            except psutil.Error:
                pass
            stop.wait(0.02)

    watcher = threading.Thread(target=sample, daemon=True) if memory and psutil is not None else None
    if watcher:
        watcher.start()
    _, errors = process.communicate()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # workers are reaped by the command itself
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    stop.set()
    if watcher:
        watcher.join()
    if process.returncode not in (0, 1) or (errors and b"Traceback" in errors):
        sys.stderr.write(errors.decode("utf-8", "replace")[-2000:])
    mb = (lambda b: round(b / 2 ** 20, 1)) if watcher else (lambda b: None)
    return Sample(round(seconds, 3), mb(peaks["tree"]), mb(peaks["one"]), process.returncode, mb(peaks["rss"]),
                  round(cpu, 3))


def tohome(*args: str) -> list[str]:
    return [PYTHON, "-m", "tohome_tools", *args]


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.invalid",
                           "-c", "commit.gpgsign=false", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def compile_package() -> None:
    """Byte-compile tohome_tools, as an installed package is. Where the environment says
    PYTHONDONTWRITEBYTECODE (this workplace's machines and its CI do), no run writes its bytecode,
    so every measured process compiled each module it imports again: in a fresh clone that added
    40 ms to each one-record step (0.11 s to 0.16-0.18 s) and failed the ratio check. Python checks
    the cached bytecode against each source file's time and size, so an edited module is compiled afresh."""
    compileall.compile_dir(ROOT / "tohome_tools", quiet=1)


def make_project(where: Path, records: int, seed: int = SEED, name: str | None = None) -> Path:
    """A project folder with the repository's configuration, schemas and site sources, and `records`
    synthetic records (`tohome synth --households N --seed S`). The package is byte-compiled first."""
    compile_package()
    project = where / (name or f"project-{records}")
    project.mkdir()
    for part in ("config", "schemas", *SITE_INPUTS):
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, project / part, ignore=shutil.ignore_patterns("statistiche", "riferimenti"))
        elif source.is_file():
            shutil.copy2(source, project / part)
    subprocess.run(tohome("synth", "--households", str(records), "--seed", str(seed), "--root", str(project)),
                   check=True, capture_output=True)
    return project


def make_repository(project: Path) -> None:
    """A git repository of the project, as in CI or a case manager's clone."""
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "records", "config", "schemas")
    git(project, "commit", "-qm", "records")


def change_three(project: Path) -> list[Path]:
    """Edit three records the way a person would: one value each, still valid."""
    changed = sorted((project / "records").glob("*.yaml"))[::3333][:3]
    for path in changed:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("(testo di esempio)", "(testo di esempio, rivisto)", 1), encoding="utf-8")
    return changed


def summary_cache(project: Path) -> Path:
    return project / ".git" / "tohome"


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = round(psutil.virtual_memory().total / 2 ** 30, 1) if psutil else None
    versions = {}
    for name in ("PyYAML", "jsonschema", "jsonschema-rs", "check-jsonschema"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "missing"
    return {"system": f"{platform.system()} {platform.release()} {platform.machine()}", "cpu": model,
            "cores": os.cpu_count(), "memory_gb": memory, "python": platform.python_version(), **versions}


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def append_history(path: Path, entry: dict) -> None:
    """One line of JSON per run: the ratios against the floor of that run, and what they were measured on."""
    with open(path, "a", encoding="utf-8") as history:
        history.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
