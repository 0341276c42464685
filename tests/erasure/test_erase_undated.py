"""A closure date that does not read never makes a household "never closed": `tohome erase --expired`
would then keep it years past its legal limit, with exit 0 and no word (an outside adversary's case).
Also: a day before the programme is a question with no answer, and the retention rule's years are
said, never "?". Real repositories and real `tohome` subprocesses; nothing is applied."""

from __future__ import annotations

import pytest
from helpers import tohome
from repos_helpers import project_repo

EXPIRED = "TH-1-0001"   # closed in 2018-2019: its retention ended years before the day below
AS_OF = "2026-12-06"


@pytest.fixture
def project(tmp_path):
    return project_repo(tmp_path / "citta", (EXPIRED, "TH-1-0002", "TH-4-0055"))


def _closure_written(repo, written: str) -> None:
    path = repo / "records" / f"{EXPIRED}.yaml"
    text = path.read_text(encoding="utf-8")
    day = text.split("closed_on: ", 1)[1].split("\n", 1)[0]
    path.write_text(text.replace(f"closed_on: {day}", f"closed_on: {written}", 1), encoding="utf-8")


def test_the_control_lists_the_household(project):
    done = tohome("erase", "--expired", "--as-of", AS_OF, "--format", "json", cwd=project)
    assert done.returncode == 0, done.stderr
    assert EXPIRED in done.stdout


@pytest.mark.parametrize("written", ['"21/12/2018"', '"2018-13-01"', '""', "null", '"2018-12-21 "',
                                     '"2018-12-21T00:00:00"'])
def test_an_unreadable_closure_date_stops_the_expired_listing_and_says_which(project, written):
    _closure_written(project, written)
    done = tohome("erase", "--expired", "--as-of", AS_OF, cwd=project)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"records/{EXPIRED}.yaml: la data " in done.stderr and "non è una data" in done.stderr
    assert done.stdout == ""   # no list of the others that reads as "these are all"


def test_an_unreadable_closure_date_is_never_taken_for_a_project_not_closed(project):
    _closure_written(project, '"21/12/2018"')
    done = tohome("erase", EXPIRED, cwd=project)
    assert done.returncode == 2
    assert "mai chiuso" not in done.stderr + done.stdout and "non è una data" in done.stderr
    english = tohome("erase", EXPIRED, "--lang", "en", cwd=project)
    assert english.returncode == 2 and "is not a date" in english.stderr


def test_on_request_the_closure_date_does_not_matter(project):
    _closure_written(project, '"21/12/2018"')
    done = tohome("erase", EXPIRED, "--request", cwd=project)
    assert done.returncode == 0, done.stderr
    assert "su richiesta della persona" in done.stdout


def test_a_day_before_the_programme_is_refused_not_answered_with_nothing(project):
    done = tohome("erase", "--expired", "--as-of", "2018-01-01", cwd=project)
    assert done.returncode == 2 and "prima dell'inizio del programma" in done.stderr, done.stdout + done.stderr


def test_a_household_not_yet_due_is_told_with_the_years_of_its_rule(project):
    done = tohome("erase", "TH-4-0055", cwd=project)   # closed in 2020: due at the end of 2027
    assert done.returncode == 2
    assert "7 anni dalla" in done.stderr and "?" not in done.stderr, done.stderr


def test_a_project_never_closed_counted_from_its_last_activity_with_a_date_that_does_not_read(project):
    """With `retention_open_from: last_activity`, a malformed last date was skipped and the retention
    counted from the date before it (an outside adversary's case)."""
    config = project / "config" / "programme.yaml"
    text = config.read_text(encoding="utf-8")
    assert "retention_open_from" in text
    config.write_text(text.replace("retention_open_from: programme_end", "retention_open_from: last_activity"),
                      encoding="utf-8")
    path = project / "records" / f"{EXPIRED}.yaml"
    record = path.read_text(encoding="utf-8")
    record = record[:record.index("\nclosure:")] + "\n"   # never closed (closure is the last section)
    last = record.rsplit("  - date: ", 1)[1].split("\n", 1)[0]
    path.write_text(record.replace(f"  - date: {last}", '  - date: "2019-31-12"'), encoding="utf-8")
    done = tohome("erase", "--expired", "--as-of", AS_OF, cwd=project)
    assert done.returncode == 2 and "«2019-31-12»" in done.stderr, done.stdout + done.stderr
