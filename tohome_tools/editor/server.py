"""`tohome lsp`: the language server, on pygls, over standard input and output.

One event loop does everything, in this order of urgency: the document being typed is checked as
soon as the loop is free (changes that arrive meanwhile are folded into one check), then the other
open documents whose cross-record findings moved, and in between, a few milliseconds at a time, the
reading of every record on disk for the rules across records. Nothing runs in a thread but the
listing of the records folder; nothing is written but `validate`'s summary cache under .git/.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import functools
import logging
import multiprocessing
import os
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from tohome_tools import __version__
from tohome_tools.cli.argtypes import iso_day
from tohome_tools.cli.formats import finding_line
from tohome_tools.cli.main import TEXT as MAIN_TEXT
from tohome_tools.core.errors import ConfigError
from tohome_tools.core.findings import Finding
from tohome_tools.editor import actions, completion, diagnostics, hover, knowledge, outline, symbols
from tohome_tools.editor.index import start_worker, summaries_of
from tohome_tools.editor.session import Checked, Session
from tohome_tools.editor.words import word
from tohome_tools.i18n import argparse_words
from tohome_tools.i18n.languages import LANGUAGES
from tohome_tools.programme import project as project_finder
from tohome_tools.programme import schema as schema_reader

LOG = logging.getLogger("tohome.lsp")
# seconds of index reading between two looks at the editor's messages: a message from the editor
# takes several turns of the loop to arrive (its header lines, then its body, each read by a thread),
# and each turn waits for the slice under way
SLICE = 0.003
POLL = 2.0           # seconds between two looks at the records folder, for clients that report no file changes
PARALLEL_FROM = 400  # records without a remembered summary from which worker processes read them (as validate)
CHUNK = 64           # records a worker reads per task


@dataclass
class Buffer:
    """An open document that is a record."""

    uri: str
    path: Path
    file: str                                   # as findings name it (records/TH-4-0001.yaml)
    checked: Checked | None = None
    version: int | None = None                  # of the text last checked
    outline: outline.Outline | None = None
    published: list | None = None               # what the editor was last sent (None: nothing yet)


class TohomeServer(LanguageServer):
    def __init__(self, root: str | None = None, lang: str = "it", as_of: dt.date | None = None):
        super().__init__("tohome", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.start_root = root
        self.lang = lang
        self.as_of = as_of
        self.session: Session | None = None
        self.buffers: dict[str, Buffer] = {}
        self.pending: list[str] = []            # documents to check, most recent last
        self.scheduled: asyncio.Handle | None = None
        self.indexing: asyncio.Task | None = None
        self.polling: asyncio.Task | None = None
        self.closed_published: dict[str, list] = {}   # files not open that carry cross-record findings
        self.broken_published: dict[str, list] = {}   # the configuration's (or a schema's) own findings
        self.watching = False
        self.warned: set[str] = set()

    # --- the project ------------------------------------------------------------------------------
    def find_project(self, *starts: Path | None) -> None:
        """The project from the first start that lies inside one; the folder it is in becomes the
        current folder, so that findings name files as `tohome validate` run there names them."""
        if self.session is not None:
            return
        for start in starts:
            if start is None:
                continue
            try:
                found = project_finder.Project(Path(self.start_root).resolve()) if self.start_root else \
                    project_finder.find(start)
            except project_finder.ProjectNotFound:
                continue
            if not found.config.is_file():
                continue
            os.chdir(found.root)
            self.session = Session(found, self.lang, self.as_of)
            self.session.load()
            return

    def start_indexing(self) -> None:
        if self.session is None:
            return
        if self.indexing is not None and not self.indexing.done():
            self.indexing.cancel()
        index = self.session.new_index()
        if index is None:
            self.publish_all()
            return
        self.indexing = asyncio.get_running_loop().create_task(self._index(index))

    async def _index(self, index) -> None:
        token = None
        if getattr(getattr(self.client_capabilities, "window", None), "work_done_progress", False):
            token = f"tohome-index-{time.monotonic_ns()}"
            try:
                await self.work_done_progress.create_async(token)
                self.work_done_progress.begin(token, types.WorkDoneProgressBegin(
                    title=word(self.lang, "indexing"), percentage=0, cancellable=False))
            except Exception:   # noqa: BLE001 - a client that refuses progress still gets the findings
                token = None
        files = await asyncio.get_running_loop().run_in_executor(None, index.files)
        started = time.monotonic()
        last = started

        def report(done: int) -> None:
            if token is not None and files:
                self.work_done_progress.report(token, types.WorkDoneProgressReport(
                    message=word(self.lang, "indexed", n=done), percentage=int(100 * done / len(files))))

        deferred: list | None = [] if len(files) >= PARALLEL_FROM else None   # what the summary cache lacks
        for done in index.load_all(files, defer=deferred):
            now = time.monotonic()
            if now - last >= SLICE:
                report(done - len(deferred or ()))
                await asyncio.sleep(0)
                last = time.monotonic()
        if deferred:
            await self._read_elsewhere(index, deferred, len(files), report)
        index.finish()
        LOG.info("index: %d records in %.2f s (%d read by workers)", len(files), time.monotonic() - started,
                 len(deferred or ()))
        if token is not None:
            self.work_done_progress.end(token, types.WorkDoneProgressEnd(message=word(self.lang, "indexed", n=len(files))))
        self.publish_all()

    async def _read_elsewhere(self, index, deferred: list, total: int, report) -> None:
        """The records whose summary is not remembered, read by spawned worker processes while this
        one answers the editor; read here, in slices, when they are few or workers cannot be had."""
        if len(deferred) >= PARALLEL_FROM:   # below, starting the workers would cost more than it saves
            done = total - len(deferred)
            chunks = [deferred[n:n + CHUNK] for n in range(0, len(deferred), CHUNK)]
            pool = None
            try:
                pool = ProcessPoolExecutor(max(1, os.cpu_count() or 1), mp_context=multiprocessing.get_context("spawn"),
                                           initializer=start_worker,
                                           initargs=(str(self.session.project.root), self.session.as_of))
                futures = [asyncio.wrap_future(pool.submit(summaries_of, [str(path) for path, _f, _s in chunk]))
                           for chunk in chunks]
                for chunk, future in zip(chunks, futures):
                    for (path, file, stamp), (blob, summary) in zip(chunk, await future):
                        index.take(file, stamp, blob, summary)
                    done += len(chunk)
                    report(done)
                return
            except asyncio.CancelledError:
                raise
            except Exception as error:   # noqa: BLE001 - no workers (a locked-down machine): read here
                LOG.warning("worker processes not available (%s): reading here", error)
            finally:
                if pool is not None:
                    pool.shutdown(wait=False, cancel_futures=True)
        last = time.monotonic()
        for path, _file, _stamp in deferred:
            index.update(path, force=True)
            if time.monotonic() - last >= SLICE:
                await asyncio.sleep(0)
                last = time.monotonic()

    async def _poll(self) -> None:
        """For clients that do not report file changes: look at the records folder now and then."""
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(POLL)
            session = self.session
            if session is None:
                continue
            try:
                if session.settings_changed():
                    self.settings_moved()
                    continue
                index = session.index
                if index is None or not index.ready:
                    continue
                snapshot = dict(index.stamps)
                current = await loop.run_in_executor(None, _listing, index)
                changed = [p for f, (p, s) in current.items() if snapshot.get(f) != s]
                changed += [index.paths.get(f, Path(f)) for f in snapshot.keys() - current.keys()]
                if changed:
                    for path in changed:
                        index.update(path, force=True)
                    self.publish_all()
            except asyncio.CancelledError:
                raise
            except Exception as error:   # noqa: BLE001 - polling must go on
                self.internal(error)

    def settings_moved(self) -> None:
        """The configuration or a schema changed: every record is judged again, as `validate` would."""
        for buffer in self.buffers.values():
            buffer.version = None
        self.start_indexing()
        self.schedule(*self.buffers)

    # --- checking -----------------------------------------------------------------------------------
    def schedule(self, *uris: str) -> None:
        for uri in uris:
            if uri in self.pending:
                self.pending.remove(uri)
            self.pending.append(uri)
        if self.scheduled is None:
            self.scheduled = asyncio.get_running_loop().call_soon(self.run_checks)

    def run_checks(self) -> None:
        self.scheduled = None
        try:
            session = self.session
            if session is None:
                return
            if session.settings_changed():
                self.settings_moved()
            uris, self.pending = list(reversed(self.pending)), []
            for uri in uris:   # the last changed first: it is the one being typed
                self.check(uri)
                self.publish(uri, again=True)
            self.publish_all(skip=set(uris))
        except Exception as error:   # noqa: BLE001 - a language server must never go down on a buffer
            self.internal(error)

    def check(self, uri: str) -> None:
        buffer = self.buffers.get(uri)
        session = self.session
        if buffer is None or session is None or session.settings is None:
            return
        document = self.workspace.get_text_document(uri)
        if buffer.version == document.version and buffer.checked is not None:
            return
        try:
            buffer.checked = session.check(buffer.path, document.source)
        except ConfigError as error:   # the record schema itself is unusable
            session.broken = list(error.findings)
            session.workspace = None
            buffer.checked = None
        buffer.version = document.version
        buffer.outline = None

    def findings_of(self, buffer: Buffer) -> list[Finding]:
        """The buffer's own findings and the cross-record ones it takes part in, as `validate` would
        report them for the saved file: those on the file, and those on its lot."""
        session = self.session
        checked = buffer.checked
        if checked is None:
            return []
        found = list(checked.findings)
        index = session.index
        if index is not None and index.ready:
            lot = checked.summary.lot if checked.summary else None
            for f in session.collection(self.buffer_summaries()):
                if f.file == buffer.file and f.pointer and checked.loaded.data is not None:
                    # at the value as typed in the buffer, not as saved on disk
                    line, column = checked.loaded.position(f.pointer)
                    found.append(dataclasses.replace(f, line=line, column=column))
                elif f.file == buffer.file or (f.file == session.project.records.name and f.params.get("lot") == lot
                                               and lot is not None and f.line == 0):
                    found.append(f)
        return found

    def buffer_summaries(self) -> dict:
        return {b.file: b.checked.summary for b in self.buffers.values() if b.checked is not None}

    def publish(self, uri: str, again: bool = False) -> None:
        """Send a buffer's diagnostics when they changed (`again`: even if not, for the version just
        typed, so that the editor knows they are current)."""
        buffer = self.buffers.get(uri)
        session = self.session
        if buffer is None or session is None:
            return
        document = self.workspace.get_text_document(uri)
        if session.settings is None:
            shown = self.broken_notice(document.source)
        else:
            shown = diagnostics.diagnostics(self.findings_of(buffer), document.source, session.words, self.units)
        if again or shown != buffer.published:
            buffer.published = shown
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=uri, diagnostics=shown, version=document.version))

    def publish_all(self, skip: set[str] = frozenset()) -> None:
        """Every open record again (the rules across records may have moved), and the files not open
        that carry a cross-record finding, or carried one."""
        session = self.session
        if session is None:
            return
        for uri in list(self.buffers):
            if uri not in skip:
                self.check(uri)
                self.publish(uri)
        self.publish_broken()
        closed: dict[str, list] = {}
        index = session.index
        if session.settings is not None and index is not None and index.ready:
            open_files = {b.file for b in self.buffers.values()}
            by_file: dict[str, list[Finding]] = {}
            for f in session.collection(self.buffer_summaries()):
                if f.file not in open_files and f.file in index.summaries:
                    by_file.setdefault(f.file, []).append(f)
            for file, found in by_file.items():
                uri = from_fs_path(str(session.project.root / file))
                text = ""   # not open: cross-record findings sit at line 1 or nowhere, no text needed
                closed[uri] = diagnostics.diagnostics(found, text, session.words, self.units)
        for uri in self.closed_published.keys() - closed.keys():
            if uri not in self.buffers:
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        for uri, shown in closed.items():
            if self.closed_published.get(uri) != shown:
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=shown))
        self.closed_published = closed

    def broken_notice(self, text: str) -> list[types.Diagnostic]:
        """On each open record while the configuration or a schema is broken: what `validate` says
        before it refuses to check anything."""
        session = self.session
        first = session.broken[0] if session.broken else None
        if first is None:
            return []
        line = f"{MAIN_TEXT[session.lang]['config']} {finding_line(first, session.words)}"
        return [types.Diagnostic(range=types.Range(start=types.Position(line=0, character=0),
                                                   end=types.Position(line=0, character=0)),
                                 message=line, severity=types.DiagnosticSeverity.Error, code=first.code,
                                 source=diagnostics.SOURCE)]

    def publish_broken(self) -> None:
        """The configuration's own findings on the configuration's (or schema's) file."""
        session = self.session
        by_uri: dict[str, list[Finding]] = {}
        for f in session.broken:
            path = Path(f.file)
            path = path if path.is_absolute() else session.project.root / path
            by_uri.setdefault(from_fs_path(str(path)), []).append(f)
        for uri in self.broken_published.keys() - by_uri.keys():
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        shown_now = {}
        for uri, found in by_uri.items():
            document = self.workspace.text_documents.get(uri)
            text = document.source if document is not None else _read(to_fs_path(uri))
            shown_now[uri] = diagnostics.diagnostics(found, text, session.words, self.units)
            if self.broken_published.get(uri) != shown_now[uri]:
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=shown_now[uri]))
        if by_uri and "broken" not in self.warned:
            self.warned.add("broken")
            self.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Error,
                message=word(session.lang, "config-broken",
                             line=f"{MAIN_TEXT[session.lang]['config']} {finding_line(session.broken[0], session.words)}")))
        if not by_uri:
            self.warned.discard("broken")
        self.broken_published = shown_now

    @property
    def units(self):
        return self.workspace.position_codec.client_num_units

    def internal(self, error: Exception) -> None:
        LOG.error("internal error: %s", "".join(traceback.format_exception(error)))
        self.window_log_message(types.LogMessageParams(type=types.MessageType.Error,
                                                       message="".join(traceback.format_exception(error))))
        if "internal" not in self.warned:
            self.warned.add("internal")
            self.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Error,
                message=word(self.lang, "internal", kind=type(error).__name__, error=error)))

    # --- settings from the editor -------------------------------------------------------------------
    def apply_settings(self, settings) -> None:
        """`lang` ("it" or "en") and `asOf` (AAAA-MM-GG, empty for today), as initialization options
        or under `tohome` in the editor's settings."""
        if not isinstance(settings, dict):
            return
        if isinstance(settings.get("tohome"), dict):
            settings = settings["tohome"]
        lang = settings.get("lang")
        if lang in LANGUAGES and lang != self.lang:
            self.lang = lang
            argparse_words.speak(lang)
            if self.session is not None:
                self.session.set_language(lang)
                for buffer in self.buffers.values():
                    buffer.published = None
        if "asOf" in settings:
            raw = settings.get("asOf") or None
            try:
                day = iso_day(str(raw)) if raw else None
            except argparse.ArgumentTypeError as error:
                self.window_show_message(types.ShowMessageParams(
                    type=types.MessageType.Error, message=word(self.lang, "bad-as-of", error=error)))
                return
            self.as_of = day
            if self.session is not None and self.session.set_as_of(day):
                for buffer in self.buffers.values():
                    buffer.version = None
                if self.session.index is not None:
                    self.start_indexing()

    # --- features' helpers ----------------------------------------------------------------------------
    def buffer_outline(self, uri: str) -> tuple[Buffer, outline.Outline] | None:
        buffer = self.buffers.get(uri)
        if buffer is None or self.session is None or self.session.settings is None:
            return None
        document = self.workspace.get_text_document(uri)
        if buffer.outline is None or buffer.version != document.version:
            buffer.outline = outline.read(document.source)
        return buffer, buffer.outline

    def character(self, uri: str, position: types.Position) -> int:
        """The cursor's column in characters of its line (the client counts in its own units)."""
        document = self.workspace.get_text_document(uri)
        lines = outline.lines_of(document.source)
        return self.character_in(lines[position.line] if position.line < len(lines) else "", position.character)

    def span(self, line: int, text: str, start: int, end: int) -> types.Range:
        """Characters `start` to `end` of line `line` (whose text is `text`) in the client's units."""
        return types.Range(start=types.Position(line=line, character=self.units(text[:start])),
                           end=types.Position(line=line, character=self.units(text[:end])))

    def character_in(self, text: str, column: int) -> int:
        """A column in the client's units as characters of `text` (past its end: counted on)."""
        count, units = 0, 0
        for char in text:
            if units >= column:
                return count
            units += self.units(char)
            count += 1
        return count + max(0, column - units)


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _listing(index) -> dict:
    """Display path -> (path, stamp) of every record on disk (runs in a thread: no shared state)."""
    from tohome_tools.editor.index import stamp_of
    from tohome_tools.records.validate import display_path

    return {display_path(p): (p, stamp_of(p)) for p in index.files()}


def _fs_path(uri: str) -> Path | None:
    path = to_fs_path(uri)
    return Path(path) if path else None


def guarded(handler):
    """A request on a buffer never fails: an internal error is logged and answered with nothing."""
    @functools.wraps(handler)
    def answer(ls: TohomeServer, params):
        try:
            return handler(ls, params)
        except Exception as error:   # noqa: BLE001 - never an error for the editor to show on every keystroke
            ls.internal(error)
            return None
    return answer


def on_record(handler):
    """A request about an open record: the handler gets its buffer and outline (nothing for any
    other document), and never fails (see `guarded`)."""
    def answer(ls: TohomeServer, params):
        found = ls.buffer_outline(params.text_document.uri)
        return None if found is None else handler(ls, params, *found)
    answer.__name__ = handler.__name__
    return guarded(answer)


def build(root: str | None = None, lang: str = "it", as_of: dt.date | None = None) -> TohomeServer:
    server = TohomeServer(root, lang, as_of)

    @server.feature(types.INITIALIZE)
    def initialize(ls: TohomeServer, params: types.InitializeParams) -> None:
        ls.apply_settings(params.initialization_options)
        folders = [_fs_path(f.uri) for f in params.workspace_folders or []]
        root_uri = _fs_path(params.root_uri) if params.root_uri else None
        ls.find_project(*folders, root_uri, Path(params.root_path) if params.root_path else None, Path.cwd())

    @server.feature(types.INITIALIZED)
    async def initialized(ls: TohomeServer, params: types.InitializedParams) -> None:
        capabilities = ls.client_capabilities.workspace
        watch = getattr(capabilities, "did_change_watched_files", None) if capabilities else None
        if watch is not None and watch.dynamic_registration:
            try:
                await ls.client_register_capability_async(types.RegistrationParams(registrations=[types.Registration(
                    id="tohome-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=[
                        types.FileSystemWatcher(glob_pattern="**/records/**"),
                        types.FileSystemWatcher(glob_pattern="**/config/programme.yaml"),
                        types.FileSystemWatcher(glob_pattern="**/schemas/*.json"),
                        types.FileSystemWatcher(glob_pattern="**/erasures.yaml"),
                        types.FileSystemWatcher(glob_pattern="**/tohome-lot.yaml"),
                        types.FileSystemWatcher(glob_pattern="**/tohome-city.yaml")]))]))
                ls.watching = True
            except Exception as error:   # noqa: BLE001 - then the folder is looked at instead
                LOG.warning("file watching refused: %s", error)
        if ls.session is None:
            return
        ls.start_indexing()
        if not ls.watching:
            ls.polling = asyncio.get_running_loop().create_task(ls._poll())

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: TohomeServer, params) -> None:
        for task in (ls.indexing, ls.polling):
            if task is not None:
                task.cancel()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @guarded
    def did_open(ls: TohomeServer, params: types.DidOpenTextDocumentParams) -> None:
        path = _fs_path(params.text_document.uri)
        if path is None:
            return
        if ls.session is None:
            ls.find_project(path.parent)
            if ls.session is not None:
                ls.start_indexing()
                if not ls.watching and ls.polling is None:
                    ls.polling = asyncio.get_running_loop().create_task(ls._poll())
            elif "no-project" not in ls.warned:
                ls.warned.add("no-project")
                ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning,
                                                               message=word(ls.lang, "no-project")))
        if ls.session is None:
            return
        path = Path(path)
        if ls.session.is_record(path.absolute()):
            ls.buffers[params.text_document.uri] = Buffer(params.text_document.uri, path,
                                                          ls.session.file_of(path.absolute()))
            ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @guarded
    def did_change(ls: TohomeServer, params: types.DidChangeTextDocumentParams) -> None:
        if params.text_document.uri in ls.buffers:
            ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    @guarded
    def did_save(ls: TohomeServer, params: types.DidSaveTextDocumentParams) -> None:
        session = ls.session
        path = _fs_path(params.text_document.uri)
        if session is None or path is None:
            return
        if session.settings_changed():
            ls.settings_moved()
        elif session.index is not None and session.is_record(path.absolute()):
            session.index.update(path.absolute(), force=True)
            ls.schedule(*ls.buffers)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @guarded
    def did_close(ls: TohomeServer, params: types.DidCloseTextDocumentParams) -> None:
        buffer = ls.buffers.pop(params.text_document.uri, None)
        if buffer is None:
            return
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=buffer.uri, diagnostics=[]))
        if ls.session is not None and ls.session.index is not None:
            ls.session.index.update(buffer.path.absolute(), force=True)   # what is on disk counts again
        ls.publish_all()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @guarded
    def did_change_watched_files(ls: TohomeServer, params: types.DidChangeWatchedFilesParams) -> None:
        session = ls.session
        if session is None:
            return
        if session.settings_changed():
            ls.settings_moved()
            return
        index = session.index
        if index is None:
            return
        for change in params.changes:
            path = _fs_path(change.uri)
            if path is not None and (session.is_record(path) or path.is_dir()):
                if path.is_dir():   # a folder of records moved in or out: look at the whole folder
                    for found in index.files():
                        index.update(found)
                    for file in list(index.summaries):
                        index.update(index.paths.get(file, Path(file)))
                else:
                    index.update(path, force=True)
        ls.publish_all()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: TohomeServer, params: types.DidChangeConfigurationParams) -> None:
        settings = params.settings
        if not (isinstance(settings, dict) and isinstance(settings.get("tohome"), dict)):
            capabilities = ls.client_capabilities.workspace
            if capabilities is not None and capabilities.configuration:
                try:
                    pulled = await ls.workspace_configuration_async(types.ConfigurationParams(
                        items=[types.ConfigurationItem(section="tohome")]))
                    settings = {"tohome": pulled[0]} if pulled and isinstance(pulled[0], dict) else None
                except Exception as error:   # noqa: BLE001 - keep the settings as they were
                    LOG.warning("settings not read: %s", error)
                    settings = None
        ls.apply_settings(settings)
        ls.schedule(*ls.buffers)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @on_record
    def on_hover(ls: TohomeServer, params: types.HoverParams,
                 buffer: Buffer, tree: outline.Outline) -> types.Hover | None:
        line, column = params.position.line, ls.character(params.text_document.uri, params.position)
        codes = [d.code for d in buffer.published or [] if _holds(d.range, params.position)]
        session = ls.session
        text = hover.hover(tree.spot(line, column), tree, codes, session.workspace.programme,
                           session.settings.schema_path, session.lang)
        if text is None:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[":"]))
    @on_record
    def on_completion(ls: TohomeServer, params: types.CompletionParams,
                      buffer: Buffer, tree: outline.Outline) -> types.CompletionList | None:
        session = ls.session
        line, column = params.position.line, ls.character(params.text_document.uri, params.position)
        spot = tree.spot(line, column)
        offers = completion.offers(spot, tree, session.workspace.programme, session.settings.schema_path,
                                   session.lang, dt.date.today())
        text = tree.lines[line] if line < len(tree.lines) else ""
        if spot is not None and spot.role == "value" and spot.entry is not None and spot.entry.line == line:
            start, end = spot.entry.value_col, max(spot.entry.value_end, column)
            if spot.entry.value is None and start > column:
                start = end = column
        else:
            start = column - len(_word_before(text, column))
            end = column
        edit_range = ls.span(line, text, start, end)
        kinds = {"value": types.CompletionItemKind.EnumMember, "reference": types.CompletionItemKind.Reference,
                 "field": types.CompletionItemKind.Field, "date": types.CompletionItemKind.Value}
        items = []
        for n, offer in enumerate(offers):
            doc = types.MarkupContent(kind=types.MarkupKind.Markdown, value=offer.documentation) if offer.documentation \
                else None
            items.append(types.CompletionItem(
                label=offer.label, detail=offer.detail or None, documentation=doc, kind=kinds[offer.kind],
                sort_text=f"{n:04d}", filter_text=offer.label.strip('"'),
                text_edit=types.TextEdit(range=edit_range, new_text=offer.insert or offer.label)))
        return types.CompletionList(is_incomplete=False, items=items)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    @on_record
    def on_code_action(ls: TohomeServer, params: types.CodeActionParams,
                       buffer: Buffer, tree: outline.Outline) -> list[types.CodeAction] | None:
        session = ls.session
        out = []
        for diagnostic in params.context.diagnostics:
            if diagnostic.source != diagnostics.SOURCE:
                continue
            for fix in _fixes(ls, diagnostic, tree, session):
                edits = [types.TextEdit(range=ls.span(e.line, tree.lines[e.line], e.start, e.end), new_text=e.text)
                         for e in fix.edits]
                out.append(types.CodeAction(title=fix.title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                                            is_preferred=fix.preferred,
                                            edit=types.WorkspaceEdit(changes={params.text_document.uri: edits})))
        return out

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @on_record
    def on_symbols(ls: TohomeServer, params: types.DocumentSymbolParams,
                   _buffer: Buffer, tree: outline.Outline) -> list[types.DocumentSymbol] | None:
        kinds = {"group": types.SymbolKind.Namespace, "member": types.SymbolKind.Object,
                 "measure": types.SymbolKind.Event, "objective": types.SymbolKind.Constant,
                 "payment": types.SymbolKind.Number, "meeting": types.SymbolKind.Event}

        def convert(symbol: symbols.Symbol) -> types.DocumentSymbol:
            last = tree.lines[symbol.last] if symbol.last < len(tree.lines) else ""
            here = tree.lines[symbol.line] if symbol.line < len(tree.lines) else ""
            return types.DocumentSymbol(
                name=symbol.name, detail=symbol.detail or None, kind=kinds[symbol.kind],
                range=types.Range(start=types.Position(line=symbol.first, character=0),
                                  end=types.Position(line=symbol.last, character=ls.units(last))),
                selection_range=ls.span(symbol.line, here, symbol.start, symbol.end),
                children=[convert(child) for child in symbol.children] or None)

        return [convert(s) for s in symbols.symbols(tree, ls.session.lang)]

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    @on_record
    def on_definition(ls: TohomeServer, params: types.DefinitionParams,
                      _buffer: Buffer, tree: outline.Outline) -> types.Location | None:
        spot = tree.spot(params.position.line, ls.character(params.text_document.uri, params.position))
        if spot is None or spot.role != "value" or spot.entry is None:
            return None
        target = knowledge.definition(tree, spot.pointer, spot.entry.value)
        if target is None:
            return None
        return types.Location(uri=params.text_document.uri,
                              range=ls.span(target.line, tree.lines[target.line], target.value_col, target.value_end))

    return server


def _holds(span: types.Range, at: types.Position) -> bool:
    start, end = (span.start.line, span.start.character), (span.end.line, span.end.character)
    return start <= (at.line, at.character) <= end


def _word_before(text: str, column: int) -> str:
    column = start = min(column, len(text))
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_-\""):
        start -= 1
    return text[start:column]


def _fixes(ls: TohomeServer, diagnostic: types.Diagnostic, tree: outline.Outline, session: Session) -> list:
    lang = session.lang
    row = diagnostic.range.start.line
    if row >= len(tree.lines):
        return []
    text = tree.lines[row]
    start = ls.character_in(text, diagnostic.range.start.character)
    end = ls.character_in(text, diagnostic.range.end.character) if diagnostic.range.end.line == row else len(text)
    token = text[start:end]
    data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
    code = diagnostic.code
    fixes = []
    if code == "schema-type":
        fixes.append(actions.decimal_comma(row, start, end, token, lang))
    elif code == "invalid-date":
        fixes.append(actions.italian_date(row, start, end, token, lang))
    elif code == "yaml-syntax" and data.get("kind") == "colon":
        fixes.append(actions.colon_in_text(row, text, lang))
    elif code == "yaml-tabs":
        fixes.append(actions.tabs(tree.lines, lang))
    elif code == "schema-enum":
        pointer = str(data.get("pointer", ""))
        node = schema_reader.index_for(session.settings.schema_path).at(hover.path_of(pointer))
        fixes.append(actions.closest_code(row, start, end, token, knowledge.pattern(pointer), node.get("enum", []), lang))
    elif code == "schema-unknown-field":
        pointer = str(data.get("pointer", ""))
        node = schema_reader.index_for(session.settings.schema_path).at(hover.path_of(knowledge.parent(pointer)))
        fixes.append(actions.closest_field(row, start, end, token, list(node.get("properties", {})), lang))
    return [fix for fix in fixes if fix is not None]


def serve(root: str | None, lang: str, as_of: dt.date | None) -> int:
    logging.basicConfig(level=logging.WARNING, format="tohome lsp: %(levelname)s %(message)s")
    argparse_words.speak(lang)
    build(root, lang, as_of).start_io()
    return 0
