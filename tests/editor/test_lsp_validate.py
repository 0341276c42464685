"""The language server says what `tohome validate --format json` says, for every invalid example, at
the same places, in Italian and in English (the language switched by the editor's setting), with the
rules across records judged against the other records of the folder."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import pytest_asyncio
from helpers import EXAMPLES, copy_project, write_context
from lsp_client import (
    HINT,
    as_validate,
    close,
    eventually,
    expected,
    files_changed,
    open_record,
    served,
    settle,
    validate_json,
)
from lsprotocol import types

from tohome_tools.core.safetext import visible

pytestmark = pytest.mark.xdist_group("lsp-examples")

CASES = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())
_LOT_LINE = re.compile(r"^lot:\s*([0-9]+)\s*(#.*)?$", re.MULTILINE)
_LOT_FINDING = re.compile(r"^(?:Lotto|Lot) ([0-9]+):")


@pytest.fixture(scope="module")
def oracle(tmp_path_factory) -> dict:
    """Each case in a project of its own, checked by `tohome validate --format json` in both languages."""
    base = tmp_path_factory.mktemp("oracle")
    runs = []
    for case in CASES:
        root = copy_project(base / case.name, "config", "schemas", empty_records=True)
        for record in case.glob("*.yaml"):
            shutil.copy(record, root / "records" / record.name)
        write_context(case, root)   # a register of erasures, a lot's repository: as the case states
        runs += [(root, "it"), (root, "en")]
    results = validate_json(runs)
    return {(case.name, lang): results[2 * n + (lang == "en")] for n, case in enumerate(CASES) for lang in ("it", "en")}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("lsp") / "project", "config", "schemas", empty_records=True)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def client(project):
    async with served(project) as client:
        yield client


def expected_for(findings: list[dict], name: str, text: str, lang: str) -> list[tuple]:
    """validate's findings on a file, and those on the lot it belongs to (shown in each of its records)."""
    lot = _LOT_LINE.search(text)
    out = []
    for f in findings:
        on_lot = _LOT_FINDING.match(f["message"])
        if f["file"] == f"records/{name}" or (f["file"] == "records" and lot and on_lot
                                                and on_lot.group(1) == lot.group(1)):
            out.append(expected({**f, "message": visible(f["message"]), "hint": visible(f["hint"])}, HINT[lang]))
    return sorted(out)


async def switch_language(client, lang: str, uris: list[str]) -> None:
    """The editor's setting changes: every open record is said again in the other language."""
    before = {uri: list(client.diagnostics.get(uri, [])) for uri in uris}
    client.set_configuration({"lang": lang}, section="tohome")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    word = HINT[lang]
    await eventually(lambda: all(client.diagnostics.get(u) != before[u] or not before[u] for u in uris)
                     and all(word in d.message for u in uris for d in client.diagnostics.get(u, []) if "\n" in d.message),
                     f"the diagnostics in {lang}")
    for uri in uris:
        await settle(client, uri)


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
async def test_diagnostics_equal_validate_json(client, project, oracle, case):
    records = project / "records"
    old = list(records.glob("*.yaml"))
    for path in old:
        path.unlink()
    for record in case.glob("*.yaml"):
        shutil.copy(record, records / record.name)
    context = write_context(case, project)
    files_changed(client, *((p, types.FileChangeType.Deleted) for p in old),
                  *((records / r.name, types.FileChangeType.Created) for r in case.glob("*.yaml")),
                  *((p, types.FileChangeType.Created) for p in context))
    names = sorted(r.name for r in case.glob("*.yaml"))
    uris = {name: await open_record(client, records / name) for name in names}
    for uri in uris.values():
        await settle(client, uri)
    try:
        for lang in ("it", "en"):
            if lang == "en":
                await switch_language(client, "en", list(uris.values()))
            compared = 0
            for name, uri in uris.items():
                text = (records / name).read_text(encoding="utf-8")
                got = sorted(as_validate(d) for d in client.diagnostics[uri])
                want = expected_for(oracle[(case.name, lang)], name, text, lang)
                assert got == want, (case.name, name, lang)
                compared += len(want)
            assert compared, f"{case.name}: nothing compared"
    finally:
        await switch_language(client, "it", list(uris.values()))
        for uri in uris.values():
            close(client, uri)
        for path in context:
            path.unlink()
        files_changed(client, *((p, types.FileChangeType.Deleted) for p in context))


def test_every_case_is_reported_somewhere(oracle):
    """Each invalid example gives validate something to say, so that the comparison above compares something."""
    for case in CASES:
        assert oracle[(case.name, "it")] and oracle[(case.name, "en")], case.name
