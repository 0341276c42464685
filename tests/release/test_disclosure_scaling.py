"""The p% rule in a number of steps that grows with a cell's households, not with their square: the
same verdict as asking, for each household, about every other one (the rule as first written, kept
here as the reference), on thousands of generated cells with and without a cap."""

from __future__ import annotations

import random
from decimal import Decimal
from types import SimpleNamespace

from tohome_tools.release.suppression import individually_disclosed


def reference(cell, percent: int) -> bool:
    shares = [Decimal(s) for s in cell.shares]
    if not shares or cell.value is None or cell.value <= 0:
        return False
    total = sum(shares, Decimal(0))
    p = Decimal(percent) / 100
    caps = [None if cell.bound is None else max(s, Decimal(cell.bound)) for s in shares]
    for i, x in enumerate(shares):
        others = [j for j in range(len(shares)) if j != i]
        if not others:
            return True
        high = total - max(shares[j] for j in others)
        if caps[i] is not None:
            high = min(high, caps[i])
        if high < x * (1 + p):
            return True
        if cell.bound is not None:
            low = total - sum(caps[j] for j in others) + max(caps[j] - shares[j] for j in others)
            if low > x * (1 - p):
                return True
    return False


def test_the_linear_p_percent_rule_agrees_with_the_quadratic_one():
    rng = random.Random(26)
    verdicts = set()
    for _ in range(5000):
        shares = [str(Decimal(rng.choice([0, 1, 50, 100, 250, 250, 300, 1000])) + Decimal(rng.randrange(100)) / 100)
                  for _ in range(rng.randrange(1, 9))]
        cell = SimpleNamespace(shares=shares, value=sum(Decimal(s) for s in shares),
                               bound=rng.choice([None, 250, 300, 500, 1000]))
        percent = rng.choice([5, 10, 25])
        verdict = individually_disclosed(cell, percent)
        assert verdict == reference(cell, percent), (shares, cell.bound, percent)
        verdicts.add(verdict)
    assert verdicts == {True, False}
