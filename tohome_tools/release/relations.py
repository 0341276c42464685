"""The linear relations a reader can rely on, derived from the published tables and the public
configuration.

Within a release: every total row equals the sum of the rows it totals (for additive measures), a
sub-population cannot outnumber its population (closed projects vs households in charge), and the
sum behind an average duration lies between what its duration bands and the programme window
allow. *Likely* relations are what a reader may assume without the rules guaranteeing it (amounts
within caps times households in charge, paid within planned, co-participating households within
households in charge): the audit uses them whenever they hold for the true values, which is the
worst case.
Variables shared between tables make these relations cross tables. Across releases (see
`history_check`): a period's value of a measure additive in time equals the sum over any set of
other released periods that tiles it, and for every count or amount a sub-period's value cannot
exceed the period's (for stocks, the period's value cannot exceed the sum over a tiling either).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tohome_tools.core import periods
from tohome_tools.release import tables
from tohome_tools.release.model import AUDITED_KINDS, TOTAL, Release, Var, var_measure


@dataclass(frozen=True)
class Relation:
    """sum(coef * var) + constant == 0 (equality) or <= 0 (inequality).

    `latent` names variables of the relation that may be published nowhere (closures per district
    when only closures per lot are published): a reader still reasons with them, as whole counts of
    at least 0 that are not cells to protect."""

    terms: tuple[tuple[Var, float], ...]
    equality: bool = True
    constant: float = 0.0
    latent: tuple[Var, ...] = ()

    def vars(self) -> list[Var]:
        return [v for v, _ in self.terms]

    def holds(self, values: dict[Var, float]) -> bool:
        """True when the relation holds for these (true) values; False if one is missing."""
        if any(v not in values or values[v] is None for v in self.vars()):
            return False
        total = sum(c * values[v] for v, c in self.terms) + self.constant
        return abs(total) < 1e-6 if self.equality else total <= 1e-6


def leq(small: list[tuple[Var, float]], large: list[tuple[Var, float]], latent: tuple[Var, ...] = ()) -> Relation:
    """sum(small) <= sum(large)."""
    terms: dict[Var, float] = {}
    for v, c in small:
        terms[v] = terms.get(v, 0) + c
    for v, c in large:
        terms[v] = terms.get(v, 0) - c
    kept = tuple(sorted((v, c) for v, c in terms.items() if c))
    used = {v for v, _ in kept}
    return Relation(kept, False, latent=tuple(v for v in latent if v in used))


@dataclass(frozen=True)
class Public:
    """What the public configuration tells a reader: the window, the duration bands, the caps."""

    window_start: dt.date
    window_end: dt.date
    caps: dict            # period code -> {measure code: cap over the period per household}

    @property
    def longest_months(self) -> float:
        """No project lasts longer than the programme window (every date lies inside it)."""
        return (self.window_end - self.window_start).days / DAYS_PER_MONTH

    def longest_closed_by(self, end: dt.date) -> float:
        """No project closed by `end` lasts longer than from the window's start to `end` (plus a day
        of slack, so that the bound is never tighter than the truth)."""
        return max(0, (min(end, self.window_end) - self.window_start).days + 1) / DAYS_PER_MONTH


DAYS_PER_MONTH = float(tables.DAYS_PER_MONTH)   # the month of the duration tables, as a float bound


def sum_relation(total: Var, parts: list[Var], equality: bool = True) -> Relation:
    """total == sum(parts) (or sum(parts) <= total... see callers for the inequality direction)."""
    return Relation(tuple(sorted([(total, -1)] + [(p, 1) for p in parts])), equality)


# (sub-population, population, measure): every member of the first is a member of the second, so
# for the same categories its count cannot be larger (a project closed in a period was in charge then).
SUBSETS = (("chiusi", "in_carico", "nuclei"),)
LIKELY_SUBSETS = (("compartecipazione", "in_carico", "nuclei"),)
DURATION_SUM = "durata_media_mesi__somma"
REASON, PROGRAMME_END = "motivo", "programme_end"
BAND = "fascia_durata"


def within_release(release: Release) -> list[Relation]:
    found: dict[tuple, Relation] = {}
    present = {var for var, *_ in release.cells()}
    for var in present:
        for sub, whole, measure in SUBSETS:
            if var.population == sub and var.measure == measure:
                outer = Var(var.period, whole, measure, var.filter)
                if outer in present:
                    rel = Relation(tuple(sorted([(var, 1), (outer, -1)])), False)
                    found[rel.terms] = rel
    for table in release.tables:
        keys = list(table.rows)
        for measure in table.measures:
            if measure.kind not in AUDITED_KINDS or not measure.additive:
                continue
            name = var_measure(measure)

            def var(key):
                return Var(release.period, table.population, name, table.filter_of(key))

            for key in keys:
                for i, code in enumerate(key):
                    if code != TOTAL:
                        continue
                    parts = [k for k in keys if k[i] != TOTAL
                             and all(k[j] == key[j] for j in range(len(key)) if j != i)]
                    if parts:
                        rel = sum_relation(var(key), [var(k) for k in parts])
                        found[rel.terms] = rel
    return [found[k] for k in sorted(found)]


def _present(release: Release) -> list[Var]:
    """Every variable of a release, sorted: relations come out in the same order in every process
    (set order follows Python's per-process string hashing, and the order of relations decides
    which cell the suppression hides first)."""
    return sorted({var for var, *_ in release.cells()})


def forced_zero(relations: list[Relation]) -> set[Var]:
    """Variables a relation alone sets to 0 (`v <= 0`): public knowledge, nothing to hide."""
    return {rel.terms[0][0] for rel in relations
            if not rel.equality and len(rel.terms) == 1 and rel.terms[0][1] > 0 and rel.constant <= 0}


def band_limits(code: str, public: Public) -> tuple[float, float]:
    """(low, high] in months of a duration band code ("0-6", "18+")."""
    if code.endswith("+"):
        return float(code[:-1]), public.longest_months
    low, high = code.split("-")
    return float(low), float(high)


def knowledge(release: Release, public: Public) -> list[Relation]:
    """Relations from the configuration: durations within bands and within the time from the
    window's start to the period's end (a duration band no project closed by then can reach is 0)."""
    present = _present(release)
    out: list[Relation] = []
    p = release.period
    longest = public.longest_closed_by(dt.date.fromisoformat(release.end))
    for var in present:
        if var.population == "chiusi" and var.measure == DURATION_SUM:
            count = Var(p, "chiusi", "nuclei", var.filter)
            if count in present:
                out.append(leq([(var, 1)], [(count, longest)]))
        if (var.population == "chiusi" and var.measure == "nuclei" and len(var.filter) == 1
                and var.filter[0][0] == BAND and band_limits(var.filter[0][1], public)[0] >= longest):
            out.append(leq([(var, 1)], []))
    total = Var(p, "chiusi", DURATION_SUM, ())
    bands = [v for v in present if v.population == "chiusi" and v.measure == "nuclei"
             and len(v.filter) == 1 and v.filter[0][0] == BAND]
    if total in present and bands:
        limits = {v: band_limits(v.filter[0][1], public) for v in bands}
        out.append(leq([(v, lo) for v, (lo, _) in limits.items()], [(total, 1)]))
        out.append(leq([(total, 1)], [(v, hi) for v, (_, hi) in limits.items()]))
    return out


def likely(release: Release, public: Public) -> list[Relation]:
    """Relations a reader may assume; the caller keeps those that hold for the true values: amounts
    within caps, paid within planned, co-participation within households in charge, a measure with
    money started in the opening period, no closure "at the programme's end" before its last day, and
    everybody in charge closed in the period that holds that day."""
    present = _present(release)
    out: list[Relation] = []
    p = release.period
    end = dt.date.fromisoformat(release.end)
    caps = public.caps.get(p, {})
    for var in present:
        if var.population == "spesa":
            f = dict(var.filter)
            cap = caps.get(f.get("misura"))
            households = Var(p, "in_carico", "nuclei", (("lotto", f["lotto"]),) if "lotto" in f else ())
            if cap is not None and "misura" in f and households in present:
                out.append(leq([(var, 1)], [(households, float(cap))]))
            if var.measure == "importo_pagato":
                planned = Var(p, var.population, "importo_previsto", var.filter)
                if planned in present:
                    out.append(leq([(var, 1)], [(planned, 1)]))
        if var.population == "misure_avviate" and var.filter and public.window_start <= dt.date.fromisoformat(
                release.end) and dt.date.fromisoformat(release.start) <= public.window_start:
            # in the period that opens the programme, a measure with money in it started in it
            out.append(Relation(((var, -1.0),), False, 1.0))
        for sub, whole, measure in LIKELY_SUBSETS:
            if var.population == sub and var.measure == measure and not var.filter:
                outer = Var(p, whole, measure, ())
                if outer in present:
                    out.append(leq([(var, 1)], [(outer, 1)]))
        if var.population == "chiusi" and var.measure == "nuclei":
            reason = dict(var.filter).get(REASON)
            if reason == PROGRAMME_END and end < public.window_end:
                # a project closes "at the programme's end" only on its last day
                out.append(leq([(var, 1)], []))
            outer = Var(p, "in_carico", "nuclei", var.filter)
            if end >= public.window_end and outer in present:
                # the period holding the programme's last day: everybody in charge closed in it
                out.append(leq([(outer, 1)], [(var, 1)]))
    return out


def stock_and_flow(releases: list[Release], public: Public) -> list[Relation]:
    """Households in charge and closed, tied across released periods.

    - consecutive periods P, Q: in_charge(Q) >= in_charge(P) - closed(P) (who was not closed in P is
      still in charge on the first day of Q), for every filter of households in charge published in
      both. Where closures with that filter are not published, they are a latent count: at most those
      in charge, and, over categories of one kind within a coarser filter, at most the closures
      published for it (closures per district within a lot add up to at most the lot's closures);
    - a household closed in Q after more than L months started on or before the end of an earlier
      period P when the days from P's end to Q's end are at most L months (plus a day): it was in
      charge in P and not closed in P."""
    out: list[Relation] = []
    cells = {r.period: _present(r) for r in releases}
    spans = {r.period: periods.parse(r.period) for r in releases}
    for q in releases:
        for p in releases:
            P, Q = spans[p.period], spans[q.period]
            if P.end >= Q.start:
                continue
            if Q.start == P.end + dt.timedelta(days=1):
                out += _carried_over(p.period, cells[p.period], q.period, set(cells[q.period]))
            gap = (Q.end - P.end).days - 1
            long = [v for v in cells[q.period] if v.population == "chiusi" and v.measure == "nuclei"
                    and len(v.filter) == 1 and v.filter[0][0] == BAND
                    and band_limits(v.filter[0][1], public)[0] * DAYS_PER_MONTH >= gap]
            stock, closed = Var(p.period, "in_carico", "nuclei", ()), Var(p.period, "chiusi", "nuclei", ())
            if long and stock in cells[p.period] and closed in cells[p.period]:
                out.append(leq([(v, 1) for v in long] + [(closed, 1)], [(stock, 1)]))
    return out


def _carried_over(p: str, present_p: list[Var], q: str, present_q: set[Var]) -> list[Relation]:
    """in_charge(P, f) <= closed(P, f) + in_charge(Q, f) for every filter f in charge in P and Q, with
    closed(P, f) latent where it is not published, tied to the closures published for coarser filters."""
    out: list[Relation] = []
    published = set(present_p)
    closed: dict[tuple, Var] = {}     # filter -> closures in P with that filter, published or latent
    for var in present_p:
        if var.population != "in_carico" or var.measure != "nuclei":
            continue
        later = Var(q, "in_carico", "nuclei", var.filter)
        if later not in present_q:
            continue
        gone = Var(p, "chiusi", "nuclei", var.filter)
        closed[var.filter] = gone
        latent = () if gone in published else (gone,)
        out.append(leq([(var, 1)], [(gone, 1), (later, 1)], latent))
        if latent:
            out.append(leq([(gone, 1)], [(var, 1)], latent))
    for var in present_p:   # published closures per filter g also bound latent ones under g
        if var.population == "chiusi" and var.measure == "nuclei":
            closed.setdefault(var.filter, var)
    for coarse, whole in sorted(closed.items()):
        families: dict[tuple[str, ...], list[Var]] = {}
        for fine, part in closed.items():
            if len(fine) > len(coarse) and set(coarse) <= set(fine):
                families.setdefault(tuple(d for d, _ in fine), []).append(part)
        for _dims, parts in sorted(families.items()):
            # categories of one kind are disjoint: their closures add up to at most the coarser ones
            latent = tuple(v for v in [whole] + parts if v not in published)
            if latent:
                out.append(leq([(v, 1) for v in sorted(parts)], [(whole, 1)], latent))
    return out


def public_of(programme, releases_periods: list[str]) -> Public:
    caps = {}
    for code in releases_periods:
        period = periods.parse(code)
        caps[code] = {kind: tables.cap_bound(programme, period, kind) for kind in tables.CAPPED}
    return Public(programme.window_start, programme.window_end, caps)
