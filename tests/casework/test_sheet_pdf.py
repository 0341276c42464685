"""The PDF sheet an officer signs, read back from the PDF itself (poppler's pdftotext), for every
shipped record: every amount, date and member key of the record is on the page, nothing runs past
the right margin, every page says "pagina N di M" and carries the synthetic mark, no heading is left
at the foot of a page, and the pact has a line to write each signatory's name.

The expected strings are written here from the record (Italian months and money by hand), not by the
sheet's own formatting functions."""

from __future__ import annotations

import re
import shutil
import subprocess
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import ROOT, copy_project, tohome

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("sheet-pdf"),   # the PDFs rendered once
              pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")]

MONTHS = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
          "ottobre", "novembre", "dicembre"]
A4_WIDTH, RIGHT_MARGIN, LEFT_MARGIN = 595.28, 14 / 25.4 * 72, 14 / 25.4 * 72
SHOWN_DATES = [("intake", "interviews", "*", "date"), ("referral", "proposed_on"), ("referral", "office_validated_on"),
               ("pact", "signed_on"), ("project", "written_on"), ("project", "objectives", "*", "target_date"),
               ("project", "commitments", "*", "due_on"), ("measures", "housing_support", "*", "start"),
               ("measures", "housing_support", "*", "end"), ("measures", "work_support", "*", "start"),
               ("measures", "work_support", "*", "end"), ("measures", "actions", "*", "date"),
               ("co_participation", "start"), ("co_participation", "end"), ("validation", "validated_on")]
SHOWN_AMOUNTS = [("measures", "housing_support", "*", "monthly_amount"),
                 ("measures", "work_support", "*", "monthly_amount"), ("co_participation", "monthly_amount")]


def values_at(node, path):
    if not path:
        return [node] if node is not None else []
    head, rest = path[0], path[1:]
    if head == "*":
        return [v for item in (node if isinstance(node, list) else []) for v in values_at(item, rest)]
    return values_at(node.get(head), rest) if isinstance(node, dict) else []


def italian_day(text: str) -> str:
    year, month, day = (int(x) for x in str(text).split("-"))
    return f"{day} {MONTHS[month - 1]} {year}"


def italian_money(value) -> str:
    whole, cents = f"{Decimal(str(value)):.2f}".split(".")
    return f"{int(whole):,}".replace(",", ".") + f",{cents} €"


def render(path: Path) -> tuple[str, bytes]:
    from tohome_tools.casework import sheet
    from tohome_tools.io import loader
    from tohome_tools.records.workspace import open_workspace

    programme = open_workspace(ROOT).programme
    return path.stem, sheet.to_pdf(sheet.render(loader.load_path(path).data, programme))


def words_of(pdf: Path) -> list[tuple[int, float, float, str]]:
    """(page, xMin, xMax, word) for every word, from pdftotext's bounding boxes."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words, page = [], 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        found = re.search(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*)</word>', line)
        if found:
            words.append((page, float(found[1]), float(found[2]), found[3]))
    return words


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("sheets")
    paths = sorted((ROOT / "records").glob("*.yaml"))
    out = {}
    with ProcessPoolExecutor(max_workers=4) as pool:
        for name, data in pool.map(render, paths, chunksize=8):
            (folder / f"{name}.pdf").write_bytes(data)
            out[name] = folder / f"{name}.pdf"
    assert len(out) == len(paths) >= 300
    return out


def test_every_shipped_sheet_shows_its_amounts_dates_and_members_within_the_page(pdfs):
    from tohome_tools.io import loader

    problems = []
    for name, pdf in pdfs.items():
        record = loader.load_path(ROOT / "records" / f"{name}.yaml").data
        raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                             check=True).stdout
        text = " ".join(raw.replace("\u2010\n", "").split())
        expected = [italian_day(d) for p in SHOWN_DATES for d in values_at(record, p)]
        expected += [italian_money(a) for p in SHOWN_AMOUNTS for a in values_at(record, p)]
        expected += [m["key"] for m in record["household"]["members"]]
        missing = [e for e in expected if e not in text]
        words = words_of(pdf)
        pages = max(p for p, *_ in words)
        outside = [w for p, x0, x1, w in words if x1 > A4_WIDTH - RIGHT_MARGIN + 1 or x0 < LEFT_MARGIN - 1]
        numbered = [n for n in range(1, pages + 1) if f"pagina {n} di {pages}" not in text]
        synthetic_marks = text.count("DATI SINTETICI: non descrivono persone reali")
        if missing or outside or numbered or synthetic_marks != pages:
            problems.append((name, missing[:5], outside[:5], numbered, synthetic_marks, pages))
    assert problems == []


def test_no_heading_ends_a_page_and_the_pact_has_a_name_line_per_signatory(pdfs):
    from tohome_tools.io import loader

    heading = re.compile(r"^(\d\. [A-Z].*|Sostegno all'abitare.*|Sostegno al lavoro|Azioni di accompagnamento|"
                         r"Progetto scritto il .*|Ogni mese toccato.*)$")
    alone = []
    for name, pdf in pdfs.items():
        layout = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                check=True).stdout
        for number, page in enumerate(layout.split("\f")[:-2], start=1):   # the last page may end anywhere
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            body = [line for line in lines if not re.search(r"pagina \d+ di \d+$", line)]
            if body and heading.match(body[-1]):
                alone.append((name, number, body[-1]))
        record = loader.load_path(ROOT / "records" / f"{name}.yaml").data
        pact = layout[layout.index("Patto di adesione"):]
        signers = (record.get("pact") or {}).get("signed_by") or [m["key"] for m in record["household"]["members"]]
        assert "Nome e cognome (in stampatello)" in pact and "Firma" in pact, name
        for key in signers:
            assert re.search(rf"^\s*{key}\s", pact, re.M), (name, key)
    assert alone == []


def test_the_command_writes_the_pdf_and_refuses_two_formats(tmp_path):
    project = copy_project(tmp_path / "project", "config", "schemas", empty_records=True)
    shutil.copy(ROOT / "records" / "TH-4-0012.yaml", project / "records")
    out = project / "stampe" / "TH-4-0012.pdf"
    out.parent.mkdir()
    done = tohome("sheet", "th-4-0012", "--pdf", str(out), cwd=project)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF") and oct(out.stat().st_mode & 0o777) == "0o600"
    both = tohome("sheet", "TH-4-0012", "--pdf", str(out), "--out", str(tmp_path / "x.html"), cwd=project)
    assert both.returncode == 2 and "un solo formato" in both.stderr
    record = project / "records" / "TH-4-0012.yaml"
    before = record.read_bytes()
    wrong = tohome("sheet", "TH-4-0012", "--pdf", str(record), cwd=project)   # a slip that would eat the record
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr and record.read_bytes() == before
