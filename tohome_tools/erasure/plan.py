"""Which households to erase, from which repository, by which rule, and what erasing them touches.

The households are named by ID, or are every one whose retention has ended on a day
(`casework.retention`: one meaning of the date). For each: the rule and the day, the repository that
holds it (every lot's clone is searched at the city level), its file, the published periods that
counted it (they stay published as they are), and, from git, every version of its record, the
commits and the branches and tags that hold them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from tohome_tools.casework import retention
from tohome_tools.core import periods
from tohome_tools.erasure import classify, versions
from tohome_tools.io import gitobjects, gitutil, loader
from tohome_tools.io.gitobjects import existing
from tohome_tools.io.outputs import PERSONAL_FOLDER
from tohome_tools.records.register import FILE as REGISTER
from tohome_tools.records.validate import discover


@dataclass
class Target:
    id: str
    repository: Path
    file: Path | None                   # its record now (None: only history holds it)
    lot: int | None
    rule: str                           # closure, programme_end, last_activity, request, transfer
    due: dt.date | None                 # the end of retention (None for a request made earlier)
    years: tuple[int, ...] = ()
    periods: tuple[str, ...] = ()       # published periods that counted it
    traces: versions.Traces | None = None
    commits: int = 0
    refs: tuple[str, ...] = ()
    registered: bool = True             # False: already in the register (a copy left behind, or the city's repository)
    outputs: tuple[Path, ...] = ()      # personal outputs beside the clone, outside git (riservato/): deleted too

    def untouched(self) -> bool:
        """Nothing of it in this repository's history."""
        t = self.traces
        return t is None or not (t.blobs or t.paths or t.id_blobs or t.text_blobs or t.messages)


@dataclass
class Plan:
    targets: list[Target] = field(default_factory=list)
    problems: list[tuple[str, dict]] = field(default_factory=list)   # (code, params): nothing is done
    opaque: dict[Path, set[str]] = field(default_factory=dict)       # repository -> files tohome cannot read
    extra: list[str] = field(default_factory=list)                    # paths the user asked to remove too

    def by_repository(self) -> dict[Path, list[Target]]:
        out: dict[Path, list[Target]] = {}
        for target in self.targets:
            out.setdefault(target.repository, []).append(target)
        return out


def published_periods(releases: Path) -> list[periods.Period]:
    if not releases.is_dir():
        return []
    found = []
    for folder in sorted(releases.iterdir()):
        if (folder / "datapackage.json").is_file():
            try:
                found.append(periods.parse(folder.name))
            except periods.PeriodError:
                continue
    return found


def span(record: dict) -> tuple[dt.date | None, dt.date | None]:
    """The first and the last day the record speaks of: the household was in the programme between."""
    first = retention.first_activity(record)
    return first, retention.last_activity(record)


def _records(workspace) -> tuple[dict[str, tuple[Path, Path, dict]], list[Path]]:
    """ID (upper case) -> (repository, file, data) of every record that reads, and the files that do not."""
    found, unreadable = {}, []
    for repository, folder in zip(workspace.layout.repositories, workspace.layout.record_folders):
        files, _odd = discover([folder]) if folder.is_dir() else ([], [])
        for path in files:
            data = loader.load_path(path).data
            record_id = data.get("id") if isinstance(data, dict) else None
            if isinstance(record_id, str):
                found.setdefault(record_id.upper(), (repository, path, data))
            else:
                unreadable.append(path)
    return found, unreadable


def _in_history(workspace, record_id: str) -> Path | None:
    """The repository whose history once held the record (deleted since, never erased), if any."""
    for repository in workspace.layout.repositories:
        names = {n.upper() for n in gitutil.names_in_history(repository)}
        if f"{record_id}.YAML" in names or f"{record_id}.YML" in names:
            return repository
    return None


def _facts(data: dict, published: list[periods.Period], window_end: dt.date) -> tuple[int | None, tuple, tuple]:
    """(lot, years in the programme, codes of the published periods that counted it), as a version of
    the record tells them."""
    first, last = span(data)
    lot = data.get("lot") if isinstance(data.get("lot"), int) and not isinstance(data.get("lot"), bool) else None
    years = tuple(range(first.year, (last or first).year + 1)) if first else ()
    return lot, years, tuple(p.code for p in published if p.overlaps(first, last or window_end))


def personal_outputs(repository: Path, record_id: str) -> tuple[Path, ...]:
    """The files in the clone's folder for personal outputs (`riservato/`, ignored by git: sheets,
    calendars, reports) that are named after the household or name it: outside git, so no rewrite
    reaches them; they are made again from the records, so erasure deletes them whole."""
    folder = repository / PERSONAL_FOLDER
    if not folder.is_dir():
        return ()
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
        if any(record_id in classify.named_after(part) for part in path.relative_to(folder).parts):   # or its folder
            found.append(path)
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if record_id in classify.ids_in(data):
            found.append(path)
    return tuple(found)


def _expired_in_history(workspace, records: dict, as_of: dt.date, plan: Plan) -> list[str]:
    """The households whose file was deleted but never erased (only history holds them) and whose
    retention, by their last version, has ended by `as_of`; one whose last version does not tell it
    is a problem, said."""
    erased = {entry.id.upper() for entry in workspace.register.entries}
    out = []
    for repository in workspace.layout.repositories:
        for name in sorted(gitutil.names_in_history(repository)):
            found = classify.named_after(name)
            record_id = next(iter(found)) if len(found) == 1 else None
            if record_id is None or record_id in records or record_id in erased or record_id in out:
                continue
            last = _last_version(repository, record_id)
            if last is None or retention.undecidable(last, workspace.programme) is not None:
                plan.problems.append(("history-undated", {"id": record_id}))
                continue
            kept = retention.retention(last, workspace.programme)
            if kept is not None and kept.due <= as_of:
                out.append(record_id)
    return out


def _last_version(repository: Path, record_id: str) -> dict | None:
    """The record as its last version in history wrote it (a file deleted since, never erased): its
    lot and its dates say what the register must hold, and which published periods it counted."""
    spec = f":(glob,icase)**/{record_id}.y*ml"
    try:
        raw = gitutil.run(repository, "log", "--all", "-z", "--format=%x01%H", "--name-only", "--", spec, names=True)
    except gitutil.GitError:
        return None
    for chunk in raw.split("\x01")[1:3]:   # the newest commits that touched it: one holds it, or its parent
        commit, *names = [part.strip("\n") for part in chunk.split("\0")]
        for revision in (commit, f"{commit}^"):
            for name in filter(None, names):
                try:
                    blob = gitutil.run(repository, "rev-parse", "--verify", "--quiet", f"{revision}:{name}").strip()
                except gitutil.GitError:   # not in that commit (deleted there), or no parent
                    continue
                for obj in gitobjects.read_objects(repository, [blob]):   # the last version, readable or not
                    data = loader.load_bytes(obj.data).data
                    return data if isinstance(data, dict) else None
    return None


def select(workspace, ids: list[str], as_of: dt.date | None, reason: str | None, today: dt.date) -> Plan:
    """The households to erase: those named (`ids`), or with `as_of` those whose retention has ended
    by that day. A named household whose retention has not ended is erased only for a stated
    `reason` ("request": the person asked, GDPR art. 17; "transfer": it moved to another lot)."""
    plan = Plan()
    records, unreadable = _records(workspace)
    published = published_periods(workspace.project.releases)
    register = workspace.register
    chosen: list[tuple[str, str | None]] = []
    if as_of is not None:
        for path in unreadable:
            plan.problems.append(("unreadable", {"file": str(path)}))
        for _repository, path, data in records.values():   # a date that decides it does not read: not "open"
            written = retention.undecidable(data, workspace.programme)
            if written is not None:
                plan.problems.append(("undated", {"file": str(path), "value": written}))
        expired = retention.expired([data for _r, _p, data in records.values()], workspace.programme, as_of)
        chosen += [(kept.household.upper(), None) for kept in expired]
        chosen += [(record_id, None) for record_id in _expired_in_history(workspace, records, as_of, plan)]
    chosen += [(record_id.upper(), reason) for record_id in ids]
    seen = set()
    for record_id, stated in chosen:
        if record_id in seen:
            continue
        seen.add(record_id)
        erased = register.get(record_id)
        if erased is not None and erased.rule != "transfer":
            # in the register already: erased again only if something of it is still there (an erasure
            # interrupted, a copy the last one did not know of); `trace` decides
            repository = next((r for r in workspace.layout.repositories if erased.lot in (None, _lot_of(r, workspace))),
                              workspace.layout.repositories[0])
            plan.targets.append(Target(record_id, repository, None, erased.lot, erased.rule, erased.due,
                                       tuple(erased.years), tuple(erased.periods), registered=False))
            continue
        if record_id in records:
            repository, path, data = records[record_id]
            written = retention.undecidable(data, workspace.programme)
            if written is not None and stated is None:   # on request or transfer the date does not matter
                if as_of is None:   # with --expired it was said above, for every record
                    plan.problems.append(("undated", {"file": str(path), "value": written}))
                continue
            kept = retention.retention(data, workspace.programme)
            lot, years, counted = _facts(data, published, workspace.programme.window_end)
        else:
            repository = _in_history(workspace, record_id)
            if repository is None:
                plan.problems.append(("unknown-id", {"id": record_id}))
                continue
            path, kept, lot, years = None, None, None, ()
            counted = tuple(p.code for p in published)   # nothing left to tell: freeze them all
            last = _last_version(repository, record_id)
            if stated is None and (last is None or retention.undecidable(last, workspace.programme) is not None):
                if as_of is None:   # with --expired it was said already
                    plan.problems.append(("history-undated", {"id": record_id}))
                continue
            if last is not None:   # its last version tells its lot, its retention and its years in the programme
                kept = retention.retention(last, workspace.programme)
                lot, found_years, found_counted = _facts(last, published, workspace.programme.window_end)
                if found_years:   # with no date at all, every period stays frozen
                    years, counted = found_years, found_counted
        if stated is None and kept is not None and kept.due > (as_of or today):
            plan.problems.append(("not-due", {"id": record_id, "due": kept.due, "rule": kept.rule}))
            continue
        if stated == "transfer":
            counted = ()   # the household lives on in another lot: the periods still count it
        ended = kept is not None and kept.due <= (as_of or today)
        rule = "transfer" if stated == "transfer" else kept.rule if ended else (stated or "request")
        plan.targets.append(Target(record_id, repository, path, lot, rule, kept.due if kept else None, years, counted,
                                   outputs=personal_outputs(repository, record_id)))
    return plan


def _lot_of(repository: Path, workspace) -> int | None:
    return next((lot.lot for lot in workspace.layout.lots if lot.path == repository), None)


def trace(plan: Plan, schema_path: str, workspace=None) -> None:
    """Fill in, from git, what erasing each target touches: its versions, commits, branches and tags
    (one walk of the history per repository, and one per ref, however many households). At the city
    level the city's own repository is searched too: it holds no records, but a sheet or a note
    committed there by mistake is the household's data all the same. A target already in the register
    with nothing left of it is a problem ("already erased"), not a target."""
    if workspace is not None and workspace.layout.level == "city":
        ids = sorted({t.id for t in plan.targets})
        plan.targets += [Target(i, workspace.project.root, None, None, "request", None, registered=False)
                         for i in ids]
    city = workspace.project.root if workspace is not None and workspace.layout.level == "city" else None
    known: dict[str, set[str]] = {}   # each household's distinctive text, from the repositories holding it
    for repository, targets in sorted(plan.by_repository().items(), key=lambda item: item[0] == city):
        # the city's repository last: it holds no record, so its search is for the text found elsewhere
        found = versions.find(repository, [t.id for t in targets], schema_path,
                              known if repository == city else None)
        for household in found.households.values():
            known.setdefault(household.id, set()).update(household.texts)
        if found.opaque:
            plan.opaque[repository] = found.opaque
        touching = _commits_by_path(repository)
        holding = _commits_by_ref(repository)
        for target in targets:
            target.traces = found.households[target.id]
            for path, others in sorted(target.traces.shared_files.items()):
                plan.problems.append(("shared-file", {"id": target.id, "file": path, "others": ", ".join(sorted(others))}))
            commits = set().union(*(touching.get(p, set()) for p in target.traces.paths)) if target.traces.paths else set()
            target.commits = len(commits)
            target.refs = tuple(sorted(ref for ref, reached in holding.items() if commits & reached))


PROGRAMME = ("config/", "schemas/")   # the programme never goes; a record goes by its ID, unless misnamed


def removable(plan: Plan, given: str) -> str | None:
    """`given` (a --remove-file) as the path the plan lists, or None: only a file the plan lists as
    unreadable or as naming a household may be taken out of history by name. Any other path (another
    household's record, the programme, the register, a folder, a pattern, a path that never existed)
    would delete what the erasure must keep, or nothing while saying it did."""
    path = given.removeprefix("./")   # the path as written: a name may end in a space
    listed = set().union(*plan.opaque.values()) if plan.opaque else set()
    named = set()   # files carrying the household's ID in their name: under records/ too (a copy misnamed)
    for target in plan.targets:
        if target.traces is not None:
            listed |= target.traces.elsewhere | target.traces.examples
            named |= target.traces.named_files
    if path == str(REGISTER) or path.startswith(PROGRAMME):
        return None
    if path in named or (path in listed and not classify.in_records(path)):
        return path
    return None


def _commits_by_path(repository: Path) -> dict[str, set[str]]:
    """Path -> the commits (of every branch, tag and reflog) that changed it."""
    raw = gitutil.run(repository, "log", "--all", "--reflog", "--format=%x1e%H", "--name-only", "--no-renames", "-z",
                      names=True)
    out: dict[str, set[str]] = {}
    for block in raw.split("\x1e")[1:]:   # "<hash>\0\n<name>\0<name>\0..."
        commit, *names = block.split("\0")
        for name in names:
            name = name.strip("\n")
            if name:
                out.setdefault(name, set()).add(commit.strip())
    return out


def _commits_by_ref(repository: Path) -> dict[str, set[str]]:
    """Branch, tag or server branch -> the commits it reaches."""
    refs = gitutil.run(repository, "for-each-ref", "--format=%(refname)", "refs/heads", "refs/tags", "refs/remotes",
                       names=True).split()
    return {ref.removeprefix("refs/heads/").removeprefix("refs/tags/").removeprefix("refs/remotes/"):
            set(gitutil.run(repository, "rev-list", ref).split()) for ref in refs if not ref.endswith("/HEAD")}


def settle(plan: Plan, register) -> None:
    """After `trace`: keep a target that is not entered in the register (the city's repository, or a
    household erased before) only where something of it is left; a household already erased with
    nothing left anywhere is the problem "already erased", not a target."""
    kept = []
    for target in plan.targets:
        erased = register.get(target.id)
        left = not target.untouched() or (erased is not None and bool(existing(target.repository, erased.objects)))
        if target.registered or left:
            kept.append(target)
    for record_id in sorted({t.id for t in plan.targets if not t.registered and register.get(t.id)}):
        if not any(t.id == record_id for t in kept):
            plan.problems.append(("already-erased", {"id": record_id, "day": register.get(record_id).erased_on}))
    plan.targets = kept
