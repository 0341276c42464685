"""A real LSP client (pytest-lsp's, over the server's standard input and output) driving `tohome lsp`
as an editor does, and the oracle it is compared with: `tohome validate --format json`."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

from helpers import COMMAND, NO_DEBUG_NO_LANG, user_env
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import LanguageClient, client_capabilities, make_test_lsp_client

# seconds before a test gives up waiting for the server (a loaded machine is slow, not wrong)
WAIT = float(os.environ.get("LSP_WAIT", "60"))


def make_client() -> LanguageClient:
    """pytest-lsp's client, which also accepts the server's registration of file watchers."""
    client = make_test_lsp_client()

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        client.registrations = [*getattr(client, "registrations", []), *params.registrations]

    return client


async def start(root: Path, lang: str | None = None, watch: bool = True, *args: str,
                options: dict | None = None) -> LanguageClient:
    """`tohome lsp` started as an editor starts it, initialised on the project at `root`."""
    client = make_client()
    await client.start_io(*COMMAND, "lsp", *args, env=user_env(NO_DEBUG_NO_LANG), cwd=str(root))
    capabilities = client_capabilities("visual-studio-code")
    if not watch:
        capabilities.workspace.did_change_watched_files.dynamic_registration = False
    await client.initialize_session(types.InitializeParams(
        capabilities=capabilities, root_uri=from_fs_path(str(root)),
        workspace_folders=[types.WorkspaceFolder(uri=from_fs_path(str(root)), name="records")],
        initialization_options={**({"lang": lang} if lang else {}), **(options or {})}))
    return client


@contextlib.asynccontextmanager
async def served(root: Path, lang: str | None = None, watch: bool = True, *args: str):
    """A started server that has read every record, shut down as an editor does at the end."""
    client = await start(root, lang, watch, *args)
    try:
        await indexed(client)
        yield client
    finally:
        await client.shutdown_session()
        await client.stop()


async def eventually(condition, what: str, timeout: float = WAIT):
    """Wait until `condition()` is true (the server answers in its own time)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while True:
        result = condition()
        if result:
            return result
        if loop.time() > end:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


def index_done(client: LanguageClient) -> int:
    """How many times the server said it finished reading the records."""
    return sum(1 for reports in client.progress_reports.values() for r in reports
               if isinstance(r, types.WorkDoneProgressEnd))


async def indexed(client: LanguageClient, times: int = 1) -> None:
    await eventually(lambda: index_done(client) >= times, "the server to read the records")


async def open_record(client: LanguageClient, path: Path, text: str | None = None, version: int = 1) -> str:
    """Open a file as an editor does (its text as typed, saved or not) and wait for its diagnostics."""
    uri = from_fs_path(str(path))
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="yaml", version=version,
        text=path.read_text(encoding="utf-8") if text is None else text)))
    await eventually(lambda: uri in client.diagnostics, f"diagnostics of {path.name}")
    await settle(client, uri)
    return uri


async def settle(client: LanguageClient, uri: str) -> None:
    """A request answered after every check the earlier messages asked for (they run first)."""
    await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))


def close(client: LanguageClient, uri: str) -> None:
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))


def change(client: LanguageClient, uri: str, text: str, version: int) -> None:
    """The whole text replaced (a client may also send pieces: the server takes both)."""
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


def files_changed(client: LanguageClient, *changes: tuple[Path, types.FileChangeType]) -> None:
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=from_fs_path(str(p)), type=kind) for p, kind in changes]))


def as_validate(diagnostic: types.Diagnostic) -> tuple:
    """A diagnostic as `validate --format json` places and words a finding: 1-based line and column
    (0, 0 for a finding without a place), code, severity, message, hint. Positions are compared as
    the editor received them (the test records hold no character outside the first Unicode plane)."""
    data = diagnostic.data or {}
    start = diagnostic.range.start
    line, column = (start.line + 1, start.character + 1) if data.get("line") else (0, 0)
    severity = {types.DiagnosticSeverity.Error: "error", types.DiagnosticSeverity.Warning: "warning"}[diagnostic.severity]
    message, _, hint = diagnostic.message.partition("\n")
    return (line, column, diagnostic.code, severity, message, data.get("hint", ""), hint)


def expected(finding: dict, hint_word: str) -> tuple:
    return (finding["line"], finding["column"], finding["code"], finding["severity"], finding["message"],
            finding["hint"], f"{hint_word}: {finding['hint']}" if finding["hint"] else "")


# One interpreter runs `tohome validate` (the same `main` the `tohome` script calls) for every case,
# each in its own folder: one start-up instead of one per case and language.
_RUNNER = """
import contextlib, io, json, os, sys
from tohome_tools.cli.main import main
for line in sys.stdin:
    folder, argv = json.loads(line)
    os.chdir(folder)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    print(json.dumps([out.getvalue(), err.getvalue(), code]), flush=True)
"""


def validate_runs(runs: list[tuple[Path, str]], *args: str) -> list[tuple[str, str, int]]:
    """(stdout, stderr, exit code) of `tohome validate --format json --lang L [args]` in each folder,
    all in one separate process."""
    lines = "".join(json.dumps([str(folder), ["validate", "--format", "json", "--lang", lang, *args]]) + "\n"
                    for folder, lang in runs)
    done = subprocess.run([sys.executable, "-c", _RUNNER], input=lines, capture_output=True, text=True,
                          env=user_env(NO_DEBUG_NO_LANG), timeout=600, check=True)
    return [tuple(json.loads(line)) for line in done.stdout.splitlines()]


def validate_json(runs: list[tuple[Path, str]], *args: str) -> list[list[dict]]:
    """The findings `tohome validate --format json` prints in each folder."""
    out = []
    for stdout, stderr, code in validate_runs(runs, *args):
        assert code in (0, 1), (code, stderr)
        out.append(json.loads(stdout))
    return out


def validate_state(folder: Path, records: dict[str, str], lang: str = "it", *args: str,
                   config: str | None = None, schema: str | None = None, raw: bool = False):
    """What `validate` says of a state of the records (the editor's buffers as if saved), in a project
    of its own at `folder` (`raw`: stdout, stderr and exit code)."""
    from helpers import copy_project

    root = copy_project(folder, "config", "schemas", empty_records=True)
    for name, text in records.items():
        (root / "records" / name).write_text(text, encoding="utf-8")
    if config is not None:
        (root / "config" / "programme.yaml").write_text(config, encoding="utf-8")
    if schema is not None:
        (root / "schemas" / "household.schema.json").write_text(schema, encoding="utf-8")
    if raw:
        return validate_runs([(root, lang)], *args)[0]
    return validate_json([(root, lang)], *args)[0]


HINT = {"it": "come correggere", "en": "how to fix"}


def on_file(findings: list[dict], name: str, lang: str = "it", lot: int | None = None) -> list[tuple]:
    """validate's findings on one record, and those on its lot (shown in each record of the lot),
    as `as_validate` gives a diagnostic."""
    import re

    from tohome_tools.core.safetext import visible

    out = []
    for f in findings:
        about = re.match(r"(?:Lotto|Lot) ([0-9]+):", f["message"])
        if f["file"] == f"records/{name}" or (f["file"] == "records" and about and lot == int(about.group(1))):
            out.append(expected({**f, "message": visible(f["message"]), "hint": visible(f["hint"])}, HINT[lang]))
    return sorted(out)


def shown(client: LanguageClient, uri: str) -> list[tuple]:
    return sorted(as_validate(d) for d in client.diagnostics.get(uri, []))
