"""The proof that a repository no longer holds an erased household: every object is read.

`git cat-file --batch-all-objects` lists every object of the store, loose or packed, reachable or
not. Each one is checked for:

- being one of the household's record versions (by object id: no clone may hold them);
- the household's ID, written in any case, with or without separators (in a file, a file name
  inside a tree, a commit or tag message);
- any free text only the household wrote (known while the erasure runs; afterwards only the ids
  and the versions can be checked, which is what `tohome erase --prove` does on another clone).

The register of erasures names the IDs by design, and the programme's own files and documentation
may use an ID as an example: those objects (files and folders reachable only outside `records/`) are
read for the versions and the texts, not for the ID. A blob no ref reaches has no path to tell: it is held to the strict rule.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tohome_tools.erasure.versions import ids_in, is_record_path
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

    @property
    def ok(self) -> bool:
        return not self.leaks


def register_blobs(repo: Path) -> set[str]:
    """Every version of the register of erasures that history holds."""
    try:
        raw = gitutil.run(repo, "log", "--all", "--format=", "--raw", "--no-abbrev", "--", str(REGISTER), names=True)
    except gitutil.GitError:
        return set()
    out = set()
    for line in raw.splitlines():
        parts = line.split()
        if line.startswith(":") and len(parts) >= 4:
            out.add(parts[3])
    return out


def not_records(repo: Path) -> set[str]:
    """Files and folders that every ref reaches only outside records/ (the programme, the documentation,
    examples): an ID there is an example, not a household."""
    places: dict[str, bool] = {}
    for oid, kind, path in gitobjects.reachable(repo):
        inside = is_record_path(path) if kind == "blob" else (path == "records" or path.startswith("records/"))
        places[oid] = places.get(oid, False) or inside
    return {oid for oid, in_records in places.items() if not in_records}


def prove(repo: Path, ids: list[str], versions: dict[str, set[str]] | None = None,
          texts: dict[str, set[str]] | None = None) -> Proof:
    """Read every object of `repo` and report each one that still holds a household of `ids`: one of
    its `versions` (blob ids), its ID, or one of its distinctive `texts`."""
    versions = versions or {}
    texts = texts or {}
    proof = Proof(households=len(ids), versions=sum(len(v) for v in versions.values()),
                  texts=sum(len(t) for t in texts.values()))
    owner_of_version = {oid: household for household, oids in versions.items() for oid in oids}
    barred = {household.upper() for household in ids}
    text_patterns = [(household, re.compile(b"|".join(re.escape(t.encode("utf-8")) for t in sorted(found, key=len,
                                                                                                      reverse=True))))
                     for household, found in texts.items() if found]
    allowed = register_blobs(repo) | not_records(repo)
    for obj in gitobjects.every_object(repo):
        proof.objects[obj.kind] += 1
        proof.size += len(obj.data)
        household = owner_of_version.get(obj.oid)
        if household is not None:
            proof.leaks.append(Leak(household, obj.oid, obj.kind, "version"))
            continue
        if obj.oid not in allowed:
            for household in sorted(ids_in(obj.data) & barred):
                proof.leaks.append(Leak(household, obj.oid, obj.kind, "id"))
        for household, pattern in text_patterns:
            if pattern.search(obj.data):
                proof.leaks.append(Leak(household, obj.oid, obj.kind, "text"))
    return proof
