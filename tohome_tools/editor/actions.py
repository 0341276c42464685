"""Quick fixes for the common mistakes, offered on the finding that reports each one: a decimal
comma in an amount, a colon inside an unquoted text, tabs in the indentation, a date written the
Italian way (5/1/2019), a code or a field name one typo away from an allowed one.

Each fix is computed from the text under the finding, never guessed from elsewhere: a fix that
cannot be sure (a date that is no real day) is not offered."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass

from tohome_tools.editor.words import word
from tohome_tools.i18n import labels
from tohome_tools.i18n.render import long_date

_DECIMAL_COMMA = re.compile(r"-?[0-9.]*,[0-9]+\Z")
_ITALIAN_DATE = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})\Z")
_KEY_VALUE = re.compile(r"(?P<head>[ ]*(?:-[ ]+)*[^\s#'\"][^#]*?:[ \t]+)(?P<value>[^\s'\"|>\[{].*?)(?P<tail>[ \t]+#.*)?\Z")


@dataclass(frozen=True)
class Edit:
    line: int      # 0-based
    start: int     # characters of the line
    end: int
    text: str


@dataclass(frozen=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]
    preferred: bool = True


def _unquoted(token: str) -> str:
    if len(token) >= 2 and token[0] == token[-1] and token[0] in "\"'":
        return token[1:-1]
    return token


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def decimal_comma(line: int, start: int, end: int, token: str, lang: str) -> Fix | None:
    value = _unquoted(token).strip()
    if not _DECIMAL_COMMA.match(value):
        return None
    fixed = value.replace(".", "").replace(",", ".")
    return Fix(word(lang, "fix-decimal", fixed=fixed), (Edit(line, start, end, fixed),))


def italian_date(line: int, start: int, end: int, token: str, lang: str) -> Fix | None:
    found = _ITALIAN_DATE.match(_unquoted(token).strip())
    if not found:
        return None
    day, month, year = (int(part) for part in found.groups())
    try:
        real = dt.date(year, month, day)
    except ValueError:
        return None   # not a day of the calendar in the Italian order either: nothing sure to offer
    fixed = f'"{real.isoformat()}"'
    return Fix(word(lang, "fix-date", fixed=fixed, day=long_date(real, lang)), (Edit(line, start, end, fixed),))


def colon_in_text(line: int, text: str, lang: str) -> Fix | None:
    found = _KEY_VALUE.match(text)
    if not found or ": " not in found.group("value") + " ":
        return None
    head, value, tail = found.group("head"), found.group("value").rstrip(), found.group("tail") or ""
    if ": " not in value and not value.endswith(":"):
        return None
    return Fix(word(lang, "fix-colon"), (Edit(line, 0, len(text), head + _quote(value) + tail),))


def tabs(lines: list[str], lang: str, width: int = 2) -> Fix | None:
    edits = []
    for number, text in enumerate(lines):
        lead = text[:len(text) - len(text.lstrip(" \t"))]
        if "\t" in lead:
            edits.append(Edit(number, 0, len(lead), lead.replace("\t", " " * width)))
    return Fix(word(lang, "fix-tabs"), tuple(edits)) if edits else None


def closest_code(line: int, start: int, end: int, token: str, field: str, allowed: list[str], lang: str) -> Fix | None:
    value = _unquoted(token).strip()
    close = difflib.get_close_matches(value, [str(a) for a in allowed], n=1, cutoff=0.6)
    if not close:
        lowered = [str(a) for a in allowed if str(a).lower() == value.lower()]
        close = lowered[:1]
    if not close:
        return None
    code = close[0]
    named = labels.explained(field, code)
    text = f'"{code}"' if code.lower() in ("yes", "no") else code
    return Fix(word(lang, "fix-enum", code=code, label=named[0] if named else code), (Edit(line, start, end, text),))


def closest_field(line: int, start: int, end: int, token: str, allowed: list[str], lang: str) -> Fix | None:
    close = difflib.get_close_matches(_unquoted(token).strip(), allowed, n=1)
    if not close:
        return None
    return Fix(word(lang, "fix-field", name=close[0]), (Edit(line, start, end, close[0]),))
