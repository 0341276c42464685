"""The linear relations a reader can rely on, derived from the published tables alone.

Within a release: every total row equals the sum of the rows it totals (for additive measures), and
a sub-population cannot outnumber its population (closed projects vs households in charge).
Variables shared between tables make these relations cross tables. Across releases (see
`history_check`): a period's value of a measure additive in time equals the sum over any set of
other released periods that tiles it, and for every count or amount a sub-period's value cannot
exceed the period's (for stocks, the period's value cannot exceed the sum over a tiling either).
"""

from __future__ import annotations

from dataclasses import dataclass

from tohome_tools.release.model import AUDITED_KINDS, TOTAL, Release, Var, var_measure


@dataclass(frozen=True)
class Relation:
    """sum(coef * var) == 0 (equality) or <= 0 (inequality)."""

    terms: tuple[tuple[Var, int], ...]
    equality: bool = True

    def vars(self) -> list[Var]:
        return [v for v, _ in self.terms]


def sum_relation(total: Var, parts: list[Var], equality: bool = True) -> Relation:
    """total == sum(parts) (or sum(parts) <= total... see callers for the inequality direction)."""
    return Relation(tuple(sorted([(total, -1)] + [(p, 1) for p in parts])), equality)


# (sub-population, population, measure): every member of the first is a member of the second, so
# for the same categories its count cannot be larger (a project closed in a period was in charge then).
SUBSETS = (("chiusi", "in_carico", "nuclei"),)


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
