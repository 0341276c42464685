"""The proof that a repository no longer holds an erased household: every object is read.

`git cat-file --batch-all-objects` lists every object of the store, loose or packed, reachable or
not. Each one is checked for:

- being one of the household's record versions (by object id: no clone may hold them);
- holding it by `classify`'s judgement: a record of it anywhere (a copy, a note), a file under
  `records/` or a printed page that names it, a folder listing a file named after it, a commit or
  tag message that names it; the ID written in any case or spelling. A text outside `records/` that
  only names it (an example in the documentation) may; an object no path reaches may not;
- any free text only the household wrote (known while the erasure runs; afterwards only the ids
  and the versions can be checked, which is what `tohome erase --prove` does on another clone).

The register of erasures names the IDs by design: its versions are read for the texts only.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tohome_tools.erasure import classify
from tohome_tools.erasure.classify import ids_in
from tohome_tools.io import gitobjects, gitutil
from tohome_tools.records.register import FILE as REGISTER


@dataclass(frozen=True)
class Leak:
    household: str
    oid: str
    kind: str          # the object's kind: blob, tree, commit, tag
    what: str          # version | id | text


@dataclass
class Proof:
    objects: Counter = field(default_factory=Counter)   # kind -> how many
    size: int = 0                                       # bytes read
    households: int = 0
    versions: int = 0                                   # record versions that must be gone
    texts: int = 0                                      # distinctive texts searched for
    leaks: list[Leak] = field(default_factory=list)
    examples: set[str] = field(default_factory=set)     # documentation files naming an ID as an example (kept)
    opaque: set[str] = field(default_factory=set)       # files no text search can read (PDF, images, archives)

    @property
    def ok(self) -> bool:
        return not self.leaks


def register_blobs(repo: Path, revisions: tuple[str, ...] = ("--all",)) -> set[str]:
    """Every version of the register of erasures that history holds."""
    try:
        raw = gitutil.run(repo, "log", *revisions, "-m", "--format=", "--raw", "--no-abbrev", "--", str(REGISTER),
                          names=True)
    except gitutil.GitError:
        return set()
    out = set()
    for line in raw.splitlines():
        parts = line.split()
        if line.startswith(":") and len(parts) >= 4 and set(parts[3]) != {"0"}:
            out.add(parts[3])
    return out


def paths_of(repo: Path) -> dict[str, set[str]]:
    """Every path each reachable file or folder sits at (folders: their own path)."""
    out: dict[str, set[str]] = {}
    for oid, _kind, path in gitobjects.reachable(repo):
        out.setdefault(oid, set()).add(path)
    for oid, path in gitobjects.path_versions(repo, "."):
        if oid in out:
            out[oid].add(path)
    return out


def prove(repo: Path, ids: list[str], versions: dict[str, set[str]] | None = None,
          texts: dict[str, set[str]] | None = None) -> Proof:
    """Read every object of `repo` and report each one that still holds a household of `ids`: one of
    its `versions` (blob ids), a record of it, a file or a folder or a message that names it
    (`classify`: an example in the documentation may), or one of its distinctive `texts`."""
    versions = versions or {}
    texts = texts or {}
    proof = Proof(households=len(ids), versions=sum(len(v) for v in versions.values()),
                  texts=sum(len(t) for t in texts.values()))
    owner_of_version = {oid: household for household, oids in versions.items() for oid in oids}
    barred = {household.upper() for household in ids}
    text_patterns = [(household, re.compile(b"|".join(re.escape(t.encode("utf-8")) for t in sorted(found, key=len,
                                                                                                      reverse=True))))
                     for household, found in texts.items() if found]
    register = register_blobs(repo)
    where = paths_of(repo)
    for obj in gitobjects.every_object(repo):
        proof.objects[obj.kind] += 1
        proof.size += len(obj.data)
        household = owner_of_version.get(obj.oid)
        if household is not None:
            proof.leaks.append(Leak(household, obj.oid, obj.kind, "version"))
            continue
        paths = where.get(obj.oid, set())
        if obj.kind == "blob":
            proof.opaque |= {p for p in paths if classify.unreadable(p, obj.data)}
        if obj.oid not in register:
            held, examples = _naming(obj, paths, barred)
            proof.leaks += [Leak(h, obj.oid, obj.kind, "id") for h in sorted(held)]
            if examples:
                proof.examples |= paths
        for household, pattern in text_patterns:
            if pattern.search(obj.data):
                proof.leaks.append(Leak(household, obj.oid, obj.kind, "text"))
    return proof


def _naming(obj, paths: set[str], barred: set[str]) -> tuple[set[str], set[str]]:
    """(the barred households this object still holds: named in a message, a folder listing or any
    file but the documentation's examples; those it names as an example of the documentation)."""
    if obj.kind == "blob":
        text = classify.is_text(obj.data)
        names = ids_in(obj.data) if text else set()
        owner = classify.record_owner(obj.data) if text else None
        held = classify.holders(obj.data) if text else set()
        verdicts = {h: classify.judge(h, names, paths, owner, held) for h in (names | held | {owner}) & barred}
        return ({h for h, v in verdicts.items() if v != "example"}, {h for h, v in verdicts.items() if v == "example"})
    return ids_in(obj.data) & barred, set()
