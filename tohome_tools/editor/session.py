"""One records repository as the language server sees it: its programme and schema, read again when
they change on disk, the summaries of its records, and the editor's settings (language, `--as-of`).

Everything a diagnostic says comes from `validate`'s code: `check_loaded` on the buffer's bytes,
`collection_findings` over the summaries, the words of `cli.texts`. This module only decides what
to feed them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from tohome_tools.cli.texts import texts
from tohome_tools.core.errors import ConfigError
from tohome_tools.core.findings import Finding
from tohome_tools.editor.index import RecordIndex, Stamp, is_record, stamp_of
from tohome_tools.i18n.languages import LANGUAGES
from tohome_tools.i18n.render import Texts
from tohome_tools.io.loader import Loaded
from tohome_tools.programme import layout, schemacheck
from tohome_tools.programme.project import Project
from tohome_tools.records import register
from tohome_tools.records.rules.base import Summary
from tohome_tools.records.validate import Settings, check_loaded, collection_findings, display_path
from tohome_tools.records.workspace import Workspace, open_workspace


@dataclass
class Checked:
    """A buffer as `validate` judges it: its own findings, its summary, and what the loader read."""

    findings: list[Finding]
    summary: Summary | None
    loaded: Loaded


def buffer_bytes(text: str) -> bytes:
    """The bytes a buffer would be saved as (UTF-8). A lone surrogate, which no file can hold in
    UTF-8, stays a byte sequence the loader refuses, located, as it would refuse the file."""
    return text.encode("utf-8", "surrogatepass")


class Session:
    def __init__(self, project: Project, lang: str = "it", as_of: dt.date | None = None):
        self.project = project
        self.lang = lang
        self.as_of = as_of
        self.workspace: Workspace | None = None
        self.broken: list[Finding] = []      # what is wrong with the configuration or a schema
        self.index: RecordIndex | None = None
        self.stamps: dict[Path, Stamp | None] = {}
        self._collection: tuple[tuple, list[Finding]] | None = None
        self.words: Texts = texts(lang)

    # --- the programme and the schemas ----------------------------------------------------------
    def watched(self) -> list[Path]:
        """The files that decide how every record is judged: the configuration, the schemas, the register
        of erasures and the layout file (a lot's repository judges the lot of every record)."""
        schemas = sorted(self.project.root.joinpath("schemas").glob("*.json"))
        judging = [self.project.root / name for name in (register.FILE, layout.LOT_FILE, layout.CITY_FILE)]
        return [self.project.config, *schemas, *judging]

    def load(self) -> None:
        """Read the configuration and the schemas (again); a broken one leaves `broken` findings and
        no settings, as `validate` would refuse to run."""
        self.stamps = {path: stamp_of(path) for path in self.watched()}
        schemacheck.forget()
        self._collection = None
        try:
            self.workspace = open_workspace(str(self.project.root))
            schemacheck.validator_for(str(self.project.household_schema))   # a broken record schema, located
            self.broken = []
        except ConfigError as error:
            self.workspace, self.broken = None, list(error.findings)

    def settings_changed(self) -> bool:
        """True (after reading them again) when the configuration or a schema changed on disk."""
        now = {path: stamp_of(path) for path in self.watched()}
        if now == self.stamps:
            return False
        self.load()
        return True

    @property
    def settings(self) -> Settings | None:
        if self.workspace is None:
            return None
        return dataclasses.replace(self.workspace.settings, as_of=self.as_of)

    def set_language(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else "it"
        self.words = texts(self.lang)

    def set_as_of(self, day: dt.date | None) -> bool:
        """True when the day changed (then every summary must be read again, as of the new day)."""
        if day == self.as_of:
            return False
        self.as_of = day
        self._collection = None
        return True

    def new_index(self) -> RecordIndex | None:
        settings = self.settings
        self.index = None if settings is None else RecordIndex.for_project(self.project.records, settings)
        self._collection = None
        return self.index

    # --- records --------------------------------------------------------------------------------
    def is_record(self, path: Path) -> bool:
        return is_record(path, self.project.records)

    def check(self, path: Path, text: str) -> Checked:
        """The buffer of `path` judged as `tohome validate` judges the saved file."""
        findings, summary, loaded = check_loaded(path, self.settings, buffer_bytes(text))
        return Checked(findings, summary, loaded)

    def collection(self, buffers: dict[str, Summary | None]) -> list[Finding]:
        """The findings of the rules across records, with each open buffer's summary in place of its
        file's (None: the buffer is not a readable record). Remembered until something changes."""
        key = (self.index.version if self.index else -1, tuple(sorted(buffers.items(), key=lambda i: i[0])))
        if self._collection is not None and self._collection[0] == key:
            return self._collection[1]
        summaries = dict(self.index.summaries) if self.index else {}
        for file, summary in buffers.items():
            if summary is None:
                summaries.pop(file, None)
            else:
                summaries[file] = summary
        found = collection_findings(list(summaries.values()), self.settings)
        self._collection = (key, found)
        return found

    def file_of(self, path: Path) -> str:
        return display_path(path)
