"""Text from records, file names or commits made safe to print: control characters become escapes."""

from __future__ import annotations

import re

_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
# what drives a terminal or breaks a line of a file: C0 controls but newline and tab, DEL, C1
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_END = re.compile(r"\r\n?|\n")


def visible(text: str) -> str:
    """Text with its control characters shown as escapes (a newline as \\n, ESC as \\x1b), so that a
    value can neither hide in a message, nor break a line, nor drive the terminal."""
    out = []
    text = str(text)
    for i, ch in enumerate(text):
        if ch.isprintable() or ch == " " or (ch == "\u00a0" and text[i + 1:i + 2] == "€" and text[i - 1:i].isdigit()):
            out.append(ch)   # the no-break space of an amount (1.234,56 €, as CLDR writes it) is ours
        elif ch in _NAMED:
            out.append(_NAMED[ch])
        else:
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}")
    return "".join(out)


def without_controls(text: str) -> str:
    """Text whose lines stay lines: newlines and tabs kept, every other control character shown as an
    escape. For whole outputs (a message on stderr, a page printed to the terminal)."""
    return _CONTROLS.sub(lambda found: visible(found.group()), text)


class SafeStream:
    """A text stream that writes `without_controls` of what it is given: whatever a message quotes (a
    file name, a revision, a value), the terminal only ever receives printable text and line ends."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            self._stream.write(without_controls(text))
        except OSError:   # messages that cannot be written (`2>/dev/full`) are lost; the exit code still tells
            pass
        return len(text)

    def __getattr__(self, name):   # flush, fileno, isatty, encoding, reconfigure: the real stream's
        return getattr(self._stream, name)


def spreadsheet_safe(value):
    """A CSV cell a spreadsheet will not run as a formula: text starting with `=`, `@`, a tab or a
    carriage return, or with `+`/`-` not followed by a number, gets a leading apostrophe. Numbers and
    everything else are left as they are."""
    if not isinstance(value, str) or not value:
        return value
    # a bare carriage return would end the row for some readers: line ends become spaces
    value = without_controls(_LINE_END.sub(" ", value))
    first, rest = value[0], value[1:2]
    if first in "=@\t" or (first in "+-" and not (rest.isdigit() or rest == ".")):
        return "'" + value
    return value


def spreadsheet_row(row) -> list:
    return [spreadsheet_safe(cell) for cell in row]
