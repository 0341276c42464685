"""`tohome validate --changed-since` remembers the summaries of unchanged records by git blob id.

Each case runs the real command on a real git repository, once to fill the cache and once more
with it, and checks the result against a full run without any cache: a stale, damaged or partial
cache may cost time but never change a finding.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import git

from tohome_tools.cli import main as cli
from tohome_tools.records import summarycache
from tohome_tools.records.rules import collection_rules

N = 12
COLLECTION = {r.code for r in collection_rules()}
RECORD = Path(__file__).parents[1] / "examples" / "valid" / "full" / "TH-4-0001.yaml"
# a duplicate ID is told at the record's `id:` line (counted here, not taken from the tool)
ID_LINE = next(n for n, line in enumerate(RECORD.read_text(encoding="utf-8").splitlines(), 1) if line.startswith("id:"))


@pytest.fixture
def repo(project_copy: Path, base_record_text: str, monkeypatch) -> Path:
    for n in range(1, N + 1):
        text = base_record_text.replace("id: TH-4-0001", f"id: TH-4-{n:04d}")
        (project_copy / "records" / f"TH-4-{n:04d}.yaml").write_text(text, encoding="utf-8")
    git(project_copy, "init", "-q", "-b", "main")
    git(project_copy, "add", "-A")
    git(project_copy, "commit", "-qm", "initial")
    monkeypatch.chdir(project_copy)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return project_copy


def run(capsys, *args: str) -> set[tuple[str, str, int]]:
    capsys.readouterr()
    status = cli.main(["validate", "--format", "json", *args])
    out = capsys.readouterr().out
    assert status in (0, 1), out
    return {(f["file"], f["code"], f["line"]) for f in json.loads(out)}


def full_run_view(capsys, *changed: int) -> set[tuple[str, str, int]]:
    """What --changed-since must report, from a full run without cache: the changed records' own
    findings and every collection finding."""
    names = {f"records/TH-4-{n:04d}.yaml" for n in changed}
    return {f for f in run(capsys) if f[0] in names or f[1] in COLLECTION}


def cache_file(root: Path) -> Path:
    return root / ".git" / summarycache.FILE


def set_id(root: Path, number: int, new_id: str) -> None:
    path = root / "records" / f"TH-4-{number:04d}.yaml"
    path.write_text(path.read_text().replace(f"id: TH-4-{number:04d}", f"id: {new_id}"), encoding="utf-8")


def test_the_cache_is_written_under_git_and_gives_the_same_findings(repo, capsys):
    set_id(repo, 2, "TH-4-0003")  # duplicate of an unchanged record
    cold = run(capsys, "--changed-since", "HEAD")
    stored = json.loads(cache_file(repo).read_text())
    assert len(stored["entries"]) == N - 1  # every unchanged record, none of the changed one
    assert ("records/TH-4-0003.yaml", "duplicate-id", ID_LINE) in cold
    assert cold == full_run_view(capsys, 2)
    warm = run(capsys, "--changed-since", "HEAD")
    assert warm == cold
    assert "tohome" not in git(repo, "status", "--porcelain", "--ignored")  # never a file to commit


def test_a_record_committed_after_the_cache_was_filled_is_read_again(repo, capsys):
    run(capsys, "--changed-since", "HEAD")  # caches the summary of record 5 as TH-4-0005
    set_id(repo, 5, "TH-4-0006")
    git(repo, "commit", "-qam", "record 5 now clashes with 6")
    set_id(repo, 7, "TH-4-0099")  # something changed, so the run has a target
    found = run(capsys, "--changed-since", "HEAD")
    assert ("records/TH-4-0006.yaml", "duplicate-id", ID_LINE) in found
    assert found == full_run_view(capsys, 7)


def test_an_edited_record_is_judged_on_its_new_content(repo, capsys):
    run(capsys, "--changed-since", "HEAD")
    set_id(repo, 4, "TH-4-0008")
    found = run(capsys, "--changed-since", "HEAD")
    assert ("records/TH-4-0008.yaml", "duplicate-id", ID_LINE) in found
    assert found == full_run_view(capsys, 4)


def test_a_new_untracked_record_is_checked_and_counted(repo, capsys):
    run(capsys, "--changed-since", "HEAD")
    (repo / "records" / "TH-4-0100.yaml").write_text(
        (repo / "records" / "TH-4-0009.yaml").read_text(), encoding="utf-8")
    found = run(capsys, "--changed-since", "HEAD")
    assert ("records/TH-4-0100.yaml", "duplicate-id", ID_LINE) in found
    assert found == full_run_view(capsys, 100)


def test_a_deleted_record_no_longer_counts(repo, capsys):
    set_id(repo, 10, "TH-4-0011")
    git(repo, "commit", "-qam", "10 duplicates 11")
    (repo / "records" / "TH-4-0001.yaml").write_text(
        (repo / "records" / "TH-4-0001.yaml").read_text() + "# edited\n", encoding="utf-8")
    before = run(capsys, "--changed-since", "HEAD")
    assert ("records/TH-4-0011.yaml", "duplicate-id", ID_LINE) in before  # both unchanged, clash still seen
    assert before == full_run_view(capsys, 1)
    (repo / "records" / "TH-4-0010.yaml").unlink()
    (repo / "records" / "TH-4-0011.yaml").write_text(
        (repo / "records" / "TH-4-0011.yaml").read_text() + "# edited\n", encoding="utf-8")
    after = run(capsys, "--changed-since", "HEAD")
    assert not any(code == "duplicate-id" for _, code, _ in after)
    assert after == full_run_view(capsys, 1, 11)


@pytest.mark.parametrize("damage", ["not json", json.dumps({"format": "other", "entries": {}}),
                                    json.dumps({"format": summarycache.FORMAT, "entries": []}),
                                    json.dumps({"format": summarycache.FORMAT, "entries": {"x": 5}})])
def test_a_damaged_or_foreign_cache_is_ignored(repo, capsys, damage):
    set_id(repo, 3, "TH-4-0002")
    expected = run(capsys, "--changed-since", "HEAD")
    cache_file(repo).write_text(damage, encoding="utf-8")
    assert run(capsys, "--changed-since", "HEAD") == expected


def test_a_wrong_entry_for_a_blob_would_be_used_so_entries_are_keyed_by_content(repo, capsys):
    """The key is the blob id (a hash of the bytes): the only way to get a wrong summary is to
    write one by hand, which this test does to prove the cache is really read."""
    set_id(repo, 3, "TH-4-0099")
    run(capsys, "--changed-since", "HEAD")
    stored = json.loads(cache_file(repo).read_text())
    blob = git(repo, "rev-parse", "HEAD:records/TH-4-0006.yaml").strip()
    stored["entries"][blob][0] = "TH-4-0099"
    cache_file(repo).write_text(json.dumps(stored), encoding="utf-8")
    found = run(capsys, "--changed-since", "HEAD")
    assert ("records/TH-4-0006.yaml", "duplicate-id", ID_LINE) in found  # 0003 sorts first
    assert found != full_run_view(capsys, 3)


def test_a_full_run_fills_the_cache_for_later_changed_since_runs(repo, capsys):
    assert not cache_file(repo).exists()
    full = run(capsys)
    stored = json.loads(cache_file(repo).read_text())["entries"]
    tree = {line.split()[2] for line in git(repo, "ls-tree", "-r", "HEAD", "records").splitlines()}
    assert set(stored) == tree  # our content hash is git's blob id
    set_id(repo, 6, "TH-4-0007")
    edited = repo / "records" / "TH-4-0006.yaml"
    edited.write_text(edited.read_text() + "# edited\n", encoding="utf-8")  # not a copy of record 7's bytes
    before = cache_file(repo).read_bytes()
    found = run(capsys, "--changed-since", "HEAD")
    after = json.loads(cache_file(repo).read_text())["entries"]
    assert set(after) - tree == {git(repo, "hash-object", "records/TH-4-0006.yaml").strip()}  # only the edit was read
    assert before != cache_file(repo).read_bytes()
    assert found == full_run_view(capsys, 6)
    assert full != found


def test_outside_git_a_full_run_writes_no_cache(project_copy, base_record_text, capsys, monkeypatch):
    (project_copy / "records" / "TH-4-0001.yaml").write_text(base_record_text, encoding="utf-8")
    monkeypatch.chdir(project_copy)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(project_copy.parent))
    assert run(capsys) == set()
    assert not any(project_copy.rglob("summaries.json"))


# `tohome validate FILE...` (what the pre-commit hook runs): the named records are checked in full,
# every other record is counted by the rules across records, from its remembered summary when git's
# index says its working copy is unchanged.

def named_run(repo: Path, capsys, *numbers: int, cache: bool = True) -> set[tuple[str, str, int]]:
    if not cache and cache_file(repo).exists():
        cache_file(repo).unlink()
    return run(capsys, *(f"records/TH-4-{n:04d}.yaml" for n in numbers))


def test_naming_a_file_takes_the_other_records_from_the_cache(repo, capsys):
    """Proved the way the test above proves it for --changed-since: a summary written by hand."""
    run(capsys)   # a full run fills the cache
    stored = json.loads(cache_file(repo).read_text())
    blob = git(repo, "rev-parse", "HEAD:records/TH-4-0006.yaml").strip()
    stored["entries"][blob][0] = "TH-4-0001"
    cache_file(repo).write_text(json.dumps(stored), encoding="utf-8")
    assert ("records/TH-4-0006.yaml", "duplicate-id", ID_LINE) in named_run(repo, capsys, 1)   # the named one sorts first
    assert named_run(repo, capsys, 1, cache=False) == set()


@pytest.mark.parametrize("how", ["edited", "staged", "staged then edited", "untracked"])
def test_naming_a_file_reads_every_record_git_does_not_know_unchanged(repo, capsys, how):
    run(capsys)
    if how == "untracked":
        clash = repo / "records" / "TH-4-0100.yaml"
        clash.write_text((repo / "records" / "TH-4-0001.yaml").read_text(), encoding="utf-8")
    else:
        set_id(repo, 5, "TH-4-0099" if how == "staged then edited" else "TH-4-0001")
        if how.startswith("staged"):
            git(repo, "add", "records/TH-4-0005.yaml")
        if how == "staged then edited":
            set_id_from(repo, 5, "TH-4-0099", "TH-4-0001")
    warm = named_run(repo, capsys, 1)
    assert any(code == "duplicate-id" for _, code, _ in warm), warm
    assert warm == named_run(repo, capsys, 1, cache=False)


def set_id_from(root: Path, number: int, old: str, new: str) -> None:
    path = root / "records" / f"TH-4-{number:04d}.yaml"
    path.write_text(path.read_text().replace(f"id: {old}", f"id: {new}"), encoding="utf-8")


def test_another_record_schema_starts_a_new_cache(repo, capsys):
    """A summary depends on the record schema (`lot: 4.0` is lot 4 because the schema wants a whole
    number there): summaries remembered under another schema are not used."""
    run(capsys)
    before = json.loads(cache_file(repo).read_text())
    schema = repo / "schemas" / "household.schema.json"
    data = json.loads(schema.read_text())
    data["description"] = data.get("description", "") + " (rivista)"
    schema.write_text(json.dumps(data), encoding="utf-8")
    run(capsys)
    after = json.loads(cache_file(repo).read_text())
    assert after["format"] != before["format"]
    assert set(after["entries"]) == set(before["entries"])   # rebuilt from the files, not carried over


def test_a_duplicate_id_is_told_at_its_own_id_line(repo, capsys):
    """A finding across records is at a line the user can open: the later file's `id:` value, wherever
    that file has it (here below three comment lines), never 1:1."""
    path = repo / "records" / "TH-4-0005.yaml"
    path.write_text("# copia\n# di lavoro\n# (bozza)\n" + path.read_text().replace("id: TH-4-0005", "id: TH-4-0004"),
                    encoding="utf-8")
    capsys.readouterr()
    status = cli.main(["validate", "--format", "json"])
    found = [f for f in json.loads(capsys.readouterr().out) if f["code"] == "duplicate-id"]
    assert status == 1 and [(f["file"], f["line"], f["column"]) for f in found] == \
        [("records/TH-4-0005.yaml", ID_LINE + 3, len("id: ") + 1)], found
