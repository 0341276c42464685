"""Findings: what validation (and every other check) reports, as plain data.

A finding carries a code and parameters, never a sentence: the text is written once, at the edge,
in the reader's language (`tohome_tools.i18n.render`). A parameter is a plain value (text, number,
`datetime.date`, `Decimal` for money) or one of the few types below, which say how to show a value
whose words depend on the language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from typing import Mapping


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class FieldName:
    """A field of the record or configuration, shown by its title in the reader's language."""

    path: tuple
    schema: str = ""   # the schema that gives the title (the record's, the programme's…)


@dataclass(frozen=True, slots=True)
class Shown:
    """A value as the user wrote it: quoted (and shortened) the way the language quotes."""

    value: object


@dataclass(frozen=True, slots=True)
class Month:
    """A calendar month (shown as MM/YYYY)."""

    day: dt.date


@dataclass(frozen=True, slots=True)
class Number:
    """A number with `places` decimals (19,4 in Italian, 19.4 in English), not money; `grouped`:
    thousands separated (1.234), which a limit that may be a year (1900) must not be."""

    value: object
    places: int = 0
    grouped: bool = True


@dataclass(frozen=True, slots=True)
class Phrase:
    """A piece of a sentence, from the phrases of the same message (`PHRASES` of a rule, or of the
    catalogue): for words a sentence takes or leaves by case ("open", "missing", a hint)."""

    key: str
    params: Mapping = field(default_factory=dict)


def phrase(key: str, **params) -> Phrase:
    return Phrase(key, params)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place. Line and column are 1-based; 0 means "no position"."""

    file: str
    line: int
    column: int
    pointer: str
    code: str
    severity: Severity
    params: Mapping = field(default_factory=dict)

    def position_key(self) -> tuple:
        return (self.file, self.line, self.column, self.code)


@dataclass
class Report:
    """All findings of one run, plus how many files were read."""

    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0
    data: dict[str, object] = field(default_factory=dict)   # display path -> record, when asked to keep them

    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]
