"""Validation of a set of records: load, schema, record rules, collection rules.

One broken file never hides the others: every file yields its own findings. Files are checked in
parallel worker processes when there are enough of them (jobs=1 keeps everything in-process, for
debugging and profiling).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from tohome_tools.core import pointer as jp
from tohome_tools.core.asof import known_on
from tohome_tools.core.findings import FieldName, Finding, Phrase, Report, Severity
from tohome_tools.io import loader, workers
from tohome_tools.programme import schemacheck
from tohome_tools.programme.config import Programme
from tohome_tools.records import rules
from tohome_tools.records.rules.base import RecordContext, Summary
from tohome_tools.records.summarycache import SummaryCache

RECORD_SUFFIXES = (".yaml", ".yml")
PARALLEL_FROM = 400  # below this many files, starting workers costs more than it saves


@dataclass(frozen=True)
class Settings:
    programme: Programme
    schema_path: str
    # `validate --as-of`: the rules judge each record as it stood on that day (asof.known_on), and
    # open projects are measured to it; without it, records as written, open projects measured to today
    as_of: dt.date | None = None
    erased: Mapping[str, int | None] = field(default_factory=dict)   # register of erasures: ID -> lot it may live in
    repository_lot: int | None = None      # in a lot's own repository: its lot

    def reference_day(self) -> dt.date:
        return self.as_of or dt.date.today()

    def as_judged(self, data):
        return known_on(data, self.as_of) if self.as_of is not None and isinstance(data, dict) else data


def display_path(path: Path | str, cwd: str | None = None) -> str:
    """The path relative to the current folder (`cwd`, asked for when not given) when it lies inside
    it (as Path.relative_to would say, in plain string operations: this runs once per record)."""
    text = str(path)
    if not text.startswith("/"):
        return text
    cwd = cwd or os.getcwd()
    prefix = cwd if cwd.endswith("/") else cwd + "/"
    if text.startswith(prefix):
        return text[len(prefix):]
    return "." if text == cwd else text


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """Record files under the given paths, each once, and entries that look like records but are not
    files (a folder that cannot be listed among them: it may hide records, so it is said, never skipped)."""
    files, odd = _discover(paths)
    return [Path(f) for f in files], odd


def _discover(paths: Iterable[Path]) -> tuple[list[str], list[Path]]:
    """`discover`, with the record files as text (10,000 Path objects cost more than the listing)."""
    paths = list(paths)
    files: list[str] = []
    odd: list[Path] = []
    for path in paths:
        if path.is_dir() and not path.is_symlink() and not path.name.endswith(RECORD_SUFFIXES):
            text = str(path)
            prefix = "" if text == "." else text if text.endswith("/") else text + "/"
            for parts, is_file in _below(text):
                (files.append(prefix + "/".join(parts)) if is_file else odd.append(Path(prefix + "/".join(parts))))
        elif path.is_file() and not path.is_symlink():
            files.append(str(path))
        else:
            odd.append(path)
    if len(paths) > 1:   # one file named twice (relative and absolute, or inside a folder also named) is one file
        seen: set[str] = set()
        files = [f for f in files if not (os.path.realpath(f) in seen or seen.add(os.path.realpath(f)))]
    return files, list(dict.fromkeys(odd))



def _below(folder: str) -> list[tuple[tuple[str, ...], bool]]:
    """(path parts below `folder`, is a regular file) of every entry that looks like a record, in the
    order of sorted paths. Hidden entries (a part starting with ".") are skipped; TH-4-0001.YAML is a
    record saved oddly and a linked folder may hide records, so both are listed (not as files);
    "TH-1-0301.yaml " (a space after the name) too: skipped, its household would vanish. Folders
    are walked, linked ones are not (as Path.rglob does)."""
    out = []
    stack = [((), folder)]
    while stack:
        parts, current = stack.pop()
        try:
            with os.scandir(current) as listing:
                entries = list(listing)
        except OSError:   # no permission, a path too long: reported (as not a file), the run goes on
            out.append((parts, False))
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            here = parts + (name,)
            if name.endswith(RECORD_SUFFIXES) and entry.is_file(follow_symlinks=False):
                out.append((here, True))   # the common case, a record file, told by the folder listing alone
                continue
            try:
                linked, is_dir = entry.is_symlink(), entry.is_dir()
            except OSError:
                linked, is_dir = False, False
            if is_dir and not linked:
                stack.append((here, entry.path))
            if name.lower().rstrip(" .\t").endswith(RECORD_SUFFIXES) or (linked and is_dir):
                try:
                    out.append((here, entry.is_file(follow_symlinks=False)))
                except OSError:
                    out.append((here, False))
    out.sort()
    return out


def _summary(ctx: RecordContext) -> Summary:
    lot = ctx.data.get("lot")
    record_id = ctx.data.get("id")
    return Summary(ctx.file, record_id if isinstance(record_id, str) else None,
                   lot if isinstance(lot, int) and not isinstance(lot, bool) else None,
                   ctx.project_start(), ctx.closure_date())


def _severity(rule: rules.Rule, programme) -> Severity | None:
    """The rule's level in this programme (`rules:` of the configuration, as yamllint lets a
    configuration set a rule's level), or None when the programme turns it off."""
    level = programme.rule_levels.get(rule.code)
    if level == "off":
        return None
    return Severity(level) if level else rule.severity


def _rule_findings(ctx: RecordContext, loaded: loader.Loaded, earlier: list[Finding]) -> Iterator[Finding]:
    hits = []
    for rule in rules.record_rules():
        severity = _severity(rule, ctx.programme)
        if severity is None:
            continue
        try:
            hits.extend((rule, severity, hit) for hit in rule.check(ctx))
        except Exception as error:  # noqa: BLE001 - a rule must never take the whole run down
            if not earlier:
                yield Finding(ctx.file, 0, 0, "", "internal-error", Severity.ERROR,
                              {"rule": rule.code, "error": f"{type(error).__name__}: {error}"})
    yield from _one_per_mistake(hits, earlier, ctx.file, ctx.schema, loaded)


def _inside(pointer: str, others) -> bool:
    """True when `pointer` is one of `others` or inside one."""
    return any(pointer == o or pointer.startswith(o + "/") for o in others)


def _related(pointer: str, others) -> bool:
    """True when `pointer` is one of `others`, inside one, or holds one (a section and its fields)."""
    return any(pointer == o or pointer.startswith(o + "/") or o.startswith(pointer + "/") for o in others)


def _one_per_mistake(hits, earlier: list[Finding], file: str, schema: str,
                     loaded: loader.Loaded) -> Iterator[Finding]:
    """The findings of a record's rules, one per mistake.

    A value the loader or the schema refused (or a section whose name is misspelt, by the schema's
    suggestion) is reported already: rule findings on it, inside it, or comparing with it are its
    knock-ons, dropped. Findings that judge a value alone come next, and report their value. Then
    findings that compare values (`Hit.because`): the value most of them share (the one wrong
    validation date behind a finding per payment) is told once, by the finding placed at that value
    if there is one, else by the first, which says how many more share it and where it stands."""
    position = {}

    def at(pointer: str) -> tuple[int, int]:
        if pointer not in position:
            position[pointer] = loaded.position(pointer)
        return position[pointer]

    reported = {f.pointer for f in earlier if f.severity is Severity.ERROR and f.pointer}
    for f in earlier:
        suggested = f.params.get("suggestion") if f.code == "schema-unknown-field" else None
        if isinstance(suggested, Phrase) and suggested.key == "did-you-mean":
            reported.add(f.pointer.rsplit("/", 1)[0] + "/" + str(suggested.params["name"]))
    def knock_on(hit) -> bool:   # its value, a value it compares with, or one it follows is reported
        return _inside(hit.pointer, reported) or any(_related(b, reported) for b in (*hit.because, *hit.after))

    for rule, severity, hit in hits:
        if not hit.because and not knock_on(hit):   # a value refused already is not judged again
            if severity is Severity.ERROR:
                reported.add(hit.pointer)
            yield _finding(file, rule, severity, hit, loaded)
    for severity in (Severity.ERROR, Severity.WARNING):
        pending = [(rule, hit) for rule, level, hit in hits if hit.because and level is severity]
        pending.sort(key=lambda item: at(item[1].pointer))   # stable: the registry's order at one place
        while True:
            pending = [(rule, hit) for rule, hit in pending if not knock_on(hit)]
            if not pending:
                break
            # an absent value (no closure yet) is no evidence of a mistake: it groups nothing
            counts = Counter(v for _, hit in pending for v in {hit.pointer, *hit.because}
                             if v in loaded.positions or v in loaded.key_positions)
            # shared as often: the reason a rule names first (a measure's monthly amount before its code)
            rank = {}
            for _, hit in pending:
                for n, value in enumerate(hit.because):
                    rank[value] = min(rank.get(value, n), n)
            hub = (min(counts, key=lambda v: (-counts[v], rank.get(v, len(rank)), at(v))) if counts
                   else pending[0][1].pointer)
            involved = [(rule, hit) for rule, hit in pending if hub == hit.pointer or hub in hit.because]
            rule, hit = next(((r, h) for r, h in involved if h.pointer == hub), involved[0])
            others = {h.pointer for _, h in involved} - {hit.pointer}
            params = hit.params
            if others:
                line = (loaded.positions.get(hub) or loaded.key_positions.get(hub) or (0, 0))[0]
                params = {**params, "also": len(others), "cause": FieldName(_path(hub), schema),
                          "cause_line": line, "cause_here": hub == hit.pointer}
            yield _finding(file, rule, severity, hit, loaded, params)
            pending = [item for item in pending if item not in involved]
            if severity is Severity.ERROR:
                reported.add(hit.pointer)


def _finding(file: str, rule, severity: Severity, hit, loaded: loader.Loaded, params=None) -> Finding:
    line, column = loaded.position(hit.pointer, key=hit.key)
    return Finding(file, line, column, hit.pointer, rule.code, severity, hit.params if params is None else params)


def _path(pointer: str) -> tuple:
    return tuple(int(t) if t.isdigit() else t for t in jp.parts(pointer))


def load_record(path: Path, settings: Settings, raw: bytes | None = None) -> loader.Loaded:
    """A record file read as the schema reads it: `lot: 4.0` is lot 4 for the rules and the tools.
    With `raw`, those bytes stand for the file's content (an editor's unsaved buffer)."""
    loaded = loader.load_path(path) if raw is None else loader.load_bytes(raw)
    if loaded.data is not None:
        schemacheck.whole_numbers(loaded.data, settings.schema_path)
    return loaded


def check_file(path: Path, settings: Settings) -> tuple[list[Finding], Summary | None]:
    """All findings of one file, and its summary for the collection rules (None if unreadable)."""
    findings, summary, _loaded = check_loaded(path, settings)
    return findings, summary


def check_loaded(path: Path, settings: Settings,
                 raw: bytes | None = None) -> tuple[list[Finding], Summary | None, loader.Loaded]:
    """As `check_file`, with the file as it was read (once: its data and blob id come from the same
    bytes the findings judged). With `raw`, those bytes are judged as the file's content (the
    language server checks a buffer as typed, unsaved)."""
    file = display_path(path)
    loaded = load_record(path, settings, raw)
    findings = loader.to_findings(loaded, file)
    if loaded.data is None:
        return findings, None, loaded
    reported = {f.pointer for f in findings}  # a value the loader refused is not judged again
    schema_findings = schemacheck.check(loaded, file, settings.schema_path)
    findings.extend(f for f in schema_findings if f.pointer not in reported)
    findings.extend(schemacheck.cut_texts(loaded, file, settings.schema_path))
    ctx = RecordContext(
        settings.as_judged(loaded.data), settings.programme, file, settings.schema_path,
        position=lambda p: loaded.position(p),
        reference_day=settings.reference_day(),
        erased=settings.erased,
        repository_lot=settings.repository_lot,
    )
    findings.extend(_rule_findings(ctx, loaded, findings))
    return findings, _summary(ctx), loaded


def collection_findings(summaries: list[Summary], settings: Settings,
                        involving: set[str] | None = None) -> list[Finding]:
    """Findings of the rules over all records. With `involving` (display paths), only those the
    named files take part in: on one of them, naming one of them (`other`), or about a lot that
    one of them belongs to."""
    lots = None if involving is None else {s.lot for s in summaries if s.file in involving}
    out: list[Finding] = []
    read: dict = {}
    for rule in rules.collection_rules():
        severity = _severity(rule, settings.programme)
        if severity is None:
            continue
        for hit in rule.check(summaries, settings.programme):
            if involving is not None and not (hit.file in involving or hit.params.get("other") in involving
                                              or ("lot" in hit.params and hit.params["lot"] in lots)):
                continue
            line, column = _where(hit.file, hit.pointer, read) if hit.pointer else (0, 0)
            out.append(Finding(hit.file, line, column, hit.pointer, rule.code, severity, hit.params))
    return out


def _where(file: str, pointer: str, read: dict) -> tuple[int, int]:
    """The line and column of `pointer` in the record `file` (a collection finding is told at the value
    it is about, like a record's): the file is read again, once, only when such a finding falls on it."""
    if file not in read:
        try:
            read[file] = loader.load_path(Path(file))
        except OSError:   # gone since it was judged: its first line
            read[file] = None
    loaded = read[file]
    return loaded.position(pointer) if loaded is not None and loaded.data is not None else (1, 1)


_WORKER_SETTINGS: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _WORKER_SETTINGS
    _WORKER_SETTINGS = settings


def _work(task: tuple[Path, bool, bool, bool]):
    """(findings, summary, blob id of the content when asked for, to remember the summary, and the
    record's data when asked for: a command that goes on to use the records reads each file once)."""
    path, full, hashed, keep = task
    if full:
        findings, summary, loaded = check_loaded(path, _WORKER_SETTINGS)
    else:
        loaded = load_record(path, _WORKER_SETTINGS)
        findings, summary = [], _summary_only(path, loaded, _WORKER_SETTINGS)
    return findings, summary, loaded.blob_id if hashed else None, loaded.data if keep else None


def summary_of(path: Path, settings: Settings, raw: bytes | None = None) -> Summary | None:
    """The summary of one record for the rules across records, as `validate` takes it from a file
    it does not check in full (`raw`: the content, when already read)."""
    return _summary_only(path, load_record(path, settings, raw), settings)


def _summary_only(path: Path, loaded: loader.Loaded, settings: Settings) -> Summary | None:
    if not isinstance(loaded.data, dict):
        return None
    return _summary(RecordContext(settings.as_judged(loaded.data), settings.programme, display_path(path),
                                  settings.schema_path))


def _results(tasks: list[tuple[Path, bool, bool]], settings: Settings, jobs: int) -> Iterator:
    """(findings, summary, blob) per task, in order; in worker processes when there are enough tasks."""
    if jobs <= 1 or len(tasks) < PARALLEL_FROM or not hasattr(os, "fork"):
        _init_worker(settings)
        yield from map(_work, tasks)
        return
    # Forked workers inherit every object of the parent (the CLI imports all commands, and with
    # them large libraries). Frozen, those objects are never scanned by the workers' garbage
    # collector, which would otherwise walk them again and again and copy their pages.
    gc.freeze()
    try:
        yield from workers.ordered_map(_work, tasks, jobs, initializer=lambda: _init_worker(settings),
                                       chunk_size=max(1, min(64, len(tasks) // (jobs * 8))))
    finally:
        gc.unfreeze()


class _RealPaths:
    """Resolved path of a record file as text, resolving each folder once (record files are never
    symlinks: `discover` sets those apart), which is what makes 10,000 files cheap."""

    def __init__(self):
        self.folders: dict[str, str] = {}

    def __call__(self, path: Path) -> str:
        parent, name = os.path.split(str(path))
        folder = self.folders.get(parent)
        if folder is None:
            folder = self.folders[parent] = os.path.realpath(parent or ".")
        return folder + "/" + name if folder != "/" else "/" + name


def validate(
    paths: list[Path],
    settings: Settings,
    jobs: int | None = None,
    only: set[Path] | None = None,
    progress: Callable[[int, int], None] | None = None,
    blobs: dict[str, str] | None = None,
    cache: SummaryCache | None = None,
    only_involving: bool = False,
    keep_data: bool = False,
) -> Report:
    """Check every record under `paths`. With `only`, files outside it are read just for the
    collection rules (their own findings are not reported); with `blobs` (git blob id by resolved
    path, for files that are unchanged) and a `cache`, such files are not even read when their
    summary is already known. Every summary computed from a file goes into the `cache`, keyed by
    the blob id of the bytes it was computed from. With `only_involving`, the rules across records
    report only what the files in `only` take part in (pre-commit's view); without it, everything
    (`--changed-since`: the repository's state after the change). With `keep_data`, the report also
    keeps each checked record's data (`Report.data`, by display path), read in the same pass."""
    files, odd = _discover(paths)
    report = Report()
    cwd = os.getcwd()
    for path in odd:
        report.findings.extend(loader.to_findings(loader.load_path(path), display_path(path, cwd)))
    # collection rules see the checked records first, then the others, each in discovery order
    slots: list[Summary | None] = []
    tasks: list[tuple[Path, bool, bool, bool]] = []
    task_slots: list[tuple[int, str | None]] = []
    real = _RealPaths()
    wanted = None if only is None else {str(p) for p in only}
    targets: list[tuple[str, str | None]] = []
    others: list[tuple[str, str | None]] = []
    for path in files:
        resolved = None if wanted is None else real(path)
        (targets if wanted is None or resolved in wanted else others).append((path, resolved))
    known = blobs if blobs is not None and cache is not None else {}
    for full, group in ((True, targets), (False, others)):
        for path, resolved in group:
            blob = None if full else known.get(resolved)
            found, summary = cache.get(blob, display_path(path, cwd)) if blob is not None else (False, None)
            slots.append(summary)
            if not found:
                task_slots.append((len(slots) - 1, blob))
                tasks.append((Path(path), full, cache is not None and blob is None, keep_data and full))
    results = _results(tasks, settings, jobs or os.cpu_count() or 1)
    for done, ((findings, summary, content_blob, data), (slot, blob)) in enumerate(zip(results, task_slots), 1):
        report.findings.extend(findings)
        if data is not None:
            report.data[display_path(tasks[done - 1][0], cwd)] = data
        slots[slot] = summary
        if cache is not None and (blob or content_blob):
            cache.put(blob or content_blob, summary)
        if progress:
            progress(done, len(tasks))
    summaries = [s for s in slots if s is not None]
    report.files_checked = len(targets) + len(odd)
    involving = {display_path(path, cwd) for path, _ in targets} if wanted is not None and only_involving else None
    report.findings.extend(collection_findings(summaries, settings, involving))
    return report
