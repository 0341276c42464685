"""The programme configuration: every programme number (caps, windows, limits, thresholds) lives here."""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

from tohome_tools.core.dates import parse
from tohome_tools.core.errors import ConfigError
from tohome_tools.core.findings import Finding
from tohome_tools.core.money import money_of
from tohome_tools.io import loader
from tohome_tools.programme import schemacheck


@dataclass(frozen=True)
class Cap:
    start: dt.date
    end: dt.date | None
    amount: Decimal

    def applies(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


# A record ID of any programme: <prefix>-<lot>-<nnnn> (the household schema's `id` pattern)
RECORD_ID_SHAPE = r"([A-Z]{2,4})-([1-9][0-9]?)-([0-9]{4})"


@dataclass(frozen=True)
class FundingLine:
    code: str
    title: str | None
    cup: str | None
    envelope: Decimal | None


@dataclass(frozen=True)
class District:
    code: str
    name: str


@dataclass(frozen=True)
class Lot:
    number: int
    bodies: tuple[str, ...]
    districts: tuple[str, ...]
    envelope: Decimal | None


def _frozen(value):
    """A configuration section as read-only data (sections handed on whole: publication, calendar)."""
    if isinstance(value, dict):
        return MappingProxyType({k: _frozen(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


@dataclass(frozen=True)
class Programme:
    """The programme configuration, parsed once (`Programme.of`): the only place that knows the
    file's shape. Everything else reads these attributes."""

    source: str
    name: str
    owner: str
    place: str                     # where the project sheet is signed ("" when not given)
    id_prefix: str                 # records are <prefix>-<lot>-<nnnn>
    keywords: tuple[str, ...]      # of the published data package
    window_start: dt.date
    window_end: dt.date
    funding_lines: tuple[FundingLine, ...]
    districts: dict[str, District]
    lots: dict[int, Lot]
    cap_periods: dict[str, tuple[Cap, ...]]
    limits: dict[str, int]
    deadlines: dict[str, int]
    calendar: Mapping
    publication: Mapping
    indicators: Mapping | None
    rule_levels: dict[str, str]    # rule code -> "error", "warning" or "off" in this programme
    privacy: Mapping | None = None  # the notice printed in the pact (controller, contact, basis, rights)

    @classmethod
    def of(cls, data: dict, source: str) -> "Programme":
        head = data["programme"]
        return cls(
            source=source,
            name=head["name"],
            owner=head.get("owner", ""),
            place=head.get("place", ""),
            id_prefix=head["id_prefix"],
            keywords=tuple(head.get("keywords", ())),
            window_start=parse(head["window"]["start"]),
            window_end=parse(head["window"]["end"]),
            funding_lines=tuple(FundingLine(f["code"], f.get("title"), f.get("cup"),
                                            money_of(f.get("envelope"))) for f in data["funding_lines"]),
            districts={d["code"]: District(d["code"], d.get("name", d["code"])) for d in data["districts"]},
            lots={lot["number"]: Lot(lot["number"], tuple(lot.get("bodies", ())), tuple(lot.get("districts", ())),
                                     money_of(lot.get("envelope"))) for lot in data["lots"]},
            cap_periods={name: tuple(Cap(parse(c["from"]), parse(c["to"]) if c.get("to") else None, money_of(c["amount"]))
                                     for c in periods) for name, periods in data["caps"].items()},
            limits=dict(data["limits"]),
            deadlines=dict(data["deadlines"]),
            calendar=_frozen(data.get("calendar") or {}),
            publication=_frozen(data["publication"]),
            indicators=_frozen(data["indicators"]) if data.get("indicators") else None,
            rule_levels={code: entry["level"] for code, entry in (data.get("rules") or {}).items()},
            privacy=_frozen(data["privacy"]) if data.get("privacy") else None,
        )

    @property
    def funding_codes(self) -> set[str]:
        return {f.code for f in self.funding_lines}

    def caps(self, name: str) -> tuple[Cap, ...]:
        return self.cap_periods[name]

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
        return self.limits[name]

    def deadline(self, name: str) -> int:
        return self.deadlines[name]

    @property
    def retention_years(self) -> int:
        return self.deadlines["retention_years_after_closure"]

    @property
    def retention_open_from(self) -> str:
        """What the retention of a project never closed runs from: "programme_end" or "last_activity"."""
        return self.deadlines.get("retention_open_from", "programme_end")

    @property
    def threshold(self) -> int:
        return self.publication["threshold"]

    def record_id(self, lot: int, number: int) -> str:
        return f"{self.id_prefix}-{lot}-{number:04d}"


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


def _cap_coverage(name: str, periods: list, window_start: dt.date | None, window_end: dt.date | None, add) -> None:
    """One cap a day: a period that starts while an earlier one is still in force (an empty `to` is
    in force for ever) overlaps it, and the days inside the programme window between the end of
    one period and the start of the next have no cap at all (both at the later period's `from`); so
    have the window's first days when the first period starts later (at its `from`), and its last
    days when every period has ended before it does (at the last one's `to`)."""
    one_day = dt.timedelta(days=1)
    spans = []
    for i, cap in enumerate(periods):
        start, end = parse(cap["from"]), parse(cap["to"]) if cap.get("to") else None
        if start is None or (cap.get("to") and (end is None or end < start)):
            continue   # an impossible date or a period ending before it starts: reported on its own
        spans.append((start, i, end))
    spans.sort(key=lambda span: span[:2])
    furthest = None   # (end, index) of the period reaching furthest so far; an end of None: for ever
    for start, i, end in spans:
        if furthest is not None:
            reach, j = furthest
            if reach is None or start <= reach:
                add(f"/caps/{name}/{i}/from", "config-cap-overlap", start=start,
                    other=parse(periods[j]["from"]), before=start - one_day)
            elif start - reach > one_day:
                first, last = reach + one_day, start - one_day
                if window_start is not None and window_end is not None:
                    first, last = max(first, window_start), min(last, window_end)
                if first <= last:
                    add(f"/caps/{name}/{i}/from", "config-cap-gap", first=first, last=last,
                        days=(last - first).days + 1, start=start, after=reach + one_day, before=start - one_day)
        if furthest is None or (furthest[0] is not None and (end is None or end > furthest[0])):
            furthest = (end, i)
    if not spans or window_start is None or window_end is None:
        return
    first_start, first = spans[0][0], spans[0][1]
    if first_start > window_start:   # the programme starts before any cap does
        last = min(first_start - one_day, window_end)
        add(f"/caps/{name}/{first}/from", "config-cap-window-start", first=window_start, last=last,
            days=(last - window_start).days + 1, start=first_start)
    reach, j = furthest
    if reach is not None and reach < window_end:   # and goes on after every cap has ended
        begin = max(reach + one_day, window_start)
        add(f"/caps/{name}/{j}/to", "config-cap-window-end", first=begin, last=window_end,
            days=(window_end - begin).days + 1, end=reach)


def contradictions(loaded, file: str) -> list[Finding]:
    """What the schema cannot see: values that contradict each other (each at its own line)."""
    from tohome_tools.core.findings import Severity

    data, found = loaded.data, []

    def add(pointer: str, code: str, **params) -> None:
        line, column = loaded.position(pointer)
        found.append(Finding(file, line, column, pointer, code, Severity.ERROR, params))

    window = data["programme"]["window"]
    if parse(window["end"]) and parse(window["start"]) and parse(window["end"]) < parse(window["start"]):
        add("/programme/window/end", "config-window-order", start=parse(window["start"]), end=parse(window["end"]))
    for i, holiday in enumerate((data.get("calendar") or {}).get("local_holidays") or []):
        month, day = int(holiday["day"][:2]), int(holiday["day"][3:])   # the schema's MM-GG shape
        most = monthrange(2000, month)[1]   # a leap year: "02-29" is a holiday of leap years
        if day > most:
            add(f"/calendar/local_holidays/{i}/day", "config-holiday-no-such-day", day=holiday["day"], month=month,
                most=most)
    longest = _longest_rest(data, parse(window["start"]), parse(window["end"]))
    if longest > MAX_REST_DAYS:
        where = "/calendar/local_holidays" if (data.get("calendar") or {}).get("local_holidays") else "/calendar/weekend"
        add(where, "config-no-working-day", days=longest, most=MAX_REST_DAYS)
    for name, periods in data.get("caps", {}).items():
        for i, cap in enumerate(periods):
            if cap.get("to") and parse(cap["to"]) and parse(cap["from"]) and parse(cap["to"]) < parse(cap["from"]):
                add(f"/caps/{name}/{i}/to", "config-cap-order", start=parse(cap["from"]), to=parse(cap["to"]))
        _cap_coverage(name, periods, parse(window["start"]), parse(window["end"]), add)
    first_at: dict[str, int] = {}
    for i, line in enumerate(data.get("funding_lines", [])):
        if line["code"] in first_at:
            add(f"/funding_lines/{i}/code", "config-duplicate-funding-line", funding=line["code"],
                line=loaded.position(f"/funding_lines/{first_at[line['code']]}/code")[0])
        first_at.setdefault(line["code"], i)
    seen, districts = set(), {d["code"] for d in data.get("districts", [])}
    for i, lot in enumerate(data.get("lots", [])):
        if lot["number"] in seen:
            add(f"/lots/{i}/number", "config-duplicate-lot", lot=lot["number"])
        seen.add(lot["number"])
        for j, code in enumerate(lot.get("districts", [])):
            if code not in districts:
                add(f"/lots/{i}/districts/{j}", "config-unknown-district", district=code)
    return found


def load(path: Path, schema_path: Path) -> Programme:
    """Load and validate the programme file; raise ConfigError with located findings when it is wrong."""
    loaded = loader.load_path(path)
    file = str(path)
    findings = loader.to_findings(loaded, file, settings=True)
    if not findings:
        findings = schemacheck.check(loaded, file, str(schema_path))
    if not findings:
        findings = contradictions(loaded, file) + _indicator_set(loaded, path)
    if findings:
        raise ConfigError(findings)
    return Programme.of(loaded.data, file)


def _indicator_set(loaded, path: Path) -> list[Finding]:
    """The indicator set named must be one of the sets beside the configuration (config/indicators/):
    a misspelt name would only be noticed on the day the report is due."""
    from tohome_tools.core.findings import Severity

    chosen = (loaded.data.get("indicators") or {}).get("set")
    folder = Path(path).parent / "indicators"
    if not isinstance(chosen, str) or (folder / f"{chosen}.yaml").is_file():
        return []
    known = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
    line, column = loaded.position("/indicators/set")
    return [Finding(str(path), line, column, "/indicators/set", "config-unknown-indicator-set", Severity.ERROR,
                    {"set": chosen, "known": ", ".join(known) or "-"})]
