"""One mistake, one finding; rules that users expected; a template that is valid from the start.

Careless edits to a valid record, checked by the real command: a wrong validation date (14 findings
before issue 24), a date written the Italian way, a misspelt section, a housing measure over the cap
by itself, a wrong closure date; hints that name the right field and the member; a long run told per
rule. Then the rules people expected (activity after closure, a member born after the pact, a note
cut at `#`) and `tohome new` with funding-line codes YAML would misread."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import EXAMPLES, ROOT, copy_project, tohome

from tohome_tools.io import loader

VALID = (ROOT / "records" / "TH-4-0001.yaml").read_text(encoding="utf-8")


@pytest.fixture
def project(project_copy) -> Path:
    return project_copy


def findings(project: Path, text: str, *args: str) -> list[dict]:
    (project / "records" / "TH-4-0001.yaml").write_text(text, encoding="utf-8")
    done = tohome("validate", "--format", "json", *args, cwd=project)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def edited(*pairs) -> str:
    text = VALID
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def test_the_record_used_here_is_valid(project):
    assert findings(project, VALID) == []


@pytest.mark.parametrize("wrong, code", [
    ('"2020-04-20"', "payment-before-validation"),   # a year too late, inside the programme window
    ('"2021-04-20"', "programme-window"),            # outside the window
    ('"2019-14-20"', "invalid-date"),                # no 14th month
    ('"20/04/2019"', "invalid-date"),                # the Italian way
    ("20/04/2019", "invalid-date"),                  # the same, unquoted
])
def test_one_wrong_validation_date_is_one_finding(project, wrong, code):
    text = edited(('validated_on: "2019-04-20"', f"validated_on: {wrong}"))
    found = findings(project, text)
    validated = line_of(text, "\n  validated_on") + 1
    assert [f["code"] for f in found] == [code], [(f["code"], f["line"], f["message"]) for f in found]
    if code == "payment-before-validation":   # at the first payment, naming the date they all share
        assert found[0]["line"] == line_of(text, '  - month: "2019-05"')
        assert "altri 22 valori con la stessa causa: «Data di validazione», alla riga " \
               f"{validated}" in found[0]["message"]
    else:
        assert found[0]["line"] == validated


def test_a_misspelt_section_is_one_finding_not_its_absence_s_knock_ons(project):
    found = findings(project, edited(("\nclosure:\n", "\nclosur:\n")))
    assert [(f["code"], "closure" in f["hint"]) for f in found] == [("schema-unknown-field", True)], found


def test_a_wrong_closure_date_is_one_finding(project):
    text = edited(('closed_on: "2020-07-11"', 'closed_on: "2019-07-11"'))
    found = findings(project, text)
    assert [f["code"] for f in found] == ["activity-after-closure"], [(f["code"], f["line"]) for f in found]
    assert f"«Data di chiusura», alla riga {line_of(text, 'closed_on')}" in found[0]["message"]
    before = findings(project, edited(('closed_on: "2020-07-11"', 'closed_on: "2019-03-11"')))
    assert [f["code"] for f in before] == ["date-order"] and "dipendono altre" in before[0]["message"]


def test_a_housing_measure_over_the_cap_is_reported_at_its_own_line(project):
    text = edited(("      monthly_amount: 250.00\n", "      monthly_amount: 350.00\n"))   # H1, listed first
    found = [f for f in findings(project, text) if f["code"] == "housing-cap"]
    assert len(found) == 1 and found[0]["pointer"] == "/measures/housing_support/0/monthly_amount", found
    assert found[0]["line"] == line_of(text, "monthly_amount: 350.00")


def test_a_payment_month_outside_everything_is_one_finding(project):
    text = edited(('  - month: "2019-05"\n    measure: H1\n', '  - month: "2019-01"\n    measure: H1\n'))
    found = findings(project, text)
    assert [f["code"] for f in found] == ["payment-before-validation"], [(f["code"], f["line"]) for f in found]


def test_hints_name_the_field_and_the_member(project):
    text = edited(("      notes: Colloquio di conoscenza", "      note: Colloquio di conoscenza"))
    [unknown] = findings(project, text)
    assert unknown["code"] == "schema-unknown-field" and "«notes»" in unknown["hint"]
    text = edited(("    - key: M2\n      role: child\n      birth_year: 2018\n      sex: M\n",
                   "    - key: M2\n      role: child\n      birth_year: 2012\n      sex: M\n"
                   "      esf: {labour_at_entry: employed}\n"))
    found = [f for f in findings(project, text) if f["code"] == "esf-child-employed"]
    assert len(found) == 1 and "M2" in found[0]["message"] and "M2" in found[0]["hint"], found


def test_a_field_at_the_wrong_level_is_not_taken_for_another_field(project):
    """`note:` at the top of a record was "did you mean «intake»?"; now: where a «notes» field goes."""
    [found] = findings(project, edited(("synthetic: true\n", "synthetic: true\nnote: da richiamare\n")))
    assert found["code"] == "schema-unknown-field" and "intake" not in found["hint"], found
    assert "Un campo «notes» c'è, ma dentro: Colloqui" in found["hint"], found


def test_a_misspelt_field_is_one_finding_not_also_a_missing_one(project):
    text = edited(("    measure: W1\n    amount: 400.00\n", "    measure: W1\n    amont: 400.00\n"))
    [found] = findings(project, text)
    assert found["code"] == "schema-unknown-field" and "«amount»" in found["hint"], found
    assert "(W1 2019-05)" in found["message"]   # which payment


def test_a_missing_field_of_a_member_names_the_member(project):
    [found] = findings(project, edited(("      birth_year: 2018\n      sex: M\n", "      birth_year: 2018\n")))
    assert found["code"] == "schema-required" and found["hint"] == "Aggiungi «sex:» dentro «Componenti» (M2).", found


def test_a_file_name_hint_never_suggests_an_invalid_id(project):
    for wrong in ("TH-4-01", "th-4-0001", "TH-4-0001 bis"):
        found = findings(project, edited(("id: TH-4-0001", f"id: {wrong}")))
        assert not any(f"Rinomina il file in {wrong}.yaml" in f["hint"] for f in found), found
        assert [f["code"] for f in found] == ["schema-pattern"], found


def test_a_long_run_is_told_per_rule(tmp_path):
    """The issue's case: a configuration change that makes most records wrong."""
    root = copy_project(tmp_path / "p", "config", "schemas", "records")
    programme = root / "config" / "programme.yaml"
    programme.write_text(programme.read_text(encoding="utf-8").replace("max_project_months: 18",
                                                                       "max_project_months: 6"), encoding="utf-8")
    done = tohome("validate", cwd=root)
    lines = done.stdout.splitlines()
    assert done.returncode == 1 and len(lines) < 60, len(lines)
    assert "Riepilogo per regola (tutte le segnalazioni con --format json):" in lines
    assert re.search(r"^  duration-limit: [0-9]{3} avvisi in [0-9]{3} file \(mostrati qui sopra: 10\)$",
                     done.stdout, re.MULTILINE), done.stdout[-800:]
    assert done.stdout.count("come correggere") <= 3   # each hint once
    every = json.loads(tohome("validate", "--format", "json", cwd=root).stdout)
    assert len(every) > 250   # nothing is lost for programs


def test_many_findings_of_one_rule_in_one_file_are_one_line(project):
    payments = "".join(f'  - {{month: "2019-0{m}", measure: H{m}9, amount: 1.00}}\n' for m in range(1, 10))
    text = VALID.replace("\npayments:\n", "\npayments:\n" + payments, 1)
    (project / "records" / "TH-4-0001.yaml").write_text(text, encoding="utf-8")
    for n in range(2, 7):   # more files, to make the run long
        (project / "records" / f"TH-4-000{n}.yaml").write_text(text.replace("TH-4-0001", f"TH-4-000{n}"),
                                                              encoding="utf-8")
    out = tohome("validate", cwd=project).stdout
    assert re.search(r"^records/TH-4-0001\.yaml: altre [0-9]+ segnalazioni «payment-measure», non mostrate "
                     r"\(righe [0-9, ]+\)\.$", out, re.MULTILINE), out[:3000]


# --- rules users expected ------------------------------------------------------------------------------

@pytest.mark.parametrize("pairs, pointer", [
    ((('  - date: "2020-06-22"\n', '  - date: "2020-08-22"\n'),), "/monitoring/6/date"),
    ((('  - month: "2020-01"\n    measure: H1\n', '  - month: "2020-09"\n    measure: H1\n'),), "/payments/21/month"),
    ((('      end: "2020-01-06"\n', '      end: "2020-09-06"\n'),), "/measures/housing_support/0/end"),
    ((('    - date: "2019-03-11"\n', '    - date: "2020-09-11"\n'),), "/intake/interviews/2/date"),
])
def test_activity_after_closure_is_an_error(project, pairs, pointer):
    found = findings(project, edited(*pairs))
    assert [(f["code"], f["pointer"]) for f in found if f["code"] == "activity-after-closure"] == \
        [("activity-after-closure", pointer)], found


def test_a_child_born_after_the_pact_is_an_error(project):
    found = findings(project, edited(("      birth_year: 2018\n      sex: M", "      birth_year: 2020\n      sex: M")))
    assert [(f["code"], f["pointer"]) for f in found] == [("member-born-after-start", "/household/members/1/birth_year")]
    assert "M2" in found[0]["message"] and "2020" in found[0]["message"]
    english = tohome("validate", "--lang", "en", cwd=project)
    assert "Member M2 is recorded as born in 2020" in english.stdout


@pytest.mark.parametrize("line, cut", [
    ("      notes: Pagata la rata #2 dell'affitto\n", "#2 dell'affitto"),
    ("      notes: Rata #2\n", "#2"),
    ("  notes: Chiusura #fine\n", "#fine"),
])
def test_an_unquoted_note_cut_at_a_hash_is_an_error(project, line, cut):
    old = "  notes: Chiusura del progetto (testo di esempio).\n" if line.startswith("  notes") else \
        "      notes: Colloquio di conoscenza (testo di esempio).\n"
    text = edited((old, line))
    found = findings(project, text)
    assert [f["code"] for f in found] == ["text-cut-at-comment"], found
    assert f"«{cut}» è letto come un commento" in found[0]["message"]
    assert found[0]["line"] == line_of(text, line.strip())
    whole = line.split(": ", 1)[1].strip()
    assert f'"{whole}"' in found[0]["hint"]


def test_a_comment_after_a_code_or_a_quoted_note_is_fine(project):
    assert findings(project, edited(("district: C1", "district: C1  # circoscrizione"),
                                    ("      notes: Colloquio di conoscenza (testo di esempio).",
                                     '      notes: "Rata #2"  # commento'),
                                    ("  notes: Chiusura del progetto (testo di esempio).",
                                     "  notes: Chiusura del progetto.  # scritto come i commenti: due spazi"))) == []


@pytest.mark.parametrize("code", ["3.1", "ESF+ #4", "no", "2019-01-01", "'x'"])
def test_new_quotes_the_configured_codes(tmp_path, code):
    root = copy_project(tmp_path / "p", "config", "schemas", empty_records=True)
    programme = root / "config" / "programme.yaml"
    text = programme.read_text(encoding="utf-8")
    assert '  - code: "TO3.1.1.a"' in text
    programme.write_text(text.replace('  - code: "TO3.1.1.a"', f"  - code: {json.dumps(code)}", 1), encoding="utf-8")
    done = tohome("new", "--lot", "4", cwd=root)
    assert done.returncode == 0, done.stderr
    made = Path(done.stdout.strip())
    data = loader.load_path(made).data
    assert data["funding_line"] == code and data["district"] == "C1" and data["id"] == made.stem
    found = json.loads(tohome("validate", "--format", "json", "--as-of", "2019-06-30", cwd=root).stdout)
    assert [f for f in found if f["pointer"] in ("/funding_line", "/district", "/id")] == [], found


def test_the_invalid_examples_show_one_finding_per_mistake():
    """The examples that once listed knock-ons now list one finding each (see their first lines)."""
    for case in ("payment-before-validation", "measure-id-duplicate"):
        text = (EXAMPLES / "invalid" / case / "TH-4-0001.yaml").read_text(encoding="utf-8")
        assert text.count("# expect:") == 1, case


def test_shipped_records_stay_valid_under_the_new_rules(tmp_path):
    root = copy_project(tmp_path / "p", "config", "schemas", "records")
    assert "errori: 0; avvisi: 0" in tohome("validate", cwd=root).stdout


def test_two_mistakes_in_one_section_are_two_findings(project):
    """Knock-ons only: a missing co-participation is its own mistake beside a measure's wrong kind."""
    text = edited(("co_participation:\n  form: savings\n  purpose: debt_settlement\n  monthly_amount: 30.00\n"
                   '  start: "2019-05-07"\n', ""), ("      kind: rent_share\n", "      kind: rent\n"))
    assert sorted(f["code"] for f in findings(project, text)) == ["co-participation", "schema-enum"]


@pytest.mark.parametrize("code", ["Hl", "h1", "H 1"])
def test_a_misspelt_measure_code_is_one_finding_not_one_per_payment(project, code):
    """The README's promise: a misspelt measure code is one mistake, not a finding per payment of it."""
    text = edited(("    - id: H1\n", f'    - id: "{code}"\n'))
    found = findings(project, text)
    assert [(f["code"], f["line"]) for f in found] == [("schema-pattern", line_of(text, f'id: "{code}"'))], \
        [(f["code"], f["line"], f["message"]) for f in found]


def test_a_measure_renamed_to_another_valid_code_is_one_finding_at_the_first_payment(project):
    text = edited(("    - id: H1\n", "    - id: H3\n"))
    found = findings(project, text)
    assert [f["code"] for f in found] == ["payment-measure"], [(f["code"], f["line"]) for f in found]
    first = line_of(text, "    measure: H1\n")
    assert found[0]["line"] == first and "misura H1" in found[0]["message"]
    assert "Da questo valore dipendono altre 8 segnalazioni" in found[0]["message"], found[0]["message"]


def test_two_missing_measure_codes_are_two_findings(project):
    text = edited(("    measure: H1\n", "    measure: H9\n"), ("    - id: H2\n", "    - id: H4\n"))
    found = findings(project, text)
    said = sorted(re.search(r"misura (H\d)", f["message"]).group(1) for f in found if f["code"] == "payment-measure")
    assert said == ["H2", "H9"], [(f["code"], f["line"], f["message"]) for f in found]


def test_payments_over_a_measure_s_monthly_amount_name_that_amount_as_their_cause(project):
    text = VALID.replace("measure: W1\n    amount: 400.00", "measure: W1\n    amount: 450.00")
    assert text.count("amount: 450.00") >= 2
    found = findings(project, text)
    assert [f["code"] for f in found] == ["payment-measure"], [(f["code"], f["line"]) for f in found]
    monthly = line_of(text, "      monthly_amount: 400.00")
    assert f"«Importo mensile», alla riga {monthly}" in found[0]["message"], found[0]["message"]
