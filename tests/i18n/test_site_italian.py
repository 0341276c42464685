"""Italian formatting of numbers, money, dates and periods (tohome_tools.i18n.italian)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tohome_tools.i18n import italian


@pytest.mark.parametrize("value, places, expected", [
    (0, 0, "0"), (7, 0, "7"), (999, 0, "999"), (1000, 0, "1.000"), (1234567, 0, "1.234.567"),
    (-1234, 0, "-1.234"), (Decimal("1234.5"), 1, "1.234,5"), (Decimal("14.25"), 1, "14,3"),
    (Decimal("14.249"), 1, "14,2"), ("0.05", 1, "0,1"), (Decimal("-0.04"), 1, "0,0"),
])
def test_number(value, places, expected):
    assert italian.number(value, places) == expected


@pytest.mark.parametrize("value, expected", [
    (Decimal("1234.56"), "1.234,56\xa0€"), (Decimal("0"), "0,00\xa0€"), (300, "300,00\xa0€"),
    (Decimal("98765.435"), "98.765,44\xa0€"), ("1000000.1", "1.000.000,10\xa0€"),
])
def test_money(value, expected):
    assert italian.money(value) == expected


def test_floats_are_refused_for_numbers():
    with pytest.raises(TypeError):
        italian.number(0.1)


@pytest.mark.parametrize("day, expected", [
    (dt.date(2020, 11, 25), "25 novembre 2020"), (dt.date(2018, 4, 4), "4 aprile 2018"),
    (dt.date(2028, 12, 31), "31 dicembre 2028"), (dt.date(2019, 1, 1), "1 gennaio 2019"),
])
def test_date(day, expected):
    assert italian.date(day) == expected


@pytest.mark.parametrize("code, expected", [
    ("2020", "anno 2020"), ("2020-Q4", "4º trimestre 2020"), ("2019-H1", "1º semestre 2019"),
    ("2020-11", "novembre 2020"), ("altro", "altro"), ("2020-Q9", "2020-Q9"),
])
def test_period(code, expected):
    assert italian.period(code) == expected


@pytest.mark.parametrize("cell, kind, expected", [
    (None, "integer", "n.d."), ("", "money", "n.d."), (1234, "integer", "1.234"),
    (Decimal("1234.50"), "money", "1.234,50\xa0€"), (Decimal("14.2"), "decimal", "14,2"), ("si", "text", "si"),
])
def test_cell_value(cell, kind, expected):
    assert italian.value(cell, kind) == expected


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_grouping_round_trips(n):
    text = italian.number(n)
    assert int(text.replace(".", "")) == n
    groups = text.lstrip("-").split(".")
    assert all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_money_round_trips(amount):
    text = italian.money(amount)
    assert text.endswith("\xa0€")
    assert Decimal(text[:-2].replace(".", "").replace(",", ".")) == amount


@pytest.mark.parametrize("amount, lang, expected", [
    (Decimal("-0.00"), "en", "€0.00"), (Decimal("-0.004"), "en", "€0.00"), (Decimal("-0.005"), "en", "-€0.01"),
    (Decimal("-250"), "en", "-€250.00"), (Decimal("1234.5"), "en", "€1,234.50"),
    (Decimal("-0.00"), "it", "0,00\xa0€"), (Decimal("-0.004"), "it", "0,00\xa0€"), (Decimal("-250"), "it", "-250,00\xa0€"),
])
def test_money_as_cldr_writes_it_and_no_negative_zero(amount, lang, expected):
    """CLDR: "1.234,50 €" with a non-breaking space in Italian, "€1,234.50" in English; a sign only on an
    amount that is not zero once rounded."""
    from tohome_tools.i18n import render

    assert render.money(amount, lang) == expected


def test_a_message_shows_our_amounts_whole_and_a_hidden_space_in_a_value_escaped():
    """The no-break space of an amount is shown as it is; anywhere else (a value that ends in one, so
    that it looks like another) it is shown as an escape, as every invisible character is."""
    from tohome_tools.core.safetext import visible

    assert visible("supera il tetto di 300,00\xa0€ per nucleo") == "supera il tetto di 300,00\xa0€ per nucleo"
    assert visible("codice «TH-4-0001\xa0»") == "codice «TH-4-0001\\xa0»"
    assert visible("\xa0€ e 5\xa0") == "\\xa0€ e 5\\xa0"
