"""`tohome indicators`: the ESF and ESF+ common indicators, on three hand-made households whose
counts were worked out by hand (below), through the real command in a throwaway project; the missing
data list; bad configuration; and the report never reaching release/, docs/ or the site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import EXAMPLES, ROOT, copy_project, tohome

from tohome_tools.io import loader
from tohome_tools.io.yamlwrite import dump

BASE = EXAMPLES / "valid" / "full" / "TH-4-0001.yaml"   # pact 2019-02-04, closed 2019-10-15


def esf(entry, education, exit_status, qualification, disability="no", tcn="no", foreign="no", minority="no"):
    out = {"labour_at_entry": entry, "education": education, "disability": disability,
           "third_country_national": tcn, "foreign_background": foreign, "minority": minority,
           "other_disadvantage": "no", "labour_at_exit": exit_status, "qualification_gained": qualification}
    return {k: v for k, v in out.items() if v is not None}


def household(record_id: str, housing: str, members: list[dict]) -> dict:
    data = loader.load_path(BASE).data
    data["id"] = record_id
    data["prevention"]["housing_at_entry"] = housing
    data["household"]["members"] = members
    data["pact"]["signed_by"] = [m["key"] for m in members]
    for commitment in (data.get("project") or {}).get("commitments", []):
        commitment["member"] = "M1"
    for measure in (data.get("measures") or {}).get("work_support", []):
        measure["member"] = "M1"
    return data


@pytest.fixture
def project(tmp_path) -> Path:
    root = copy_project(tmp_path / "project", "config", "schemas", empty_records=True)
    records = [
        # 40, private rental: unemployed, ISCED 3; leaves employed with a qualification
        household("TH-4-0001", "private_rental", [
            {"key": "M1", "role": "head", "birth_year": 1979, "sex": "F",
             "esf": esf("unemployed", "isced_3", "employed", True, foreign="not_declared")}]),
        # a shelter (housing exclusion): a man of 57, long-term unemployed, ISCED 1, with a disability,
        # leaves job searching; a woman of 29, studying, ISCED 5, third-country national with a foreign
        # background, leaves in training with a qualification
        household("TH-4-0002", "shelter", [
            {"key": "M1", "role": "head", "birth_year": 1962, "sex": "M",
             "esf": esf("long_term_unemployed", "isced_1", "job_searching", False, disability="yes")},
            {"key": "M2", "role": "partner", "birth_year": 1990, "sex": "F",
             "esf": esf("inactive_in_education", "isced_5", "in_education_training", True, tcn="yes", foreign="yes",
                        minority="not_declared")}]),
        # 19, private rental: status not yet known, education and leaving data missing
        household("TH-4-0003", "private_rental", [
            {"key": "M1", "role": "head", "birth_year": 2000, "sex": "F",
             "esf": esf("unknown", None, None, None)}]),
    ]
    for record in records:
        (root / "records" / f"{record['id']}.yaml").write_text(dump(record, "# DATI SINTETICI: scheda di prova.\n"),
                                                               encoding="utf-8")
    done = tohome("validate", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    return root


def report(project: Path, period: str, indicator_set: str | None = None) -> dict:
    if indicator_set:
        config = project / "config" / "programme.yaml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("set: esf-2014-2020", f"set: {indicator_set}"), encoding="utf-8")
    done = tohome("indicators", "--period", period, "--format", "json", cwd=project)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def counts(data: dict) -> dict[str, tuple]:
    return {i["code"]: (*i["by_gender"].values(), i["total"]) for i in data["indicators"]}


# worked out by hand from the three households above (women, men, total)
ESF_2019 = {"TOT": (3, 1, 4), "CO01": (1, 1, 2), "CO02": (0, 1, 1), "CO03": (1, 0, 1), "CO04": (0, 0, 0),
            "CO05": (0, 0, 0), "CO06": (1, 0, 1), "CO07": (0, 1, 1), "CO08": (0, 1, 1), "CO09": (0, 1, 1),
            "CO10": (1, 0, 1), "CO11": (1, 0, 1), "CO15": (1, 0, 1), "CO16": (0, 1, 1), "CO17": (0, 0, 0),
            "CO18": (1, 1, 2), "CO19": (0, 0, 0), "CR01": (0, 0, 0), "CR02": (1, 0, 1), "CR03": (2, 0, 2),
            "CR04": (1, 0, 1), "CR05": (1, 1, 2)}
# women, men, X, total
ESF_PLUS_2019 = {"EECO01": (3, 1, 0, 4), "EECO02": (1, 1, 0, 2), "EECO03": (0, 1, 0, 1), "EECO04": (1, 0, 0, 1),
                 "EECO05": (0, 0, 0, 0), "EECO06": (0, 0, 0, 0), "EECO07": (2, 0, 0, 2), "EECO08": (0, 1, 0, 1),
                 "EECO09": (0, 1, 0, 1), "EECO10": (1, 0, 0, 1), "EECO11": (1, 0, 0, 1), "EECO12": (0, 1, 0, 1),
                 "EECO13": (1, 0, 0, 1), "EECO14": (1, 0, 0, 1), "EECO15": (0, 0, 0, 0), "EECO16": (1, 1, 0, 2),
                 "EECO17": (0, 0, 0, 0), "EECR01": (0, 1, 0, 1), "EECR02": (1, 0, 0, 1), "EECR03": (2, 0, 0, 2),
                 "EECR04": (1, 0, 0, 1)}


def test_esf_2014_2020_counts_by_hand(project):
    data = report(project, "2019")
    assert data["set"] == "FSE 2014-2020" and data["restricted"] is True
    assert (data["participants_entered"], data["participants_left"]) == (4, 4)
    assert counts(data) == ESF_2019
    assert data["missing"] == [{
        "record": "TH-4-0003", "file": "records/TH-4-0003.yaml", "member": "M1",
        "indicators": ["CO01", "CO02", "CO03", "CO04", "CO05", "CO09", "CO10", "CO11", "CR01", "CR02", "CR03", "CR04"],
        "fields": ["education", "labour_at_entry", "labour_at_exit", "qualification_gained"]}]


def test_esf_plus_2021_2027_counts_by_hand(project):
    data = report(project, "2019", "esf-plus-2021-2027")
    assert data["set"] == "FSE+ 2021-2027"
    assert counts(data) == ESF_PLUS_2019


def test_a_period_with_nobody_entering_or_leaving_is_all_zeros(project):
    data = report(project, "2020")
    assert (data["participants_entered"], data["participants_left"]) == (0, 0)
    assert all(total == 0 for *_, total in counts(data).values()) and data["missing"] == []


def test_the_table_and_csv_say_the_same_numbers(project):
    table = tohome("indicators", "--period", "2019", cwd=project).stdout
    assert "RISERVATO" in table and "Partecipanti entrati nel periodo: 4; usciti nel periodo: 4." in table
    line = next(x for x in table.splitlines() if x.startswith("CO18"))
    assert line.split()[:5] == ["CO18", "ingresso", "1", "1", "2"]
    assert "TH-4-0003" in table and "Dati mancanti (1)" in table
    csv_text = tohome("indicators", "--period", "2019", "--format", "csv", cwd=project).stdout
    rows = [r.split(",") for r in csv_text.splitlines()]
    assert rows[0][:5] == ["section", "code", "at", "F", "M"]
    assert next(r for r in rows if r[1] == "CR03")[3:6] == ["2", "0", "2"]


def test_shipped_records_give_both_sets_for_every_year(tmp_path):
    root = copy_project(tmp_path / "shipped", "config", "schemas", "records")
    for indicator_set in (None, "esf-plus-2021-2027"):
        for year in ("2018", "2019", "2020"):
            data = report(root, year, indicator_set)
            totals = counts(data)
            first = data["indicators"][0]["code"]
            assert totals[first][-1] == data["participants_entered"] > 0, (indicator_set, year)
            for code, values in totals.items():
                assert sum(values[:-1]) <= values[-1], code   # genders never add up to more than the total


def test_the_report_never_lands_where_the_public_reads(project):
    before = sorted(str(p.relative_to(project)) for p in project.rglob("*"))
    assert tohome("indicators", "--period", "2019", cwd=project).returncode == 0
    assert sorted(str(p.relative_to(project)) for p in project.rglob("*")) == before   # stdout only: no file
    for folder in ("release", "docs", "site"):
        (project / folder).mkdir(exist_ok=True)
        done = tohome("indicators", "--period", "2019", "--format", "json", "--out",
                      str(project / folder / "fse.json"), cwd=project)
        assert done.returncode == 2 and "Traceback" not in done.stderr, (folder, done.stderr)
        assert not (project / folder / "fse.json").exists()
    out = project / "riservato" / "fse-2019.json"
    out.parent.mkdir()
    done = tohome("indicators", "--period", "2019", "--format", "json", "--out", str(out), cwd=project)
    assert done.returncode == 0 and oct(out.stat().st_mode & 0o777) == "0o600"
    assert json.loads(out.read_text(encoding="utf-8"))["restricted"] is True


def test_the_site_and_the_release_code_never_read_the_indicators():
    for package in ("site", "release"):
        for path in (ROOT / "tohome_tools" / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert "indicators" not in text.replace("x-tabelle", ""), path


def test_a_bad_set_is_a_located_message(project):
    sets = project / "config" / "indicators" / "esf-2014-2020.yaml"
    sets.write_text(sets.read_text(encoding="utf-8").replace("[long_term_unemployed]", "[long_term_unemployd]", 1),
                    encoding="utf-8")
    done = tohome("indicators", "--period", "2019", cwd=project)
    assert done.returncode == 2 and "long_term_unemployd" in done.stderr and "esf-2014-2020.yaml:" in done.stderr
    assert "Traceback" not in done.stderr
    config = project / "config" / "programme.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("set: esf-2014-2020", "set: fse-2099"),
                      encoding="utf-8")
    done = tohome("indicators", "--period", "2019", cwd=project)
    assert done.returncode == 2 and "fse-2099" in done.stderr


def test_the_set_is_named_in_the_reader_s_language(project):
    """The Managing Authority reads an Italian report with the Italian name of the set, an English one
    with the English name (it once showed the Italian name in English)."""
    from helpers import tohome

    italian = tohome("indicators", "--period", "2019", cwd=project).stdout.splitlines()[0]
    english = tohome("indicators", "--period", "2019", "--lang", "en", cwd=project).stdout.splitlines()[0]
    assert "FSE 2014-2020" in italian and "ESF" not in italian
    assert "ESF 2014-2020" in english and "FSE" not in english
    assert report(project, "2019")["set_en"] == "ESF 2014-2020"
