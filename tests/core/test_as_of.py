"""One meaning of `--as-of DAY` in validate and sheet (budget and deadlines have their own tests):
the record as it stood on that day, and open projects measured to that day."""

from __future__ import annotations

import json
import re

from helpers import ROOT, copy_project, tohome


def project_with(tmp_path, name: str = "TH-4-0001", edit=None):
    project = copy_project(tmp_path / "project", "config", "schemas", empty_records=True)
    text = (ROOT / "records" / f"{name}.yaml").read_text(encoding="utf-8")
    (project / "records" / f"{name}.yaml").write_text(edit(text) if edit else text, encoding="utf-8")
    return project


def codes(done) -> set[str]:
    assert done.returncode in (0, 1), done.stderr
    return {f["code"] for f in json.loads(done.stdout)}


def without_closure(text: str) -> str:
    return re.sub(r"\nclosure:\n(  .*\n|\s*\n)*", "\n", text)


def test_an_open_project_is_measured_to_the_day_not_to_the_programme_end(tmp_path):
    project = project_with(tmp_path, edit=without_closure)   # pact 2019-03-17, never closed
    assert "closed_on" not in (project / "records" / "TH-4-0001.yaml").read_text(encoding="utf-8")
    today = codes(tohome("validate", "--format", "json", cwd=project))
    assert "duration-limit" in today          # 17 March 2019 to the programme end: over 18 months
    early = codes(tohome("validate", "--format", "json", "--as-of", "2019-10-01", cwd=project))
    assert "duration-limit" not in early and "monitoring-gap" not in early


def test_what_is_dated_after_the_day_has_not_happened(tmp_path):
    closed = project_with(tmp_path / "a")                       # closed on 2020-07-11
    opened = project_with(tmp_path / "b", edit=without_closure)
    for day in ("2019-10-01", "2020-03-31"):
        a = json.loads(tohome("validate", "--format", "json", "--as-of", day, cwd=closed).stdout)
        b = json.loads(tohome("validate", "--format", "json", "--as-of", day, cwd=opened).stdout)
        assert [(f["code"], f["message"]) for f in a] == [(f["code"], f["message"]) for f in b], day


def test_a_bad_day_is_a_clear_message(tmp_path):
    project = project_with(tmp_path)
    done = tohome("validate", "--as-of", "2019-02-30", cwd=project)   # the right shape, no such day
    assert done.returncode == 2 and "non è un giorno del calendario" in done.stderr and "Traceback" not in done.stderr
    assert "AAAA-MM-GG" not in done.stderr.splitlines()[-1]
    done = tohome("validate", "--as-of", "30/02/2019", cwd=project)   # another shape: the format is the hint
    assert done.returncode == 2 and "AAAA-MM-GG" in done.stderr and "Traceback" not in done.stderr


def test_the_sheet_as_it_stood_before_the_pact(tmp_path):
    project = project_with(tmp_path)
    now = tohome("sheet", "TH-4-0001", cwd=project)
    before = tohome("sheet", "TH-4-0001", "--as-of", "2019-03-01", cwd=project)
    assert now.returncode == before.returncode == 0, (now.stderr, before.stderr)
    assert "Patto firmato il 17 marzo 2019" in now.stdout and "FD-C1-02" in now.stdout
    assert "Patto firmato" not in before.stdout and "FD-C1-02" not in before.stdout
    assert "Progetto non ancora scritto" in before.stdout
