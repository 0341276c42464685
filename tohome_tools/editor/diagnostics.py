"""Findings as the editor shows them: LSP diagnostics at the finding's line and column.

The sentence and the hint are `validate`'s (the same `Texts`, the same ordering); the position is the
finding's, turned into the editor's units (0-based lines, UTF-16 code units unless the client chose
another encoding). A finding without a place (line 0, as `validate --format json` gives it) sits at
the start of the file. The range runs over the value or key the finding points at, so the editor
underlines a word, not a point.
"""

from __future__ import annotations

from collections.abc import Callable

from lsprotocol import types

from tohome_tools.cli.formats import hint_line
from tohome_tools.cli.texts import ordered
from tohome_tools.core.findings import Finding, Severity
from tohome_tools.core.safetext import visible
from tohome_tools.editor.outline import lines_of, quote_end
from tohome_tools.i18n.render import Texts

SOURCE = "tohome"
SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning}

Units = Callable[[str], int]   # how many of the client's position units a piece of a line takes


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def token_end(line: str, start: int) -> int:
    """Where the key or value starting at `start` ends on its line."""
    if start >= len(line):
        return start
    char = line[start]
    if char in "\"'":
        return quote_end(line, start)
    if char == "#":
        return len(line.rstrip())
    in_flow = "{" in line[:start] or "[" in line[:start] or char in "{["
    end = start
    while end < len(line):
        here = line[end]
        if here == ":" and (end + 1 == len(line) or line[end + 1] in " \t"):
            break
        if here == "#" and end > start and line[end - 1] in " \t":
            break
        if in_flow and here in ",}]" and end > start:
            break
        end += 1
    while end > start and line[end - 1] in " \t":
        end -= 1
    return max(end, start + 1) if start < len(line) else start


def position(lines: list[str], line: int, column: int, units: Units) -> types.Position:
    """A 1-based line and column (in characters) as an LSP position. A column past the end of its
    line (libyaml marks the end of a file that has no final newline there) stays past it."""
    if line <= 0:
        return types.Position(line=0, character=0)
    row = line - 1
    text = lines[row] if row < len(lines) else ""
    col = max(column - 1, 0)
    return types.Position(line=row, character=units(text[:col]) + max(0, col - len(text)))


def diagnostic(finding: Finding, message: str, hint: str, lines: list[str], units: Units, lang: str) -> types.Diagnostic:
    start = position(lines, finding.line, finding.column, units)
    end = start
    if finding.line > 0 and finding.line - 1 < len(lines):
        text = lines[finding.line - 1]
        col = max(finding.column - 1, 0)
        if col < len(text):
            end = types.Position(line=start.line, character=units(text[:token_end(text, col)]))
    body = visible(message) + (f"\n{hint_line(hint, lang)}" if hint else "")
    data = {"line": finding.line, "column": finding.column, "pointer": finding.pointer, "message": visible(message),
            "hint": visible(hint)}
    if finding.code == "yaml-syntax":
        data["kind"] = str(finding.params.get("kind", ""))
    return types.Diagnostic(range=types.Range(start=start, end=end), message=body, severity=SEVERITY[finding.severity],
                            code=finding.code, source=SOURCE, data=data)


def diagnostics(findings: list[Finding], text: str, words: Texts, units: Units = utf16) -> list[types.Diagnostic]:
    """Diagnostics for one document's findings, in `validate`'s order."""
    lines = lines_of(text)
    return [diagnostic(f, message, hint, lines, units, words.lang) for f, message, hint in ordered(findings, words)]
