"""The check across releases: a new period must not reveal, by subtraction, what another hides.

Periods relate through time: the value of a measure additive in time (closures, measures started,
amounts) for a period equals the sum over any set of released periods that tiles it (a year and
its quarters) and cannot be less than the sum over disjoint released sub-periods; for any count or
amount, a sub-period's value cannot exceed its period's; and a stock
(households in charge) over a period cannot exceed the sum over a tiling of it. These relations join
each release's own relations in one audit over every release under release/.
"""

from __future__ import annotations

from dataclasses import dataclass

from tohome_tools.core import periods
from tohome_tools.release import audit as auditing
from tohome_tools.release.model import AUDITED_KINDS, Release, Var, var_measure
from tohome_tools.release.relations import Relation, sum_relation


def _series(releases: list[Release]) -> dict[tuple, dict[str, tuple[Var, bool]]]:
    """(population, measure, filter) -> period -> (var, additive in time)."""
    out: dict[tuple, dict[str, tuple[Var, bool]]] = {}
    for release in releases:
        for table in release.tables:
            for measure in table.measures:
                if measure.kind not in AUDITED_KINDS:
                    continue
                for key in table.rows:
                    var = Var(release.period, table.population, var_measure(measure), table.filter_of(key))
                    out.setdefault((var.population, var.measure, var.filter), {})[release.period] = \
                        (var, measure.additive_in_time)
    return out


def across_periods(releases: list[Release]) -> list[Relation]:
    known = {r.period: periods.parse(r.period) for r in releases}
    found: dict[tuple, Relation] = {}
    for series in _series(releases).values():
        present = [known[p] for p in series]
        for whole in present:
            total, additive = series[whole.code]
            for part in present:
                if part.within(whole):   # part <= whole
                    rel = Relation(tuple(sorted([(series[part.code][0], 1), (total, -1)])), False)
                    found[rel.terms] = rel
            for tiling in periods.partitions(whole, present):
                parts = [series[p.code][0] for p in tiling]
                if additive:
                    rel = sum_relation(total, parts)
                else:   # a stock: whole <= sum of parts
                    rel = Relation(tuple(sorted([(total, 1)] + [(p, -1) for p in parts])), False)
                found[rel.terms] = rel
            if additive:   # disjoint sub-periods of a flow cannot add up to more than the whole
                for chosen in periods.disjoint_sets(whole, present):
                    rel = Relation(tuple(sorted([(total, -1)] + [(series[p.code][0], 1) for p in chosen])), False)
                    found.setdefault(rel.terms, rel)
    return [found[k] for k in sorted(found)]


@dataclass
class HistoryResult:
    audit: auditing.AuditResult
    periods: list[str]

    @property
    def ok(self) -> bool:
        return self.audit.ok


def overlapping(period: periods.Period, others: list[str]) -> list[str]:
    """Released periods that overlap `period` without being it (a year beside its quarters)."""
    out = []
    for code in others:
        other = periods.parse(code)
        if other.code != period.code and other.start <= period.end and period.start <= other.end:
            out.append(other.code)
    return sorted(out)


def check(releases: list[Release], criteria: auditing.Criteria, relations: list[Relation],
          known: dict[Var, auditing.Fact]) -> HistoryResult:
    """Audit every release together, as published, with every relation (within, across, likely)."""
    sensitive = [g for r in releases for g in auditing.groups(r)]
    result = auditing.audit(known, relations, criteria, sensitive=sensitive)
    return HistoryResult(result, sorted(r.period for r in releases))
