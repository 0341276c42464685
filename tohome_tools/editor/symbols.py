"""The outline of a record for the editor's symbol list: members, measures, objectives, payments and
meetings, each named as a case manager calls it (M1, H1, 2019-03 H1, 15/04/2019)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tohome_tools.editor import knowledge
from tohome_tools.editor.hover import money_text
from tohome_tools.editor.outline import Outline
from tohome_tools.editor.words import word
from tohome_tools.i18n import labels


@dataclass
class Symbol:
    name: str
    detail: str
    kind: str            # "group", "member", "measure", "objective", "payment", "meeting"
    first: int           # lines, 0-based
    last: int
    line: int            # where its name is written
    start: int
    end: int
    children: list["Symbol"] = field(default_factory=list)


def _item(outline: Outline, pointer: str, name: str, detail: str, kind: str, at: str) -> Symbol:
    first, last = outline.span(pointer)
    entry = outline.find(at) or outline.find(pointer)
    line = entry.line if entry else first
    start = entry.value_col if entry and entry.value is not None else (entry.key_col if entry else 0)
    end = entry.value_end if entry and entry.value is not None else start
    return Symbol(name, detail, kind, first, last, line, start, end)


def _group(outline: Outline, pointer: str, title: str, children: list[Symbol]) -> Symbol | None:
    entry = outline.find(pointer)
    if entry is None or not children:
        return None
    first, last = outline.span(pointer)
    end = entry.key_col + len(entry.key or "")
    return Symbol(title, "", "group", first, last, entry.line, entry.key_col, end, children)


def _items(outline: Outline, pointer: str) -> list[tuple[str, dict]]:
    out = []
    for entry in outline.children(pointer):
        values = {child.name(): child.value for child in outline.children(entry.pointer)}
        out.append((entry.pointer, values))
    return out


def symbols(outline: Outline, lang: str) -> list[Symbol]:
    money = (lambda amount: money_text(amount, lang)) if lang else str
    out: list[Symbol] = []

    members = [
        _item(outline, ptr, v.get("key") or "?", knowledge.describe(outline, outline.find(ptr + "/key"), lang, money)
              if outline.find(ptr + "/key") else "", "member", ptr + "/key")
        for ptr, v in _items(outline, "/household/members")]
    out.append(_group(outline, "/household/members", word(lang, "members"), members))

    objectives = [_item(outline, ptr, v.get("id") or "?", v.get("description") or "", "objective", ptr + "/id")
                  for ptr, v in _items(outline, "/project/objectives")]
    out.append(_group(outline, "/project/objectives", word(lang, "objectives"), objectives))

    measures = []
    for family in ("housing_support", "work_support"):
        items = [_item(outline, ptr, v.get("id") or "?",
                       knowledge.describe(outline, outline.find(ptr + "/id"), lang, money) if outline.find(ptr + "/id")
                       else "", "measure", ptr + "/id")
                 for ptr, v in _items(outline, f"/measures/{family}")]
        group = _group(outline, f"/measures/{family}", word(lang, "housing" if family == "housing_support" else "work"),
                       items)
        if group:
            measures.append(group)
    actions = [_item(outline, ptr, v.get("date") or "?",
                     ", ".join(x for x in (labels.label(labels.SHEET["action"], v.get("kind")) if v.get("kind") else "",
                                           v.get("member") or "") if x), "measure", ptr + "/date")
               for ptr, v in _items(outline, "/measures/actions")]
    group = _group(outline, "/measures/actions", word(lang, "actions"), actions)
    if group:
        measures.append(group)
    out.append(_group(outline, "/measures", word(lang, "measures"), measures))

    payments = [_item(outline, ptr, f"{v.get('month') or '?'} {v.get('measure') or '?'}",
                      money(v["amount"]) if v.get("amount") else "", "payment", ptr + "/month")
                for ptr, v in _items(outline, "/payments")]
    out.append(_group(outline, "/payments", word(lang, "payments"), payments))

    meetings = []
    interviews = [_item(outline, ptr, v.get("date") or "?", "", "meeting", ptr + "/date")
                  for ptr, v in _items(outline, "/intake/interviews")]
    group = _group(outline, "/intake/interviews", word(lang, "interviews"), interviews)
    if group:
        meetings.append(group)
    monitoring = [_item(outline, ptr, v.get("date") or "?", "", "meeting", ptr + "/date")
                  for ptr, v in _items(outline, "/monitoring")]
    group = _group(outline, "/monitoring", word(lang, "monitoring"), monitoring)
    if group:
        meetings.append(group)
    if meetings:
        first = min(g.first for g in meetings)
        last = max(g.last for g in meetings)
        out.append(Symbol(word(lang, "meetings"), "", "group", first, last, meetings[0].line, meetings[0].start,
                          meetings[0].end, meetings))
    return [s for s in out if s is not None]
