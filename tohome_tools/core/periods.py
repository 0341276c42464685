"""Release periods: `YYYY`, `YYYY-Hn`, `YYYY-Qn`, and how they nest and partition each other."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_SYNTAX = re.compile(r"^(\d{4})(?:-([HQ])([1-4]))?$")
KIND_NAMES = {"Y": "anno", "H": "semestre", "Q": "trimestre"}


class PeriodError(ValueError):
    """The period text is not one of the accepted forms."""


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date          # inclusive
    code: str
    kind: str             # Y, H, Q

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]

    def contains(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def overlaps(self, first: dt.date | None, last: dt.date | None) -> bool:
        """True when [first, last] (last None = still open) meets the period."""
        return first is not None and first <= self.end and (last is None or last >= self.start)

    def within(self, other: "Period") -> bool:
        return other.start <= self.start and self.end <= other.end and self != other

    def months(self) -> list[dt.date]:
        out, cur = [], self.start
        while cur <= self.end:
            out.append(cur)
            cur = dt.date(cur.year + (cur.month == 12), cur.month % 12 + 1, 1)
        return out

    def sort_key(self) -> tuple:
        return (self.start, -(self.end - self.start).days, self.code)


def parse(text: str) -> Period:
    match = _SYNTAX.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise PeriodError(text)
    year = int(match.group(1))
    if not 1 <= year <= 9998:
        raise PeriodError(text)
    kind, n = match.group(2), match.group(3)
    if kind is None:
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}", "Y")
    n = int(n)
    size = 6 if kind == "H" else 3
    if n > 12 // size:
        raise PeriodError(text)
    first_month = (n - 1) * size + 1
    last_month = first_month + size - 1
    end = dt.date(year + (last_month == 12), last_month % 12 + 1, 1) - dt.timedelta(days=1)
    return Period(dt.date(year, first_month, 1), end, f"{year}-{kind}{n}", kind)


def partitions(whole: Period, parts: list[Period]) -> list[tuple[Period, ...]]:
    """Every set of the given periods that exactly tiles `whole` (disjoint, no gap)."""
    inside = sorted((p for p in parts if p.within(whole)), key=Period.sort_key)
    found: list[tuple[Period, ...]] = []

    def extend(day: dt.date, chosen: tuple[Period, ...]) -> None:
        if day > whole.end:
            if len(chosen) > 1:
                found.append(chosen)
            return
        for part in inside:
            if part.start == day:
                extend(part.end + dt.timedelta(days=1), chosen + (part,))

    extend(whole.start, ())
    return found


def disjoint_sets(whole: Period, parts: list[Period]) -> list[tuple[Period, ...]]:
    """Every set of two or more pairwise disjoint given periods inside `whole` (tilings included)."""
    inside = sorted((p for p in parts if p.within(whole)), key=Period.sort_key)
    found: list[tuple[Period, ...]] = []

    def extend(start: int, chosen: tuple[Period, ...]) -> None:
        if len(chosen) > 1:
            found.append(chosen)
        for i in range(start, len(inside)):
            if all(inside[i].end < c.start or c.end < inside[i].start for c in chosen):
                extend(i + 1, chosen + (inside[i],))

    extend(0, ())
    return found
