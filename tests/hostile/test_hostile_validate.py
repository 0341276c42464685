"""`tohome validate` on hostile input, run as a user runs it: a real subprocess over a real folder.

Each case (see hostile_cases.py) puts hostile entries beside a valid record and a record with a known
rule error. The run must end (timeout), exit 0 or 1 (never 3, the internal-error exit), print no
traceback, report the hostile entries with located Italian findings (or nothing, for inputs that read
like a clean file) and still check the other two records.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import COMMAND, copy_project, user_env
from hostile_cases import HOSTILE, KNOWN_ERROR, UNLOCATED, Case, baseline, cases, known_error_line

# Untranslated parser or system text would show up as English words like these.
ENGLISH = re.compile(r"\b(found|expected|while|scanning|position|unicode string|not allowed|Permission|"
                     r"No such|denied|character|exceeded|maximum|Traceback)\b")


def unprivileged_prefix() -> list[str] | None:
    """A command prefix under which file permissions apply: none needed unless we are root; as root,
    drop the capabilities that let root read any file. None when that is impossible here."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if not setpriv:
        return None
    probe = subprocess.run([setpriv, "--bounding-set=-dac_override,-dac_read_search", "true"],
                           capture_output=True)
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"] if probe.returncode == 0 else None


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "progetto", "config", "schemas", empty_records=True)
    baseline(root / "records")
    return root


def run_validate(root: Path, prefix: list[str] = ()) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, *COMMAND, "validate", "--format", "json"],
                          cwd=root, capture_output=True, text=True, env=user_env(), timeout=60)


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.name)
def test_hostile_entry_is_reported_and_the_others_still_checked(case: Case, project: Path):
    prefix: list[str] = []
    if case.unprivileged:
        found_prefix = unprivileged_prefix()
        if found_prefix is None:
            pytest.skip("running as root without a way to drop the capability to read any file")
        prefix = found_prefix
    case.build(project / "records")

    done = run_validate(project, prefix)

    assert "Traceback" not in done.stderr and "Errore interno" not in done.stderr, done.stderr
    assert done.returncode in (0, 1), (done.returncode, done.stderr)
    findings = json.loads(done.stdout)
    by_file: dict[str, list[dict]] = {}
    for finding in findings:
        assert finding["file"], finding
        by_file.setdefault(finding["file"], []).append(finding)

    # the other files of the run are still checked: the valid one is clean, the known error is there
    assert by_file.pop("records/TH-4-0001.yaml", []) == []
    known = by_file.pop("records/" + KNOWN_ERROR[0], [])
    assert [(f["code"], f["line"]) for f in known] == [(KNOWN_ERROR[1], known_error_line())]

    hostile_files = {"records/" + name for name in case.files}
    assert set(by_file) <= hostile_files, f"findings on unexpected files: {set(by_file) - hostile_files}"
    hostile_findings = [f for name in hostile_files for f in by_file.get(name, [])]
    if case.clean:
        assert hostile_findings == []
        assert done.returncode == 1  # only because of the known error
        return

    for finding in hostile_findings:
        if finding["code"] in UNLOCATED:
            assert (finding["line"], finding["column"]) == (0, 0), finding
        else:
            assert finding["line"] >= 1 and finding["column"] >= 1, finding
        assert finding["message"] and finding["hint"], finding
        assert not ENGLISH.search(finding["message"] + " " + finding["hint"]), finding
        assert finding["code"] != "internal-error", finding
    codes = {e.code for e in case.expect} | case.allowed
    assert {f["code"] for f in hostile_findings} <= codes, hostile_findings
    for want in case.expect:
        matches = [f for f in by_file.get("records/" + want.file, [])
                   if f["code"] == want.code
                   and (want.line is None or f["line"] == want.line)
                   and (want.column is None or f["column"] == want.column)]
        assert matches, f"expected {want}, got {hostile_findings}"
        assert any(want.says in f["message"] + " " + f["hint"] for f in matches), (want.says, matches)
    assert not (project / "HACKED").exists()  # no tag ever ran anything


def test_every_hostile_case_has_a_distinct_name():
    names = [c.name for c in cases()]
    assert len(names) == len(set(names))


def test_hostile_cases_cover_the_issue_list():
    """The issue's list, case by case: a removed case fails here, not silently."""
    names = {c.name for c in cases()}
    required = {
        "alias-bomb", "deep-block-nesting", "deep-flow-nesting", "long-line", "nul-byte", "invalid-utf8-latin1",
        "byte-order-mark", "crlf-line-ends", "tab-indentation", "two-documents", "merge-key-inline",
        "python-object-tag", "local-tag", "top-level-list", "top-level-scalar", "empty-file", "id-typed-as-number",
        "amount-with-comma", "date-italian-order", "same-household-in-two-files", "name-TH-4 0003.yaml",
        "name-Schéda città.yaml", "symlink-to-file-outside", "folder-named-like-a-record", "unreadable-file",
    }
    assert required <= names, required - names
    assert HOSTILE == "TH-4-0003.yaml"
