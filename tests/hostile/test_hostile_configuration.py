"""Hostile configuration: a broken config/programme.yaml or schema file stops every command with a
located Italian message and exit 2 (broken configuration), never a traceback or the internal-error exit.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers import ROOT, copy_project, tohome
from hostile_cases import BILLION_LAUGHS, DEEP_FLOW, baseline

# processes killed or run side by side, full releases, builds or Chromium: the full run only
pytestmark = pytest.mark.slow

PROGRAMME = "config/programme.yaml"
HOUSEHOLD = "schemas/household.schema.json"
PROGRAMME_SCHEMA = "schemas/programme.schema.json"
CLEAN_PROGRAMME = (ROOT / PROGRAMME).read_text(encoding="utf-8")

CASES = {
    "programme-alias-bomb": (PROGRAMME, BILLION_LAUGHS.encode(), 1),
    "programme-nul-byte": (PROGRAMME, CLEAN_PROGRAMME.encode().replace(b"\n", b"\x00\n", 1), 1),
    "programme-empty": (PROGRAMME, b"", 1),
    "programme-a-list": (PROGRAMME, b"- 1\n- 2\n", 1),
    "programme-latin1": (PROGRAMME, CLEAN_PROGRAMME.encode() + b"# citt\xe0\n", CLEAN_PROGRAMME.count("\n") + 1),
    "programme-deep-nesting": (PROGRAMME, DEEP_FLOW.encode(), 2),
    "programme-tab": (PROGRAMME, ("x:\n\ty: 1\n" + CLEAN_PROGRAMME).encode(), 2),
    "household-schema-bad-json": (HOUSEHOLD, b'{"type": "object",\n  "properties": {,}\n}', 2),
    "household-schema-a-list": (HOUSEHOLD, b"[1, 2]", 1),
    "household-schema-not-a-schema": (HOUSEHOLD, b'{"type": 5}', 0),
    "household-schema-not-utf8": (HOUSEHOLD, b'{"title": "citt\xe0"}', 0),
    "programme-schema-bad-json": (PROGRAMME_SCHEMA, b"{", 1),
}


def _contradiction(old: str, new: str) -> tuple[str, bytes, int]:
    assert CLEAN_PROGRAMME.count(old) == 1, old
    text = CLEAN_PROGRAMME.replace(old, new)
    return PROGRAMME, text.encode(), CLEAN_PROGRAMME[:CLEAN_PROGRAMME.index(old)].count("\n") + 1


# values the schema accepts but that contradict each other: a finding at their own line
CONTRADICTIONS = {
    "window-ends-before-it-starts": (_contradiction('end: "2020-12-31"', 'end: "2017-12-31"'), "config-window-order"),
    "lot-with-an-unknown-district": (_contradiction("districts: [C2, C3]", "districts: [C2, C9]"),
                                     "config-unknown-district"),
    "two-lots-with-one-number": (_contradiction("  - number: 4", "  - number: 3"), "config-duplicate-lot"),
    "cap-ending-before-it-starts": (_contradiction('{from: "2018-01-01", to: null, amount: 300.00}',
                                                   '{from: "2018-01-01", to: "2017-06-30", amount: 300.00}'),
                                    "config-cap-order"),
}


_HOLIDAY = '    - {day: "06-24", name: "San Giovanni Battista, patrono di Torino"}'
_EVERY_DAY = "\n".join(f'    - {{day: "{m:02d}-{d:02d}"}}' for m in range(1, 13) for d in range(1, 32)
                       if (m, d) not in {(2, 30), (2, 31), (4, 31), (6, 31), (9, 31), (11, 31)})
_JANUARY = "\n".join(f'    - {{day: "01-{d:02d}"}}' for d in range(1, 32))

# extreme values that used to end in an overflow, a date past year 9999 or an endless loop
EXTREMES = {
    "366-local-holidays": (_contradiction(_HOLIDAY, _EVERY_DAY), "schema-size"),
    "a-month-of-holidays": (_contradiction(_HOLIDAY, _JANUARY), "config-no-working-day"),
    "monitoring-every-10^12-days": (_contradiction("monitoring_cadence_days: 90", "monitoring_cadence_days: 1000000000000"),
                                    "schema-range"),
    "pact-within-10^12-days": (_contradiction("pact_after_first_interview_days: 30",
                                              "pact_after_first_interview_days: 1000000000000"), "schema-range"),
    "kept-for-a-million-years": (_contradiction("retention_years_after_closure: 7",
                                                "retention_years_after_closure: 1000000"), "schema-range"),
    # dates tohome handles are 1900-2999, in records and configuration alike
    "window-ending-in-9999": (_contradiction('end: "2020-12-31"', 'end: "9999-12-31"'), "invalid-date"),
    "window-starting-in-year-1": (_contradiction('start: "2018-04-04"', 'start: "0001-01-01"'), "invalid-date"),
    "projects-of-10^9-months": (_contradiction("max_project_months: 18", "max_project_months: 1000000000"),
                                "schema-range"),
}


@pytest.mark.parametrize("name", sorted(EXTREMES))
def test_extreme_configuration_values_are_configuration_findings(tmp_path, name):
    (target, body, line), code = EXTREMES[name]
    root = make_project(tmp_path / "progetto")
    (root / target).write_bytes(body)
    before = {p.name: p.read_bytes() for p in (root / "records").iterdir()}
    for command in (["validate"], ["budget"], ["deadlines"], ["sheet", "TH-4-0001", "--out", "scheda.html"]):
        done = run(root, *command)
        assert done.returncode == 2, (command, done.returncode, done.stderr[-500:])
        assert any(f"{target}:{line}:" in row and code in row for row in done.stderr.splitlines()), done.stderr
        assert "Traceback" not in done.stderr
    assert {p.name: p.read_bytes() for p in (root / "records").iterdir()} == before
    assert not (root / "scheda.html").exists()


@pytest.mark.parametrize("name", sorted(CONTRADICTIONS))
def test_configuration_contradictions_are_configuration_findings(tmp_path, name):
    (target, body, line), code = CONTRADICTIONS[name]
    root = make_project(tmp_path / "progetto")
    (root / target).write_bytes(body)
    for command in (["validate"], ["budget"], ["release", "--period", "2019"]):
        done = run(root, *command)
        assert done.returncode == 2, (command, done.returncode, done.stderr)
        assert any(f"{target}:{line}:" in row and code in row for row in done.stderr.splitlines()), done.stderr
        assert "Traceback" not in done.stderr


def make_project(root: Path) -> Path:
    copy_project(root, "config", "schemas", empty_records=True)
    baseline(root / "records")
    return root


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return tohome(*args, cwd=root, timeout=120)


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_configuration_is_a_located_exit_two(tmp_path, name):
    target, body, line = CASES[name]
    root = make_project(tmp_path / "progetto")
    (root / target).write_bytes(body)
    done = run(root, "validate")
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and "Errore interno" not in done.stderr, done.stderr
    located = [row for row in done.stderr.splitlines() if f"{target}:{line}:" in row]
    assert located, done.stderr
    assert done.stdout == ""


def test_broken_household_schema_is_reported_from_the_worker_pool_too(tmp_path, settings):
    """With enough records validation runs in worker processes: the error must come back whole."""
    from tohome_tools.casework import synth
    from tohome_tools.records.validate import PARALLEL_FROM

    root = make_project(tmp_path / "progetto")
    for record in synth.generate(settings.programme, PARALLEL_FROM + 10, 5):
        (root / "records" / f"{record['id']}.yaml").write_text(synth.render(record), encoding="utf-8")
    (root / HOUSEHOLD).write_bytes(b'{"type": "object",\n  "properties": {,}\n}')
    done = run(root, "validate", "--jobs", "2")
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr[-3000:]
    assert f"{HOUSEHOLD}:2:" in done.stderr
