"""Budget: the golden ledger (computed by hand), totals at every level and in every format, caps."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from casework_helpers import GOLDEN, GOLDEN_INVALID, GOLDEN_RECORDS, copy_golden, golden_records, in_process, tohome
from helpers import ROOT, said

from tohome_tools.casework import budget
from tohome_tools.casework.budget import checks, render
from tohome_tools.casework.budget.summary import summarise
from tohome_tools.i18n.render import Texts
from tohome_tools.io import loader
from tohome_tools.records.validate import Settings, validate

D = Decimal


@pytest.fixture(scope="module")
def golden_rows(workspace):
    return budget.ledger(golden_records(), workspace.programme)


def test_golden_ledger_matches_the_hand_computed_one(golden_rows):
    with (GOLDEN / "ledger.csv").open(encoding="utf-8") as handle:
        expected = sorted((r["household"], r["measure"], r["family"], r["kind"], r["month"], D(r["planned"]), D(r["paid"]))
                          for r in csv.DictReader(handle))
    got = sorted((r.household, r.measure, r.family, r.kind, r.month.strftime("%Y-%m"), r.planned, r.paid)
                 for r in golden_rows)
    assert got == expected


def test_ledger_rows_are_the_documented_contract(golden_rows):
    row = golden_rows[0]
    assert isinstance(row.month, dt.date) and row.month.day == 1
    assert isinstance(row.planned, Decimal) and isinstance(row.paid, Decimal)
    assert (row.lot, row.funding_line) == (4, "TO3.1.1.a")
    with pytest.raises(AttributeError):
        row.planned = D("1")  # frozen
    assert {r.family for r in golden_rows} == {"housing_support", "work_support", "co_participation"}


def test_31_january_to_29_february_counts_two_whole_months(golden_rows):
    h1 = [r for r in golden_rows if r.household == "TH-4-0101" and r.measure == "H1"]
    assert [(r.month, r.planned) for r in h1] == [(dt.date(2020, 1, 1), D("250.00")), (dt.date(2020, 2, 1), D("250.00"))]


def test_a_single_leap_day_measure_counts_february_once(workspace):
    record = golden_records()[0]
    record = {**record, "measures": {"housing_support": [
        {"id": "H1", "kind": "rent_share", "monthly_amount": D("100.00"), "start": "2020-02-29", "end": "2020-02-29"}]},
        "payments": [], "co_participation": None}
    rows = budget.ledger([record], workspace.programme)
    assert [(r.month, r.planned) for r in rows] == [(dt.date(2020, 2, 1), D("100.00"))]


def test_hand_computed_totals_and_position(golden_rows, workspace):
    ids = [r["id"] for r in golden_records()]
    s = summarise(golden_rows, workspace.programme, dt.date(2020, 6, 20), ids)
    assert (s.programme.planned, s.programme.paid, s.programme.unpaid, s.programme.co_participation) == \
        (D("5050.00"), D("3600.00"), D("1450.00"), D("580.00"))
    households = {x.key: (x.planned, x.paid, x.co_participation) for x in s.households}
    assert households == {"TH-4-0101": (D("2950.00"), D("1500.00"), D("440.00")),
                          "TH-4-0102": (D("2100.00"), D("2100.00"), D("140.00")),
                          "TH-4-0103": (D("0.00"), D("0.00"), D("0.00")),
                          "TH-4-0104": (D("0.00"), D("0.00"), D("0.00")),
                          "TH-4-0105": (D("0.00"), D("0.00"), D("0.00"))}
    kinds = {x.key: (x.planned, x.paid, x.co_participation) for x in s.kinds}
    assert kinds == {"housing_support/rent_share": (D("2600.00"), D("2350.00"), D("0.00")),
                     "housing_support/utilities": (D("50.00"), D("50.00"), D("0.00")),
                     "work_support/internship": (D("2400.00"), D("1200.00"), D("0.00")),
                     "co_participation/contribution": (D("0.00"), D("0.00"), D("440.00")),
                     "co_participation/savings": (D("0.00"), D("0.00"), D("140.00"))}
    assert [x.key for x in s.lots] == ["1", "2", "3", "4"]
    assert s.lots[3].planned == D("5050.00") and s.lots[0].planned == D("0.00")
    assert (s.position.committed, s.position.paid, s.position.unpaid, s.position.future) == \
        (D("5050.00"), D("3600.00"), D("1450.00"), D("0.00"))
    assert [m.strftime("%Y-%m") for m, _ in s.forecast] == ["2020-07", "2020-08", "2020-09", "2020-10", "2020-11", "2020-12"]


def test_position_and_forecast_in_mid_march(golden_rows, workspace):
    s = summarise(golden_rows, workspace.programme, dt.date(2020, 3, 15), [])
    assert (s.position.committed, s.position.paid, s.position.unpaid, s.position.future) == \
        (D("3250.00"), D("3000.00"), D("250.00"), D("1800.00"))
    assert [(m.strftime("%Y-%m"), a) for m, a in s.forecast][:4] == \
        [("2020-04", D("600.00")), ("2020-05", D("600.00")), ("2020-06", D("600.00")), ("2020-07", D("0.00"))]


def test_exactly_300_00_passes_and_300_01_is_left_out_by_the_cap_rule(workspace, tmp_path):
    """The budget does not check caps again: a record over a cap is invalid (rule housing-cap, on
    the ledger's own whole-month rule), so the budget leaves it out and says why."""
    ok = budget.ledger(golden_records(), workspace.programme)
    assert checks.check(ok, workspace.programme) == []
    report = validate([GOLDEN_RECORDS, GOLDEN_INVALID], workspace.settings, jobs=1)
    found = [f for f in report.findings if f.code == "housing-cap"]
    assert [Path(f.file).name for f in found] == ["TH-4-0199.yaml"]
    assert "02/2020" in said(found[0]) and "300,01\xa0€" in said(found[0]) and "300,00\xa0€" in said(found[0])


def test_paid_over_the_work_cap_is_invalid(workspace, project_copy):
    """A payment over the measure's monthly amount (600.00, the cap) is a payment-measure error:
    the record is left out of the budget, which names the rule."""
    record = (GOLDEN_RECORDS / "TH-4-0101.yaml").read_text(encoding="utf-8")
    paid = re.search(r"(?m)^  - \{month: \"[0-9-]+\", measure: W1, amount: ([0-9.]+)\}", record)
    assert paid, "the golden record pays its internship"
    (project_copy / "records" / "TH-4-0101.yaml").write_text(
        record.replace(paid.group(0), paid.group(0).replace(paid.group(1), "600.01")), encoding="utf-8")
    done = tohome("budget", "--as-of", "2020-12-31", cwd=project_copy)
    assert done.returncode == 1 and "payment-measure" not in done.stdout
    assert "TH-4-0101.yaml" in done.stderr and "esclusa" in done.stderr


# --- the command ------------------------------------------------------------------------------------

@pytest.fixture
def golden_project(project_copy: Path) -> Path:
    copy_golden(project_copy)
    return project_copy


def _amount(text: str) -> Decimal:
    return D(text.replace("\xa0€", "").replace(".", "").replace(",", "."))


def test_totals_agree_to_the_cent_across_formats_and_levels(golden_project, capsys, monkeypatch):
    args = ("budget", "--as-of", "2020-06-20")
    as_json = json.loads(in_process(capsys, monkeypatch, golden_project, *args, "--format", "json").stdout)
    as_csv = list(csv.DictReader(io.StringIO(in_process(capsys, monkeypatch, golden_project, *args, "--format", "csv").stdout)))
    table = tohome(*args, cwd=golden_project).stdout  # one real subprocess run, as a user types it
    programme = D(as_json["programme"]["planned"])
    assert programme == D("5050.00")
    for level in ("households", "lots", "funding_lines"):
        assert sum(D(x["planned"]) for x in as_json[level]) == programme
        assert sum(D(x["paid"]) for x in as_json[level]) == D(as_json["programme"]["paid"])
    assert sum(D(x["planned"]) for x in as_json["kinds"]) == programme
    assert sum(D(x["planned"]) for x in as_json["ledger"] if x["family"] != "co_participation") == programme
    by_section = {}
    for row in as_csv:
        by_section.setdefault(row["section"], []).append(row)
    for section in ("ledger", "measure", "household", "lot", "funding_line", "kind", "programme"):
        assert sum(D(r["planned"]) for r in by_section[section]) == programme, section
        assert sum(D(r["co_participation"]) for r in by_section[section]) == D("580.00"), section
    whole = table[table.index("Intero programma: tutti i mesi previsti"):]
    total_line = next(line for line in whole.splitlines() if line.startswith("totale"))
    assert [_amount(a) for a in re.findall(r"[\d.]+,\d\d\xa0€", total_line)] == \
        [D("5050.00"), D("3600.00"), D("1450.00"), D("580.00")]
    lot4 = next(line for line in whole.splitlines() if line.startswith("4 "))
    assert _amount(re.findall(r"[\d.]+,\d\d\xa0€", lot4)[0]) == programme
    # the months up to the reference date: every level adds up, and it is the first view shown
    at = as_json["at_date"]
    assert at["months_up_to"] == "2020-06" and D(at["programme"]["planned"]) == D(as_json["position"]["committed"])
    for level in ("households", "lots", "funding_lines", "kinds"):
        assert sum(D(x["planned"]) for x in at[level]) == D(at["programme"]["planned"]), level
    assert D(at["programme"]["paid"]) == D(as_json["programme"]["paid"])   # nothing is paid ahead
    first_total = next(line for line in table.splitlines() if line.startswith("totale"))
    assert _amount(re.findall(r"[\d.]+,\d\d\xa0€", first_total)[0]) == D(at["programme"]["planned"])
    assert sum(D(r["planned"]) for r in by_section["at_date_programme"]) == D(at["programme"]["planned"])


def test_the_shipped_records_add_up_at_every_level(workspace):
    records = [loader.load_path(p).data for p in sorted((ROOT / "records").glob("*.yaml"))]
    rows = budget.ledger(records, workspace.programme)
    s = summarise(rows, workspace.programme, dt.date(2020, 6, 30), [r["id"] for r in records])
    money = budget.programme_money(rows)
    for lines in (s.households, s.lots, s.funding_lines, s.kinds, s.measures):
        assert sum((x.planned for x in lines), D(0)) == s.programme.planned == sum((r.planned for r in money), D(0))
        assert sum((x.paid for x in lines), D(0)) == s.programme.paid
    assert s.position.committed + s.position.future == s.programme.planned
    assert sum((a for _, a in s.forecast), D(0)) == s.position.future
    parsed = json.loads(render.as_json(s, {}, [], Texts("it")))
    assert D(parsed["programme"]["planned"]) == s.programme.planned
    assert sum(D(x["planned"]) for x in parsed["ledger"] if x["family"] != "co_participation") == s.programme.planned


def test_as_of_means_the_records_as_they_stood_that_day(workspace, capsys, monkeypatch):
    """The issue's case: `--as-of 2018-06-30` was titled with that day but counted payments of 2020."""
    done = in_process(capsys, monkeypatch, ROOT, "budget", "--as-of", "2018-06-30", "--format", "json")
    data = json.loads(done.stdout)
    assert D(data["programme"]["paid"]) == D(data["at_date"]["programme"]["paid"]) == D("1730.00")
    assert D(data["programme"]["planned"]) > D(data["at_date"]["programme"]["planned"])
    paid_by_household = {x["key"]: D(x["paid"]) for x in data["households"]}
    assert all(x["month"] <= "2018-06" for x in data["ledger"] if D(x["paid"]) > 0)
    assert sum(paid_by_household.values()) == D("1730.00")
    table = in_process(capsys, monkeypatch, ROOT, "budget", "--as-of", "2018-06-30").stdout
    assert table.startswith("Bilancio del programma al 30/06/2018")
    assert "634.670,00" not in table and "Al 30/06/2018: i mesi fino a 06/2018" in table
    assert "Intero programma: tutti i mesi previsti" in table


def test_household_filter_shows_its_monthly_ledger(golden_project, capsys, monkeypatch):
    done = in_process(capsys, monkeypatch, golden_project, "budget", "--household", "TH-4-0101", "--as-of", "2020-06-20")
    assert done.returncode == 0, done.stderr
    assert "Registro mensile" in done.stdout
    assert re.search(r"TH-4-0101\s+01/2020\s+H1\s+sostegno all'abitare: quota di affitto\s+250,00\xa0€\s+0,00\xa0€\s+250,00\xa0€",
                     done.stdout)
    assert "2.950,00\xa0€" in done.stdout and "DATI SINTETICI" in done.stdout


def test_lot_filter_and_unknown_lot(golden_project, capsys, monkeypatch):
    done = in_process(capsys, monkeypatch, golden_project, "budget", "--lot", "4", "--format", "json", "--as-of", "2020-06-20")
    assert done.returncode == 0 and json.loads(done.stdout)["programme"]["planned"] != "0.00"
    # a lot of the programme without a record is a filter that matches nothing, not a budget of zero (issue 24)
    done = in_process(capsys, monkeypatch, golden_project, "budget", "--lot", "1", "--format", "json", "--as-of", "2020-06-20")
    assert done.returncode == 2 and "nessuna scheda valida del lotto 1" in done.stderr and not done.stdout
    bad = in_process(capsys, monkeypatch, golden_project, "budget", "--lot", "9")
    assert bad.returncode == 2 and "lotto 9" in bad.stderr and "Traceback" not in bad.stderr


def test_bad_as_of_is_a_clear_message(golden_project, capsys, monkeypatch):
    done = in_process(capsys, monkeypatch, golden_project, "budget", "--as-of", "2020-02-30")
    assert done.returncode == 2 and "non è un giorno del calendario" in done.stderr and "Traceback" not in done.stderr
    done = in_process(capsys, monkeypatch, golden_project, "budget", "--as-of", "30-02-2020")
    assert done.returncode == 2 and "AAAA-MM-GG" in done.stderr and "Traceback" not in done.stderr


def test_invalid_records_are_skipped_and_announced(project_copy, capsys, monkeypatch):
    copy_golden(project_copy, invalid=True)
    done = in_process(capsys, monkeypatch, project_copy, "budget", "--format", "json", "--as-of", "2020-06-20")
    assert done.returncode == 1
    assert "records/TH-4-0199.yaml: scheda esclusa" in done.stderr and "housing-cap" not in done.stdout
    data = json.loads(done.stdout)
    assert data["skipped"] == ["records/TH-4-0199.yaml"]
    assert data["programme"]["planned"] == "5050.00"  # the other records still count


def test_envelope_from_the_configuration_is_checked(golden_project, capsys, monkeypatch):
    config = golden_project / "config" / "programme.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("    districts: [C1, C8]", "    districts: [C1, C8]\n    envelope: 5000.00"),
                      encoding="utf-8")
    done = in_process(capsys, monkeypatch, golden_project, "budget", "--format", "json", "--as-of", "2020-06-20")
    data = json.loads(done.stdout)
    lot4 = next(x for x in data["lots"] if x["key"] == "4")
    assert (lot4["envelope"], lot4["remaining"]) == ("5000.00", "-50.00")
    assert [(f["code"], f["severity"]) for f in data["findings"]] == [("budget-envelope", "warning")]
    assert done.returncode == 0  # a planned overrun is a warning


def test_caps_come_from_the_configuration_with_their_validity_period(workspace):
    import copy

    from tohome_tools.io import loader
    from tohome_tools.programme.config import Programme

    raw = copy.deepcopy(loader.load_path(Path(workspace.programme.source)).data)
    raw["caps"]["housing_support_per_household_month"] = [
        {"from": "2018-01-01", "to": "2019-12-31", "amount": D("300.00")},
        {"from": "2020-01-01", "to": None, "amount": D("280.00")}]
    lower = Programme.of(raw, workspace.programme.source)
    settings = Settings(lower, workspace.settings.schema_path)
    found = [f for f in validate([GOLDEN_RECORDS], settings, jobs=1).findings if f.code == "housing-cap"]
    # 2019 months of 300.00 pass under the old cap; February 2020 (300.00) breaks the new one
    assert found and all("02/2020" in said(f) and "280,00\xa0€" in said(f) for f in found)
    assert {Path(f.file).name for f in found} == {"TH-4-0101.yaml"}


def test_the_view_up_to_a_day_after_the_programme_s_end_names_its_last_month():
    """On 6 December 2026 a programme that ended in December 2020 counts its months up to 12/2020:
    the heading used to say "i mesi fino a 12/2026", months the programme never had."""
    from helpers import ROOT, tohome

    done = tohome("budget", "--as-of", "2026-12-06", cwd=ROOT)
    assert "Al 06/12/2026: i mesi fino a 12/2020" in done.stdout, done.stdout[:500]
    during = tohome("budget", "--as-of", "2019-06-30", cwd=ROOT)
    assert "Al 30/06/2019: i mesi fino a 06/2019" in during.stdout
