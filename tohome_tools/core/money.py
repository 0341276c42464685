"""Amounts read from records: exact decimals, never floats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal


def money_of(value) -> Decimal | None:
    """An amount from a record value (int or Decimal, never a float or a boolean), or None."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return None
    return Decimal(value)


def rounded(amount: Decimal, places: int = 2) -> Decimal:
    """`amount` to `places` decimals, half up, however large: `quantize` in the default context
    (28 digits) refuses a longer result, and a record may hold an absurd amount the rules then
    report — reporting it must not fail."""
    digits = max(28, amount.adjusted() + places + 2)
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=Context(prec=digits))
