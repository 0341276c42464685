"""Worker processes change the speed of `tohome validate`, never its findings.

A few hundred synthetic records, some broken in different ways (schema, YAML syntax, duplicate
IDs, amounts, empty files), are checked once in a single process and once with two workers.
"""

from __future__ import annotations

import re
import resource
from pathlib import Path

import pytest

from tohome_tools.casework import synth
from tohome_tools.records import validate as validation

RECORDS = 300


@pytest.fixture(scope="module")
def folder(tmp_path_factory, workspace) -> Path:
    root = tmp_path_factory.mktemp("parallel") / "records"
    paths = synth.write(synth.generate(workspace.programme, RECORDS, seed=7), root)
    broken = {
        3: lambda t: t + "campo_sconosciuto: 1\n",
        17: lambda t: t.replace("lot: ", "lot: [", 1),
        29: lambda t: re.sub(r"(monthly_amount: [0-9]+\.[0-9]{2})", r"\g<1>5", t, count=1),
        41: lambda t: "",
        55: lambda t: t.replace("level: primary", "level: primaria").replace("level: secondary", "level: secondaria"),
        88: lambda t: re.sub(r'start: "([0-9]{4})-[0-9]{2}-[0-9]{2}"', r'start: "\1-02-30"', t, count=1),
        140: lambda t: re.sub(r"lot: ([0-9]+)", r"lot: \1.5", t, count=1),   # 4.0 would be lot 4
        201: lambda t: paths[202].read_text(encoding="utf-8"),  # same ID as the next record
    }
    for index, damage in broken.items():
        paths[index].write_text(damage(paths[index].read_text(encoding="utf-8")), encoding="utf-8")
    return root


def _run(folder: Path, settings, jobs: int, monkeypatch):
    monkeypatch.setattr(validation, "PARALLEL_FROM", 50)  # a few hundred records are enough to use the pool
    calls = []
    report = validation.validate([folder], settings, jobs=jobs, progress=lambda done, total: calls.append((done, total)))
    return report, calls


def test_two_workers_and_one_process_give_identical_findings(folder, settings, monkeypatch):
    single, single_calls = _run(folder, settings, 1, monkeypatch)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    parallel, parallel_calls = _run(folder, settings, 2, monkeypatch)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert after.ru_utime + after.ru_stime > before.ru_utime + before.ru_stime  # workers really ran
    assert parallel.findings == single.findings  # same findings, same order
    assert parallel.files_checked == single.files_checked == RECORDS
    codes = {f.code for f in single.findings}
    assert {"schema-unknown-field", "yaml-syntax", "amount-precision", "file-empty", "schema-enum",
            "invalid-date", "schema-type", "duplicate-id"} <= codes, codes
    assert single_calls == parallel_calls == [(n, RECORDS) for n in range(1, RECORDS + 1)]


def test_changed_records_only_in_parallel_too(folder, settings, monkeypatch):
    only = {p.resolve() for p in sorted(folder.glob("*.yaml"))[:120]}
    monkeypatch.setattr(validation, "PARALLEL_FROM", 50)
    single = validation.validate([folder], settings, jobs=1, only=only)
    parallel = validation.validate([folder], settings, jobs=2, only=only)
    assert parallel.findings == single.findings
    assert single.files_checked == 120
