"""Date helpers: parsing ISO strings from records, month arithmetic."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

# One month of a duration, everywhere (rules, release tables, relations): a mean Gregorian month.
DAYS_PER_MONTH = Decimal("365.25") / 12

# Every date tohome handles, records and configuration alike: deadlines and durations computed from
# a date stay far inside what Python's dates can hold (year 9999).
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2999, 12, 31)


# Texts already read, and what they gave: rules, ledgers and tables read the same few thousand days
# over and over (dates are immutable, so one object serves every caller)
_DAYS: dict[str, dt.date | None] = {}
_MONTHS: dict[str, dt.date | None] = {}
_REMEMBERED = 100_000


def parse(value) -> dt.date | None:
    """ISO date from a record value, or None when absent or not a valid date (the schema reports it,
    years outside 1900-2999 included)."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return _DAYS[value]
    except KeyError:
        pass
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        day = None
    day = day if day is not None and EARLIEST <= day <= LATEST else None
    if len(_DAYS) < _REMEMBERED:
        _DAYS[value] = day
    return day


def parse_month(value) -> dt.date | None:
    """First day of a 'YYYY-MM' month, or None."""
    if not isinstance(value, str) or len(value) != 7:
        return None
    try:
        return _MONTHS[value]
    except KeyError:
        pass
    try:
        day = dt.date(int(value[:4]), int(value[5:7]), 1)
    except ValueError:
        day = None
    day = day if day is not None and EARLIEST <= day <= LATEST else None
    if len(_MONTHS) < _REMEMBERED:
        _MONTHS[value] = day
    return day


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later, clamped to the month's end (31 January + 1 month = 28/29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = last_day(year, month)
    return dt.date(year, month, min(day.day, last))


def last_day(year: int, month: int) -> int:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """First days of every calendar month touched by [start, end]."""
    out = []
    cur = month_start(start)
    while cur <= end:
        out.append(cur)
        cur = add_months(cur, 1)
    return out


def whole_months(start: dt.date, end: dt.date) -> int:
    """Calendar months elapsed from start to end (end day counted as reached)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return months


def exceeds_months(start: dt.date, end: dt.date, limit: int) -> bool:
    """True when end falls after start + limit months."""
    return end > add_months(start, limit)
