"""Every trace of a household in a repository's history: each version of its record, wherever it sat,
the free text only it wrote, and the other files that name it.

A version is a blob that any branch, tag or reflog entry reaches under `records/` and whose `id` is the
household's (any case), or a file anywhere whose name carries the ID. Its *distinctive* text is the
free text (fields the schema marks `x-publication: free_text`) that no other household's record ever
held: the synthetic "(testo di esempio)" lines are shared by hundreds of records and prove nothing,
a note only this household had is its data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from tohome_tools.io import gitobjects, loader
from tohome_tools.programme.schema import index_for

RECORD_SUFFIXES = (".yaml", ".yml")
PUBLISHED = "release/"   # published files stay byte for byte: they cannot hold free text anyway
MIN_TEXT = 8   # shorter free text ("Sì", "casa") is no evidence of one household: not counted as its own


@dataclass
class Traces:
    id: str
    blobs: set[str] = field(default_factory=set)       # every version of its record (git blob ids)
    paths: set[str] = field(default_factory=set)       # every path a version sat at, and files named after it
    texts: set[str] = field(default_factory=set)       # free text no other household's record held
    shared: int = 0                                    # free-text values other records hold too
    short: int = 0                                     # free-text values too short to tell
    mentions: set[str] = field(default_factory=set)    # other records whose content names the ID (rewritten)
    elsewhere: set[str] = field(default_factory=set)   # files outside records/ that name the ID (kept: not records)
    id_blobs: set[str] = field(default_factory=set)    # blobs where the ID is replaced (other households' records)
    text_blobs: set[str] = field(default_factory=set)  # blobs where its distinctive text is replaced


# Any ID, written in any case, its parts joined by a hyphen, an underscore, a space or nothing: one
# scan of a blob finds every household it names (a pattern per household would read it once each).
_ANY_ID = re.compile(rb"(?<![A-Za-z0-9])([A-Za-z]{2,4})[-_ ]?([1-9][0-9]?)[-_ ]?([0-9]{4})(?![0-9])")


def ids_in(data: bytes) -> set[str]:
    """Every ID a text names, normalised to PREFIX-LOT-NNNN in upper case (the number has exactly
    four digits, so "TH40012" can only be TH-4-0012 and "TH400123" only TH-40-0123)."""
    return {f"{p.decode().upper()}-{lot.decode()}-{n.decode()}" for p, lot, n in _ANY_ID.findall(data)}


def is_record_path(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return len(parts) > 1 and parts[0] == "records" and path.lower().endswith(RECORD_SUFFIXES)


def free_texts(data, schema_path: str) -> list[str]:
    """The free-text values of a record (fields marked `free_text` in the schema), split into lines."""
    index = index_for(schema_path)
    out: list[str] = []

    def walk(value, path: tuple) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, path + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, path + (i,))
        elif isinstance(value, str) and path:
            try:
                kind = index.at(path).get("x-publication")
            except (AttributeError, TypeError):
                kind = None
            if kind == "free_text":
                out.extend(line.strip() for line in value.splitlines() if line.strip())

    walk(data, ())
    return out


def _record_id(data) -> str | None:
    value = data.get("id") if isinstance(data, dict) else None
    return value.upper() if isinstance(value, str) else None


def find(repo: Path, ids: list[str], schema_path: str) -> dict[str, Traces]:
    """The traces of each household in `ids` (upper case) in the repository at `repo`."""
    wanted = {i.upper(): Traces(i.upper()) for i in ids}
    named = gitobjects.reachable_blobs(repo)
    records = [(oid, path) for oid, path in named if is_record_path(path)]
    owner: dict[str, str | None] = {}
    texts: dict[str, list[str]] = {}           # blob -> its free text
    for obj in gitobjects.read_objects(repo, dict.fromkeys(oid for oid, _ in records)):
        loaded = loader.load_bytes(obj.data)
        if loaded.data is not None:
            owner[obj.oid] = _record_id(loaded.data)
            texts[obj.oid] = free_texts(loaded.data, schema_path)
        else:   # a version that does not read (a conflict left in it): judge it by its bytes
            owner[obj.oid] = next(iter(sorted(ids_in(obj.data) & set(wanted))), None)
            texts[obj.oid] = []
    others_text: set[str] = set()
    for oid, _path in records:
        if owner.get(oid) not in wanted:
            others_text.update(texts.get(oid, ()))
    for oid, path in records:
        household = owner.get(oid)
        if household in wanted:
            wanted[household].blobs.add(oid)
            wanted[household].paths.add(path)
    for oid, path in named:   # a file named after the household (a sheet, a copy) wherever it sits
        for household in ids_in(PurePosixPath(path).name.encode("utf-8", "surrogateescape")) & set(wanted):
            wanted[household].blobs.add(oid)
            wanted[household].paths.add(path)
    for traces in wanted.values():
        seen: set[str] = set()
        for oid in traces.blobs:
            seen.update(texts.get(oid, ()))
        for text in seen:
            if len(text) < MIN_TEXT:
                traces.short += 1
            elif text in others_text:
                traces.shared += 1
            else:
                traces.texts.add(text)
    mine = {oid for t in wanted.values() for oid in t.blobs}
    paths_of: dict[str, list[str]] = {}
    for oid, path in named:
        if oid not in mine:
            paths_of.setdefault(oid, []).append(path)
    distinctive = [(t, text.encode("utf-8")) for t in wanted.values() for text in t.texts]
    for obj in gitobjects.read_objects(repo, list(paths_of)):
        paths = paths_of[obj.oid]
        named_here = ids_in(obj.data) & set(wanted)
        records_here = [p for p in paths if is_record_path(p)]
        for household in named_here:
            if records_here:   # another household's record names it: the ID goes, the record stays
                wanted[household].mentions.update(records_here)
                wanted[household].id_blobs.add(obj.oid)
            else:               # the programme's files, documentation: an example, not a record
                wanted[household].elsewhere.update(paths)
        if distinctive and not all(p.startswith(PUBLISHED) for p in paths):
            for traces, text in distinctive:
                if text in obj.data:
                    traces.text_blobs.add(obj.oid)
    return wanted
