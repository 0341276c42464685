"""Shared fixtures: the repository's own configuration and schema, and throwaway project copies."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import EXAMPLES, ROOT, copy_project, tohome

from tohome_tools.records.workspace import open_workspace

__all__ = ["EXAMPLES", "ROOT", "tohome"]   # re-exported: the shared helpers live in helpers.py


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

