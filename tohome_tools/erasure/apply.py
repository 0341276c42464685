"""Erasing the planned households from one repository, in order: rewrite, register, purge, prove.

The register entry is committed on the current branch after the rewrite, with a message that names
no household; the proof reads every object last, after the purge, so that it sees what is left on
disk and nothing else.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from tohome_tools.erasure import proof as proving
from tohome_tools.erasure import rewrite
from tohome_tools.erasure.plan import Target
from tohome_tools.io import atomic, gitutil
from tohome_tools.records import register as registers


@dataclass
class Outcome:
    repository: Path
    households: list[str]
    proof: proving.Proof
    seconds: float
    size_before: int          # bytes of the object store
    size_after: int


def store_size(repo: Path) -> int:
    """Bytes of the repository's object store (loose and packed)."""
    folder = gitutil.git_dir(repo) / "objects"
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def entries(targets: list[Target], by: str, today: dt.date, to_lot: int | None = None) -> list[registers.Erasure]:
    return [registers.Erasure(t.id, today, t.rule, by, t.due, to_lot if t.rule == "transfer" else None,
                              tuple(t.periods), tuple(sorted(t.traces.blobs)) if t.traces else (), tuple(t.years), t.lot)
            for t in targets]


def commit_register(repo: Path, new: list[registers.Erasure], by: str, message: str) -> None:
    current = registers.load(repo)
    updated = registers.Register(current.entries + tuple(new), current.path)
    atomic.write_text(repo / registers.FILE, registers.dump(updated))
    gitutil.commit(repo, message, by, str(registers.FILE))


def erase(repo: Path, targets: list[Target], by: str, today: dt.date, message: str, fetch: bool = True,
          to_lot: int | None = None) -> Outcome:
    """Erase `targets` (all held by `repo`) and prove it. Raises rewrite.RewriteError when git fails."""
    started = time.perf_counter()
    before = store_size(repo)
    traces = [t.traces for t in targets if t.traces is not None]
    rewrite.rewrite(repo, traces, fetch=fetch)
    if fetch:
        rewrite.restore_upstream(repo)
    commit_register(repo, entries(targets, by, today, to_lot), by, message)
    rewrite.purge(repo)
    result = proving.prove(repo, [t.id for t in targets], {t.id: t.traces.blobs for t in targets if t.traces},
                           {t.id: t.traces.texts for t in targets if t.traces})
    return Outcome(repo, [t.id for t in targets], result, time.perf_counter() - started, before, store_size(repo))
