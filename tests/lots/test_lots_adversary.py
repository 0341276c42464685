"""What an outside adversary found in the first version of the lots' repositories and of a transfer:
a record that changed lot in history left behind in its old lot, a sheet committed at the top landing
in the city's repository, a transfer that half happened on an unusual record, a household that could
not come back to its first lot, a lot left empty that stopped every command."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml
from helpers import ROOT, git, tohome
from repos_helpers import bare_server, clone, commit_all, every_object, with_note

from tohome_tools.io import loader

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("lots-adversary")]

IDS = {1: ["TH-1-0001", "TH-1-0002"], 2: ["TH-2-0001"], 3: ["TH-3-0001", "TH-3-0002"], 4: ["TH-4-0001"]}


def _text(record_id: str, note: str | None = None) -> str:
    text = (ROOT / "records" / f"{record_id}.yaml").read_text(encoding="utf-8")
    return with_note(text, note) if note else text


@pytest.fixture
def layout(tmp_path):
    """A single repository whose history moved a household from lot 1 to lot 2 (renamed with its new
    ID) and committed a printed sheet at the top, split into lots behind bare servers, and the city's
    clone with every lot fetched."""
    servers = tmp_path / "server"
    single = clone(bare_server(servers / "unico.git"), tmp_path / "unico", "Ada")
    for part in ("config", "schemas"):
        shutil.copytree(ROOT / part, single / part)
    (single / "records").mkdir()
    for lot, ids in IDS.items():
        for record_id in ids:
            (single / "records" / f"{record_id}.yaml").write_text(_text(record_id), encoding="utf-8")
    moved = _text("TH-1-0002", "SEGRETO-SPOSTATO scritto quando era nel lotto 1")
    (single / "records" / "TH-1-0002.yaml").write_text(moved, encoding="utf-8")
    (single / "stampe").mkdir()
    (single / "stampe" / "foglio.html").write_text("<h1>Progetto TH-3-0001</h1><p>SEGRETO-FOGLIO</p>", encoding="utf-8")
    (single / "copia.yaml").write_text(_text("TH-4-0001", "SEGRETO-COPIA una copia fuori posto"), encoding="utf-8")
    commit_all(single, "Schede")
    git(single, "mv", "records/TH-1-0002.yaml", "records/TH-2-0002.yaml")
    renamed = (single / "records" / "TH-2-0002.yaml").read_text(encoding="utf-8")
    renamed = renamed.replace("id: TH-1-0002", "id: TH-2-0002").replace("lot: 1", "lot: 2")
    renamed = renamed.replace("district: C4", "district: C6").replace("district: C5", "district: C6")
    (single / "records" / "TH-2-0002.yaml").write_text(renamed.replace("SEGRETO-SPOSTATO scritto quando era nel "
                                                                       "lotto 1", "Nota aggiornata"), encoding="utf-8")
    git(single, "rm", "-q", "stampe/foglio.html", "copia.yaml")
    commit_all(single, "Passato al lotto 2")
    git(single, "push", "--quiet", "origin", "main")
    out = tmp_path / "divisi"
    # renamed with a new ID in another lot: one household only when said so (git's guess is no evidence)
    done = tohome("lots", "split", "--out", str(out), "--remote-base", str(servers), "--by", "Ada",
                  "--moved", "th-1-0002=TH-2-0002", cwd=single)
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("citta", "lotto-1", "lotto-2", "lotto-3", "lotto-4"):
        bare_server(servers / f"{name}.git")
        git(out / name, "push", "--quiet", "--mirror", "origin")
    city = clone(servers / "citta.git", tmp_path / "citta", "Città")
    assert tohome("lots", "fetch", cwd=city).returncode == 0
    for lot in IDS:
        git(city / "lotti" / f"lotto-{lot}", "config", "user.name", "Città")
        git(city / "lotti" / f"lotto-{lot}", "config", "user.email", "citta@example.invalid")
    return {"servers": servers, "city": city, "top": tmp_path}


def test_a_household_that_changed_lot_in_history_is_wholly_in_its_new_lot(layout):
    lot1 = every_object(layout["servers"] / "lotto-1.git")
    lot2 = every_object(layout["servers"] / "lotto-2.git")
    assert b"SEGRETO-SPOSTATO" not in lot1
    assert b"SEGRETO-SPOSTATO" in lot2   # its history came with it
    # lot 1 gave the number: its register keeps it taken (moved to lot 2), and nothing else names it
    register = git(layout["servers"] / "lotto-1.git", "show", "main:erasures.yaml")
    assert lot1.count(b"TH-1-0002") == register.count("TH-1-0002") == 1
    entries = yaml.safe_load(register)["erasures"]
    assert [(e["id"], e["rule"], e["to_lot"]) for e in entries] == [("TH-1-0002", "transfer", 2)]


def test_the_city_repository_keeps_no_sheet_and_no_record_copy(layout):
    city = every_object(layout["servers"] / "citta.git")
    assert b"SEGRETO-FOGLIO" not in city and b"SEGRETO-COPIA" not in city


def test_a_transfer_of_a_record_written_as_json_keeps_everything_else(layout):
    city = layout["city"]
    lot3 = city / "lotti" / "lotto-3"
    record = lot3 / "records" / "TH-3-0001.yaml"
    data = loader.load_path(record).data
    record.write_text(json.dumps(data, ensure_ascii=False, default=float) + "\n", encoding="utf-8")
    data = loader.load_path(record).data   # as the JSON reads
    assert tohome("validate", cwd=lot3).returncode == 0
    commit_all(lot3, "In JSON")
    git(lot3, "push", "--quiet", "origin", "main")
    done = tohome("transfer", "TH-3-0001", "--to-lot", "4", "--district", "C8", "--apply", "--by", "Città",
                  cwd=city)
    assert done.returncode == 0, done.stdout + done.stderr
    moved = loader.load_path(city / "lotti" / "lotto-4" / "records" / "TH-3-0001.yaml").data
    assert moved["lot"] == 4 and moved["district"] == "C8"
    assert {k: v for k, v in moved.items() if k not in ("lot", "district")} == \
        {k: v for k, v in data.items() if k not in ("lot", "district")}


def test_a_record_that_cannot_be_edited_exactly_stops_the_transfer_before_anything_changes(layout):
    city = layout["city"]
    lot3, lot4 = city / "lotti" / "lotto-3", city / "lotti" / "lotto-4"
    record = lot3 / "records" / "TH-3-0002.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("lot: 3", 'lot:   !!int "3"'), encoding="utf-8")
    commit_all(lot3, "Un valore con etichetta")
    git(lot3, "push", "--quiet", "origin", "main")
    heads = {repo: git(repo, "rev-parse", "HEAD") for repo in (lot3, lot4)}
    done = tohome("transfer", "TH-3-0002", "--to-lot", "4", "--district", "C8", "--apply", "--by", "Città",
                  cwd=city)
    assert done.returncode == 2 and "Non ho cambiato niente" in done.stderr, done.stdout + done.stderr
    assert {repo: git(repo, "rev-parse", "HEAD") for repo in (lot3, lot4)} == heads
    assert not (lot4 / "records" / "TH-3-0002.yaml").exists()


def test_a_household_can_come_back_to_the_lot_it_left(layout):
    city = layout["city"]
    for lot_from, lot_to, district in ((3, 4, "C8"), (4, 3, "C2")):
        done = tohome("transfer", "TH-3-0002", "--to-lot", str(lot_to), "--district", district, "--apply", "--by",
                      "Città", cwd=city)
        assert done.returncode == 0, done.stdout + done.stderr
        git(city / "lotti" / f"lotto-{lot_to}", "push", "--quiet", "origin", "HEAD")
        lease = next(line.strip() for line in done.stdout.splitlines() if "--force-with-lease" in line)
        subprocess.run(lease, shell=True, check=True, capture_output=True)   # the rewritten lot, as printed
    lot3 = city / "lotti" / "lotto-3"
    register = loader.load_path(lot3 / "erasures.yaml").data["erasures"]
    assert not [e for e in register if e["id"] == "TH-3-0002"]   # its "moved out" entry went when it came back
    for where in (lot3, city / "lotti" / "lotto-4", city):
        done = tohome("validate", cwd=where)
        assert done.returncode == 0, (where, done.stdout + done.stderr)
    checked = tohome("erase", "--check", "HEAD", cwd=lot3)   # its versions are welcome there again
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_lot_left_empty_is_an_empty_lot(layout):
    city = layout["city"]
    lot2 = city / "lotti" / "lotto-2"
    for record_id in ("TH-2-0001", "TH-2-0002"):
        done = tohome("erase", record_id, "--request", "--apply", "--push", "--by", "Città", cwd=city)
        assert done.returncode == 0, done.stdout + done.stderr
    assert not (lot2 / "records").exists()
    for command in (["validate"], ["budget"], ["deadlines", "--all"]):
        for where in (lot2, city):
            done = tohome(*command, cwd=where)
            assert done.returncode == 0, (command, where, done.stdout + done.stderr)
