"""What the fields of a record mean to the editor: which ones name another (a member's key, an
objective's or a measure's ID) and what a named thing is called in a line of text."""

from __future__ import annotations

import re

from tohome_tools.editor.outline import Entry, Outline
from tohome_tools.editor.words import word
from tohome_tools.i18n import labels

# a field that names something -> the fields where those names are given
REFERENCES = {
    "/pact/signed_by/*": ("/household/members/*/key",),
    "/project/commitments/*/member": ("/household/members/*/key",),
    "/measures/work_support/*/member": ("/household/members/*/key",),
    "/measures/actions/*/member": ("/household/members/*/key",),
    "/monitoring/*/objectives/*/objective": ("/project/objectives/*/id",),
    "/payments/*/measure": ("/measures/housing_support/*/id", "/measures/work_support/*/id"),
}

_INDEX = re.compile(r"/[0-9]+(?=/|$)")


def pattern(pointer: str) -> str:
    """`/household/members/0/key` -> `/household/members/*/key`."""
    return _INDEX.sub("/*", pointer)


def parent(pointer: str) -> str:
    return pointer.rsplit("/", 1)[0]


def targets(pointer: str) -> tuple[str, ...]:
    return REFERENCES.get(pattern(pointer), ())


def definitions(outline: Outline, pointer: str) -> list[Entry]:
    """The entries a reference at `pointer` may name (all candidates, whatever it says now)."""
    return [entry for target in targets(pointer) for entry in outline.matching(target) if entry.value]


def definition(outline: Outline, pointer: str, name: str | None) -> Entry | None:
    for entry in definitions(outline, pointer):
        if entry.value == name:
            return entry
    return None


def describe(outline: Outline, entry: Entry, lang: str, money) -> str:
    """A short description of the member, objective or measure whose key or ID is `entry`."""
    item = parent(entry.pointer)
    value = {child.name(): child.value for child in outline.children(item)}
    if entry.pointer.startswith("/household/members/"):
        parts = [labels.label(labels.SHEET["role"], value.get("role")) if value.get("role") else ""]
        if value.get("birth_year"):
            parts.append(word(lang, "born", year=value["birth_year"]))
        return ", ".join(p for p in parts if p)
    if entry.pointer.startswith("/project/objectives/"):
        return value.get("description") or ""
    parts = [labels.label(labels.SHEET["kind"], value.get("kind")) if value.get("kind") else ""]
    if value.get("monthly_amount"):
        parts.append(word(lang, "per-month", amount=money(value["monthly_amount"])))
    if value.get("start") or value.get("end"):
        parts.append(f"{value.get('start') or '…'} → {value.get('end') or '…'}")
    return ", ".join(p for p in parts if p)
