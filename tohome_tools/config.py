"""The programme configuration: every programme number (caps, windows, limits, thresholds) lives here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from tohome_tools import loader, schemacheck
from tohome_tools.dates import parse
from tohome_tools.findings import Finding


class ConfigError(Exception):
    def __init__(self, findings: list[Finding]):
        super().__init__("\n".join(f"{f.file}:{f.line}:{f.column}: {f.message}" for f in findings))
        self.findings = findings


@dataclass(frozen=True)
class Cap:
    start: dt.date
    end: dt.date | None
    amount: Decimal

    def applies(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Programme:
    raw: dict
    source: str

    @property
    def name(self) -> str:
        return self.raw["programme"]["name"]

    @property
    def window_start(self) -> dt.date:
        return parse(self.raw["programme"]["window"]["start"])

    @property
    def window_end(self) -> dt.date:
        return parse(self.raw["programme"]["window"]["end"])

    @property
    def lots(self) -> dict[int, dict]:
        return {lot["number"]: lot for lot in self.raw["lots"]}

    @property
    def districts(self) -> dict[str, dict]:
        return {d["code"]: d for d in self.raw["districts"]}

    @property
    def funding_codes(self) -> set[str]:
        return {f["code"] for f in self.raw["funding_lines"]}

    def caps(self, name: str) -> list[Cap]:
        return [Cap(parse(c["from"]), parse(c["to"]) if c.get("to") else None, Decimal(c["amount"]))
                for c in self.raw["caps"][name]]

    def cap_on(self, name: str, day: dt.date) -> Decimal | None:
        """The cap in force on a day, or None when no cap period covers it."""
        for cap in self.caps(name):
            if cap.applies(day):
                return cap.amount
        return None

    @property
    def housing_cap(self) -> str:
        return "housing_support_per_household_month"

    @property
    def work_cap(self) -> str:
        return "work_support_per_measure_month"

    def limit(self, name: str) -> int:
        return self.raw["limits"][name]

    def deadline(self, name: str) -> int:
        return self.raw["deadlines"][name]

    @property
    def threshold(self) -> int:
        return self.raw["publication"]["threshold"]


def load(path: Path, schema_path: Path, lang: str = "it") -> Programme:
    """Load and validate the programme file; raise ConfigError with located findings when it is wrong."""
    loaded = loader.load_path(path)
    file = str(path)
    findings = loader.to_findings(loaded, file, lang)
    if not findings:
        findings = schemacheck.check(loaded, file, str(schema_path), lang)
    if findings:
        raise ConfigError(findings)
    return Programme(loaded.data, file)
