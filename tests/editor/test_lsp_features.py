"""Help while typing, through a real client: hover (the schema's titles and descriptions, what a code
means, what a reference names, a rule's documentation with the programme's numbers), completion,
quick fixes that make their finding go away, document symbols and go-to-definition."""

from __future__ import annotations

import datetime as dt

import pytest
import pytest_asyncio
from helpers import EXAMPLES, copy_project
from lsp_client import change, close, eventually, open_record, served
from lsprotocol import types

from tohome_tools.programme.config import load as load_programme
from tohome_tools.site.rules_page import doc_values

pytestmark = [pytest.mark.xdist_group("lsp-features"), pytest.mark.asyncio(loop_scope="module")]

FULL = (EXAMPLES / "valid" / "full" / "TH-4-0001.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("features") / "schede", "config", "schemas", empty_records=True)
    (root / "records" / "TH-4-0001.yaml").write_text(FULL, encoding="utf-8")
    return root


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def client(project):
    async with served(project) as client:
        yield client


def where(text: str, needle: str, offset: int = 0) -> types.Position:
    """The position of `needle` (plus `offset`) in `text`, 0-based, as a client sends it."""
    at = text.index(needle) + offset
    return types.Position(line=text.count("\n", 0, at), character=at - text.rfind("\n", 0, at) - 1)


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


_VERSION = iter(range(2, 10_000))


async def typed(client, uri: str, text: str) -> None:
    """Replace the buffer; the answer to a request sent after it comes after its check."""
    change(client, uri, text, next(_VERSION))
    await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(uri)))


async def hover(client, uri: str, text: str, needle: str, offset: int = 0) -> str:
    answer = await client.text_document_hover_async(types.HoverParams(text_document=doc(uri),
                                                                      position=where(text, needle, offset)))
    return answer.contents.value if answer else ""


async def test_hover_explains_fields_codes_references_and_rules(client, project):
    uri = await open_record(client, project / "records" / "TH-4-0001.yaml")
    try:
        level = await hover(client, uri, FULL, "level: primary", len("level: p"))
        assert "primaria" in level and "sfratto" in level and "**Livello di prevenzione**" in level, level
        key = await hover(client, uri, FULL, "monthly_amount: 250.00", 2)
        assert "**Importo mensile" in key and "(`monthly_amount`)" in key, key
        member = await hover(client, uri, FULL, "member: M1", len("member: M"))
        assert "`M1`: capofamiglia, nato/a nel 1979" in member, member
        # a rule's finding: its documentation, with the cap the configuration gives
        broken = FULL.replace("monthly_amount: 50.00", "monthly_amount: 50.01")
        await typed(client, uri, broken)
        await eventually(lambda: any(d.code == "housing-cap" for d in client.diagnostics[uri]), "housing-cap")
        cap = await hover(client, uri, broken, "monthly_amount: 50.01", len("monthly_amount: 5"))
        values = doc_values(load_programme(project / "config" / "programme.yaml",
                                           project / "schemas" / "programme.schema.json"))
        assert "Regola `housing-cap`" in cap and values["housing_cap"] in cap and "{housing_cap}" not in cap, cap
    finally:
        close(client, uri)


async def test_hover_in_english_gives_english_titles(project):
    async with served(project, "en") as client:
        uri = await open_record(client, project / "records" / "TH-4-0001.yaml")
        text = await hover(client, uri, FULL, "monthly_amount: 250.00", 2)
        assert "**Monthly amount" in text, text


async def complete(client, uri: str, text: str, needle: str, offset: int) -> list[types.CompletionItem]:
    answer = await client.text_document_completion_async(types.CompletionParams(
        text_document=doc(uri), position=where(text, needle, offset)))
    return list(answer.items if isinstance(answer, types.CompletionList) else answer or [])


async def test_completion_offers_codes_members_ids_districts_dates_and_fields(client, project):
    uri = await open_record(client, project / "records" / "TH-4-0001.yaml")
    try:
        text = FULL.replace("level: primary", "level: ")
        await typed(client, uri, text)
        items = await complete(client, uri, text, "level: ", len("level: "))
        assert {(i.label, i.detail) for i in items} >= {("primary", "primaria (rischio di perdere la casa)"),
                                                         ("secondary", "secondaria (sfratto definito, collocazione "
                                                                       "temporanea)")}
        assert all(i.documentation and i.documentation.value.endswith(".") for i in items)

        members = await complete(client, uri, FULL, "member: M1", len("member: "))
        assert [i.label for i in members] == ["M1", "M2"] and "capofamiglia" in members[0].detail
        measures = await complete(client, uri, FULL, "measure: H1, amount", len("measure: "))
        assert [i.label for i in measures] == ["H1", "H2", "W1"]
        objectives = await complete(client, uri, FULL, "objective: O1", len("objective: "))
        assert [i.label for i in objectives] == ["O1", "O2"]
        districts = await complete(client, uri, FULL, "district: C8", len("district: "))
        assert [i.label for i in districts][:2] == ["C1", "C8"]   # lot 4's own first
        today = await complete(client, uri, FULL, 'closed_on: "2019-10-15"', len("closed_on: "))
        assert [i.label for i in today] == [f'"{dt.date.today().isoformat()}"']
        assert today[0].text_edit.new_text == f'"{dt.date.today().isoformat()}"'

        # a new line in the closure section: the fields it may still have
        text = FULL.replace("  work_at_exit: internship\n", "  work_at_exit: internship\n  \n")
        await typed(client, uri, text)
        fields = await complete(client, uri, text, "  work_at_exit: internship\n  \n", len("  work_at_exit: internship\n  "))
        assert [i.label for i in fields] == ["notes"], [i.label for i in fields]
    finally:
        close(client, uri)


def apply(text: str, edits: list[types.TextEdit]) -> str:
    lines = text.split("\n")
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start, end = edit.range.start, edit.range.end
        assert start.line == end.line
        line = lines[start.line]
        lines[start.line] = line[:start.character] + edit.new_text + line[end.character:]
    return "\n".join(lines)


MISTAKES = [
    # (what is typed, the finding, what the fix writes)
    ("monthly_amount: 60.00", "monthly_amount: 60,50", "schema-type", "monthly_amount: 60.50"),
    ("      notes: Primo colloquio.", "      notes: Primo colloquio: sfratto", "yaml-syntax",
     '      notes: "Primo colloquio: sfratto"'),
    ("household:\n  members:", "household:\n\tmembers:", "yaml-tabs", "household:\n  members:"),
    ('signed_on: "2019-02-04"', "signed_on: 4/2/2019", "invalid-date", 'signed_on: "2019-02-04"'),
    ("level: primary", "level: primaria", "schema-enum", "level: primary"),
    ("  social_worker: AS-C8-02", "  socal_worker: AS-C8-02", "schema-unknown-field", "  social_worker: AS-C8-02"),
]


@pytest.mark.parametrize("good, bad, code, fixed", MISTAKES, ids=[m[2] for m in MISTAKES])
async def test_a_quick_fix_removes_its_finding(client, project, good, bad, code, fixed):
    uri = await open_record(client, project / "records" / "TH-4-0001.yaml")
    try:
        text = FULL.replace(good, bad)
        assert text != FULL
        await typed(client, uri, text)
        found = await eventually(lambda: [d for d in client.diagnostics[uri] if d.code == code], code)
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=doc(uri), range=found[0].range, context=types.CodeActionContext(diagnostics=found)))
        assert actions and actions[0].kind == types.CodeActionKind.QuickFix, actions
        repaired = apply(text, actions[0].edit.changes[uri])
        assert fixed in repaired, (actions[0].title, repaired[:400])
        await typed(client, uri, repaired)
        await eventually(lambda: not [d for d in client.diagnostics[uri] if d.code == code], f"{code} to go")
    finally:
        close(client, uri)


async def test_no_fix_is_guessed_for_an_impossible_day(client, project):
    uri = await open_record(client, project / "records" / "TH-4-0001.yaml")
    try:
        text = FULL.replace('signed_on: "2019-02-04"', "signed_on: 30/2/2019")
        await typed(client, uri, text)
        found = await eventually(lambda: [d for d in client.diagnostics[uri] if d.code == "invalid-date"], "invalid-date")
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=doc(uri), range=found[0].range, context=types.CodeActionContext(diagnostics=found)))
        assert not actions
    finally:
        close(client, uri)


async def test_symbols_list_members_measures_payments_and_meetings(client, project):
    uri = await open_record(client, project / "records" / "TH-4-0001.yaml")
    try:
        found = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(uri)))
        tree = {s.name: [c.name for c in s.children or []] for s in found}
        assert tree["Componenti"] == ["M1", "M2"]
        assert tree["Misure"] == ["Sostegno all'abitare", "Sostegno al lavoro", "Azioni di accompagnamento"]
        assert tree["Pagamenti"] == ["2019-03 H1", "2019-03 H2", "2019-04 H1", "2019-04 W1"]
        assert tree["Incontri"] == ["Colloqui", "Monitoraggio"]
        meetings = next(s for s in found if s.name == "Incontri")
        assert [c.name for c in meetings.children[1].children] == ["2019-04-15", "2019-07-01", "2019-09-20"]
        member = next(s for s in found if s.name == "Componenti").children[0]
        assert member.selection_range.start == where(FULL, "key: M1", len("key: "))
    finally:
        close(client, uri)


@pytest.mark.parametrize("reference, definition", [
    ("member: M1", "key: M1"), ("signed_by: [M1", "key: M1"), ("measure: W1", "id: W1"),
    ("objective: O1", "id: O1")])
async def test_go_to_definition_from_a_reference(client, project, reference, definition):
    uri = await open_record(client, project / "records" / "TH-4-0001.yaml")
    try:
        at = where(FULL, reference, len(reference) - 1)
        found = await client.text_document_definition_async(types.DefinitionParams(text_document=doc(uri), position=at))
        target = where(FULL, definition, definition.index(" ") + 1)
        assert found.uri == uri and found.range.start == target, found
    finally:
        close(client, uri)
