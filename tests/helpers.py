"""Helpers shared by the test modules: where things are, the real command as a subprocess, git, and
throwaway copies of the project. Importable from every test folder (`pythonpath = ["tests"]`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]   # the repository
TESTS = ROOT / "tests"
EXAMPLES = TESTS / "examples"
FIXTURES = TESTS / "fixtures"
GOLDEN = TESTS / "golden"

COMMAND = (sys.executable, "-m", "tohome_tools")   # `tohome` as a user runs it, with this interpreter

# The variables a test run may have and a user's shell has not; the default `unset` of the helpers.
CI = ("GITHUB_ACTIONS", "CI")
NO_DEBUG = (*CI, "TOHOME_DEBUG")
NO_LANG = (*CI, "TOHOME_LANG")
NO_DEBUG_NO_LANG = (*CI, "TOHOME_DEBUG", "TOHOME_LANG")


def user_env(unset: Iterable[str] = NO_DEBUG, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment without the variables in `unset`, then `extra` on top."""
    unset = frozenset(unset)
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(extra or {})
    return env


def tohome(*args: str, cwd: Path, env_extra: Mapping[str, str] | None = None, unset: Iterable[str] = NO_DEBUG,
           umask: int | None = None, timeout: float | None = 300, input: str | None = None,
           ) -> subprocess.CompletedProcess[str]:
    """Run the real command as a user does: a subprocess, outside CI's and debug variables (`unset`),
    text output captured; `umask` is set in the child before it starts."""
    return subprocess.run([*COMMAND, *args], cwd=cwd, capture_output=True, text=True, input=input,
                          env=user_env(unset, env_extra), timeout=timeout,
                          preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)


def start_tohome(*args: str, cwd: Path, env_extra: Mapping[str, str] | None = None, unset: Iterable[str] = NO_DEBUG,
                 **popen) -> subprocess.Popen:
    """Start the real command without waiting for it; by default its text output goes to pipes
    (`popen` passes anything else to subprocess.Popen: stdout, stderr, text, start_new_session...)."""
    popen.setdefault("stdout", subprocess.PIPE)
    popen.setdefault("stderr", subprocess.PIPE)
    popen.setdefault("text", True)
    return subprocess.Popen([*COMMAND, *args], cwd=cwd, env=user_env(unset, env_extra), **popen)


def git(cwd: Path, *args: str, author: str = "Test", email: str = "test@example.invalid",
        date: str | None = None) -> str:
    """Run git in `cwd` as a fixed, unsigned author (and commit date if given); its output, or
    CalledProcessError. Output that is not UTF-8 (hostile file names) is kept, not refused."""
    env = dict(os.environ)
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", "-c", f"user.name={author}", "-c", f"user.email={email}",
                           "-c", "commit.gpgsign=false", *args],
                          cwd=cwd, capture_output=True, text=True, errors="surrogateescape", check=True,
                          env=env).stdout


def copy_project(root: Path, *parts: str, empty_records: bool = False) -> Path:
    """A project folder at `root` with copies of the repository's `parts` (config, schemas, records,
    docs, ...) and, if asked, an empty records/; returns `root`."""
    for part in parts:
        shutil.copytree(ROOT / part, root / part)
    if empty_records:
        (root / "records").mkdir(parents=True)
    return root


def said(finding, lang: str = "it") -> str:
    """A finding's message as a person reads it (findings carry codes; the face words them)."""
    from tohome_tools.cli.texts import texts

    return texts(lang).message(finding)


def without(*modules: str) -> str:
    """A Python script that runs `tohome` (its `main`, arguments from the command line) as if the
    packages `modules` were not installed: a core install, or one without an optional part."""
    return f"""
import importlib.abc, sys
class Absent(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {set(modules)!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None
sys.meta_path.insert(0, Absent())
from tohome_tools.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def write_context(case: Path, root: Path) -> list[Path]:
    """The files an example case's `context.json` stands for, written into the project at `root`: the
    register of erasures (`erased`: ID -> the lot it moved to, or null) and a lot's layout file
    (`repository_lot`, pinned to the project's own programme files). Returns the files written."""
    import json

    from tohome_tools.io import yamlwrite
    from tohome_tools.programme import layout

    stated = case / "context.json"
    if not stated.is_file():
        return []
    context = json.loads(stated.read_text(encoding="utf-8"))
    written = []
    if context.get("erased"):
        entries = [{"id": i, "erased_on": "2026-01-01", "rule": "transfer" if lot else "request", "by": "Test",
                    **({"to_lot": lot} if lot else {})} for i, lot in context["erased"].items()]
        (root / "erasures.yaml").write_text(yamlwrite.dump({"erasures": entries}), encoding="utf-8")
        written.append(root / "erasures.yaml")
    if context.get("repository_lot") is not None:
        digest = layout.programme_digest(root)
        (root / "tohome-lot.yaml").write_text(yamlwrite.dump({"lot": context["repository_lot"], "programme": digest}),
                                              encoding="utf-8")
        written.append(root / "tohome-lot.yaml")
    return written
