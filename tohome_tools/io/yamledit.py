"""Changing one scalar of a YAML file in place: the rest of the text (comments, order, quoting) stays.

`tohome transfer` changes a record's lot and district; rewriting the whole file through a YAML
writer would drop the case manager's comments and reorder nothing less than everything.
"""

from __future__ import annotations

from tohome_tools.io import loader


class EditError(Exception):
    """The value is not a plain one-line scalar at the position the loader gave."""


def replace_scalar(text: str, pointer: str, value: str) -> str:
    """`text` with the scalar at `pointer` replaced by `value` (written plain: a code or a number)."""
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
    else:
        end = start
        while end < len(row) and row[end] not in " \t#\r\n":
            end += 1
    if end == start:
        raise EditError(pointer)
    lines[line - 1] = row[:start] + value + row[end:]
    edited = "".join(lines)
    if loader.load_text(edited).data is None:
        raise EditError(pointer)
    return edited
