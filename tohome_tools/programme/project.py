"""Where things live in a records repository: the root, its records, schemas and configuration."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CONFIG = Path("config/programme.yaml")
HOUSEHOLD_SCHEMA = Path("schemas/household.schema.json")
PROGRAMME_SCHEMA = Path("schemas/programme.schema.json")
INDICATOR_SCHEMA = Path("schemas/indicators.schema.json")
INDICATOR_SETS = Path("config/indicators")
RECORDS = Path("records")
RELEASES = Path("release")
DOCS = Path("docs")


class ProjectNotFound(Exception):
    """No folder from here upwards holds config/programme.yaml."""


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def config(self) -> Path:
        return self.root / CONFIG

    @property
    def household_schema(self) -> Path:
        return self.root / HOUSEHOLD_SCHEMA

    @property
    def programme_schema(self) -> Path:
        return self.root / PROGRAMME_SCHEMA

    @property
    def indicator_schema(self) -> Path:
        return self.root / INDICATOR_SCHEMA

    @property
    def indicator_sets(self) -> Path:
        return self.root / INDICATOR_SETS

    @property
    def records(self) -> Path:
        return self.root / RECORDS

    @property
    def releases(self) -> Path:
        return self.root / RELEASES

    @property
    def docs(self) -> Path:
        return self.root / DOCS


def find(start: Path | None = None) -> Project:
    """The nearest folder from `start` upwards with the programme file and a schemas folder (a schema
    missing from it is then said as such, not as "no project here")."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file() and (folder / HOUSEHOLD_SCHEMA).parent.is_dir():
            return Project(folder)
    raise ProjectNotFound(str(here))
