"""Numbers, money and dates written the Italian way (1.234,56 €, 25 novembre 2020).

Pure functions, no locale: messages, sheets and the site must read the same on every machine.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tohome_tools.core.money import rounded as rounded_to

MONTHS = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
          "settembre", "ottobre", "novembre", "dicembre")

NOT_AVAILABLE = "n.d."


def _group(digits: str) -> str:
    """Thousands separated by dots: 1234567 -> 1.234.567."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return ".".join(parts)


def number(value: int | Decimal | str, places: int = 0, grouped: bool = True) -> str:
    """An integer or decimal with `places` decimals, rounded half up: 1234.5 -> '1.234,5' ('1234,5'
    not `grouped`)."""
    if isinstance(value, float):
        raise TypeError("floats are not accepted: pass int, Decimal or a decimal string")
    amount = Decimal(value)
    rounded = rounded_to(amount, places)
    sign = "-" if rounded < 0 else ""
    text = f"{rounded.copy_abs():f}"   # abs() would round to the context's 28 digits
    whole, _, fraction = text.partition(".")
    out = sign + (_group(whole) if grouped else whole)
    return f"{out},{fraction}" if places else out


def money(value: int | Decimal | str) -> str:
    """Euro amount with two decimals: Decimal('1234.5') -> '1.234,50 €', with a non-breaking space
    before the sign, as CLDR writes it (the amount and its sign never fall on two lines)."""
    return f"{number(value, 2)}\u00a0€"


def percent(value: int | Decimal | str, places: int = 1) -> str:
    """A percentage already multiplied by 100: Decimal('12.345') -> '12,3%'."""
    return f"{number(value, places)}%"


def date(day: dt.date) -> str:
    """25 novembre 2020."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def month(year: int, month_number: int) -> str:
    """novembre 2020."""
    return f"{MONTHS[month_number - 1]} {year}"


def period(code: str) -> str:
    """A release period in words: '2020' -> 'anno 2020', '2020-Q4' -> '4º trimestre 2020',
    '2020-H1' -> '1º semestre 2020', '2020-11' -> 'novembre 2020'; anything else is returned as is."""
    year, _, rest = code.partition("-")
    if not year.isdigit() or len(year) != 4:
        return code
    if not rest:
        return f"anno {year}"
    if len(rest) == 2 and rest[0] in "QT" and rest[1] in "1234":
        return f"{rest[1]}º trimestre {year}"
    if len(rest) == 2 and rest[0] in "HS" and rest[1] in "12":
        return f"{rest[1]}º semestre {year}"
    if rest.isdigit() and 1 <= int(rest) <= 12:
        return month(int(year), int(rest))
    return code


def value(cell, kind: str) -> str:
    """A table cell for display: None (suppressed or missing) -> 'n.d.'; kind is
    'integer', 'money', 'decimal' or 'text'."""
    if cell is None or cell == "":
        return NOT_AVAILABLE
    if kind == "integer":
        return number(int(cell))
    if kind == "money":
        return money(Decimal(str(cell)))
    if kind == "decimal":
        return number(Decimal(str(cell)), 1)
    return str(cell)
