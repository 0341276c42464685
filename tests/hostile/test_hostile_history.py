"""`tohome history` over any commit content: control characters, old revisions in Latin-1 or over
1 MiB, a non-ASCII path. A real git repository; output bounded, escaped, never a traceback."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from helpers import ROOT, copy_project, tohome

GIT = ["git", "-c", "user.email=m@example.org", "-c", "user.name=Mallory \x1b[8m"]




def commit(root: Path, message: str) -> None:
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(GIT + ["-C", str(root), "commit", "-qm", message], check=True)


def test_history_survives_hostile_commits(tmp_path):
    root = copy_project(tmp_path / "progetto", "config", "schemas")
    folder = root / "records" / "città vecchie"
    folder.mkdir(parents=True)
    record = folder / "TH-1-0001.yaml"
    clean = (ROOT / "records" / "TH-1-0001.yaml").read_text(encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    record.write_text(clean, encoding="utf-8")
    commit(root, "prima \x1b]0;titolo\x07 versione")
    record.write_bytes(clean.replace("Primo", "Già primo", 1).encode("latin-1", "replace"))
    commit(root, "latin-1")
    record.write_bytes(clean.encode("utf-8") + b"# " + b"x" * (1100 * 1024) + b"\n")
    commit(root, "oltre 1 MiB")
    record.write_text(clean.replace("district: C5", "district: C4", 1), encoding="utf-8")
    commit(root, "ultima")
    done = tohome("history", "TH-1-0001", cwd=root)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "\\x1b" in done.stdout                                   # shown, not obeyed
    assert "troppo grande per una scheda" in done.stdout
    assert done.stdout.count(" - commit ") == 4 and "creata la scheda (0 campi)" not in done.stdout
    assert len(done.stdout) < 20_000


def _three_versions(root: Path) -> Path:
    """A repository whose record TH-1-0001 has three commits (created, then two edits)."""
    record = root / "records" / "TH-1-0001.yaml"
    record.parent.mkdir(parents=True, exist_ok=True)
    clean = (ROOT / "records" / "TH-1-0001.yaml").read_text(encoding="utf-8")
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    record.write_text(clean, encoding="utf-8")
    commit(root, "creata")
    record.write_text(clean.replace("district: C4", "district: C5", 1), encoding="utf-8")
    commit(root, "circoscrizione")
    record.write_text(clean.replace("district: C4", "district: C3", 1), encoding="utf-8")
    commit(root, "di nuovo")
    return record


def test_a_shallow_clone_says_its_history_is_cut_and_invents_no_creation(tmp_path):
    origin = copy_project(tmp_path / "origine", "config", "schemas")
    _three_versions(origin)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(clone)], check=True)
    done = tohome("history", "TH-1-0001", cwd=clone)
    assert done.returncode == 0, done.stderr
    assert "creata la scheda" not in done.stdout
    assert "clone superficiale" in done.stdout and "git fetch --unshallow" in done.stdout
    data = json.loads(tohome("history", "TH-1-0001", "--format", "json", cwd=clone).stdout)
    assert data["complete"] is False and [r["cut"] for r in data["revisions"]] == [True]
    assert data["revisions"][0]["created"] is False
    subprocess.run(["git", "-C", str(clone), "fetch", "-q", "--deepen", "1"], check=True)
    data = json.loads(tohome("history", "TH-1-0001", "--format", "json", cwd=clone).stdout)
    assert [(r["cut"], r["created"]) for r in data["revisions"]] == [(False, False), (True, False)]
    assert [c["after"] for c in data["revisions"][0]["changes"]] == ["C3"]


def test_a_missing_object_is_a_damaged_repository_not_a_creation(tmp_path):
    root = copy_project(tmp_path / "progetto", "config", "schemas")
    _three_versions(root)
    first = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD~2:records/TH-1-0001.yaml"], check=True,
                           capture_output=True, text=True).stdout.strip()
    (root / ".git" / "objects" / first[:2] / first[2:]).unlink()   # loose: no gc ran
    done = tohome("history", "TH-1-0001", cwd=root)
    assert done.returncode == 2 and "danneggiato" in done.stderr and first in done.stderr, done.stderr
    assert "creata la scheda" not in done.stdout and "Traceback" not in done.stderr


def _raw_commit(root: Path, parent: str, tree: str, author: str, message: str) -> str:
    body = f"tree {tree}\nparent {parent}\nauthor {author}\ncommitter Import <i@example.org> 1600000000 +0000\n\n{message}\n"
    return subprocess.run(["git", "-C", str(root), "hash-object", "-t", "commit", "-w", "--literally", "--stdin"],
                          input=body.encode("utf-8"), capture_output=True, check=True).stdout.decode().strip()


ODD_AUTHORS = {
    "year 9999 at UTC+14": "Anna <a@example.org> 253402300799 +1400",
    "an offset of +9999": "Bruno <b@example.org> 1600000000 +9999",
    "a year Python cannot hold": "Carla <c@example.org> 99999999999999 -1400",
    "no number at all": "Dario <d@example.org> domani +0100",
    "separators in the name": "Eva\x1f\x1eRossi <e@example.org> 1600000000 +0200",
}


def test_odd_commit_dates_and_metadata_from_imported_repositories(tmp_path):
    root = copy_project(tmp_path / "progetto", "config", "schemas")
    record = _three_versions(root)
    clean = record.read_text(encoding="utf-8")
    head = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()
    for n, (case, author) in enumerate(ODD_AUTHORS.items()):
        record.write_text(clean.replace("district: C3", f"district: C{5 - n}", 1), encoding="utf-8")
        subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
        tree = subprocess.run(["git", "-C", str(root), "write-tree"], capture_output=True, text=True,
                              check=True).stdout.strip()
        head = _raw_commit(root, head, tree, author, f"{case}\x1f\x1e campo")
    subprocess.run(["git", "-C", str(root), "update-ref", "refs/heads/main", head], check=True)
    subprocess.run(["git", "-C", str(root), "reset", "-q", "--hard"], check=True)
    done = tohome("history", "TH-1-0001", cwd=root)
    assert done.returncode == 0, done.stderr
    assert "Errore interno" not in done.stderr and done.stdout.count(" - commit ") == 8
    out = done.stdout
    assert "31 dicembre 9999, ore 23:59 UTC" in out                            # shown in UTC: +14 h is year 10000
    assert "il fuso orario registrato, +1400, non si può applicare" in out
    assert "il fuso orario registrato, +9999, non si può applicare" in out
    assert "data illeggibile (@99999999999999 -1400)" in out and "data illeggibile -" in out
    assert "\x1e" not in out and "\x1f" not in out and "Eva\\x1f\\x1eRossi" in out
    data = json.loads(tohome("history", "TH-1-0001", "--format", "json", cwd=root).stdout)
    districts = [[c["after"] for c in r["changes"]] for r in data["revisions"][:5]]
    assert districts == [["C1"], ["C2"], ["C3"], ["C4"], ["C5"]]    # every commit compared with its own parent
    assert data["revisions"][0]["author"] == "Eva\x1f\x1eRossi"


def test_non_ascii_folders_and_a_rename_between_them(tmp_path):
    root = copy_project(tmp_path / "progetto", "config", "schemas")
    record = _three_versions(root)
    moved = root / "records" / "città vecchie" / "ñandú" / "TH-1-0001.yaml"
    moved.parent.mkdir(parents=True)
    subprocess.run(["git", "-C", str(root), "mv", str(record), str(moved)], check=True)
    commit(root, "spostata")
    done = tohome("history", str(moved), cwd=root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(" - commit ") == 4 and "il file si chiamava records/TH-1-0001.yaml" in done.stdout
    assert "creata la scheda" in done.stdout


def test_an_earlier_name_that_reads_as_a_pattern_means_only_itself(tmp_path):
    """A draft saved as `bozza[1].yaml`, then renamed: another file, `bozza1.yaml`, is not its history."""
    root = copy_project(tmp_path / "progetto", "config", "schemas")
    (root / "records").mkdir(exist_ok=True)
    clean = (ROOT / "records" / "TH-1-0001.yaml").read_text(encoding="utf-8")
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    (root / "records" / "bozza[1].yaml").write_text(clean, encoding="utf-8")
    commit(root, "bozza")
    subprocess.run(["git", "-C", str(root), "mv", "records/bozza[1].yaml", "records/TH-1-0001.yaml"], check=True)
    commit(root, "nome giusto")
    for n in range(3):   # someone else's draft, whose name the first one's matches as a pattern
        (root / "records" / "bozza1.yaml").write_text(f"appunti: {n}\n", encoding="utf-8")
        commit(root, f"altra bozza {n}")
    done = tohome("history", "TH-1-0001", "--format", "json", cwd=root)
    assert done.returncode == 0, done.stderr
    assert [r["subject"] for r in json.loads(done.stdout)["revisions"]] == ["nome giusto", "bozza"]
