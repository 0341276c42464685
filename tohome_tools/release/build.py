"""One release from valid records: tables, disclosure control, audit, history check (pure)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from tohome_tools.release import audit as auditing
from tohome_tools.release import history_check, suppression
from tohome_tools.release.model import Release
from tohome_tools.release.periods import Period
from tohome_tools.release.relations import within_release
from tohome_tools.release.tables import Builder


@dataclass
class Made:
    release: Release
    outcome: suppression.Outcome
    history: history_check.HistoryResult
    seconds: float

    @property
    def ok(self) -> bool:
        return self.outcome.audit.ok and self.history.ok


def make(records: list[dict], programme, schema: dict, period: Period, committed: list[Release]) -> Made:
    started = time.perf_counter()
    publication = programme.raw["publication"]
    percent = publication["amount_protection_percent"]
    tables = Builder(records, programme, schema, period).tables()
    synthetic = bool(records) and all(r.get("synthetic") is True for r in records)
    release = Release(period.code, period.start.isoformat(), period.end.isoformat(), period.kind, synthetic,
                      publication["threshold"], tables)
    # other releases join the audit as published: their relations, their facts, the links in time
    extra, outside = [], {}
    for other in committed:
        extra += within_release(other)
        outside.update(auditing.facts(other))
    extra += history_check.across_periods(committed + [release])
    outcome = suppression.protect(release, percent, extra=extra, outside=outside)
    if outcome.audit.ok:
        history = history_check.check(committed + [release], percent)
    else:   # no pattern of this release resists what is already published
        history = history_check.HistoryResult(outcome.audit, sorted(r.period for r in committed + [release]))
    return Made(release, outcome, history, time.perf_counter() - started)
