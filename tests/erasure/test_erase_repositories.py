"""Erasure as it is used: a bare repository as the server, an administrator's clone and a colleague's,
branches, a merge, an annotated tag, commit messages that name households, and text planted in the
erased records only. After `tohome erase --apply`, the push and the server's clean-up that it prints,
no object of the server or of a fresh clone holds the planted text, the IDs or a version of the
records; every other household's history is the same field by field; the published release is the
same byte for byte; and the colleague's old clone cannot push the data back.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from helpers import ROOT, git, tohome
from repos_helpers import (
    bare_server,
    clean_server,
    clone,
    commit_all,
    every_object,
    install_pre_receive,
    messages,
    tree_digest,
    with_note,
)

from tohome_tools.casework.history import history

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("erase-repositories")]

ERASED = ["TH-1-0005", "TH-2-0003", "TH-4-0020"]
PLANTED = {
    "TH-1-0005": ["SEGRETO-ALFA sfratto in via Nizza 12, scala B", "SEGRETO-ALFA-BIS debito con il padrone di casa"],
    "TH-2-0003": ["SEGRETO-BETA la figlia frequenta la scuola Pestalozzi"],
    "TH-4-0020": ["SEGRETO-GAMMA ricoverato al Maria Vittoria"],
}
KEPT = [f"TH-{lot}-{n:04d}" for lot in (1, 2, 3, 4) for n in range(1, 11)] + ["TH-4-0020"]


def _write(repo, record_id: str, text: str) -> None:
    (repo / "records" / f"{record_id}.yaml").write_text(text, encoding="utf-8")


def _text(record_id: str) -> str:
    return (ROOT / "records" / f"{record_id}.yaml").read_text(encoding="utf-8")


def _changed_field(text: str) -> str:
    """A survivor's edit that the history tells field by field: the household size note."""
    return with_note(text, "Verifica dell'andamento, aggiornata")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    top = tmp_path_factory.mktemp("erase")
    server = bare_server(top / "server.git")
    install_pre_receive(server)
    admin = clone(server, top / "admin", "Ada Amministratrice")
    for part in ("config", "schemas", "release"):
        shutil.copytree(ROOT / part, admin / part)
    (admin / "records").mkdir()
    for record_id in KEPT:
        _write(admin, record_id, _text(record_id))
    commit_all(admin, "Prime schede del 2019, tra cui TH-1-0005 e TH-1-0006", author="Ada Amministratrice",
               date="2019-03-01T10:00:00+01:00")
    # a version that only history keeps: planted, then overwritten
    _write(admin, "TH-1-0005", with_note(_text("TH-1-0005"), PLANTED["TH-1-0005"][0]))
    _write(admin, "TH-1-0006", _changed_field(_text("TH-1-0006")))
    commit_all(admin, "Monitoraggio TH-1-0005 e TH-1-0006", author="Carla Case", date="2019-04-02T09:30:00+02:00")
    _write(admin, "TH-1-0005", with_note(_text("TH-1-0005"), PLANTED["TH-1-0005"][1]))
    commit_all(admin, f"th-1-0005: nota «{PLANTED['TH-1-0005'][1]}»", author="Carla Case",
               date="2019-05-02T09:30:00+02:00")
    # a branch, merged back with a merge commit
    git(admin, "switch", "--quiet", "-c", "lavoro")
    _write(admin, "TH-2-0003", with_note(_text("TH-2-0003"), PLANTED["TH-2-0003"][0]))
    _write(admin, "TH-2-0004", _changed_field(_text("TH-2-0004")))
    commit_all(admin, "Colloqui TH-2-0003 / TH-2-0004", author="Bruno Bianchi", date="2019-06-10T11:00:00+02:00")
    git(admin, "switch", "--quiet", "main")
    _write(admin, "TH-3-0001", _changed_field(_text("TH-3-0001")))
    commit_all(admin, "Aggiornata TH-3-0001", author="Carla Case", date="2019-06-11T11:00:00+02:00")
    git(admin, "merge", "--quiet", "--no-ff", "-m", "Unione del lavoro sul lotto 2 (TH-2-0003)", "lavoro",
        author="Ada Amministratrice", date="2019-06-12T12:00:00+02:00")
    git(admin, "tag", "-a", "stato-2019", "-m", "Stato a metà 2019, con TH-4-0020", author="Ada Amministratrice")
    # a branch that is pushed and never merged
    git(admin, "switch", "--quiet", "-c", "proposta")
    _write(admin, "TH-4-0020", with_note(_text("TH-4-0020"), PLANTED["TH-4-0020"][0]))
    commit_all(admin, f"TH-4-0020: {PLANTED['TH-4-0020'][0]}", author="Dora Dati", date="2019-07-01T08:00:00+02:00")
    git(admin, "switch", "--quiet", "main")
    git(admin, "push", "--quiet", "--all", "origin")
    git(admin, "push", "--quiet", "--tags", "origin")
    colleague = clone(server, top / "colleague", "Carla Case")
    git(colleague, "fetch", "--quiet", "origin", "proposta:proposta")

    before_history = {i: _history(admin, i) for i in KEPT if i not in ERASED}
    before_release = tree_digest(admin / "release")
    done = tohome("erase", *ERASED, "--request", "--apply", "--push", "--by", "Ada Amministratrice", cwd=admin)
    assert done.returncode == 0, done.stdout + done.stderr
    clean_server(server)
    fresh = clone(server, top / "fresh", "Nuova Collega")
    return {"server": server, "admin": admin, "colleague": colleague, "fresh": fresh, "erase": done,
            "history": before_history, "release": before_release}


def _history(repo, record_id: str) -> list[tuple]:
    """What `tohome history` tells of a record: who, when, the subject (IDs of erased households as the
    erasure writes them) and the change of every field. Commit ids are left out: a rewrite renews them."""
    out = []
    for revision in history(repo / "records" / f"{record_id}.yaml"):
        subject = revision.subject
        for erased in ERASED:
            for form in (erased, erased.lower()):
                subject = subject.replace(form, "nucleo-cancellato")
        out.append((revision.author, revision.email, revision.when, subject, revision.created, revision.changes))
    return out


@pytest.mark.parametrize("where", ["server", "fresh"])
def test_no_object_holds_the_planted_text_the_ids_or_a_version(world, where):
    data = every_object(world[where])
    for record_id, texts in PLANTED.items():
        for text in texts:
            assert text.encode() not in data, (where, text)
            assert text.split()[0].encode() not in data, (where, text)
    log = messages(world[where])
    for record_id in ERASED:
        assert record_id not in log and record_id.lower() not in log
        assert not (world[where] / "records" / f"{record_id}.yaml").exists()
    proved = tohome("erase", "--prove", "--repo", str(world[where]), cwd=world[where])
    assert proved.returncode == 0, proved.stdout + proved.stderr


def test_the_erasure_reports_what_it_proved(world):
    out = world["erase"].stdout
    assert "Verifica: letti" in out and "nessuno contiene" in out
    assert "4 testi distintivi" in out   # the four planted texts, known while the erasure ran
    assert "Fatto: la storia riscritta è sul server" in out and "clonato di" in out


def test_every_other_household_keeps_its_history_field_by_field(world):
    for record_id, before in world["history"].items():
        after = _history(world["fresh"], record_id)
        assert after == before, record_id
    assert any(len(h) > 1 for h in world["history"].values())   # some survivors were really edited


def test_branches_tags_and_the_merge_survive(world):
    fresh = world["fresh"]
    refs = git(fresh, "ls-remote", "--heads", "--tags", "origin")
    assert "refs/heads/lavoro" in refs and "refs/heads/proposta" in refs and "refs/tags/stato-2019" in refs
    merges = git(fresh, "log", "--merges", "--format=%s", "origin/main")
    assert "Unione del lavoro sul lotto 2 (nucleo-cancellato)" in merges
    assert "Stato a metà 2019, con nucleo-cancellato" in git(fresh, "cat-file", "-p", "stato-2019")


def test_the_release_is_byte_identical_and_the_register_names_no_person(world):
    assert tree_digest(world["fresh"] / "release") == world["release"]
    register = (world["fresh"] / "erasures.yaml").read_text(encoding="utf-8")
    for record_id in ERASED:
        assert f"id: {record_id}" in register
    assert "by: Ada Amministratrice" in register and "rule: request" in register
    assert "rule: closure" in register   # TH-4-0020: its retention had already ended
    for texts in PLANTED.values():
        assert all(t not in register for t in texts)


def test_validate_refuses_an_erased_record_and_new_never_reuses_its_id(world, tmp_path):
    fresh = world["fresh"]
    assert tohome("validate", cwd=fresh).returncode == 0
    copy = fresh / "records" / "TH-4-0020.yaml"
    copy.write_text(_text("TH-4-0020"), encoding="utf-8")
    try:
        done = tohome("validate", "--format", "json", cwd=fresh)
        assert done.returncode == 1 and '"erased-household"' in done.stdout
    finally:
        copy.unlink()
    made = tohome("new", "--lot", "4", cwd=fresh)   # records of lot 4 end at 0010 now; 0020 was erased
    try:
        assert made.returncode == 0 and made.stdout.strip().endswith("TH-4-0021.yaml"), made.stdout + made.stderr
    finally:
        (fresh / made.stdout.strip()).unlink(missing_ok=True)


def test_the_old_clone_cannot_push_the_data_back(world):
    colleague = world["colleague"]
    git(colleague, "fetch", "--quiet", "origin")
    merged = subprocess.run(["git", "-C", str(colleague), "-c", "user.name=Carla Case", "-c",
                             "user.email=carla@example.invalid", "merge", "--no-edit", "--allow-unrelated-histories",
                             "origin/main"], capture_output=True, text=True)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert (colleague / "records" / "TH-1-0005.yaml").exists()   # the old history brought it back
    # the CI check, as the example workflow runs it, and validation
    checked = tohome("erase", "--check", "HEAD", "--register-from", "origin/main", cwd=colleague)
    assert checked.returncode == 1 and "TH-1-0005" in checked.stderr, checked.stdout + checked.stderr
    assert "una versione cancellata della scheda" in checked.stderr
    assert tohome("validate", cwd=colleague).returncode == 1
    # and the server's hook
    for force in ([], ["--force"]):
        pushed = subprocess.run(["git", "-C", str(colleague), "push", *force, "origin", "main"],
                                capture_output=True, text=True)
        assert pushed.returncode != 0 and "pre-receive hook declined" in pushed.stderr, pushed.stderr
        assert "TH-2-0003" in pushed.stderr or "TH-1-0005" in pushed.stderr
    pushed = subprocess.run(["git", "-C", str(colleague), "push", "origin", "proposta:proposta-bis"],
                            capture_output=True, text=True)
    assert pushed.returncode != 0 and "pre-receive hook declined" in pushed.stderr
    data = every_object(world["server"])
    assert PLANTED["TH-4-0020"][0].encode() not in data   # refused pushes leave nothing behind


def test_a_normal_push_after_the_erasure_passes_the_hook(world):
    fresh = world["fresh"]
    target = fresh / "records" / "TH-3-0002.yaml"
    target.write_text(_changed_field(target.read_text(encoding="utf-8")), encoding="utf-8")
    commit_all(fresh, "Monitoraggio TH-3-0002", author="Nuova Collega")
    pushed = subprocess.run(["git", "-C", str(fresh), "push", "origin", "main"], capture_output=True, text=True)
    assert pushed.returncode == 0, pushed.stderr
    assert "Nessun nucleo cancellato torna indietro" in pushed.stderr
