"""Per-record summaries for the collection rules, remembered by git blob id between runs.

`tohome validate --changed-since` checks only the changed records, but the collection rules (one ID
per household, lot averages...) still need a summary of every other record. Reading thousands of
unchanged files for that costs as much as checking them; a blob id names a file's exact content, so
a summary computed once for a blob stays true for it. The cache lives under .git/ (never committed)
and is rebuilt from scratch whenever it is missing, unreadable, written by another version or from
another record schema (the schema decides, for one, that `lot: 4.0` is lot 4).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from tohome_tools import __version__
from tohome_tools.io.atomic import write_text
from tohome_tools.records.rules.base import Summary

FORMAT = f"tohome-summaries/1 ({__version__})"
FILE = Path("tohome") / "summaries.json"
MAX_ENTRIES = 200_000  # beyond this only the entries of the last run are kept


def _format(schema: Path | str | None) -> str:
    if schema is None:
        return FORMAT
    return f"{FORMAT} schema {hashlib.sha256(Path(schema).read_bytes()).hexdigest()[:16]}"


_DAYS: dict[str, dt.date] = {}   # a few thousand distinct days among any number of records


def _day(text: str | None) -> dt.date | None:
    if not text:
        return None
    day = _DAYS.get(text)
    if day is None:
        day = _DAYS[text] = dt.date.fromisoformat(text)
    return day


class SummaryCache:
    def __init__(self, path: Path, entries: dict[str, list | None] | None = None):
        self.path = path
        self.format = FORMAT
        self.entries = entries or {}
        self.used: dict[str, list | None] = {}
        self.changed = False

    @classmethod
    def open(cls, git_dir: Path, schema: Path | str | None = None) -> "SummaryCache":
        """The cache under `git_dir`, for summaries computed with the record `schema` at that path."""
        path = git_dir / FILE
        cache = cls(path)
        try:
            cache.format = _format(schema)
            stored = json.loads(path.read_text(encoding="utf-8"))
            if stored.get("format") == cache.format and isinstance(stored.get("entries"), dict):
                cache.entries = stored["entries"]
        except (OSError, ValueError, AttributeError):
            pass  # missing or damaged: start empty, it is only a cache
        return cache

    def get(self, blob: str, file: str) -> tuple[bool, Summary | None]:
        """(found, summary); a found None means the blob is not a loadable record."""
        if blob not in self.entries:
            return False, None
        entry = self.entries[blob]
        self.used[blob] = entry
        if entry is None:
            return True, None
        try:
            record_id, lot, start, end = entry
            return True, Summary(file, record_id, lot, _day(start), _day(end))
        except (TypeError, ValueError):
            return False, None

    def put(self, blob: str, summary: Summary | None) -> None:
        entry = None if summary is None else [
            summary.id, summary.lot,
            summary.start.isoformat() if summary.start else None,
            summary.end.isoformat() if summary.end else None]
        self.used[blob] = entry
        if self.entries.get(blob, False) != entry:
            self.entries[blob] = entry
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        entries = self.entries if len(self.entries) <= MAX_ENTRIES else self.used
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_text(self.path, json.dumps({"format": self.format, "entries": entries}, separators=(",", ":")))
        self.changed = False
