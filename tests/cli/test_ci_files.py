"""The hook and workflow files we hand to records repositories actually run our command."""

from __future__ import annotations

import shlex
import subprocess

import yaml
from helpers import COMMAND, ROOT


def test_pre_commit_hook_entry_validates_what_is_staged(project_copy, base_record_text):
    """The published hook runs on every commit (a deletion passes no file to it) and asks git what the
    commit changes."""
    from helpers import git

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "tohome-validate")
    assert hook["always_run"] is True and hook["pass_filenames"] is False
    argv = shlex.split(hook["entry"])
    assert argv[:2] == ["tohome", "validate"]
    command = [*COMMAND, *argv[1:]]
    git(project_copy, "init", "-q", "-b", "main")
    good = project_copy / "records" / "TH-4-0001.yaml"
    good.write_text(base_record_text)
    git(project_copy, "add", "-A")
    ok = subprocess.run(command, cwd=project_copy, capture_output=True, text=True)
    assert ok.returncode == 0 and "File controllati: 1" in ok.stdout, ok.stdout + ok.stderr
    bad = project_copy / "records" / "TH-4-0002.yaml"
    bad.write_text(base_record_text.replace("id: TH-4-0001", "id: TH-4-0002").replace("level: primary", "level: x"))
    git(project_copy, "add", "-A")
    fail = subprocess.run(command, cwd=project_copy, capture_output=True, text=True)
    assert fail.returncode == 1 and "TH-4-0002.yaml:" in fail.stdout


def test_example_workflow_runs_validate_with_changed_since():
    workflow = yaml.safe_load((ROOT / "examples" / "github-workflow" / "validate-records.yml").read_text())
    steps = workflow["jobs"]["validate"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert any(r.startswith("tohome validate --changed-since") for r in runs)
    assert any(r == "tohome validate" for r in runs)
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    # the README's line, whole, is the one CI runs: lint and every test, the slow ones included: on
    # every core all but the serial ones, then those alone (together the two selections are every test)
    command = next(line for line in readme.splitlines() if line.startswith("python3 -m venv") and "[test]" in line)
    assert command in ci.splitlines()
    assert "ruff check" in command
    assert '-m "(slow or not slow) and not serial"' in command and "-m serial -n 0" in command


def test_example_lot_workflow_checks_that_no_erased_household_comes_back():
    """The lot's CI runs the same erasure check the server hook runs (tested against a real old clone
    in tests/erasure/), on the whole history, with the register of the branch before the push."""
    workflow = yaml.safe_load((ROOT / "examples" / "github-workflow" / "validate-lot.yml").read_text())
    steps = workflow["jobs"]["validate"]["steps"]
    runs = "\n".join(s.get("run", "") for s in steps)
    assert 'tohome erase --check HEAD --register-from "$BEFORE"' in runs and "tohome validate" in runs
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    hook = (ROOT / "examples" / "hooks" / "pre-receive").read_text()
    assert 'tohome erase --check "$new" --new --register-from HEAD' in hook
