"""From the outside adversary: programme files the schema alone let through (caps that overlap or
leave days without a cap, a holiday on a day that never exists, a funding line listed twice, empty
or repeated keywords, a rule without its level). Each is refused by the real command, in a copy of
the project, at its own line and column, in Italian (English with --lang en), exit 2, no traceback."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers import ROOT, copy_project, tohome

PROGRAMME = "config/programme.yaml"
CLEAN = (ROOT / PROGRAMME).read_text(encoding="utf-8")
HOUSING = '    - {from: "2018-01-01", to: null, amount: 300.00}     # fonte: fino a 300 euro mensili'


def project(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    """A copy of the project whose programme file has `old` (once in it) replaced by `new`."""
    assert CLEAN.count(old) == 1, old
    root = copy_project(tmp_path / "progetto", "config", "schemas", empty_records=True)
    text = CLEAN.replace(old, new)
    (root / PROGRAMME).write_text(text, encoding="utf-8")
    return root, text


def at(text: str, needle: str, nth: int = 1) -> str:
    """"line:column:" of the `nth` occurrence of `needle` in `text`, counted here, not taken from the tool."""
    index = -1
    for _ in range(nth):
        index = text.index(needle, index + 1)
    before = text[:index]
    return f"{PROGRAMME}:{before.count(chr(10)) + 1}:{index - before.rfind(chr(10))}:"


def refused(root: Path, *args: str) -> str:
    """The configuration findings of `tohome validate` (exit 2, nothing on stdout, no traceback)."""
    done: subprocess.CompletedProcess = tohome("validate", *args, cwd=root, timeout=120)
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert done.stdout == "" and "Traceback" not in done.stderr, done.stderr
    return done.stderr


def finding(stderr: str, where: str, code: str) -> str:
    """The one finding line at `where` with `code`."""
    rows = [row for row in stderr.splitlines() if where in row and f" {code} " in row]
    assert len(rows) == 1, stderr
    return rows[0]


# ---- 1. caps: one period a day, every day of the window -------------------------------------------

def test_overlapping_cap_periods_are_refused_at_the_later_from(tmp_path):
    root, text = project(tmp_path, HOUSING, '    - {from: "2018-01-01", to: "2019-06-30", amount: 300.00}\n'
                                            '    - {from: "2019-04-01", to: null, amount: 280.00}')
    row = finding(refused(root), at(text, '"2019-04-01"'), "config-cap-overlap")
    assert "errore" in row and "01/04/2019" in row and "01/01/2018" in row and "si sovrappone" in row, row
    english = finding(refused(root, "--lang", "en"), at(text, '"2019-04-01"'), "config-cap-overlap")
    assert "error" in english and "overlaps" in english and "si sovrappone" not in english, english


def test_an_open_to_is_in_force_for_ever_so_a_later_period_overlaps_it(tmp_path):
    """`to: null` (or no `to`) is what the programme means by a cap still in force: the later one,
    even listed first, overlaps it."""
    root, text = project(tmp_path, HOUSING, '    - {from: "2020-01-01", amount: 280.00}\n'
                                            '    - {from: "2018-01-01", to: null, amount: 300.00}')
    row = finding(refused(root), at(text, '"2020-01-01"'), "config-cap-overlap")
    assert "01/01/2018" in row, row


def test_a_gap_between_cap_periods_names_the_days_without_a_cap(tmp_path):
    root, text = project(tmp_path, HOUSING, '    - {from: "2018-01-01", to: "2019-03-29", amount: 300.00}\n'
                                            '    - {from: "2019-04-01", to: null, amount: 280.00}')
    row = finding(refused(root), at(text, '"2019-04-01"'), "config-cap-gap")
    assert "2 giorni" in row and "dal 30/03/2019 al 31/03/2019" in row, row
    english = finding(refused(root, "--lang", "en"), at(text, '"2019-04-01"'), "config-cap-gap")
    assert "2 days" in english and "from 2019-03-30 to 2019-03-31" in english, english


def test_one_day_without_a_cap_is_one_day_and_only_the_window_counts(tmp_path):
    # the window starts on 2018-04-04: of the gap 2017-07-01..2018-04-04 only 2018-04-04 is inside it
    root, text = project(tmp_path, HOUSING, '    - {from: "2015-01-01", to: "2017-06-30", amount: 250.00}\n'
                                            '    - {from: "2018-04-05", to: null, amount: 300.00}')
    row = finding(refused(root), at(text, '"2018-04-05"'), "config-cap-gap")
    assert "1 giorno " in row and "dal 04/04/2018 al 04/04/2018" in row, row


@pytest.mark.parametrize("periods", [
    # back to back: "to" is the last day of a period
    '    - {from: "2018-01-01", to: "2019-03-31", amount: 300.00}\n    - {from: "2019-04-01", to: null, amount: 280.00}',
    # a gap entirely before the window is no day of the programme
    '    - {from: "2010-01-01", to: "2011-12-31", amount: 250.00}\n    - {from: "2018-01-01", to: null, amount: 300.00}',
])
def test_periods_that_follow_each_other_are_accepted(tmp_path, periods):
    root, _ = project(tmp_path, HOUSING, periods)
    done = tohome("validate", cwd=root, timeout=120)
    assert done.returncode == 0, done.stderr


# ---- 2. a local holiday on a day that never exists -------------------------------------------------

HOLIDAY = '{day: "06-24", name: "San Giovanni Battista, patrono di Torino"}'


@pytest.mark.parametrize("day, most", [("02-30", 29), ("04-31", 30)])
def test_a_local_holiday_that_never_exists_is_refused_at_its_day(tmp_path, day, most):
    root, text = project(tmp_path, HOLIDAY, HOLIDAY.replace("06-24", day))
    row = finding(refused(root), at(text, f'"{day}"'), "config-holiday-no-such-day")
    assert f"«{day}»" in row and "non esiste" in row and f"al massimo {most} giorni" in row, row
    english = finding(refused(root, "--lang", "en"), at(text, f'"{day}"'), "config-holiday-no-such-day")
    assert "does not exist" in english and f"at most {most} days" in english, english


def test_the_29th_of_february_is_a_holiday_of_leap_years(tmp_path):
    root, _ = project(tmp_path, HOLIDAY, HOLIDAY.replace("06-24", "02-29"))
    done = tohome("validate", cwd=root, timeout=120)
    assert done.returncode == 0, done.stderr


# ---- 3. a funding line listed twice ----------------------------------------------------------------

FUNDING = '''    cup: "C19J16000510006"
'''


def test_a_funding_line_listed_twice_is_refused_at_the_second_code(tmp_path):
    root, text = project(tmp_path, FUNDING, FUNDING + '  - code: "FSE.9.4"\n    title: "Un\'altra linea"\n'
                                                      '  - code: "TO3.1.1.a"\n    title: "La stessa, di nuovo"\n')
    first = at(text, '"TO3.1.1.a"').split(":")[1]
    row = finding(refused(root), at(text, '"TO3.1.1.a"', nth=2), "config-duplicate-funding-line")
    assert f"«TO3.1.1.a» è già elencata alla riga {first}." in row, row
    english = finding(refused(root, "--lang", "en"), at(text, '"TO3.1.1.a"', nth=2), "config-duplicate-funding-line")
    assert f"already listed on line {first}" in english, english


# ---- 4. keywords of the published data package: none, blank or repeated ----------------------------

KEYWORDS = 'keywords: ["povertà abitativa", "Torino", "TO HOME", "PON Metro", "statistiche"]'


def test_an_empty_list_of_keywords_is_refused(tmp_path):
    root, text = project(tmp_path, KEYWORDS, "keywords: []")
    row = finding(refused(root), at(text, "[]"), "schema-size")
    assert "«Parole chiave delle statistiche pubblicate»: serve almeno un elemento." in row, row   # not "1 elementi"
    english = finding(refused(root, "--lang", "en"), at(text, "[]"), "schema-size")
    assert "at least one item is needed" in english, english


def test_a_repeated_keyword_is_refused_at_the_repeat(tmp_path):
    root, text = project(tmp_path, KEYWORDS, 'keywords:\n    - Torino\n    - PON Metro\n    - Torino')
    row = finding(refused(root), at(text, "Torino", nth=2), "schema-size")
    assert "lo stesso elemento compare due volte" in row, row
    english = finding(refused(root, "--lang", "en"), at(text, "Torino", nth=2), "schema-size")
    assert "the same item appears twice" in english, english


@pytest.mark.parametrize("blank, code", [('""', "schema-size"), ('"   "', "schema-pattern"),
                                         ('"\\u00a0"', "schema-pattern")])
def test_a_blank_keyword_is_refused_at_its_place(tmp_path, blank, code):
    root, text = project(tmp_path, KEYWORDS, f'keywords: ["Torino", {blank}]')
    stderr = refused(root)
    row = finding(stderr, at(text, blank), code)
    assert "«Parola chiave»" in row, row
    assert len([line for line in stderr.splitlines() if PROGRAMME in line]) == 1, stderr   # one finding, not two


# ---- 6. a rule without its level names the missing field, not the section --------------------------

def test_a_rule_without_a_level_names_the_level_field(tmp_path):
    root, text = project(tmp_path, "indicators:", "rules:\n  monitoring-gap: {}\n  duration-limit: {level: severe}\n"
                                                  "indicators:")
    stderr = refused(root)
    row = finding(stderr, at(text, "{}"), "schema-required")
    assert "Manca il campo obbligatorio «Livello» (level)." in row, row
    row = finding(stderr, at(text, "severe"), "schema-enum")
    assert "«Livello»: il valore «severe»" in row, row
    assert "«Livello delle regole nel programma»" not in stderr, stderr
    english = refused(root, "--lang", "en")
    assert "Required field 'Level' (level) is missing." in finding(english, at(text, "{}"), "schema-required")
    assert "'Level': value 'severe'" in finding(english, at(text, "severe"), "schema-enum")


def test_the_window_s_first_days_without_a_cap_are_refused_at_the_first_period(tmp_path):
    """The window opens on 2018-04-04; a cap from 2018-05-01 leaves 27 days uncapped."""
    root, text = project(tmp_path, HOUSING, '    - {from: "2018-05-01", to: null, amount: 300.00}')
    row = finding(refused(root), at(text, '"2018-05-01"'), "config-cap-window-start")
    assert "27 giorni" in row and "dal 04/04/2018 al 30/04/2018" in row, row


def test_the_window_s_last_days_without_a_cap_are_refused_at_the_last_period_s_end(tmp_path):
    """The window closes on 2020-12-31; a cap that ends on 2020-06-30 leaves 184 days uncapped."""
    root, text = project(tmp_path, HOUSING, '    - {from: "2018-01-01", to: "2020-06-30", amount: 300.00}')
    row = finding(refused(root), at(text, '"2020-06-30"'), "config-cap-window-end")
    assert "184 giorni" in row and "dal 01/07/2020 al 31/12/2020" in row, row
    english = finding(refused(root, "--lang", "en"), at(text, '"2020-06-30"'), "config-cap-window-end")
    assert "184 days" in english and "from 2020-07-01 to 2020-12-31" in english, english


def test_an_unknown_indicator_set_is_refused_by_validate(tmp_path):
    root, text = project(tmp_path, "set: esf-2014-2020", "set: esf-2014-2021")
    row = finding(refused(root), at(text, "esf-2014-2021"), "config-unknown-indicator-set")
    assert "esf-2014-2021" in row and "esf-2014-2020, esf-plus-2021-2027" in row, row


@pytest.mark.parametrize("schema", ["household.schema.json", "programme.schema.json"])
@pytest.mark.parametrize("command", [["validate"], ["budget"], ["sheet", "TH-4-0001"]])
def test_a_missing_schema_is_called_missing(tmp_path, schema, command):
    """Not "not a valid JSON Schema", and not "no project here" (issue 24)."""
    root = copy_project(tmp_path / "progetto", "config", "schemas", empty_records=True)
    (root / "schemas" / schema).unlink()
    done = tohome(*command, cwd=root)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert f"Lo schema {schema} manca: il file non c'è." in done.stderr, done.stderr
    assert "non è un JSON Schema valido" not in done.stderr and "Non trovo il progetto" not in done.stderr
    english = tohome(*command, "--lang", "en", cwd=root)
    assert f"Schema {schema} is missing" in english.stderr, english.stderr


@pytest.mark.parametrize("command", [["validate"], ["budget"], ["deadlines"], ["indicators", "--period", "2019"]])
def test_a_refused_programme_speaks_the_format_asked_for(tmp_path, command):
    """With --format json a program reads the configuration's findings as JSON on stdout (exit 2), in
    the shape `validate --format json` gives a record's; people still read them on stderr."""
    import json

    root, text = project(tmp_path, HOUSING, HOUSING.replace("amount: 300.00", "amount: trecento"))
    done = tohome(*command, "--format", "json", "--lang", "en", cwd=root, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr, (done.stdout, done.stderr)
    findings = json.loads(done.stdout)
    assert [f["code"] for f in findings] == ["schema-type"], findings
    assert f'{findings[0]["line"]}:{findings[0]["column"]}:' == at(text, "trecento").split(":", 1)[1]
    assert findings[0]["file"].endswith(PROGRAMME) and "not valid" in done.stderr


@pytest.mark.parametrize("text, code, says", [
    ("", "file-empty", "Ripristina il file"),
    ("- a\n- b\n", "yaml-not-mapping", "Il file deve essere un insieme"),
    ("a: &x 1\nb: *x\n", "yaml-anchor", "in questo file"),
])
def test_a_broken_programme_file_is_never_advised_as_a_record(tmp_path, text, code, says):
    """The loader's words for a record ("create it with tohome new or delete the file") would, said of
    the programme's file, advise deleting what every command reads."""
    root = copy_project(tmp_path / "progetto", "config", "schemas", empty_records=True)
    (root / PROGRAMME).write_text(text, encoding="utf-8")
    import json

    for lang, record_words in (("it", ("tohome new", "cancella", "scheda")), ("en", ("tohome new", "delete", "record"))):
        done = tohome("validate", "--lang", lang, "--format", "json", cwd=root, timeout=120)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        findings = json.loads(done.stdout)
        said = " ".join(f["message"] + " " + f["hint"] for f in findings)
        assert {f["code"] for f in findings} == {code} and not any(word in said for word in record_words), said
        if lang == "it":
            assert says in said, said
