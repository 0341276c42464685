"""Validation and casework run on the core install; release and site say what to install."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import EXAMPLES, user_env, without

# run the real command with the publishing libraries absent, as in a core install
BLOCKED = without("scipy", "highspy", "matplotlib", "mkdocs", "material", "numpy")


def run(project, *args):
    return subprocess.run([sys.executable, "-c", BLOCKED, *args], cwd=project, capture_output=True, text=True,
                          env=user_env(), timeout=300)


@pytest.fixture
def project(project_copy):
    (project_copy / "records" / "TH-4-0001.yaml").write_text(
        (EXAMPLES / "valid" / "full" / "TH-4-0001.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return project_copy


def test_casework_needs_only_the_core(project, tmp_path):
    for args in (["validate"], ["budget"], ["deadlines", "--as-of", "2019-06-30"], ["new", "--lot", "4"],
                 ["sheet", "TH-4-0001", "--out", str(tmp_path / "scheda.html")]):
        done = run(project, *args)
        assert done.returncode in (0, 1) and "Traceback" not in done.stderr, (args, done.stderr[-800:])
        assert "Errore interno" not in done.stderr and "[publish]" not in done.stderr, (args, done.stderr)


@pytest.mark.parametrize("args, module", [(["release", "--period", "2019"], "scipy"), (["site"], "mkdocs")])
def test_publishing_says_what_to_install(project, args, module):
    done = run(project, *args)
    assert done.returncode == 2, done.stderr
    assert f"«{module}»" in done.stderr and "pip install 'tohome-tools[publish]'" in done.stderr, done.stderr
    assert not (project / "release").exists() and not (project / "site").exists()
