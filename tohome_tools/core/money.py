"""Amounts read from records: exact decimals, never floats."""

from __future__ import annotations

from decimal import Decimal


def money_of(value) -> Decimal | None:
    """An amount from a record value (int or Decimal, never a float or a boolean), or None."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return None
    return Decimal(value)
