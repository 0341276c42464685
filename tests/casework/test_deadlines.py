"""Deadlines: the golden list (computed by hand), the Italian working-day calendar, the command."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from casework_helpers import GOLDEN, copy_golden, golden_records, in_process, tohome

from tohome_tools.casework import deadlines
from tohome_tools.core.workdays import Calendar, easter

AS_OF = dt.date(2020, 6, 20)  # a Saturday
TURIN = Calendar(((6, 24, "San Giovanni"),))


def _iso(day):
    return day.isoformat() if day else ""


def test_golden_deadlines_match_the_hand_computed_list(workspace):
    with (GOLDEN / "deadlines-2020-06-20.csv").open(encoding="utf-8") as handle:
        expected = [tuple(r.values()) for r in csv.DictReader(handle)]
    got = [(d.household, d.kind, d.item, _iso(d.computed), _iso(d.due), _iso(d.done_on), d.status)
           for d in deadlines.deadlines(golden_records(), workspace.programme, AS_OF)]
    assert got == expected


@pytest.mark.parametrize("year, sunday", [(2018, "2018-04-01"), (2019, "2019-04-21"), (2020, "2020-04-12"),
                                          (2021, "2021-04-04"), (2024, "2024-03-31"), (2025, "2025-04-20"),
                                          (2027, "2027-03-28")])
def test_easter_sunday(year, sunday):
    assert easter(year) == dt.date.fromisoformat(sunday)


@pytest.mark.parametrize("day, moved, reason", [
    ("2020-06-24", "2020-06-25", "San Giovanni"),                       # Turin's patron, a Wednesday
    ("2019-04-21", "2019-04-23", "Pasqua"),                             # Easter Sunday, then Easter Monday
    ("2020-04-13", "2020-04-14", "Lunedì dell'Angelo (Pasquetta)"),
    ("2020-04-25", "2020-04-27", "Festa della Liberazione"),            # a Saturday holiday
    ("2020-05-01", "2020-05-04", "Festa del Lavoro"),                   # Friday holiday, then weekend
    ("2020-02-29", "2020-03-02", "sabato"),                             # the leap day
    ("2020-12-25", "2020-12-28", "Natale"),                             # Christmas, Santo Stefano, Sunday
    ("2020-06-23", "2020-06-23", None),                                 # a working Tuesday stays
])
def test_a_due_date_moves_to_the_next_working_day(day, moved, reason):
    day = dt.date.fromisoformat(day)
    assert TURIN.move(day) == dt.date.fromisoformat(moved)
    assert TURIN.why_not_working(day) == reason


def test_ends_move_back_and_24_june_is_only_a_holiday_with_the_local_calendar():
    assert TURIN.move(dt.date(2020, 6, 24), end=True) == dt.date(2020, 6, 23)
    assert TURIN.move(dt.date(2020, 2, 29), end=True) == dt.date(2020, 2, 28)
    assert Calendar().is_working_day(dt.date(2020, 6, 24))
    assert not TURIN.is_working_day(dt.date(2020, 6, 24))


def test_calendar_comes_from_the_programme_file(workspace):
    calendar = Calendar.from_programme(workspace.programme)
    assert calendar.holiday_name(dt.date(2021, 6, 24)).startswith("San Giovanni")
    assert (calendar.shift, calendar.shift_ends) == ("next_working_day", "previous_working_day")


def test_retention_after_a_leap_day_closure_is_end_of_february_and_moves_earlier(workspace):
    """Closed on 29 February 2020: 7 years later is 28 February 2027, a Sunday. An erasure never
    moves past the legal limit: Friday 26 February, not Monday 1 March. The projects still open on
    the day are kept 7 years from the programme's end (31 December 2020): 31 December 2027."""
    items = deadlines.deadlines(golden_records(), workspace.programme, AS_OF)
    retention = [d for d in items if d.kind == "retention_end"]
    assert [(d.household, d.computed, d.due) for d in retention] == \
        [("TH-4-0102", dt.date(2027, 2, 28), dt.date(2027, 2, 26))] + \
        [(h, dt.date(2027, 12, 31), dt.date(2027, 12, 31)) for h in ("TH-4-0101", "TH-4-0103", "TH-4-0104", "TH-4-0105")]
    later = deadlines.deadlines(golden_records(), workspace.programme, dt.date(2027, 3, 2))
    assert next(d for d in later if d.kind == "retention_end").status == "overdue"


def test_statuses_follow_the_reference_day(workspace):
    items = deadlines.deadlines(golden_records(), workspace.programme, dt.date(2020, 6, 26))
    pact = next(d for d in items if d.household == "TH-4-0103" and d.kind == "pact")
    assert pact.status == "overdue"  # due Thursday 25 June
    w1 = next(d for d in items if d.kind == "internship_end")
    assert (w1.status, w1.done_on) == ("done", dt.date(2020, 6, 24))


def test_select_within_and_case_manager(workspace):
    items = deadlines.deadlines(golden_records(), workspace.programme, AS_OF)
    soon = deadlines.select(items, AS_OF, within=7)
    assert [(d.household, d.kind, d.status) for d in soon] == [
        ("TH-4-0105", "monitoring", "overdue"), ("TH-4-0105", "max_duration", "overdue"),
        ("TH-4-0104", "project", "overdue"), ("TH-4-0101", "internship_end", "due_soon"),
        ("TH-4-0103", "pact", "due_soon")]
    mine = deadlines.select(items, AS_OF, case_manager="CM-04-01", include_done=True)
    assert {d.household for d in mine} == {"TH-4-0101", "TH-4-0102"}  # 0102 has two case managers


@pytest.fixture
def golden_project(project_copy):
    copy_golden(project_copy)
    return project_copy


def test_command_table_in_italian(golden_project):
    done = tohome("deadlines", "--as-of", "2020-06-20", "--within", "7", cwd=golden_project)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Scadenze al 20/06/2020: 5 (3 scadute, 2 in scadenza entro 7 giorni)"
    assert lines[1] == "Elenco: le scadenze non fatte, scadute o entro 7 giorni."
    assert "DATI SINTETICI" in lines[2]
    row = next(line for line in lines if "TH-4-0103" in line)
    assert row.startswith("25/06/2020  in scadenza  TH-4-0103  CM-04-03")
    assert "Firma del patto di adesione" in row and "spostata da mercoledì 24/06/2020 (San Giovanni" in row


def test_command_json_csv_and_filters(golden_project, capsys, monkeypatch):
    done = in_process(capsys, monkeypatch, golden_project, "deadlines", "--as-of", "2020-06-20", "--all",
                      "--format", "json", "--lang", "en")
    data = json.loads(done.stdout)
    assert len(data["deadlines"]) == 37 and data["synthetic"] is True
    first = data["deadlines"][0]
    assert first["household"] == "TH-4-0105" and first["label"] == "Participation pact signature"
    done = in_process(capsys, monkeypatch, golden_project, "deadlines", "--as-of", "2020-06-20",
                      "--case-manager", "CM-04-03", "--within", "3653", "--format", "csv")
    rows = list(csv.DictReader(done.stdout.splitlines()))
    assert [(r["household"], r["kind"], r["status"]) for r in rows] == [
        ("TH-4-0104", "project", "overdue"), ("TH-4-0103", "pact", "due_soon"),
        ("TH-4-0103", "programme_end", "upcoming"), ("TH-4-0104", "programme_end", "upcoming"),
        ("TH-4-0104", "max_duration", "upcoming"), ("TH-4-0103", "max_duration", "upcoming")]
    # by default: what is overdue or due within the configured notice (7 days), nothing later
    done = in_process(capsys, monkeypatch, golden_project, "deadlines", "--as-of", "2020-06-20",
                      "--case-manager", "CM-04-03", "--format", "csv")
    rows = list(csv.DictReader(done.stdout.splitlines()))
    assert [(r["household"], r["kind"], r["status"]) for r in rows] == [
        ("TH-4-0104", "project", "overdue"), ("TH-4-0103", "pact", "due_soon")]


def test_command_refuses_negative_within(golden_project, capsys, monkeypatch):
    done = in_process(capsys, monkeypatch, golden_project, "deadlines", "--within", "-1")
    assert done.returncode == 2 and "--within" in done.stderr


def test_as_of_means_what_had_happened_by_that_day(project_copy):
    """`--as-of 2019-07-15` used to mark meetings of 2020 and the programme end as done: the record
    is now taken as it stood that day."""
    import json
    import shutil

    from helpers import ROOT, tohome

    shutil.copy(ROOT / "records" / "TH-4-0001.yaml", project_copy / "records")
    done = tohome("deadlines", "--as-of", "2019-07-15", "--household", "TH-4-0001", "--all", "--format", "json",
                  cwd=project_copy)
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)["deadlines"]
    assert items and all(i["done_on"] is None or i["done_on"] <= "2019-07-15" for i in items), items
    by_kind = {}
    for item in items:
        by_kind.setdefault(item["kind"], []).append(item)
    assert [i["status"] for i in by_kind["programme_end"]] == ["upcoming"]
    assert [i["status"] for i in by_kind["monitoring"]][-1] != "done"   # the next meeting is still to come
    # not closed yet on that day: kept 7 years from the programme's end, 31 December 2020
    assert [(i["computed"], i["due"]) for i in by_kind["retention_end"]] == [("2027-12-31", "2027-12-31")]
    later = json.loads(tohome("deadlines", "--as-of", "2021-01-31", "--household", "TH-4-0001", "--all",
                              "--format", "json", cwd=project_copy).stdout)["deadlines"]
    assert {i["kind"] for i in later if i["status"] == "done"} >= {"programme_end", "monitoring"}


def test_the_default_view_is_what_a_case_manager_acts_on(project_copy):
    """The default list of 2019 had 585 rows, 300 of them retention dates of 2026-27: now it holds
    what is overdue or due within the configured notice; retention is its own listing."""
    import json
    import shutil

    from helpers import ROOT, tohome

    for path in sorted((ROOT / "records").glob("TH-4-00*.yaml"))[:30]:
        shutil.copy(path, project_copy / "records")
    show = lambda *extra: json.loads(tohome("deadlines", "--as-of", "2019-12-31", "--format", "json", *extra,  # noqa: E731
                                            cwd=project_copy).stdout)["deadlines"]
    default = show()
    assert default and {d["status"] for d in default} <= {"overdue", "due_soon"}, default
    assert all(d["kind"] != "retention_end" for d in default)
    retention = show("--kind", "retention_end")
    assert retention and {d["kind"] for d in retention} == {"retention_end"}
    everything = show("--all")
    assert len(everything) > len(default) + len(retention) - 1


def test_national_holidays_agree_with_the_maintained_holidays_package():
    """The law changes (4 October came back from 2026, L. 151/2025): the hand-written list is held
    against python-holidays' Italian calendar, year by year, so a change in the law shows up here."""
    import holidays

    plain = Calendar()   # national holidays only, no local patron
    for year in range(2018, 2036):
        # a holiday on a Sunday changes no due date (Easter; National Unity Day, the first Sunday of November)
        theirs = {day for day in holidays.Italy(years=year) if day.isoweekday() != 7}
        ours = {day for day in plain.holidays(year) if day.isoweekday() != 7}
        assert ours == theirs, (year, sorted(ours - theirs), sorted(theirs - ours))
    assert dt.date(2026, 10, 4) in plain.holidays(2026) and dt.date(2025, 10, 4) not in plain.holidays(2025)


@pytest.mark.parametrize("extra, said, window", [
    ([], "scadute o entro 7 giorni (il preavviso della configurazione)", 7),
    (["--within", "3"], "scadute o entro 3 giorni.", 3),
    (["--kind", "monitoring"], "tutte le scadenze non fatte di questo tipo, anche lontane", None),
    (["--kind", "monitoring", "--within", "30"], "scadute o entro 30 giorni.", 30),
    (["--all"], "tutte le scadenze, anche fatte o lontane.", None),
    (["--all", "--within", "3"], "tutte le scadenze fino a 3 giorni dalla data di riferimento, anche fatte.", 3),
    (["--all", "--kind", "monitoring"], "tutte le scadenze, anche fatte o lontane.", None),
])
def test_the_list_says_which_deadlines_it_holds(project_copy, extra, said, window):
    """--kind lists every deadline of its kind, however far: the table says so under its title and the
    JSON carries the window, so a short or a long list is never misread."""
    import shutil

    from helpers import ROOT, tohome

    for path in sorted((ROOT / "records").glob("TH-4-00*.yaml"))[:30]:
        shutil.copy(path, project_copy / "records")
    table = tohome("deadlines", "--as-of", "2019-12-31", *extra, cwd=project_copy)
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[1].startswith("Elenco: ") and said in table.stdout.splitlines()[1]
    assert ("Solo il tipo monitoring." in table.stdout.splitlines()[1]) == ("--kind" in extra)
    data = json.loads(tohome("deadlines", "--as-of", "2019-12-31", "--format", "json", *extra, cwd=project_copy).stdout)
    assert data["view"]["within_days"] == window and data["view"]["done_included"] == ("--all" in extra)
    kinds = data["view"]["kinds"]
    assert kinds == ["monitoring"] if "--kind" in extra else ("retention_end" in kinds) == ("--all" in extra)
    if "--kind" in extra and window is None:   # far ones too: a planned monitoring visit after the notice
        due = [d["due"] for d in data["deadlines"]]
        assert due and max(due) > "2020-01-07"
