"""Real git set-ups for the private side's tests: a bare repository standing for the git host, clones
of it for the people who work on it, and an independent reading of every object a repository holds
(plain `git cat-file`, not the code under test)."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from helpers import ROOT, git

SYNTHETIC_IDS = sorted(p.stem for p in (ROOT / "records").glob("TH-*.yaml"))


def bare_server(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "--quiet", "--bare", "--initial-branch=main", str(path)], check=True)
    return path


def clone(server: Path, dest: Path, who: str = "Test") -> Path:
    subprocess.run(["git", "clone", "--quiet", "--no-local", str(server), str(dest)], check=True,
                   capture_output=True)
    git(dest, "config", "user.name", who)
    git(dest, "config", "user.email", f"{who.lower().replace(' ', '.')}@example.invalid")
    git(dest, "config", "commit.gpgsign", "false")
    return dest


def commit_all(repo: Path, message: str, author: str = "Test", date: str | None = None) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", message, author=author, date=date)
    return git(repo, "rev-parse", "HEAD").strip()


def every_object(repo: Path) -> bytes:
    """The content of every object in the store, reachable or not, concatenated."""
    return subprocess.run(["git", "-C", str(repo), "cat-file", "--batch-all-objects", "--batch"],
                          capture_output=True, check=True).stdout


def messages(repo: Path) -> str:
    return git(repo, "log", "--all", "--format=%B")


def clean_server(server: Path) -> None:
    """What the erasure tells the administrator of a self-hosted server to run after the force-push."""
    subprocess.run(["git", "-C", str(server), "reflog", "expire", "--expire=now", "--all"], check=True)
    subprocess.run(["git", "-C", str(server), "gc", "--quiet", "--prune=now"], check=True)


def tree_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder`, by relative path."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def with_note(text: str, note: str) -> str:
    """A record's text with its first `notes:` line replaced (a case manager's edit)."""
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.lstrip().startswith("notes:"):
            indent = line[: len(line) - len(line.lstrip())]
            lines[i] = f"{indent}notes: \"{note}\"\n"
            return "".join(lines)
    raise ValueError("no notes line")


def install_pre_receive(server: Path) -> None:
    """The server refuses a push that brings an erased household back: the shipped example hook
    (examples/hooks/pre-receive), with this interpreter's tohome in place of the installed one."""
    import sys

    text = (ROOT / "examples" / "hooks" / "pre-receive").read_text(encoding="utf-8")
    assert "  tohome erase --check" in text
    hook = server / "hooks" / "pre-receive"
    hook.write_text(text.replace("  tohome erase --check", f'  "{sys.executable}" -m tohome_tools erase --check'),
                    encoding="utf-8")
    hook.chmod(0o755)


def record_with_note(record_id: str, note: str) -> str:
    """A shipped record's text with its notes replaced by `note` (a secret a test then looks for)."""
    return with_note((ROOT / "records" / f"{record_id}.yaml").read_text(encoding="utf-8"), note)


def small_world(top: Path, gone: str, secret: str) -> dict:
    """A bare server and the admin's clone holding the programme and three records, `gone` with `secret`
    in its notes, pushed and tracking the server."""
    server = bare_server(top / "server.git")
    admin = clone(server, top / "admin", "Ada")
    for part in ("config", "schemas"):
        shutil.copytree(ROOT / part, admin / part)
    (admin / "records").mkdir()
    for record_id in ("TH-4-0012", "TH-4-0013"):
        shutil.copy(ROOT / "records" / f"{record_id}.yaml", admin / "records")
    (admin / "records" / f"{gone}.yaml").write_text(record_with_note(gone, secret), encoding="utf-8")
    commit_all(admin, "Schede")
    git(admin, "push", "--quiet", "origin", "main")
    git(admin, "branch", "--quiet", "--set-upstream-to=origin/main")
    return {"server": server, "admin": admin, "top": top}


def project_repo(repo: Path, ids) -> Path:
    """A committed repository (no server) with the programme and the shipped records `ids`."""
    repo.mkdir(parents=True)
    for part in ("config", "schemas"):
        shutil.copytree(ROOT / part, repo / part)
    (repo / "records").mkdir()
    for record_id in ids:
        shutil.copy(ROOT / "records" / f"{record_id}.yaml", repo / "records")
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "Schede")
    return repo


def stop_once_journaled(process: subprocess.Popen, journal: Path, sig: int = signal.SIGTERM, delay: float = 0.0,
                        wait: float = 60) -> tuple[str, str]:
    """Wait until a tohome run has written its journal (or ended), `delay` seconds more, then stop it
    with `sig` if it still runs; its output."""
    deadline = time.monotonic() + wait
    while not journal.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    time.sleep(delay)
    if process.poll() is None:
        os.kill(process.pid, sig)
    return process.communicate(timeout=2 * wait)
