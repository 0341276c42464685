"""The money of the programme: a monthly ledger per household and measure, and its totals.

Pure core: functions take records (dicts from `tohome_tools.io.loader`) and the programme
configuration and return data; they never print. Amounts are `Decimal` end to end.

How months count (the rule is also written for staff in docs/guida/budget-e-scadenze.md):

**Whole months.** A measure (housing support H*, work support W*) or the household's
co-participation is due, at its full monthly amount, for every calendar month its period touches,
from the month of `start` to the month of `end` inclusive. There is no pro rata by days: a measure
from 31 January to 1 February counts two months; a measure from 2020-02-29 to 2020-02-29 counts
February 2020 once. This is the same month rule the cap checks (rules `housing-cap`, `work-cap`)
apply, and it matches how payments are recorded (one payment per measure and month, `YYYY-MM`,
at the monthly amount), so planned and paid compare month by month without rounding.

Co-participation without `end` runs to the closure date, or, for an open project, to the end
of the programme window. Co-participation rows carry the agreed amount in `planned`; `paid` is
always zero there, because the records do not track what the household actually paid or saved.

A payment whose month lies outside the measure's period still appears (planned 0, paid the
amount), so no paid euro disappears from the totals.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable

from tohome_tools.core import dates
from tohome_tools.core.money import money_of

ZERO = Decimal("0.00")

FAMILIES = ("housing_support", "work_support", "co_participation")
PROGRAMME_FAMILIES = ("housing_support", "work_support")  # money paid by the programme
KINDS = ("rent_share", "utilities", "internship", "other", "contribution", "savings")


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One household, one measure (or co-participation), one month."""

    household: str
    lot: int
    funding_line: str
    family: str        # housing_support | work_support | co_participation
    kind: str          # rent_share | utilities | internship | other | contribution | savings
    measure: str       # measure id (H1, W2, ...) or "" for co-participation
    month: dt.date     # first day of the month
    planned: Decimal
    paid: Decimal

    @property
    def unpaid(self) -> Decimal:
        return self.planned - self.paid

    def sort_key(self) -> tuple:
        return (self.household, self.month, FAMILIES.index(self.family), self.measure, self.kind)


def _money(value) -> Decimal | None:
    return money_of(value)


def _closure(record: dict) -> dt.date | None:
    closure = record.get("closure")
    return dates.parse(closure.get("closed_on")) if isinstance(closure, dict) else None


def _household_rows(record: dict, programme) -> list[LedgerRow]:
    hid, lot, line = record["id"], record["lot"], record["funding_line"]
    cells: dict[tuple, list[Decimal]] = {}
    kinds: dict[str, tuple[str, str]] = {}
    measures = record.get("measures") or {}
    for family in PROGRAMME_FAMILIES:
        for measure in measures.get(family) or []:
            mid = measure["id"]
            kinds[mid] = (family, measure["kind"])
            start, end = dates.parse(measure["start"]), dates.parse(measure["end"])
            amount = _money(measure["monthly_amount"])
            if start is None or end is None or amount is None:
                continue
            for month in dates.months_between(start, end):
                cells.setdefault((mid, month), [ZERO, ZERO])[0] += amount
    for payment in record.get("payments") or []:
        mid, month = payment["measure"], dates.parse_month(payment["month"])
        amount = _money(payment["amount"])
        if month is None or amount is None:
            continue
        if mid not in kinds:  # only on invalid records (rule payment-measure); keep the euro visible
            kinds[mid] = ("housing_support" if mid.startswith("H") else "work_support", "other")
        cells.setdefault((mid, month), [ZERO, ZERO])[1] += amount
    rows = [LedgerRow(hid, lot, line, kinds[mid][0], kinds[mid][1], mid, month, planned, paid)
            for (mid, month), (planned, paid) in cells.items()]
    co = record.get("co_participation")
    if isinstance(co, dict):
        start = dates.parse(co.get("start"))
        end = dates.parse(co.get("end")) or _closure(record) or programme.window_end
        amount = _money(co.get("monthly_amount"))
        if start and amount is not None and end >= start:
            rows.extend(LedgerRow(hid, lot, line, "co_participation", co["form"], "", month, amount, ZERO)
                        for month in dates.months_between(start, end))
    return rows


def ledger(records: list[dict], programme) -> list[LedgerRow]:
    """The monthly ledger of every record: one row per household, measure (or co-participation) and
    month, sorted by household, month, family, measure.

    Partial months count as whole months: a period touching a calendar month makes the full monthly
    amount due for that month (see the module docstring). Records must be valid (run validation
    first): the function trusts the schema for required keys.
    """
    rows: list[LedgerRow] = []
    for record in records:
        rows.extend(_household_rows(record, programme))
    rows.sort(key=LedgerRow.sort_key)
    return rows


# --- totals ---------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Total:
    planned: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def unpaid(self) -> Decimal:
        return self.planned - self.paid

    def __add__(self, other: "Total") -> "Total":
        return Total(self.planned + other.planned, self.paid + other.paid)


def total(rows: Iterable[LedgerRow]) -> Total:
    planned = paid = ZERO
    for row in rows:
        planned += row.planned
        paid += row.paid
    return Total(planned, paid)


def group(rows: Iterable[LedgerRow], key: Callable[[LedgerRow], object]) -> dict:
    """Totals per key, keys sorted."""
    buckets: dict = defaultdict(list)
    for row in rows:
        buckets[key(row)].append(row)
    return {k: total(buckets[k]) for k in sorted(buckets)}


def programme_money(rows: Iterable[LedgerRow]) -> list[LedgerRow]:
    """Rows the programme pays (housing and work support), without co-participation."""
    return [r for r in rows if r.family in PROGRAMME_FAMILIES]


def co_participation(rows: Iterable[LedgerRow]) -> list[LedgerRow]:
    return [r for r in rows if r.family == "co_participation"]


@dataclass(frozen=True)
class Position:
    """Where the money stands on a day: committed up to that month, paid, still owed, and later."""

    as_of: dt.date
    committed: Decimal      # planned in months up to and including the month of as_of
    paid: Decimal           # paid for months up to and including the month of as_of
    future: Decimal         # planned in months after as_of

    @property
    def unpaid(self) -> Decimal:
        return self.committed - self.paid


def position(rows: Iterable[LedgerRow], as_of: dt.date) -> Position:
    """Committed-but-unpaid at `as_of`, over programme money only (co-participation excluded)."""
    cutoff = dates.month_start(as_of)
    committed = paid = future = ZERO
    for row in programme_money(rows):
        if row.month <= cutoff:
            committed += row.planned
            paid += row.paid
        else:
            future += row.planned
    return Position(as_of, committed, paid, future)


def forecast(rows: Iterable[LedgerRow], as_of: dt.date, until: dt.date) -> list[tuple[dt.date, Decimal]]:
    """Programme money planned month by month after the month of `as_of` up to `until`'s month
    (every month listed, zero included)."""
    cutoff = dates.month_start(as_of)
    per_month: dict = defaultdict(lambda: ZERO)
    for row in programme_money(rows):
        if row.month > cutoff:
            per_month[row.month] += row.planned
    if until <= as_of:
        return []
    months = dates.months_between(dates.add_months(cutoff, 1), until)
    return [(m, per_month[m]) for m in months]


# --- filters ----------------------------------------------------------------------------------------

def select(rows: Iterable[LedgerRow], household: str | None = None, lot: int | None = None) -> list[LedgerRow]:
    return [r for r in rows if (household is None or r.household == household) and (lot is None or r.lot == lot)]

