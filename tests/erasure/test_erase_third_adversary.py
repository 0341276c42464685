"""What a third outside adversary found in erasure: files outside the records that name the household (a
list of cases with a surname and a diagnosis, a meeting's minutes) kept as "examples" while the proof
said no object held the ID any more, and the push check letting new ones in; an archive it cannot read
kept without a word from the proof. Real repositories behind a bare server, real `tohome` subprocesses."""

from __future__ import annotations

import gzip
import subprocess

import pytest
from helpers import git, start_tohome, tohome
from repos_helpers import clone, commit_all, every_object, install_pre_receive, small_world, stop_once_journaled

pytestmark = pytest.mark.slow

GONE = "TH-4-0020"
SECRET = "NOTA-RISERVATA-TERZA"


def _published(repo, message: str) -> None:
    """Commit everything and push it to the server."""
    commit_all(repo, message)
    git(repo, "push", "--quiet", "origin", "main")


def _erase(admin, *extra: str):
    return tohome("erase", GONE, "--request", "--apply", "--by", "Ada", *extra, cwd=admin)


def _pushed(repo, ref: str) -> subprocess.CompletedProcess:
    """A push as the server's hook answers it (not raised: a refusal is the point)."""
    return subprocess.run(["git", "-C", str(repo), "push", "origin", ref], capture_output=True, text=True)


def _only_in_history(admin, source: str, new: str, broken_last: bool = False) -> None:
    """A record made from `source` as `new`, committed (its last version unreadable if asked), then
    deleted with git rm, all pushed."""
    from helpers import ROOT

    text = (ROOT / "records" / f"{source}.yaml").read_text(encoding="utf-8").replace(source, new)
    (admin / "records" / f"{new}.yaml").write_text(text, encoding="utf-8")
    commit_all(admin, "Scheda")
    if broken_last:
        (admin / "records" / f"{new}.yaml").write_text(text + "  : [non chiusa\n", encoding="utf-8")
        commit_all(admin, "Rotta")
    git(admin, "rm", "--quiet", f"records/{new}.yaml")
    _published(admin, "Tolta")


@pytest.fixture
def world(tmp_path):
    world = small_world(tmp_path, GONE, SECRET)
    admin = world["admin"]
    (admin / "riunioni").mkdir()
    (admin / "riunioni" / "elenco.csv").write_text(f"{GONE};Bellotti;DIAGNOSI-CSV\nTH-4-0012;Rossi;altro\n",
                                                   encoding="utf-8")
    (admin / "riunioni" / "verbale-2019.md").write_text(f"Verbale: discusso il nucleo {GONE.lower()}.\n",
                                                        encoding="utf-8")
    (admin / "docs").mkdir()
    (admin / "docs" / "guida.md").write_text(f"Per esempio il nucleo {GONE}.\n", encoding="utf-8")
    (admin / "riunioni" / "copia.yaml.gz").write_bytes(gzip.compress((admin / "records" / f"{GONE}.yaml").read_bytes()))
    _published(admin, "Riunioni")
    return world


def test_files_naming_the_household_lose_its_id_in_every_version_and_the_proof_says_what_it_did_not_count(world):
    admin = world["admin"]
    plan = tohome("erase", GONE, "--request", cwd=admin)
    assert plan.returncode == 0, plan.stderr
    assert "riunioni/elenco.csv" in plan.stdout and "--remove-file" in plan.stdout
    assert "come esempio nella documentazione: docs/guida.md" in plan.stdout
    done = _erase(admin)
    assert done.returncode == 0, done.stdout + done.stderr
    assert git(admin, "show", "HEAD:riunioni/elenco.csv").startswith("nucleo-cancellato;Bellotti;")
    assert "TH-4-0012;Rossi" in git(admin, "show", "HEAD:riunioni/elenco.csv")   # another household's line stays
    assert "nucleo-cancellato" in git(admin, "show", "HEAD:riunioni/verbale-2019.md")
    objects = every_object(admin)
    assert SECRET.encode() not in objects
    # the proof's "none holds the ID" is said beside what it did not count and could not read
    assert "docs/guida.md" in done.stdout and "La verifica non conta gli esempi" in done.stdout
    assert "riunioni/copia.yaml.gz" in done.stdout and "La verifica non sa leggere" in done.stdout
    proof = tohome("erase", "--prove", cwd=admin)
    assert proof.returncode == 0 and "docs/guida.md" in proof.stdout, proof.stdout + proof.stderr


def test_the_push_check_refuses_a_new_list_naming_an_erased_household(world, tmp_path):
    admin = world["admin"]
    assert _erase(admin, "--push").returncode == 0
    install_pre_receive(world["server"])
    colleague = clone(world["server"], tmp_path / "collega", "Bea")
    (colleague / "riunioni" / "nuovo.csv").write_text(f"{GONE};di nuovo\n", encoding="utf-8")
    commit_all(colleague, "Elenco nuovo")
    pushed = _pushed(colleague, "main")
    assert pushed.returncode != 0 and GONE in pushed.stderr, pushed.stderr
    # the control: a list naming a household still kept goes through
    git(colleague, "reset", "--quiet", "--hard", "origin/main")
    (colleague / "riunioni" / "nuovo.csv").write_text("TH-4-0012;ancora seguito\n", encoding="utf-8")
    commit_all(colleague, "Elenco corretto")
    assert _pushed(colleague, "main").returncode == 0


def test_a_household_only_in_history_is_registered_with_its_lot_and_years(world):
    """Its plan said «lotto ?» and the register got no lot and no years: its last version tells them."""
    admin = world["admin"]
    _only_in_history(admin, "TH-4-0013", "TH-4-0901")
    plan = tohome("erase", "TH-4-0901", "--request", cwd=admin)
    assert plan.returncode == 0 and "TH-4-0901 (lotto 4)" in plan.stdout, plan.stdout + plan.stderr
    assert tohome("erase", "TH-4-0901", "--request", "--apply", "--by", "Ada", cwd=admin).returncode == 0
    import yaml

    entry = next(e for e in yaml.safe_load((admin / "erasures.yaml").read_text(encoding="utf-8"))["erasures"]
                 if e["id"] == "TH-4-0901")
    lived = (admin / "records" / "TH-4-0013.yaml").read_text(encoding="utf-8")
    assert entry["lot"] == 4 and entry["years"] and all(str(year) in lived for year in entry["years"]), entry


def test_the_clones_personal_outputs_naming_the_household_are_deleted_with_it(world):
    """A sheet printed to riservato/ (ignored by git, where tohome writes personal outputs) outlived the
    erasure, and neither the plan nor the last steps said so."""
    admin = world["admin"]
    (admin / ".gitignore").write_text("/riservato/\n", encoding="utf-8")
    _published(admin, "Documenti riservati fuori da git")
    sheet = tohome("sheet", GONE, "--out", "riservato/scheda.html", cwd=admin)
    assert sheet.returncode == 0, sheet.stderr
    other = tohome("sheet", "TH-4-0012", "--out", "riservato/altra.html", cwd=admin)
    assert other.returncode == 0, other.stderr
    (admin / "riservato" / GONE).mkdir()
    (admin / "riservato" / GONE / "foglio.txt").write_text("appunti\n", encoding="utf-8")   # a folder named after it
    plan = tohome("erase", GONE, "--request", cwd=admin)
    assert "riservato/scheda.html" in plan.stdout and "riservato/altra.html" not in plan.stdout, plan.stdout
    assert f"riservato/{GONE}/foglio.txt" in plan.stdout
    done = _erase(admin)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (admin / "riservato" / "scheda.html").exists() and (admin / "riservato" / "altra.html").exists()
    assert not (admin / "riservato" / GONE / "foglio.txt").exists()
    assert "Cancellati 2 documenti riservati che lo nominavano" in done.stdout, done.stdout


@pytest.mark.parametrize("given", ["records/TH-4-0012.yaml", "config/programme.yaml", "erasures.yaml",
                                   "non-esiste.pdf", "riunioni", "*", "../admin/riunioni/elenco.csv"])
def test_remove_file_takes_only_a_file_the_plan_lists(world, given):
    """--remove-file took any path: another household's record, the programme, a path that never
    existed, with exit 0 and «Tolti dalla storia anche»."""
    admin = world["admin"]
    head = git(admin, "rev-parse", "HEAD")
    done = _erase(admin, "--remove-file", given)
    assert done.returncode == 2 and f"--remove-file {given}: non è tra i file" in done.stderr, done.stdout + done.stderr
    assert git(admin, "rev-parse", "HEAD") == head and (admin / "records" / "TH-4-0012.yaml").exists()


def test_a_file_named_after_the_household_that_holds_another_is_not_removed_unasked(world):
    admin = world["admin"]
    shared = "riunioni/incontro-TH-4-0020-TH-4-0012.md"
    (admin / shared).write_text("TH-4-0012: contributo RISERVATO-ALTRO\n", encoding="utf-8")
    _published(admin, "Incontro")
    refused = _erase(admin)
    assert refused.returncode == 2 and shared in refused.stderr and "TH-4-0012" in refused.stderr, refused.stderr
    assert (admin / shared).exists()
    done = _erase(admin, "--remove-file", shared)
    assert done.returncode == 0, done.stdout + done.stderr   # asked for by name: it goes whole
    assert b"RISERVATO-ALTRO" not in every_object(admin)


def test_a_household_only_in_history_keeps_its_retention(world):
    """A deleted file's household was erased at once «su richiesta» without --request, and --expired
    never found one whose retention had ended."""
    admin = world["admin"]
    for source, new in (("TH-4-0055", "TH-4-0955"), ("TH-4-0012", "TH-4-0912")):   # due 2027; due 2026
        _only_in_history(admin, source, new)
    early = tohome("erase", "TH-4-0955", cwd=admin)
    assert early.returncode == 2 and "aggiungi --request" in early.stderr, early.stdout + early.stderr
    listed = tohome("erase", "--expired", "--as-of", "2026-12-06", "--format", "json", cwd=admin)
    assert listed.returncode == 0, listed.stderr
    assert "TH-4-0912" in listed.stdout and "TH-4-0955" not in listed.stdout


@pytest.mark.parametrize("own", [True, False])
def test_a_resumed_erasure_removes_only_the_index_lock_its_interrupted_run_left(world, own):
    """Killed mid-write, a git child of the interrupted run leaves .git/index.lock: the next run failed on
    it. A lock made after the journal started is that run's own; an older one is somebody else's."""
    import json
    import os
    import signal

    admin = world["admin"]
    journal = admin / ".git" / "tohome-erasure.json"
    process = start_tohome("erase", GONE, "--request", "--apply", "--by", "Ada", cwd=admin)
    stop_once_journaled(process, journal, signal.SIGKILL)
    if not journal.exists():
        pytest.skip("the erasure ended before it could be stopped")
    started = json.loads(journal.read_text(encoding="utf-8"))["started"]
    lock = admin / ".git" / "index.lock"
    lock.write_bytes(b"")
    if not own:
        os.utime(lock, (started - 60, started - 60))
    finished = tohome("erase", "--apply", "--by", "Ada", cwd=admin)
    if own:
        assert finished.returncode == 0, finished.stdout + finished.stderr
        assert not lock.exists() and not journal.exists()
    else:
        assert finished.returncode != 0 and lock.exists() and journal.exists(), finished.stdout + finished.stderr


def test_the_push_check_judges_old_content_at_a_new_path_and_tag_messages(world, tmp_path):
    """A documentation example (kept by erasure) copied into a list of cases went through, because the
    server held its content already; so did an annotated tag whose message named the household."""
    admin = world["admin"]
    assert _erase(admin, "--push").returncode == 0
    install_pre_receive(world["server"])
    colleague = clone(world["server"], tmp_path / "collega", "Bea")
    assert GONE in (colleague / "docs" / "guida.md").read_text(encoding="utf-8")   # the example stays
    (colleague / "riunioni" / "da-guida.csv").write_bytes((colleague / "docs" / "guida.md").read_bytes())
    commit_all(colleague, "Copia")
    pushed = _pushed(colleague, "main")
    assert pushed.returncode != 0 and GONE in pushed.stderr, pushed.stderr
    git(colleague, "reset", "--quiet", "--hard", "origin/main")
    git(colleague, "tag", "-a", "consegna", "-m", f"Consegna per {GONE}")
    tagged = _pushed(colleague, "consegna")
    assert tagged.returncode != 0 and GONE in tagged.stderr, tagged.stderr


def test_a_list_of_cases_under_docs_is_data_not_an_example(world):
    admin = world["admin"]
    (admin / "docs" / "elenco-casi.csv").write_text(f"{GONE},Mario Rossi\n", encoding="utf-8")
    _published(admin, "Elenco")
    done = _erase(admin)
    assert done.returncode == 0, done.stdout + done.stderr
    assert git(admin, "show", "HEAD:docs/elenco-casi.csv") == "nucleo-cancellato,Mario Rossi\n"
    assert GONE in git(admin, "show", "HEAD:docs/guida.md")   # the guide's example stays


# --- a third adversary, on the fixes above ----------------------------------------------------------

def test_a_copy_of_another_households_record_under_this_ones_name_never_takes_that_household_along(world):
    """records/TH-4-0020-copia.yaml holding TH-4-0012's record was taken for a version of TH-4-0020: its
    blob, the very blob of TH-4-0012's record, was purged everywhere, TH-4-0012 with it (exit 0)."""
    admin = world["admin"]
    copy = admin / "records" / f"{GONE}-copia.yaml"
    copy.write_bytes((admin / "records" / "TH-4-0012.yaml").read_bytes())
    _published(admin, "Copia")
    refused = _erase(admin)
    assert refused.returncode == 2 and "TH-4-0012" in refused.stderr, refused.stdout + refused.stderr
    done = tohome("erase", GONE, "--request", "--apply", "--by", "Ada", "--remove-file", f"records/{GONE}-copia.yaml",
                  cwd=admin)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (admin / "records" / "TH-4-0012.yaml").exists() and not copy.exists()
    assert git(admin, "log", "--format=%H", "--", "records/TH-4-0012.yaml").strip()   # its history too


def test_a_folder_named_after_the_household_is_its_own(world, tmp_path):
    admin = world["admin"]
    (admin / "allegati" / GONE).mkdir(parents=True)
    (admin / "allegati" / GONE / "contratto.txt").write_text("contratto firmato\n", encoding="utf-8")
    _published(admin, "Allegati")
    plan = tohome("erase", GONE, "--request", cwd=admin)
    assert f"allegati/{GONE}/contratto.txt" in plan.stdout, plan.stdout
    done = _erase(admin, "--push")
    assert done.returncode == 0, done.stdout + done.stderr
    assert tohome("erase", "--prove", cwd=admin).returncode == 0
    install_pre_receive(world["server"])
    colleague = clone(world["server"], tmp_path / "collega", "Bea")
    (colleague / "allegati" / GONE).mkdir(parents=True)
    (colleague / "allegati" / GONE / "x.txt").write_text("ciao\n", encoding="utf-8")
    commit_all(colleague, "Di nuovo")
    pushed = _pushed(colleague, "main")
    assert pushed.returncode != 0 and GONE in pushed.stderr, pushed.stderr


def test_a_look_alike_token_is_not_the_household(world):
    admin = world["admin"]
    (admin / "riunioni" / "altri.txt").write_text(f"pratica {GONE}x e {GONE}a, url /{GONE}b/\n", encoding="utf-8")
    _published(admin, "Altri")
    assert _erase(admin).returncode == 0
    assert git(admin, "show", "HEAD:riunioni/altri.txt") == f"pratica {GONE}x e {GONE}a, url /{GONE}b/\n"


def test_a_history_only_household_whose_last_version_does_not_read_is_said_not_guessed(world):
    admin = world["admin"]
    _only_in_history(admin, "TH-4-0012", "TH-4-0912", broken_last=True)
    done = tohome("erase", "--expired", "--as-of", "2030-01-01", cwd=admin)
    assert done.returncode == 2 and "TH-4-0912" in done.stderr and "ultima versione" in done.stderr, done.stderr


@pytest.mark.parametrize("name", ["riunioni/nota ", "riunioni/nota"])
def test_remove_file_takes_the_path_as_written(world, name):
    admin = world["admin"]
    (admin / "riunioni" / "nota ").write_text(f"{GONE} Mario\n", encoding="utf-8")
    (admin / "riunioni" / "nota").write_text("TH-4-0012 Anna\n", encoding="utf-8")
    _published(admin, "Note")
    done = _erase(admin, "--remove-file", name)
    if name.endswith(" "):   # the listed file, named exactly
        assert done.returncode == 0, done.stdout + done.stderr
        assert not (admin / "riunioni" / "nota ").exists() and (admin / "riunioni" / "nota").exists()
    else:   # another household's file, never listed
        assert done.returncode == 2 and (admin / "riunioni" / "nota").exists()
