"""Validation at city scale, measured in one run against the floor and a peer.

    .venv/bin/python benchmarks/bench_validate.py            # 10,000 records, 5 repetitions
    .venv/bin/python benchmarks/bench_validate.py --records 2000 --repeat 3 --json out.json

Generates synthetic records with `tohome synth` in a temporary folder and times, as separate
processes (so every figure includes interpreter start-up):
  (a) the floor: a bare loop loading every file with libyaml's CSafeLoader, one process;
  (b) `tohome validate` (full schema, every rule, cross-record checks; both cores), and --jobs 1,
      in a git repository as in CI (so it also writes the summary cache under .git/);
  (c) check-jsonschema, once, over the same files with the same schema;
  (d) `tohome validate --changed-since HEAD` in a git repository where 3 records changed, with the
      summary cache warm (median) and cold (the first run after a clone);
  (e) `tohome release` + `tohome site` on 100 and on N records (when both commands exist).
Medians of --repeat runs (c: one run). Peak memory of the whole process tree (parent and workers),
sampled every 20 ms with psutil: PSS (proportional set size: a page shared by the parent and a
forked worker counts half in each, so the sum is the memory the tree really holds; the target is
judged on it) and, as an upper bound, the sum of RSS (shared pages counted once per process).
"(alone)" rows run the validate command module without the CLI, which today imports every command
(and with them scipy and matplotlib) before parsing the arguments: the difference is what that costs.
Needs the `bench` extra: pip install -e '.[bench]'.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
SITE_INPUTS = ("docs", "mkdocs.yml", "overrides")  # what `tohome site` builds from, besides release/
FLOOR = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
    with open(path, "rb") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
"""

# `tohome validate` without the CLI's discovery of the other commands (same code path otherwise)
VALIDATE_ALONE = """
import argparse, sys
from tohome_tools.cli.commands import validate
parser = argparse.ArgumentParser()
parser.add_argument("--lang", default="it")
parser.add_argument("--root", default=None)
validate.configure(parser)
sys.exit(validate.run(parser.parse_args(sys.argv[1:])))
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


def measure(command: list[str], cwd: Path, quiet: bool = True) -> Sample:
    """Wall time and peak memory of one command and all its child processes."""
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS",)}
    env["CI"] = "true"  # no progress bar in the figures
    out = subprocess.DEVNULL if quiet else None
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.PIPE, env=env)
    peaks = {"tree": 0, "one": 0, "rss": 0}
    stop = threading.Event()

    def sample() -> None:
        if psutil is None:
            return
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

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    _, errors = process.communicate()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # workers are reaped by the command itself
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    stop.set()
    watcher.join()
    if process.returncode not in (0, 1) or (errors and b"Traceback" in errors):
        sys.stderr.write(errors.decode("utf-8", "replace")[-2000:])
    mb = (lambda b: round(b / 2 ** 20, 1)) if psutil is not None else (lambda b: None)
    return Sample(round(seconds, 3), mb(peaks["tree"]), mb(peaks["one"]), process.returncode, mb(peaks["rss"]),
                  round(cpu, 3))


def repeat(name: str, command: list[str], cwd: Path, times: int, warmup: bool = True) -> Result:
    if warmup:
        measure(command, cwd)  # page cache and .pyc files warm, as in a developer's or CI's second run
    result = Result(name, [measure(command, cwd) for _ in range(times)])
    print(f"  {name}: median {result.median:.2f} s", flush=True)
    return result


def tohome(*args: str) -> list[str]:
    return [PYTHON, "-m", "tohome_tools", *args]


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.invalid", *args],
                   cwd=cwd, check=True, capture_output=True)


def make_project(where: Path, records: int) -> Path:
    project = where / f"project-{records}"
    project.mkdir()
    for name in ("config", "schemas", *SITE_INPUTS):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("statistiche", "riferimenti"))
        elif source.is_file():
            shutil.copy2(source, project / name)
    subprocess.run(tohome("synth", "--households", str(records), "--root", str(project)), check=True,
                   capture_output=True)
    return project


def change_three(project: Path) -> list[Path]:
    """Edit three records the way a person would: one value each, still valid."""
    changed = sorted((project / "records").glob("*.yaml"))[::3333][:3]
    for path in changed:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("(testo di esempio)", "(testo di esempio, rivisto)", 1), encoding="utf-8")
    return changed


def command_exists(name: str) -> bool:
    return (ROOT / "tohome_tools" / "cli" / "commands" / f"{name}.py").is_file()


def release_and_site(project: Path, period: str) -> list[list[str]]:
    return [tohome("release", "--period", period, "--root", str(project)),
            tohome("site", "--root", str(project))]


def measure_sequence(commands: list[list[str]], cwd: Path) -> Sample:
    samples = [measure(c, cwd) for c in commands]
    peaks = [s.peak_mb for s in samples if s.peak_mb is not None]
    return Sample(round(sum(s.seconds for s in samples), 3), max(peaks) if peaks else None,
                  max((s.largest_process_mb or 0) for s in samples) or None,
                  max(s.status for s in samples), max((s.rss_sum_mb or 0) for s in samples) or None,
                  round(sum(s.cpu_seconds or 0 for s in samples), 3))


def bench_release_site(work: Path, big: Path, small_records: int, period: str, times: int) -> tuple[Result, Result] | str:
    missing = [n for n in ("release", "site") if not command_exists(n)]
    if missing:
        return f"not available: tohome {' and '.join(missing)} missing"
    small = make_project(work, small_records)
    results = []
    for project, label in ((small, f"(e) release + site, {small_records} records"),
                           (big, f"(e) release + site, {big.name.split('-')[1]} records")):
        commands = release_and_site(project, period)
        first = measure_sequence(commands, project)
        if first.status != 0:
            done = [subprocess.run(c, cwd=project, capture_output=True, text=True) for c in commands]
            detail = " | ".join((d.stderr or d.stdout).strip().splitlines()[-1] for d in done
                                if d.returncode != 0 and (d.stderr or d.stdout).strip())
            return f"not available: release/site failed on {project.name} ({detail or 'exit ' + str(first.status)})"
        for name in ("release", "site", "docs/statistiche", "docs/riferimenti"):
            shutil.rmtree(project / name, ignore_errors=True)
        result = Result(label)
        for _ in range(times):
            result.runs.append(measure_sequence(commands, project))
            for name in ("release", "site"):
                shutil.rmtree(project / name, ignore_errors=True)  # each run publishes from scratch
        print(f"  {label}: median {result.median:.2f} s", flush=True)
        results.append(result)
    return results[0], results[1]


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
    try:
        import yaml
        versions["libyaml"] = "yes" if getattr(yaml, "__with_libyaml__", False) else "no"
    except ImportError:
        pass
    return {"system": f"{platform.system()} {platform.release()} {platform.machine()}", "cpu": model,
            "cores": os.cpu_count(), "memory_gb": memory, "python": platform.python_version(), **versions}


def ratio_line(name: str, value: float, target: str, ok: bool) -> str:
    return f"  {name:<32} {value:>8.3f}   target {target:<12} {'met' if ok else 'MISSED'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=100, help="records of the small release/site run (e)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--period", default="2020", help="period published in (e)")
    parser.add_argument("--skip-peer", action="store_true", help="skip check-jsonschema (c), the slow one")
    parser.add_argument("--json", default=None, help="also write the figures to this JSON file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    info = machine()
    info["load_average_before"] = [round(x, 2) for x in os.getloadavg()]
    print("machine: " + ", ".join(f"{k} {v}" for k, v in info.items()), flush=True)
    work = Path(tempfile.mkdtemp(prefix="tohome-bench-"))
    results: dict[str, Result] = {}
    notes: dict[str, str] = {}
    try:
        started = time.perf_counter()
        project = make_project(work, args.records)
        records = project / "records"
        files = sorted(records.glob("*.yaml"))
        size = sum(p.stat().st_size for p in files)
        print(f"records: {len(files)} synthetic, {size / 2 ** 20:.1f} MiB, {size / len(files) / 1024:.1f} KiB each "
              f"(generated in {time.perf_counter() - started:.1f} s)", flush=True)
        info["records"] = len(files)
        info["record_kib"] = round(size / len(files) / 1024, 2)
        # a git repository, as in CI: a full run there also leaves the summary cache for (d)
        git(project, "init", "-q", "-b", "main")
        git(project, "add", "records", "config", "schemas")
        git(project, "commit", "-qm", "records")

        # a, b and b-alone take turns, so that other work on the machine weighs on each alike
        compared = {
            "a": ("(a) floor: CSafeLoader loop", [PYTHON, "-c", FLOOR, str(records)]),
            "b": ("(b) tohome validate", tohome("validate", "--root", str(project))),
            "b_alone": ("(b, alone) validate command without CLI",
                        [PYTHON, "-c", VALIDATE_ALONE, "--root", str(project)]),
        }
        for key, (name, command) in compared.items():
            measure(command, project)  # warm-up: page cache, .pyc files, the summary cache
            results[key] = Result(name)
        for _ in range(args.repeat):
            for key, (name, command) in compared.items():
                results[key].runs.append(measure(command, project))
        for key in compared:
            print(f"  {results[key].name}: median {results[key].median:.2f} s", flush=True)
        results["b1"] = repeat("(b1) tohome validate --jobs 1", tohome("validate", "--jobs", "1", "--root", str(project)),
                               project, max(1, args.repeat // 2))
        for key, result in (("b", results["b"]), ("b1", results["b1"])):
            if any(s.status != 0 for s in result.runs):
                notes[key] = "the synthetic records did not validate clean: figures not comparable"

        checker = shutil.which("check-jsonschema") or str(Path(PYTHON).parent / "check-jsonschema")
        if args.skip_peer:
            notes["c"] = "skipped (--skip-peer)"
        elif not Path(checker).exists():
            notes["c"] = "not available: install the bench extra (pip install -e '.[bench]')"
        else:
            schema = project / "schemas" / "household.schema.json"
            result = Result("(c) check-jsonschema", [measure([checker, "--schemafile", str(schema), *map(str, files)], project)])
            print(f"  (c) check-jsonschema: {result.median:.2f} s (exit {result.runs[0].status})", flush=True)
            results["c"] = result
            notes["c"] = ("format 'euro' is unknown to check-jsonschema and silently not checked (amounts with "
                          "three decimals pass); YAML read by ruamel.yaml, numbers as float")
            if result.runs[0].status != 0:
                notes["c"] += f"; exit status {result.runs[0].status}"

        change_three(project)
        changed = tohome("validate", "--changed-since", "HEAD", "--root", str(project))
        shutil.rmtree(project / ".git" / "tohome", ignore_errors=True)
        results["d0"] = Result("(d0) --changed-since, cold cache", [measure(changed, project)])
        print(f"  (d0) --changed-since, cold cache: {results['d0'].median:.2f} s", flush=True)
        results["d"] = repeat("(d) --changed-since, 3 changed", changed, project, args.repeat, warmup=False)
        results["d_alone"] = repeat("(d, alone) same without CLI", [PYTHON, "-c", VALIDATE_ALONE, *changed[4:]],
                                    project, args.repeat, warmup=False)

        outcome = bench_release_site(work, project, args.small, args.period, max(1, args.repeat // 2))
        if isinstance(outcome, str):
            notes["e"] = outcome
            print(f"  (e) release + site: {outcome}", flush=True)
        else:
            results["e_small"], results["e_big"] = outcome
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    print()
    info["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(f"load average before {info['load_average_before']}, after {info['load_average_after']} "
          "(other work on the machine inflates every figure)")
    print(f"{'step':<44} {'median s':>9} {'ms/record':>10} {'CPU s':>7} {'PSS MB':>7} {'RSS sum':>8} {'largest':>8}")
    for key, result in results.items():
        count = args.small if key == "e_small" else args.records
        mb = [f"{v:.0f}" if v is not None else "n/m" for v in (result.peak_mb, result.rss_sum_mb, result.largest_process_mb)]
        cpu = f"{result.cpu:.2f}" if result.cpu is not None else "n/m"
        print(f"{result.name:<44} {result.median:>9.2f} {1000 * result.median / count:>10.3f} {cpu:>7} "
              f"{mb[0]:>7} {mb[1]:>8} {mb[2]:>8}")
    for key, note in notes.items():
        print(f"  note ({key}): {note}")

    print("\nratios and targets:")
    a, b = results["a"].median, results["b"].median
    checks = {"b/a": (b / a, "<= 1.25", b / a <= 1.25)}
    if "c" in results:
        checks["c/b"] = (results["c"].median / b, ">= 15", results["c"].median / b >= 15)
    d = results["d"].median
    checks["d/b"] = (d / b, "<= 0.05", d / b <= 0.05)
    checks["d (s, warm cache)"] = (d, "<= 1 s", d <= 1)
    checks["d0/b (cold cache)"] = (results["d0"].median / b, "(info)", True)
    if "e_big" in results:
        e = results["e_big"].median / results["e_small"].median
        checks[f"e({args.records})/e({args.small})"] = (e, "<= 3", e <= 3)
    else:
        print("  e(N)/e(100): " + notes.get("e", "not available"))
    checks["b/a, validate alone"] = (results["b_alone"].median / a, "(info)", True)
    checks["d (s), validate alone"] = (results["d_alone"].median, "(info)", True)
    peak = results["b"].peak_mb
    if peak is not None:
        checks["peak memory of (b), MB (PSS)"] = (peak, "<= 250", peak <= 250)
        checks["same, validate alone, MB (PSS)"] = (results["b_alone"].peak_mb, "(info)", True)
    for name, (value, target, ok) in checks.items():
        print(ratio_line(name, value, target, ok))

    if args.json:
        Path(args.json).write_text(json.dumps({
            "machine": info, "notes": notes,
            "results": {k: {"name": r.name, "median_s": r.median, "peak_pss_mb": r.peak_mb, "rss_sum_mb": r.rss_sum_mb,
                             "cpu_s": r.cpu,
                            "largest_process_mb": r.largest_process_mb, "runs": [asdict(s) for s in r.runs]}
                        for k, r in results.items()},
            "ratios": {k: {"value": v, "target": t, "met": ok} for k, (v, t, ok) in checks.items()},
        }, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
