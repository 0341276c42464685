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


def id_pattern(record_id: str) -> re.Pattern:
    """The ID as written anywhere: any case, its parts joined by a hyphen, an underscore, a space or nothing."""
    prefix, lot, number = record_id.split("-")
    return re.compile(rb"(?<![A-Za-z0-9])" + re.escape(prefix.encode()) + rb"[-_ ]?" + lot.encode() + rb"[-_ ]?"
                      + number.encode() + rb"(?![0-9])", re.IGNORECASE)


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
    patterns = {i: id_pattern(i) for i in wanted}
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
            owner[obj.oid] = next((i for i, p in patterns.items() if p.search(obj.data)), None)
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
        name = PurePosixPath(path).name.encode("utf-8", "surrogateescape")
        for household, pattern in patterns.items():
            if pattern.search(name):
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
    for obj in gitobjects.read_objects(repo, list(paths_of)):
        paths = paths_of[obj.oid]
        for household, pattern in patterns.items():
            traces = wanted[household]
            if pattern.search(obj.data):
                records_here = [p for p in paths if is_record_path(p)]
                if records_here:   # another household's record names it: the ID goes, the record stays
                    traces.mentions.update(records_here)
                    traces.id_blobs.add(obj.oid)
                else:               # the programme's files, documentation: an example, not a record
                    traces.elsewhere.update(paths)
            if traces.texts and not all(p.startswith(PUBLISHED) for p in paths) \
                    and any(text.encode("utf-8") in obj.data for text in traces.texts):
                traces.text_blobs.add(obj.oid)
    return wanted
