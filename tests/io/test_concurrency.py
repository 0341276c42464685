"""Two commands at the same time on the same repository do not corrupt each other's output.

Real subprocesses started together on real folders; afterwards every output is whole (byte for byte
what one uninterrupted run gives), valid, and no temporary file is left behind.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import helpers
import pytest
from helpers import ROOT, start_tohome

from tohome_tools.casework import synth
from tohome_tools.records.workspace import open_workspace

# processes killed or run side by side, full releases, builds or Chromium: the full run only
pytestmark = pytest.mark.slow

def together(*runs: tuple[str, ...], cwd: Path) -> list[subprocess.CompletedProcess]:
    """Start every run at once, wait for all; (returncode, stdout, stderr) of each."""
    processes = [start_tohome(*args, cwd=cwd) for args in runs]
    out = []
    for args, process in zip(runs, processes):
        stdout, stderr = process.communicate(timeout=600)
        out.append(subprocess.CompletedProcess(args, process.returncode, stdout, stderr))
    for done in out:
        assert "Traceback" not in done.stderr, done.stderr[-2000:]
    return out


# whole releases and sites, some side by side: longer than the usual 300 s
tohome = functools.partial(helpers.tohome, timeout=600)


def new_project(folder: Path, seed: int = 3, households: int = 40, site: bool = False) -> Path:
    folder.mkdir(parents=True)
    for name in ("config", "schemas") + (("docs", "overrides") if site else ()):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    if site:
        shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    synth.write(synth.generate(open_workspace(str(folder)).programme, households, seed), folder / "records")
    return folder


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*") if p.name.endswith((".tmp", ".old")))


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_synth_runs_into_the_same_folder_leave_whole_records(tmp_path):
    project = new_project(tmp_path / "progetto", households=2)
    programme = open_workspace(str(project)).programme
    households = 400
    versions = [{f"{r['id']}.yaml": synth.render(r).encode() for r in synth.generate(programme, households, seed)}
                for seed in (21, 22)]
    out = project / "sintetiche"
    runs = together(*[("synth", "--households", str(households), "--seed", str(seed), "--out", str(out))
                      for seed in (21, 22)], cwd=project)
    assert [r.returncode for r in runs] == [0, 0]
    written = files_under(out)
    assert set(written) == set(versions[0])
    mixed = {0: 0, 1: 0}
    for name, body in written.items():
        assert body in (versions[0][name], versions[1][name]), f"{name} is a mix of two runs"
        mixed[0 if body == versions[0][name] else 1] += 1
    assert leftovers(out) == []
    assert tohome("validate", "--strict", str(out), cwd=project).returncode == 0


def test_concurrent_new_get_different_ids_and_whole_templates(tmp_path):
    project = new_project(tmp_path / "progetto", households=8)
    before = set(os.listdir(project / "records"))
    runs = together(*[("new", "--lot", "4")] * 4, cwd=project)
    assert [r.returncode for r in runs] == [0, 0, 0, 0], [r.stderr for r in runs]
    created = sorted(set(os.listdir(project / "records")) - before)
    assert len(created) == 4, created
    assert sorted(Path(r.stdout.strip()).name for r in runs) == created
    assert leftovers(project / "records") == []
    report = json.loads(tohome("validate", "--format", "json", *[f"records/{n}" for n in created],
                               cwd=project).stdout)
    # a fresh template is whole and valid but for its placeholder date (today), outside the programme
    assert {f["code"] for f in report} <= {"programme-window"}
    assert {f["file"] for f in report} <= {f"records/{n}" for n in created}


def test_two_validations_at_once_agree_with_one_alone(tmp_path):
    project = new_project(tmp_path / "progetto", households=60)
    broken = project / "records" / "TH-2-0001.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("level: ", "level: x", 1), encoding="utf-8")
    (project / "records" / "TH-3-0001.yaml").write_bytes(b"id: [\n")
    alone = tohome("validate", "--format", "json", cwd=project)
    runs = together(("validate", "--format", "json"), ("validate", "--format", "json", "--jobs", "2"), cwd=project)
    assert alone.returncode == 1 and json.loads(alone.stdout)
    assert [r.returncode for r in runs] == [1, 1]
    assert runs[0].stdout == runs[1].stdout == alone.stdout


def test_reading_while_synth_rewrites_the_folder_never_sees_half_a_file(tmp_path, settings):
    """A reader (the loader, then `tohome validate`) running while synth rewrites every record."""
    from tohome_tools.io import loader
    from tohome_tools.records.validate import validate

    project = new_project(tmp_path / "progetto", seed=31, households=600)
    names = sorted(p.name for p in (project / "records").iterdir())
    first = project / "records" / names[0]  # synth replaces this one first
    first_inode = first.stat().st_ino
    writer = start_tohome("synth", "--households", "600", "--seed", "32", cwd=project, stdout=subprocess.DEVNULL)
    reads_during_writing = 0
    try:
        while writer.poll() is None:
            for name in names:
                loaded = loader.load_path(project / "records" / name)
                assert loaded.ok, (name, loaded.problems)  # never a half-written file
                reads_during_writing += first.stat().st_ino != first_inode and writer.poll() is None
        report = validate([project / "records"], settings, jobs=1)
    finally:
        writer.wait(timeout=300)
    assert writer.returncode == 0, writer.stderr.read()
    assert reads_during_writing > 0
    assert not {f.code for f in report.findings if f.code.startswith(("yaml-", "file-", "schema-"))}
    done = tohome("validate", "--strict", cwd=project)
    assert done.returncode == 0 and leftovers(project / "records") == []


@pytest.fixture(scope="module")
def release_reference(tmp_path_factory) -> dict[str, bytes]:
    reference = new_project(tmp_path_factory.mktemp("riferimento") / "progetto")
    assert tohome("release", "--period", "2019", cwd=reference).returncode == 0
    assert tohome("release", "--period", "2020-H1", cwd=reference).returncode == 0
    return files_under(reference / "release")


def test_two_releases_of_the_same_period_at_once(tmp_path, release_reference):
    project = new_project(tmp_path / "progetto")
    runs = together(("release", "--period", "2019"), ("release", "--period", "2019"), cwd=project)
    assert [r.returncode for r in runs] == [0, 0], [r.stderr for r in runs]
    got = files_under(project / "release")
    want = {k: v for k, v in release_reference.items() if k.startswith("2019/")}
    assert {k: v for k, v in got.items() if k != "index.json"} == want
    assert [p["periodo"] for p in json.loads(got["index.json"])["periodi"]] == ["2019"]
    assert leftovers(project / "release") == []


def test_two_releases_of_different_periods_at_once(tmp_path, release_reference):
    project = new_project(tmp_path / "progetto")
    runs = together(("release", "--period", "2019"), ("release", "--period", "2020-H1"), cwd=project)
    assert [r.returncode for r in runs] == [0, 0], [r.stderr for r in runs]
    assert files_under(project / "release") == release_reference  # both folders whole, the index lists both
    assert leftovers(project / "release") == []


def test_two_calendars_and_two_sheets_into_the_same_file(tmp_path):
    project = new_project(tmp_path / "progetto")
    # --all: the calendar holds the view asked for, and every deadline differs in state between the two days
    calendars = [("deadlines", "--all", "--as-of", as_of, "--ics", "cal.ics") for as_of in ("2019-03-31", "2019-09-30")]
    sheets = [("sheet", record, "--out", "scheda.html") for record in ("TH-1-0001", "TH-2-0001")]
    want_ics, want_html = set(), set()
    for args in calendars + sheets:  # what each run writes alone
        assert tohome(*args, cwd=project).returncode == 0
        (want_ics if args[0] == "deadlines" else want_html).add(
            (project / ("cal.ics" if args[0] == "deadlines" else "scheda.html")).read_bytes())
    assert len(want_ics) == 2 and len(want_html) == 2
    runs = together(*calendars, *sheets, cwd=project)
    assert [r.returncode for r in runs] == [0, 0, 0, 0], [r.stderr for r in runs]
    assert (project / "cal.ics").read_bytes() in want_ics
    assert (project / "scheda.html").read_bytes() in want_html
    assert leftovers(project) == []


@pytest.mark.skipif(not (ROOT / "mkdocs.yml").is_file(), reason="no site in this repository")
def test_two_site_generations_at_once_leave_the_pages_a_single_run_writes(tmp_path):
    project = new_project(tmp_path / "progetto", site=True)
    assert tohome("release", "--period", "2019", cwd=project).returncode == 0
    started = time.monotonic()
    runs = together(("site", "--no-build"), ("site", "--no-build"), cwd=project)
    assert [r.returncode for r in runs] == [0, 0], [r.stderr[-2000:] for r in runs]
    assert time.monotonic() - started < 600
    again = tohome("site", "--no-build", cwd=project)
    assert again.returncode == 0
    # the third, lone run finds every page already as it would write it
    assert " 0 scritte" in again.stdout and " 0 rimosse" in again.stdout, again.stdout
    assert leftovers(project / "docs") == []

