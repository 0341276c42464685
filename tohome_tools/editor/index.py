"""The records on disk as the rules across records see them: one summary per file, kept in memory.

The rules across records (one ID per household, a lot's average duration) need a summary of every
record, not only of the one being edited. Reading 10,000 files again at every keystroke is out of
the question, so the server keeps the summaries and updates one when its file changes on disk. The
summaries come from `validate`'s own code (`summary_of`) and, outside `--as-of`, from its cache
under .git/ (keyed by the content's blob id, so a stale entry can never be taken for new content).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tohome_tools.io import gitutil, loader
from tohome_tools.records.rules.base import Summary
from tohome_tools.records.summarycache import SummaryCache
from tohome_tools.records.validate import RECORD_SUFFIXES, Settings, discover, display_path, summary_of


@dataclass(frozen=True, slots=True)
class Stamp:
    """What says a file changed without reading it."""

    mtime_ns: int
    size: int
    inode: int


def stamp_of(path: Path) -> Stamp | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return Stamp(info.st_mtime_ns, info.st_size, info.st_ino)


def is_record(path: Path, records: Path) -> bool:
    """A file `validate` would check as a record when it walks `records/` (see `discover`)."""
    try:
        inside = path.relative_to(records)
    except ValueError:
        return False
    return (bool(inside.parts) and not any(part.startswith(".") for part in inside.parts)
            and path.name.lower().rstrip(" .\t").endswith(RECORD_SUFFIXES))


class RecordIndex:
    """Summaries of the records on disk, by display path (as findings name files)."""

    def __init__(self, records: Path, settings: Settings, cache: SummaryCache | None = None):
        self.records = records
        self.settings = settings
        self.cache = cache
        self.summaries: dict[str, Summary] = {}
        self.stamps: dict[str, Stamp] = {}
        self.paths: dict[str, Path] = {}
        self.version = 0       # grows with every change, so that results computed before can be told apart
        self.ready = False     # every file read once

    @classmethod
    def for_project(cls, records: Path, settings: Settings) -> "RecordIndex":
        cache = None
        if settings.as_of is None:   # a summary as of a day is not the one remembered for the content
            try:
                cache = SummaryCache.open(gitutil.git_dir(records if records.is_dir() else records.parent),
                                         settings.schema_path)
            except gitutil.GitError:
                cache = None
        return cls(records, settings, cache)

    def files(self) -> list[Path]:
        files, _odd = discover([self.records]) if self.records.is_dir() else ([], [])
        return files

    def load_all(self, files: list[Path], defer: list | None = None) -> Iterator[int]:
        """Read every file (yields after each one, so that the caller can pause; `finish` when done).
        With `defer`, a file whose summary is not remembered is not read but listed there as
        (path, file, stamp), for the caller to read elsewhere and hand back to `take`."""
        self._seen: set[str] = set()
        for path in files:
            self._seen.add(self.update(path, defer=defer))
            yield len(self._seen)

    def finish(self) -> None:
        """After `load_all`: forget the files that are gone; every summary is known."""
        for gone in set(self.summaries) - self._seen:
            self.forget(gone)
        self.ready = True
        self.save()

    def update(self, path: Path, force: bool = False, defer: list | None = None) -> str:
        """Read one file again when it changed (always with `force`: the client said it did, and a
        time stamp may not have moved within its tick); returns its display path."""
        file = display_path(path)
        stamp = stamp_of(path)
        self.paths[file] = path
        if stamp is None or not path.is_file() or path.is_symlink():
            self.forget(file)
            return file
        if self.stamps.get(file) == stamp and not force:
            return file
        raw = _bytes(path)
        blob = loader.blob_id(raw) if raw is not None and self.cache is not None else None
        if blob is not None:
            found, summary = self.cache.get(blob, file)
            if found:
                self._set(file, stamp, summary)
                return file
        if raw is not None and defer is not None:
            defer.append((path, file, stamp))
            return file
        self.take(file, stamp, blob, summary_of(path, self.settings, raw) if raw is not None else None)
        return file

    def take(self, file: str, stamp: Stamp | None, blob: str | None, summary: Summary | None) -> None:
        """A file's summary, read here or by a worker process (`blob`: of the bytes it was read from)."""
        if blob is not None and self.cache is not None:
            self.cache.put(blob, summary)
        self._set(file, stamp, summary)

    def _set(self, file: str, stamp: Stamp | None, summary: Summary | None) -> None:
        if stamp is not None:
            self.stamps[file] = stamp
        if summary is None:
            self.summaries.pop(file, None)
        else:
            self.summaries[file] = summary
        self.version += 1

    def forget(self, file: str) -> None:
        if self.summaries.pop(file, None) is not None or self.stamps.pop(file, None) is not None:
            self.version += 1
        self.stamps.pop(file, None)
        self.paths.pop(file, None)

    def changed_on_disk(self) -> list[Path]:
        """Record files added, changed or removed since they were read (for clients that do not
        report file changes): one listing and one stat per file."""
        current = {display_path(p): p for p in self.files()}
        changed = [p for f, p in current.items() if self.stamps.get(f) != stamp_of(p)]
        changed += [self.paths.get(f, Path(f)) for f in self.summaries.keys() - current.keys()]
        changed += [self.paths.get(f, Path(f)) for f in self.stamps.keys() - current.keys() - self.summaries.keys()]
        return changed

    def save(self) -> None:
        if self.cache is None:
            return
        try:
            self.cache.save()
        except OSError:
            pass   # a read-only .git only costs the next start its speed


def _bytes(path: Path) -> bytes | None:
    """The file's content, or None when it cannot be a record (unreadable, or over the size limit)."""
    try:
        return path.read_bytes() if path.stat().st_size <= loader.MAX_BYTES else None
    except OSError:
        return None


# --- reading many records in processes of their own (a cold start) --------------------------------
# The server's process answers the editor; a first start without remembered summaries reads every
# record, which takes seconds of computation: spawned worker processes do it (spawned, not forked:
# the server has threads, and a fork copies their locks in whatever state they are in).
_WORKER_SETTINGS: Settings | None = None


def start_worker(root: str, as_of) -> None:
    """Initialise a worker: nothing it prints may reach the editor (the server's standard output is
    the protocol), then the project's settings, read in the worker itself."""
    import dataclasses

    from tohome_tools.records.workspace import open_workspace

    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)
    os.chdir(root)
    global _WORKER_SETTINGS
    _WORKER_SETTINGS = dataclasses.replace(open_workspace(root).settings, as_of=as_of)


def summaries_of(paths: list[str]) -> list[tuple[str | None, Summary | None]]:
    """(blob id, summary) of each file, read in a worker."""
    out = []
    for text in paths:
        path = Path(text)
        raw = _bytes(path)
        if raw is None:
            out.append((None, None))
        else:
            out.append((loader.blob_id(raw), summary_of(path, _WORKER_SETTINGS, raw)))
    return out
