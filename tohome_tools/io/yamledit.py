"""Changing one scalar of a YAML file in place: the rest of the text (comments, order, quoting) stays.

`tohome transfer` changes a record's lot and district; rewriting the whole file through a YAML
writer would drop the case manager's comments and reorder nothing less than everything.
"""

from __future__ import annotations

from tohome_tools.core import pointer as jp
from tohome_tools.io import loader


class EditError(Exception):
    """The value is not a plain one-line scalar at the position the loader gave."""


def replace_scalar(text: str, pointer: str, value: str, expected=None) -> str:
    """`text` with the scalar at `pointer` replaced by `value` (a code or a number, quoted as the old
    value was). The result must read back with `expected` (default: `value`) at `pointer`, and
    everything else as before; otherwise EditError, and nothing is changed."""
    loaded = loader.load_text(text)
    if loaded.data is None:
        raise EditError(pointer)
    line, column = loaded.position(pointer)
    lines = text.splitlines(keepends=True)
    if not 1 <= line <= len(lines):
        raise EditError(pointer)
    row = lines[line - 1]
    start = column - 1
    if start >= len(row):
        raise EditError(pointer)
    quote = row[start] if row[start] in "\"'" else ""
    if quote:
        end = row.find(quote, start + 1)
        if end < 0:
            raise EditError(pointer)
        end += 1
        value = quote + value + quote if not value.isdigit() else value
    else:
        end = start
        while end < len(row) and row[end] not in " \t#\r\n,]}":   # a code or a number: flow style ends it too
            end += 1
    if end == start:
        raise EditError(pointer)
    lines[line - 1] = row[:start] + value + row[end:]
    edited = "".join(lines)
    after = loader.load_text(edited).data
    want = expected if expected is not None else value.strip("\"'")
    if after is None or jp.resolve(after, pointer) != want or _without(after, pointer) != _without(loaded.data, pointer):
        raise EditError(pointer)
    return edited


def _without(data: dict, pointer: str) -> dict:
    """The data with the value at a top-level `pointer` left out (to compare everything else)."""
    return {k: v for k, v in data.items() if f"/{k}" != pointer}
