"""The PDF sheet is an accessible document (PDF/UA-1): tagged, with a structure tree a screen reader
follows, its language and title declared; its words are whole (no hyphenation: a search for
"regolarizzare" finds it); its footer is in the body's sans-serif font. Read back with pypdf."""

from __future__ import annotations

import pytest
from helpers import ROOT

pytestmark = pytest.mark.xdist_group("sheet-pdf-tags")
pypdf = pytest.importorskip("pypdf")
pytest.importorskip("weasyprint")


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    from tohome_tools.casework import sheet
    from tohome_tools.io import loader
    from tohome_tools.records.workspace import open_workspace

    # its objective "Mantenere l'alloggio e regolarizzare l'affitto" wraps in a narrow column: it was
    # printed "regolariz‐ zare"
    record = loader.load_path(ROOT / "records" / "TH-4-0012.yaml").data
    path = tmp_path_factory.mktemp("pdf") / "scheda.pdf"
    path.write_bytes(sheet.to_pdf(sheet.render(record, open_workspace(str(ROOT)).programme)))
    return pypdf.PdfReader(str(path))


def _resolve(value):
    return value.get_object() if hasattr(value, "get_object") else value


def test_the_pdf_is_tagged_with_a_structure_tree(pdf):
    catalog = pdf.trailer["/Root"]
    assert bool(_resolve(catalog["/MarkInfo"])["/Marked"])
    tree = _resolve(catalog["/StructTreeRoot"])
    kids = _resolve(tree["/K"])
    roles = set()

    def walk(node, depth=0):
        node = _resolve(node)
        if isinstance(node, list):
            for item in node:
                walk(item, depth)
        elif hasattr(node, "get") and "/S" in node and depth < 12:
            roles.add(str(node["/S"]))
            walk(node.get("/K", []), depth + 1)

    walk(kids)
    assert {"/Document", "/H1", "/H2", "/Table", "/P"} <= roles, roles
    assert str(catalog["/Lang"]).lower().startswith("it")
    assert "Scheda progetto TH-4-0012" in str(pdf.metadata.title)
    assert bool(_resolve(catalog.get("/ViewerPreferences", {})).get("/DisplayDocTitle"))


def test_words_are_never_hyphenated(pdf):
    import re

    text = "".join(page.extract_text() for page in pdf.pages)
    assert "regolarizzare" in text, text[:2000]
    assert re.findall(r"\w[-\u2010\u00ad]\s*\n", text) == []   # no word cut at a line's end by a hyphen


def test_the_footer_is_in_the_body_s_font(pdf):
    fonts = set()
    for page in pdf.pages:
        resources = _resolve(page["/Resources"])
        for font in _resolve(resources.get("/Font", {})).values():
            fonts.add(str(_resolve(font)["/BaseFont"]))
    assert fonts and all("Serif" not in name and "Times" not in name for name in fonts), fonts
