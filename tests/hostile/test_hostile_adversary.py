"""What an outside adversary found after the first hostile round, each as a test that failed then.

Real commands in real project copies; every case checks the exit code, the message, and that
nothing the command must not touch changed."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from helpers import EXAMPLES, ROOT, copy_project, tohome

RECORD = (EXAMPLES / "valid" / "full" / "TH-4-0001.yaml").read_text(encoding="utf-8")


@pytest.fixture
def project(project_copy) -> Path:
    (project_copy / "records" / "TH-4-0001.yaml").write_text(RECORD, encoding="utf-8")
    return project_copy


def findings(project: Path) -> list[dict]:
    done = tohome("validate", "--format", "json", cwd=project)
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout)


def test_a_typo_in_site_release_never_empties_the_published_statistics(tmp_path):
    root = copy_project(tmp_path / "progetto", "config", "schemas", "docs", "overrides", "release")
    shutil.copy(ROOT / "mkdocs.yml", root)
    before = {p: p.read_bytes() for p in sorted((root / "docs").rglob("*")) if p.is_file()}
    for wrong in ("/nessuna/cartella", "config", "docs"):
        done = tohome("site", "--no-build", "--release", wrong, cwd=root)
        assert done.returncode == 2 and "non è una cartella di release" in done.stderr, done.stderr
    assert {p: p.read_bytes() for p in sorted((root / "docs").rglob("*")) if p.is_file()} == before


def test_no_control_character_or_workflow_command_reaches_the_terminal(project):
    forged = "n\n::error file=x::forged.html"
    done = tohome("sheet", "TH-4-0001", "--out", str(project.parent / forged), cwd=project)
    assert done.returncode == 0, done.stderr
    assert not any(line.startswith("::") for line in done.stderr.splitlines()), done.stderr
    done = tohome("validate", "--changed-since", "a\x1b[31m", cwd=project)
    assert "\x1b" not in done.stderr + done.stdout and "\\x1b" in done.stderr, done.stderr
    hostile = RECORD.replace("description: Mantenere l'alloggio.", 'description: "Mantenere\\e]0;X\\a\\e[2J"', 1)
    assert hostile != RECORD
    (project / "records" / "TH-4-0001.yaml").write_text(hostile, encoding="utf-8")
    printed = tohome("sheet", "TH-4-0001", cwd=project)
    assert printed.returncode == 0, printed.stderr
    assert "\x1b" not in printed.stdout and "\x07" not in printed.stdout
    assert "Mantenere\\x1b]0;X\\x07" in printed.stdout


def test_a_carriage_return_in_the_configuration_keeps_csv_rows_whole(tmp_path):
    root = copy_project(tmp_path / "progetto", "config", "schemas", "records")
    programme = root / "config" / "programme.yaml"
    text = programme.read_text(encoding="utf-8")
    old = '{code: C7, name: "'
    assert old in text
    programme.write_text(text.replace(old, old + "\\r@SUM(1)", 1), encoding="utf-8")
    done = tohome("release", "--period", "2019", cwd=root)
    assert done.returncode == 0, done.stderr
    body = (root / "release" / "2019" / "nuclei_per_circoscrizione.csv").read_bytes().decode("utf-8")
    assert "\r" not in body.replace("\r\n", "")   # no bare carriage return, which ends a row for many readers
    rows = list(csv.reader(io.StringIO(body, newline="")))
    width = len(rows[0])
    assert all(len(row) == width for row in rows), rows
    assert not any(cell.startswith(("=", "@", "+", "-")) for row in rows for cell in row if not cell[:2].isdigit())


@pytest.mark.parametrize("field, value", [("closed_on", "9999-12-31"), ("closed_on", "1899-12-31")])
def test_a_date_beyond_the_calendar_is_a_finding_not_an_internal_error(project, field, value):
    assert 'closed_on: "2019-10-15"' in RECORD
    (project / "records" / "TH-4-0001.yaml").write_text(RECORD.replace("2019-10-15", value, 1), encoding="utf-8")
    found = findings(project)
    assert "internal-error" not in {f["code"] for f in found}, found
    assert [f for f in found if f["code"] == "invalid-date" and "1900" in f["hint"]], found


def test_values_that_meant_something_else(project):
    text = RECORD.replace("birth_year: 1979", "birth_year: ! 1979", 1)   # `!` makes text (YAML 1.2)
    (project / "records" / "TH-4-0001.yaml").write_text(text, encoding="utf-8")
    assert [f["code"] for f in findings(project)] == ["schema-type"]
    text = RECORD.replace("monthly_amount: 60.00", "monthly_amount: -0.00", 1)
    assert text != RECORD
    (project / "records" / "TH-4-0001.yaml").write_text(text, encoding="utf-8")
    ledger = tohome("budget", "--format", "csv", "--household", "TH-4-0001", cwd=project)
    assert "-0.00" not in ledger.stdout and "-0,00" not in ledger.stdout


def test_a_record_named_with_a_trailing_space_is_not_skipped(project):
    (project / "records" / "TH-4-0001.yaml").rename(project / "records" / "TH-4-0001.yaml ")
    found = findings(project)
    assert [f["code"] for f in found] == ["file-name"], found
