"""The programme configuration: every programme number (caps, windows, limits, thresholds) lives here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from tohome_tools.core.dates import parse
from tohome_tools.core.errors import ConfigError
from tohome_tools.core.findings import Finding
from tohome_tools.io import loader
from tohome_tools.programme import schemacheck


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


MAX_REST_DAYS = 14   # weekend and holidays in a row: beyond this, no due date could find a working day


def _longest_rest(data: dict, start: dt.date | None, end: dt.date | None) -> int:
    """The longest run of non-working days in the programme's years (at most 30 of them: the
    weekdays of fixed holidays repeat every 28 years)."""
    from tohome_tools.core.workdays import Calendar

    if start is None or end is None or end < start:
        return 0
    calendar = Calendar.from_section(data.get("calendar") or {})
    day, last = dt.date(start.year, 1, 1), dt.date(min(end.year, start.year + 29), 12, 31)
    run = longest = 0
    while day <= last:
        run = 0 if calendar.is_working_day(day) else run + 1
        longest = max(longest, run)
        if longest > MAX_REST_DAYS:
            break
        day += dt.timedelta(days=1)
    return longest


def contradictions(loaded, file: str, lang: str) -> list[Finding]:
    """What the schema cannot see: values that contradict each other (each at its own line)."""
    from tohome_tools.core.findings import Severity
    from tohome_tools.i18n.messages import render

    data, found = loaded.data, []

    def add(pointer: str, code: str, **params) -> None:
        line, column = loaded.position(pointer)
        message, hint = render(code, lang, **params)
        found.append(Finding(file, line, column, pointer, code, Severity.ERROR, message, hint))

    window = data["programme"]["window"]
    if parse(window["end"]) and parse(window["start"]) and parse(window["end"]) < parse(window["start"]):
        add("/programme/window/end", "config-window-order", start=window["start"], end=window["end"])
    longest = _longest_rest(data, parse(window["start"]), parse(window["end"]))
    if longest > MAX_REST_DAYS:
        where = "/calendar/local_holidays" if (data.get("calendar") or {}).get("local_holidays") else "/calendar/weekend"
        add(where, "config-no-working-day", days=longest, most=MAX_REST_DAYS)
    for name, periods in data.get("caps", {}).items():
        for i, cap in enumerate(periods):
            if cap.get("to") and parse(cap["to"]) and parse(cap["from"]) and parse(cap["to"]) < parse(cap["from"]):
                add(f"/caps/{name}/{i}/to", "config-cap-order", start=cap["from"], to=cap["to"])
    seen, districts = set(), {d["code"] for d in data.get("districts", [])}
    for i, lot in enumerate(data.get("lots", [])):
        if lot["number"] in seen:
            add(f"/lots/{i}/number", "config-duplicate-lot", lot=lot["number"])
        seen.add(lot["number"])
        for j, code in enumerate(lot.get("districts", [])):
            if code not in districts:
                add(f"/lots/{i}/districts/{j}", "config-unknown-district", district=code)
    return found


def load(path: Path, schema_path: Path, lang: str = "it") -> Programme:
    """Load and validate the programme file; raise ConfigError with located findings when it is wrong."""
    loaded = loader.load_path(path)
    file = str(path)
    findings = loader.to_findings(loaded, file, lang)
    if not findings:
        findings = schemacheck.check(loaded, file, str(schema_path), lang)
    if not findings:
        findings = contradictions(loaded, file, lang)
    if findings:
        raise ConfigError(findings)
    return Programme(loaded.data, file)
