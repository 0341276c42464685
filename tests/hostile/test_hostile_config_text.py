"""Configuration text reaches public outputs: it must stay text (no spreadsheet formula, no link)."""

from __future__ import annotations

import csv
import shutil

import pytest
from helpers import ROOT, copy_project, tohome

# processes killed or run side by side, full releases, builds or Chromium: the full run only
pytestmark = pytest.mark.slow


def test_a_formula_and_a_script_link_in_the_configuration_stay_text(tmp_path):
    root = copy_project(tmp_path / "project", "config", "schemas", "records", "docs", "overrides")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    config = root / "config" / "programme.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace('name: "Circoscrizione 4 - San Donato, Campidoglio, Parella"',
                        'name: "=HYPERLINK(\\"http://evil.example\\",\\"x\\")"')
    text = text.replace('bodies: ["Ente attuatore del Lotto 1 (non indicato nella fonte)"]',
                        'bodies: ["[clicca](javascript:alert(1))"]')
    assert "HYPERLINK" in text and "javascript" in text
    config.write_text(text, encoding="utf-8")
    done = tohome("release", "--period", "2019", cwd=root)
    assert done.returncode == 0, done.stderr
    with open(root / "release" / "2019" / "nuclei_per_circoscrizione.csv", encoding="utf-8") as handle:
        labels = [row["circoscrizione_etichetta"] for row in csv.DictReader(handle)]
    assert any(label.startswith("'=HYPERLINK") for label in labels)
    assert not any(label.startswith("=") for label in labels)
    built = tohome("site", "--site-dir", str(tmp_path / "site"), cwd=root)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    pages = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html"))
    assert "clicca" in pages
    assert 'href="javascript:' not in pages.lower()


def test_attribute_lists_in_the_configuration_do_not_reach_the_html(tmp_path):
    root = copy_project(tmp_path / "project", "config", "schemas", "records", "docs", "overrides", "release")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    config = root / "config" / "programme.yaml"
    text = config.read_text(encoding="utf-8").replace(
        'bodies: ["Ente attuatore del Lotto 1 (non indicato nella fonte)"]',
        'bodies: ["*Exar*{: onclick=\\"alert(1)\\" }", "`x`{: onclick=\\"alert(2)\\" }"]')
    config.write_text(text, encoding="utf-8")
    built = tohome("site", "--site-dir", str(tmp_path / "site"), cwd=root)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    pages = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html"))
    import re

    assert "Exar" in pages and not re.search(r"<[^>]*\sonclick=", pages)   # shown as text, never an attribute


def test_private_csv_outputs_carry_no_formula_either(tmp_path):
    root = copy_project(tmp_path / "project", "config", "schemas", "records")
    for path in (root / "records").glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("TO3.1.1.a", "=1+1"), encoding="utf-8")
    config = root / "config" / "programme.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace('code: "TO3.1.1.a"', 'code: "=1+1"'),
                      encoding="utf-8")
    done = tohome("budget", "--format", "csv", cwd=root)
    assert done.returncode == 0, done.stderr
    cells = [cell for row in csv.reader(done.stdout.splitlines()) for cell in row]
    assert "'=1+1" in cells and "=1+1" not in cells
    assert any(cell.startswith("-") or cell[:1].isdigit() for cell in cells)   # numbers stay numbers
