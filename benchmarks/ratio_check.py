"""The quick ratio check CI runs: is validation still as cheap, against the floor, as the baseline says?

    .venv/bin/python benchmarks/ratio_check.py                    # check against benchmarks/baseline.json
    .venv/bin/python benchmarks/ratio_check.py --write-baseline   # measure and write a new baseline
    .venv/bin/python benchmarks/ratio_check.py --history benchmarks/history.jsonl

On 2,000 synthetic records (`tohome synth --seed 7`) in a temporary git repository, each as its own
process, in turns (so that other work on the machine weighs on each alike), --rounds times:
  a   the floor of the whole-repository steps: libyaml's CSafeLoader over every record, one process;
  b1  `tohome validate --jobs 1`;
  b   `tohome validate` (2 processes);
  a1  the floor of the one-record steps: a new Python process that asks git which files changed
      (`git diff --name-only`, which stats every tracked file) and loads one record the same way;
  h   `tohome validate FILE` (the pre-commit hook on one record; the others from the summary cache);
  d   `tohome validate --changed-since HEAD` with 3 records changed.
The cheap ones (a1, h, d) run five times a round. Each ratio is the median CPU time (user + system,
the process and its children) of a step over the median CPU time of its floor: CPU time, unlike the
wall clock, barely moves when other jobs share the machine. A one-record step costs mostly a process
start and git, so it is set against those (a1), not against the 2,000-record loop (the two kinds of
work slow down unequally on a busier or different machine). The package is byte-compiled first
(benchlib.compile_package): see benchmarks/README.md for the CI failure that taught both. The check fails (exit 1) when
a ratio is more than --margin (25 %) above the committed baseline's. It is a benchmark with a wide
margin, not a timed test: about half a minute on two cores (it prints what it cost).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchlib import (
    FLOOR,
    FLOOR_ONE,
    PYTHON,
    ROOT,
    append_history,
    change_three,
    commit,
    load,
    make_project,
    make_repository,
    measure,
    tohome,
)

BASELINE = ROOT / "benchmarks" / "baseline.json"
MARGIN = 0.25
FLOORS = {"b1": "a", "b": "a", "h": "a1", "d": "a1"}   # each step and the floor it is set against
STEPS = tuple(FLOORS)
REPEAT = {"a1": 5, "h": 5, "d": 5}   # samples a round for the cheap steps (a steadier median)


def measure_ratios(records: int, rounds: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix="tohome-ratio-"))
    try:
        project = make_project(work, records)
        make_repository(project)
        files = sorted((project / "records").glob("*.yaml"))
        one = files[len(files) // 2]
        change_three(project)   # (d) has three changed records; the full runs check them too, all valid
        commands = {
            "a": [PYTHON, "-c", FLOOR, str(project / "records")],
            "b1": tohome("validate", "--jobs", "1", "--root", str(project)),
            "b": tohome("validate", "--root", str(project)),
            "a1": [PYTHON, "-c", FLOOR_ONE, str(one)],
            "h": tohome("validate", "--root", str(project), str(one)),
            "d": tohome("validate", "--changed-since", "HEAD", "--root", str(project)),
        }
        for command in commands.values():
            measure(command, project, memory=False)   # warm-up: page cache, .pyc files, the summary cache
        cpu: dict[str, list[float]] = {key: [] for key in commands}
        wall: dict[str, list[float]] = {key: [] for key in commands}
        for _ in range(rounds):
            for key, command in commands.items():
                for _ in range(REPEAT.get(key, 1)):
                    sample = measure(command, project, memory=False)
                    if sample.status != 0:
                        raise SystemExit(f"ratio check: step {key} exited {sample.status} (the records must validate clean)")
                    cpu[key].append(sample.cpu_seconds)
                    wall[key].append(sample.seconds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    cpu_median = {key: statistics.median(values) for key, values in cpu.items()}
    wall_median = {key: statistics.median(values) for key, values in wall.items()}
    return {
        "ratios": {key: round(cpu_median[key] / cpu_median[FLOORS[key]], 4) for key in STEPS},
        "wall_ratios": {key: round(wall_median[key] / wall_median[FLOORS[key]], 4) for key in STEPS},
        "floors": dict(FLOORS),
        "floor_cpu_s": round(cpu_median["a"], 3), "floor_wall_s": round(wall_median["a"], 3),
        "cpu_s": {key: round(value, 3) for key, value in cpu_median.items()},
    }


def verdicts(measured: dict[str, float], baseline: dict[str, float], margin: float) -> list[tuple[str, float, float, bool]]:
    """(step, measured ratio, baseline ratio, within the margin) for every step of the baseline."""
    return [(key, measured[key], baseline[key], measured[key] <= baseline[key] * (1 + margin))
            for key in baseline if key in measured]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--margin", type=float, default=MARGIN, help="allowed worsening of a ratio (0.25: 25 %%)")
    parser.add_argument("--baseline", default=str(BASELINE))
    parser.add_argument("--write-baseline", action="store_true", help="write the measured ratios as the baseline")
    parser.add_argument("--history", default=None, help="append the measured ratios to this file (JSON lines)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    before = load()
    figures = measure_ratios(args.records, args.rounds)
    after = load()
    cost = time.perf_counter() - started
    where = {"date": time.strftime("%Y-%m-%d %H:%M"), "commit": commit(), "records": args.records,
             "rounds": args.rounds, "load": [before, after]}
    print(f"ratio check: {args.records} records, {args.rounds} rounds, load average {before[0]} -> {after[0]}, "
          f"floor {figures['floor_cpu_s']:.2f} s CPU ({figures['floor_wall_s']:.2f} s wall), "
          f"one-record floor {figures['cpu_s']['a1']:.3f} s CPU")
    if args.history:
        append_history(Path(args.history), {"kind": "ratio_check", **where, **figures})
    if args.write_baseline:
        Path(args.baseline).write_text(json.dumps({**where, **figures}, indent=2) + "\n", encoding="utf-8")
        print(f"baseline written: {args.baseline} ({cost:.0f} s)")
        return 0
    baseline = json.loads(Path(args.baseline).read_text(encoding="utf-8"))
    failed = False
    for key, value, base, ok in verdicts(figures["ratios"], baseline["ratios"], args.margin):
        failed |= not ok
        limit = base * (1 + args.margin)
        print(f"  {key:<3} CPU / {FLOORS[key]:<2} CPU {value:6.3f}   baseline {base:6.3f}   limit {limit:6.3f}   "
              f"{'ok' if ok else 'WORSE'}   (wall / {FLOORS[key]} wall {figures['wall_ratios'][key]:.3f}, info)")
    print(f"ratio check {'FAILED' if failed else 'passed'} in {cost:.0f} s (baseline of {baseline['date']}, "
          f"commit {baseline['commit']}, load {baseline['load'][0][0]})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
