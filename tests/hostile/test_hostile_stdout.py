"""Standard output as a faulty machine or a careless user leaves it: a full disk behind `> file`,
/dev/full, an output closed by cron (`>&-`), an error output that takes nothing, a Latin-9 locale.

A command's result on standard output is a file like any other: a write that fails or stops short is
exit 2 with "uscita standard" in the message, never 0 with a cut file nor an internal error; the
bytes are UTF-8 whatever the locale. Real subprocesses of `tohome`, real descriptors."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import COMMAND, ROOT, copy_project, git, tohome, user_env

HOUSEHOLD = "TH-4-0001"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("uscita") / "p", "config", "schemas", empty_records=True)
    for name in ("TH-4-0001", "TH-4-0002", "TH-1-0001"):
        shutil.copy(ROOT / "records" / f"{name}.yaml", root / "records")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "schede")
    return root


def run_to(project: Path, args, stdout, stderr=subprocess.PIPE, env_extra=None, preexec=None):
    return subprocess.run([*COMMAND, *args], cwd=project, stdout=stdout, stderr=stderr, env=user_env(extra=env_extra),
                          timeout=120, preexec_fn=preexec)


# every command that prints its result, with arguments that give one
PRINTERS = {
    "validate": ["validate"],
    "budget": ["budget", "--format", "csv", "--as-of", "2020-06-30"],
    "deadlines": ["deadlines", "--all", "--as-of", "2019-06-30"],
    "sheet": ["sheet", HOUSEHOLD],
    "history": ["history", HOUSEHOLD],
    "indicators": ["indicators", "--period", "2019"],
    "erase": ["erase", HOUSEHOLD, "--request"],
}


@pytest.mark.parametrize("command", sorted(PRINTERS))
def test_a_full_output_device_is_exit_2_naming_standard_output(project, command):
    with open("/dev/full", "wb") as full:
        done = run_to(project, PRINTERS[command], stdout=full)
    err = done.stderr.decode()
    assert done.returncode == 2, (command, done.returncode, err)
    assert "uscita standard" in err and "il disco è pieno" in err, err
    assert "Errore interno" not in err and "Traceback" not in err


@pytest.mark.parametrize("command", sorted(PRINTERS))
def test_a_closed_output_is_exit_2_not_an_internal_error(project, command):
    done = run_to(project, PRINTERS[command], stdout=subprocess.DEVNULL, preexec=lambda: os.close(1))
    err = done.stderr.decode()
    assert done.returncode == 2, (command, done.returncode, err)
    assert "uscita standard: è chiusa" in err and "Errore interno" not in err, err


def test_with_a_closed_output_a_file_output_is_still_written_whole(project, tmp_path):
    """Nothing the command opens may take descriptor 1 and receive what was meant for the output."""
    sheet = tmp_path / "scheda.html"
    done = run_to(project, ["sheet", HOUSEHOLD, "--out", str(sheet)], stdout=subprocess.DEVNULL,
                  preexec=lambda: os.close(1))
    assert done.returncode == 0, done.stderr.decode()
    page = sheet.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")


def test_english_names_the_standard_output_too(project):
    with open("/dev/full", "wb") as full:
        done = run_to(project, [*PRINTERS["budget"], "--lang", "en"], stdout=full)
    assert done.returncode == 2 and "standard output: No space left on device" in done.stderr.decode()


def test_an_error_output_that_takes_nothing_does_not_change_the_exit_code(project):
    with open("/dev/full", "wb") as full:
        clean = run_to(project, ["validate"], stdout=subprocess.DEVNULL, stderr=full)
        missing = run_to(project, ["sheet", "TH-4-0999", "--out", "x.html"], stdout=subprocess.DEVNULL, stderr=full)
    assert clean.returncode == 0 and missing.returncode == 2


def test_new_into_a_full_output_says_which_record_it_made(tmp_path):
    root = copy_project(tmp_path / "p", "config", "schemas", empty_records=True)
    with open("/dev/full", "wb") as full:
        done = run_to(root, ["new", "--lot", "2"], stdout=full)
    err = done.stderr.decode()
    [made] = list((root / "records").glob("*.yaml"))
    assert done.returncode == 2 and "uscita standard" in err
    assert f"ho creato la scheda {made}" in err, err


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB ext2 file system without reserved blocks, loop-mounted, filled to its last 4 KiB
    (needs root and a loop device: skipped without)."""
    image, mount = tmp_path / "disk.img", tmp_path / "disk"
    mount.mkdir()
    with open(image, "wb") as handle:
        handle.truncate(2 * 1024 * 1024)
    made = subprocess.run(["mkfs.ext2", "-q", "-F", "-m", "0", "-b", "1024", str(image)], capture_output=True)
    mounted = made.returncode == 0 and subprocess.run(["mount", "-o", "loop", str(image), str(mount)],
                                                      capture_output=True).returncode == 0
    if not mounted:
        pytest.skip("no loop device or mkfs.ext2 here: the disk-full case needs one")
    try:
        with open(mount / "riempi", "wb", buffering=0) as handle:
            try:
                while handle.write(b"\0" * 1024):
                    pass
            except OSError:
                pass
        size = (mount / "riempi").stat().st_size
        os.truncate(mount / "riempi", size - 4096)
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def test_a_full_disk_behind_a_redirection_is_exit_2_not_a_cut_file(project, small_disk):
    args = ["budget", "--household", HOUSEHOLD, "--format", "csv", "--as-of", "2020-06-30"]
    whole = tohome(*args, cwd=project).stdout
    assert len(whole.encode()) > 4096   # more than the disk holds
    with open(small_disk / "bilancio.csv", "wb") as target:
        done = run_to(project, args, stdout=target)
    err = done.stderr.decode()
    assert done.returncode == 2 and "uscita standard: il disco è pieno" in err, (done.returncode, err)


def _latin9_locale(tmp_path: Path) -> dict[str, str] | None:
    """A real Latin-9 Italian locale, compiled into a private folder (None where localedef cannot)."""
    if shutil.which("localedef") is None:
        return None
    done = subprocess.run(["localedef", "-i", "it_IT", "-f", "ISO-8859-15", str(tmp_path / "it_IT.ISO-8859-15")],
                          capture_output=True)
    if not (tmp_path / "it_IT.ISO-8859-15").exists():
        return None
    check = subprocess.run(["python3", "-c", "import sys; print(sys.stdout.encoding)"], capture_output=True, text=True,
                           env={**os.environ, "LOCPATH": str(tmp_path), "LC_ALL": "it_IT.ISO-8859-15"})
    return {"LOCPATH": str(tmp_path), "LC_ALL": "it_IT.ISO-8859-15"} if "8859" in check.stdout and not done.returncode \
        else None


@pytest.mark.parametrize("how", ["locale", "PYTHONIOENCODING"])
def test_the_output_is_utf8_whatever_the_locale(project, tmp_path, how):
    env = _latin9_locale(tmp_path) if how == "locale" else {"PYTHONIOENCODING": "iso-8859-15"}
    if env is None:
        pytest.skip("no localedef or it_IT definition here to make a Latin-9 locale")
    page = tmp_path / "x.html"
    with open(page, "wb") as target:
        done = run_to(project, ["sheet", HOUSEHOLD], stdout=target, env_extra=env)
    assert done.returncode == 0, done.stderr.decode()
    data = page.read_bytes()
    assert b'charset="utf-8"' in data.lower() or b"charset=utf-8" in data.lower()
    text = data.decode("utf-8")   # raises on Latin-9 bytes
    assert "è" in text or "à" in text
    table = run_to(project, ["budget", "--as-of", "2020-06-30"], stdout=subprocess.PIPE, env_extra=env)
    assert table.returncode == 0 and "€" in table.stdout.decode("utf-8")   # no Latin-9 byte for it either
