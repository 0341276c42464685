"""Who changed a household's record, when and what: read from git, told field by field.

`history(path)` lists the commits of the current branch's ancestry that changed the record (its
earlier names found by `git log --follow`), with every side of every merge. Each commit is compared
with its own parent, never with the commit listed next: on two branches merged, the next in the list
is often the other person's work. A merge is compared with all its parents, and only what differs
from every one of them is its own (a conflict resolved by hand); the rest came from the branches and
is told at the commit that made it. Versions are compared as data, not as text lines: a change is
"field X went from A to B". A version that is not readable YAML is compared line by line.

History is never invented: a commit at the edge of a shallow clone is marked as where the clone's
history stops (the record may be older), never as its creation; a missing object (a damaged
repository) raises `Damaged`. Uncommitted edits are not history: they are left out.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from tohome_tools.core import pointer as jp
from tohome_tools.io import gitobjects, gitutil, loader

_FIELDS = ("%H", "%P", "%an", "%ae", "%at", "%ai", "%s")
_OFFSET = re.compile(r"([+-])([0-9]{2})([0-9]{2})\Z")
_MISSING = object()   # no such field in a version


class Damaged(gitutil.GitError):
    """An object of the record's history is missing from the repository: history cannot be told whole."""

    def __init__(self, oid: str, commit: str):
        super().__init__(oid)
        self.oid, self.commit = oid, commit


@dataclass(frozen=True, slots=True)
class Change:
    kind: str            # added | removed | changed | text | too_large (after: the size in bytes)
    pointer: str         # JSON pointer of the field ("" for text changes)
    before: object = None
    after: object = None


@dataclass(frozen=True)
class Revision:
    commit: str
    author: str
    email: str
    when: dt.datetime | None           # the author's time with the author's offset (UTC when it is unusable)
    subject: str
    path: str                          # the file's path in that commit (renames change it)
    changes: tuple[Change, ...] = field(default_factory=tuple)
    created: bool = False              # the record does not exist in any parent
    parents: tuple[str, ...] = ()
    cut: bool = False                  # the edge of a shallow clone: what came before is not in this clone
    deleted: bool = False
    offset: str = ""                   # the offset as git recorded it (+0100), shown when it is not a real one
    timestamp: int | None = None       # seconds since 1970 as recorded

    @property
    def merge(self) -> bool:
        return len(self.parents) > 1


def _flatten(value, pointer: str = "", out: dict | None = None) -> dict:
    out = {} if out is None else out
    if isinstance(value, dict):
        if not value and pointer:
            out[pointer] = {}
        for key, item in value.items():
            _flatten(item, jp.join(pointer, key), out)
    elif isinstance(value, list):
        if not value and pointer:
            out[pointer] = []
        for index, item in enumerate(value):
            _flatten(item, jp.join(pointer, index), out)
    else:
        out[pointer] = value
    return out


def _same(a, b) -> bool:
    return a == b and type(a) is type(b)


def compare(before, after) -> list[Change]:
    """Field-level changes between two versions of a record's data (None = no such version)."""
    old, new = _flatten(before) if before is not None else {}, _flatten(after) if after is not None else {}
    changes = []
    for pointer in sorted(set(old) | set(new), key=_order(old, new)):
        if pointer not in old:
            changes.append(Change("added", pointer, None, new[pointer]))
        elif pointer not in new:
            changes.append(Change("removed", pointer, old[pointer], None))
        elif not _same(old[pointer], new[pointer]):
            changes.append(Change("changed", pointer, old[pointer], new[pointer]))
    return changes


def compare_merge(parents: list, after) -> list[Change]:
    """A merge's own changes: fields whose value differs from the value in every parent (a conflict
    resolved by hand, an edit made while merging), told against the first parent."""
    flat = [_flatten(p) if p is not None else {} for p in parents]
    new = _flatten(after) if after is not None else {}

    def state(values: dict, pointer: str):
        return (type(values[pointer]), values[pointer]) if pointer in values else _MISSING

    return [c for c in compare(parents[0], after)
            if all(state(f, c.pointer) != state(new, c.pointer) for f in flat)]


def _order(old: dict, new: dict):
    """Keep the file's own order: pointers of the new version first as they come, then removed ones."""
    rank = {p: i for i, p in enumerate(new)}
    base = len(rank)
    for i, p in enumerate(old):
        rank.setdefault(p, base + i)
    return rank.__getitem__


def _text_changes(before: str, after: str) -> list[Change]:
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [Change("text", "", None, line) for line in lines
            if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]


def _parse(text: str):
    loaded = loader.load_text(text)
    return loaded.data if loaded.ok else None


def _when(timestamp: str, shown: str) -> tuple[dt.datetime | None, str, int | None]:
    """The author's time with the author's offset, from git's seconds and `%ai`. An offset that is no
    real one (+9999) gives UTC; a time Python cannot hold (year 10000 once shifted) gives UTC, and
    one beyond even that gives None."""
    offset = shown.rsplit(" ", 1)[-1] if shown else ""
    try:
        seconds = int(timestamp)
    except ValueError:
        return None, offset, None
    zone = dt.timezone.utc
    found = _OFFSET.match(offset)
    if found and int(found.group(2)) < 24 and int(found.group(3)) < 60:
        delta = dt.timedelta(hours=int(found.group(2)), minutes=int(found.group(3)))
        zone = dt.timezone(-delta if found.group(1) == "-" else delta)
    for tz in (zone, dt.timezone.utc):
        try:
            return dt.datetime.fromtimestamp(seconds, tz), offset, seconds
        except (OverflowError, ValueError, OSError):
            continue
    return None, offset, seconds


def real_offset(revision: Revision) -> bool:
    """True when the time shown carries the offset git recorded (not UTC in its place)."""
    if revision.when is None:
        return False
    found = _OFFSET.match(revision.offset)
    if not found:
        return False
    sign = -1 if found.group(1) == "-" else 1
    expected = sign * (int(found.group(2)) * 3600 + int(found.group(3)) * 60)
    return revision.when.utcoffset() == dt.timedelta(seconds=expected) and int(found.group(2)) < 24 \
        and int(found.group(3)) < 60


def _names(top: Path, relative: str) -> list[str]:
    """Every path the record had along `git log --follow`, newest first, the current one first of all.
    Only renames of this household are followed. git's --follow also takes a copy for the record's
    past (a new household's file made from another's, which still exists), and pairs one household's
    deleted file with another's new one as a rename: the other household's history would be told as
    this one's. A copy is where this record began; a "rename" to another lot under another ID is two
    households (a transfer keeps the ID, a misspelt name corrected keeps the lot), as `lots split` judges."""
    raw = gitutil.run(top, "log", "--follow", "--name-status", "-M", "-z", "--format=%x01%H", "--",
                      _literal(relative), names=True)
    names, current = [relative], relative
    for chunk in raw.split("\x01")[1:]:
        commit, *fields = [f for f in chunk.replace("\n", "\0").split("\0") if f]
        i = 0
        while i < len(fields):
            status = fields[i]
            if status[:1] in ("R", "C") and i + 2 < len(fields):
                old, new = fields[i + 1], fields[i + 2]
                i += 3
                if new != current:
                    continue
                if status[0] == "C" or not _same_household(top, f"{commit}^:{old}", f"{commit}:{new}"):
                    return names   # this record began here
                current = old
                if old not in names:
                    names.append(old)
            else:
                i += 2   # a status and one path (A, M, D, T)
    return names


def _same_household(top: Path, before: str, after: str) -> bool:
    """Whether two versions (as `rev:path`) are one household's: the same ID, or the same lot."""
    facts = []
    for spec in (before, after):
        try:
            data = loader.load_text(gitutil.run(top, "show", spec)).data
        except gitutil.GitError:
            return True   # nothing to tell them apart: git's word stands
        data = data if isinstance(data, dict) else {}
        facts.append((str(data.get("id", "")).upper(), data.get("lot")))
    (id_before, lot_before), (id_after, lot_after) = facts
    return id_before == id_after or lot_before == lot_after


def _commits(top: Path, names: list[str]) -> list[list[str]]:
    """The commits of HEAD's ancestry that changed one of `names`, every side of every merge
    (`--full-history`), newest first, each as the fields of _FIELDS. Fields are NUL-separated: a
    name or a subject may hold any other character."""
    raw = gitutil.run(top, "log", "--full-history", "--date-order", f"--format={'%x00'.join(_FIELDS)}%x00",
                      "HEAD", "--", *map(_literal, names))
    fields = raw.split("\0")
    return [[fields[i].lstrip("\n"), *fields[i + 1:i + len(_FIELDS)]]
            for i in range(0, len(fields) - len(_FIELDS), len(_FIELDS))]


def _literal(name: str) -> str:
    """A path as a pathspec that means only itself (`records/[2018]/x.yaml` is no pattern)."""
    return ":(literal)" + name


def _shallow_edges(top: Path) -> set[str]:
    """The commits whose parents this clone does not hold (the edge of a shallow clone)."""
    if gitutil.run(top, "rev-parse", "--is-shallow-repository").strip() != "true":
        return set()
    shallow = Path(gitutil.run(top, "rev-parse", "--git-path", "shallow", names=True).strip())
    shallow = shallow if shallow.is_absolute() else top / shallow
    try:
        return set(shallow.read_text(encoding="ascii").split())
    except OSError:
        return set()


class _Versions:
    """The record's blob in a commit (at the first of its names present there) and the blob's text,
    each read once."""

    def __init__(self, top: Path, names: list[str]):
        self.top, self.names = top, names
        self.blobs: dict[str, tuple[str, str] | None] = {}

    def at(self, commit: str) -> tuple[str, str] | None:
        """(blob id, path) of the record in `commit`, None when it is not there."""
        if commit not in self.blobs:
            try:
                raw = gitutil.run(self.top, "ls-tree", "-z", "--full-tree", commit, "--", *map(_literal, self.names),
                                  names=True)
            except gitutil.GitError:
                raise Damaged(commit, commit) from None   # the commit or its tree is missing
            found = {}
            for entry in raw.split("\0"):
                meta, _, name = entry.partition("\t")
                parts = meta.split()
                if name and len(parts) == 3 and parts[1] == "blob":
                    found[name] = parts[2]
            self.blobs[commit] = next(((found[n], n) for n in self.names if n in found), None)
        return self.blobs[commit]

    def texts(self, wanted: dict[str, str]) -> dict[str, str]:
        """Text of each blob id (`wanted`: blob id -> a commit that holds it, for the message)."""
        out = {}
        for obj in gitobjects.read_objects(self.top, list(wanted)):
            if obj.kind != "blob":
                raise Damaged(obj.oid, wanted.get(obj.oid, ""))
            out[obj.oid] = obj.data.decode("utf-8", "replace")
        return out


def history(path: Path) -> list[Revision]:
    """Every commit of the current branch's history that changed the record file, newest first, with
    what it changed. Raises gitutil.GitError when the file is not in a git repository, Damaged when
    an object of its history is missing."""
    path = Path(path).resolve()
    top = gitutil.toplevel(path)
    relative = path.relative_to(top.resolve()).as_posix()
    try:
        gitutil.run(top, "rev-parse", "--verify", "--quiet", "HEAD")
    except gitutil.GitError:  # a repository without any commit yet: no history
        return []
    names = _names(top, relative)
    entries = _commits(top, names)
    edges = _shallow_edges(top)
    versions = _Versions(top, names)
    needed: dict[str, str] = {}
    for commit, parents, *_ in entries:
        for rev in (commit, *([] if commit in edges else parents.split())):
            found = versions.at(rev)
            if found:
                needed.setdefault(found[0], rev)
    texts = versions.texts(needed)
    revisions = []
    for commit, parents, author, email, timestamp, shown, subject in entries:
        parents = tuple(parents.split())
        cut = commit in edges   # its parents are not in this clone: neither a creation nor a change is known
        mine = versions.at(commit)
        after = texts[mine[0]] if mine else None
        befores = [] if cut else [texts[v[0]] if (v := versions.at(p)) else None for p in parents]
        when, offset, seconds = _when(timestamp, shown)
        created = not cut and after is not None and all(b is None for b in befores)
        if cut:
            changes = ()
        elif len(befores) > 1:
            changes = tuple(_merge_changes(befores, after))
        else:
            changes = tuple(_changes(befores[0] if befores else None, after))
        revisions.append(Revision(commit, author, email, when, subject, mine[1] if mine else names[0], changes,
                                  created, parents, cut, after is None and not cut, offset, seconds))
    return revisions


def _too_large(texts) -> list[Change]:
    for text in texts:   # a file no record can be (over the loader's limit): say so, no diff
        if text is not None and len(text.encode("utf-8", "replace")) > loader.MAX_BYTES:
            return [Change("too_large", "", None, len(text.encode("utf-8", "replace")))]
    return []


def _changes(before: str | None, after: str | None) -> list[Change]:
    large = _too_large((before, after))
    if large:
        return large
    old = _parse(before) if before is not None else None
    new = _parse(after) if after is not None else None
    if (before is not None and old is None) or (after is not None and new is None):
        return _text_changes(before or "", after or "")
    return compare(old, new)


def _merge_changes(befores: list[str | None], after: str | None) -> list[Change]:
    large = _too_large((*befores, after))
    if large:
        return large
    olds = [_parse(b) if b is not None else None for b in befores]
    new = _parse(after) if after is not None else None
    if any(b is not None and o is None for b, o in zip(befores, olds)) or (after is not None and new is None):
        # text: the lines this merge wrote that no parent had
        kept = set.intersection(*({c.after for c in _text_changes(b or "", after or "")} for b in befores))
        return [c for c in _text_changes(befores[0] or "", after or "") if c.after in kept]
    return compare_merge(olds, new)
