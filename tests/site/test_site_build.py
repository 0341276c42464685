"""`tohome site` end to end on the release fixture: real generation, real `mkdocs build --strict`,
real `zensical build`, and the built site opened in a real headless Chromium."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES
from site_helpers import CHROMIUM, chromium, pages, serve, site_project, tohome, visit_every_page

from tohome_tools.site import build

FIXTURE = FIXTURES / "release"


# processes killed or run side by side, full releases, builds or Chromium: the full run only
# one worker for the site tests: the site of the shipped release is built once (tests/site/conftest.py)
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site")]


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = site_project(tmp_path_factory.mktemp("site") / "project", FIXTURE)
    done = tohome("site", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    return root, done


def test_site_builds_strict_from_the_release_without_records(built):
    root, done = built
    assert not (root / "records").exists()
    assert "2 periodi, 4 tabelle" in done.stdout and "Sito costruito" in done.stdout
    site = root / "site"
    for page in ("index.html", "statistiche/index.html", "statistiche/2020/index.html", "statistiche/2020-Q4/index.html",
                 "riferimenti/dizionario/index.html", "riferimenti/regole/index.html", "riferimenti/misure/index.html",
                 "riferimenti/storia/index.html", "riferimenti/guida-schede/index.html", "search/search_index.json"):
        assert (site / page).is_file(), page
    for name in ("nuclei_per_lotto.csv", "nuclei_per_lotto.json", "datapackage.json"):
        assert (site / "statistiche" / "dati" / "2020" / name).read_bytes() == (FIXTURE / "2020" / name).read_bytes()
    html = (site / "statistiche" / "2020" / "index.html").read_text(encoding="utf-8")
    assert "n.d." in html and "12.345,00\xa0€" in html and "Dati sintetici" in html


def test_synthetic_banner_is_on_every_page(built):
    root, _ = built
    for page in pages(root / "site"):
        assert "md-banner" in (root / "site" / page).read_text(encoding="utf-8") and "Dati sintetici" in \
            (root / "site" / page).read_text(encoding="utf-8"), page


def test_generation_is_byte_identical_and_idempotent(built):
    """A second run in a new process gives the same bytes, so it rewrites nothing."""
    root, _ = built
    before = {folder: _digest(root / "docs" / folder) for folder in ("statistiche", "riferimenti")}
    rerun = tohome("site", "--no-build", cwd=root)
    assert rerun.returncode == 0, rerun.stderr
    assert "0 scritte, 23 invariate, 0 rimosse" in rerun.stdout
    assert {folder: _digest(root / "docs" / folder) for folder in before} == before


def test_broken_release_gives_an_italian_message_and_no_build(tmp_path):
    root = site_project(tmp_path / "p", FIXTURE)
    (root / "release" / "2020" / "nuclei_per_lotto.json").write_text("{ non json")
    done = tohome("site", cwd=root)
    assert done.returncode == 1
    assert "la release non rispetta il formato" in done.stderr and "nuclei_per_lotto.json" in done.stderr
    assert not (root / "site").exists()


def test_site_without_any_release_still_builds(tmp_path):
    root = site_project(tmp_path / "p", None)
    done = tohome("site", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Non è ancora stato pubblicato nessun periodo" in (root / "docs" / "statistiche" / "index.md").read_text()


@pytest.fixture(scope="module")
def zensical_site(built, tmp_path_factory) -> Path:
    """`zensical build` run once on a copy of the generated project (without MkDocs's site/); read by
    the build test below and by Chromium's visit."""
    root, _ = built
    copy = tmp_path_factory.mktemp("zensical") / "z"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site"))
    done = build.zensical_build(copy)
    assert done.returncode == 0, done.stdout + done.stderr
    return copy / "site"


def test_zensical_builds_the_same_generated_docs(zensical_site):
    """Zensical reads the same mkdocs.yml and the docs/ that `tohome site` generated (no plugins run)."""
    site = zensical_site
    assert (site / "statistiche" / "2020" / "index.html").is_file()
    assert (site / "statistiche" / "grafici" / "2020" / "nuclei_per_lotto.svg").is_file()
    assert (site / "statistiche" / "dati" / "2020" / "nuclei_per_lotto.csv").is_file()
    html = (site / "statistiche" / "2020" / "index.html").read_text(encoding="utf-8")
    assert "12.345,00\xa0€" in html and "Dati sintetici" in html and "n.d." in html
    assert "md-banner" in (site / "index.html").read_text(encoding="utf-8")


# --- the browser ----------------------------------------------------------------------------------
# On the site built from the release shipped in the repository (the public site as it is), or from
# the fixture while no release has been committed.

needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                    reason="Debian's chromium is not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def public_site(shipped_site_project):
    """The site built from the shipped release (tests/site/conftest.py: built once, shared with axe)."""
    root, tables = shipped_site_project
    return root / "site", tables


def _assert_clean_visit(seen: dict, charts: int) -> None:
    assert len(seen["pages"]) >= 15
    assert len(seen["requests"]) > len(seen["pages"])
    assert seen["external"] == [], seen["external"][:10]
    assert seen["errors"] == [], seen["errors"][:5]
    assert seen["no_banner"] == [], seen["no_banner"]  # the synthetic-data notice is visible everywhere
    assert len(seen["charts"]) == charts
    for path, alt, complete, width, height, shown in seen["charts"]:
        assert complete and width > 0 and height > 0 and shown > 0, (path, width, height, shown)
        assert alt.startswith("Grafico a barre"), path


@needs_chromium
def test_every_page_in_chromium_stays_on_its_origin_and_draws_its_charts(public_site):
    site, tables = public_site
    with chromium() as browser:
        seen = visit_every_page(browser, site)
    print(f"\npages opened: {len(seen['pages'])}, requests: {len(seen['requests'])}, "
          f"external: {len(seen['external'])}, charts drawn: {len(seen['charts'])}")
    _assert_clean_visit(seen, tables)


@needs_chromium
def test_zensical_site_in_chromium_stays_on_its_origin(zensical_site):
    with chromium() as browser:
        seen = visit_every_page(browser, zensical_site)
    print(f"\nzensical: pages opened: {len(seen['pages'])}, requests: {len(seen['requests'])}, "
          f"external: {len(seen['external'])}, charts drawn: {len(seen['charts'])}")
    _assert_clean_visit(seen, 4)


@pytest.fixture(scope="module")
def served(public_site):
    """The built site on a local port and a Chromium, shared by the search tests."""
    with serve(public_site[0]) as base, chromium() as browser:
        yield base, browser


@needs_chromium
@pytest.mark.parametrize("word, page", [("sfratto", "destinatari"), ("povertà", "programma")])
def test_search_finds_an_italian_word(served, word, page):
    base, browser = served
    tab = browser.new_page()
    tab.goto(base, wait_until="networkidle")
    box = tab.locator("input.md-search__input")
    box.click()
    box.type(word, delay=30)
    tab.locator(".md-search-result__item").first.wait_for(timeout=15000)
    meta = tab.locator(".md-search-result__meta").inner_text()
    links = [a.get_attribute("href") or "" for a in tab.locator(".md-search-result__item a").all()]
    assert "trovat" in meta and not meta.startswith("Nessun"), meta  # Material's Italian strings
    assert any(f"/{page}/" in href for href in links), links


AUDIT = """
import os, sys
root = os.path.realpath(sys.argv[1])
touched = []
def hook(event, args):
    if event in ("open", "os.listdir", "os.scandir", "os.stat", "pathlib.Path.glob", "pathlib.Path.rglob") and args:
        target = args[0]
        if isinstance(target, (str, bytes, os.PathLike)):
            path = os.path.realpath(os.fsdecode(target) if not isinstance(target, str) else target)
            if path == os.path.join(root, "records") or path.startswith(os.path.join(root, "records") + os.sep):
                touched.append((event, path))
sys.addaudithook(hook)
# Run from another folder with --root: a relative path (e.g. shutil.rmtree's dir_fd-relative opens
# in the guide's temporary folder) then cannot be mistaken for the project's records/.
os.chdir(sys.argv[2])
from tohome_tools.cli.main import main
code = main(["site", "--no-build", "--root", root])
print("TOUCHED", len(touched), touched[:5])
sys.exit(code)
"""


def test_site_generation_never_touches_records_even_when_they_are_there(tmp_path):
    """Python's audit hooks see every open, listing and stat of the site run: none under records/."""
    import subprocess
    import sys
    root = site_project(tmp_path / "p", FIXTURE)
    assert tohome("synth", "--households", "3", "--seed", "5", cwd=root).returncode == 0
    assert len(list((root / "records").glob("*.yaml"))) == 3
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = subprocess.run([sys.executable, "-c", AUDIT, str(root), str(elsewhere)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "TOUCHED 0 []" in done.stdout, done.stdout
