"""Every hostile case of tests/hostile/ through the language server: the records folder holding them
all is read for the rules across records, and each hostile file is opened as an editor would open
it. The server never goes down: each buffer gets its diagnostics (validate's, for a file that is
UTF-8), every request on it gets an answer, and nothing is written outside .git/."""

from __future__ import annotations

import sys

import pytest
import pytest_asyncio
from helpers import TESTS
from lsp_client import close, on_file, open_record, served, settle, shown, validate_json
from lsprotocol import types
from pygls.uris import from_fs_path

sys.path.insert(0, str(TESTS / "hostile"))   # the hostile cases are data of tests/hostile/
from hostile_cases import build_repository  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("lsp-hostile"), pytest.mark.asyncio(loop_scope="module")]


@pytest.fixture(scope="module")
def repository(tmp_path_factory):
    return build_repository(tmp_path_factory.mktemp("ostile") / "schede")


def snapshot(root):
    """Every entry outside .git/, with its size and time (the server must leave them as they are)."""
    return {str(p.relative_to(root)): (p.lstat().st_size, p.lstat().st_mtime_ns) for p in sorted(root.rglob("*"))
            if ".git" not in p.relative_to(root).parts}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def client(repository):
    async with served(repository) as client:
        yield client


def errors(client) -> list[str]:
    """What the server logged as its own failure (a request answered with nothing is still a bug)."""
    return [m.message for m in client.log_messages if m.type == types.MessageType.Error]


def record_files(root):
    records = root / "records"
    return sorted(p for p in records.rglob("*") if p.is_file() and not p.is_symlink()
                  and p.name.lower().rstrip(" .\t").endswith((".yaml", ".yml"))
                  and not any(part.startswith(".") for part in p.relative_to(records).parts))


async def every_request(client, uri: str, text: str) -> None:
    """Hover, completion, symbols, definition and fixes at the start, middle and end of the buffer."""
    doc = types.TextDocumentIdentifier(uri=uri)
    lines = text.split("\n")
    for line in {0, len(lines) // 2, len(lines) - 1}:
        for character in {0, len(lines[line]) // 2, len(lines[line])}:
            at = types.Position(line=line, character=character)
            await client.text_document_hover_async(types.HoverParams(text_document=doc, position=at))
            await client.text_document_completion_async(types.CompletionParams(text_document=doc, position=at))
            await client.text_document_definition_async(types.DefinitionParams(text_document=doc, position=at))
    await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc))
    found = list(client.diagnostics.get(uri, []))
    if found:
        await client.text_document_code_action_async(types.CodeActionParams(
            text_document=doc, range=found[0].range, context=types.CodeActionContext(diagnostics=found)))


async def test_every_hostile_file_opened_in_the_editor(client, repository):
    before = snapshot(repository)
    oracle = {f["file"]: [] for f in []}
    for finding in validate_json([(repository, "it")])[0]:
        oracle.setdefault(finding["file"], []).append(finding)
    opened = 0
    for path in record_files(repository):
        raw = path.read_bytes()
        text = raw.decode("utf-8", errors="replace")   # as an editor shows a file that is not UTF-8
        uri = await open_record(client, path, text)
        name = str(path.relative_to(repository / "records"))
        utf8 = raw == text.encode("utf-8") and len(raw) <= 1024 * 1024
        if utf8:   # the same bytes: the same findings as validate (cross-record ones included)
            assert shown(client, uri) == on_file(oracle.get(f"records/{name}", []), name), name
        else:
            assert client.diagnostics[uri], name
        if len(raw) <= 200_000:
            await every_request(client, uri, text)
        close(client, uri)
        opened += 1
    assert opened >= 50
    assert snapshot(repository) == before
    assert not errors(client)


BUFFERS = {
    "lone-surrogate": "id: TH-4-0009\nnotes: \ud800\n",
    "nul": "id: TH-4-0009\x00\n",
    "huge": "notes: " + "x" * (2 * 1024 * 1024) + "\n",
    "empty": "",
    "only-a-dash": "-",
    "conflict": "<<<<<<< HEAD\nid: TH-4-0009\n=======\nid: TH-4-0010\n>>>>>>> altro\n",
    "unclosed-flow": "payments:\n  - {month: \"2019-03\", measure: [H1, {amount: ",
    "deep": "a:" + "\n" + "".join(" " * n + "- b:\n" for n in range(0, 400, 2)),
}


@pytest.mark.parametrize("name", sorted(BUFFERS))
async def test_a_hostile_buffer_never_takes_the_server_down(client, repository, name):
    path = repository / "records" / "TH-4-0009.yaml"
    uri = from_fs_path(str(path))
    text = BUFFERS[name]
    uri = await open_record(client, path, text)
    assert client.diagnostics[uri], name
    if len(text) < 100_000:
        await every_request(client, uri, text)
    await settle(client, uri)
    close(client, uri)
    assert not path.exists()
    assert not errors(client)
