"""What the editor offers while typing a value or a field: the codes a field allows with their
Italian names, the programme's districts and lots, the members, objectives and measures of this
record where one is named, today's date in a date field, and the fields a section may still have."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tohome_tools.editor import knowledge
from tohome_tools.editor.hover import money_text, path_of
from tohome_tools.editor.outline import Outline, Spot
from tohome_tools.editor.words import word
from tohome_tools.i18n import labels
from tohome_tools.programme import schema as schema_reader
from tohome_tools.programme.config import Programme

_QUOTED = {"yes", "no", "true", "false", "null", "on", "off", "y", "n"}   # text that other YAML readers take for a boolean


@dataclass(frozen=True)
class Offer:
    label: str           # what is inserted (and shown first)
    detail: str = ""     # a short name beside it
    documentation: str = ""
    insert: str | None = None
    kind: str = "value"  # "value", "reference", "field", "date"


def _text(code: str) -> str:
    return f'"{code}"' if code.lower() in _QUOTED else code


def _date_offers(node: dict, today: dt.date, lang: str) -> list[Offer]:
    if node.get("format") == "date":
        return [Offer(f'"{today.isoformat()}"', word(lang, "today"), kind="date")]
    pattern = node.get("pattern", "")
    if pattern.startswith("^[0-9]{4}-(0"):   # a month (payments)
        return [Offer(f'"{today.strftime("%Y-%m")}"', word(lang, "this-month"), kind="date")]
    return []


def value_offers(spot: Spot, outline: Outline, programme: Programme, schema_path: str, lang: str,
                 today: dt.date) -> list[Offer]:
    field = knowledge.pattern(spot.pointer)
    if field in labels.CODES:
        names, meanings = labels.CODES[field]
        return [Offer(code, names.get(code, ""), meanings.get(code, ""), _text(code)) for code in names]
    if field in ("/district", "/referral/proposed_by"):
        lot = outline.value("/lot")
        lot_districts = programme.lots[int(lot)].districts if lot and lot.isdigit() and int(lot) in programme.lots else ()
        ordered = [*lot_districts, *(code for code in programme.districts if code not in lot_districts)]
        return [Offer(code, programme.districts[code].name) for code in ordered if code in programme.districts]
    if field == "/lot":
        return [Offer(str(n), ", ".join(lot.bodies), ", ".join(lot.districts)) for n, lot in sorted(programme.lots.items())]
    if field == "/funding_line":
        return [Offer(line.code, line.title or "") for line in programme.funding_lines]
    if knowledge.targets(spot.pointer):
        out = []
        for entry in knowledge.definitions(outline, spot.pointer):
            about = knowledge.describe(outline, entry, lang, lambda amount: money_text(amount, lang))
            out.append(Offer(entry.value, about, kind="reference"))
        return out
    node = schema_reader.index_for(schema_path).at(path_of(spot.pointer))
    return _date_offers(node, today, lang)


def field_offers(spot: Spot, outline: Outline, schema_path: str, lang: str) -> list[Offer]:
    """The fields the mapping at `spot.pointer` may have and does not have yet."""
    index = schema_reader.index_for(schema_path)
    node = index.at(path_of(spot.pointer))
    properties = node.get("properties", {})
    present = {entry.name() for entry in outline.children(spot.pointer)}
    out = []
    for name, sub in properties.items():
        if name in present:
            continue
        title = index.title(path_of(spot.pointer) + (name,), lang)
        description = index.deref(sub).get("description", "")
        out.append(Offer(name, title, description, f"{name}: ", kind="field"))
    return out


def offers(spot: Spot | None, outline: Outline, programme: Programme, schema_path: str, lang: str,
           today: dt.date) -> list[Offer]:
    if spot is None:
        return []
    if spot.role == "value":
        return value_offers(spot, outline, programme, schema_path, lang, today)
    if spot.role == "new-key":
        return field_offers(spot, outline, schema_path, lang)
    if spot.role == "key" and spot.entry is not None:   # a key being typed: the fields of its mapping
        return field_offers(Spot("new-key", knowledge.parent(spot.pointer)), outline, schema_path, lang)
    return []
