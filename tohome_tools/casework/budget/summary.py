"""The budget summary: every total the `budget` command shows, computed once from the ledger.

All output formats render this one structure, so a total printed as a table, CSV or JSON is the
same Decimal, and every level (measure, household, lot, funding line, kind, programme) is a sum of
the same ledger rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from tohome_tools.casework.budget.ledger import (
    ZERO,
    LedgerRow,
    Position,
    co_participation,
    forecast,
    group,
    position,
    programme_money,
    total,
)
from tohome_tools.core.dates import month_start


@dataclass(frozen=True, slots=True)
class Line:
    """Totals of one key at one level. `planned`/`paid` are programme money; `co_participation` is
    what the household agreed to pay or save over the same rows."""

    level: str
    key: str
    planned: Decimal
    paid: Decimal
    co_participation: Decimal = ZERO
    envelope: Decimal | None = None

    @property
    def unpaid(self) -> Decimal:
        return self.planned - self.paid

    @property
    def remaining(self) -> Decimal | None:
        return None if self.envelope is None else self.envelope - self.planned


@dataclass
class Levels:
    """Totals at every level of one set of ledger rows."""
    programme: Line
    households: list[Line]
    lots: list[Line]
    funding_lines: list[Line]
    kinds: list[Line]


@dataclass
class Summary:
    """The whole programme (every planned month, paid as recorded by `as_of`) at every level, and
    `at_date`: the same levels over the months up to the month of `as_of` only."""
    as_of: dt.date
    rows: list[LedgerRow]
    programme: Line
    measures: list[Line]
    households: list[Line]
    lots: list[Line]
    funding_lines: list[Line]
    kinds: list[Line]
    position: Position
    forecast: list[tuple[dt.date, Decimal]]
    at_date: Levels | None = None
    findings: list = field(default_factory=list)
    synthetic: bool = False
    erased: int = 0        # households erased at the end of retention: no longer in any total
    last_month: dt.date | None = None   # the last month the "up to the date" view counts (the programme's end at most)


def _lines(level: str, rows: list[LedgerRow], key, keys=(), envelopes: dict | None = None) -> list[Line]:
    money = group(programme_money(rows), key)
    co = group(co_participation(rows), key)
    out = []
    for k in sorted(set(money) | set(co) | set(keys), key=lambda v: (str(type(v)), v)):
        m = money.get(k)
        out.append(Line(level, str(k), m.planned if m else ZERO, m.paid if m else ZERO,
                        co[k].planned if k in co else ZERO,
                        (envelopes or {}).get(k)))
    return out


def summarise(rows: list[LedgerRow], programme, as_of: dt.date, households: list[str],
              lots: list[int] | None = None, synthetic: bool = False) -> Summary:
    """Totals of `rows` at every level. `households` lists every household in scope (those without
    money appear with zeros); `lots` likewise (default: every lot of the configuration)."""
    lot_numbers = sorted(programme.lots) if lots is None else lots
    envelopes = {n: lot.envelope for n, lot in programme.lots.items() if lot.envelope is not None}
    line_envelopes = {f.code: f.envelope for f in programme.funding_lines if f.envelope is not None}
    def levels(chosen: list[LedgerRow]) -> Levels:
        whole = total(programme_money(chosen))
        return Levels(
            programme=Line("programme", "programme", whole.planned, whole.paid,
                           total(co_participation(chosen)).planned),
            households=_lines("household", chosen, lambda r: r.household, households),
            lots=_lines("lot", chosen, lambda r: r.lot, lot_numbers, envelopes),
            funding_lines=_lines("funding_line", chosen, lambda r: r.funding_line, (), line_envelopes),
            kinds=_lines("kind", chosen, lambda r: f"{r.family}/{r.kind}"),
        )

    every = levels(rows)
    cutoff = month_start(as_of)
    return Summary(
        as_of=as_of,
        rows=rows,
        programme=every.programme,
        measures=_lines("measure", rows, lambda r: f"{r.household}/{r.measure or r.kind}"),
        households=every.households,
        lots=every.lots,
        funding_lines=every.funding_lines,
        kinds=every.kinds,
        position=position(rows, as_of),
        forecast=forecast(rows, as_of, programme.window_end),
        at_date=levels([r for r in rows if r.month <= cutoff]),
        synthetic=synthetic,
        last_month=min(cutoff, month_start(programme.window_end)),
    )
