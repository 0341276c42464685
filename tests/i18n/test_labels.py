"""Every category code the record schema allows has a name wherever it is shown: on the sheet, in
the budget (both languages) and in the published tables. A code added to the schema without its
labels fails here, instead of showing up raw on a signed sheet or a public table."""

from __future__ import annotations

import json

import pytest
from helpers import ROOT

from tohome_tools.i18n import labels

SCHEMA = json.loads((ROOT / "schemas" / "household.schema.json").read_text(encoding="utf-8"))


def _enum(pointer: str) -> list[str]:
    """The codes at a schema field, read here by hand (not with the code under test)."""
    node = SCHEMA
    for part in pointer.strip("/").split("/"):
        node = node["items"] if part == "*" else node["properties"][part]
        while "$ref" in node:
            node = {**SCHEMA["$defs"][node["$ref"].split("/")[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
    return node["enum"]


def _vocabularies(name: str, key: str) -> list[dict]:
    if name == "BUDGET":
        return [labels.BUDGET[lang][key] for lang in ("it", "en")]
    if name == "SHEET":
        return [labels.SHEET[key]]
    return [getattr(labels, key)]


@pytest.mark.parametrize("where", sorted(labels.FIELDS), ids=lambda w: "-".join(w))
def test_every_code_of_the_field_has_a_label(where):
    for pointer in labels.FIELDS[where]:
        codes = _enum(pointer)
        for vocabulary in _vocabularies(*where):
            # the published measure table names work measures "work_other" (a derived category)
            missing = [c for c in codes if c not in vocabulary and not (where[1] == "MEASURE" and c == "other")]
            assert not missing, (where, pointer, missing)


def test_every_enum_of_the_schema_that_a_person_reads_is_covered():
    """The sheet shows every category field of the record: each one is named by a vocabulary."""
    covered = {p for pointers in labels.FIELDS.values() for p in pointers}
    sheet_fields = {"/household/members/*/role", "/prevention/level", "/needs/*/level", "/needs/*/dimension",
                    "/project/objectives/*/area", "/project/objectives/*/status", "/project/supports/*/service",
                    "/measures/housing_support/*/kind", "/measures/work_support/*/kind",
                    "/measures/work_support/*/host_sector", "/measures/actions/*/kind", "/measures/actions/*/area",
                    "/co_participation/form", "/co_participation/purpose", "/closure/housing_at_exit"}
    assert sheet_fields <= covered, sheet_fields - covered


def _every_enum(node, path: str = ""):
    """(field, codes) of every enum in the schema, `*` for list items, following local $refs."""
    while isinstance(node, dict) and "$ref" in node:
        node = {**SCHEMA["$defs"][node["$ref"].split("/")[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
    if not isinstance(node, dict):
        return
    if "enum" in node:
        yield path, node["enum"]
    for name, sub in node.get("properties", {}).items():
        yield from _every_enum(sub, f"{path}/{name}")
    if "items" in node:
        yield from _every_enum(node["items"], f"{path}/*")


def test_every_code_the_schema_allows_has_an_italian_name_and_meaning():
    """The editor explains every code (hover, completion): a name and a sentence, from labels.CODES."""
    fields = dict(_every_enum(SCHEMA))
    assert len(fields) >= 25, sorted(fields)   # the walk reached the nested fields (ESF answers, monitoring)
    assert set(fields) == set(labels.CODES), (set(fields) ^ set(labels.CODES))
    for field, codes in fields.items():
        for code in codes:
            explained = labels.explained(field, code)
            assert explained is not None, (field, code)
            name, meaning = explained
            assert name.strip() and len(meaning) > len(name) / 2 and meaning.endswith("."), (field, code, explained)
