"""One household's record, named by its ID in any case or by the record's path, the same way in
every command; and every other file that claims the same ID.

A command about one household must not pick one of two files silently (an old copy left in
`records/2018/` prints a pact with the wrong amounts): `Found.others` lists every further file that
is named after the ID or holds it in its `id:` field, and the command refuses while there is one.
A file named after the ID is its record; only when none is, the one whose `id:` says so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tohome_tools.io import loader
from tohome_tools.records.validate import RECORD_SUFFIXES, discover


@dataclass(frozen=True)
class Found:
    wanted: str                        # the ID asked for, in upper case (from the path's record when a path)
    path: Path | None                  # the record's file, None when no file holds the ID
    others: tuple[Path, ...] = field(default_factory=tuple)   # further files claiming the ID: refuse


def normal_id(text: str) -> str:
    """An ID as people type it (`th-4-0001`, ` TH-4-0001 `) in the form records write it."""
    return text.strip().upper()


def _content_id(raw: bytes) -> str | None:
    data = loader.load_text(raw.decode("utf-8", "replace")).data
    value = data.get("id") if isinstance(data, dict) else None
    return normal_id(value) if isinstance(value, str) else None


def is_path(given: str) -> bool:
    """True when the argument names a file (`records/TH-4-0012.yaml`), not an ID."""
    return given.lower().endswith(RECORD_SUFFIXES) or os.sep in given or (os.altsep or os.sep) in given


def find(folders: list[Path], given: str) -> Found:
    """The record of `given` (an ID in any case, or a record's path) under `folders`, with any other
    file that claims the same ID."""
    folders = [f for f in folders if f.is_dir()]
    chosen = None
    if is_path(given) and Path(given).is_file():
        chosen = Path(given)   # read by the command, once: its name gives the ID (validation checks they agree)
        wanted = normal_id(chosen.stem)
    elif is_path(given):   # a path spelt in another case, or moved: the ID its name gives, found as IDs are
        wanted = normal_id(Path(given).stem)
    else:
        wanted = normal_id(given)
    files, _odd = discover(folders)
    named = [p for p in files if normal_id(p.stem) == wanted]
    # The other files are read once each, for their `id:` (the chosen one is read by the command
    # itself, after this): a copy under another name is a duplicate too.
    needle = wanted.encode("utf-8")
    holding = []
    for path in files:
        if path in named or (chosen is not None and _same_file(path) == _same_file(chosen)):
            continue
        try:
            raw = path.read_bytes() if path.stat().st_size <= loader.MAX_BYTES else b""
        except OSError:
            continue
        if needle in raw.upper() and _content_id(raw) == wanted:   # cheap test first: the ID is written
            holding.append(path)
    claiming = named + holding
    if chosen is None:
        chosen = claiming[0] if claiming else None
    same = _same_file(chosen) if chosen is not None else None
    others = tuple(p for p in claiming if _same_file(p) != same)
    return Found(wanted, chosen, others)


def _same_file(path: Path) -> tuple[int, int] | str:
    try:
        info = path.stat()
        return (info.st_dev, info.st_ino)
    except OSError:
        return os.path.realpath(path)
