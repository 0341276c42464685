"""What rules see: a record with typed accessors, and per-record summaries for collection rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Mapping

from tohome_tools.core import dates
from tohome_tools.core import pointer as jp
from tohome_tools.core.findings import FieldName
from tohome_tools.core.money import money_of
from tohome_tools.programme.config import Programme


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule's finding before rendering: where (pointer, or a file for collection rules) and parameters.
    `because`: the other values the finding compares this one with (a date it must follow, the
    measure it belongs to, a section that is missing). A finding without them judges its value alone.
    Validation drops a finding whose value or reasons are already reported, and tells findings with
    the same reasons as one (one mistake, one finding); the first of `because` is the main reason,
    named when several findings share it. `after`: values that are not this finding's reason, but
    whose own reported mistake makes it a knock-on (a payment names H1 after the measure's code H1
    was misspelt): it is dropped then, and grouped by nothing."""

    pointer: str
    params: dict = field(default_factory=dict)
    file: str = ""
    key: bool = False
    because: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Summary:
    """The few facts of one record that collection rules need (kept small for large runs)."""

    file: str
    id: str | None
    lot: int | None
    start: dt.date | None
    end: dt.date | None


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


@dataclass
class RecordContext:
    data: dict
    programme: Programme
    file: str
    schema: str = ""   # the record schema's path: a field is named by its title there
    position: Callable[[str], tuple[int, int]] = lambda pointer: (0, 0)
    reference_day: dt.date | None = None   # today, or the day of --as-of
    erased: Mapping[str, int | None] = field(default_factory=dict)   # erased IDs (upper case) -> lot they may live in
    repository_lot: int | None = None      # the lot of the repository the record sits in (a lot's own)
    _items: dict = field(default_factory=dict, repr=False, compare=False)

    def open_until(self) -> dt.date:
        """The day an open project is measured to: the reference day, kept within the programme window
        (its end when no day is given)."""
        day = self.reference_day or self.programme.window_end
        return min(max(day, self.programme.window_start), self.programme.window_end)

    def line_of(self, pointer: str) -> int:
        return self.position(pointer)[0]

    def field(self, pointer: str) -> FieldName:
        """The field at `pointer`, for a message that names it by its title."""
        return FieldName(tuple(int(t) if t.isdigit() else t for t in jp.parts(pointer)), self.schema)

    # --- plain accessors that tolerate malformed data (the schema reports the malformation) ---
    def section(self, name: str) -> dict:
        return _dict(self.data.get(name))

    def items(self, *path: str) -> list[tuple[int, dict]]:
        """(index, item) of the mapping items of the list at `path` (every rule asks for the same few
        lists: each is read once per record; callers never change what they get)."""
        found = self._items.get(path)
        if found is None:
            node = self.data
            for name in path:
                node = _dict(node).get(name)
            found = self._items[path] = [(i, item) for i, item in enumerate(_list(node)) if isinstance(item, dict)]
        return found

    def date(self, value) -> dt.date | None:
        return dates.parse(value)

    def money(self, value) -> Decimal | None:
        return money_of(value)

    def member_keys(self) -> set[str]:
        return {m.get("key") for _, m in self.items("household", "members") if isinstance(m.get("key"), str)}

    def measures(self) -> list[tuple[str, int, dict]]:
        """(list name, index, measure) for housing and work support."""
        out = []
        for name in ("housing_support", "work_support"):
            out.extend((name, i, m) for i, m in self.items("measures", name))
        return out

    def first_interview(self) -> dt.date | None:
        days = [d for d in (self.date(i.get("date")) for _, i in self.items("intake", "interviews")) if d]
        return min(days) if days else None

    def pact_date(self) -> dt.date | None:
        return self.date(self.section("pact").get("signed_on"))

    def validation_date(self) -> dt.date | None:
        return self.date(self.section("validation").get("validated_on"))

    def closure_date(self) -> dt.date | None:
        return self.date(self.section("closure").get("closed_on"))

    def project_start(self) -> dt.date | None:
        """The path starts at the pact signature; before a pact, at the first interview."""
        return self.pact_date() or self.first_interview()


def duplicates(items, field: str, base: str):
    """(pointer, value) of each item whose `field` repeats an earlier item's, in a list of (n, item)."""
    seen = set()
    for n, item in items:
        value = item.get(field)
        if isinstance(value, str):
            if value in seen:
                yield f"{base}/{n}/{field}", value
            seen.add(value)
