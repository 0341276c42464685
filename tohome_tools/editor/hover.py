"""What the editor shows when the pointer rests on a record: the field's title and description from
the schema, what a code means, what a reference names, and, on a rule's finding, the rule's own
documentation with the programme's numbers (as the site's rules page shows it)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from tohome_tools.editor import knowledge
from tohome_tools.editor.outline import Outline, Spot
from tohome_tools.editor.words import word
from tohome_tools.i18n import labels, render
from tohome_tools.programme import schema as schema_reader
from tohome_tools.programme.config import Programme
from tohome_tools.records import rules
from tohome_tools.site.rules_page import doc_values, fill


def money_text(value: str, lang: str) -> str:
    try:
        return render.money(Decimal(value), lang)
    except (InvalidOperation, ValueError):
        return value


def path_of(pointer: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in pointer.strip("/").split("/") if p)


def field_text(schema_path: str, pointer: str, lang: str) -> str:
    """The field's title (in `lang`) and the schema's description (Italian)."""
    index = schema_reader.index_for(schema_path)
    path = path_of(pointer)
    node = index.at(path)
    title = index.title(path, lang)
    name = pointer.rsplit("/", 1)[-1]
    text = f"**{title}** (`{name}`)"
    description = node.get("description")
    if not description and path and isinstance(path[-1], int):   # a list item: the list's description
        description = index.at(path[:-1]).get("description")
    return text + (f"\n\n{description}" if description else "")


def value_text(spot: Spot, outline: Outline, programme: Programme, lang: str) -> str:
    """What the value under the pointer means: a code's name, a district, a lot, a named member."""
    entry = spot.entry
    value = entry.value if entry is not None else None
    if value is None:
        return ""
    field = knowledge.pattern(spot.pointer)
    explained = labels.explained(field, value)
    if explained is not None:
        return f"`{value}`: **{explained[0]}**. {explained[1]}"
    if field in ("/district", "/referral/proposed_by") and value in programme.districts:
        return f"`{value}`: {programme.districts[value].name}"
    if field == "/lot" and value.isdigit() and int(value) in programme.lots:
        lot = programme.lots[int(value)]
        return f"`{value}`: {', '.join(lot.bodies)} ({', '.join(lot.districts)})"
    named = knowledge.definition(outline, spot.pointer, value)
    if named is not None:
        about = knowledge.describe(outline, named, lang, lambda amount: money_text(amount, lang))
        return f"`{value}`" + (f": {about}" if about else "")
    return ""


def rule_text(code: str, programme: Programme, lang: str) -> str:
    rule = rules.by_code().get(code)
    if rule is None:
        return ""
    doc = fill(rule.doc, doc_values(programme))
    title = rule.title.get(lang) or rule.title.get("it", code)
    first, _, rest = doc.partition("\n\n")
    body = rest if first.strip().rstrip(".") == rule.title.get("it", "").rstrip(".") else doc
    return f"**{word(lang, 'rule')} `{code}`: {title}**\n\n{body.strip()}"


def hover(spot: Spot | None, outline: Outline, codes: list[str], programme: Programme, schema_path: str,
          lang: str) -> str | None:
    """Markdown for the hover, or None when there is nothing to say. `codes`: the codes of the
    findings whose range holds the pointer."""
    parts = [rule_text(code, programme, lang) for code in dict.fromkeys(codes)]
    if spot is not None and spot.entry is not None:
        if spot.role == "value":
            parts.append(value_text(spot, outline, programme, lang))
        parts.append(field_text(schema_path, spot.pointer, lang))
    parts = [p for p in parts if p]
    return "\n\n---\n\n".join(parts) if parts else None
