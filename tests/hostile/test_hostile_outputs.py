"""Output paths a careless or hostile user gives: nothing is lost, nothing but a regular file is
written, personal data never lands where the public reads, permissions are kept.

Every case runs the real command in a real project (a git repository), then checks the exit code,
the Italian message, that the target is untouched and that records/ is byte-identical."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from helpers import ROOT, copy_project, tohome

RECORD = "TH-1-0001"




def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("outputs") / "project",
                        "config", "schemas", "records", "docs", "release", "overrides")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "foreign").mkdir()
    (root / "foreign" / "notes.txt").write_text("not a site\n", encoding="utf-8")
    os.mkfifo(root / "pipe")
    os.symlink("/dev/stdout", root / "to-stdout.html")
    return root


FILE_CASES = {
    "a record": (f"records/{RECORD}.yaml", "dentro «records/»"),
    "a new file among records": ("records/nuovo.yaml", "dentro «records/»"),
    "the configuration": ("config/programme.yaml", "dentro «config/»"),
    "git's own files": (".git/HEAD", "dentro «.git/»"),
    "a named pipe": ("pipe", "non è un file normale"),
    "the null device": ("/dev/null", "non è un file normale"),
    "a folder": ("docs", "non è un file normale"),
    "a link to standard output": ("to-stdout.html", "collegamento simbolico"),
    "the published release": ("release/scheda.html", "viene pubblicato"),
    "the site's pages": ("docs/scheda.html", "viene pubblicato"),
    # the theme is on every published page: a sheet written there put a household on all of them
    "the site's theme": ("overrides/main.html", "fa parte del progetto"),
    "the site's configuration": ("mkdocs.yml", "non è un file"),
}


@pytest.mark.parametrize("case", sorted(FILE_CASES))
@pytest.mark.parametrize("command", ["sheet", "deadlines"])
def test_personal_outputs_refuse_dangerous_targets(project, command, case):
    target, message = FILE_CASES[case]
    before = snapshot(project / "records")
    path = project / target if not target.startswith("/") else Path(target)
    existed = path.is_file() and not path.is_symlink()
    content = path.read_bytes() if existed else None
    args = ["sheet", RECORD, "--out", target] if command == "sheet" else ["deadlines", "--ics", target]
    done = tohome(*args, cwd=project)
    assert done.returncode == 2, (done.stdout[-500:], done.stderr)
    assert message in done.stderr and "Traceback" not in done.stderr
    assert snapshot(project / "records") == before
    if existed:
        assert path.read_bytes() == content
    assert stat.S_ISFIFO(os.stat(project / "pipe").st_mode)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert (project / "to-stdout.html").is_symlink()


@pytest.mark.parametrize("target, message", [
    ("records", "dentro «records/»"), (".", "cartella del progetto"), ("..", "cartella del progetto"),
    ("config/sito", "dentro «config/»"), ("release", "viene pubblicato"), ("docs", "viene pubblicato"),
    ("foreign", "non l'ha creata tohome"), ("pipe", "non è una cartella"), (".git", "dentro «.git/»"),
])
def test_the_site_never_replaces_a_folder_it_did_not_build(project, target, message):
    before = snapshot(project)
    done = tohome("site", "--site-dir", target, cwd=project)
    assert done.returncode == 2, (done.stdout[-500:], done.stderr)
    assert message in done.stderr and "Traceback" not in done.stderr
    assert snapshot(project) == before


def test_personal_outputs_are_private_and_existing_permissions_are_kept(project, tmp_path):
    sheet, ics = tmp_path / "scheda.html", tmp_path / "scadenze.ics"
    assert tohome("sheet", RECORD, "--out", str(sheet), cwd=project, umask=0o022).returncode == 0
    assert tohome("deadlines", "--ics", str(ics), cwd=project, umask=0o022).returncode in (0, 1)
    assert stat.S_IMODE(sheet.stat().st_mode) == 0o600 and stat.S_IMODE(ics.stat().st_mode) == 0o600
    os.chmod(sheet, 0o640)
    assert tohome("sheet", RECORD, "--out", str(sheet), cwd=project, umask=0o077).returncode == 0
    assert stat.S_IMODE(sheet.stat().st_mode) == 0o640


def test_a_new_record_follows_the_umask(project, tmp_path):
    root = tmp_path / "p"
    for part in ("config", "schemas"):
        shutil.copytree(project / part, root / part)
    (root / "records").mkdir()
    done = tohome("new", "--lot", "2", cwd=root, umask=0o077)
    assert done.returncode == 0, done.stderr
    [made] = list((root / "records").glob("*.yaml"))
    assert stat.S_IMODE(made.stat().st_mode) == 0o600


def test_a_path_too_long_is_an_environment_error_not_a_crash(project):
    target = "/tmp/" + "a" * 300 + "/scheda.html"
    done = tohome("sheet", RECORD, "--out", target, cwd=project)
    assert done.returncode == 2 and "troppo lungo" in done.stderr and "Traceback" not in done.stderr
    assert "Errore interno" not in done.stderr


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB ext2 file system, loop-mounted (needs root and a loop device: skipped without)."""
    image, mount = tmp_path / "disk.img", tmp_path / "disk"
    mount.mkdir()
    with open(image, "wb") as handle:
        handle.truncate(2 * 1024 * 1024)
    made = subprocess.run(["mkfs.ext2", "-q", "-F", str(image)], capture_output=True)
    mounted = made.returncode == 0 and subprocess.run(["mount", "-o", "loop", str(image), str(mount)],
                                                      capture_output=True).returncode == 0
    if not mounted:
        pytest.skip("no loop device or mkfs.ext2 here: the disk-full case needs one")
    yield mount
    subprocess.run(["umount", str(mount)], capture_output=True)


def test_a_full_or_read_only_disk_is_an_environment_error_and_leaves_nothing(project, small_disk):
    fd = os.open(small_disk / "riempi", os.O_WRONLY | os.O_CREAT)   # fill it, to the last byte
    for size in (65536, 4096, 1):
        try:
            while True:
                os.write(fd, b"\0" * size)
        except OSError:
            pass
    os.close(fd)
    done = tohome("deadlines", "--ics", str(small_disk / "scadenze.ics"), cwd=project)
    assert done.returncode == 2 and "il disco è pieno" in done.stderr and "scadenze.ics" in done.stderr
    assert sorted(p.name for p in small_disk.iterdir()) == ["lost+found", "riempi"]
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    done = tohome("sheet", RECORD, "--out", str(small_disk / "scheda.html"), cwd=project)
    assert done.returncode == 2 and "sola lettura" in done.stderr and "scheda.html" in done.stderr
    assert "Traceback" not in done.stderr


def test_records_behind_a_link_or_outside_the_project_are_never_overwritten(tmp_path):
    root = copy_project(tmp_path / "p", "config", "schemas")
    shutil.copytree(ROOT / "records", tmp_path / "schede-vere")
    os.symlink(tmp_path / "schede-vere", root / "records")
    external = tmp_path / "altrove"
    shutil.copytree(ROOT / "records", external)
    before = {p.name: p.read_bytes() for p in (tmp_path / "schede-vere").iterdir()}
    cases = [
        ("deadlines", "--ics", f"records/{RECORD}.yaml"),
        ("sheet", RECORD, "--out", str(tmp_path / "schede-vere" / f"{RECORD}.yaml")),
        ("sheet", RECORD, "--records", str(external), "--out", str(external / f"{RECORD}.yaml")),
        ("deadlines", str(external), "--ics", str(external / "TH-1-0002.yaml")),
    ]
    for args in cases:
        done = tohome(*args, cwd=root)
        assert done.returncode == 2 and "non scrivo qui" in done.stderr, (args, done.stderr)
    assert {p.name: p.read_bytes() for p in (tmp_path / "schede-vere").iterdir()} == before
    assert (external / f"{RECORD}.yaml").read_bytes() == before[f"{RECORD}.yaml"]


@pytest.mark.parametrize("target", ["schemas", ".git", "release", "docs", "config/x", "."])
def test_synth_writes_invented_records_only_where_records_belong(project, target):
    before = snapshot(project)
    done = tohome("synth", "--households", "2", "--seed", "1", "--out", target, cwd=project)
    assert done.returncode == 2 and "non scrivo qui" in done.stderr, done.stderr
    assert snapshot(project) == before
