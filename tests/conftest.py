"""Shared fixtures: the repository's own configuration and schema, and throwaway project copies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tohome_tools.workspace import open_workspace

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
