"""Shared helpers for the casework tests (budget, deadlines, ICS, sheet, history)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tohome_tools.io import loader

GOLDEN = Path(__file__).resolve().parent / "golden" / "casework"
GOLDEN_RECORDS = GOLDEN / "records"
GOLDEN_INVALID = GOLDEN / "invalid"


def tohome(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "CI", "TOHOME_LANG")}
    return subprocess.run([sys.executable, "-m", "tohome_tools", *args], cwd=cwd, capture_output=True,
                          text=True, env=env, timeout=120)


def git(cwd: Path, *args: str, author: str = "Test", email: str = "test@example.invalid",
        date: str | None = None) -> str:
    env = dict(os.environ)
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", "-c", f"user.name={author}", "-c", f"user.email={email}",
                           "-c", "commit.gpgsign=false", *args],
                          cwd=cwd, capture_output=True, text=True, check=True, env=env).stdout


def golden_records() -> list[dict]:
    return [loader.load_path(p).data for p in sorted(GOLDEN_RECORDS.glob("*.yaml"))]


def copy_golden(root: Path, invalid: bool = False) -> None:
    """Put the golden records (and the invalid one if asked) into a project copy's records/."""
    for path in GOLDEN_RECORDS.glob("*.yaml"):
        shutil.copy(path, root / "records" / path.name)
    if invalid:
        for path in GOLDEN_INVALID.glob("*.yaml"):
            shutil.copy(path, root / "records" / path.name)


class Done:
    def __init__(self, returncode: int, stdout: str, stderr: str):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def in_process(capsys, monkeypatch, cwd: Path, *args: str) -> Done:
    """The real CLI entry point in this process (fast: no interpreter start, imports already done)."""
    from tohome_tools.cli.main import main

    monkeypatch.chdir(cwd)
    monkeypatch.delenv("TOHOME_LANG", raising=False)
    capsys.readouterr()
    try:
        code = main(list(args))
    except SystemExit as exit_:  # argparse refusing an option
        code = exit_.code
    out = capsys.readouterr()
    return Done(code, out.out, out.err)
