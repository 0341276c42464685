"""The public site as it is, built once for the session and shared by the tests that only read it
(Chromium's visit, its search, axe-core): `tohome site` on the release shipped in the repository (the
fixture while none is committed), a real generation and a real `mkdocs build --strict`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT
from site_helpers import site_project, tohome


@pytest.fixture(scope="session")
def shipped_site_project(tmp_path_factory) -> tuple[Path, int]:
    """The project folder (its site/ built) and the number of tables of its release. Read only: a
    test that changes something works on a copy."""
    shipped = ROOT / "release"
    release = shipped if (shipped / "index.json").is_file() else FIXTURES / "release"
    root = site_project(tmp_path_factory.mktemp("public") / "project", release)
    done = tohome("site", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    tables = sum(len(p["tabelle"]) for p in json.loads((release / "index.json").read_text())["periodi"])
    return root, tables
