"""Erasing the planned households from one repository, in order: rewrite, register, purge, prove.

Before anything changes, a journal (`.git/tohome-erasure.json`, beside the object store, never
committed) records what is being done; an interrupted run (Ctrl-C, SIGTERM, a crash, a full disk)
is finished by the next `tohome erase` in that clone, from the journal: every step can be run again.
The journal holds the households' distinctive text for the proof: it is removed when the proof ends.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass
from pathlib import Path

from tohome_tools.erasure import guard, rewrite
from tohome_tools.erasure import proof as proving
from tohome_tools.erasure.plan import Target
from tohome_tools.erasure.versions import Traces
from tohome_tools.io import atomic, gitutil
from tohome_tools.records import register as registers

JOURNAL = "tohome-erasure.json"


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
            for t in targets if t.registered]


def commit_register(repo: Path, new: list[registers.Erasure], by: str, message: str) -> None:
    """Add the entries the register does not hold yet, and commit (nothing to do when it has them all)."""
    current = registers.load(repo)
    known = current.ids()
    missing = tuple(e for e in new if e.id.upper() not in known)
    if not missing:
        return
    atomic.write_text(repo / registers.FILE, registers.dump(registers.Register(current.entries + missing, current.path)))
    gitutil.commit(repo, message, by, str(registers.FILE))


def journal_path(repo: Path) -> Path:
    return gitutil.git_dir(repo) / JOURNAL


def _save(repo: Path, work: dict) -> None:
    atomic.write_text(journal_path(repo), json.dumps(work, ensure_ascii=False), private=True)


def pending(repo: Path) -> dict | None:
    """The journal of an erasure interrupted in this clone, if any."""
    try:
        return json.loads(journal_path(repo).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _traces_data(t: Traces) -> dict:
    return {"id": t.id, "blobs": sorted(t.blobs), "paths": sorted(t.paths), "texts": sorted(t.texts),
            "id_blobs": sorted(t.id_blobs), "text_blobs": sorted(t.text_blobs)}


def _traces_of(data: dict) -> Traces:
    return Traces(data["id"], set(data["blobs"]), set(data["paths"]), set(data["texts"]),
                  id_blobs=set(data["id_blobs"]), text_blobs=set(data["text_blobs"]))


def erase(repo: Path, targets: list[Target], by: str, today: dt.date, message: str, fetch: bool = True,
          to_lot: int | None = None, extra: list[str] = (), server: dict[str, str] | None = None) -> Outcome:
    """Erase `targets` (all held by `repo`) and prove it. Raises rewrite.RewriteError when git fails.
    `server`: the server's branches and tags before the erasure, kept for the push that follows."""
    work = {"format": 1, "by": by, "today": today.isoformat(), "message": message, "fetch": fetch,
            "extra": list(extra), "server": dict(server or {}),
            "traces": [_traces_data(t.traces) for t in targets if t.traces is not None],
            "entries": [e.as_data() for e in entries(targets, by, today, to_lot)]}
    return run(repo, work)


def run(repo: Path, work: dict) -> Outcome:
    """Carry out (or finish) the erasure the journal `work` describes."""
    started = time.perf_counter()
    before = store_size(repo)
    _save(repo, work)
    traces = [_traces_of(t) for t in work["traces"]]
    if any(t.blobs or t.paths or t.id_blobs or t.text_blobs for t in traces) or work["extra"]:
        rewrite.rewrite(repo, traces, fetch=work["fetch"], extra=work["extra"])
    if work["fetch"]:
        rewrite.restore_upstream(repo)
    new = [registers.Erasure(e["id"], dt.date.fromisoformat(e["erased_on"]), e["rule"], e["by"],
                             dt.date.fromisoformat(e["due"]) if e.get("due") else None, e.get("to_lot"),
                             tuple(e.get("periods", ())), tuple(e.get("objects", ())), tuple(e.get("years", ())),
                             e.get("lot")) for e in work["entries"]]
    commit_register(repo, new, work["by"], work["message"])
    rewrite.purge(repo)
    result = proving.prove(repo, [t.id for t in traces], {t.id: t.blobs for t in traces},
                           {t.id: t.texts for t in traces})
    journal_path(repo).unlink(missing_ok=True)   # it holds their text: gone with the proof
    return Outcome(repo, [t.id for t in traces], result, time.perf_counter() - started, before, store_size(repo))


def push_command(repository: Path, before: dict[str, str] | None, remote: str = "origin") -> list[str] | None:
    """`git push --atomic` of every branch, tag and note (and the deletion of those the rewrite left
    empty), each leased on the server's value before the erasure."""
    if before is None:
        return None
    listing = gitutil.run(repository, "for-each-ref", "--format=%(refname)", names=True)
    mine = {name for name in listing.split() if guard.pushable(name)}
    command = ["git", "-C", str(repository), "push", "--atomic", remote]
    for name in sorted(set(mine) | set(before)):
        command.append(f"--force-with-lease={name}:{before.get(name, '')}")
        command.append(f"{name}:{name}" if name in mine else f":{name}")   # no "+": it would override the lease
    return command
