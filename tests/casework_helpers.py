"""Shared helpers for the casework tests (budget, deadlines, ICS, sheet, history)."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import helpers
from helpers import git

from tohome_tools.io import loader

__all__ = ["git"]   # the casework tests take git from here too

GOLDEN = helpers.GOLDEN / "casework"
GOLDEN_RECORDS = GOLDEN / "records"
GOLDEN_INVALID = GOLDEN / "invalid"


# the casework tests run the command without TOHOME_LANG (TOHOME_DEBUG passes through), 120 s at most
tohome = functools.partial(helpers.tohome, unset=helpers.NO_LANG, timeout=120)


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
