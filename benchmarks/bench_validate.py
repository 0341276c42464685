"""Validation at city scale, measured in one run against the floor (issue 26).

    .venv/bin/python benchmarks/bench_validate.py                       # 10,000 records, 5 repetitions
    .venv/bin/python benchmarks/bench_validate.py --records 2000 --repeat 3 --json out.json
    .venv/bin/python benchmarks/bench_validate.py --history benchmarks/history.jsonl --update-doc docs/prestazioni.md

Generates `tohome synth --households N --seed 7` in a temporary git repository and times, each as a
separate process (so every figure includes interpreter start-up):
  (a)  the floor: a bare loop loading every record with libyaml's CSafeLoader, one process;
  (b)  `tohome validate` (full schema, every rule, the rules across records; both cores);
  (b1) `tohome validate --jobs 1` (one process: its CPU time is what the work costs);
  (c)  check-jsonschema, once, over the same files with the same schema (the peer tool);
  (h)  `tohome validate FILE`, what the pre-commit hook runs on one staged record: cold (no summary
       cache under .git/, as after a clone) and warm;
  (d)  `tohome validate --changed-since HEAD` with 3 records changed: cold and warm;
  (e)  `tohome release` + `tohome site` on 100 and on N records.
(a), (b) and (b1) take turns, so that other work on the machine weighs on each alike; medians of
--repeat runs. Memory: the peak PSS of the process tree (psutil, the `bench` extra).
With --history, one line of ratios goes to that file; with --update-doc, the generated tables of
the performance page are replaced by this run's.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import (
    FLOOR,
    PYTHON,
    Result,
    Sample,
    append_history,
    change_three,
    commit,
    load,
    machine,
    make_project,
    make_repository,
    measure,
    summary_cache,
    tohome,
)

# target name -> (ratio or seconds, bound, at most?)
TARGETS = {
    "CPU b1/a": ("CPU of validate --jobs 1 / CPU of the floor", 1.0),
    "wall b/a": ("wall of validate on 2 cores / wall of the floor", 0.5),
    "h (s)": ("validate FILE, warm cache, wall seconds", 0.25),
    "d (s)": ("--changed-since, 3 changed, warm cache, wall seconds", 0.25),
    "e(N)/e(100)": ("release + site on N records / on 100", 3.0),
    "peak MB of b": ("peak memory of validate, PSS MB", 250.0),
}


def repeat(name: str, command: list[str], cwd: Path, times: int, before=None) -> Result:
    result = Result(name)
    for _ in range(times):
        if before:
            before()
        result.runs.append(measure(command, cwd))
    print(f"  {name}: median {result.median:.3f} s, CPU {result.cpu:.3f} s", flush=True)
    return result


def measure_sequence(commands: list[list[str]], cwd: Path) -> Sample:
    samples = [measure(c, cwd) for c in commands]
    peaks = [s.peak_mb for s in samples if s.peak_mb is not None]
    return Sample(round(sum(s.seconds for s in samples), 3), max(peaks) if peaks else None,
                  max((s.largest_process_mb or 0) for s in samples) or None,
                  max(s.status for s in samples), max((s.rss_sum_mb or 0) for s in samples) or None,
                  round(sum(s.cpu_seconds or 0 for s in samples), 3))


def bench_release_site(work: Path, big: Path, small_records: int, period: str, times: int) -> tuple[Result, Result] | str:
    small = make_project(work, small_records)
    results = []
    for project, count in ((small, small_records), (big, None)):
        label = f"(e) release + site, {count or 'N'} records"
        commands = [tohome("release", "--period", period, "--root", str(project)), tohome("site", "--root", str(project))]
        first = measure_sequence(commands, project)   # warm-up (and a check that both commands work)
        if first.status != 0:
            done = [subprocess.run(c, cwd=project, capture_output=True, text=True) for c in commands]
            detail = " | ".join((d.stderr or d.stdout).strip().splitlines()[-1] for d in done
                                if d.returncode != 0 and (d.stderr or d.stdout).strip())
            return f"not available: release/site failed on {project.name} ({detail or 'exit ' + str(first.status)})"
        result = Result(label)
        for _ in range(times):
            for name in ("release", "site"):
                shutil.rmtree(project / name, ignore_errors=True)  # each run publishes from scratch
            result.runs.append(measure_sequence(commands, project))
        print(f"  {label}: median {result.median:.2f} s", flush=True)
        results.append(result)
    return results[0], results[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=100, help="records of the small release/site run (e)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--period", default="2020", help="period published in (e)")
    parser.add_argument("--skip-peer", action="store_true", help="skip check-jsonschema (c), the slow one")
    parser.add_argument("--skip-release", action="store_true", help="skip release + site (e)")
    parser.add_argument("--json", default=None, help="also write the figures to this JSON file")
    parser.add_argument("--history", default=None, help="append this run's ratios to this file (JSON lines)")
    parser.add_argument("--update-doc", default=None, help="replace the generated tables of this page")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--from-json", default=None,
                        help="measure nothing: print (and --update-doc) the figures of an earlier --json file")
    args = parser.parse_args(argv)
    if args.from_json:
        return replay(Path(args.from_json), args)

    info = machine()
    info["load_average_before"] = load()
    info["date"] = time.strftime("%d/%m/%Y %H:%M")
    info["commit"] = commit()
    info["small"] = args.small
    print("machine: " + ", ".join(f"{k} {v}" for k, v in info.items()), flush=True)
    work = Path(tempfile.mkdtemp(prefix="tohome-bench-"))
    results: dict[str, Result] = {}
    notes: dict[str, str] = {}
    started = time.perf_counter()
    try:
        project = make_project(work, args.records)
        records = project / "records"
        files = sorted(records.glob("*.yaml"))
        size = sum(p.stat().st_size for p in files)
        print(f"records: {len(files)} synthetic, {size / 2 ** 20:.1f} MiB, {size / len(files) / 1024:.1f} KiB each",
              flush=True)
        info["records"] = len(files)
        info["record_kib"] = round(size / len(files) / 1024, 2)
        make_repository(project)

        compared = {
            "a": ("(a) floor: CSafeLoader loop", [PYTHON, "-c", FLOOR, str(records)]),
            "b": ("(b) tohome validate, 2 processes", tohome("validate", "--root", str(project))),
            "b1": ("(b1) tohome validate --jobs 1", tohome("validate", "--jobs", "1", "--root", str(project))),
        }
        for key, (name, command) in compared.items():
            measure(command, project)  # warm-up: page cache, .pyc files, the summary cache
            results[key] = Result(name)
        for _ in range(args.repeat):
            for key, (name, command) in compared.items():
                results[key].runs.append(measure(command, project))
        for key in compared:
            print(f"  {results[key].name}: median {results[key].median:.2f} s, CPU {results[key].cpu:.2f} s", flush=True)
        for key in ("b", "b1"):
            if any(s.status != 0 for s in results[key].runs):
                notes[key] = "the synthetic records did not validate clean: figures not comparable"

        checker = shutil.which("check-jsonschema") or str(Path(PYTHON).parent / "check-jsonschema")
        if args.skip_peer:
            notes["c"] = "skipped (--skip-peer)"
        elif not Path(checker).exists():
            notes["c"] = "not available: install the bench extra (pip install -e '.[bench]')"
        else:
            schema = project / "schemas" / "household.schema.json"
            result = Result("(c) check-jsonschema", [measure([checker, "--schemafile", str(schema), *map(str, files)],
                                                             project)])
            print(f"  (c) check-jsonschema: {result.median:.2f} s (exit {result.runs[0].status})", flush=True)
            results["c"] = result
            notes["c"] = ("format 'euro' is unknown to check-jsonschema and silently not checked (amounts with "
                          "three decimals pass); YAML read by ruamel.yaml, numbers as float")

        # (h): one named record, as the hook names a staged one; the others from the summary cache
        named = tohome("validate", "--root", str(project), str(files[len(files) // 2]))
        forget = lambda: shutil.rmtree(summary_cache(project), ignore_errors=True)  # noqa: E731
        results["h0"] = repeat("(h0) validate FILE, cold cache", named, project, 1, before=forget)
        results["h"] = repeat("(h) validate FILE, warm cache", named, project, args.repeat)
        change_three(project)
        changed = tohome("validate", "--changed-since", "HEAD", "--root", str(project))
        results["d0"] = repeat("(d0) --changed-since, 3 changed, cold cache", changed, project, 1, before=forget)
        results["d"] = repeat("(d) --changed-since, 3 changed, warm cache", changed, project, args.repeat)

        if args.skip_release:
            notes["e"] = "skipped (--skip-release)"
        else:
            outcome = bench_release_site(work, project, args.small, args.period, max(1, args.repeat // 2))
            if isinstance(outcome, str):
                notes["e"] = outcome
            else:
                results["e_small"], results["e_big"] = outcome
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    info["load_average_after"] = load()
    info["minutes"] = round((time.perf_counter() - started) / 60, 1)
    figures = {key: {"name": r.name, "median_s": r.median, "cpu_s": r.cpu, "peak_pss_mb": r.peak_mb,
                     "rss_sum_mb": r.rss_sum_mb, "largest_process_mb": r.largest_process_mb,
                     "runs": [vars(s) for s in r.runs]} for key, r in results.items()}
    ratios = compute_ratios(results, args)
    print_report(info, results, notes, ratios, args)
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": info, "notes": notes, "results": figures, "ratios": ratios},
                                              indent=2, ensure_ascii=False), encoding="utf-8")
    if args.history:
        append_history(Path(args.history), {
            "kind": "bench_validate", "date": time.strftime("%Y-%m-%d %H:%M"), "commit": commit(),
            "records": info["records"], "load": [info["load_average_before"], info["load_average_after"]],
            "cores": info["cores"], "ratios": {k: round(v["value"], 4) for k, v in ratios.items()},
            "seconds": {k: round(r.median, 3) for k, r in results.items()},
            "cpu_seconds": {k: round(r.cpu, 3) for k, r in results.items() if r.cpu is not None}})
    if args.update_doc:
        update_doc(Path(args.update_doc), info, results, ratios, args)
    return 0


def replay(path: Path, args) -> int:
    """The report (and the page's tables) of a run saved with --json."""
    saved = json.loads(path.read_text(encoding="utf-8"))
    results = {key: Result(figure["name"], [Sample(**run) for run in figure["runs"]])
               for key, figure in saved["results"].items()}
    args.small = saved["machine"].get("small", args.small)
    ratios = compute_ratios(results, args)
    print_report(saved["machine"], results, saved["notes"], ratios, args)
    if args.update_doc:
        update_doc(Path(args.update_doc), saved["machine"], results, ratios, args, saved["machine"].get("date"))
    return 0


def compute_ratios(results: dict[str, Result], args) -> dict[str, dict]:
    a, b, b1 = results["a"], results["b"], results["b1"]
    out = {
        "CPU b1/a": b1.cpu / a.cpu,
        "wall b/a": b.median / a.median,
        "CPU b/a": b.cpu / a.cpu,
        "wall b1/a": b1.median / a.median,
        "h (s)": results["h"].median,
        "h0 (s)": results["h0"].median,
        "d (s)": results["d"].median,
        "d0 (s)": results["d0"].median,
    }
    if "c" in results:
        out["c/b"] = results["c"].median / b.median
    if "e_big" in results:
        out["e(N)/e(100)"] = results["e_big"].median / results["e_small"].median
    if b.peak_mb is not None:
        out["peak MB of b"] = b.peak_mb
    return {name: {"value": value, "target": TARGETS[name][1] if name in TARGETS else None,
                   "met": value <= TARGETS[name][1] if name in TARGETS else None} for name, value in out.items()}


def print_report(info, results, notes, ratios, args) -> None:
    print()
    print(f"load average before {info['load_average_before']}, after {info['load_average_after']} "
          "(other work on the machine inflates every figure; the ratios are against a floor measured in the same run)")
    print(f"{'step':<48} {'median s':>9} {'ms/record':>10} {'CPU s':>7} {'PSS MB':>7}")
    for key, result in results.items():
        count = args.small if key == "e_small" else info["records"]
        mb = f"{result.peak_mb:.0f}" if result.peak_mb is not None else "n/m"
        cpu = f"{result.cpu:.2f}" if result.cpu is not None else "n/m"
        print(f"{result.name:<48} {result.median:>9.3f} {1000 * result.median / count:>10.3f} {cpu:>7} {mb:>7}")
    for key, note in notes.items():
        print(f"  note ({key}): {note}")
    print("\nratios and targets:")
    for name, ratio in ratios.items():
        target = f"<= {ratio['target']}" if ratio["target"] is not None else "(info)"
        verdict = "" if ratio["met"] is None else ("met" if ratio["met"] else "MISSED")
        print(f"  {name:<16} {ratio['value']:>9.3f}   target {target:<10} {verdict}")


# ---- the performance page's generated tables -------------------------------------------------------

START, END = "<!-- bench_validate: inizio -->", "<!-- bench_validate: fine -->"
ROWS_IT = {
    "a": "(a) pavimento: lettura con CSafeLoader, 1 processo",
    "b": "(b) `tohome validate`, 2 processi",
    "b1": "(b1) `tohome validate --jobs 1`",
    "c": "(c) check-jsonschema",
    "h0": "(h0) `tohome validate FILE` (il controllo prima del commit), memoria vuota",
    "h": "(h) `tohome validate FILE`, memoria pronta",
    "d0": "(d0) `--changed-since`, 3 schede cambiate, memoria vuota",
    "d": "(d) `--changed-since`, 3 schede cambiate, memoria pronta",
    "e_small": "(e) `release` + `site`, {small} schede",
    "e_big": "(e) `release` + `site`, {records} schede",
}
TARGETS_IT = {
    "CPU b1/a": "tempo di calcolo di (b1) al massimo 1,0 volte quello del pavimento (a)",
    "wall b/a": "durata di (b) su 2 processori al massimo 0,5 volte quella del pavimento (a)",
    "h (s)": "(h) una scheda tra {records}, al massimo 0,25 s",
    "d (s)": "(d) 3 schede cambiate tra {records}, al massimo 0,25 s",
    "e(N)/e(100)": "(e) su {records} schede al massimo 3 volte (e) su {small}",
    "peak MB of b": "memoria di (b) al massimo 250 MB (PSS)",
}


def _it(value: float, digits: int = 2) -> str:
    return f"{value:,.{digits}f}".replace(",", "X").replace(".", ",").replace("X", ".")


def generated_tables(info, results, ratios, args) -> str:
    records, small = info["records"], args.small
    lines = [START,
             f"Misura del {info.get('date') or time.strftime('%d/%m/%Y')} (commit `{info.get('commit') or commit()}`), "
             f"{_it(records, 0)} schede sintetiche "
             f"(`tohome synth --households {records} --seed 7`, {_it(info['record_kib'], 1)} KiB l'una). Macchina: "
             f"{info['system']}, {info['cores']} processori virtuali ({info['cpu'] or 'n/d'}), "
             f"{_it(info['memory_gb'] or 0, 1)} GiB di memoria, Python {info['python']}, PyYAML {info['PyYAML']}, "
             f"jsonschema-rs {info['jsonschema-rs']}. Carico medio della macchina (su 2 processori) "
             f"{_it(info['load_average_before'][0])} all'inizio e {_it(info['load_average_after'][0])} alla fine"
             + (": la macchina era condivisa con altro lavoro, che allunga ogni durata"
                if max(info['load_average_before'][0], info['load_average_after'][0]) > info['cores'] else
                " (il carico della misura stessa, su una macchina altrimenti libera)")
             + "; i rapporti confrontano passi misurati a turno nella stessa esecuzione.", "",
             "| Passo | Durata (s, mediana) | ms a scheda | Calcolo (s) | Memoria (MB, PSS) |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for key, label in ROWS_IT.items():
        if key not in results:
            continue
        result = results[key]
        count = small if key == "e_small" else records
        memory = _it(result.peak_mb, 0) if result.peak_mb is not None else "–"
        cpu = _it(result.cpu) if result.cpu is not None else "–"
        lines.append(f"| {label.format(small=small, records=_it(records, 0))} | {_it(result.median)} | "
                     f"{_it(1000 * result.median / count, 3)} | {cpu} | {memory} |")
    lines += ["", "| Obiettivo | Misurato | Esito |", "| --- | --- | --- |"]
    for name, text in TARGETS_IT.items():
        if name not in ratios:
            continue
        ratio = ratios[name]
        shown = f"{_it(ratio['value'])} s" if name.endswith("(s)") else (
            f"{_it(ratio['value'], 0)} MB" if name.startswith("peak") else _it(ratio["value"]))
        step = {"h (s)": "h", "d (s)": "d"}.get(name)
        if step and results[step].cpu is not None:
            shown += f" (calcolo {_it(results[step].cpu)} s)"
        if name == "e(N)/e(100)" and results["e_big"].cpu and results["e_small"].cpu:
            shown += f" (calcolo: {_it(results['e_big'].cpu / results['e_small'].cpu)})"
        lines.append(f"| {text.format(records=_it(records, 0), small=small)} | {shown} | "
                     f"{'raggiunto' if ratio['met'] else '**mancato**'} |")
    if "c/b" in ratios:
        lines += ["", f"check-jsonschema (c) è {_it(ratios['c/b']['value'], 1)} volte più lento di (b)."]
    lines.append(END)
    return "\n".join(lines)


def update_doc(page: Path, info, results, ratios, args, _date=None) -> None:
    text = page.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        sys.stderr.write(f"{page}: no generated section ({START} ... {END}): not updated\n")
        return
    page.write_text(pattern.sub(lambda _m: generated_tables(info, results, ratios, args), text), encoding="utf-8")
    print(f"updated {page}")


if __name__ == "__main__":
    sys.exit(main())
