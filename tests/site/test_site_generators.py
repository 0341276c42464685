"""The site's page generators, each on real inputs: the shipped configuration, schema, rule
registry and timeline, and the hand-written release fixture (tests/fixtures/release)."""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURES, ROOT

from tohome_tools.programme import config
from tohome_tools.records.rules import registry
from tohome_tools.site import charts, dictionary, programme_page, release_reader, rules_page, statistics, timeline

FIXTURE = FIXTURES / "release"
SCHEMA = json.loads((ROOT / "schemas" / "household.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def release():
    return release_reader.read(FIXTURE)


# --- the privacy boundary ------------------------------------------------------------------------

# Everything that discovers, validates or loads records, and the release builder. The rule registry
# (tohome_tools.records.rules) is allowed: its metadata is the rules page; its checks read no file.
FORBIDDEN_IMPORTS = {"tohome_tools.records.validate", "tohome_tools.records.workspace", "tohome_tools.records.recordset",
                     "tohome_tools.records.summarycache", "tohome_tools.casework", "tohome_tools.release"}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_site_code_never_imports_the_record_path():
    files = sorted((ROOT / "tohome_tools" / "site").glob("*.py")) + [ROOT / "tohome_tools" / "cli" / "commands" / "site.py"]
    assert len(files) > 5
    for path in files:
        bad = {name for name in _imports(path) if any(name == f or name.startswith(f + ".") for f in FORBIDDEN_IMPORTS)}
        assert not bad, f"{path.name} imports {bad}"
        text = path.read_text(encoding="utf-8").replace("tohome_tools.records.rules", "")  # the registry, allowed
        assert ".records" not in text, f"{path.name} mentions the records path"


def test_the_site_cannot_reach_the_record_path_even_indirectly():
    """Imports followed all the way down, in a fresh interpreter: building the site loads no module
    that discovers, validates or loads records, nor the release builder. (The strict YAML reader is
    loaded: the programme configuration is read with it; records/ is never opened, see
    test_site_build's audit hook.)"""
    import subprocess
    import sys

    script = ("import sys\n"
              "import tohome_tools.site.build, tohome_tools.cli.commands.site\n"
              "tohome_tools.site.build.registry()\n"   # the rule registry, as the rules page reads it
              "print('\\n'.join(sorted(m for m in sys.modules if m.startswith('tohome_tools'))))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    loaded = set(done.stdout.split())
    assert "tohome_tools.site.build" in loaded
    bad = {m for m in loaded if any(m == f or m.startswith(f + ".") for f in FORBIDDEN_IMPORTS)}
    assert not bad, bad


def test_site_command_takes_no_records_argument():
    import argparse

    from tohome_tools.cli.commands import site
    parser = argparse.ArgumentParser()
    site.configure(parser)
    options = {o for action in parser._actions for o in action.option_strings} | {a.dest for a in parser._actions}
    assert not any("record" in o for o in options), options
    assert not [a for a in parser._actions if not a.option_strings and a.dest != "help"], "no positional paths"


# --- statistics ------------------------------------------------------------------------------------

def test_release_fixture_is_read_as_the_contract_says(release):
    assert [p.code for p in release.periods] == ["2020", "2020-Q4"]
    lots = release.periods[0].tables[0]
    assert lots.name == "nuclei_per_lotto"
    assert [r["nuclei"] for r in lots.rows] == [71, None, 64, None, 212]
    amounts = release.periods[0].tables[1]
    assert str(amounts.rows[0]["importo_pagato"]) == "11000.50"  # Decimal, exact


def test_statistics_page_shows_italian_numbers_and_nd(release):
    period = release.periods[0]
    page = statistics.period_page(release, period, "../metodologia.md")
    assert "# Statistiche: anno 2020" in page
    assert "dal 1 gennaio 2020 al 31 dicembre 2020" in page
    assert "| Lotto 2 | n.d. |" in page
    assert "| **Totale** | **212** |" in page
    assert "12.345,00\xa0€" in page and "98.765,43\xa0€" in page
    assert "| Lotto 1 | 40 | 14,2 | 18 | sì |" in page
    assert "[metodologia](../metodologia.md)" in page
    assert "Dati sintetici" in page
    assert "dati/2020/nuclei_per_lotto.csv" in page and "grafici/2020/nuclei_per_lotto.svg" in page


def test_statistics_without_methodology_page_has_no_broken_link(release):
    page = statistics.period_page(release, release.periods[0], None)
    assert "metodologia.md" not in page


def test_outputs_copy_every_release_file_byte_for_byte(release):
    files = statistics.outputs(release, None)
    for period in release.periods:
        for path in period.files():
            assert files[f"statistiche/dati/{period.code}/{path.name}"] == path.read_bytes()
    assert files["statistiche/dati/index.json"] == (FIXTURE / "index.json").read_bytes()
    assert {k for k in files if k.endswith(".md")} == {"statistiche/index.md", "statistiche/2020.md", "statistiche/2020-Q4.md"}


def test_index_page_lists_periods_with_links(release):
    page = statistics.index_page(release, None)
    assert "[anno 2020](2020.md)" in page and "[4º trimestre 2020](2020-Q4.md)" in page
    assert "**5 nuclei**" in page


def test_charts_are_deterministic_svg_with_title_and_nd(release):
    table = release.periods[0].tables[0]
    first, second = charts.render(table, "anno 2020"), charts.render(table, "anno 2020")
    assert first.svg == second.svg
    text = first.svg.decode("utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert "Nuclei in carico per lotto" in text and "n.d." in text
    assert "Lotto 1" in text and "Lotto 2" in text
    assert "<dc:date>" not in text
    assert "Nuclei in carico per lotto" in first.alt


def test_chart_changes_when_the_numbers_change(release):
    table = release.periods[0].tables[0]
    rows = tuple(dict(r, nuclei=(r["nuclei"] + 1 if r["nuclei"] else r["nuclei"])) for r in table.rows)
    changed = release_reader.Table(**{**table.__dict__, "rows": rows})
    assert charts.render(changed, "anno 2020").svg != charts.render(table, "anno 2020").svg


def test_average_chart_draws_the_limit(release):
    table = release.periods[0].tables[2]
    assert "Limite (mesi): 18" in charts.render(table, "anno 2020").svg.decode("utf-8")


def test_malformed_release_is_refused_with_a_located_message(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "release")
    path = tmp_path / "release" / "2020" / "nuclei_per_lotto.json"
    data = json.loads(path.read_text())
    data["righe"][1]["nuclei_stato"] = "pubblicato"  # a null value that claims to be published
    path.write_text(json.dumps(data))
    with pytest.raises(release_reader.ReleaseError, match=r"nuclei_per_lotto.json: righe\[1\]"):
        release_reader.read(tmp_path / "release")
    data["righe"][1]["nuclei_stato"] = "soppresso"
    data["righe"][0]["nuclei"] = 7.5
    path.write_text(json.dumps(data))
    with pytest.raises(release_reader.ReleaseError, match="numero intero"):
        release_reader.read(tmp_path / "release")
    (tmp_path / "release" / "2020" / "nuclei_per_lotto.csv").unlink()
    path.write_text((FIXTURE / "2020" / "nuclei_per_lotto.json").read_text())
    with pytest.raises(release_reader.ReleaseError, match="nuclei_per_lotto.csv: il file non esiste"):
        release_reader.read(tmp_path / "release")


# --- reference pages ------------------------------------------------------------------------------

def _all_properties(node, path=""):
    """(path, class, title) for every property in the schema, walking $refs to $defs shallowly."""
    for name, child in (node.get("properties") or {}).items():
        child_path = f"{path}.{name}" if path else name
        yield child_path, child.get("x-publication"), child.get("title")
        yield from _all_properties(child, child_path)
        if isinstance(child.get("items"), dict):
            yield from _all_properties(child["items"], child_path + "[]")


def test_dictionary_describes_every_field_and_says_which_are_published():
    """Payments, monitoring and closure were described nowhere in Italian: every field is here now,
    each with whether it may reach the published statistics."""
    page = dictionary.page(SCHEMA)
    everything = list(_all_properties(SCHEMA))
    assert any(c == "publishable" for _, c, _ in everything) and any(c != "publishable" for _, c, _ in everything)
    rows = {line.split("|")[1].strip(): line for line in page.splitlines() if line.startswith("| `")}
    for path, publication, title in everything:
        row = rows[f"`{path}`"]
        assert title in row, path
        assert row.rstrip(" |").endswith("sì, solo in forma aggregata") == (publication == "publishable"), row
    for section in ("payments[].amount", "monitoring[].date", "closure.reason", "measures.work_support[].member"):
        assert f"`{section}`" in rows, section
    assert "`primary`, `secondary`, `tertiary`" in page


def test_rules_page_documents_every_registered_rule(workspace):
    rules = registry()
    page = rules_page.page(rules, workspace.programme)
    assert "{" not in page.replace("{#", ""), "a placeholder of a rule's documentation was left unfilled"
    for rule in rules:
        assert f"`{rule.code}`" in page and rule.title["it"] in page
        doc = rules_page.fill(rule.doc, rules_page.doc_values(workspace.programme))
        # split on the docstring's own spaces: an amount's no-break space is part of the word
        last_words = " ".join(re.split(r"[ \t\n]+", doc.strip())[-6:]).replace("_", "\\_")
        assert last_words in page.replace("\n", " "), rule.code
    assert page.count(" · errore · ") + page.count(" · avviso · ") == len(rules)


def test_measures_page_reads_caps_from_the_configuration(tmp_path):
    shutil.copytree(ROOT / "config", tmp_path / "config")
    path = tmp_path / "config" / "programme.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["caps"]["housing_support_per_household_month"] = [
        {"from": "2018-01-01", "to": "2019-12-31", "amount": 300.00},
        {"from": "2020-01-01", "to": None, "amount": 1234.5}]
    data["limits"]["max_project_months"] = 21
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    programme = config.load(path, ROOT / "schemas" / "programme.schema.json")
    page = programme_page.page(programme)
    assert "fino a **1.234,50\xa0€ al mese** per nucleo" in page
    assert "| 1 gennaio 2018 | 31 dicembre 2019 | 300,00\xa0€ |" in page
    assert "**21 mesi**" in page
    shipped = programme_page.page(config.load(ROOT / "config" / "programme.yaml", ROOT / "schemas" / "programme.schema.json"))
    assert "1.234,50" not in shipped


def test_hand_written_pages_repeat_no_programme_cap():
    caps = {str(int(c["amount"])) for caps in yaml.safe_load((ROOT / "config" / "programme.yaml").read_text())["caps"].values()
            for c in caps}
    for page in (ROOT / "docs").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        for cap in caps:
            assert not re.search(rf"\b{cap}\s*(euro|€)", text), f"{page.name} hard-codes the cap {cap}"


def test_shipped_timeline_is_valid_and_rendered_in_italian():
    events = timeline.parse((ROOT / "docs" / "data" / "storia.yaml").read_text(encoding="utf-8"))
    page = timeline.page(events)
    assert "## 4 aprile 2018: Il capitolato d'appalto" in page
    assert "## dicembre 2020:" in page and "*(previsto)*" in page
    assert page.count("*Fonte: ") == len(events)


@pytest.mark.parametrize("text, message", [
    ("events:\n  - {date: '2020-13', title: t, text: x, source: s}\n", "/events/0/date: la data «2020-13» non è nella forma"),
    ("events:\n  - {date: '2020-02-30', title: t, text: x, source: s}\n", "non esiste"),
    ("events:\n  - {date: '2020', title: t, text: x}\n", "/events/0: manca il campo «source»"),
    ("events:\n  - {date: '2020', title: t, text: x, source: s, luogo: y}\n", "campo non previsto «luogo»"),
    ("events:\n  - {date: '2020', title: '', text: x, source: s}\n", "/events/0/title: non può essere vuoto"),
    ("events: []\n", "/events: non può essere vuoto"),
    ("events:\n  - {date: '2021', title: t, text: x, source: s}\n"
     "  - {date: '2020', title: t, text: x, source: s}\n", "ordine di data"),
    ("events: [\n", "storia.yaml:2:1"),
])
def test_bad_timeline_gets_a_located_message(text, message):
    with pytest.raises(timeline.TimelineError, match=re.escape(message)):
        timeline.parse(text)


def test_unquoted_dates_in_the_timeline_are_accepted():
    events = timeline.parse("events:\n  - {date: 2020-11-25, title: t, text: x, source: s}\n")
    assert events[0].when() == "25 novembre 2020"


def test_write_replaces_changed_files_and_removes_stale_generated_ones(tmp_path):
    from tohome_tools.site import build
    docs = tmp_path / "docs"
    (docs / "statistiche" / "grafici" / "2019").mkdir(parents=True)
    (docs / "statistiche" / "grafici" / "2019" / "old.svg").write_text("old")
    (docs / "index.md").write_text("hand-written")
    first = build.write(docs, {"statistiche/index.md": b"a", "riferimenti/x.md": b"b"})
    assert (first.written, first.unchanged, first.removed) == (2, 0, 1)
    assert not (docs / "statistiche" / "grafici").exists()  # emptied folders go too
    assert (docs / "index.md").read_text() == "hand-written"  # outside the generated folders: untouched
    second = build.write(docs, {"statistiche/index.md": b"a2", "riferimenti/x.md": b"b"})
    assert (second.written, second.unchanged, second.removed) == (1, 1, 0)
    assert (docs / "statistiche" / "index.md").read_bytes() == b"a2"


def test_not_available_average_is_a_dash_not_a_suppression(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "release")
    path = tmp_path / "release" / "2020" / "durata_media_per_lotto.json"
    data = json.loads(path.read_text())
    row = data["righe"][3]  # lot 4: no project closed, so no average exists
    row.update(nuclei=0, nuclei_stato="pubblicato", durata_media_mesi=None, durata_media_mesi_stato="non_disponibile",
               entro_limite=None, entro_limite_stato="non_disponibile")
    path.write_text(json.dumps(data))
    release = release_reader.read(tmp_path / "release")
    table = release.periods[0].tables[2]
    assert table.suppressed() == 3  # lot 3 only: a missing average is not a hidden value
    assert "| Lotto 4 | 0 | — | 18 | — |" in statistics.table_markdown(table)
    assert "—" in charts.render(table, "anno 2020").svg.decode("utf-8")
    assert "—" not in charts.render(release_reader.read(FIXTURE).periods[0].tables[2], "anno 2020").svg.decode("utf-8")


def test_two_dimensions_one_measure_become_a_cross_table(release):
    amounts = release.periods[0].tables[1]
    one = release_reader.Table(**{**amounts.__dict__, "measures": amounts.measures[1:]})
    text = statistics.table_markdown(one)
    lines = text.splitlines()
    assert lines[0] == "Valori: importo pagato (€)."
    # rows: the dimension with more categories (lots); columns: the other (measures), total last
    assert lines[2] == "| Lotto / Misura | Quota dell'affitto | Tirocinio | Totale |"
    assert "| Lotto 1 | 11.000,50\xa0€ | 28.800,00\xa0€ | **n.d.** |" in lines
    assert "| Lotto 4 | n.d. | n.d. | **n.d.** |" in lines
    assert lines[-1] == "| **Totale** | **n.d.** | **n.d.** | **90.123,45\xa0€** |"
    # two measures stay one row per combination
    assert "| Quota dell'affitto | Lotto 1 | 12.345,00\xa0€ | 11.000,50\xa0€ |" in statistics.table_markdown(amounts)
