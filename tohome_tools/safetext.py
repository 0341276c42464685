"""Text from records, file names or commits made safe to print: control characters become escapes."""

from __future__ import annotations

_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def visible(text: str) -> str:
    """Text with its control characters shown as escapes (a newline as \\n, ESC as \\x1b), so that a
    value can neither hide in a message, nor break a line, nor drive the terminal."""
    out = []
    for ch in str(text):
        if ch.isprintable() or ch == " ":
            out.append(ch)
        elif ch in _NAMED:
            out.append(_NAMED[ch])
        else:
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}")
    return "".join(out)


def spreadsheet_safe(value):
    """A CSV cell a spreadsheet will not run as a formula: text starting with `=`, `@`, a tab or a
    carriage return, or with `+`/`-` not followed by a number, gets a leading apostrophe. Numbers and
    everything else are left as they are."""
    if not isinstance(value, str) or not value:
        return value
    first, rest = value[0], value[1:2]
    if first in "=@\t\r" or (first in "+-" and not (rest.isdigit() or rest == ".")):
        return "'" + value
    return value


def spreadsheet_row(row) -> list:
    return [spreadsheet_safe(cell) for cell in row]
