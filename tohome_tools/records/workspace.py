"""Opening a records repository for a command: find the root, load and check the programme file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tohome_tools.programme import config, project
from tohome_tools.records.validate import Settings


@dataclass(frozen=True)
class Workspace:
    project: project.Project
    programme: config.Programme
    lang: str

    @property
    def settings(self) -> Settings:
        return Settings(self.programme, str(self.project.household_schema), self.lang)


def open_workspace(root: str | None, lang: str = "it", start: Path | None = None) -> Workspace:
    found = project.Project(Path(root).resolve()) if root else project.find(start)
    if root and not found.config.is_file():
        raise project.ProjectNotFound(root)
    programme = config.load(found.config, found.programme_schema, lang)
    return Workspace(found, programme, lang)
