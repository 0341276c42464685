"""Erasing the planned households from one repository, in order: rewrite, register, purge, prove, push.

Before anything changes, a journal (`.git/tohome-erasure.json`, beside the object store, never
committed) records what is being done and the state of every ref after each step; an interrupted run
(Ctrl-C, SIGTERM, a crash, a full disk) is finished by the next `tohome erase --apply` in that clone,
from the journal: every step can be run again. A resumed run first checks that nobody changed the
clone meanwhile (a commit, an edit: the rewrite would throw it away). The journal holds the households'
distinctive text for the proof: it is cut down to what the push needs as soon as the proof is done,
and removed when the push is (or when there is nothing for the tool to push).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
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


class Moved(Exception):
    """The clone changed since the erasure was interrupted (a commit, a reset): finishing it would throw
    that change away."""


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


def done(repo: Path) -> None:
    journal_path(repo).unlink(missing_ok=True)


def refs(repo: Path) -> dict[str, str]:
    """Every local branch, tag and note, with the commit it names."""
    listing = gitutil.run(repo, "for-each-ref", "--format=%(objectname) %(refname)", names=True)
    return {name: oid for oid, _, name in (line.partition(" ") for line in listing.splitlines())
            if guard.pushable(name)}


def _traces_data(t: Traces) -> dict:
    return {"id": t.id, "blobs": sorted(t.blobs), "paths": sorted(t.paths), "texts": sorted(t.texts),
            "id_blobs": sorted(t.id_blobs), "text_blobs": sorted(t.text_blobs), "messages": t.messages}


def _traces_of(data: dict) -> Traces:
    return Traces(data["id"], set(data["blobs"]), set(data["paths"]), set(data["texts"]),
                  id_blobs=set(data["id_blobs"]), text_blobs=set(data["text_blobs"]), messages=data.get("messages", 0))


def erase(repo: Path, targets: list[Target], by: str, today: dt.date, message: str, fetch: bool = True,
          to_lot: int | None = None, extra: list[str] = (), server: dict[str, str] | None = None,
          then: list[str] = (), push: bool = False) -> Outcome:
    """Erase `targets` (all held by `repo`) and prove it. Raises rewrite.RewriteError when git fails.
    `server`: the server's refs before the erasure, for the push that follows; `then`: what else the
    person must do afterwards (the other lot's push after a transfer), said again by a resumed run."""
    work = {"format": 1, "by": by, "today": today.isoformat(), "message": message, "fetch": fetch,
            "extra": list(extra), "server": dict(server or {}), "then": list(then), "push": push, "step": "rewrite",
            "started": int(time.time()), "head": _head(repo),
            "traces": [_traces_data(t.traces) for t in targets if t.traces is not None],
            "entries": [e.as_data() for e in entries(targets, by, today, to_lot)]}
    work["before"] = _reflog_since(repo, work["started"])   # what happened in the same second, before
    return run(repo, work, again=False)


def _reflog_since(repo: Path, since: int) -> list[str]:
    """Reflog entries ('<when>|<action>') from second `since` on (reflogs count whole seconds)."""
    out = []
    for line in gitutil.run(repo, "reflog", "--all", "--date=unix", "--format=%gd|%gs", names=True).splitlines():
        stamp, _, action = line.partition("|")
        moment = stamp.rpartition("{")[2].rstrip("}")
        if moment.isdigit() and int(moment) >= since:
            out.append(f"{stamp}|{action}")
    return out


def run(repo: Path, work: dict, again: bool = True) -> Outcome:
    """Carry out (or, `again`, finish) the erasure the journal `work` describes, up to the proof; the
    push is `push`'s. A resumed run refuses (Moved) when the clone changed since the journal's last step."""
    if again and _changed_since(repo, work):
        raise Moved(repo)
    if again:
        _drop_own_lock(repo, work)
    started = time.perf_counter()
    before = store_size(repo)
    _save(repo, work)
    traces = [_traces_of(t) for t in work["traces"]]
    if work["step"] == "rewrite":
        if any(t.blobs or t.paths or t.id_blobs or t.text_blobs or t.messages for t in traces) or work["extra"]:
            rewrite.rewrite(repo, traces, fetch=work["fetch"], extra=work["extra"], again=again)
        if work["fetch"]:
            rewrite.restore_upstream(repo)
        work.update(step="register")
        _save(repo, work)
    if work["step"] == "register":
        new = [registers.Erasure(e["id"], dt.date.fromisoformat(e["erased_on"]), e["rule"], e["by"],
                                 dt.date.fromisoformat(e["due"]) if e.get("due") else None, e.get("to_lot"),
                                 tuple(e.get("periods", ())), tuple(e.get("objects", ())), tuple(e.get("years", ())),
                                 e.get("lot")) for e in work["entries"]]
        commit_register(repo, new, work["by"], work["message"])
        work.update(step="purge")
        _save(repo, work)
    if work["step"] == "purge":
        rewrite.purge(repo)
        work.update(step="prove")
        _save(repo, work)
    result = proving.prove(repo, [t.id for t in traces], {t.id: t.blobs for t in traces},
                           {t.id: t.texts for t in traces})
    if result.ok:   # their text goes with the proof; what the push needs stays until it is done
        work.update(step="push", traces=[{**_traces_data(t), "texts": []} for t in traces])
        _save(repo, work)
    return Outcome(repo, [t.id for t in traces], result, time.perf_counter() - started, before, store_size(repo))


LOST_ACTIONS = ("commit", "merge", "cherry-pick", "revert", "rebase", "pull", "am", "reset", "checkout")


def _drop_own_lock(repo: Path, work: dict) -> None:
    """The index lock a git child of the interrupted run left (killed with it mid-write): made after the
    journal started, while the clone was the erasure's alone (its guard refused any other work in it),
    so it is that run's own and is removed; an older one is somebody else's and stays (git then says so)."""
    lock = gitutil.git_dir(repo) / "index.lock"
    try:
        if lock.stat().st_mtime >= work.get("started", float("inf")):
            lock.unlink()
    except OSError:
        pass   # none, or not ours to remove


def _changed_since(repo: Path, work: dict) -> bool:
    """Whether a person changed the clone after the interruption: an edit not committed, or a commit,
    merge, reset... in any reflog since the journal was started (git-filter-repo's own rewrite and the
    register's commit excepted). Finishing would throw that change away."""
    dirty = [line for line in gitutil.run(repo, "status", "--porcelain", "--untracked-files=all").splitlines()
             if line and line[3:] != str(registers.FILE)]
    if dirty and not (work["step"] == "rewrite" and _as_before(repo, work.get("head"))):
        return True
    earlier = set(work.get("before", ()))
    for line in _reflog_since(repo, work.get("started", 0)):
        if line in earlier:   # the same second as the start, but before it (the commit just pushed)
            continue
        action = line.partition("|")[2]
        ours = (f"commit: {work['message'].splitlines()[0]}", "reset: moving to HEAD")   # the register; filter-repo
        if action.startswith(LOST_ACTIONS) and action not in ours:
            return True
    return False


def _head(repo: Path) -> str | None:
    try:
        return gitutil.run(repo, "rev-parse", "--verify", "--quiet", "HEAD").strip() or None
    except gitutil.GitError:
        return None


def _as_before(repo: Path, head: str | None) -> bool:
    """The index and the files are exactly the commit checked out when the erasure began: git-filter-repo
    was stopped after it moved the branches and before it reset the files (nobody's work is there)."""
    if not head:
        return False
    untracked = gitutil.run(repo, "ls-files", "--others", "--exclude-standard").strip()
    for extra in (["diff", "--quiet", head], ["diff", "--cached", "--quiet", head]):
        try:
            gitutil.run(repo, *extra)
        except gitutil.GitError:
            return False
    return not untracked


def push_command(repository: Path, before: dict[str, str] | None, remote: str = "origin") -> list[str] | None:
    """`git push --atomic` of every branch, tag and note (and the deletion of those the rewrite left
    empty), each leased on the server's value before the erasure."""
    if before is None:
        return None
    mine = set(refs(repository))
    command = ["git", "-C", str(repository), "push", "--atomic", remote]
    for name in sorted(mine | {n for n in before if guard.pushable(n)}):
        command.append(f"--force-with-lease={name}:{before.get(name, '')}")
        command.append(f"{name}:{name}" if name in mine else f":{name}")   # no "+": it would override the lease
    return command


def host_refs(before: dict[str, str]) -> list[str]:
    """Refs of the server that a push cannot replace (pull and merge requests: the host's own)."""
    return sorted(name for name in before if not guard.pushable(name) and name.startswith("refs/"))


def pushed_already(repository: Path, remote: str = "origin") -> bool:
    """The server already has every ref as the clone has it (a push done just before an interruption)."""
    theirs = guard.server_refs(repository, remote)
    return {n: o for n, o in theirs.items() if guard.pushable(n)} == refs(repository)


def push(repository: Path, before: dict[str, str], remote: str = "origin") -> tuple[bool, str]:
    """The leased atomic push; (done, what git said). The journal goes once the server has it all."""
    if pushed_already(repository, remote):
        done(repository)
        return True, ""
    command = push_command(repository, before, remote)
    result = subprocess.run(command, capture_output=True, text=True, errors="replace")
    rewrite.stopped_by(result.returncode)
    if result.returncode == 0:
        done(repository)
    return result.returncode == 0, result.stderr.strip()[-500:]
