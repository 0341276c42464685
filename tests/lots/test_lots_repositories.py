"""Need to know, end to end, with local bare repositories standing for the git host: one repository
holding every lot is split into one per lot and the city's; a lot's clone holds no byte of another
lot's households (text planted in every record, searched for in every object); daily work runs in a
lot's clone; the city validates, publishes and builds the site byte for byte as the single repository
does; a household moves between lots with its history, and an erasure runs through the layout.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from helpers import ROOT, git, tohome
from repos_helpers import bare_server, clean_server, clone, commit_all, every_object, messages, tree_digest, with_note

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("lots-repositories")]

LOTS = (1, 2, 3, 4)
IDS = {lot: [f"TH-{lot}-{n:04d}" for n in range(1, 11)] for lot in LOTS}
MOVED, ERASED = "TH-1-0003", "TH-3-0002"


def planted(record_id: str, version: int = 1) -> str:
    return f"PIANTATO-{record_id}-v{version} nota riservata del lotto {record_id.split('-')[1]}"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    top = tmp_path_factory.mktemp("lots")
    servers = top / "server"
    single_server = bare_server(servers / "unico.git")
    single = clone(single_server, top / "unico", "Ada Amministratrice")
    for part in ("config", "schemas", "docs", "overrides", "mkdocs.yml", ".gitignore"):
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, single / part)
    (single / "records").mkdir()
    for lot in LOTS:   # a first version whose planted text only history keeps, then the current one
        for record_id in IDS[lot]:
            text = (ROOT / "records" / f"{record_id}.yaml").read_text(encoding="utf-8")
            (single / "records" / f"{record_id}.yaml").write_text(with_note(text, planted(record_id, 1)),
                                                                 encoding="utf-8")
    commit_all(single, "Prime schede: TH-1-0001, TH-2-0001, TH-3-0001 e TH-4-0001 tra le altre", author="Ada")
    for lot in LOTS:
        for record_id in IDS[lot]:
            text = (ROOT / "records" / f"{record_id}.yaml").read_text(encoding="utf-8")
            (single / "records" / f"{record_id}.yaml").write_text(with_note(text, planted(record_id, 2)),
                                                                 encoding="utf-8")
        commit_all(single, f"Monitoraggio del lotto {lot} ({IDS[lot][0]}, {IDS[lot][1]}; visto anche "
                           f"{IDS[lot % 4 + 1][0]})", author=f"Case manager {lot}")
    git(single, "push", "--quiet", "origin", "main")
    out = top / "divisi"
    done = tohome("lots", "split", "--out", str(out), "--remote-base", str(servers), "--by", "Ada", cwd=single)
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("citta", *(f"lotto-{lot}" for lot in LOTS)):
        bare_server(servers / f"{name}.git")
        git(out / name, "push", "--quiet", "--mirror", "origin")
    city = clone(servers / "citta.git", top / "citta", "Città")
    fetched = tohome("lots", "fetch", cwd=city)
    assert fetched.returncode == 0, fetched.stdout + fetched.stderr
    for lot in LOTS:
        git(city / "lotti" / f"lotto-{lot}", "config", "user.name", "Città")
        git(city / "lotti" / f"lotto-{lot}", "config", "user.email", "citta@example.invalid")
    return {"top": top, "servers": servers, "single": single, "split": done, "city": city,
            "lot1": clone(servers / "lotto-1.git", top / "caso-lotto-1", "Case manager 1")}


def test_a_lot_clone_holds_no_byte_of_another_lot(world):
    for lot in LOTS:
        fresh = clone(world["servers"] / f"lotto-{lot}.git", world["top"] / f"verifica-{lot}", "Verifica")
        data = every_object(fresh)
        log = messages(fresh)
        for other in LOTS:
            for record_id in IDS[other]:
                for version in (1, 2):
                    assert (planted(record_id, version).encode() in data) == (other == lot), (lot, record_id)
                if other != lot:
                    assert record_id not in log, (lot, record_id)
                    assert not (fresh / "records" / f"{record_id}.yaml").exists()
        assert sorted(p.stem for p in (fresh / "records").glob("*.yaml")) == IDS[lot]


def test_the_city_repository_holds_no_record(world):
    fresh = clone(world["servers"] / "citta.git", world["top"] / "verifica-citta", "Verifica")
    data = every_object(fresh)
    assert not any(planted(i, v).encode() in data for ids in IDS.values() for i in ids for v in (1, 2))
    assert not (fresh / "records").exists() and "lotti/" in (fresh / ".gitignore").read_text(encoding="utf-8")
    assert all(i not in messages(fresh) for ids in IDS.values() for i in ids)


def test_daily_work_in_a_lot_clone(world, tmp_path):
    lot1 = world["lot1"]
    done = tohome("validate", cwd=lot1)
    assert done.returncode == 0 and "duplicate-id" in done.stdout and "livello della città" in done.stdout
    for command in (["budget"], ["deadlines", "--all"], ["history", "TH-1-0001"],
                    ["sheet", "TH-1-0001", "--out", str(tmp_path / "scheda.html")]):
        done = tohome(*command, cwd=lot1)
        assert done.returncode == 0, (command, done.stdout + done.stderr)
    history = tohome("history", "TH-1-0001", cwd=lot1).stdout
    assert "Case manager 1" in history and "Ada" in history   # both commits, with their authors
    assert "TH-2-0001" not in history and "nucleo-di-altro-lotto" in history   # the first message, cleaned
    assert "TH-1-0011" in tohome("new", cwd=lot1).stdout   # its own lot's next number, without --lot
    refused = tohome("new", "--lot", "2", cwd=lot1)
    assert refused.returncode == 2 and "repository del lotto 1" in refused.stderr
    for command in (["release", "--period", "2019"], ["site", "--no-build"], ["erase", "TH-1-0001", "--request"]):
        done = tohome(*command, cwd=lot1)
        assert done.returncode == 2, (command, done.stdout + done.stderr)
    git(lot1, "clean", "-fdq")


def test_a_lot_cannot_judge_its_records_by_another_programme_file(world):
    lot1 = world["lot1"]
    config = lot1 / "config" / "programme.yaml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original.replace("amount: 300.00", "amount: 900.00"), encoding="utf-8")
    try:
        done = tohome("validate", "--format", "json", cwd=lot1)
        assert done.returncode == 1 and '"programme-pin"' in done.stdout
        in_city = world["city"] / "lotti" / "lotto-2" / "config" / "programme.yaml"
        shutil.copy(config, in_city)
        try:
            city = tohome("validate", "--format", "json", cwd=world["city"])
            assert city.returncode == 1 and '"programme-differs"' in city.stdout and "config/programme.yaml" in city.stdout
        finally:
            git(world["city"] / "lotti" / "lotto-2", "checkout", "--", "config")
    finally:
        config.write_text(original, encoding="utf-8")
    assert tohome("validate", cwd=lot1).returncode == 0


def test_the_city_publishes_and_builds_the_site_as_the_single_repository(world):
    city, single = world["city"], world["single"]
    assert tohome("validate", cwd=city).returncode == 0
    for period in ("2018", "2019", "2020"):
        for repo in (single, city):
            done = tohome("release", "--period", period, cwd=repo)
            assert done.returncode in (0, 1), done.stdout + done.stderr
    assert tree_digest(city / "release") == tree_digest(single / "release")
    assert (city / "release" / "2019" / "datapackage.json").is_file()
    for repo in (single, city):
        built = tohome("site", "--site-dir", str(repo.parent / f"sito-{repo.name}"), cwd=repo, timeout=600)
        assert built.returncode == 0, built.stdout + built.stderr
    assert tree_digest(world["top"] / "sito-citta") == tree_digest(world["top"] / "sito-unico")
    assert tree_digest(city / "docs") == tree_digest(single / "docs")


def test_a_household_moves_between_lots_with_its_history(world):
    city, servers = world["city"], world["servers"]
    done = tohome("transfer", MOVED, "--to-lot", "2", "--district", "C6", "--apply", "--by", "Città", cwd=city)
    assert done.returncode == 0, done.stdout + done.stderr
    git(city / "lotti" / "lotto-2", "push", "--quiet", "origin", "main")
    git(city / "lotti" / "lotto-1", "push", "--quiet", "--force", "--mirror", "origin")
    clean_server(servers / "lotto-1.git")
    old = clone(servers / "lotto-1.git", world["top"] / "dopo-lotto-1", "Verifica")
    new = clone(servers / "lotto-2.git", world["top"] / "dopo-lotto-2", "Verifica")
    old_data, new_data = every_object(old), every_object(new)
    for version in (1, 2):
        assert planted(MOVED, version).encode() not in old_data
        assert planted(MOVED, version).encode() in new_data   # its history came along
    assert MOVED not in messages(old)
    history = tohome("history", MOVED, cwd=new).stdout
    assert "Ada" in history and "Case manager 1" in history and "passa dal lotto 1 al lotto 2" in history
    assert "creata la scheda" in history
    assert tohome("validate", cwd=new).returncode == 0 and tohome("validate", cwd=old).returncode == 0
    assert "TH-1-0011" in tohome("new", cwd=old).stdout   # 0003 stays taken in lot 1 (and 0010 is the highest)
    assert tohome("history", MOVED, cwd=city).returncode == 0
    git(old, "clean", "-fdq")
    copied = old / "records" / f"{MOVED}.yaml"
    copied.write_text((new / "records" / f"{MOVED}.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    back = tohome("validate", "--format", "json", cwd=old)   # copied back into the lot it left
    assert back.returncode == 1 and '"erased-household"' in back.stdout and '"lot-repository"' in back.stdout


def test_an_erasure_runs_through_the_layout(world):
    city, servers = world["city"], world["servers"]
    subprocess.run(["git", "-C", str(city / "lotti" / "lotto-1"), "pull", "--quiet"], check=False)
    done = tohome("erase", ERASED, "--request", "--apply", "--by", "Città", cwd=city)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "lotti/lotto-3" in done.stdout
    git(city / "lotti" / "lotto-3", "push", "--quiet", "--force", "--mirror", "origin")
    clean_server(servers / "lotto-3.git")
    fresh = clone(servers / "lotto-3.git", world["top"] / "dopo-lotto-3", "Verifica")
    data = every_object(fresh)
    assert not any(planted(ERASED, v).encode() in data for v in (1, 2))
    assert tohome("erase", "--prove", "--repo", str(fresh), cwd=fresh).returncode == 0
    assert tohome("validate", cwd=city).returncode == 0
    budget = tohome("budget", "--format", "json", cwd=city)
    assert '"erased": 1' in budget.stdout
