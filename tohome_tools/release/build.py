"""One release from valid records: tables, disclosure control, audit, history check (pure).

Periods overlapping one already released (a quarter beside its year) are refused: the stock and
flow identities between nested periods pin hidden counts down, and publishing one granularity at a
time is the simplest protection that can be proved.
"""

from __future__ import annotations

import copy
import hashlib
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tohome_tools.core import periods
from tohome_tools.core.periods import Period
from tohome_tools.release import audit as auditing
from tohome_tools.release import history_check, relations, suppression, writer
from tohome_tools.release.model import SUPPRESSED, Release
from tohome_tools.release.tables import Builder


@dataclass
class Made:
    release: Release
    outcome: suppression.Outcome | None
    history: history_check.HistoryResult | None
    seconds: float
    overlapping: list[str] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)     # tables left out: too few households to protect

    @property
    def ok(self) -> bool:
        return not self.overlapping and self.outcome.audit.ok and self.history.ok


def _release(records, programme, schema, period: Period) -> Release:
    publication = programme.publication
    tables = Builder(records, programme, schema, period).tables()
    synthetic = bool(records) and all(r.get("synthetic") is True for r in records)
    return Release(period.code, period.start.isoformat(), period.end.isoformat(), period.kind, synthetic,
                   publication["threshold"], tables)


def still_as_published(records: list[dict], programme, schema: dict, period: Period, folder: Path,
                       replaced: Release, licence: str, keywords: tuple[str, ...]) -> bool:
    """True when the version under `folder`, its pattern of hidden values laid over today's records,
    gives the very same files: what it shows is still exactly true, so there is nothing to re-issue.
    (After an erasure the audit can no longer see the truth behind the frozen periods, and would
    choose another pattern for an unchanged period: a new version for no reason.)"""
    fresh = _release(records, programme, schema, period)
    tables = {t.name: t for t in fresh.tables}
    if any(t.name not in tables for t in replaced.tables):
        return False
    fresh.tables = [tables[t.name] for t in replaced.tables]
    if any(set(tables[t.name].rows) != set(t.rows) for t in replaced.tables):
        return False
    suppression.mark(fresh, {var for var, *_, cell in replaced.cells() if cell.state == SUPPRESSED})
    try:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        fresh.withheld = [(t["nome"], t["titolo"]) for t in package.get("x-tabelle-non-pubblicate", [])]
        produced = writer.files(fresh, licence, programme.name, keywords)
        present = {p.name for p in folder.iterdir() if p.is_file()}
        return present == set(produced) and all((folder / n).read_bytes() == data for n, data in produced.items())
    except (OSError, ValueError, KeyError, TypeError):
        return False


def order_key(records: list[dict]) -> bytes:
    """The key of the order in which cells are chosen to be hidden: a digest of every record, in
    full (free text, dates, IDs), so that nobody without the records can re-run the choice, and the
    same records always choose the same cells."""
    digest = hashlib.sha256()
    for record in sorted(records, key=lambda r: str(r.get("id"))):
        digest.update(json.dumps(record, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8"))
    return digest.digest()


def truth(release: Release) -> dict:
    """Every audited variable's true value (counts, amounts, sums behind averages) as floats."""
    return {var: (None if cell.value is None else float(cell.value)) for var, _t, _k, _m, cell in release.cells()}


def relations_between(releases: list[Release], public, true: dict, skip: Release | None = None,
                      frozen: frozenset[str] = frozenset()) -> list:
    """Every relation a reader can use over these releases (likely ones only where they hold; over a
    frozen period, whose truth the records no longer hold, every likely one: the reader may use it)."""
    out = []
    for one in releases:
        if one is not skip:
            out += relations.within_release(one)
        out += relations.knowledge(one, public)
        out += [rel for rel in relations.likely(one, public)
                if rel.holds(true) or any(v.period in frozen for v in rel.vars())]
    return out + history_check.across_periods(releases) + relations.stock_and_flow(releases, public)


def _all_hidden(release: Release, table) -> bool:
    states = [cell.state for _v, t, _k, _m, cell in release.cells() if t is table]
    return bool(states) and all(state == SUPPRESSED for state in states)


def make(records: list[dict], programme, schema: dict, period: Period, committed: list[Release],
         replaced: Release | None = None, frozen: frozenset[str] = frozenset()) -> Made:
    """The release of `period`, protected against the periods released before it and checked
    against every period under release/ (a later period was protected against this one as it was
    published: re-issuing it unchanged passes, changing it must not undo that later protection).
    `replaced` is the version of this period already under release/: what it published stays
    public, so the new version is audited together with it. `frozen` names the periods that counted
    households erased since: today's records no longer give their truth, so their published tables
    are taken as they are, with no truth behind their hidden values."""
    started = time.perf_counter()
    criteria = auditing.Criteria.of(programme.publication)
    fresh = _release(records, programme, schema, period)
    release = copy.deepcopy(fresh)
    clash = history_check.overlapping(period, [r.period for r in committed])
    if clash:
        return Made(release, None, None, time.perf_counter() - started, clash)
    earlier = [r for r in committed if periods.parse(r.period).end < period.start]
    everything = committed + [release]
    public = relations.public_of(programme, [r.period for r in everything])
    # the truth behind what is already published, recomputed from today's records
    true = truth(release)
    outside: dict = {}
    for other in committed:
        recomputed = {} if other.period in frozen else truth(_release(records, programme, schema,
                                                                         periods.parse(other.period)))
        true.update(recomputed)
        outside.update(auditing.facts(other, truth=recomputed))
    before = {v: f for v, f in outside.items() if v.period in {r.period for r in earlier}}
    once = auditing.facts(replaced, truth=true) if replaced is not None else {}

    def attempt(knowing_replaced: bool):
        """Protect a fresh copy of the period; `knowing_replaced`: choose the pattern knowing what the
        version it replaces published (otherwise that version only joins the final check)."""
        release = copy.deepcopy(fresh)   # protection changes the copy's cells; the tables are made once
        everything = committed + [release]
        withheld: list[tuple[str, str]] = []
        while True:
            extra = relations_between(earlier + [release], public, true, skip=release, frozen=frozen)
            if knowing_replaced:
                extra += relations.within_release(replaced)
            sensitive = [g for r in earlier + [release] for g in auditing.groups(r)]
            outcome = suppression.protect(release, criteria, extra=extra, outside=before, sensitive=sensitive,
                                          published=once if knowing_replaced else {}, key=order_key(records))
            if outcome.audit.ok:
                # A table with every value hidden tells nothing: leave it out, and protect the rest again
                # (its hidden cells no longer keep company to the hidden cells of other tables).
                blank = [t for t in release.tables if _all_hidden(release, t)]
                if not blank or len(blank) == len(release.tables):
                    break
                withheld += [(t.name, t.title) for t in blank]
                release.tables = [t for t in release.tables if t not in blank]
                continue
            # A population whose tables no pattern of hidden cells can protect in this period (a handful
            # of closures, say) is left out of the period altogether, rather than the whole release
            # refused. One population at a time, the one with most failures first: failures spread along
            # linked values (an impossible guess fails its whole linked group), so the others may pass.
            failing = Counter(i.var.population for i in outcome.audit.failures if i.var.period == period.code)
            worst = min(failing, key=lambda name: (-failing[name], name)) if failing else None
            drop = [t for t in release.tables if t.population == worst]
            if not drop or len(drop) == len(release.tables):
                break
            withheld += [(t.name, t.title) for t in drop]
            release.tables = [t for t in release.tables if t.population != worst]
        if outcome.audit.ok:
            blank = [t for t in release.tables if _all_hidden(release, t)]   # every table blank: none published
            withheld += [(t.name, t.title) for t in blank]
            release.tables = [t for t in release.tables if t not in blank]
            known = dict(outside)
            known.update(auditing.facts(release))
            known.update(auditing.once_public(known, once))
            links = relations_between(everything, public, true, frozen=frozen) + (
                relations.within_release(replaced) if replaced else [])
            history = history_check.check(everything, criteria, links, known)
        else:   # no pattern of this release resists what is already published
            history = history_check.HistoryResult(outcome.audit, sorted(r.period for r in everything))
        release.withheld = withheld
        return release, outcome, history, withheld

    # A re-issue first chooses the pattern a first issue would (so that unchanged records give the
    # same files again), then checks it together with the version it replaces; only if that fails is
    # the pattern chosen knowing what that version published.
    release, outcome, history, withheld = attempt(False)
    if replaced is not None and not (outcome.audit.ok and history.ok):
        release, outcome, history, withheld = attempt(True)
    return Made(release, outcome, history, time.perf_counter() - started, withheld=[n for n, _ in withheld])
