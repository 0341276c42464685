"""Opening a records repository for a command: find the root, load and check the programme file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tohome_tools.core.errors import ConfigError
from tohome_tools.core.findings import Finding, Severity
from tohome_tools.io import loader
from tohome_tools.programme import config, project
from tohome_tools.records import rules
from tohome_tools.records.validate import Settings


@dataclass(frozen=True)
class Workspace:
    project: project.Project
    programme: config.Programme

    @property
    def settings(self) -> Settings:
        return Settings(self.programme, str(self.project.household_schema))


def open_workspace(root: str | None, start: Path | None = None) -> Workspace:
    found = project.Project(Path(root).resolve()) if root else project.find(start)
    if root and not found.config.is_file():
        raise project.ProjectNotFound(root)
    programme = config.load(found.config, found.programme_schema)
    _check_rule_levels(programme, found.config)
    return Workspace(found, programme)


def _check_rule_levels(programme: config.Programme, path: Path) -> None:
    """A level set for a rule that does not exist is a typo that would silently keep the rule as it
    was: refused, at its line (the programme layer cannot know the registry, so it is checked here)."""
    known = {rule.code for rule in rules.registry()}
    unknown = [code for code in programme.rule_levels if code not in known]
    if not unknown:
        return
    loaded = loader.load_path(path)
    findings = []
    for code in unknown:
        line, column = loaded.position(f"/rules/{code}", key=True)
        findings.append(Finding(str(path), line, column, f"/rules/{code}", "config-unknown-rule", Severity.ERROR,
                                {"rule": code, "known": ", ".join(sorted(known)[:3]) + ", …"}))
    raise ConfigError(findings)
