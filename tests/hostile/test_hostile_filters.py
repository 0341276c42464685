"""Filters, IDs and periods that match nothing, and one household held by two files.

An empty answer reads as "nothing due", "no money", "no participant": when the reason is a misspelt
ID, an unknown case manager, a period outside the programme or a path without records, the command
says so and exits 2 (in Italian; English with --lang en). An ID is taken in any case by every
command, and a file named twice counts once. A command about one household refuses while another
file holds the same ID. Real subprocesses of `tohome` on copies of the shipped records."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import ROOT, copy_project, git, tohome

from tohome_tools.io import loader

HOUSEHOLD = "TH-4-0001"
AS_OF = "2019-06-30"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("filtri") / "p", "config", "schemas", empty_records=True)
    for path in sorted((ROOT / "records").glob("TH-4-00[0-2]*.yaml")):
        shutil.copy(path, root / "records")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "schede")
    return root


def deadlines_json(project, *args):
    done = tohome("deadlines", "--format", "json", "--all", "--as-of", AS_OF, *args, cwd=project)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["deadlines"]


def test_an_id_in_lower_case_filters_as_in_upper_case(project):
    upper = deadlines_json(project, "--household", HOUSEHOLD)
    assert upper and {d["household"] for d in upper} == {HOUSEHOLD}
    assert deadlines_json(project, "--household", HOUSEHOLD.lower()) == upper
    assert deadlines_json(project, "--household", f" {HOUSEHOLD.lower()} ") == upper
    budget = [tohome("budget", "--household", given, "--format", "json", "--as-of", AS_OF, cwd=project)
              for given in (HOUSEHOLD, HOUSEHOLD.lower())]
    assert [b.returncode for b in budget] == [0, 0], budget[1].stderr
    first, second = (json.loads(b.stdout) for b in budget)
    assert first["households"] and (first["households"], first["programme"]) == (second["households"],
                                                                               second["programme"])


def test_a_case_manager_in_lower_case_filters_as_in_upper_case(project):
    code = loader.load_path(ROOT / "records" / f"{HOUSEHOLD}.yaml").data["staff"]["case_managers"][0]
    upper = deadlines_json(project, "--case-manager", code)
    assert upper and deadlines_json(project, "--case-manager", code.lower()) == upper


@pytest.mark.parametrize("args, words", [
    (["deadlines", "--household", "TH-4-9999"], "nessuna scheda TH-4-9999"),
    (["deadlines", "--household", "TH-4-0O01"], "nessuna scheda TH-4-0O01"),   # a letter O for a zero
    (["deadlines", "--case-manager", "CM-04-99"], "nessun nucleo ha il case manager CM-04-99"),
    (["budget", "--household", "th-4-9999"], "nessuna scheda TH-4-9999"),
    (["budget", "--lot", "2"], "nessuna scheda valida del lotto 2"),
    (["indicators", "--period", "2030"], "è fuori dalla finestra del programma"),
    (["indicators", "--period", "2017-H2"], "è fuori dalla finestra del programma"),
    (["sheet", "TH-4-9999"], "nessuna scheda TH-4-9999"),
    (["history", "TH-4-9999"], "nessuna scheda TH-4-9999"),
    (["validate", "vuota"], "nessuna scheda in vuota"),
    (["budget", "vuota"], "nessuna scheda in vuota"),
    (["deadlines", "vuota"], "nessuna scheda in vuota"),
    (["indicators", "vuota", "--period", "2019"], "nessuna scheda in vuota"),
])
def test_a_filter_that_matches_nothing_is_an_error_that_says_so(project, args, words):
    (project / "vuota").mkdir(exist_ok=True)
    done = tohome(*args, "--as-of", AS_OF, cwd=project) if args[0] in ("deadlines", "budget") else \
        tohome(*args, cwd=project)
    assert done.returncode == 2, (args, done.returncode, done.stdout[:300], done.stderr)
    assert words in done.stderr and not done.stdout.strip(), done.stderr


def test_english_says_it_too(project):
    done = tohome("deadlines", "--household", "TH-4-9999", "--lang", "en", cwd=project)
    assert done.returncode == 2 and "no record TH-4-9999" in done.stderr
    done = tohome("indicators", "--period", "2030", "--lang", "en", cwd=project)
    assert done.returncode == 2 and "outside the programme window" in done.stderr


def test_the_same_file_named_twice_counts_once(project):
    relative = f"records/{HOUSEHOLD}.yaml"
    absolute = str(project / relative)
    for args in (["validate", relative, absolute], ["validate", "records", absolute]):
        done = tohome(*args, cwd=project)
        assert done.returncode == 0 and "duplicate-id" not in done.stdout, done.stdout
    once = tohome("budget", relative, "--format", "json", "--as-of", AS_OF, cwd=project)
    twice = tohome("budget", relative, absolute, "--format", "json", "--as-of", AS_OF, cwd=project)
    assert once.returncode == twice.returncode == 0, twice.stderr
    assert json.loads(twice.stdout)["programme"] == json.loads(once.stdout)["programme"]
    assert json.loads(twice.stdout)["skipped"] == []
    listed = tohome("deadlines", "records", absolute, "--all", "--as-of", AS_OF, "--format", "json", cwd=project)
    assert listed.returncode == 0, listed.stderr


@pytest.mark.parametrize("given", [f"records/{HOUSEHOLD}.yaml", f"./records/{HOUSEHOLD.lower()}.yaml"])
@pytest.mark.parametrize("command", [["budget", "--as-of", AS_OF, "--household"], ["deadlines", "--all", "--as-of",
                                     AS_OF, "--household"], ["history"], ["erase", "--request"]])
def test_a_record_path_is_taken_wherever_an_id_is(project, command, given):
    args = [*command, given] if command[0] in ("budget", "deadlines") else [command[0], given, *command[1:]]
    done = tohome(*args, cwd=project)
    assert done.returncode == 0 and HOUSEHOLD in done.stdout, (args, done.stderr)


def test_erase_and_transfer_take_an_id_in_any_case(project):
    erase = tohome("erase", HOUSEHOLD.lower(), "--request", cwd=project)
    assert erase.returncode == 0 and HOUSEHOLD in erase.stdout, erase.stderr
    move = tohome("transfer", HOUSEHOLD.lower(), "--to-lot", "3", "--district", "C3", cwd=project)
    assert move.returncode == 0 and HOUSEHOLD in move.stdout, move.stderr


# --- one household, two files ---------------------------------------------------------------------

@pytest.fixture
def old_copy(tmp_path) -> Path:
    """The issue's case: an old copy of TH-4-0001 left in records/2018/, with another co-participation."""
    root = copy_project(tmp_path / "p", "config", "schemas", empty_records=True)
    text = (ROOT / "records" / f"{HOUSEHOLD}.yaml").read_text(encoding="utf-8")
    (root / "records" / f"{HOUSEHOLD}.yaml").write_text(text, encoding="utf-8")
    (root / "records" / "TH-4-0002.yaml").write_bytes((ROOT / "records" / "TH-4-0002.yaml").read_bytes())
    (root / "records" / "2018").mkdir()
    old = text.replace("monthly_amount: 30.00", "monthly_amount: 90.00", 1)
    assert old != text
    (root / "records" / "2018" / f"{HOUSEHOLD}.yaml").write_text(old, encoding="utf-8")
    shutil.copy(ROOT / ".gitignore", root / ".gitignore")
    (root / "riservato").mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "schede")
    return root


@pytest.mark.parametrize("args", [
    ["sheet", HOUSEHOLD, "--out", "riservato/scheda.html"],
    ["sheet", f"records/{HOUSEHOLD}.yaml", "--out", "riservato/scheda.html"],
    ["history", HOUSEHOLD.lower()],
    ["budget", "--household", HOUSEHOLD, "--as-of", AS_OF],
    ["deadlines", "--household", HOUSEHOLD, "--as-of", AS_OF],
    ["transfer", HOUSEHOLD, "--to-lot", "3", "--district", "C3"],
])
def test_a_command_about_one_household_refuses_while_its_id_is_duplicated(old_copy, args):
    done = tohome(*args, cwd=old_copy)
    assert done.returncode == 2, (args, done.returncode, done.stderr)
    assert "è scritto in più schede" in done.stderr, done.stderr
    assert f"records/2018/{HOUSEHOLD}.yaml" in done.stderr and f"records/{HOUSEHOLD}.yaml" in done.stderr
    assert not (old_copy / "riservato" / "scheda.html").exists()


def test_a_copy_under_another_name_is_a_duplicate_too(old_copy):
    shutil.move(old_copy / "records" / "2018" / f"{HOUSEHOLD}.yaml", old_copy / "records" / "2018" / "copia.yaml")
    done = tohome("sheet", HOUSEHOLD, "--out", "riservato/scheda.html", cwd=old_copy)
    assert done.returncode == 2 and "records/2018/copia.yaml" in done.stderr, done.stderr


def test_totals_use_neither_copy_of_a_duplicated_household(old_copy):
    done = tohome("budget", "--as-of", AS_OF, "--format", "json", cwd=old_copy)
    assert done.returncode == 1
    skipped = json.loads(done.stdout)["skipped"]
    assert sorted(skipped) == [f"records/2018/{HOUSEHOLD}.yaml", f"records/{HOUSEHOLD}.yaml"]
    assert f"records/2018/{HOUSEHOLD}.yaml: scheda esclusa" in done.stderr


def test_the_duplicate_refusal_is_in_english_too(old_copy):
    done = tohome("sheet", HOUSEHOLD, "--lang", "en", "--out", "riservato/scheda.html", cwd=old_copy)
    assert done.returncode == 2 and "is written in more than one record" in done.stderr



@pytest.fixture
def one_broken(tmp_path) -> Path:
    """TH-4-0001 with an impossible day, beside a valid TH-4-0002."""
    root = copy_project(tmp_path / "p", "config", "schemas", empty_records=True)
    for name in (HOUSEHOLD, "TH-4-0002"):
        (root / "records" / f"{name}.yaml").write_bytes((ROOT / "records" / f"{name}.yaml").read_bytes())
    broken = root / "records" / f"{HOUSEHOLD}.yaml"
    text = broken.read_text(encoding="utf-8")
    day = text.split("proposed_on: ", 1)[1].split("\n", 1)[0]
    broken.write_text(text.replace(f"proposed_on: {day}", 'proposed_on: "2018-02-30"', 1), encoding="utf-8")
    return root


@pytest.mark.parametrize("command", ["budget", "deadlines"])
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_a_broken_household_asked_for_by_id_is_refused_once_with_nothing_on_stdout(one_broken, command, fmt):
    done = tohome(command, "--household", HOUSEHOLD, "--format", fmt, "--as-of", AS_OF, cwd=one_broken)
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""   # no empty report a script could take for "nothing due"
    assert done.stderr.count(f"records/{HOUSEHOLD}.yaml") == 2, done.stderr   # the refusal and its advice
    assert done.stderr.count("\n") == 1 and "ha errori di validazione" in done.stderr, done.stderr


@pytest.mark.parametrize("command", ["budget", "deadlines"])
def test_another_households_broken_file_is_still_said_beside_a_valid_one(one_broken, command):
    done = tohome(command, "--household", "TH-4-0002", "--format", "json", "--as-of", AS_OF, cwd=one_broken)
    assert done.returncode == 1, done.stderr   # a file was left out: the exit code says so
    assert json.loads(done.stdout)["skipped"] == [f"records/{HOUSEHOLD}.yaml"]
    assert f"records/{HOUSEHOLD}.yaml: scheda esclusa" in done.stderr
