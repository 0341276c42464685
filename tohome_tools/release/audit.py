"""The audit: for every hidden value, the range a reader can deduce from everything published.

A reader knows every published value, every linear relation between them (totals, shared
subtotals across tables, sub-periods) and that counts and amounts are never negative. For each
hidden value we solve two linear programmes (HiGHS, through `scipy.optimize.linprog`): its
minimum and its maximum under those constraints. A hidden value is protected when:

- count: the range holds at least `threshold` whole numbers beyond its low end
  (max - min >= threshold), or it is provably zero (nobody is behind it);
- amount or the sum behind an average: max - min >= amount_protection_percent of max, or the
  maximum is unbounded, or it is provably zero.

Counts are whole numbers: the range of the real-valued relaxation could be wider than the range of
whole-number solutions (and so look safer than it is). Each bound is therefore solved as an LP and,
when the LP optimum gives some count a fractional value, solved again as an integer programme
(HiGHS branch and bound), so count ranges are exact. Floats appear here only to compute bounds;
no published amount comes from this module.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from scipy.optimize import linprog

from tohome_tools.release.model import AVERAGE, COUNT, NOT_AVAILABLE, SUPPRESSED, Release, Var
from tohome_tools.release.relations import Relation
from tohome_tools.release.tables import average_text

HALF_STEP = Decimal("0.05")   # averages are published with one decimal


@dataclass(frozen=True)
class Fact:
    """What a reader knows about one variable: its kind and the interval it lies in."""

    kind: str
    hidden: bool
    low: float
    high: float


@dataclass
class Interval:
    var: Var
    kind: str
    low: float
    high: float
    protected: bool


@dataclass
class AuditResult:
    checked: int = 0
    programmes: int = 0
    integer_programmes: int = 0
    seconds: float = 0.0
    intervals: list[Interval] = field(default_factory=list)

    @property
    def failures(self) -> list[Interval]:
        return [i for i in self.intervals if not i.protected]

    @property
    def ok(self) -> bool:
        return not self.failures


def facts(release: Release) -> dict[Var, Fact]:
    """The reader's knowledge of every audited variable of one release, as it would be published."""
    out: dict[Var, Fact] = {}
    for var, table, key, measure, cell in release.cells():
        hidden = cell.state == SUPPRESSED
        if hidden:
            fact = Fact(measure.kind, True, 0.0, math.inf)
        elif measure.kind == AVERAGE:
            count = table.rows[key][measure.average_of].value
            if cell.state == NOT_AVAILABLE or not count:
                fact = Fact(AVERAGE, False, 0.0, 0.0)
            else:
                shown = Decimal(cell.shown if cell.shown is not None else average_text(cell.value, count))
                fact = Fact(AVERAGE, False, float(max(Decimal(0), (shown - HALF_STEP) * count)),
                            float((shown + HALF_STEP) * count))
        else:
            value = float(cell.value)
            fact = Fact(measure.kind, False, value, value)
        out[var] = fact
    return out


def protected(kind: str, low: float, high: float, threshold: int, percent: int) -> bool:
    if math.isinf(high):
        return True
    if kind == COUNT:
        low_i, high_i = math.ceil(low - 1e-6), math.floor(high + 1e-6)
        return high_i <= 0 or high_i - low_i >= threshold
    if high <= 0.005:
        return True
    return high - low >= percent / 100 * high - 1e-6


def _components(unknown: list[Var], relations: list[Relation]) -> list[tuple[list[Var], list[Relation]]]:
    parent = {v: v for v in unknown}

    def find(v):
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for rel in relations:
        members = [v for v in rel.vars() if v in parent]
        for other in members[1:]:
            a, b = find(members[0]), find(other)
            if a != b:
                parent[a] = b
    groups: dict[Var, list[Var]] = {}
    for v in unknown:
        groups.setdefault(find(v), []).append(v)
    rels: dict[Var, list[Relation]] = {root: [] for root in groups}
    for rel in relations:
        members = [v for v in rel.vars() if v in parent]
        if members:
            rels[find(members[0])].append(rel)
    return [(sorted(groups[root]), rels[root]) for root in sorted(groups)]


def _solve(goal, integrality, kwargs, result: "AuditResult"):
    """LP first; if its optimum gives a count a fractional value, solve again with whole counts.

    An LP optimum whose counts are already whole numbers is also the integer optimum (the usual case:
    tables of totals have integral vertices), so the integer programme runs only when it matters."""
    run = linprog(goal, **kwargs)
    result.programmes += 1
    if run.status == 0 and integrality.any():
        counts = run.x[integrality == 1]
        if np.abs(counts - np.round(counts)).max() > 1e-7:
            run = linprog(goal, integrality=integrality, **kwargs)
            result.integer_programmes += 1
    return run


def audit(known: dict[Var, Fact], relations: list[Relation], threshold: int, percent: int,
          focus: set[Var] | None = None) -> AuditResult:
    """Range of every hidden variable under all relations; `known` covers every variable they use.

    With `focus`, only groups of linked unknowns that hold one of those variables are solved (the
    others cannot have changed)."""
    started = time.perf_counter()
    result = AuditResult()
    unknown = sorted(v for v, f in known.items() if f.hidden or f.low != f.high)
    for members, rels in _components(unknown, relations):
        if focus is not None and not any(v in focus for v in members):
            continue
        index = {v: i for i, v in enumerate(members)}
        rows_eq, rhs_eq, rows_ub, rhs_ub = [], [], [], []
        for rel in rels:
            row = np.zeros(len(members))
            constant = 0.0
            for var, coef in rel.terms:
                if var in index:
                    row[index[var]] += coef
                else:
                    constant += coef * known[var].low
            (rows_eq if rel.equality else rows_ub).append(row)
            (rhs_eq if rel.equality else rhs_ub).append(-constant)
        bounds = [(known[v].low, None if math.isinf(known[v].high) else known[v].high) for v in members]
        integrality = np.array([1 if known[v].kind == COUNT else 0 for v in members])
        kwargs = dict(A_eq=np.array(rows_eq) if rows_eq else None, b_eq=np.array(rhs_eq) if rhs_eq else None,
                      A_ub=np.array(rows_ub) if rows_ub else None, b_ub=np.array(rhs_ub) if rhs_ub else None,
                      bounds=bounds, method="highs")
        for var in members:
            if not known[var].hidden:
                continue
            goal = np.zeros(len(members))
            goal[index[var]] = 1.0
            low_run = _solve(goal, integrality, kwargs, result)
            high_run = _solve(-goal, integrality, kwargs, result)
            low = low_run.fun if low_run.status == 0 else 0.0
            high = -high_run.fun if high_run.status == 0 else math.inf
            if low_run.status == 2 or high_run.status == 2:
                raise ValueError(f"published values are inconsistent around {var.label()}")
            kind = known[var].kind
            result.intervals.append(Interval(var, kind, low, high, protected(kind, low, high, threshold, percent)))
            result.checked += 1
    result.seconds = time.perf_counter() - started
    return result
