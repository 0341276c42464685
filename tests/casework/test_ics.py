"""ICS export: a real parser reads it, UIDs are stable, lines are CRLF and folded at 75 octets."""

from __future__ import annotations

import datetime as dt
import json
import re

import icalendar
import pytest
from casework_helpers import copy_golden, golden_records, in_process

from tohome_tools.casework import deadlines, ics
from tohome_tools.core.workdays import Calendar


@pytest.fixture(scope="module")
def exported(workspace):
    calendar = Calendar.from_programme(workspace.programme)
    items = deadlines.deadlines(golden_records(), workspace.programme, dt.date(2020, 6, 20), calendar)
    return items, ics.calendar_bytes(items, workspace.programme, dt.date(2020, 6, 20), calendar, synthetic=True)


def test_a_standard_parser_reads_every_event(exported):
    items, data = exported
    cal = icalendar.Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(items) == 37
    by_uid = {str(e["UID"]): e for e in events}
    assert len(by_uid) == 37
    for item in items:
        event = by_uid[ics.uid(item)]
        assert event.decoded("DTSTART") == item.due
        assert event.decoded("DTEND") == item.due + dt.timedelta(days=1)
    pact = by_uid[ics.uid(next(d for d in items if d.household == "TH-4-0103" and d.kind == "pact"))]
    assert str(pact["SUMMARY"]) == "Firma del patto di adesione - TH-4-0103"
    assert "spostata da mercoledì 24/06/2020 (San Giovanni" in str(pact["DESCRIPTION"])
    assert "DATI SINTETICI" in str(pact["DESCRIPTION"])


def test_crlf_and_folding(exported):
    _, data = exported
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    assert b"\r\n " in data  # long summaries were folded


def test_folding_never_splits_a_utf8_character():
    line = "DESCRIPTION:" + "è" * 100
    folded = ics.fold(line)
    for part in folded.split(b"\r\n"):
        part.decode("utf-8")  # raises if a character was cut in two
        assert len(part) <= 75
    assert folded.replace(b"\r\n ", b"").rstrip(b"\r\n").decode("utf-8") == line


def test_same_input_same_bytes_and_later_export_keeps_uids(workspace, exported):
    items, data = exported
    calendar = Calendar.from_programme(workspace.programme)
    again = ics.calendar_bytes(deadlines.deadlines(golden_records(), workspace.programme, dt.date(2020, 6, 20), calendar),
                               workspace.programme, dt.date(2020, 6, 20), calendar, synthetic=True)
    assert again == data
    later_items = deadlines.deadlines(golden_records(), workspace.programme, dt.date(2020, 7, 1), calendar)
    later = icalendar.Calendar.from_ical(ics.calendar_bytes(later_items, workspace.programme, dt.date(2020, 7, 1), calendar))
    first = icalendar.Calendar.from_ical(data)
    assert {str(e["UID"]) for e in later.walk("VEVENT")} == {str(e["UID"]) for e in first.walk("VEVENT")}
    stamps = {e.decoded("DTSTAMP") for e in later.walk("VEVENT")}
    assert stamps == {dt.datetime(2020, 7, 1, tzinfo=dt.timezone.utc)}  # newer than the first export's
    sequences = {int(e["SEQUENCE"]) for e in later.walk("VEVENT")}
    assert sequences == {7487} and {int(e["SEQUENCE"]) for e in first.walk("VEVENT")} == {7476}


def test_text_is_escaped():
    assert ics.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_command_writes_the_file_and_a_second_run_gives_the_same_uids(project_copy, capsys, monkeypatch):
    copy_golden(project_copy)
    target = project_copy / "out" / "scadenze.ics"
    done = in_process(capsys, monkeypatch, project_copy, "deadlines", "--as-of", "2020-06-20", "--within", "7",
                      "--ics", str(target))
    assert done.returncode == 0, done.stderr
    first = target.read_bytes()
    in_process(capsys, monkeypatch, project_copy, "deadlines", "--as-of", "2020-06-20", "--within", "7",
               "--ics", str(target))
    assert target.read_bytes() == first
    assert [p.name for p in target.parent.iterdir()] == ["scadenze.ics"]  # no temporary file left


@pytest.mark.parametrize("view", [["--within", "7"], [], ["--all"], ["--kind", "monitoring", "--all"],
                                  ["--household", "TH-4-0103", "--all"]])
def test_the_calendar_holds_the_deadlines_the_view_lists(project_copy, capsys, monkeypatch, view):
    """The same filters as the list, no more: with --all the done ones too (they update an earlier import)."""
    copy_golden(project_copy)
    target = project_copy / "out" / "scadenze.ics"
    listed = in_process(capsys, monkeypatch, project_copy, "deadlines", "--as-of", "2020-06-20", *view,
                        "--format", "json")
    rows = json.loads(listed.stdout)["deadlines"]
    assert rows, view
    done = in_process(capsys, monkeypatch, project_copy, "deadlines", "--as-of", "2020-06-20", *view,
                      "--ics", str(target))
    assert done.returncode == 0, done.stderr
    events = list(icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert sorted((e.decoded("DTSTART").isoformat(), str(e["SUMMARY"]).removeprefix("[fatta] ")) for e in events) == \
        sorted((r["due"], f"{r['label']} - {r['household']}") for r in rows)
    assert f"Calendario scritto in {target}: {len(rows)} " in done.stdout   # said, with the count
    if "--all" not in view:
        assert not any(str(e["SUMMARY"]).startswith("[fatta]") for e in events)


@pytest.mark.parametrize("lang", ["it", "en"])
def test_every_word_and_date_of_the_calendar_is_in_the_readers_language(project_copy, capsys, monkeypatch, lang):
    copy_golden(project_copy)
    target = project_copy / "out" / "scadenze.ics"
    done = in_process(capsys, monkeypatch, project_copy, "deadlines", "--lang", lang, "--as-of", "2020-06-20", "--all",
                      "--ics", str(target), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["deadlines"]   # the JSON on stdout stays JSON: the line went to stderr
    assert str(target) in done.stderr
    events = list(icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    categories = {str(c) for e in events for c in e["CATEGORIES"].cats}
    expected = set(deadlines.CATEGORIES[lang].values())
    assert categories and categories <= expected, categories
    assert not categories & set(deadlines.KINDS)   # no internal code
    descriptions = "\n".join(str(e["DESCRIPTION"]) for e in events)
    if lang == "it":
        assert re.search(r"\d{2}/\d{2}/\d{4}", descriptions) and not re.search(r"\d{4}-\d{2}-\d{2}", descriptions)
        assert "Fatta il" in descriptions and "Stato:" in descriptions
    else:
        assert not re.search(r"\d{2}/\d{2}/\d{4}", descriptions) and "Done on" in descriptions
        assert "Stato" not in descriptions and "spostata" not in descriptions
