"""Each refusal of `tohome erase --apply`, with real repositories: the clone must be complete, clean and
the server's latest state, since a rewrite throws away whatever it does not carry. Every test checks
that nothing was changed: the same commit, the record still there, no register. Without the guard the
rewrite would run and each of them would fail."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from helpers import ROOT, git, tohome
from repos_helpers import bare_server, clone, commit_all

pytestmark = pytest.mark.xdist_group("erase-refusals")

ERASED = "TH-4-0012"
RECORDS = ["TH-4-0012", "TH-4-0013", "TH-1-0001"]


@pytest.fixture
def admin(tmp_path):
    server = bare_server(tmp_path / "server.git")
    repo = clone(server, tmp_path / "admin", "Ada")
    for part in ("config", "schemas"):
        shutil.copytree(ROOT / part, repo / part)
    (repo / "records").mkdir()
    for record_id in RECORDS:
        shutil.copy(ROOT / "records" / f"{record_id}.yaml", repo / "records")
    commit_all(repo, "Schede")
    git(repo, "push", "--quiet", "origin", "main")
    git(repo, "branch", "--quiet", "--set-upstream-to=origin/main")
    return repo


def _erase(repo, *extra):
    return tohome("erase", ERASED, "--request", "--apply", "--by", "Ada", *extra, cwd=repo)


def _unchanged(repo, head: str) -> None:
    assert git(repo, "rev-parse", "HEAD").strip() == head
    assert (repo / "records" / f"{ERASED}.yaml").exists() or git(repo, "cat-file", "-e", f"{head}:records/{ERASED}.yaml") == ""
    assert not (repo / "erasures.yaml").exists()


def _refused(repo, done, words: str, head: str) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert words in done.stderr, done.stderr
    assert "Non ho cambiato niente" in done.stderr
    _unchanged(repo, head)


def test_a_clean_clone_is_erased(admin):
    """The control: the same set-up without a problem is erased."""
    done = _erase(admin)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (admin / "records" / f"{ERASED}.yaml").exists()
    assert (admin / "erasures.yaml").exists()


def test_uncommitted_change(admin):
    head = git(admin, "rev-parse", "HEAD").strip()
    (admin / "records" / "TH-4-0013.yaml").write_text("# da finire\n", encoding="utf-8")
    _refused(admin, _erase(admin), "modifiche non registrate", head)
    assert (admin / "records" / "TH-4-0013.yaml").read_text(encoding="utf-8") == "# da finire\n"


def test_untracked_file(admin):
    head = git(admin, "rev-parse", "HEAD").strip()
    (admin / "records" / "TH-4-0099.yaml").write_text("id: TH-4-0099\n", encoding="utf-8")
    _refused(admin, _erase(admin), "TH-4-0099", head)
    assert (admin / "records" / "TH-4-0099.yaml").exists()


def test_unpushed_commit(admin):
    (admin / "records" / "TH-4-0013.yaml").write_text(
        (admin / "records" / "TH-4-0013.yaml").read_text(encoding="utf-8") + "# nota\n", encoding="utf-8")
    head = commit_all(admin, "Non ancora inviato")
    _refused(admin, _erase(admin), "commit non ancora inviati", head)


def test_unpushed_branch_and_tag(admin):
    head = git(admin, "rev-parse", "HEAD").strip()
    git(admin, "branch", "solo-qui")
    git(admin, "tag", "locale")
    done = _erase(admin)
    _refused(admin, done, "«solo-qui» non è sul server", head)
    assert "«locale» non è sul server" in done.stderr


def test_behind_the_server(admin, tmp_path):
    other = clone(tmp_path / "server.git", tmp_path / "other", "Bruno")
    (other / "records" / "TH-1-0001.yaml").write_text(
        (other / "records" / "TH-1-0001.yaml").read_text(encoding="utf-8") + "# nuova\n", encoding="utf-8")
    commit_all(other, "Lavoro di un collega")
    git(other, "push", "--quiet", "origin", "main")
    head = git(admin, "rev-parse", "HEAD").strip()
    _refused(admin, _erase(admin), "non è aggiornato con il server", head)


def test_stash(admin):
    head = git(admin, "rev-parse", "HEAD").strip()
    (admin / "records" / "TH-4-0013.yaml").write_text("# messo da parte\n", encoding="utf-8")
    git(admin, "stash", "--quiet")
    _refused(admin, _erase(admin), "git stash", head)


def test_no_server(tmp_path):
    repo = tmp_path / "solo"
    subprocess.run(["git", "init", "--quiet", "--initial-branch=main", str(repo)], check=True)
    for part in ("config", "schemas"):
        shutil.copytree(ROOT / part, repo / part)
    (repo / "records").mkdir()
    shutil.copy(ROOT / "records" / f"{ERASED}.yaml", repo / "records")
    head = commit_all(repo, "Schede")
    _refused(repo, _erase(repo), "non ha il server «origin»", head)
    done = _erase(repo, "--no-remote")   # said explicitly: a repository that has no server
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (repo / "records" / f"{ERASED}.yaml").exists()


def test_shallow_clone(admin, tmp_path):
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", f"file://{tmp_path / 'server.git'}", str(shallow)],
                   check=True)
    head = git(shallow, "rev-parse", "HEAD").strip()
    _refused(shallow, _erase(shallow), "clone superficiale", head)


def test_merge_in_progress(admin):
    git(admin, "switch", "--quiet", "-c", "altro")
    path = admin / "records" / "TH-4-0013.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("lot: 4", "lot: 4  # altro"), encoding="utf-8")
    commit_all(admin, "Da una parte")
    git(admin, "push", "--quiet", "origin", "altro")
    git(admin, "switch", "--quiet", "main")
    path.write_text(path.read_text(encoding="utf-8").replace("lot: 4", "lot: 4  # main"), encoding="utf-8")
    commit_all(admin, "Dall'altra")
    git(admin, "push", "--quiet", "origin", "main")
    head = git(admin, "rev-parse", "HEAD").strip()
    subprocess.run(["git", "-C", str(admin), "merge", "altro"], capture_output=True)   # a conflict, left open
    _refused(admin, _erase(admin), "a metà", head)


def test_a_branch_named_after_the_household(admin):
    git(admin, "branch", f"fix-{ERASED.lower()}")
    git(admin, "push", "--quiet", "origin", f"fix-{ERASED.lower()}")
    head = git(admin, "rev-parse", "HEAD").strip()
    _refused(admin, _erase(admin), "porta nel nome il codice", head)


def test_a_damaged_clone(admin):
    """A missing object: history cannot be read whole, so it cannot be rewritten whole."""
    blob = git(admin, "rev-parse", "HEAD:records/TH-4-0013.yaml").strip()
    packs = admin / ".git" / "objects" / "pack"
    for pack in packs.glob("*.pack"):   # every object loose, then one of them gone
        moved = pack.with_suffix(".old")
        pack.rename(moved)
        pack.with_suffix(".idx").unlink()
        with moved.open("rb") as data:
            subprocess.run(["git", "-C", str(admin), "unpack-objects", "-q"], stdin=data, check=True)
        moved.unlink()
    (admin / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    head = git(admin, "rev-parse", "HEAD").strip()
    for done in (_erase(admin), tohome("erase", ERASED, "--request", cwd=admin)):   # applied, or only shown
        assert done.returncode == 2, done.stdout + done.stderr
        assert "danneggiato" in done.stderr and blob in done.stderr and "Non cancello nulla" in done.stderr
        assert "Errore interno" not in done.stderr and "Traceback" not in done.stderr
        _unchanged(admin, head)


def test_unknown_and_already_erased_ids_are_errors(admin):
    done = tohome("erase", "TH-4-9999", cwd=admin)
    assert done.returncode == 2 and "TH-4-9999" in done.stderr and "nessuna scheda" in done.stderr
    done = tohome("erase", "th-4-0012", cwd=admin)   # any case, as sheet takes it
    assert done.returncode == 0 and "TH-4-0012" in done.stdout and "Non ho cambiato niente" in done.stdout
    done = tohome("erase", "TH-4-0013", cwd=admin)   # retention not over: only at the person's request
    assert done.returncode == 2 and "--request" in done.stderr


def test_nothing_expired_says_so(admin):
    done = tohome("erase", "--expired", "--as-of", "2019-01-01", cwd=admin)
    assert done.returncode == 0 and "Nessun nucleo da cancellare" in done.stdout
