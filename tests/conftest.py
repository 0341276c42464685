"""Shared fixtures: the repository's own configuration and schema, and throwaway project copies."""

from __future__ import annotations

import compileall
from pathlib import Path

import pytest
from helpers import EXAMPLES, ROOT, copy_project, tohome

from tohome_tools.records.workspace import open_workspace

__all__ = ["EXAMPLES", "ROOT", "tohome"]   # re-exported: the shared helpers live in helpers.py


def pytest_configure(config):
    """Byte-compile the package once, before any test starts the command. The tests run `tohome` as a
    subprocess hundreds of times; where the environment says PYTHONDONTWRITEBYTECODE (this machine's
    does) no run writes its bytecode, so each one compiled every module it imports again (half a
    second of its start-up). The cached bytecode is what an installed package has; Python checks it
    against each source file's time stamp and size, so an edited module is compiled afresh."""
    if not hasattr(config, "workerinput"):   # once, in the main process (xdist workers start after it)
        compileall.compile_dir(ROOT / "tohome_tools", quiet=1)


@pytest.fixture(scope="session")
def workspace():
    return open_workspace(str(ROOT))


@pytest.fixture(scope="session")
def settings(workspace):
    return workspace.settings


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A fresh project folder with the real configuration and schemas and an empty records/."""
    return copy_project(tmp_path / "project", "config", "schemas", empty_records=True)


@pytest.fixture(scope="session")
def base_record_text() -> str:
    return (EXAMPLES / "valid" / "full" / "TH-4-0001.yaml").read_text(encoding="utf-8")

