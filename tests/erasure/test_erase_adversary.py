"""What an outside adversary found in the first version of the erasure, each case as it was reported:
data left behind while the proof said clean, pushes the check let through, work a rewrite lost, an
interrupted run. Each test fails on that version."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time

import pytest
from helpers import COMMAND, git, tohome, user_env
from repos_helpers import (
    clean_server,
    clone,
    commit_all,
    every_object,
    install_pre_receive,
    record_with_note,
    small_world,
)

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("erase-adversary")]

GONE = "TH-4-0020"
SECRET = "SEGRETO-ADV dettagli privati del nucleo"


def _record(record_id: str = GONE, note: str = SECRET) -> str:
    return record_with_note(record_id, note)


@pytest.fixture
def world(tmp_path):
    return small_world(tmp_path, GONE, SECRET)


def _push_all(repo) -> None:
    git(repo, "push", "--quiet", "origin", "--all")
    git(repo, "push", "--quiet", "origin", "--tags")


def _erase(world, *extra, check=True):
    done = tohome("erase", GONE, "--request", "--apply", "--push", "--by", "Ada", *extra, cwd=world["admin"])
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
        clean_server(world["server"])
    return done


def _nowhere(world, *secrets: str) -> None:
    fresh = clone(world["server"], world["top"] / f"fresh-{time.monotonic_ns()}", "Verifica")
    subprocess.run(["git", "-C", str(fresh), "fetch", "--quiet", "origin", "+refs/*:refs/remotes/all/*"], check=False)
    for where in (world["server"], fresh):
        data = every_object(where)
        for secret in secrets:
            assert secret.encode() not in data, (where, secret)
    proved = tohome("erase", "--prove", "--repo", str(world["server"]), cwd=world["top"])
    assert proved.returncode == 0, proved.stdout + proved.stderr


def test_a_git_note_holding_a_copy_of_the_record(world):
    admin = world["admin"]
    note = admin.parent / "nota.txt"
    note.write_text(_record(note="SEGRETO-NOTA copia nella nota di git"), encoding="utf-8")
    git(admin, "notes", "add", "-F", str(note), "HEAD")
    git(admin, "push", "--quiet", "origin", "refs/notes/*:refs/notes/*")
    _erase(world)
    _nowhere(world, "SEGRETO-NOTA", SECRET)


def test_a_version_committed_under_a_mistyped_id(world):
    admin = world["admin"]
    typo = admin / "records" / "TH-4-0200.yaml"
    typo.write_text(_record(note="SEGRETO-TYPO testo privato lungo").replace(f"id: {GONE}", "id: TH-4-0200"),
                    encoding="utf-8")
    (admin / "records" / f"{GONE}.yaml").unlink()
    commit_all(admin, "Nuova scheda")
    git(admin, "mv", "records/TH-4-0200.yaml", f"records/{GONE}.yaml")
    (admin / "records" / f"{GONE}.yaml").write_text(_record(), encoding="utf-8")
    commit_all(admin, "Codice corretto")
    git(admin, "push", "--quiet", "origin", "main")
    _erase(world)
    _nowhere(world, "SEGRETO-TYPO", SECRET)


def test_a_multiline_note_copied_elsewhere_line_by_line(world):
    admin = world["admin"]
    record = admin / "records" / f"{GONE}.yaml"
    text = record.read_text(encoding="utf-8").replace(
        f'notes: "{SECRET}"', "notes: SEGRETO-PIANA prima parte della frase\n        continua sulla riga dopo molto privata")
    record.write_text(text, encoding="utf-8")
    (admin / "appunti.txt").write_text("SEGRETO-PIANA prima parte della frase\ncontinua sulla riga dopo molto privata\n",
                                       encoding="utf-8")
    commit_all(admin, "Nota su due righe")
    git(admin, "push", "--quiet", "origin", "main")
    _erase(world)
    _nowhere(world, "SEGRETO-PIANA", "continua sulla riga dopo molto privata")


def test_notes_pages_and_documents_beside_the_records(world):
    admin = world["admin"]
    (admin / "records" / "promemoria.txt").write_text(f"{GONE}: SEGRETO-PROMEMORIA richiamare\n", encoding="utf-8")
    (admin / "stampe").mkdir()
    (admin / "stampe" / "foglio.html").write_text(f"<h1>Progetto {GONE}</h1><p>SEGRETO-FOGLIO</p>", encoding="utf-8")
    (admin / "stampe" / "patto-firmato.pdf").write_bytes(b"%PDF-1.7\n\x00\x01binary SEGRETO-PDF\n")
    commit_all(admin, "Stampe")
    git(admin, "push", "--quiet", "origin", "main")
    shown = tohome("erase", GONE, "--request", cwd=admin)
    assert "stampe/patto-firmato.pdf" in shown.stdout and "--remove-file" in shown.stdout
    _erase(world, "--remove-file", "stampe/patto-firmato.pdf")
    _nowhere(world, "SEGRETO-PROMEMORIA", "SEGRETO-FOGLIO", "SEGRETO-PDF", SECRET)


def test_another_records_id_in_other_spellings_is_replaced(world):
    admin = world["admin"]
    other = admin / "records" / "TH-4-0012.yaml"
    text = other.read_text(encoding="utf-8")
    other.write_text(text.replace("notes:", "notes: fratello di TH\u20114\u20110020 e di TH-04-0020 —", 1),
                     encoding="utf-8")
    commit_all(admin, "Nota")
    git(admin, "push", "--quiet", "origin", "main")
    _erase(world)
    data = every_object(world["server"])
    assert "TH\u20114\u20110020".encode() not in data and b"TH-04-0020" not in data


def test_the_push_check_refuses_a_ref_to_an_erased_version_a_copy_and_a_register_taken_away(world):
    server = world["server"]
    stale = clone(server, world["top"] / "vecchio", "Carla")
    blob = git(stale, "rev-parse", f"HEAD:records/{GONE}.yaml").strip()
    install_pre_receive(server)
    _erase(world)
    refused = subprocess.run(["git", "-C", str(stale), "push", "origin", f"{blob}:refs/tags/b"], capture_output=True,
                             text=True)
    assert refused.returncode != 0 and "pre-receive hook declined" in refused.stderr
    fresh = clone(server, world["top"] / "nuovo", "Dora")
    (fresh / "docs").mkdir()
    (fresh / "docs" / "esempio.md").write_text(_record(note="modificata"), encoding="utf-8")
    commit_all(fresh, "Un esempio")
    refused = subprocess.run(["git", "-C", str(fresh), "push", "origin", "main"], capture_output=True, text=True)
    assert refused.returncode != 0 and GONE in refused.stderr
    git(fresh, "reset", "--quiet", "--hard", "origin/main")
    (fresh / "erasures.yaml").unlink()
    commit_all(fresh, "Via il registro")
    refused = subprocess.run(["git", "-C", str(fresh), "push", "origin", "main"], capture_output=True, text=True)
    assert refused.returncode != 0 and "registro" in refused.stderr
    # what the example CI runs when the branch is new (no "before"): every register history holds
    git(stale, "fetch", "--quiet", "origin")
    checked = tohome("erase", "--check", "HEAD", cwd=stale)
    assert checked.returncode == 1 and GONE in checked.stderr


def test_refs_to_files_hidden_edits_reflog_only_work_and_a_second_server_are_refused(world, tmp_path):
    admin = world["admin"]
    head = git(admin, "rev-parse", "HEAD").strip()
    cases = []
    blob = git(admin, "rev-parse", "HEAD:records/TH-4-0012.yaml").strip()
    cases.append((["tag", "sul-file", blob], ["tag", "-d", "sul-file"], "punta a un file"))
    cases.append((["update-index", "--assume-unchanged", "records/TH-4-0013.yaml"],
                  ["update-index", "--no-assume-unchanged", "records/TH-4-0013.yaml"], "istruito a non guardare"))
    cases.append((["remote", "add", "backup", str(world["server"])], ["remote", "remove", "backup"],
                  "più di un server"))
    for make, undo, words in cases:
        git(admin, *make)
        if make[0] == "update-index":   # an edit git is told not to see
            (admin / "records" / "TH-4-0013.yaml").write_text("# modifica nascosta\n", encoding="utf-8")
        done = _erase(world, check=False)
        assert done.returncode == 2 and words in done.stderr, (make, done.stderr)
        assert git(admin, "rev-parse", "HEAD").strip() == head and (admin / "records" / f"{GONE}.yaml").exists()
        git(admin, *undo)
        git(admin, "checkout", "--", "records")
    (admin / "records" / "TH-4-0013.yaml").write_text("# lavoro non inviato\n", encoding="utf-8")
    commit_all(admin, "Lavoro")
    git(admin, "reset", "--quiet", "--hard", head)   # the commit lives on in the reflog only
    done = _erase(world, check=False)
    assert done.returncode == 2 and "solo dal reflog" in done.stderr


def test_the_printed_push_never_overwrites_a_colleague(world):
    admin, server = world["admin"], world["server"]
    done = tohome("erase", GONE, "--request", "--apply", "--by", "Ada", cwd=admin)
    assert done.returncode == 0, done.stderr
    command = next(line.strip() for line in done.stdout.splitlines() if "--force-with-lease" in line)
    colleague = clone(server, world["top"] / "collega", "Bruno")
    (colleague / "records" / "TH-4-0013.yaml").write_text(
        (colleague / "records" / "TH-4-0013.yaml").read_text(encoding="utf-8") + "# nuovo\n", encoding="utf-8")
    theirs = commit_all(colleague, "Lavoro di un collega")
    git(colleague, "push", "--quiet", "origin", "main")
    pushed = subprocess.run(command, shell=True, capture_output=True, text=True)
    assert pushed.returncode != 0
    assert git(server, "rev-parse", "main").strip() == theirs


@pytest.mark.parametrize("delay", [0.0, 0.4, 1.2, 3.0])
def test_an_interrupted_erasure_is_finished_by_the_next_run(world, delay):
    """Stopped at any moment (before, inside or after git-filter-repo), the next run finishes it: the
    files git-filter-repo had not yet reset are not taken for a person's work."""
    admin = world["admin"]
    process = subprocess.Popen([*COMMAND, "erase", GONE, "--request", "--apply", "--by", "Ada"], cwd=admin,
                               env=user_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    journal = admin / ".git" / "tohome-erasure.json"
    deadline = time.monotonic() + 60
    while not journal.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(delay)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
    out, err = process.communicate(timeout=120)
    if process.returncode == 143:
        assert "rilancia «tohome erase --apply»" in err, err
        shown = tohome("erase", cwd=admin)
        assert shown.returncode == 2 and "interrotta a metà" in shown.stdout and GONE in shown.stdout
    finished = tohome("erase", "--apply", "--by", "Ada", cwd=admin) if journal.exists() else None
    if finished is not None:
        assert finished.returncode == 0, finished.stdout + finished.stderr
    assert not journal.exists()
    assert f"id: {GONE}" in (admin / "erasures.yaml").read_text(encoding="utf-8")
    assert SECRET.encode() not in every_object(admin)
    again = tohome("erase", GONE, "--request", cwd=admin)
    assert again.returncode == 2 and "già cancellato" in again.stderr


def test_a_copy_left_behind_is_erased_by_running_again(world, tmp_path):
    """An erasure that missed a copy (here: one committed afterwards, in a repository without a server)
    is finished by running it again: no second register entry, the copy goes, the proof passes."""
    repo = tmp_path / "solo"
    shutil.copytree(world["admin"], repo)
    git(repo, "remote", "remove", "origin")
    done = tohome("erase", GONE, "--request", "--apply", "--by", "Ada", "--no-remote", cwd=repo)
    assert done.returncode == 0, done.stderr
    (repo / "docs").mkdir()
    (repo / "docs" / "copia.md").write_text(_record(note="SEGRETO-COPIA rimasta"), encoding="utf-8")
    commit_all(repo, "Copia")
    again = tohome("erase", GONE, "--request", "--apply", "--by", "Ada", "--no-remote", cwd=repo)
    assert again.returncode == 0, again.stdout + again.stderr
    assert b"SEGRETO-COPIA" not in every_object(repo)
    assert (repo / "erasures.yaml").read_text(encoding="utf-8").count(f"id: {GONE}") == 1
