"""Values that validated but meant something else, and text that could forge or drive output.

Run as a user runs `tohome validate`: a real subprocess over a real folder. Each case must be an
error at the right line, shown with its control characters escaped."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import EXAMPLES, tohome

BASE = EXAMPLES / "valid" / "full" / "TH-4-0001.yaml"




@pytest.fixture
def project(project_copy) -> Path:
    return project_copy


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# (what is replaced, by what) -> the code expected at that line
TRAILING = {
    "a date with a final newline": ('start: "2019-03-01"', 'start: "2019-03-01\\n"', "invalid-date"),
    "a month with a final newline": ('{month: "2019-03", measure: H1', '{month: "2019-03\\n", measure: H1',
                                     "invalid-month"),
    "a case manager code with a final newline": ("- CM-04-01", '- "CM-04-01\\n"', "schema-pattern"),
    "a date as a block scalar": ('start: "2019-03-01"', "start: |\n        2019-03-01", "invalid-date"),
}


@pytest.mark.parametrize("case", sorted(TRAILING))
def test_a_value_with_a_hidden_newline_is_an_error_at_its_line(project, case):
    old, new, code = TRAILING[case]
    text = BASE.read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    (project / "records" / BASE.name).write_text(changed, encoding="utf-8")
    done = tohome("validate", "--format", "json", cwd=project)
    assert done.returncode == 1, done.stdout
    import json

    findings = json.loads(done.stdout)
    assert [f["code"] for f in findings] == [code], findings
    assert findings[0]["line"] == line_of(changed, new.split("\n")[0])


def test_escape_sequences_in_a_record_never_reach_the_terminal(project):
    text = BASE.read_text(encoding="utf-8").replace("- CM-04-01", '- "CM-04-01\\e[8m\\e]0;x\\a"', 1)
    (project / "records" / BASE.name).write_text(text, encoding="utf-8")
    done = tohome("validate", cwd=project)
    assert done.returncode == 1
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "\\x1b[8m" in done.stdout


def test_github_annotations_cannot_be_forged_past_the_first_ten(project):
    base = BASE.read_text(encoding="utf-8")
    for n in range(1, 16):
        forged = base.replace("TH-4-0001", f"TH-4-{n:04d}").replace(
            "- CM-04-01", f'- "x\\n::error file=README.md,line=1::forged {n}"', 1)
        (project / "records" / f"TH-4-{n:04d}.yaml").write_text(forged, encoding="utf-8")
    done = tohome("validate", "--format", "github", cwd=project)
    assert done.returncode == 1
    commands = [line for line in done.stdout.splitlines() if line.startswith("::")]
    assert commands and all(line.startswith(("::error file=records/", "::notice title=tohome::"))
                            for line in commands), commands
    assert not any(line.lstrip().startswith("::error file=README") for line in done.stdout.splitlines())
    assert sum("forged" in line for line in done.stdout.splitlines()) >= 15   # all reported, none as a command


def test_far_dates_and_narrow_terminals_end_cleanly(project):
    (project / "records" / BASE.name).write_text(BASE.read_text(encoding="utf-8").replace(
        'start: "2019-03-01"', 'start: "2019-03-01\\n"', 1), encoding="utf-8")
    done = tohome("deadlines", "--as-of", "9999-12-31", "--within", "1", cwd=project)
    assert done.returncode == 2 and "tra 1900 e 2999" in done.stderr and "Traceback" not in done.stderr
    import subprocess

    from helpers import COMMAND, user_env

    for encoding in ("ascii", "latin-1"):
        done = subprocess.run([*COMMAND, "validate"], cwd=project, env=user_env(extra={"PYTHONIOENCODING": encoding}),
                              capture_output=True, timeout=120)
        assert done.returncode == 1 and b"Errore interno" not in done.stderr + done.stdout
        assert b"invalid-date" in done.stdout


def test_a_whole_number_written_with_a_decimal_point_is_that_number(project):
    """JSON Schema 2020-12 (and check-jsonschema, and the editor) count 1979.0 as an integer: it is
    accepted, and every tool then sees lot 4, not a lot "4.0" that matches no configured lot."""
    text = BASE.read_text(encoding="utf-8")
    changed = text.replace("lot: 4\n", "lot: 4.0\n", 1).replace("birth_year: 1979", "birth_year: 1979.0", 1)
    assert changed.count(".0\n") >= 2
    (project / "records" / BASE.name).write_text(changed, encoding="utf-8")
    assert tohome("validate", cwd=project).returncode == 0
    import json

    ledger = json.loads(tohome("budget", "--format", "json", "--household", "TH-4-0001", cwd=project).stdout)
    (project / "records" / BASE.name).write_text(text, encoding="utf-8")
    assert json.loads(tohome("budget", "--format", "json", "--household", "TH-4-0001", cwd=project).stdout) == ledger
    # a fractional part is still refused, at its line
    (project / "records" / BASE.name).write_text(text.replace("lot: 4\n", "lot: 4.5\n", 1), encoding="utf-8")
    done = tohome("validate", "--format", "json", cwd=project)
    assert done.returncode == 1
    findings = json.loads(done.stdout)
    assert [(f["code"], f["line"]) for f in findings] == [("schema-type", 4)], findings


READ_DIFFERENTLY = {
    # what another YAML reader would take for something else: refused at its line
    "a %YAML 1.1 directive": ("id: ", "%YAML 1.1\n---\nid: ", "yaml-version", "%YAML 1.1"),
    "a not-a-number as a note": ("notes: Primo colloquio.", "notes: .nan", "yaml-not-finite", "notes: .nan"),
    "an infinite amount": ("monthly_amount: 250.00", "monthly_amount: -.inf", "yaml-not-finite",
                           "monthly_amount: -.inf"),
}


@pytest.mark.parametrize("case", sorted(READ_DIFFERENTLY))
def test_what_other_readers_take_differently_is_refused_at_its_line(project, case):
    old, new, code, needle = READ_DIFFERENTLY[case]
    text = BASE.read_text(encoding="utf-8")
    assert old in text, old
    changed = text.replace(old, new, 1)
    (project / "records" / BASE.name).write_text(changed, encoding="utf-8")
    done = tohome("validate", "--format", "json", cwd=project)
    assert done.returncode == 1, done.stdout
    import json

    findings = [f for f in json.loads(done.stdout) if f["code"] == code]
    assert [f["line"] for f in findings] == [line_of(changed, needle)], done.stdout


@pytest.mark.parametrize("amount", ["123456789012345678901234567890", "1e308", "1e400"])
def test_an_absurd_amount_is_a_located_finding_in_both_languages_and_the_run_goes_on(project_copy, amount):
    import json

    text = (EXAMPLES / "valid" / "full" / "TH-4-0001.yaml").read_text(encoding="utf-8")
    records = project_copy / "records"
    (records / "TH-4-0001.yaml").write_text(text.replace("monthly_amount: 600.00", f"monthly_amount: {amount}", 1),
                                            encoding="utf-8")
    line = line_of(text, "monthly_amount: 600.00")
    for lang in ("it", "en"):
        done = tohome("validate", "--lang", lang, "--format", "json", cwd=project_copy)
        assert done.returncode == 1 and "Traceback" not in done.stderr and not done.stderr.strip(), done.stderr
        findings = json.loads(done.stdout)
        mine = [f for f in findings if f["file"].endswith("TH-4-0001.yaml")]
        # one mistake, one finding (issue 24): the cap is not judged again on a value already refused
        assert [f["code"] for f in mine] == ["schema-range"] and {f["line"] for f in mine} == {line}, mine
        assert ("Importo mensile" if lang == "it" else "Monthly amount") in mine[0]["message"], mine
    checked = tohome("validate", cwd=project_copy)
    assert f"File controllati: {len(list(records.glob('*.yaml')))};" in checked.stdout, checked.stdout
