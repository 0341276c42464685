"""What a second outside adversary found in the erasure: a record copied inside a list or between
conflict markers, a note's text quoted in a minute, a server whose HEAD names no branch, the host's
own refs (pull requests), a push that failed half way, a commit made after an interruption, work
files left in the system's temporary folder. Each test fails on the version it was reported against."""

from __future__ import annotations

import subprocess
import time

import pytest
from helpers import git, tohome
from repos_helpers import (
    clean_server,
    clone,
    commit_all,
    every_object,
    install_pre_receive,
    record_with_note,
    small_world,
)

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("erase-second-adversary")]

GONE = "TH-4-0020"
SECRET = "SEGRETO-SECONDO dettagli privati del nucleo"


def _record(record_id: str = GONE, note: str = SECRET) -> str:
    return record_with_note(record_id, note)


@pytest.fixture
def world(tmp_path):
    return small_world(tmp_path, GONE, SECRET)


def _erase(world, *extra):
    return tohome("erase", GONE, "--request", "--apply", *extra, "--by", "Ada", cwd=world["admin"],
                  env_extra={"TMPDIR": str(world["top"] / "tmp")})


def _server_holds(world, text: str) -> bool:
    clean_server(world["server"])
    return text.encode() in every_object(world["server"])


def _indented(text: str, prefix: str) -> str:
    return "".join(prefix + line for line in text.splitlines(keepends=True))


def test_copies_in_a_list_between_conflict_markers_and_a_quoted_note(world):
    admin = world["admin"]
    (admin / "archivio").mkdir()
    listed = "nuclei:\n  - " + _indented(_record(), "    ").lstrip()   # the record as an item of a list
    (admin / "archivio" / "elenco.yaml").write_text(listed, encoding="utf-8")
    conflicted = "<<<<<<< HEAD\n" + _record() + "=======\nnotes: altro\n>>>>>>> ramo\n"
    (admin / "archivio" / "conflitto.txt").write_text(conflicted, encoding="utf-8")
    (admin / "archivio" / "verbale.md").write_text(f"# Verbale\n\nSi è parlato di: {SECRET}.\n", encoding="utf-8")
    commit_all(admin, "Archivio")
    git(admin, "push", "--quiet", "origin", "main")
    done = _erase(world, "--push")
    assert done.returncode == 0, done.stdout + done.stderr
    assert not _server_holds(world, SECRET)
    proved = tohome("erase", "--prove", "--repo", str(world["server"]), cwd=world["top"])
    assert proved.returncode == 0, proved.stdout + proved.stderr   # the ID only in the register
    assert (admin / "archivio" / "verbale.md").is_file()   # the minute stays, without the household's text
    assert SECRET not in (admin / "archivio" / "verbale.md").read_text(encoding="utf-8")


def test_a_server_whose_head_names_no_branch_still_runs_the_hook(world, tmp_path):
    server = world["server"]
    old = clone(server, tmp_path / "vecchio", "Bruno")
    install_pre_receive(server)
    git(server, "symbolic-ref", "HEAD", "refs/heads/non-esiste")
    done = _erase(world, "--push")
    assert done.returncode == 0, done.stdout + done.stderr
    (old / "nota.txt").write_text("lavoro vecchio\n", encoding="utf-8")
    commit_all(old, "Dal vecchio clone")
    pushed = subprocess.run(["git", "-C", str(old), "push", "--force", "origin", "main"], capture_output=True,
                            text=True)
    assert pushed.returncode != 0 and GONE in pushed.stderr, pushed.stderr
    fresh = clone(server, tmp_path / "nuovo", "Carla")
    git(fresh, "checkout", "--quiet", "main")
    (fresh / "nota.txt").write_text("lavoro nuovo\n", encoding="utf-8")
    commit_all(fresh, "Dal clone nuovo")
    assert subprocess.run(["git", "-C", str(fresh), "push", "origin", "main"], capture_output=True).returncode == 0


def test_the_hosts_own_refs_are_named_not_silently_kept(world):
    server = world["server"]
    head = git(world["admin"], "rev-parse", "HEAD").strip()
    git(server, "update-ref", "refs/pull/1/head", head)   # a pull request, as a git host keeps it
    done = _erase(world, "--push")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "refs/pull/1/head" in done.stdout   # the person is told the host still holds that one


def test_a_push_refused_half_way_is_finished_by_the_next_run(world):
    server = world["server"]
    hook = server / "hooks" / "pre-receive"
    hook.write_text(f"#!/bin/sh\ntest -e '{world['top']}/rifiuta' && exit 1\nexit 0\n", encoding="utf-8")
    hook.chmod(0o755)
    (world["top"] / "rifiuta").write_text("", encoding="utf-8")
    first = _erase(world, "--push")
    assert first.returncode == 1, first.stdout + first.stderr
    journal = world["admin"] / ".git" / "tohome-erasure.json"
    assert journal.is_file() and _server_holds(world, SECRET)   # nothing half-pushed
    (world["top"] / "rifiuta").unlink()
    second = tohome("erase", "--apply", cwd=world["admin"])
    assert second.returncode == 0, second.stdout + second.stderr
    assert not journal.exists() and not _server_holds(world, SECRET)
    assert git(server, "rev-parse", "main") == git(world["admin"], "rev-parse", "main")


def test_a_commit_after_an_interruption_is_never_thrown_away(world):
    server = world["server"]
    hook = server / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    assert _erase(world, "--push").returncode == 1
    admin = world["admin"]
    (admin / "mio-lavoro.txt").write_text("lavoro del pomeriggio\n", encoding="utf-8")
    mine = commit_all(admin, "Lavoro dopo l'interruzione")
    time.sleep(1.1)   # reflogs count seconds
    again = tohome("erase", "--apply", cwd=admin)
    assert again.returncode == 2 and "è cambiato" in again.stderr, again.stdout + again.stderr
    assert git(admin, "rev-parse", "HEAD").strip() == mine
    assert (admin / "mio-lavoro.txt").read_text(encoding="utf-8") == "lavoro del pomeriggio\n"


def test_no_work_file_is_left_in_the_systems_temporary_folder(world):
    (world["top"] / "tmp").mkdir()
    done = _erase(world, "--push")
    assert done.returncode == 0, done.stdout + done.stderr
    assert list((world["top"] / "tmp").rglob("*")) == []
    git_dir = world["admin"] / ".git"
    assert not (git_dir / "tohome-erase-work").exists() and not (git_dir / "filter-repo").exists()
