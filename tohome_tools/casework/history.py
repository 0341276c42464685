"""Who changed a household's record, when and what: read from git, told field by field.

`history(path)` follows the file through renames (`git log --follow`), reads every committed
version and compares each with the one before it as data, not as text lines: a change is
"field X went from A to B", with the field's Italian title from the schema. A version that is not
readable YAML is compared line by line instead (its diff lines are kept as they are).
Uncommitted edits are not history: they are left out.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path

from tohome_tools.core import pointer as jp
from tohome_tools.io import gitutil, loader

_SEP = "\x1f"
_END = "\x1e"


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
    when: dt.datetime
    subject: str
    path: str                          # the file's path in that commit (renames change it)
    changes: tuple[Change, ...] = field(default_factory=tuple)
    created: bool = False


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


def compare(before, after) -> list[Change]:
    """Field-level changes between two versions of a record's data (None = no such version)."""
    old, new = _flatten(before) if before is not None else {}, _flatten(after) if after is not None else {}
    changes = []
    for pointer in sorted(set(old) | set(new), key=_order(old, new)):
        if pointer not in old:
            changes.append(Change("added", pointer, None, new[pointer]))
        elif pointer not in new:
            changes.append(Change("removed", pointer, old[pointer], None))
        elif old[pointer] != new[pointer] or type(old[pointer]) is not type(new[pointer]):
            changes.append(Change("changed", pointer, old[pointer], new[pointer]))
    return changes


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


def history(path: Path) -> list[Revision]:
    """Every commit that touched the record file, newest first, with what it changed.
    Raises gitutil.GitError when the file is not in a git repository or has no history."""
    path = Path(path).resolve()
    top = gitutil.toplevel(path)
    relative = path.relative_to(top.resolve()).as_posix()
    try:
        gitutil.run(top, "rev-parse", "--verify", "--quiet", "HEAD")
    except gitutil.GitError:  # a repository without any commit yet: no history
        return []
    raw = gitutil.run(top, "log", "--follow", "--name-only", "-M",
                      f"--format={_END}%H{_SEP}%an{_SEP}%ae{_SEP}%aI{_SEP}%s", "--", relative)
    entries = []
    for block in raw.split(_END)[1:]:
        head, _, names = block.partition("\n")
        commit, author, email, when, subject = head.split(_SEP, 4)
        files = [n for n in names.strip().splitlines() if n]
        entries.append((commit, author, email, dt.datetime.fromisoformat(when), subject,
                        files[-1] if files else relative))
    texts = [_show(top, commit, name) for commit, *_, name in entries]
    revisions = []
    for i, (commit, author, email, when, subject, name) in enumerate(entries):
        after = texts[i]
        before = texts[i + 1] if i + 1 < len(entries) else None
        changes = _changes(before, after)
        revisions.append(Revision(commit, author, email, when, subject, name, tuple(changes), before is None))
    return revisions


def _show(top: Path, commit: str, name: str) -> str | None:
    try:
        return gitutil.run(top, "show", f"{commit}:{name}")
    except gitutil.GitError:  # deleted in this commit
        return None


def _changes(before: str | None, after: str | None) -> list[Change]:
    for text in (before, after):   # a file no record can be (over the loader's limit): say so, no diff
        if text is not None and len(text.encode("utf-8", "replace")) > loader.MAX_BYTES:
            return [Change("too_large", "", None, len(text.encode("utf-8", "replace")))]
    old = _parse(before) if before is not None else None
    new = _parse(after) if after is not None else None
    if (before is not None and old is None) or (after is not None and new is None):
        return _text_changes(before or "", after or "")
    return compare(old, new)
