"""The audit: what a determined reader can deduce about every hidden value, and whether that is too much.

The reader (the threat model of devdocs/release-format.md) has every table of every period under
release/, the public configuration and this method; knows every linear relation between published
values (totals, subtotals shared across tables, periods, stock and flow, caps, duration bands);
solves linear and integer programmes; and may guess right that a hidden count is not zero.

For every hidden value we compute its range under two readers:

- model A: hidden counts are whole numbers >= 0 (no guess);
- model G: as A, and every hidden count is >= 1 (the guess the method makes tempting: zeros are
  usually published). G's ranges lie inside A's.

A hidden value is protected when its ranges, and nothing else, pass these tests (k = threshold,
h = distance, p = amount percent, all from `publication:` in the configuration):

- a count: not a single value in G; its A lower end is 0 or at least k (a reader without the guess
  cannot prove that the cell holds a few households); its G upper end is at least k (the guessing
  reader cannot tell it is below the threshold); from its A lower end to its G upper end there are
  at least 2h households;
- an amount, or the sum behind an average: not a single value in G, and every estimate misses some
  value of its G range by more than p% (high x (1 - p) - low x (1 + p) is at least a cent);
- when the guess is impossible (G has no solution: some hidden count must be 0), every hidden value
  of that group of linked unknowns fails;
- a group of linked unknowns whose hidden values are one or two counts fails: cells are hidden
  because of a small count among them, so a reader would know that one of them is small;
- a group (a row or column of a table with a sensitive attribute, totals included) that may hold
  households: for each category c, the reader cannot prove that every household of the group is
  in c (the G maximum of "group total - c" is at least 1).

Why ranges and not the true value: the reader knows the method, so knows that the release passed.
A test of the form "the true value is at least h from each end of its range" would tell that reader
where the true value is not (a pair of hidden cells summing to 10 would each be 4 to 6). A test on
the ranges alone gives the same answer for every table the reader cannot tell apart from the true
one, so learning that it passed teaches nothing. G is the strictest reader for every test (its
tables are a subset of B's, "the hidden counts not zero in truth are >= 1", and of A's), so a pass
in G is a pass for a reader who guessed right. What is still chosen from the true values: which
cells are hidden (a small count always is) and which "likely" relations the audit uses (those that
hold); see devdocs/threat-model.md.

Counts are whole numbers: each bound is solved as an LP and, when the optimum gives a count a
fractional value, again as an integer programme (HiGHS branch and bound, through highspy: one model
per group of linked unknowns, only the objective changes between questions), so count ranges are
exact. Floats appear here only to compute bounds; no published amount comes from this module.
"""

from __future__ import annotations

import math
import os
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal

import highspy
import numpy as np

from tohome_tools.release.model import AVERAGE, COUNT, NOT_AVAILABLE, SUPPRESSED, TOTAL, Release, Var, var_measure
from tohome_tools.release.relations import Relation
from tohome_tools.release.tables import average_text

HALF_STEP = Decimal("0.05")   # averages are published with one decimal
CENT = 0.01
EPS = 1e-6
# Stand-in for "no upper bound": unbounded programmes make HiGHS's warm starts unreliable and slow.
# Far above any count of households or any amount of this programme (a range that reaches it is
# reported as unbounded).
FAR = 1e9

# why a hidden value or a group fails (codes the command turns into Italian)
NEAR_ZERO = "vicino_a_zero"          # the reader can prove a count holds 1 to k-1 households or more
BELOW_THRESHOLD = "sotto_soglia"     # the guessing reader can tell a count is below k
TOO_NARROW = "intervallo_stretto"    # the range is narrower than 2h households, or within p% for amounts
ZERO_FORCED = "zero_certo"           # the guess "hidden counts are not zero" is impossible: some must be 0
FEW_HIDDEN = "pochi_nascosti"        # one or two hidden counts alone: a reader knows one of them is small
EXACT = "esatto"                     # the value is determined exactly
GROUP = "gruppo"                     # every household of a group is known to share one category


class AuditError(Exception):
    """The audit cannot conclude. Its argument is a code: `inconsistent` (published values contradict
    each other), `no_answer` (the solver gave none), `disagree` (both solvers miss the true values)."""


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
    second_opinions: int = 0
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
        if var in out and out[var] != fact:   # one quantity shown twice with two values
            raise AuditError("inconsistent")
        out[var] = fact
    return out


def once_public(known: dict[Var, Fact], earlier: dict[Var, Fact]) -> dict[Var, Fact]:
    """What an earlier version of the same period adds to `known`: every value it published stays
    known (hiding it now does not take it back); values it alone carries join as they were."""
    out = {}
    for var, fact in earlier.items():
        now = known.get(var)
        if now is None or (now.hidden and not fact.hidden):
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


def judge(kind: str, low_a: float, low: float, high: float, c: Criteria) -> str:
    """'' when a hidden value with ranges A (low_a, its lower end) and G (low, high) is protected,
    else why not. A function of the ranges only, never of the true value (see the module's doc)."""
    if kind == COUNT:
        low_i, low_ai = math.ceil(low - EPS), math.ceil(low_a - EPS)
        high_i = math.floor(high + EPS) if not math.isinf(high) else math.inf
        if high_i - low_i <= 0:
            return EXACT
        if 0 < low_ai < c.threshold:
            return NEAR_ZERO
        if high_i < c.threshold:
            return BELOW_THRESHOLD
        return "" if high_i - low_ai >= 2 * c.distance else TOO_NARROW
    if high - low <= 0.005:
        return EXACT
    if math.isinf(high):
        return ""
    p = c.percent / 100
    # every estimate misses some possible value by more than p% (by a cent at least: an estimate
    # exactly p% from both ends would be "within p%")
    return "" if high * (1 - p) - low * (1 + p) >= CENT else TOO_NARROW


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


def _highs():
    """A silent HiGHS instance. The library prints a banner to standard output when the first
    instance of a process is made, whatever its options: the core never prints, so file descriptor 1
    points at /dev/null for that moment."""
    sys.stdout.flush()
    saved, null = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        solver = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(null)
    solver.setOptionValue("output_flag", False)
    return solver


NO_GUESS, ALL_NOT_ZERO = "A", "G"


class _Model:
    """One group of linked unknowns as a HiGHS model, built once and asked for many minima and maxima
    (only the objective changes between them). `guess`: NO_GUESS (model A) or ALL_NOT_ZERO (model G:
    every hidden count >= 1 except those in `known_zero`)."""

    def __init__(self, members: list[Var], rels: list[Relation], known: dict[Var, Fact], guess: str,
                 known_zero: frozenset = frozenset()):
        self.index = {v: i for i, v in enumerate(members)}
        n = len(members)
        self.rows = []
        for rel in rels:
            coefs: dict[int, float] = {}
            constant = rel.constant
            for var, coef in rel.terms:
                if var in self.index:
                    coefs[self.index[var]] = coefs.get(self.index[var], 0.0) + coef
                else:
                    constant += coef * known[var].low
            lower = -constant if rel.equality else -highspy.kHighsInf
            self.rows.append((lower, -constant, sorted(coefs.items())))
        self.low, self.high = np.zeros(n), np.zeros(n)
        for i, v in enumerate(members):
            f = known[v]
            low = f.low
            if guess == ALL_NOT_ZERO and f.hidden and f.kind == COUNT and v not in known_zero:
                low = max(low, 1.0)
            self.low[i], self.high[i] = low, (FAR if math.isinf(f.high) else f.high)
        self.integral = np.array([known[v].kind == COUNT for v in members])
        self.columns = np.arange(n, dtype=np.int32)
        self.lp = self._build(False)
        self.mip = None
        # Every whole table the solver has returned is a point of this model: the lowest and highest
        # value each unknown took in one of them. An unknown seen at its own bound has that bound as
        # its minimum (or maximum) without another programme. And a question asked twice has the
        # same answer.
        self.seen_low, self.seen_high = np.full(n, math.inf), np.full(n, -math.inf)
        self.answers: dict[tuple, float] = {}

    def _build(self, integer: bool):
        solver = _highs()
        solver.addVars(len(self.low), self.low, self.high)
        for lower, upper, coefs in self.rows:
            if coefs:
                solver.addRow(lower, upper, len(coefs), np.array([c for c, _ in coefs], dtype=np.int32),
                              np.array([v for _, v in coefs], dtype=float))
        if integer:
            kinds = np.array([1 if flag else 0 for flag in self.integral], dtype=np.uint8)
            solver.changeColsIntegrality(len(kinds), self.columns, kinds)
        return solver

    def _run(self, solver, goal) -> tuple[str, float, np.ndarray | None]:
        solver.changeColsCost(len(goal), self.columns, goal)
        solver.run()
        status = solver.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            # a warm start from the previous question can leave HiGHS without an answer: ask from scratch
            solver.clearSolver()
            solver.run()
            status = solver.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            value = solver.getInfo().objective_function_value
            if abs(value) >= FAR / 100:   # a range reaching towards the stand-in for infinity has no end there
                return "unbounded", math.copysign(math.inf, value), None
            return "optimal", value, np.array(solver.getSolution().col_value)
        if status == highspy.HighsModelStatus.kInfeasible:
            raise AuditError("inconsistent")
        if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return "unbounded", -math.inf, None
        raise AuditError("no_answer")

    def _optimum(self, goal, result: "AuditResult") -> float:
        """min goal.x: as an LP; again with whole counts when the LP optimum has a fractional count.

        An LP optimum whose counts are already whole numbers is also the integer optimum (the usual
        case: tables of totals have integral vertices), so the integer programme runs only when it
        matters."""
        result.programmes += 1
        status, value, x = self._run(self.lp, goal)
        if status == "optimal" and self.integral.any():
            counts = x[self.integral]
            if np.abs(counts - np.round(counts)).max() > 1e-7:
                if self.mip is None:
                    self.mip = self._build(True)
                result.integer_programmes += 1
                status, value, x = self._run(self.mip, goal)
        if x is not None:   # a whole table (the LP's counts whole, or the integer programme's answer)
            np.minimum(self.seen_low, x, out=self.seen_low)
            np.maximum(self.seen_high, x, out=self.seen_high)
        return value

    def _at_bound(self, terms, sign: int, true: float | None) -> float | None:
        """The minimum (sign 1) or maximum (-1) of a single unknown when a point of the model is known
        to sit on that unknown's own bound: a whole table the solver returned, or the true table
        (`true`, given only when the truth is a point of this model). A count within 1e-7 of it, as
        the solver's whole numbers are; an amount exactly."""
        if len(terms) != 1:
            return None
        (var, coef), = terms.items()
        if coef != 1.0:
            return None
        i = self.index[var]
        slack = 1e-7 if self.integral[i] else 0.0
        if sign > 0:
            bound = self.low[i]
            if self.seen_low[i] <= bound + slack or (true is not None and abs(true - bound) <= slack):
                return float(bound)
        else:
            bound = self.high[i]
            if bound < FAR and (self.seen_high[i] >= bound - slack
                                or (true is not None and abs(true - bound) <= slack)):
                return float(bound)
        return None

    def reaches(self, var: Var, level: float, true: float | None = None) -> bool:
        """Known without a programme that `var` can be at least `level`: a whole table the solver
        returned has it there, or the truth (a point of this model) has."""
        return self.seen_high[self.index[var]] >= level or (true is not None and true >= level)

    def _answer(self, terms, sign: int, result: "AuditResult") -> float:
        key = (sign, tuple(terms.items()))
        if key not in self.answers:
            self.answers[key] = sign * self._optimum(sign * self.goal(terms), result)
        return self.answers[key]

    def goal(self, terms: dict[Var, float]):
        goal = np.zeros(len(self.index))
        for var, coef in terms.items():
            goal[self.index[var]] += coef
        return goal

    def minimum(self, terms, result, true: float | None = None) -> float:
        found = self._at_bound(terms, 1, true)
        if found is not None:
            return found
        value = self._answer(terms, 1, result)
        if true is not None and value > true + 1e-4 * max(1.0, abs(true)):
            value = self._second_opinion(self.goal(terms), result, true)
        return value

    def maximum(self, terms, result, true: float | None = None) -> float:
        found = self._at_bound(terms, -1, true)
        if found is not None:
            return found
        value = self._answer(terms, -1, result)
        if true is not None and value < true - 1e-4 * max(1.0, abs(true)):
            value = -self._second_opinion(-self.goal(terms), result, -true)
        return value

    def _second_opinion(self, goal, result: "AuditResult", true: float) -> float:
        """The truth lies outside the range HiGHS gave (a numerical failure): solve again from scratch
        with scipy's integer programming, without the stand-in bound; refuse to go on if it agrees."""
        from scipy.optimize import Bounds, LinearConstraint, milp

        result.second_opinions += 1
        n = len(self.low)
        matrix = np.zeros((len(self.rows), n))
        lower, upper = np.zeros(len(self.rows)), np.zeros(len(self.rows))
        for r, (lo, hi, coefs) in enumerate(self.rows):
            for c, v in coefs:
                matrix[r, c] = v
            lower[r], upper[r] = (-np.inf if lo <= -highspy.kHighsInf else lo), hi
        high = np.where(self.high >= FAR, np.inf, self.high)
        run = milp(goal, constraints=[LinearConstraint(matrix, lower, upper)] if self.rows else [],
                   bounds=Bounds(self.low, high), integrality=self.integral.astype(int))
        if run.status == 0 and run.fun <= true + 1e-4 * max(1.0, abs(true)):
            return run.fun
        if run.status == 3 or (run.status == 4 and "nbounded" in str(run.message)):
            return -math.inf
        raise AuditError("disagree")


def audit(known: dict[Var, Fact], relations: list[Relation], criteria: Criteria,
          focus: set[Var] | None = None, sensitive: list[Group] | None = None,
          cache: dict | None = None) -> AuditResult:
    """Ranges of every hidden variable and of every sensitive group under all relations.

    `known` covers every variable the relations use. With `focus`, only groups of linked unknowns
    that hold one of those variables are solved (the others cannot have changed). `cache` (a dict
    kept between calls with the same relations) reuses the results of unchanged groups."""
    started = time.perf_counter()
    result = AuditResult()
    known = with_latent(known, relations)
    unknown = sorted(v for v, f in known.items() if f.hidden or f.low != f.high)
    fixed = set(known) - set(unknown)
    for rel in relations:   # relations among published values only: they must hold as published
        if all(v in fixed for v in rel.vars()):
            total = sum(c * known[v].low for v, c in rel.terms) + rel.constant
            if (abs(total) if rel.equality else total) > 0.005:
                raise AuditError("inconsistent")
    where: dict[Var, int] = {}
    models: list[_Readers] = []
    for members, rels in _components(unknown, relations):
        if focus is not None and not any(v in focus for v in members):
            continue
        key = (tuple(members), tuple(known[v] for v in members))
        if cache is not None and key in cache:
            readers, intervals = cache[key]
        else:
            readers = _Readers(members, rels, known, result)
            intervals = _intervals(members, known, readers, criteria, result)
            if cache is not None:
                cache[key] = (readers, intervals)
        models.append(readers)
        for var in members:
            where[var] = len(models) - 1
        result.intervals += intervals
        result.checked += len(intervals)
    for group in sensitive or []:
        _judge_group(group, known, where, models, focus, result)
    result.seconds = time.perf_counter() - started
    return result


def with_latent(known: dict[Var, Fact], relations: list[Relation]) -> dict[Var, Fact]:
    """`known` and, for every latent variable of the relations published nowhere, what a reader knows
    of it: a whole count of at least 0. It is not hidden (nobody published it, there is nothing to
    protect), so the guess "hidden counts are not zero" does not apply to it."""
    missing = sorted({v for rel in relations for v in rel.latent if v not in known})
    if not missing:
        return known
    out = dict(known)
    out.update({v: Fact(COUNT, False, 0.0, math.inf) for v in missing})
    return out


class _Readers:
    """The two readers of one group of linked unknowns: A (no guess) and G (the public guess)."""

    def __init__(self, members: list[Var], rels: list[Relation], known: dict[Var, Fact], result: AuditResult):
        self.plain = _Model(members, rels, known, NO_GUESS)
        # a hidden count that everybody can prove is 0 is not guessed otherwise (it fails as exact)
        self.zero = frozenset(v for v in members if known[v].hidden and known[v].kind == COUNT
                              and not self.plain.reaches(v, 1 - EPS, known[v].true)
                              and self.plain.maximum({v: 1.0}, result, known[v].true) < 1 - EPS)
        self.guessed = _Model(members, rels, known, ALL_NOT_ZERO, self.zero)
        self.guess_possible = True   # False once G has no solution (its hidden values then all fail)


def _intervals(members, known, readers: _Readers, criteria: Criteria, result: AuditResult) -> list[Interval]:
    hidden = [v for v in members if known[v].hidden]
    if not hidden:
        return []
    if len(hidden) <= 2 and all(known[v].kind == COUNT for v in hidden):
        # Cells are hidden because of a small count among them: alone, or with a single companion, a
        # reader who knows that learns that this cell (or its only companion) holds 1 to k-1.
        return [Interval(v, COUNT, readers.plain.minimum({v: 1.0}, result, known[v].true),
                         readers.plain.maximum({v: 1.0}, result, known[v].true), False, FEW_HIDDEN)
                for v in hidden]
    # The true table satisfies the guess only when no hidden count is 0; only then may the true
    # values check G's answers (A's are always checked).
    truth_fits_guess = all(known[v].kind != COUNT or (known[v].true or 0) >= 1 or v in readers.zero
                           for v in hidden)
    try:
        readers.guessed.minimum({hidden[0]: 1.0}, result)
    except AuditError as error:
        if error.args[0] != "inconsistent":
            raise
        readers.guess_possible = False
        out = []
        for var in hidden:   # the guess is impossible: the reader learns that some hidden count is 0
            low = readers.plain.minimum({var: 1.0}, result, known[var].true)
            high = readers.plain.maximum({var: 1.0}, result, known[var].true)
            out.append(Interval(var, known[var].kind, low, high, False, ZERO_FORCED))
        return out
    out = []
    for var in hidden:
        fact = known[var]
        true = fact.true if truth_fits_guess else None
        low = readers.guessed.minimum({var: 1.0}, result, true)
        high = readers.guessed.maximum({var: 1.0}, result, true)
        low_a = readers.plain.minimum({var: 1.0}, result, fact.true) if fact.kind == COUNT else low
        why = judge(fact.kind, low_a, low, high, criteria)
        out.append(Interval(var, fact.kind, low, high, not why, why))
    return out


def _judge_group(group: Group, known, where, models, focus, result: AuditResult) -> None:
    members = (group.total,) + group.parts
    if any(v not in known for v in members):
        return
    inside = {where[v] for v in members if v in where}
    if focus is not None and not inside and not any(v in focus for v in members):
        return
    if len(inside) > 1:   # cannot happen: a group's relation links its unknowns
        raise AuditError("inconsistent")
    readers = models[inside.pop()] if inside else None
    if readers is not None and not readers.guess_possible:
        return   # every hidden value of the group already fails (ZERO_FORCED)
    model = readers.guessed if readers is not None else None

    def surely_someone(v) -> bool:
        """At least one household, by what is published or by the guess (G)."""
        f = known[v]
        return f.low >= 1 - EPS or (f.hidden and f.kind == COUNT and readers is not None
                                    and v in readers.plain.index and v not in readers.zero)

    total_max = None
    for part in group.parts:
        if any(surely_someone(o) for o in group.parts if o != part):
            continue
        if total_max is None:
            total_max = (model.maximum({group.total: 1.0}, result)
                         if model is not None and group.total in model.index else known[group.total].low)
            if total_max < 1 - EPS:
                return   # an empty group tells nothing about anybody
        terms = {group.total: 1.0, part: -1.0}
        if model is None:   # all published
            rest = known[group.total].low - known[part].low
        else:
            constant = sum(known[v].low * c for v, c in terms.items() if v not in model.index)
            inner = {v: c for v, c in terms.items() if v in model.index}
            rest = (model.maximum(inner, result) if inner else 0.0) + constant
        if rest < 1 - EPS:
            result.intervals.append(Interval(part, COUNT, total_max - rest, total_max, False, GROUP, group))
