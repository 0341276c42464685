"""What a third outside adversary found on the private side: git's rename guess pairing one lot's deleted
household with another lot's new one made from the same file, so the split gave the new lot the old
household's every version (its notes included) and wrote a transfer that never happened. Each test
fails on the version it was reported against. Real repositories, real `tohome` subprocesses."""

from __future__ import annotations

import json

import pytest
from helpers import ROOT, git, tohome
from repos_helpers import commit_all, every_object, project_repo, with_note

pytestmark = pytest.mark.slow

SECRET = "DIAGNOSI-RISERVATA del capofamiglia, lotto tre"


def _project(top):
    return project_repo(top / "unico", ("TH-1-0001", "TH-3-0001", "TH-4-0001"))


def test_a_deleted_household_and_a_new_one_of_another_lot_made_from_it_stay_in_their_own_lots(tmp_path):
    repo = _project(tmp_path)
    text = (ROOT / "records" / "TH-3-0001.yaml").read_text(encoding="utf-8").replace("TH-3-0001", "TH-3-0960")
    (repo / "records" / "TH-3-0960.yaml").write_text(with_note(text, SECRET), encoding="utf-8")
    commit_all(repo, "Nuovo nucleo del lotto 3")
    # one commit: lot 3's record deleted by mistake, a lot 4 record made from the same file
    old = (repo / "records" / "TH-3-0960.yaml").read_text(encoding="utf-8")
    (repo / "records" / "TH-3-0960.yaml").unlink()
    district = old.split("\ndistrict: ", 1)[1].split("\n", 1)[0]
    new = (with_note(old, "altro testo").replace("TH-3-0960", "TH-4-0961").replace("\nlot: 3\n", "\nlot: 4\n")
           .replace(f"\ndistrict: {district}\n", "\ndistrict: C1\n"))
    (repo / "records" / "TH-4-0961.yaml").write_text(new, encoding="utf-8")
    commit_all(repo, "Lotto 3: tolto; lotto 4: nuovo")
    guessed = git(repo, "log", "-1", "-M", "--name-status", "--format=")
    assert guessed.startswith("R"), guessed   # git does take the two for one file renamed
    out = tmp_path / "divisi"
    done = tohome("lots", "split", "--out", str(out), "--by", "Ada", cwd=repo, env_extra={"TMPDIR": str(tmp_path)})
    assert done.returncode == 0, done.stdout + done.stderr
    lot4, lot3 = every_object(out / "lotto-4"), every_object(out / "lotto-3")
    assert SECRET.encode() not in lot4 and b"TH-3-0960" not in lot4 and b"\nlot: 3\n" not in lot4
    assert SECRET.encode() in lot3   # its own lot keeps it (deleted, in history, until erased)
    register = (out / "lotto-3" / "erasures.yaml")
    assert not register.exists() or "TH-3-0960" not in register.read_text(encoding="utf-8")   # no transfer made up
    shown = tohome("history", "TH-4-0961", cwd=out / "lotto-4")
    assert shown.returncode == 0 and "si chiamava" not in shown.stdout, shown.stdout


@pytest.mark.parametrize("same_lot", [True, False])
def test_a_renamed_household_keeps_its_history_in_its_lot(tmp_path, same_lot):
    """The control: a misspelt file name corrected in the same lot, and a transfer (same ID, another
    lot), still carry the earlier versions."""
    repo = _project(tmp_path)
    text = (ROOT / "records" / "TH-1-0001.yaml").read_text(encoding="utf-8")
    (repo / "records" / "TH-1-0001.yaml").write_text(with_note(text, "VERSIONE-PRIMA"), encoding="utf-8")
    commit_all(repo, "Nota")
    git(repo, "mv", "records/TH-1-0001.yaml", "records/TH-1-0001-old.yaml")
    commit_all(repo, "Nome sbagliato")
    moved = (repo / "records" / "TH-1-0001-old.yaml").read_text(encoding="utf-8")
    if not same_lot:   # a transfer by hand: the same ID, lot 4
        district = moved.split("\ndistrict: ", 1)[1].split("\n", 1)[0]
        moved = moved.replace("\nlot: 1\n", "\nlot: 4\n").replace(f"\ndistrict: {district}\n", "\ndistrict: C1\n")
        (repo / "records" / "TH-1-0001-old.yaml").write_text(moved, encoding="utf-8")
    git(repo, "mv", "records/TH-1-0001-old.yaml", "records/TH-1-0001.yaml")
    commit_all(repo, "Nome corretto")
    out = tmp_path / "divisi"
    done = tohome("lots", "split", "--out", str(out), "--by", "Ada", cwd=repo, env_extra={"TMPDIR": str(tmp_path)})
    assert done.returncode == 0, done.stdout + done.stderr
    owner = out / ("lotto-1" if same_lot else "lotto-4")
    assert b"VERSIONE-PRIMA" in every_object(owner)


def test_an_undeclared_move_is_told_and_a_declared_one_that_never_happened_is_refused(tmp_path):
    repo = _project(tmp_path)
    git(repo, "mv", "records/TH-1-0001.yaml", "records/TH-2-0005.yaml")
    moved = (repo / "records" / "TH-2-0005.yaml").read_text(encoding="utf-8")
    district = moved.split("\ndistrict: ", 1)[1].split("\n", 1)[0]
    (repo / "records" / "TH-2-0005.yaml").write_text(
        moved.replace("TH-1-0001", "TH-2-0005").replace("\nlot: 1\n", "\nlot: 2\n")
        .replace(f"\ndistrict: {district}\n", "\ndistrict: C6\n"), encoding="utf-8")
    commit_all(repo, "Passato al lotto 2")
    told = tohome("lots", "split", "--out", str(tmp_path / "a"), "--by", "Ada", cwd=repo,
                  env_extra={"TMPDIR": str(tmp_path)})
    assert told.returncode == 0, told.stderr
    assert "Due nuclei, non uno" in told.stdout and "--moved TH-1-0001=TH-2-0005" in told.stdout, told.stdout
    wrong = tohome("lots", "split", "--out", str(tmp_path / "b"), "--by", "Ada", "--moved", "TH-1-0001=TH-2-0009",
                   cwd=repo, env_extra={"TMPDIR": str(tmp_path)})
    assert wrong.returncode == 2 and "nessun file della storia" in wrong.stderr, wrong.stderr
    assert not any((tmp_path / "b").glob("lotto-*"))
    shape = tohome("lots", "split", "--out", str(tmp_path / "c"), "--by", "Ada", "--moved", "TH-1-0001",
                   cwd=repo, env_extra={"TMPDIR": str(tmp_path)})
    assert shape.returncode == 2 and "VECCHIO=NUOVO" in shape.stderr, shape.stderr
    declared = tohome("lots", "split", "--out", str(tmp_path / "d"), "--by", "Ada", "--moved", "TH-1-0001=TH-2-0005",
                      cwd=repo, env_extra={"TMPDIR": str(tmp_path)})
    assert declared.returncode == 0 and "Due nuclei" not in declared.stdout, declared.stdout + declared.stderr
    assert b"TH-1-0001" in every_object(tmp_path / "d" / "lotto-2")   # its history came along


def test_a_lots_budget_and_indicators_never_pass_for_the_programme_s(tmp_path):
    """In a lot's repository, `budget` listed the other lots at 0,00 € under «Intero programma, per lotto»
    and `indicators` printed the Managing Authority's report from one lot's records, without a word."""
    repo = _project(tmp_path)
    out = tmp_path / "divisi"
    assert tohome("lots", "split", "--out", str(out), "--by", "Ada", cwd=repo,
                  env_extra={"TMPDIR": str(tmp_path)}).returncode == 0
    lot1 = out / "lotto-1"
    table = tohome("budget", "--as-of", "2020-12-31", cwd=lot1)
    assert table.returncode == 0, table.stderr
    assert "Filtri: lotto 1" in table.stdout and table.stdout.startswith("Livello del lotto 1")
    per_lot = table.stdout.split(", per lotto\n", 1)[1].split("\n\n", 1)[0].splitlines()[2:]
    assert [row.split()[0] for row in per_lot] == ["1"], per_lot
    data = tohome("budget", "--as-of", "2020-12-31", "--format", "json", cwd=lot1)
    assert data.returncode == 0 and json.loads(data.stdout)["lot_level"] == 1, data.stdout[:300]
    report = tohome("indicators", "--period", "2019", cwd=lot1)
    assert report.returncode == 0, report.stderr
    assert report.stdout.startswith("Livello del lotto 1: conteggi degli indicatori solo di questo lotto")
    english = tohome("indicators", "--period", "2019", "--format", "csv", "--lang", "en", cwd=lot1)
    assert english.returncode == 0 and "Lot 1 level" in english.stderr and "Lot 1 level" not in english.stdout
    written = tohome("indicators", "--period", "2019", "--format", "json", "--out", str(tmp_path / "r.json"), cwd=lot1)
    assert written.returncode == 0 and json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["lot_level"] == 1


def test_the_city_keeps_no_household_id_in_its_pages_and_minutes(tmp_path):
    """The staff guide promises the city's repository turns IDs into «nucleo» in the pages and minutes
    that cite them; a meeting's minutes and a page of docs/ kept them verbatim, and the proof passed."""
    repo = _project(tmp_path)
    (repo / "verbali").mkdir()
    (repo / "verbali" / "riunione.md").write_text("Riunione: il nucleo TH-3-0001 chiede un alloggio.\n", encoding="utf-8")
    (repo / "docs").mkdir()
    (repo / "docs" / "nota-equipe.md").write_text("Nota: il nucleo th-1-0001 è seguito.\n", encoding="utf-8")
    commit_all(repo, "Verbale e nota")
    out = tmp_path / "divisi"
    done = tohome("lots", "split", "--out", str(out), "--by", "Ada", cwd=repo, env_extra={"TMPDIR": str(tmp_path)})
    assert done.returncode == 0, done.stdout + done.stderr
    city = out / "citta"
    assert (city / "verbali" / "riunione.md").read_text(encoding="utf-8") == "Riunione: il nucleo nucleo chiede un alloggio.\n"
    assert "nucleo nucleo è seguito" in (city / "docs" / "nota-equipe.md").read_text(encoding="utf-8")
    objects = every_object(city)
    assert all(record_id.encode() not in objects.upper() for record_id in ("TH-1-0001", "TH-3-0001", "TH-4-0001"))


def test_the_split_says_which_files_of_the_city_it_cannot_read(tmp_path):
    repo = _project(tmp_path)
    (repo / "verbali").mkdir()
    (repo / "verbali" / "v-utf16.txt").write_bytes("Verbale TH-3-0001 Mario".encode("utf-16"))
    commit_all(repo, "Verbale in UTF-16")
    out = tmp_path / "divisi"
    done = tohome("lots", "split", "--out", str(out), "--by", "Ada", cwd=repo, env_extra={"TMPDIR": str(tmp_path)})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "non so leggere" in done.stdout and "verbali/v-utf16.txt" in done.stdout, done.stdout


def test_a_chain_of_renames_is_judged_pair_by_pair(tmp_path):
    """TH-1-0001 -> TH-2-0050 -> TH-3-0050 in two commits: the split told a pair no commit made
    (TH-1-0001 -> TH-3-0050), refused the real one as --moved and accepted the made-up one."""
    repo = _project(tmp_path)
    steps = (("TH-1-0001", 1, "TH-2-0050", 2), ("TH-2-0050", 2, "TH-3-0050", 3))
    for old, old_lot, new, new_lot in steps:
        git(repo, "mv", f"records/{old}.yaml", f"records/{new}.yaml")
        path = repo / "records" / f"{new}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new)
                        .replace(f"\nlot: {old_lot}\n", f"\nlot: {new_lot}\n"), encoding="utf-8")
        commit_all(repo, f"{old} -> {new}")
    told = tohome("lots", "split", "--out", str(tmp_path / "a"), "--by", "Ada", cwd=repo,
                  env_extra={"TMPDIR": str(tmp_path)})
    assert told.returncode == 0, told.stderr
    assert "--moved TH-1-0001=TH-2-0050" in told.stdout and "--moved TH-2-0050=TH-3-0050" in told.stdout
    assert "TH-1-0001=TH-3-0050" not in told.stdout
    made_up = tohome("lots", "split", "--out", str(tmp_path / "b"), "--by", "Ada", "--moved", "TH-1-0001=TH-3-0050",
                     cwd=repo, env_extra={"TMPDIR": str(tmp_path)})
    assert made_up.returncode == 2, made_up.stdout + made_up.stderr
    both = tohome("lots", "split", "--out", str(tmp_path / "c"), "--by", "Ada", "--moved", "TH-1-0001=TH-2-0050",
                  "--moved", "TH-2-0050=TH-3-0050", cwd=repo, env_extra={"TMPDIR": str(tmp_path)})
    assert both.returncode == 0 and "Due nuclei" not in both.stdout, both.stdout + both.stderr
    history = git(tmp_path / "c" / "lotto-3", "log", "--format=%s", "--", "records")
    assert "TH-1-0001 -> TH-2-0050" in history, history   # the household's whole history in its lot
    assert b"\nid: TH-1-0001\n" in every_object(tmp_path / "c" / "lotto-3")
    assert b"\nid: TH-1-0001\n" not in every_object(tmp_path / "c" / "lotto-1")   # its register keeps the number only


def test_a_declared_move_of_a_household_deleted_since_is_followed(tmp_path):
    repo = _project(tmp_path)
    git(repo, "mv", "records/TH-1-0001.yaml", "records/TH-2-0099.yaml")
    path = repo / "records" / "TH-2-0099.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("TH-1-0001", "TH-2-0099").replace("\nlot: 1\n", "\nlot: 2\n"),
                    encoding="utf-8")
    commit_all(repo, "Passato al lotto 2")
    git(repo, "rm", "--quiet", "records/TH-2-0099.yaml")
    commit_all(repo, "Tolto")
    told = tohome("lots", "split", "--out", str(tmp_path / "a"), "--by", "Ada", cwd=repo,
                  env_extra={"TMPDIR": str(tmp_path)})
    assert told.returncode == 0 and "--moved TH-1-0001=TH-2-0099" in told.stdout, told.stdout + told.stderr
    declared = tohome("lots", "split", "--out", str(tmp_path / "b"), "--by", "Ada", "--moved", "TH-1-0001=TH-2-0099",
                      cwd=repo, env_extra={"TMPDIR": str(tmp_path)})
    assert declared.returncode == 0 and "Due nuclei" not in declared.stdout, declared.stdout + declared.stderr
    assert b"\nid: TH-1-0001\n" not in every_object(tmp_path / "b" / "lotto-1")
    assert b"\nid: TH-1-0001\n" in every_object(tmp_path / "b" / "lotto-2")


def test_a_file_no_new_repository_receives_is_said(tmp_path):
    repo = _project(tmp_path)
    (repo / "allegati").mkdir()
    (repo / "allegati" / "TH-1-0001.pdf").write_bytes(b"%PDF-1.4 contratto")
    (repo / "records" / "LEGGIMI.md").write_text("Le schede del programma.\n", encoding="utf-8")
    commit_all(repo, "Allegato e nota")
    done = tohome("lots", "split", "--out", str(tmp_path / "a"), "--by", "Ada", cwd=repo,
                  env_extra={"TMPDIR": str(tmp_path)})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Non portati in nessun repository" in done.stdout, done.stdout
    assert "allegati/TH-1-0001.pdf" in done.stdout and "records/LEGGIMI.md" in done.stdout
