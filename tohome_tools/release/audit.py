"""The audit: what a determined reader can deduce about every hidden value, and whether that is too much.

The reader (the threat model of devdocs/release-format.md) has every table of every period under
release/, the public configuration and this method; knows every linear relation between published
values (totals, subtotals shared across tables, periods, stock and flow, caps, duration bands);
solves linear and integer programmes; and may guess right that a hidden count is not zero.

For every hidden value we compute its range twice:

- model A: hidden counts are whole numbers >= 0;
- model B: as A, and every hidden count that is in truth not zero is known to be >= 1 (the reader
  guessed right wherever the guess is right: the strongest version of that guess).

B's ranges lie inside A's. A hidden value is protected when (k = threshold, h = distance,
p = amount percent, all from `publication:` in the configuration):

- a count v with 0 < v < k: its A range reaches 0 and its B range reaches k (it cannot be told
  from 0, nor from a publishable count);
- a hidden count v = 0: its B range reaches k;
- a count v >= k: its B range reaches v - h and v + h;
- an amount, or the sum behind an average, a > 0: its B range reaches a(1 - p) and a(1 + p);
  a = 0: its B range is not a single point;
- a group (a row or column of a table with a sensitive attribute, totals included) that may hold
  households: for each category c, the reader cannot prove that every household of the group is
  in c (the B maximum of "group total - c" is at least 1).

Counts are whole numbers: each bound is solved as an LP and, when the optimum gives a count a
fractional value, again as an integer programme (HiGHS branch and bound), so count ranges are
exact. Floats appear here only to compute bounds; no published amount comes from this module.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from scipy.optimize import linprog

from tohome_tools.release.model import AVERAGE, COUNT, NOT_AVAILABLE, SUPPRESSED, TOTAL, Release, Var, var_measure
from tohome_tools.release.relations import Relation
from tohome_tools.release.tables import average_text

HALF_STEP = Decimal("0.05")   # averages are published with one decimal
EPS = 1e-6

# why a hidden value or a group fails (codes the command turns into Italian)
NEAR_ZERO = "vicino_a_zero"          # a small count the reader can tell from 0
BELOW_THRESHOLD = "sotto_soglia"     # a small or zero count the reader can tell is below k
TOO_NARROW = "intervallo_stretto"    # the true value is too close to an end of its range
EXACT = "esatto"                     # the value is determined exactly
GROUP = "gruppo"                     # every household of a group is known to share one category


@dataclass(frozen=True)
class Criteria:
    threshold: int
    distance: int
    percent: int

    @classmethod
    def of(cls, publication: dict) -> "Criteria":
        k = int(publication["threshold"])
        return cls(k, int(publication.get("count_protection_distance", math.ceil(k / 2))),
                   int(publication["amount_protection_percent"]))


@dataclass(frozen=True)
class Fact:
    """What a reader knows about one variable (kind, interval), and the truth of a hidden one."""

    kind: str
    hidden: bool
    low: float
    high: float
    true: float | None = None


@dataclass(frozen=True)
class Group:
    """A row or column of a table with a sensitive attribute: its total and its categories."""

    total: Var
    parts: tuple[Var, ...]


@dataclass
class Interval:
    var: Var
    kind: str
    low: float
    high: float
    protected: bool
    why: str = ""
    group: Group | None = None


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


def facts(release: Release, truth: dict[Var, float] | None = None) -> dict[Var, Fact]:
    """The reader's knowledge of every audited variable of one release, as it would be published.

    `truth` gives the true value of hidden variables (by default the release's own cell values)."""
    out: dict[Var, Fact] = {}
    for var, table, key, measure, cell in release.cells():
        hidden = cell.state == SUPPRESSED
        if hidden:
            if truth is not None:
                true = truth.get(var)
            else:
                true = None if cell.value is None else float(cell.value)
            fact = Fact(measure.kind, True, 0.0, math.inf, true)
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


def groups(release: Release) -> list[Group]:
    """Every row and column (totals included) of the tables that carry a sensitive attribute."""
    out: list[Group] = []
    for table in release.tables:
        if table.attribute is None:
            continue
        for measure in table.measures:
            if measure.kind != COUNT:
                continue

            def var(key):
                return Var(release.period, table.population, var_measure(measure), table.filter_of(key))

            for key in table.rows:
                for i, code in enumerate(key):
                    if code != TOTAL:
                        continue
                    parts = [k for k in table.rows if k[i] != TOTAL
                             and all(k[j] == key[j] for j in range(len(key)) if j != i)]
                    if len(parts) > 1:
                        out.append(Group(var(key), tuple(var(k) for k in parts)))
    return out


def judge(fact: Fact, low_a: float, low: float, high: float, c: Criteria) -> str:
    """'' when a hidden value with ranges A (low_a) and B (low, high) is protected, else why not."""
    v = fact.true
    if fact.kind == COUNT:
        low_i, high_i = math.ceil(low - EPS), math.floor(high + EPS) if not math.isinf(high) else math.inf
        if v is None:   # truth unknown (a release no longer matching the records): width only
            return "" if high_i - low_i >= 2 * c.distance else TOO_NARROW
        if high_i - low_i <= 0:
            return EXACT
        if v < c.threshold:
            if v > 0 and math.ceil(low_a - EPS) > 0:
                return NEAR_ZERO
            return "" if high_i >= c.threshold else BELOW_THRESHOLD
        return "" if low_i <= v - c.distance and high_i >= v + c.distance else TOO_NARROW
    if high - low <= 0.005:
        return EXACT
    if v is None:
        return "" if math.isinf(high) or high - low >= 2 * c.percent / 100 * high - EPS else TOO_NARROW
    if v <= 0.005:
        return ""
    share = c.percent / 100 * v
    return "" if low <= v - share + EPS and high >= v + share - EPS else TOO_NARROW


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
    found: dict[Var, list[Var]] = {}
    for v in unknown:
        found.setdefault(find(v), []).append(v)
    rels: dict[Var, list[Relation]] = {root: [] for root in found}
    for rel in relations:
        members = [v for v in rel.vars() if v in parent]
        if members:
            rels[find(members[0])].append(rel)
    return [(sorted(found[root]), rels[root]) for root in sorted(found)]


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


class _Model:
    """One group of linked unknowns, as linear constraints, under model A or B."""

    def __init__(self, members: list[Var], rels: list[Relation], known: dict[Var, Fact], guess: bool):
        self.index = {v: i for i, v in enumerate(members)}
        rows_eq, rhs_eq, rows_ub, rhs_ub = [], [], [], []
        for rel in rels:
            row = np.zeros(len(members))
            constant = 0.0
            for var, coef in rel.terms:
                if var in self.index:
                    row[self.index[var]] += coef
                else:
                    constant += coef * known[var].low
            (rows_eq if rel.equality else rows_ub).append(row)
            (rhs_eq if rel.equality else rhs_ub).append(-constant)
        bounds = []
        for v in members:
            f = known[v]
            low = f.low
            if guess and f.hidden and f.kind == COUNT and f.true is not None and f.true >= 1:
                low = max(low, 1.0)
            bounds.append((low, None if math.isinf(f.high) else f.high))
        self.integrality = np.array([1 if known[v].kind == COUNT else 0 for v in members])
        self.kwargs = dict(A_eq=np.array(rows_eq) if rows_eq else None, b_eq=np.array(rhs_eq) if rhs_eq else None,
                           A_ub=np.array(rows_ub) if rows_ub else None, b_ub=np.array(rhs_ub) if rhs_ub else None,
                           bounds=bounds, method="highs")

    def goal(self, terms: dict[Var, float]):
        goal = np.zeros(len(self.index))
        for var, coef in terms.items():
            goal[self.index[var]] += coef
        return goal

    def minimum(self, terms, result) -> float:
        run = _solve(self.goal(terms), self.integrality, self.kwargs, result)
        if run.status == 2:
            raise ValueError("published values are inconsistent")
        return run.fun if run.status == 0 else -math.inf

    def maximum(self, terms, result) -> float:
        run = _solve(-self.goal(terms), self.integrality, self.kwargs, result)
        if run.status == 2:
            raise ValueError("published values are inconsistent")
        return -run.fun if run.status == 0 else math.inf


def audit(known: dict[Var, Fact], relations: list[Relation], criteria: Criteria,
          focus: set[Var] | None = None, sensitive: list[Group] | None = None) -> AuditResult:
    """Ranges of every hidden variable and of every sensitive group under all relations.

    `known` covers every variable the relations use. With `focus`, only groups of linked unknowns
    that hold one of those variables are solved (the others cannot have changed)."""
    started = time.perf_counter()
    result = AuditResult()
    unknown = sorted(v for v, f in known.items() if f.hidden or f.low != f.high)
    where: dict[Var, int] = {}
    models: list[tuple[_Model, _Model]] = []
    for number, (members, rels) in enumerate(_components(unknown, relations)):
        if focus is not None and not any(v in focus for v in members):
            continue
        both = (_Model(members, rels, known, False), _Model(members, rels, known, True))
        models.append(both)
        for var in members:
            where[var] = len(models) - 1
        plain, guessed = both
        for var in members:
            fact = known[var]
            if not fact.hidden:
                continue
            low = guessed.minimum({var: 1.0}, result)
            high = guessed.maximum({var: 1.0}, result)
            low_a = low
            if fact.kind == COUNT and fact.true is not None and 0 < fact.true < criteria.threshold:
                low_a = plain.minimum({var: 1.0}, result)
            why = judge(fact, low_a, low, high, criteria)
            result.intervals.append(Interval(var, fact.kind, low, high, not why, why))
            result.checked += 1
    for group in sensitive or []:
        members = (group.total,) + group.parts
        if any(v not in known for v in members):
            continue
        inside = {where[v] for v in members if v in where}
        if focus is not None and not inside and not any(v in focus for v in members):
            continue
        if len(inside) > 1:   # cannot happen: a group's relation links its unknowns
            raise ValueError("a group spans unlinked unknowns")
        model = models[inside.pop()][1] if inside else None
        for part in group.parts:
            terms = {group.total: 1.0, part: -1.0}
            if model is None:   # all published
                total, rest = known[group.total].low, known[group.total].low - known[part].low
            else:
                constant = sum(known[v].low * c for v, c in terms.items() if v not in model.index)
                inner = {v: c for v, c in terms.items() if v in model.index}
                total = (model.maximum({group.total: 1.0}, result) if group.total in model.index
                         else known[group.total].low)
                rest = (model.maximum(inner, result) if inner else 0.0) + constant
            if total < 1 - EPS:
                break   # an empty group tells nothing about anybody
            if rest < 1 - EPS:
                result.intervals.append(Interval(part, COUNT, total - rest, total, False, GROUP, group))
    result.seconds = time.perf_counter() - started
    return result
