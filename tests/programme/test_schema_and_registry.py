"""The record schema and the rule registry document themselves: titles, publication classes, docs."""

from __future__ import annotations

import json
from collections import Counter

import jsonschema
import pytest
from helpers import ROOT, said

from tohome_tools.i18n.messages import CATALOGUE, LANGUAGES
from tohome_tools.io import loader
from tohome_tools.records.rules import registry

CLASSES = {"identifier", "quasi_identifier", "sensitive", "free_text", "publishable"}


def properties(node: dict, path: str = ""):
    """Every (path, property schema) in the household schema, through objects and arrays."""
    for name, prop in node.get("properties", {}).items():
        yield f"{path}/{name}", prop
        yield from properties(prop, f"{path}/{name}")
        items = prop.get("items")
        if isinstance(items, dict):
            yield from properties(items, f"{path}/{name}/*")


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads((ROOT / "schemas" / "household.schema.json").read_text(encoding="utf-8"))


def test_schemas_are_valid_2020_12(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    programme = json.loads((ROOT / "schemas" / "programme.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(programme)


def test_every_property_has_italian_title_description_and_publication_class(schema):
    seen = 0
    for path, prop in properties(schema):
        seen += 1
        assert prop.get("title"), f"{path}: missing title"
        assert prop.get("description"), f"{path}: missing description"
        assert prop.get("x-publication") in CLASSES, f"{path}: publication class {prop.get('x-publication')!r}"
    assert seen > 80


def test_free_text_and_identifiers_are_never_publishable(schema):
    for path, prop in properties(schema):
        if path.endswith(("/notes", "/description", "/expected_result", "/resources")):
            assert prop["x-publication"] == "free_text", path
        if path.endswith(("/id", "/key", "/member", "/signed_by", "/officer", "/case_managers", "/social_worker")):
            assert prop["x-publication"] == "identifier", path
        if prop.get("$ref") == "#/$defs/date" or prop.get("$ref") == "#/$defs/month":
            assert prop["x-publication"] in ("quasi_identifier", "sensitive"), path   # or stricter


def test_registry_rules_are_documented_and_translated():
    rules = registry()
    assert len(rules) >= 15
    assert len({r.code for r in rules}) == len(rules)
    for rule in rules:
        assert rule.doc and len(rule.doc.splitlines()[0]) > 5, rule.code
        assert set(rule.messages) == set(LANGUAGES) and set(rule.title) == set(LANGUAGES), rule.code
        assert rule.scope in ("record", "collection")


def test_message_catalogue_has_every_language():
    for code, entry in CATALOGUE.items():
        assert set(entry) == set(LANGUAGES), code


def test_programme_numbers_come_from_configuration(project_copy, base_record_text, workspace):
    """Changing the housing cap in the configuration changes the verdict: no number lives in code."""
    from tohome_tools.records.validate import validate
    from tohome_tools.records.workspace import open_workspace

    record = project_copy / "records" / "TH-4-0001.yaml"
    record.write_text(base_record_text, encoding="utf-8")
    assert validate([record], open_workspace(str(project_copy)).settings, jobs=1).findings == []
    config = project_copy / "config" / "programme.yaml"
    text = config.read_text(encoding="utf-8")
    # from 2019-04-01 a lower cap: the record plans 300.00 a month from March to May
    text = text.replace('    - {from: "2018-01-01", to: null, amount: 300.00}',
                        '    - {from: "2018-01-01", to: "2019-03-31", amount: 300.00}\n'
                        '    - {from: "2019-04-01", to: null, amount: 280.00}')
    config.write_text(text, encoding="utf-8")
    report = validate([record], open_workspace(str(project_copy)).settings, jobs=1)
    assert Counter(f.code for f in report.findings) == Counter({"housing-cap": 1})
    assert "04/2019" in said(report.findings[0]) and "280,00\xa0€" in said(report.findings[0])


def test_shipped_records_cover_the_programme():
    records = [loader.load_path(p).data for p in sorted((ROOT / "records").glob("*.yaml"))]
    assert 280 <= len(records) <= 320
    assert all(r["synthetic"] is True for r in records)
    lots = Counter(r["lot"] for r in records)
    assert set(lots) == {1, 2, 3, 4} and lots[4] >= 64
    assert {r["prevention"]["level"] for r in records} == {"primary", "secondary", "tertiary"}
    kinds = {m["kind"] for r in records for family in ("housing_support", "work_support")
             for m in r.get("measures", {}).get(family, [])}
    assert kinds == {"rent_share", "utilities", "internship", "other"}
    actions = {a["kind"] for r in records for a in r.get("measures", {}).get("actions", [])}
    assert actions == {"information", "orientation", "counselling", "training"}
    forms = {(r["co_participation"]["form"], r["co_participation"].get("purpose")) for r in records if "co_participation" in r}
    assert forms == {("contribution", None), ("savings", "housing_costs"), ("savings", "debt_settlement")}
    reasons = {r["closure"]["reason"] for r in records if "closure" in r}
    schema = json.loads((ROOT / "schemas" / "household.schema.json").read_text(encoding="utf-8"))
    assert reasons == set(schema["properties"]["closure"]["properties"]["reason"]["enum"])
    years = {r["intake"]["interviews"][0]["date"][:4] for r in records}
    assert years == {"2018", "2019", "2020"}
