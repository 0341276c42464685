"""A small YAML writer for records: block style, stable order, values that read back the same.

Strings are left plain only when every YAML reader (1.1 or 1.2) reads them back as the same text;
otherwise they are double-quoted. Dates (kept as text) are always quoted so that tools using
YAML 1.1 do not turn them into date objects. Decimals keep their written precision.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

_PLAIN = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9 _.,()'/+-]*\Z")
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
# Characters YAML does not allow raw even inside double quotes (DEL, C1 controls, non-characters),
# and line separators that editors count as line breaks: written as escapes.
_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_NAMED = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}


def _escape(match: re.Match) -> str:
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def scalar(value) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        text = str(value)
        return text if "E" not in text else format(value, "f")
    if isinstance(value, float):
        raise TypeError("floats are never written: use Decimal")
    text = str(value)
    if (_PLAIN.match(text) and text.lower() not in _YAML11_WORDS and not text.endswith(" ")
            and ": " not in text and " #" not in text):
        return text
    return _UNPRINTABLE.sub(_escape, json.dumps(text, ensure_ascii=False))


def _lines(value, indent: int) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            label = scalar(str(key))
            if isinstance(item, (dict, list)) and item:
                out.append(f"{pad}{label}:")
                out.extend(_lines(item, indent + (2 if isinstance(item, dict) else 2)))
            else:
                out.append(f"{pad}{label}: {_inline(item)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)) and item:
                inner = _lines(item, indent + 2)
                out.append(f"{pad}- {inner[0].lstrip()}")
                out.extend(inner[1:])
            else:
                out.append(f"{pad}- {_inline(item)}")
    return out


def _inline(value) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return scalar(value)


def dump(data: dict, header: str = "") -> str:
    """YAML text for a record; `header` lines are written as comments on top."""
    comments = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return comments + "\n".join(_lines(data, 0)) + "\n"
