"""The language server at city scale: how long after a change the editor shows the findings.

    .venv/bin/python benchmarks/bench_lsp.py                      # 10,000 records (seed 7), 150 edits
    .venv/bin/python benchmarks/bench_lsp.py --records 2000 --edits 60 --json out.json

Generates the records with `tohome synth --households N --seed S` in a temporary git repository,
starts `tohome lsp` as an editor does (a real LSP client over stdio, pytest-lsp's), opens one record
and changes it, timing each change from the moment the client sends it to the moment the client
holds the diagnostics of that version (what a person waits for). Three kinds of change: one that
leaves the record valid, one that breaks the schema (the detailed, slower path), one that gives the
record another household's ID (the rules across records move). Then bursts of keystrokes, timed
from the last one. Twice: a cold start (no summary cache under .git/) and a warm one.

Baselines measured in the same run:
  (f) the floor: the same work in this process, with nothing around it: `check_loaded` on the
      changed buffer plus `collection_findings` over every summary (the server can do no less);
  (h) what a case manager gets today without the server: `tohome validate FILE`, the pre-commit
      hook's check of one staged record (the rules across records read every record);
  (d) `tohome validate --changed-since HEAD` with that one record changed (summaries from the cache).
Start-up (until the server answers `initialize`, until it has read every record) and memory (RSS and
PSS of the server process after reading the records and after the edits) are reported too.
Needs the `bench` and `test` extras: pip install -e '.[test,bench]'.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
TARGET_MS = 150

try:
    import psutil
except ImportError:
    psutil = None

from lsprotocol import types  # noqa: E402
from pygls.uris import from_fs_path  # noqa: E402
from pytest_lsp import client_capabilities, make_test_lsp_client  # noqa: E402


def run(*args, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("TOHOME_LANG", "TOHOME_DEBUG", "GITHUB_ACTIONS")}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, **kwargs)


def git(cwd: Path, *args: str) -> None:
    run("git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false",
        *args, cwd=cwd, check=True)


def make_project(base: Path, records: int, seed: int) -> Path:
    compileall.compile_dir(ROOT / "tohome_tools", quiet=1)   # as installed: see benchlib.compile_package
    project = base / "schede"
    project.mkdir()
    for part in ("config", "schemas"):
        shutil.copytree(ROOT / part, project / part)
    done = run(PYTHON, "-m", "tohome_tools", "synth", "--households", str(records), "--seed", str(seed),
               "--out", "records", cwd=project)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "schede sintetiche")
    return project


def memory(pid: int) -> dict:
    if psutil is None:
        return {}
    info = psutil.Process(pid).memory_full_info()
    return {"rss_mb": info.rss / 2**20, "pss_mb": getattr(info, "pss", 0) / 2**20}


def percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def summary(values: list[float]) -> dict:
    return {"n": len(values), "median_ms": statistics.median(values), "p95_ms": percentile(values, 95),
            "max_ms": max(values), "within_target": sum(v <= TARGET_MS for v in values)}


class Timed:
    """The client, with the time each version's diagnostics arrived."""

    def __init__(self):
        self.client = make_test_lsp_client()
        self.arrived: dict[tuple[str, int | None], float] = {}
        features = self.client.protocol.fm.features
        original = features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

        def published(params: types.PublishDiagnosticsParams):   # registered features are bound to the client
            self.arrived.setdefault((params.uri, params.version), time.perf_counter())
            return original(params)

        features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = published

        @self.client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(params):
            return None

    async def wait(self, uri: str, version: int, timeout: float = 60) -> float:
        end = time.perf_counter() + timeout
        while (uri, version) not in self.arrived:
            if time.perf_counter() > end:
                raise TimeoutError(f"no diagnostics for version {version}")
            await asyncio.sleep(0.0005)
        return self.arrived[(uri, version)]


def variants(text: str, other_id: str) -> list[tuple[str, str]]:
    """(kind, text) of the three kinds of change, each from the record as saved."""
    own_id = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("id:"))
    return [("valid", text.replace("synthetic: true", "synthetic: true  # controllato", 1)),
            ("schema", text.replace("synthetic: true", "synthetic: true\nzz_campo: 1", 1)),
            ("duplicate", text.replace(f"id: {own_id}", f"id: {other_id}", 1))]


async def session(project: Path, record: Path, other_id: str, edits: int, bursts: int) -> dict:
    timed = Timed()
    client = timed.client
    started = time.perf_counter()
    await client.start_io(PYTHON, "-m", "tohome_tools", "lsp", cwd=str(project))
    await client.initialize_session(types.InitializeParams(capabilities=client_capabilities("visual-studio-code"),
                                                           root_uri=from_fs_path(str(project))))
    initialized = time.perf_counter() - started
    uri = from_fs_path(str(record))
    text = record.read_text(encoding="utf-8")
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="yaml", version=1, text=text)))
    await timed.wait(uri, 1)
    version = 1
    kinds = variants(text, other_id)

    def done_reading() -> bool:
        return any(isinstance(r, types.WorkDoneProgressEnd) for rs in client.progress_reports.values() for r in rs)

    while_reading = []   # the record's own findings while the others are still being read
    while not done_reading():
        version += 1
        sent = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=kinds[version % 2][1])]))
        while_reading.append((await timed.wait(uri, version) - sent) * 1000)
        await asyncio.sleep(0.1)
    indexed = time.perf_counter() - started
    pid = client._server.pid
    after_index = memory(pid)
    version += 1
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
    await timed.wait(uri, version)
    latencies: dict[str, list[float]] = {"valid": [], "schema": [], "duplicate": []}
    for n in range(edits):
        kind, changed = kinds[n % 3]
        for body in (changed, text):   # the change, then back (timed too, as a valid edit)
            version += 1
            sent = time.perf_counter()
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=body)]))
            got = await timed.wait(uri, version)
            latencies[kind if body is changed else "valid"].append((got - sent) * 1000)
            await asyncio.sleep(0.02)

    burst_latency = []
    line = text.splitlines().index("synthetic: true")
    for _ in range(bursts):   # typing "zz: 1" on a new line, one keystroke every 30 ms
        for n, char in enumerate("\nzz: 1"):
            at = types.Position(line=line, character=len("synthetic: true")) if n == 0 else \
                types.Position(line=line + 1, character=n - 1)
            version += 1
            sent = time.perf_counter()
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=at, end=at), text=char)]))
            await asyncio.sleep(0.03)
        last = await timed.wait(uri, version)
        burst_latency.append((last - sent) * 1000)
        version += 1
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
        await timed.wait(uri, version)
    after_edits = memory(pid)
    await client.shutdown_session()
    await client.stop()
    every = [v for values in latencies.values() for v in values]
    return {"initialize_s": initialized, "indexed_s": indexed, "memory_after_index": after_index,
            "memory_after_edits": after_edits, "all": summary(every),
            **{kind: summary(values) for kind, values in latencies.items()}, "bursts": summary(burst_latency),
            "while_reading": summary(while_reading) if while_reading else None}


def floor(project: Path, record: Path, other_id: str, repeat: int) -> dict:
    """The same checks in this process: the buffer and the rules across records, nothing else."""
    os.chdir(project)
    from tohome_tools.io import gitutil, loader
    from tohome_tools.records.summarycache import SummaryCache
    from tohome_tools.records.validate import check_loaded, collection_findings, discover, display_path, summary_of
    from tohome_tools.records.workspace import open_workspace

    settings = open_workspace(str(project)).settings
    cache = SummaryCache.open(gitutil.git_dir(project), settings.schema_path)
    summaries = {}
    for path in discover([project / "records"])[0]:
        raw = path.read_bytes()
        found, remembered = cache.get(loader.blob_id(raw), display_path(path))
        summaries[display_path(path)] = remembered if found else summary_of(path, settings, raw)
    text = record.read_text(encoding="utf-8")
    out: dict[str, list[float]] = {}
    for kind, changed in variants(text, other_id):
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            _findings, own, _loaded = check_loaded(record, settings, changed.encode("utf-8"))
            everything = dict(summaries)
            everything[display_path(record)] = own
            collection_findings([s for s in everything.values() if s is not None], settings)
            times.append((time.perf_counter() - start) * 1000)
        out[kind] = times
    return {kind: summary(times) for kind, times in out.items()}


def cli_baselines(project: Path, record: Path, repeat: int) -> dict:
    relative = str(record.relative_to(project))
    hook, changed = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        run(PYTHON, "-m", "tohome_tools", "validate", relative, cwd=project)
        hook.append(time.perf_counter() - start)
    original = record.read_text(encoding="utf-8")
    record.write_text(original.replace("synthetic: true", "synthetic: true  # cambiata", 1), encoding="utf-8")
    try:
        for _ in range(repeat):
            start = time.perf_counter()
            run(PYTHON, "-m", "tohome_tools", "validate", "--changed-since", "HEAD", cwd=project)
            changed.append(time.perf_counter() - start)
    finally:
        record.write_text(original, encoding="utf-8")
    return {"hook_one_file_s": statistics.median(hook), "changed_since_s": statistics.median(changed)}


def versions() -> dict:
    from importlib import metadata

    return {name: metadata.version(name) for name in ("pygls", "lsprotocol", "pytest-lsp", "pyyaml", "jsonschema-rs")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--edits", type=int, default=150, help="changes of each session (each is undone, timed too)")
    parser.add_argument("--bursts", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of the command-line baselines")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    base = Path(tempfile.mkdtemp(prefix="tohome-bench-lsp-"))
    try:
        load_before = os.getloadavg()
        print(f"generating {args.records} records (seed {args.seed})...", file=sys.stderr)
        project = make_project(base, args.records, args.seed)
        records = sorted((project / "records").glob("*.yaml"))
        record = records[len(records) // 2]
        other_id = records[0].stem
        print("cold start (no summary cache)...", file=sys.stderr)
        cold = asyncio.run(session(project, record, other_id, args.edits, args.bursts))
        print("warm start...", file=sys.stderr)
        warm = asyncio.run(session(project, record, other_id, args.edits, args.bursts))
        print("baselines...", file=sys.stderr)
        base_floor = floor(project, record, other_id, 30)
        cli = cli_baselines(project, record, args.repeat)
        load_after = os.getloadavg()
    finally:
        os.chdir(ROOT)
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    result = {"records": args.records, "seed": args.seed, "machine": platform.platform(), "cpus": os.cpu_count(),
              "python": platform.python_version(), "versions": versions(), "load_before": load_before,
              "load_after": load_after, "cold": cold, "warm": warm, "floor": base_floor, "cli": cli}
    print_table(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


def print_table(r: dict) -> None:
    print(f"\n{r['records']} records, {r['cpus']} cores, load average {r['load_before'][0]:.2f} before, "
          f"{r['load_after'][0]:.2f} after; Python {r['python']}; {r['versions']}")
    print("\n| session | initialize (s) | all records read (s) | RSS / PSS after reading (MB) | after the edits (MB) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name in ("cold", "warm"):
        s = r[name]
        m1, m2 = s["memory_after_index"], s["memory_after_edits"]
        print(f"| {name} | {s['initialize_s']:.2f} | {s['indexed_s']:.2f} | {m1.get('rss_mb', 0):.0f} / "
              f"{m1.get('pss_mb', 0):.0f} | {m2.get('rss_mb', 0):.0f} / {m2.get('pss_mb', 0):.0f} |")
    print(f"\n| change → diagnostics (ms) | n | median | p95 | max | within {TARGET_MS} ms | floor median (f) | "
          "median / floor |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    floors = {"valid": "valid", "schema": "schema", "duplicate": "duplicate", "bursts": "schema"}
    # while_reading: changes sent while the server still reads the other records (the cold start)
    for name in ("cold", "warm"):
        for kind in ("valid", "schema", "duplicate", "all", "bursts", "while_reading"):
            s = r[name][kind]
            if s is None:
                continue
            f = r["floor"].get(floors.get(kind, ""))
            tail = f"{f['median_ms']:.1f} | {s['median_ms'] / f['median_ms']:.1f}" if f else "– | –"
            print(f"| {name}: {kind} | {s['n']} | {s['median_ms']:.1f} | {s['p95_ms']:.1f} | {s['max_ms']:.1f} | "
                  f"{s['within_target']}/{s['n']} | {tail} |")
    print(f"\n(h) tohome validate FILE (the hook on one record): {r['cli']['hook_one_file_s']:.2f} s; "
          f"(d) --changed-since HEAD, one record changed: {r['cli']['changed_since_s']:.2f} s")


if __name__ == "__main__":
    sys.exit(main())
