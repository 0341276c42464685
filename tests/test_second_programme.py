"""A successor programme is one new configuration file: the whole chain (synth, validate, budget,
deadlines, indicators, release, site pages) runs on a second, different programme in a temporary
folder, and what it prints and publishes carries that programme's name, ID prefix, caps, limits and
window, never TO HOME's.

The second programme differs in everything a configuration can say: name, owner, ID prefix,
window (2022-2024), funding line, districts (quarters Q1-Q3, not Turin's C<n>) and lots (two lots, not
four), caps (350 and 700, and a
housing cap that changes in 2024), duration and monitoring limits, deadlines, indicator set (ESF+)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import helpers
import pytest
import yaml
from helpers import NO_DEBUG_NO_LANG, ROOT

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("second-programme")]   # one synthetic programme

SECOND = """\
# DATI SINTETICI: un programma inventato per le prove, successore immaginario di TO HOME.
programme:
  name: "CASA PIÙ 2021-2027"
  id_prefix: "CP"
  keywords: ["abitare", "programma di prova"]
  owner: "Comune immaginario - Servizi sociali"
  window:
    start: "2022-01-10"
    end: "2024-12-20"
funding_lines:
  - code: "FSEP.4.11"
    title: "PN Metro Plus 2021-2027, priorita 4, azione 4.11"
districts:
  - {code: Q1, name: "Quartiere Nord"}
  - {code: Q2, name: "Quartiere Sud"}
  - {code: Q3, name: "Quartiere Est"}
lots:
  - number: 1
    bodies: ["Ente del lotto 1"]
    districts: [Q1]
  - number: 2
    bodies: ["Ente del lotto 2"]
    districts: [Q2, Q3]
caps:
  housing_support_per_household_month:
    - {from: "2022-01-01", to: "2023-12-31", amount: 350.00}
    - {from: "2024-01-01", to: null, amount: 380.00}
  work_support_per_measure_month:
    - {from: "2022-01-01", to: null, amount: 700.00}
limits:
  max_project_months: 24
  monitoring_cadence_days: 60
deadlines:
  pact_after_first_interview_days: 20
  project_after_pact_days: 25
  validation_after_project_days: 15
  due_soon_days: 5
  retention_years_after_closure: 10
calendar:
  shift: next_working_day
  shift_ends: previous_working_day
  weekend: [6, 7]
  local_holidays: []
publication:
  threshold: 5
  amount_protection_percent: 20
  count_protection_distance: 3
  household_size_bands: [1, 2, 4]
  duration_bands_months: [6, 12, 24]
  licence: "CC-BY-4.0"
indicators:
  set: esf-plus-2021-2027
  urbanisation: city
"""


def tohome(root: Path, *args: str) -> subprocess.CompletedProcess:
    return helpers.tohome(*args, cwd=root, unset=NO_DEBUG_NO_LANG, timeout=600)


def ok(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("second") / "casa-piu"
    root.mkdir()
    for name in ("schemas", "docs", "overrides"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("statistiche", "riferimenti"))
    shutil.copytree(ROOT / "config" / "indicators", root / "config" / "indicators")
    (root / "config" / "programme.yaml").write_text(SECOND, encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "records").mkdir()
    ok(tohome(root, "synth", "--households", "240", "--seed", "11"))
    return root


def records(root: Path) -> list[Path]:
    return sorted((root / "records").glob("*.yaml"))


def test_records_and_validation_follow_the_second_programme(project):
    names = [p.name for p in records(project)]
    assert len(names) == 240
    assert all(re.fullmatch(r"CP-[12]-[0-9]{4}\.yaml", n) for n in names), names[:5]
    assert "File controllati: 240; errori: 0" in ok(tohome(project, "validate"))
    text = records(project)[0].read_text(encoding="utf-8")
    assert re.search(r"(?m)^district: Q[123]$", text) and "FSEP.4.11" in text
    assert re.search(r"(?m)^  social_worker: AS-Q[123]-[0-9]{2}$", text) or "social_worker" not in text


def _with(project: Path, name: str, edit) -> Path:
    """A copy of the first record under another name, edited (the caller removes it)."""
    source = records(project)[0]
    target = project / "records" / name
    target.write_text(edit(source.read_text(encoding="utf-8")), encoding="utf-8")
    return target


def test_the_rules_use_the_configured_prefix_and_caps(project):
    first = records(project)[0].stem
    lot, number = first.split("-")[1:]
    # a TO HOME code is now the wrong prefix
    wrong = _with(project, f"TH-{lot}-{number}.yaml", lambda t: t.replace(f"id: {first}", f"id: TH-{lot}-{number}"))
    try:
        done = tohome(project, "validate", str(wrong.relative_to(project)))
        assert done.returncode == 1 and "id-prefix" in done.stdout and "prefisso del programma, CP" in done.stdout
    finally:
        wrong.unlink()
    # 340 a month is within this programme's 350 (TO HOME's 300 would refuse it); 350.01 is not
    record = records(project)[0]
    original = record.read_text(encoding="utf-8")
    amounts = re.findall(r"(?m)^(\s+monthly_amount: )([0-9.]+)$", original)
    housing = re.search(r"(?ms)^  housing_support:\n(.*?)^  \w", original)
    if not amounts or not housing:
        pytest.skip("the first synthetic record has no housing support")
    block = housing.group(1)
    try:
        for amount, expected in (("340.00", 0), ("350.01", 1)):
            record.write_text(original.replace(block, re.sub(r"monthly_amount: [0-9.]+", f"monthly_amount: {amount}",
                                                             block, count=1)), encoding="utf-8")
            done = tohome(project, "validate", str(record.relative_to(project)), "--as-of", "2022-12-31")
            housing_findings = [line for line in done.stdout.splitlines() if " housing-cap " in line]
            if expected:
                assert housing_findings and all("350,00\xa0€" in line for line in housing_findings), done.stdout
            else:
                assert housing_findings == [], done.stdout
    finally:
        record.write_text(original, encoding="utf-8")


def test_budget_deadlines_and_indicators_run_on_the_second_programme(project):
    summary = json.loads(ok(tohome(project, "budget", "--as-of", "2024-12-20", "--format", "json")))
    assert summary["lots"] and {str(x["key"]) for x in summary["lots"]} <= {"1", "2"}
    assert "FSEP.4.11" in json.dumps(summary["funding_lines"])
    listing = json.loads(ok(tohome(project, "deadlines", "--as-of", "2023-06-30", "--all", "--format", "json")))
    assert listing["deadlines"] and all(item["household"].startswith("CP-") for item in listing["deadlines"])
    # the pact is due 20 days after the first interview here (30 in TO HOME)
    pacts = {item["household"]: item for item in listing["deadlines"] if item["kind"] == "pact"}
    assert pacts
    for household, item in list(pacts.items())[:20]:
        record = yaml.safe_load((project / "records" / f"{household}.yaml").read_text(encoding="utf-8"))
        first = min(dt.date.fromisoformat(str(i["date"])) for i in record["intake"]["interviews"])
        assert dt.date.fromisoformat(item["computed"]) - first == dt.timedelta(days=20), household
    report = ok(tohome(project, "indicators", "--period", "2023"))
    assert "EECO01" in report     # the ESF+ codes, not ESF's CO01


def test_release_and_site_pages_carry_the_second_programme(project):
    for year in ("2022", "2023", "2024"):
        done = tohome(project, "release", "--period", year)
        assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    package = json.loads((project / "release" / "2023" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["title"].startswith("CASA PIÙ 2021-2027: statistiche 2023")
    assert package["keywords"] == ["abitare", "programma di prova"]
    ok(tohome(project, "site", "--no-build"))
    generated = {p: p.read_text(encoding="utf-8") for folder in ("statistiche", "riferimenti")
                 for p in (project / "docs" / folder).rglob("*.md")}
    rules = generated[project / "docs" / "riferimenti" / "regole.md"]
    assert "350,00\xa0€ dal 1 gennaio 2022; 380,00\xa0€ dal 1 gennaio 2024" in rules
    assert "700,00\xa0€" in rules and "(24 per CASA PIÙ 2021-2027)" in rules and "(60 per CASA PIÙ 2021-2027)" in rules
    assert "dal 10 gennaio 2022 al 20 dicembre 2024" in rules and "«CP»" in rules
    measures = generated[project / "docs" / "riferimenti" / "misure.md"]
    assert "380,00\xa0€" in measures and "Quartiere Sud" in measures
    guide = generated[project / "docs" / "riferimenti" / "guida-schede.md"]
    assert "records/CP-2-nnnn.yaml" in guide
    for path, text in generated.items():
        if path.name == "storia.md":
            continue   # the service's history: a hand-written timeline under docs/, here TO HOME's own
        # no number or name of TO HOME leaks into pages generated for another programme
        for trace in (r"TO HOME", r"\bTH-", r"(?<![\d.])300,00[ \xa0]€", r"(?<![\d.])600,00[ \xa0]€", r"Torino"):
            assert not re.search(trace, text), (path.name, trace)
        assert not re.search(r"\bCP-[12]-[0-9]{4}\b", text), path.name   # no record ID is published
