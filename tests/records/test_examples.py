"""Example-file cases: each folder under tests/examples/<valid|invalid>/ holds one record.

Expected findings are written in the record itself, as `# expect: CODE` comments at the end of the
line where the finding must point; a valid case has none. Extra cases need no code: add a folder.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from helpers import EXAMPLES

from tohome_tools.records.validate import validate

MARK = re.compile(r"#\s*expect:\s*([a-z0-9-]+)")
COLLECTION_MARK = re.compile(r"#\s*expect-collection:\s*([a-z0-9-]+)")


def _cases(kind: str) -> list[Path]:
    return sorted(p for p in (EXAMPLES / kind).iterdir() if p.is_dir())


def expected(folder: Path) -> Counter:
    out = Counter()
    for path in folder.glob("*.yaml"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for code in MARK.findall(line):
                out[(path.name, code, number)] += 1
            for code in COLLECTION_MARK.findall(line):
                out[("(collection)", code, 0)] += 1
    return out


def in_context(folder: Path, settings):
    """The settings a case states in its `context.json`: a register of erasures (`erased`: ID -> the
    lot it moved to, or null) and the lot of the repository the record sits in (`repository_lot`)."""
    stated = folder / "context.json"
    if not stated.is_file():
        return settings
    context = json.loads(stated.read_text(encoding="utf-8"))
    return dataclasses.replace(settings, erased=context.get("erased", {}),
                               repository_lot=context.get("repository_lot"))


def found(folder: Path, settings) -> Counter:
    """Findings as (file name, code, line); collection findings (about a lot, not a line) as '(collection)'."""
    from tohome_tools.records.rules import collection_rules

    collection = {r.code for r in collection_rules()}
    report = validate([folder], in_context(folder, settings), jobs=1)
    return Counter(("(collection)", f.code, 0) if f.code in collection and f.line == 0
                   else (Path(f.file).name, f.code, f.line) for f in report.findings)


@pytest.mark.parametrize("folder", _cases("valid"), ids=lambda p: p.name)
def test_valid_example_has_no_findings(folder, settings):
    assert found(folder, settings) == Counter()


@pytest.mark.parametrize("folder", _cases("invalid"), ids=lambda p: p.name)
def test_invalid_example_gives_expected_findings(folder, settings):
    want = expected(folder)
    assert want, f"{folder.name}: an invalid case must mark at least one expected finding"
    assert found(folder, settings) == want


def test_every_rule_has_an_invalid_example():
    """Every rule, the rules across records included, is shown failing by one example folder."""
    from tohome_tools.records.rules import registry

    marked = set()
    for folder in _cases("invalid"):
        marked |= {code for (_, code, _) in expected(folder)}
    missing = {r.code for r in registry()} - marked   # collection rules too
    assert not missing, f"rules without an invalid example: {sorted(missing)}"
