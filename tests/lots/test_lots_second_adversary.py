"""What a second outside adversary found in the lots' repositories: a household's note quoted without
its ID (in a commit message, in a minute) reaching another lot and the city; the city's copy of such a
text surviving an erasure; a household coming back to its first lot refused by that lot's server
hook; `tohome new` handing out again the number of a household that moved to another lot once the
register was gone from the file; a transfer or a split stopped half way. Each test fails on the
version it was reported against."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time

import pytest
from helpers import ROOT, git, start_tohome, tohome
from repos_helpers import (
    bare_server,
    clean_server,
    clone,
    commit_all,
    every_object,
    install_pre_receive,
    stop_once_journaled,
    with_note,
)

from tohome_tools.io import loader

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("lots-second-adversary")]

IDS = {1: ["TH-1-0001", "TH-1-0002"], 2: ["TH-2-0001"], 3: ["TH-3-0001", "TH-3-0002"], 4: ["TH-4-0001"]}
QUOTED = "TESTO-QUOTATO sfratto esecutivo fissato per marzo"   # lot 1's TH-1-0001, quoted without its ID
NAMING = "fratello seguito nel lotto 2 come TH-2-0001"        # lot 1's TH-1-0002 names a lot 2 household


def _single(top):
    servers = top / "server"
    single = clone(bare_server(servers / "unico.git"), top / "unico", "Ada")
    for part in ("config", "schemas"):
        shutil.copytree(ROOT / part, single / part)
    (single / "records").mkdir()
    for ids in IDS.values():
        for record_id in ids:
            text = (ROOT / "records" / f"{record_id}.yaml").read_text(encoding="utf-8")
            note = {"TH-1-0001": QUOTED, "TH-1-0002": NAMING}.get(record_id, f"nota di {record_id}")
            (single / "records" / f"{record_id}.yaml").write_text(with_note(text, note), encoding="utf-8")
    commit_all(single, "Schede")
    (single / "verbali").mkdir()
    (single / "verbali" / "riunione.md").write_text(f"# Riunione\n\nCaso discusso: {QUOTED}.\n", encoding="utf-8")
    commit_all(single, f"Verbale della riunione: {QUOTED}")
    git(single, "push", "--quiet", "origin", "main")
    return servers, single


@pytest.fixture(scope="module")
def layout(tmp_path_factory):
    top = tmp_path_factory.mktemp("lots2")
    servers, single = _single(top)
    out = top / "divisi"
    done = tohome("lots", "split", "--out", str(out), "--remote-base", str(servers), "--by", "Ada", cwd=single,
                  env_extra={"TMPDIR": str(top)})
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("citta", "lotto-1", "lotto-2", "lotto-3", "lotto-4"):
        bare_server(servers / f"{name}.git")
        git(out / name, "push", "--quiet", "--mirror", "origin")
    return {"top": top, "servers": servers, "single": single, "out": out}


def _city(layout, name: str):
    """A fresh city clone, with every lot fetched, for one test (the servers are shared)."""
    city = clone(layout["servers"] / "citta.git", layout["top"] / name, "Città")
    assert tohome("lots", "fetch", cwd=city).returncode == 0
    for lot in IDS:
        git(city / "lotti" / f"lotto-{lot}", "config", "user.name", "Città")
        git(city / "lotti" / f"lotto-{lot}", "config", "user.email", "citta@example.invalid")
    return city


def test_a_quoted_note_stays_in_its_lot(layout):
    servers = layout["servers"]
    assert QUOTED.encode() in every_object(servers / "lotto-1.git")   # its own lot keeps it
    for name in ("lotto-2", "lotto-3", "lotto-4", "citta"):
        assert QUOTED.encode() not in every_object(servers / f"{name}.git"), name
    minute = git(servers / "citta.git", "show", "main:verbali/riunione.md")
    assert minute.startswith("# Riunione") and QUOTED not in minute   # the minute stays, without the text


def test_a_record_naming_another_lots_household_keeps_its_note_without_the_id(layout):
    lot1 = layout["servers"] / "lotto-1.git"
    assert b"TH-2-0001" not in every_object(lot1)
    text = git(lot1, "show", "main:records/TH-1-0002.yaml")
    assert 'notes: "fratello seguito nel lotto 2 come nucleo-di-altro-lotto"' in text
    assert loader.load_bytes(text.encode()).data["id"] == "TH-1-0002"


def test_the_split_leaves_nothing_in_the_temporary_folder_or_the_output(layout):
    assert sorted(p.name for p in layout["out"].iterdir()) == ["citta", "lotto-1", "lotto-2", "lotto-3", "lotto-4"]
    leftovers = [p for p in layout["top"].iterdir() if p.name.startswith(("tmp", "tohome"))]
    assert leftovers == []


def test_a_text_the_city_wrote_after_the_split_is_erased_with_the_household(tmp_path):
    servers, single = _single(tmp_path)
    out = tmp_path / "divisi"
    assert tohome("lots", "split", "--out", str(out), "--remote-base", str(servers), "--by", "Ada",
                  cwd=single).returncode == 0
    for name in ("citta", "lotto-1", "lotto-2", "lotto-3", "lotto-4"):
        bare_server(servers / f"{name}.git")
        git(out / name, "push", "--quiet", "--mirror", "origin")
    city = _city({"servers": servers, "top": tmp_path}, "citta")
    lot1 = city / "lotti" / "lotto-1"
    record = lot1 / "records" / "TH-1-0001.yaml"
    later = "TESTO-CITTA colloquio con il proprietario in tribunale"
    record.write_text(with_note(record.read_text(encoding="utf-8"), later), encoding="utf-8")
    commit_all(lot1, "Monitoraggio")
    git(lot1, "push", "--quiet", "origin", "main")
    (city / "docs" / "casi.md").parent.mkdir(exist_ok=True)
    (city / "docs" / "casi.md").write_text(f"# Casi\n\n{later}\n", encoding="utf-8")
    commit_all(city, f"Casi difficili: {later}")
    git(city, "push", "--quiet", "origin", "main")
    done = tohome("erase", "TH-1-0001", "--request", "--apply", "--push", "--by", "Città", cwd=city)
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("citta", "lotto-1"):
        clean_server(servers / f"{name}.git")
        data = every_object(servers / f"{name}.git")
        assert later.encode() not in data and QUOTED.encode() not in data, name


def test_a_household_comes_back_through_the_lots_server_hook(layout):
    city = _city(layout, "citta-ritorno")
    for lot in (3, 4):
        install_pre_receive(layout["servers"] / f"lotto-{lot}.git")
    for lot_to, district in ((4, "C8"), (3, "C2")):
        done = tohome("transfer", "TH-3-0002", "--to-lot", str(lot_to), "--district", district, "--apply", "--by",
                      "Città", cwd=city)
        assert done.returncode == 0, done.stdout + done.stderr
        pushed = subprocess.run(["git", "-C", str(city / "lotti" / f"lotto-{lot_to}"), "push", "origin", "HEAD"],
                                capture_output=True, text=True)
        assert pushed.returncode == 0, pushed.stderr   # the hook lets the household in (back)
        lease = next(line.strip() for line in done.stdout.splitlines() if "--force-with-lease" in line)
        subprocess.run(lease, shell=True, check=True, capture_output=True)
    register = loader.load_path(city / "lotti" / "lotto-3" / "erasures.yaml")
    assert "TH-3-0002" not in {e["id"] for e in (register.data or {}).get("erasures", [])}


def test_new_never_hands_out_a_number_of_a_household_that_moved_even_without_the_register(tmp_path):
    servers, single = _single(tmp_path)
    git(single, "mv", "records/TH-1-0002.yaml", "records/TH-2-0002.yaml")
    moved = single / "records" / "TH-2-0002.yaml"
    text = moved.read_text(encoding="utf-8").replace("id: TH-1-0002", "id: TH-2-0002").replace("lot: 1", "lot: 2")
    moved.write_text(text.replace("district: C4", "district: C6").replace("district: C5", "district: C6"),
                     encoding="utf-8")
    commit_all(single, "Passato al lotto 2")
    out = tmp_path / "divisi"
    done = tohome("lots", "split", "--out", str(out), "--by", "Ada", "--moved", "TH-1-0002=TH-2-0002", cwd=single)
    assert done.returncode == 0, done.stdout + done.stderr
    lot1 = out / "lotto-1"
    git(lot1, "config", "user.name", "Case manager 1")
    git(lot1, "config", "user.email", "cm1@example.invalid")
    git(lot1, "rm", "-q", "erasures.yaml")
    commit_all(lot1, "Registro tolto per sbaglio")
    made = tohome("new", cwd=lot1)
    assert made.returncode == 0, made.stdout + made.stderr
    created = sorted(p.stem for p in (lot1 / "records").glob("TH-1-*.yaml"))
    assert "TH-1-0002" not in created and "TH-1-0003" in created, created


def test_an_interrupted_transfer_is_refused_until_the_erasure_is_finished(layout):
    city = _city(layout, "citta-interrotta")
    journal = city / "lotti" / "lotto-2" / ".git" / "tohome-erasure.json"
    process = start_tohome("transfer", "TH-2-0001", "--to-lot", "3", "--district", "C2", "--apply", "--by", "Città",
                           cwd=city, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stop_once_journaled(process, journal, wait=120)
    if not journal.exists():
        pytest.skip("the transfer ended before it could be stopped")
    again = tohome("transfer", "TH-2-0001", "--to-lot", "3", "--district", "C2", "--apply", "--by", "Città",
                   cwd=city)
    assert again.returncode == 2 and "tohome erase --apply" in again.stderr, again.stdout + again.stderr
    finished = tohome("erase", "--apply", "--by", "Città", cwd=city)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert f"git -C {city / 'lotti' / 'lotto-3'} push" in finished.stdout   # the new lot is pushed first
    assert not (city / "lotti" / "lotto-2" / "records" / "TH-2-0001.yaml").exists()
    assert (city / "lotti" / "lotto-3" / "records" / "TH-2-0001.yaml").is_file()


@pytest.mark.parametrize("delay", [0.5, 2.0])
def test_an_interrupted_split_leaves_no_repository_and_the_next_one_runs(tmp_path, delay):
    servers, single = _single(tmp_path)
    out = tmp_path / "divisi"
    process = start_tohome("lots", "split", "--out", str(out), "--by", "Ada", cwd=single,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (out / ".tohome-split").exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(delay)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
    process.communicate(timeout=120)
    if process.returncode == 0:
        pytest.skip("the split ended before it could be stopped")
    assert [p.name for p in out.iterdir()] == []   # no half-made lot that could be taken for a real one
    done = tohome("lots", "split", "--out", str(out), "--by", "Ada", cwd=single)
    assert done.returncode == 0, done.stdout + done.stderr
