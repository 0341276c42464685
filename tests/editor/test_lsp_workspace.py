"""The rules across records and the project's settings, as the editor sees them change: another
record edited on disk, a record typed into a duplicate, a lot's average moved by a record saved
elsewhere, the configuration and the schema changed, a client that reports no file changes, and
`--as-of`. After each change the server's diagnostics are what `tohome validate --format json`
says of the same state (the open buffers as if saved)."""

from __future__ import annotations

import json
import shutil

import pytest
from helpers import EXAMPLES, copy_project
from lsp_client import (
    HINT,
    change,
    close,
    eventually,
    files_changed,
    indexed,
    on_file,
    open_record,
    served,
    settle,
    shown,
    validate_state,
)
from lsprotocol import types
from pygls.uris import from_fs_path

from tohome_tools.cli.main import TEXT as MAIN_TEXT

pytestmark = pytest.mark.asyncio

FULL = (EXAMPLES / "valid" / "full" / "TH-4-0001.yaml").read_text(encoding="utf-8")
LONG = (EXAMPLES / "invalid" / "duration-limit" / "TH-4-0001.yaml").read_text(encoding="utf-8")
CHANGED = types.FileChangeType.Changed


def numbered(text: str, number: int) -> str:
    return text.replace("TH-4-0001", f"TH-4-{number:04d}")


@pytest.fixture
def project(tmp_path):
    root = copy_project(tmp_path / "schede", "config", "schemas", empty_records=True)
    for number in (1, 2):
        (root / "records" / f"TH-4-{number:04d}.yaml").write_text(numbered(FULL, number), encoding="utf-8")
    return root


def cleared(client, uri: str) -> bool:
    """The editor was told, at some point, that `uri` has no findings (and nothing since)."""
    return uri in client.diagnostics and len(client.diagnostics[uri]) == 0


async def until_shown(client, uri: str, want: list[tuple], what: str) -> None:
    await eventually(lambda: shown(client, uri) == want, what)


async def test_a_duplicate_typed_or_saved_elsewhere_is_reported_where_validate_reports_it(project, tmp_path):
    records = project / "records"
    async with served(project) as client:
        uri2 = await open_record(client, records / "TH-4-0002.yaml")
        assert shown(client, uri2) == []

        # typed, not saved: TH-4-0002 takes the ID of TH-4-0001
        typed = numbered(FULL, 2).replace("id: TH-4-0002", "id: TH-4-0001")
        change(client, uri2, typed, 2)
        want = on_file(validate_state(tmp_path / "s1", {"TH-4-0001.yaml": numbered(FULL, 1), "TH-4-0002.yaml": typed}),
                       "TH-4-0002.yaml")
        assert {w[2] for w in want} == {"duplicate-id", "file-name"}
        await until_shown(client, uri2, want, "the duplicate typed in TH-4-0002")
        assert (records / "TH-4-0002.yaml").read_text(encoding="utf-8") == numbered(FULL, 2), "nothing is saved"

        # another person renumbers TH-4-0001 on disk: the duplicate is gone, the file name stays wrong
        (records / "TH-4-0001.yaml").write_text(numbered(FULL, 1).replace("id: TH-4-0001", "id: TH-4-0009"),
                                               encoding="utf-8")
        files_changed(client, (records / "TH-4-0001.yaml", CHANGED))
        state = {"TH-4-0001.yaml": (records / "TH-4-0001.yaml").read_text(encoding="utf-8"), "TH-4-0002.yaml": typed}
        want = on_file(validate_state(tmp_path / "s2", state), "TH-4-0002.yaml")
        assert {w[2] for w in want} == {"file-name"}
        await until_shown(client, uri2, want, "the duplicate to go")

        # the other way round: the record open sorts first, so validate reports the duplicate on the
        # closed file, and so does the editor, at that file
        close(client, uri2)
        (records / "TH-4-0001.yaml").write_text(numbered(FULL, 1), encoding="utf-8")
        files_changed(client, (records / "TH-4-0001.yaml", CHANGED))
        uri1 = await open_record(client, records / "TH-4-0001.yaml")
        change(client, uri1, numbered(FULL, 1).replace("id: TH-4-0001", "id: TH-4-0002"), 2)
        state = {"TH-4-0001.yaml": numbered(FULL, 1).replace("id: TH-4-0001", "id: TH-4-0002"),
                 "TH-4-0002.yaml": numbered(FULL, 2)}
        found = validate_state(tmp_path / "s3", state)
        await until_shown(client, uri1, on_file(found, "TH-4-0001.yaml"), "the file name finding")
        closed = from_fs_path(str(records / "TH-4-0002.yaml"))
        await until_shown(client, closed, on_file(found, "TH-4-0002.yaml"), "the duplicate on the closed record")
        assert {d.code for d in client.diagnostics[closed]} == {"duplicate-id"}

        # the buffer is closed without saving: the disk counts again, and the closed file is cleared
        close(client, uri1)
        await eventually(lambda: cleared(client, closed), "the closed record to be cleared")


async def test_a_lot_average_moves_with_a_record_saved_elsewhere(tmp_path):
    root = copy_project(tmp_path / "schede", "config", "schemas", empty_records=True)
    records = root / "records"
    (records / "TH-4-0001.yaml").write_text(LONG, encoding="utf-8")
    async with served(root) as client:
        uri = await open_record(client, records / "TH-4-0001.yaml")
        want = on_file(validate_state(tmp_path / "s1", {"TH-4-0001.yaml": LONG}), "TH-4-0001.yaml", lot=4)
        assert "lot-average-duration" in {w[2] for w in want}
        assert shown(client, uri) == want

        # a short project of the same lot is saved by someone else: the average falls under the limit
        (records / "TH-4-0002.yaml").write_text(numbered(FULL, 2), encoding="utf-8")
        files_changed(client, (records / "TH-4-0002.yaml", types.FileChangeType.Created))
        both = {"TH-4-0001.yaml": LONG, "TH-4-0002.yaml": numbered(FULL, 2)}
        want = on_file(validate_state(tmp_path / "s2", both), "TH-4-0001.yaml", lot=4)
        assert "lot-average-duration" not in {w[2] for w in want}
        await until_shown(client, uri, want, "the lot's average to fall")

        # and deleted again
        (records / "TH-4-0002.yaml").unlink()
        files_changed(client, (records / "TH-4-0002.yaml", types.FileChangeType.Deleted))
        await until_shown(client, uri, on_file(validate_state(tmp_path / "s3", {"TH-4-0001.yaml": LONG}),
                                               "TH-4-0001.yaml", lot=4), "the lot's average to rise again")


@pytest.mark.slow
async def test_a_configuration_change_is_noticed_without_notifications(project, tmp_path):
    """A client that reports no file changes: the server looks at the configuration itself."""
    config = project / "config" / "programme.yaml"
    lower = config.read_text(encoding="utf-8").replace("amount: 300.00}", "amount: 280.00}")
    async with served(project, watch=False) as client:
        uri = await open_record(client, project / "records" / "TH-4-0001.yaml")
        assert shown(client, uri) == []
        config.write_text(lower, encoding="utf-8")
        state = {"TH-4-0001.yaml": numbered(FULL, 1), "TH-4-0002.yaml": numbered(FULL, 2)}
        want = on_file(validate_state(tmp_path / "c1", state, config=lower), "TH-4-0001.yaml")
        assert "housing-cap" in {w[2] for w in want}
        await until_shown(client, uri, want, "the lower cap to be noticed")


async def test_configuration_and_schema_changes_are_read_again(project, tmp_path, watch=True):
    """Each change reported by the client, as VS Code and Emacs do."""
    records, config = project / "records", project / "config" / "programme.yaml"
    original = config.read_text(encoding="utf-8")
    async with served(project, watch=watch) as client:
        uri = await open_record(client, records / "TH-4-0001.yaml")
        assert shown(client, uri) == []
        state = {"TH-4-0001.yaml": numbered(FULL, 1), "TH-4-0002.yaml": numbered(FULL, 2)}

        def saved(text: str) -> None:
            config.write_text(text, encoding="utf-8")
            if watch:
                files_changed(client, (config, CHANGED))

        # a lower housing cap: H1 250 + H2 50 is over it
        lower = original.replace("amount: 300.00}", "amount: 280.00}")
        assert lower != original
        saved(lower)
        want = on_file(validate_state(tmp_path / "c1", state, config=lower), "TH-4-0001.yaml")
        assert "housing-cap" in {w[2] for w in want}
        await until_shown(client, uri, want, "the lower cap to be applied")

        # the same rule made a warning by the configuration
        warning = lower + "\nrules:\n  housing-cap: {level: warning}\n"
        saved(warning)
        want = on_file(validate_state(tmp_path / "c2", state, config=warning), "TH-4-0001.yaml")
        assert {w[3] for w in want} == {"warning"}
        await until_shown(client, uri, want, "the rule's level to change")

        # a broken configuration: validate refuses to check; the editor says why, on every record
        broken = original.replace("limits:", "limits: [")
        saved(broken)
        stdout, stderr, code = validate_state(tmp_path / "c3", state, config=broken, raw=True)
        assert code == 2 and stderr.startswith(MAIN_TEXT["it"]["config"]), (stdout, stderr, code)
        assert [f["code"] for f in json.loads(stdout)] == ["yaml-syntax"], stdout   # --format json: JSON still
        # "/…/config/programme.yaml:L:C: errore CODE message", the oracle's folder in place of the project's
        said = stderr.splitlines()[1].strip().replace(str(tmp_path / "c3"), str(project))
        notice = f"{MAIN_TEXT['it']['config']} {said}"
        await eventually(lambda: [d.message for d in client.diagnostics.get(uri, [])] == [notice],
                         "the broken configuration")
        config_uri = from_fs_path(str(config))
        line = int(said.split(":")[1])
        await eventually(lambda: [(d.range.start.line + 1, d.code) for d in client.diagnostics.get(config_uri, [])]
                         == [(line, said.split()[2])], "the finding on the configuration file")

        # put back: all clean again, and the configuration file's finding cleared
        saved(original)
        await until_shown(client, uri, [], "the findings to clear")
        await eventually(lambda: cleared(client, config_uri), "the configuration file to be cleared")

        # the schema: a new prevention level is allowed
        schema_path = project / "schemas" / "household.schema.json"
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        typed = numbered(FULL, 1).replace("level: primary", "level: quaternary")
        change(client, uri, typed, 2)
        state["TH-4-0001.yaml"] = typed
        await until_shown(client, uri, on_file(validate_state(tmp_path / "c4", state), "TH-4-0001.yaml"),
                          "the unknown level")
        schema["properties"]["prevention"]["properties"]["level"]["enum"].append("quaternary")
        wider = json.dumps(schema, ensure_ascii=False, indent=1)
        schema_path.write_text(wider, encoding="utf-8")
        if watch:
            files_changed(client, (schema_path, CHANGED))
        want = on_file(validate_state(tmp_path / "c5", state, schema=wider), "TH-4-0001.yaml")
        assert want == []
        await until_shown(client, uri, want, "the wider schema to be read")


@pytest.mark.slow
async def test_a_record_changed_on_disk_is_noticed_without_notifications(project, tmp_path):
    records = project / "records"
    async with served(project, watch=False) as client:
        uri = await open_record(client, records / "TH-4-0002.yaml")
        (records / "TH-4-0001.yaml").write_text(numbered(FULL, 1).replace("id: TH-4-0001", "id: TH-4-0002"),
                                               encoding="utf-8")
        state = {"TH-4-0001.yaml": (records / "TH-4-0001.yaml").read_text(encoding="utf-8"),
                 "TH-4-0002.yaml": numbered(FULL, 2)}
        want = on_file(validate_state(tmp_path / "p1", state), "TH-4-0002.yaml")
        assert "duplicate-id" in {w[2] for w in want}
        await until_shown(client, uri, want, "the duplicate saved behind the editor's back")


AS_OF_CASES = ["payment-before-validation", "monitoring-gap", "measure-before-pact", "duration-limit",
               "programme-window", "date-order-closure-before-validation"]


@pytest.mark.slow
@pytest.mark.parametrize("day", ["2019-03-15", "2019-06-30"])
async def test_as_of_judges_the_records_as_validate_as_of_does(tmp_path, day):
    """`tohome lsp --as-of DAY` for the first half, the editor's `asOf` setting for the second."""
    root = copy_project(tmp_path / "schede", "config", "schemas", empty_records=True)
    records = root / "records"
    texts = {}
    for n, case in enumerate(AS_OF_CASES, 1):
        texts[f"TH-4-{n:04d}.yaml"] = numbered((EXAMPLES / "invalid" / case / "TH-4-0001.yaml").read_text(
            encoding="utf-8"), n)
    for name, text in texts.items():
        (records / name).write_text(text, encoding="utf-8")
    shutil.copytree(root, tmp_path / "oracle")
    found = {lang: validate_state(tmp_path / f"oracle-{lang}", texts, lang, "--as-of", day) for lang in ("it", "en")}
    today = validate_state(tmp_path / "oracle-today", texts, "it")
    assert found["it"] != today, "the day must change what validate says, or the test proves nothing"

    async with served(root, None, True, "--as-of", day) as client:
        for name in texts:
            uri = await open_record(client, records / name)
            assert shown(client, uri) == on_file(found["it"], name, lot=4), name
            close(client, uri)
        # the setting: back to today, then the day again, in English
        client.set_configuration({"asOf": ""}, section="tohome")
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        await indexed(client, 2)
        name = next(iter(texts))
        uri = await open_record(client, records / name)
        await until_shown(client, uri, on_file(today, name, lot=4), "today's findings")
        client.set_configuration({"asOf": day, "lang": "en"}, section="tohome")
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        await indexed(client, 3)
        for name in texts:
            uri = await open_record(client, records / name)
            await until_shown(client, uri, on_file(found["en"], name, "en", lot=4), f"{name} as of {day} in English")
            await settle(client, uri)
            close(client, uri)
        assert HINT["en"]


@pytest.mark.slow
async def test_many_records_without_remembered_summaries_are_read_by_worker_processes(tmp_path):
    """A first start on a folder with no summary cache (here not even git): spawned workers read the
    records, print nothing into the protocol, and the rules across records see every one of them."""
    from helpers import tohome

    root = copy_project(tmp_path / "schede", "config", "schemas")
    done = tohome("synth", "--households", "450", "--seed", "5", "--out", "records", cwd=root)
    assert done.returncode == 0, done.stderr
    records = sorted((root / "records").glob("*.yaml"))
    last, first = records[-1], records[0]
    state = {p.name: p.read_text(encoding="utf-8") for p in records}
    typed = state[last.name].replace(f"id: {last.stem}", f"id: {first.stem}")
    state[last.name] = typed
    want = on_file(validate_state(tmp_path / "oracle", state), last.name,
                   lot=int(last.stem.split("-")[1]))
    assert "duplicate-id" in {w[2] for w in want}
    async with served(root) as client:
        uri = await open_record(client, last)
        change(client, uri, typed, 2)
        await until_shown(client, uri, want, "the duplicate of a record read by a worker")
        assert not [m for m in client.log_messages if m.type == types.MessageType.Error]
