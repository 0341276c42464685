"""Golden outputs: what a person sees from the real command, pinned byte for byte.

The safety net of the redesign (issue 11): the command's text, tables and JSON on the shipped
records and on every invalid example, in Italian and English, the generated site pages and the
committed `release/`. A change to any of them must be deliberate: rerun with TOHOME_UPDATE_GOLDEN=1,
look at `git diff tests/golden/cli/`, and say why in the commit.

Every run is a subprocess in a copy of the repository (never the working tree), with a fixed terminal
width so argparse wraps the same way on every machine."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from helpers import EXAMPLES, GOLDEN, NO_DEBUG_NO_LANG, ROOT, tohome

GOLDEN = GOLDEN / "cli"
UPDATE = os.environ.get("TOHOME_UPDATE_GOLDEN") == "1"
INVALID = sorted(p.relative_to(ROOT).as_posix() for p in (EXAMPLES / "invalid").glob("*/*.yaml"))

# name -> the command's arguments. Dates are fixed, so "today" never enters an output.
CASES = {
    "help-it": ["--help"],
    "help-en": ["validate", "--lang", "en", "--help"],
    "validate-help-it": ["validate", "--help"],
    "validate-shipped": ["validate"],
    "validate-examples-it": ["validate", *INVALID],
    "validate-examples-en": ["validate", "--lang", "en", *INVALID],
    "validate-examples-json": ["validate", "--format", "json", *INVALID],
    "validate-examples-github": ["validate", "--format", "github", *INVALID],
    "budget-2019-06-30": ["budget", "--as-of", "2019-06-30"],
    "budget-2019-06-30-en": ["budget", "--as-of", "2019-06-30", "--lang", "en"],
    "budget-json": ["budget", "--as-of", "2020-12-31", "--format", "json", "--household", "TH-4-0002"],
    "budget-household": ["budget", "--household", "TH-4-0001", "--as-of", "2020-12-31", "--ledger"],
    "deadlines-2019-06-30": ["deadlines", "--as-of", "2019-06-30"],
    "deadlines-household-json": ["deadlines", "--as-of", "2019-06-30", "--all", "--household", "TH-4-0001",
                                 "--format", "json"],
    "indicators-2019": ["indicators", "--period", "2019"],
    "indicators-2019-en-csv": ["indicators", "--period", "2019", "--lang", "en", "--format", "csv"],
    "sheet-html": ["sheet", "TH-4-0001", "--as-of", "2020-12-31"],
    "error-impossible-day": ["budget", "--as-of", "2019-02-30"],
    "error-impossible-day-en": ["budget", "--lang", "en", "--as-of", "2019-02-30"],
    "error-date-shape-en": ["deadlines", "--lang", "en", "--as-of", "2019-2-3"],
    "error-unknown-household": ["sheet", "TH-4-9999"],
    "error-unknown-option-en": ["validate", "--lang", "en", "--no-such-option"],
    "error-unknown-option-it": ["validate", "--no-such-option"],
}


# a fixed terminal width (argparse wraps by it), locale and hash seed
FIXED = {"COLUMNS": "100", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "0"}


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """A copy of what a user has: configuration, schemas, shipped records, examples, docs, release."""
    root = tmp_path_factory.mktemp("golden") / "project"
    root.mkdir()
    for name in ("config", "schemas", "records", "docs", "release", "overrides"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("statistiche", "riferimenti"))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "tests" / "examples", root / "tests" / "examples")
    return root


def run(root: Path, *args: str) -> str:
    done = tohome(*args, cwd=root, env_extra=FIXED, unset=NO_DEBUG_NO_LANG)
    text = f"exit {done.returncode}\n--- stdout\n{done.stdout}--- stderr\n{done.stderr}"
    return text.replace(str(root), "<progetto>")


def compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from tests/golden/cli/{name} (TOHOME_UPDATE_GOLDEN=1 rewrites it)"


@pytest.mark.parametrize("name", sorted(CASES))
def test_command_output_is_unchanged(repo, name):
    compare(f"{name}.txt", run(repo, *CASES[name]))


def manifest(folder: Path) -> str:
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(folder).as_posix()}"
             for p in sorted(folder.rglob("*")) if p.is_file()]
    return "\n".join(lines) + "\n"


@pytest.mark.slow
def test_generated_site_pages_are_unchanged(repo):
    out = run(repo, "site", "--no-build")
    assert out.startswith("exit 0\n"), out
    pages = "".join(f"# docs/{folder}\n{manifest(repo / 'docs' / folder)}" for folder in ("statistiche", "riferimenti"))
    compare("site-pages.sha256", pages)


@pytest.mark.slow
def test_release_is_reissued_byte_for_byte(repo):
    """The committed release/, issued again from the shipped records, is the same file for file."""
    before = manifest(repo / "release")
    for period in ("2018", "2019", "2020"):
        out = run(repo, "release", "--period", period)
        assert out.startswith("exit 0\n"), out
    assert manifest(repo / "release") == before
    compare("release.sha256", before)
