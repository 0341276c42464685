"""Findings: what validation (and every other check) reports, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place. Line and column are 1-based; 0 means "no position"."""

    file: str
    line: int
    column: int
    pointer: str
    code: str
    severity: Severity
    message: str
    hint: str = ""

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.code, self.message)

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
            "pointer": self.pointer,
        }


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

    def sorted(self) -> list[Finding]:
        return sorted(self.findings, key=Finding.sort_key)
