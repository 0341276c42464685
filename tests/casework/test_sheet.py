"""Project sheet: Italian printable HTML, self-contained, escaped, agreeing with the budget."""

from __future__ import annotations

import dataclasses
import fnmatch
import re
import shutil
import subprocess
import tomllib
from html.parser import HTMLParser

import pytest
from casework_helpers import GOLDEN_RECORDS, copy_golden, in_process, tohome
from helpers import ROOT

from tohome_tools.casework import sheet
from tohome_tools.io import loader


def record(name: str = "TH-4-0101") -> dict:
    return loader.load_path(GOLDEN_RECORDS / f"{name}.yaml").data


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text, self.tags, self.attrs = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Collect:
    collected = _Collect()
    collected.feed(html)
    return collected


@pytest.fixture(scope="module")
def html(workspace) -> str:
    return sheet.render(record(), workspace.programme)


def test_sheet_is_italian_with_words_dates_and_italian_money(html):
    text = " ".join(" ".join(parse(html).text).split())
    assert '<html lang="it">' in html
    for expected in ("Scheda progetto personalizzato", "Progetto TH-4-0101", "Patto di adesione",
                     "Patto firmato il 31 gennaio 2020", "Progetto scritto il 20 febbraio 2020",
                     "DATI SINTETICI", "quota di affitto", "tirocinio", "Compartecipazione del nucleo",
                     "fino a 300,00 € al mese per nucleo"):
        assert expected in text, expected
    # H1: 250,00 € a month from 31 January to 29 February: two whole months, 500,00 €
    assert re.search(r"H1 quota di affitto 250,00 € 31 gennaio 2020 29 febbraio 2020 2 500,00 €", text)
    assert "Totale sostegno al lavoro 2.400,00 €" in text  # 600,00 € x 4 months, with a thousands point
    assert "40,00 €" in text and "fino alla chiusura del progetto" in text
    assert "2.400,00\xa0€" in html   # amount and sign never on two lines (the text above has spaces made plain)


def test_validation_box_filled_or_left_to_sign(workspace, html):
    text = " ".join(" ".join(parse(html).text).split())
    assert "Validazione del progetto" in text and "FD-C8-01" in text and "28 febbraio 2020" in text
    open_record = record("TH-4-0104")  # pact signed, no project, no validation yet
    blank = sheet.render(open_record, workspace.programme)
    box = blank[blank.index('class="box validation"'):blank.index("</div>", blank.index('class="box validation"'))]
    assert box.count('class="sign"') == 3 and "FD-" not in box
    assert "Progetto non ancora scritto." in blank


def test_self_contained_no_external_requests(html):
    assert not re.search(r"https?://|//[a-z]", html)
    assert "<script" not in html and "<link" not in html and "@import" not in html and "url(" not in html
    assert not [value for name, value in parse(html).attrs if name in ("src", "href")]


def test_free_text_is_escaped(workspace):
    hostile = record()
    hostile["project"] = {**hostile["project"], "objectives": [
        {**hostile["project"]["objectives"][0], "description": "<script>alert(1)</script> & «casa»"}]}
    out = sheet.render(hostile, workspace.programme)
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; «casa»" in out


def test_the_template_ships_with_the_package():
    """A non-editable install gets the template: package-data in pyproject covers every file of it."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["tohome_tools.casework"]
    package = ROOT / "tohome_tools" / "casework"
    templates = [p.relative_to(package).as_posix() for p in (package / "templates").rglob("*") if p.is_file()]
    assert templates and all(any(fnmatch.fnmatch(t, pat) for pat in patterns) for t in templates)
    assert sheet._environment().loader.__class__.__name__ == "PackageLoader"  # found via the package, not a path


def test_command_writes_out_atomically_and_refuses_invalid(project_copy, capsys, monkeypatch):
    copy_golden(project_copy, invalid=True)
    target = project_copy / "stampa" / "TH-4-0102.html"
    done = in_process(capsys, monkeypatch, project_copy, "sheet", "TH-4-0102", "--out", str(target))
    assert done.returncode == 0, done.stderr
    out = target.read_text(encoding="utf-8")
    assert "Progetto TH-4-0102" in out and "Patto firmato il 10 aprile 2019" in out
    assert "2.100,00\xa0€" in out and [p.name for p in target.parent.iterdir()] == ["TH-4-0102.html"]
    bad = in_process(capsys, monkeypatch, project_copy, "sheet", "TH-4-0199")
    assert bad.returncode == 1 and "errori di validazione" in bad.stderr and "housing-cap" in bad.stderr
    assert bad.stdout == ""
    missing = in_process(capsys, monkeypatch, project_copy, "sheet", "TH-4-0999")
    assert missing.returncode == 2 and "nessuna scheda TH-4-0999" in missing.stderr


@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed")
def test_chromium_prints_it_on_separate_pages(project_copy, tmp_path):
    copy_golden(project_copy)
    page = tmp_path / "scheda.html"
    done = tohome("sheet", "TH-4-0101", "--out", str(page), cwd=project_copy)
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "scheda.pdf"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, timeout=120, check=False)
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert data.startswith(b"%PDF") and pages >= 2  # the pact starts on its own page


def test_an_id_in_any_case_or_a_record_path_finds_the_sheet(project_copy):
    import shutil as _shutil

    from helpers import ROOT, tohome

    _shutil.copy(ROOT / "records" / "TH-4-0012.yaml", project_copy / "records")
    reference = tohome("sheet", "TH-4-0012", cwd=project_copy)
    assert reference.returncode == 0 and reference.stdout.startswith("<!DOCTYPE html>"), reference.stderr
    for spelling in ("th-4-0012", "records/TH-4-0012.yaml"):
        done = tohome("sheet", spelling, cwd=project_copy)
        assert (done.returncode, done.stdout) == (0, reference.stdout), (spelling, done.stderr)


def test_no_html_flood_on_a_terminal(project_copy):
    import os
    import pty
    import shutil as _shutil
    import subprocess

    from helpers import COMMAND, ROOT, user_env
    _shutil.copy(ROOT / "records" / "TH-4-0012.yaml", project_copy / "records")
    main, terminal = pty.openpty()
    done = subprocess.run([*COMMAND, "sheet", "TH-4-0012"], cwd=project_copy,
                          stdout=terminal, stderr=subprocess.PIPE, text=True, env=user_env(), timeout=120)
    os.close(terminal)
    os.set_blocking(main, False)
    try:
        shown = os.read(main, 65536)
    except (BlockingIOError, OSError):
        shown = b""
    os.close(main)
    assert done.returncode == 2 and "--out TH-4-0012.html" in done.stderr, done.stderr
    assert b"<html" not in shown


def test_the_signature_line_names_the_programme_s_place_or_none(workspace):
    unsigned = record("TH-4-0104")
    unsigned.pop("pact", None)
    placed = sheet.render(unsigned, workspace.programme)
    assert f"{workspace.programme.place}, il" in placed and workspace.programme.place == "Torino"
    elsewhere = sheet.render(unsigned, dataclasses.replace(workspace.programme, place="Moncalieri"))
    assert "Moncalieri, il" in elsewhere and "Torino, il" not in elsewhere
    nowhere = sheet.render(unsigned, dataclasses.replace(workspace.programme, place=""))
    assert "Data:" in nowhere and ", il <" not in nowhere


def test_the_pact_states_retention_legal_basis_rights_and_whom_to_ask_from_the_programme_file(workspace):
    """GDPR art. 13: the person signing is told what is kept, why, how long, their rights and whom to
    ask. Every word of it comes from the programme file: another file, another notice."""
    closed = record("TH-4-0102")   # closed on 29 February 2020: kept to Friday 26 February 2027
    text = " ".join(parse(sheet.render(closed, workspace.programme)).text)
    privacy = workspace.programme.privacy
    for part in ("controller", "legal_basis", "rights", "contact"):
        assert privacy[part] in text, part
    assert "7 anni dalla chiusura" in text and "fino al 26 febbraio 2027" in text
    assert "dalla fine del programma, il 31 dicembre 2020" in text
    other = dataclasses.replace(
        workspace.programme, privacy={"controller": "Comune di Esempio", "contact": "rpd@esempio.invalid",
                                      "legal_basis": "Base di prova.", "rights": "Diritti di prova."},
        deadlines={**workspace.programme.deadlines, "retention_years_after_closure": 10,
                   "retention_open_from": "last_activity"})
    text = " ".join(parse(sheet.render(closed, other)).text)
    assert "Comune di Esempio" in text and "rpd@esempio.invalid" in text and "Diritti di prova." in text
    assert "10 anni dalla chiusura" in text and "dall'ultima attività registrata" in text
    assert "fino al 28 febbraio 2030" in text   # 28 February 2030 is a Thursday: 10 years, no move
    assert privacy["controller"] not in text
