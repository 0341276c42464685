"""Small helpers to write safe Markdown: escaped table cells, tables, the generated-page header."""

from __future__ import annotations

import html
import re

from tohome_tools.programme.config import RECORD_ID_SHAPE

GENERATED = "<!-- Pagina generata da `tohome site`: non modificarla a mano, rigenerala. -->\n\n"


def cell(text: object) -> str:
    """A table cell: HTML-escaped, Markdown link and emphasis characters escaped (a label such as
    `[x](javascript:...)` from the configuration stays text), pipes and newlines neutralised."""
    value = html.escape(str(text), quote=False).replace("[", "\\[").replace("]", "\\]")
    value = value.replace("{", "&#123;").replace("}", "&#125;")   # no `{: onclick=...}` attribute lists
    return value.replace("|", "&#124;").replace("\n", " ").replace("\r", " ")


def code_cell(text: object) -> str:
    """Text for a code span inside a table cell (no link can form there): HTML-escaped, pipes and
    newlines neutralised, backticks removed."""
    value = html.escape(str(text), quote=False).replace("`", "'").replace("{", "&#123;").replace("}", "&#125;")
    return value.replace("|", "&#124;").replace("\n", " ").replace("\r", " ")


def inline(text: object) -> str:
    """Plain text for a paragraph: HTML-escaped and Markdown emphasis/link characters escaped."""
    value = html.escape(str(text), quote=False)
    for char in "\\`*_[]":
        value = value.replace(char, "\\" + char)
    return value.replace("{", "&#123;").replace("}", "&#125;")   # no `{: onclick=...}` attribute lists


def table(header: list[str], rows: list[list[str]], align: list[str] | None = None) -> str:
    """A Markdown table; align items are 'l' or 'r' (numbers are right-aligned)."""
    align = align or ["l"] * len(header)
    marks = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


# Any programme's prefix, not only this one's: masking more is safe
RECORD_ID = re.compile(r"\b" + RECORD_ID_SHAPE + r"\b")


def mask_record_ids(text: str) -> str:
    """Replace the number of anything shaped like a record ID (TH-4-0012 -> TH-4-nnnn): the public
    site shows no record ID, not even an example one that could match a real record."""
    return RECORD_ID.sub(r"\1-\2-nnnn", text)
