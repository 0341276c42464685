"""Shared fixtures: the repository's own configuration and schema, and throwaway project copies."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tohome_tools.records.workspace import open_workspace

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = Path(__file__).resolve().parent / "examples"


@pytest.fixture(scope="session")
def workspace():
    return open_workspace(str(ROOT))


@pytest.fixture(scope="session")
def settings(workspace):
    return workspace.settings


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A fresh project folder with the real configuration and schemas and an empty records/."""
    root = tmp_path / "project"
    (root / "records").mkdir(parents=True)
    shutil.copytree(ROOT / "config", root / "config")
    shutil.copytree(ROOT / "schemas", root / "schemas")
    return root


@pytest.fixture(scope="session")
def base_record_text() -> str:
    return (EXAMPLES / "valid" / "full" / "TH-4-0001.yaml").read_text(encoding="utf-8")


def tohome(*args: str, cwd: Path, env_extra: dict | None = None, umask: int | None = None,
           timeout: int = 300) -> subprocess.CompletedProcess:
    """Run the real command as a user does: a subprocess, outside CI's and debug variables."""
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "CI", "TOHOME_DEBUG")}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "tohome_tools", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=timeout, preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)
