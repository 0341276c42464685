"""WCAG 2.1 A/AA and best practice on every page, checked with axe-core in headless Chromium, for
the MkDocs build and the Zensical build of the public site (the shipped release). The rules and
their versions are axe-core's (bundled in the axe-playwright-python package from the registry)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import ROOT
from site_helpers import CHROMIUM, chromium, pages, serve, site_project, tohome

from tohome_tools.site import build

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site"),   # one build of the shipped site
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")]

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def violations(site: Path) -> tuple[int, dict[str, list]]:
    """Pages checked, and every violation by page: (rule, impact, nodes, first target)."""
    source, found = axe_source(), {}
    with serve(site) as base, chromium() as browser:
        tab = browser.new_page()
        for path in pages(site):
            response = tab.goto(base + path, wait_until="networkidle")
            assert response is not None and response.ok, path
            tab.add_script_tag(content=source)
            result = tab.evaluate("""async tags => {
                const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
                return {version: axe.version, violations: r.violations.map(v =>
                    [v.id, v.impact, v.nodes.length, v.nodes[0].target.join(' ')])};
            }""", TAGS)
            assert result["version"].startswith("4."), result["version"]
            if result["violations"]:
                found[path] = result["violations"]
    return len(pages(site)), found


@pytest.fixture(scope="module")
def project(shipped_site_project) -> Path:
    """The site of the shipped release, built once for the session (tests/site/conftest.py)."""
    return shipped_site_project[0]


def test_every_page_of_the_mkdocs_build_passes_axe(project):
    checked, found = violations(project / "site")
    print(f"\nMkDocs build: {checked} pages checked with axe-core, {len(found)} with violations")
    assert checked >= 19 and found == {}


def test_every_page_of_the_zensical_build_passes_axe(project, tmp_path):
    copy = tmp_path / "z"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    assert build.zensical_build(copy).returncode == 0
    checked, found = violations(copy / "site")
    print(f"\nZensical build: {checked} pages checked with axe-core, {len(found)} with violations")
    assert checked >= 19 and found == {}


def test_axe_is_not_blind(tmp_path):
    """The same check finds the problems the issue reported when the site's fixes are taken away."""
    root = site_project(tmp_path / "bare", ROOT / "release")
    (root / "docs" / "assets" / "tohome.js").write_text("", encoding="utf-8")
    css = root / "docs" / "assets" / "tohome.css"
    css.write_text(css.read_text(encoding="utf-8").split("/* Accessibility")[0], encoding="utf-8")
    done = tohome("site", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    _checked, found = violations(root / "site")
    rules = {v[0] for page in found.values() for v in page}
    assert {"aria-dialog-name", "link-in-text-block", "color-contrast"} <= rules, rules
