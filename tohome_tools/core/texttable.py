"""Plain-text tables for the terminal: columns padded to their widest cell, two spaces apart."""

from __future__ import annotations

from collections.abc import Container


def columns(headers: list[str], rows: list[list[str]], right: Container[int] = ()) -> list[str]:
    """The header, a line of dashes and the rows; columns whose index is in `right` (numbers) are
    right-aligned, the others left-aligned; no line ends in spaces."""
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
    return [line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)]
