"""Disclosure control: primary suppression, secondary (complementary) suppression, proven by the audit.

Primary: a count of households from 1 to threshold-1, a count of measures, an amount or an average
built on 1 to threshold-1 households; an amount where one household dominates (p% rule: the rest,
without the two largest shares, is under p% of the largest, so the second largest could estimate the
largest within p%); and, in tables with a sensitive outcome dimension (closure
reason, housing at exit), a non-zero cell that holds a whole group (every household of the row in one
outcome: publishing it with the zeros beside it would tell each one's outcome).

Secondary: while a relation (a total and its parts, in any table, shared subtotals included) has
exactly one hidden member, hide one more member; then, while the audit finds a hidden value a reader
can narrow down, hide one more member of a relation around it. Candidates are taken in a keyed
order that does not depend on their values (`Order`), totals last (they are shared by many tables
and most useful).

Hidden values are hidden together with what depends on them: an average whose row count is hidden,
the other amount of the same row (planned and paid share contributors).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from tohome_tools.release import audit as auditing
from tohome_tools.release.model import (
    AMOUNT,
    AVERAGE,
    COUNT,
    NOT_AVAILABLE,
    PUBLISHED,
    SUPPRESSED,
    TOTAL,
    Release,
    Var,
    var_measure,
)
from tohome_tools.release.relations import Relation, forced_zero, within_release

MAX_ROUNDS = 500


@dataclass
class Outcome:
    primary: set[Var] = field(default_factory=set)
    secondary: set[Var] = field(default_factory=set)
    audit: auditing.AuditResult | None = None
    rounds: int = 0
    relations: list[Relation] = field(default_factory=list)
    hopeless: bool = False       # even hiding every cell of the release would not protect it

    @property
    def hidden(self) -> set[Var]:
        return self.primary | self.secondary


def _info(release: Release):
    values: dict[Var, object] = {}
    totals: set[Var] = set()
    links: dict[Var, set[Var]] = {}
    for var, table, key, measure, cell in release.cells():
        values[var] = cell.value
        if TOTAL in key:
            totals.add(var)
        row = table.rows[key]
        row_vars = {m.name: Var(release.period, table.population, var_measure(m), table.filter_of(key))
                    for m in table.measures if m.name in row and m.kind in (COUNT, AMOUNT, AVERAGE)}
        if measure.kind == AVERAGE:
            links.setdefault(row_vars[measure.average_of], set()).add(var)
        if measure.kind == AMOUNT:
            links.setdefault(var, set()).update(v for n, v in row_vars.items() if table.measure(n).kind == AMOUNT)
    return values, totals, links


def individually_disclosed(cell, percent: int) -> bool:
    """Could one household's share of a published amount be narrowed to within p%?

    The reader is another household of the cell (it knows its own share) and knows the public caps:
    each share lies between 0 and the cap summed over the period (`cell.bound`, None without a cap).
    For each household i, with the best-placed other household j:
    low = total - x_j - (caps of the others), high = min(cap, total - x_j); either end within p% of
    x_i is a disclosure. This holds the p% dominance rule (one large share), a share at the cap,
    equal shares at the cap, and a single household."""
    shares = [Decimal(s) for s in cell.shares]
    if not shares or cell.value is None or cell.value <= 0:
        return False
    total = sum(shares, Decimal(0))
    p = Decimal(percent) / 100
    caps = [None if cell.bound is None else max(s, Decimal(cell.bound)) for s in shares]
    if len(shares) == 1:
        return True
    # the largest value over the others (every j but i) is the largest over all, or the second largest
    # for i itself: two passes, where asking each i about every j took n² steps on a city's cells
    top_share = _top_two(shares)
    if cell.bound is not None:
        room_all = sum(caps, Decimal(0))
        top_gap = _top_two([c - s for c, s in zip(caps, shares)])
    for i, x in enumerate(shares):
        biggest = top_share[1] if i == top_share[2] else top_share[0]
        high = total - biggest
        if caps[i] is not None:
            high = min(high, caps[i])
        if high < x * (1 + p):
            return True
        if cell.bound is not None:
            room = room_all - caps[i]
            # the coalition member that helps most is the one whose share is furthest below its cap
            low = total - room + (top_gap[1] if i == top_gap[2] else top_gap[0])
            if low > x * (1 - p):
                return True
    return False


def _top_two(values: list[Decimal]) -> tuple[Decimal, Decimal, int]:
    """(largest, largest among the others than the first largest one, index of that first largest)."""
    first = max(range(len(values)), key=values.__getitem__)
    second = max(v for j, v in enumerate(values) if j != first)
    return values[first], second, first


def primary(release: Release, percent: int = 0) -> set[Var]:
    t = release.threshold
    out: set[Var] = set()
    for var, table, key, measure, cell in release.cells():
        if measure.kind == COUNT and (0 < cell.value < t or 0 < cell.contributors < t):
            out.add(var)
        elif measure.kind in (AMOUNT, AVERAGE) and 0 < cell.contributors < t:
            out.add(var)
        elif measure.kind == AMOUNT and percent and individually_disclosed(cell, percent):
            out.add(var)
    return out


def _close(hidden: set[Var], links: dict[Var, set[Var]]) -> set[Var]:
    todo = list(hidden)
    while todo:
        var = todo.pop()
        for other in links.get(var, ()):
            if other not in hidden:
                hidden.add(other)
                todo.append(other)
    return hidden


class Order:
    """The order in which published cells are chosen to be hidden next to another: totals last,
    otherwise by a keyed hash of the cell's name, never by its value. A choice made by value (the
    smallest first) would tell a reader who re-ran the method that a hidden cell is smaller than the
    published one beside it, or not zero. The key comes from the private records (build.make), so
    the order cannot be re-run from the release; the same records give the same order."""

    def __init__(self, key: bytes, totals: set[Var]):
        self.key, self.totals = key, totals

    def rank(self, var: Var) -> tuple:
        digest = hashlib.blake2b(repr(var).encode("utf-8"), key=self.key[:64], digest_size=16).digest()
        return (var in self.totals, digest)

    def first(self, candidates):
        return min(candidates, key=self.rank) if candidates else None


def protect(release: Release, criteria: auditing.Criteria, extra: list[Relation] | None = None,
            outside: dict[Var, auditing.Fact] | None = None,
            sensitive: list[auditing.Group] | None = None,
            published: dict[Var, auditing.Fact] | None = None, key: bytes = b"") -> Outcome:
    """Choose the hidden values of `release` so that the audit passes; mark its cells.

    `extra` relations and `outside` facts (other releases already published) join the audit, so that
    the pattern also resists differencing against them; only this release's cells can be hidden.
    `sensitive` are the groups (rows and columns of tables with a sensitive attribute) to protect.
    `published` are facts of this period that an earlier version of it already made public: hiding
    them again does not take them back. `key` orders the choice of cells to hide (`Order`).
    """
    percent = criteria.percent
    values, totals, links = _info(release)
    relations = within_release(release) + list(extra or [])
    # a cell public knowledge proves is 0 (a duration band nobody closed by then can reach) is never hidden
    own = set(values) - forced_zero(relations)
    outcome = Outcome(relations=relations)
    outcome.primary = _close(primary(release, percent), links)
    hidden = set(outcome.primary)

    cache: dict = {}

    def run_audit():
        mark(release, hidden)
        known = auditing.facts(release)
        known.update(outside or {})
        known.update(auditing.once_public(known, published or {}))
        return auditing.audit(known, relations, criteria, focus=own, sensitive=sensitive, cache=cache)

    if own:
        # What stays disclosed even if this release hid everything cannot be fixed by hiding: stop early.
        everything, hidden = hidden, set(own)
        worst = run_audit()
        hidden = everything
        if not worst.ok:
            mark(release, hidden)
            outcome.audit = worst
            outcome.hopeless = True
            return outcome
    by_var: dict[Var, list[Relation]] = {}
    for rel in relations:
        for v in rel.vars():
            by_var.setdefault(v, []).append(rel)
    order = Order(key, totals)
    # cheap pass: no relation may have exactly one hidden member
    changed = True
    while changed:
        changed = False
        for rel in relations:
            if not rel.equality:
                continue
            members = [v for v in rel.vars() if v in own]
            inside = [v for v in members if v in hidden]
            if len(inside) == 1 and len(members) == len(rel.vars()):
                pick = order.first([v for v in members if v not in hidden])
                if pick is not None:
                    hidden |= _close({pick}, links)
                    changed = True
    # audit-driven pass
    for rounds in range(1, MAX_ROUNDS + 1):
        result = run_audit()
        outcome.rounds = rounds
        outcome.audit = result
        if result.ok:
            break
        widened = False
        zero_forced = False
        for failure in result.failures:
            if failure.group is not None:
                pick = _widen_group(failure, hidden, own, order)
            elif failure.why == auditing.ZERO_FORCED:
                # every hidden value of the linked group fails at once: one more per round (chosen
                # in the same order as any other, so that the choice says nothing about its value)
                if zero_forced:
                    continue
                zero_forced = True
                pick = _widen(failure.var, by_var, hidden, own, order)
            else:
                pick = _widen(failure.var, by_var, hidden, own, order)
            if pick is not None:
                hidden |= _close({pick}, links)
                widened = True
        if not widened:
            break   # nothing of this release left to hide: the audit failures stand, the caller refuses
    mark(release, hidden)
    outcome.secondary = hidden - outcome.primary
    return outcome


def _widen_group(failure: auditing.Interval, hidden, own, order: Order) -> Var | None:
    """Make a group's outcome uncertain: hide another of its categories, else its total."""
    group = failure.group
    others = [v for v in group.parts if v != failure.var and v in own and v not in hidden]
    if others:
        return order.first(others)
    if group.total in own and group.total not in hidden:
        return group.total
    return None


def _widen(var: Var, by_var, hidden, own, order: Order) -> Var | None:
    """A published variable to hide next to `var`: in its relations, else in its neighbours'."""
    seen, frontier = {var}, [var]
    while frontier:
        candidates, nxt = set(), []
        for v in frontier:
            for rel in by_var.get(v, ()):
                for other in rel.vars():
                    if other in own and other not in hidden:
                        candidates.add(other)
                    if other not in seen:
                        seen.add(other)
                        nxt.append(other)
        if candidates:
            return order.first(candidates)
        frontier = nxt
    return None


def mark(release: Release, hidden: set[Var]) -> None:
    """Set every cell's state from the hidden set (flags follow their average)."""
    from tohome_tools.release.tables import average_text

    for var, table, key, measure, cell in release.cells():
        if var in hidden:
            cell.state = SUPPRESSED
        elif measure.kind == AVERAGE and not table.rows[key][measure.average_of].value:
            cell.state = NOT_AVAILABLE
        else:
            cell.state = PUBLISHED
        if measure.kind == AVERAGE:
            count = table.rows[key][measure.average_of].value
            cell.shown = average_text(cell.value, count) if cell.state == PUBLISHED else None
    for table in release.tables:
        for measure in table.measures:
            if measure.flag_of:
                for row in table.rows.values():
                    source = row[measure.flag_of]
                    row[measure.name].state = source.state

