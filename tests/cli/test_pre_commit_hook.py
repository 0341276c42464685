"""The pre-commit hook judges the whole repository, run by the real `pre-commit` tool.

pre-commit passes only the staged files that still exist. Cases from the field: one closed record
changed (the lot's average duration must be over the whole lot, not that one record), a duplicate ID
in a file that was not staged, a schema change that breaks every record, and a commit that only
deletes records (it passes no file at all; it can break a lot's average, and the next person's
unrelated commit would then be blocked). The hook here is a local copy of `.pre-commit-hooks.yaml`
(same options, same command) run by this interpreter, so that the test needs no network to install
the package again."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, copy_project, git, user_env

pytestmark = pytest.mark.slow
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


def hook(root: Path) -> subprocess.CompletedProcess:
    env = user_env(extra={"PRE_COMMIT_HOME": str(root.parent / "pre-commit-home")})
    return subprocess.run([str(PRE_COMMIT), "run"], cwd=root, capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture
def repository(tmp_path) -> Path:
    if not PRE_COMMIT.exists():
        pytest.skip("pre-commit is not installed (it is in the test extra)")
    root = copy_project(tmp_path / "schede", "config", "schemas", "records")
    published = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    hook = {key: published[key] for key in ("id", "name", "always_run", "pass_filenames", "files") if key in published}
    local = {"repos": [{"repo": "local", "hooks": [{
        **hook, "language": "system", "require_serial": True,
        "entry": f"{sys.executable} -m tohome_tools " + published["entry"].removeprefix("tohome ")}]}]}
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(local), encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "schede")
    return root


def test_one_changed_record_is_judged_with_its_whole_lot(repository):
    # a limit of 12 months: lot 4 averages 9.7 months over its 75 closed projects, TH-4-0001 alone 15.8
    programme = repository / "config" / "programme.yaml"
    programme.write_text(programme.read_text(encoding="utf-8").replace("max_project_months: 18", "max_project_months: 12"),
                         encoding="utf-8")
    git(repository, "commit", "-qam", "a shorter limit")
    record = repository / "records" / "TH-4-0001.yaml"
    record.write_text(record.read_text(encoding="utf-8") + "# rivista\n", encoding="utf-8")
    git(repository, "add", str(record))
    done = hook(repository)
    assert "records/TH-4-0001.yaml" in done.stdout or done.returncode == 0, done.stdout
    assert "lot-average-duration" not in done.stdout, done.stdout   # it was "dei 1 progetti chiusi"


def test_a_duplicate_in_a_file_not_staged_is_found(repository):
    staged, other = repository / "records" / "TH-4-0001.yaml", repository / "records" / "TH-4-0002.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("id: TH-4-0002", "id: TH-4-0001", 1), encoding="utf-8")
    git(repository, "commit", "-qam", "a duplicate slipped in")   # committed without the hook
    staged.write_text(staged.read_text(encoding="utf-8") + "# rivista\n", encoding="utf-8")
    git(repository, "add", str(staged))
    done = hook(repository)
    assert done.returncode == 1, done.stdout
    assert "duplicate-id" in done.stdout and "TH-4-0001" in done.stdout


def test_a_schema_change_checks_every_record(repository):
    schema = repository / "schemas" / "household.schema.json"
    text = schema.read_text(encoding="utf-8")
    assert '"minimum": 1,\n      "maximum": 99' in text
    schema.write_text(text.replace('"minimum": 1,\n      "maximum": 99', '"minimum": 5,\n      "maximum": 99', 1),
                      encoding="utf-8")   # lots 1-4 become invalid
    git(repository, "add", str(schema))
    done = hook(repository)
    assert done.returncode == 1, done.stdout
    assert "(no files to check)" not in done.stdout and "Skipped" not in done.stdout
    counted = re.search(r"^  schema-range: ([0-9]+) errori in ([0-9]+) file", done.stdout, re.MULTILINE)
    assert counted and int(counted.group(2)) >= 250, done.stdout[-2000:]   # a long run is counted per rule


def _lot_average_as_the_error(repository: Path, limit: int) -> None:
    """A programme where each project may run over the limit (a warning) but a lot's average may not."""
    programme = repository / "config" / "programme.yaml"
    text = programme.read_text(encoding="utf-8").replace("max_project_months: 18", f"max_project_months: {limit}")
    assert "\nrules:" not in text
    programme.write_text(text + "rules:\n  duration-limit: {level: warning}\n", encoding="utf-8")
    git(repository, "commit", "-qam", f"average within {limit} months, single projects may run longer")


def _closed_lot_4_by_duration(repository: Path) -> list[Path]:
    from tohome_tools.io import loader

    durations = []
    for path in sorted((repository / "records").glob("TH-4-*.yaml")):
        data = loader.load_path(path).data
        closed = (data.get("closure") or {}).get("closed_on")
        start = (data.get("pact") or {}).get("signed_on")
        if closed and start:
            durations.append((_days(start, closed), path))
    return [path for _, path in sorted(durations)]


def _days(start: str, end: str) -> int:
    import datetime as dt

    return (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days


def test_a_commit_that_only_deletes_records_is_checked(repository):
    _lot_average_as_the_error(repository, 10)   # lot 4 averages 9.7 months over its closed projects
    docs_only = repository / "NOTE.md"
    docs_only.write_text("appunti\n", encoding="utf-8")
    git(repository, "add", str(docs_only))
    done = hook(repository)
    assert done.returncode == 0, done.stdout   # nothing the rules see: a quick pass, not a failure
    git(repository, "commit", "-qm", "note", "--no-verify")
    for path in _closed_lot_4_by_duration(repository)[:12]:   # the shortest projects leave the lot
        git(repository, "rm", "-q", str(path))
    done = hook(repository)
    assert "Skipped" not in done.stdout and "(no files to check)" not in done.stdout, done.stdout
    assert done.returncode == 1 and "lot-average-duration" in done.stdout and "Lotto 4" in done.stdout, done.stdout


def test_a_rename_is_checked_with_the_whole_repository(repository):
    old = repository / "records" / "TH-4-0001.yaml"
    git(repository, "mv", str(old), str(repository / "records" / "TH-4-0001-vecchia.yaml"))
    done = hook(repository)
    assert done.returncode == 1 and "file-name" in done.stdout, done.stdout


def test_the_shipped_configuration_works_as_it_is(tmp_path):
    """`.pre-commit-config.yaml` as shipped: pre-commit builds its own environment from the registry
    (the core dependencies listed there, the same as pyproject.toml's) and runs the working tree's
    toolkit; a bad staged record is refused with its finding, the fixed one goes through."""
    import tomllib

    if not PRE_COMMIT.exists():
        pytest.skip("pre-commit is not installed (it is in the test extra)")
    shipped = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook_config = shipped["repos"][0]["hooks"][0]
    published = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    core = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert hook_config["additional_dependencies"] == core
    same = ("id", "always_run", "pass_filenames")   # both run on every commit and ask git what it changes
    assert [hook_config.get(k) for k in same] == [published.get(k) for k in same]
    assert hook_config["entry"].endswith(published["entry"].removeprefix("tohome "))

    root = copy_project(tmp_path / "schede", "config", "schemas", "records", "tohome_tools")
    (root / ".pre-commit-config.yaml").write_text((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"),
                                                  encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "schede")
    record = root / "records" / "TH-4-0001.yaml"
    good = record.read_text(encoding="utf-8")
    record.write_text(good.replace("lot: 4", "lot: 4\nlotto_sbagliato: 1", 1), encoding="utf-8")
    git(root, "add", str(record))
    done = hook(root)
    assert done.returncode == 1 and "schema-unknown-field" in done.stdout and "TH-4-0001.yaml" in done.stdout, \
        done.stdout[-3000:] + done.stderr[-3000:]
    record.write_text(good + "# rivista\n", encoding="utf-8")
    git(root, "add", str(record))
    done = hook(root)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
