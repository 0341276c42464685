"""IDs that would collide or no longer fit, and synthetic records written beside real ones."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import ROOT, copy_project, tohome


@pytest.fixture
def project(project_copy) -> Path:
    return project_copy


@pytest.mark.parametrize("taken", ["archivio/TH-4-0002.yaml", "TH-4-0002.YAML", "th-4-0002.yml"])
def test_new_never_reuses_a_number_taken_in_a_subfolder_or_another_case(project, taken):
    path = project / "records" / taken
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("id: x\n", encoding="utf-8")
    done = tohome("new", "--lot", "4", cwd=project)
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()).name == "TH-4-0003.yaml"


def test_new_never_writes_an_id_the_schema_would_refuse(project):
    """After 9999 comes no TH-3-10000 (the schema refuses it) but the lowest number never used; once
    all 9999 are used, a clear refusal."""
    (project / "records" / "TH-3-9999.yaml").write_text("id: x\n", encoding="utf-8")
    (project / "records" / "TH-3-0001.yaml").write_text("id: x\n", encoding="utf-8")
    done = tohome("new", "--lot", "3", cwd=project)
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()).name == "TH-3-0002.yaml"
    archive = project / "records" / "archivio"
    archive.mkdir()
    for number in range(3, 9999):
        (archive / f"TH-3-{number:04d}.yaml").touch()
    done = tohome("new", "--lot", "3", cwd=project)
    assert done.returncode == 1 and "tutti i codici" in done.stderr and "Traceback" not in done.stderr
    assert len(list((project / "records").rglob("*.yaml"))) == 9999


def test_new_when_records_is_a_file(project):
    shutil.rmtree(project / "records")
    (project / "records").write_text("not a folder\n", encoding="utf-8")
    done = tohome("new", "--lot", "2", cwd=project)
    assert done.returncode == 2 and "non è una cartella" in done.stderr and "Traceback" not in done.stderr
    assert (project / "records").read_text(encoding="utf-8") == "not a folder\n"


@pytest.mark.parametrize("where", ["sub/TH-1-0001.yaml", "TH-1-0001.YAML"])
def test_synth_refuses_beside_a_real_record_anywhere_under_the_target(project, where):
    real = (ROOT / "records" / "TH-1-0001.yaml").read_text(encoding="utf-8").replace("synthetic: true",
                                                                                       "synthetic: false")
    path = project / "records" / where
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(real, encoding="utf-8")
    done = tohome("synth", "--households", "5", "--seed", "1", cwd=project)
    assert done.returncode == 1 and "non marcate come sintetiche" in done.stderr
    assert sorted(str(p.relative_to(project / "records")) for p in (project / "records").rglob("*.*")) == [where]


def test_changed_since_in_a_shallow_clone_says_how_to_fetch_the_history(tmp_path):
    source = copy_project(tmp_path / "source", "config", "schemas", empty_records=True)
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run(["git", "init", "-q", str(source)], check=True)
    for name in ("TH-1-0001.yaml", "TH-1-0002.yaml"):
        shutil.copy(ROOT / "records" / name, source / "records" / name)
        subprocess.run(["git", "-C", str(source), "add", "-A"], check=True)
        subprocess.run(git + ["-C", str(source), "commit", "-qm", name], check=True)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{source}", str(clone)], check=True)
    done = tohome("validate", "--changed-since", "HEAD~1", cwd=clone)
    assert done.returncode == 2 and "clone superficiale" in done.stderr and "fetch-depth: 0" in done.stderr
    assert "Traceback" not in done.stderr
