"""`tohome history` over any commit content: control characters, old revisions in Latin-1 or over
1 MiB, a non-ASCII path. A real git repository; output bounded, escaped, never a traceback."""

from __future__ import annotations

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
