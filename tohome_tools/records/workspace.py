"""Opening a records repository for a command: find the root, load and check the programme file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tohome_tools.core.errors import ConfigError
from tohome_tools.core.findings import Finding, Severity
from tohome_tools.io import loader
from tohome_tools.programme import config, layout, project, schema
from tohome_tools.records import register as erasures
from tohome_tools.records import rules
from tohome_tools.records.validate import Settings


@dataclass(frozen=True)
class Workspace:
    project: project.Project
    programme: config.Programme
    layout: layout.Layout
    register: erasures.Register   # households erased (every lot's, at the city level)

    @property
    def settings(self) -> Settings:
        return Settings(self.programme, str(self.project.household_schema), erased=self.register.barred(),
                        repository_lot=self.layout.lot)

    @property
    def record_folders(self) -> list[Path]:
        """The records folders of the layout that exist: a lot whose every household was erased or moved
        has none (git keeps no empty folder), which is an empty lot, not a missing one."""
        return [f for f in self.layout.record_folders if f.exists() or f.is_symlink()]


def open_workspace(root: str | None, start: Path | None = None, clones: bool = True) -> Workspace:
    """The project at `root` (or found from `start` upwards). At the city level every lot's clone must
    be there (`clones=False` only for the command that makes them)."""
    found = project.Project(Path(root).resolve()) if root else project.find(start)
    if root and not found.config.is_file():
        raise project.ProjectNotFound(root)
    programme = config.load(found.config, found.programme_schema)
    schema.load(found.household_schema)   # missing or broken: said now, even before any record is read
    _check_rule_levels(programme, found.config)
    where = layout.read(found.root)
    _check_layout(where, programme, clones)
    register = erasures.load(found.root)
    if where.level == "city" and clones:   # every lot keeps its own register; the city reads them all
        register = register.plus(*(erasures.load(lot.path) for lot in where.lots))
    return Workspace(found, programme, where, register)


def _check_layout(where: layout.Layout, programme: config.Programme, clones: bool = True) -> None:
    """A lot's repository must be of a lot the programme has; the city must see every lot, each from a
    clone of that lot's repository: a missing lot would make every total silently smaller."""
    file = where.file()
    if where.level == "lot" and where.lot not in programme.lots:
        raise _layout_error(file, 1, "layout-unknown-lot", lot=where.lot,
                            lots=", ".join(map(str, sorted(programme.lots))))
    if where.level != "city":
        return
    declared = {lot.lot: lot for lot in where.lots}
    for lot in where.lots:
        if lot.lot not in programme.lots:
            raise _layout_error(file, lot.line, "layout-unknown-lot", lot=lot.lot,
                                lots=", ".join(map(str, sorted(programme.lots))))
        if not clones:
            continue
        if not lot.path.is_dir():
            raise _layout_error(file, lot.line, "layout-clone-missing", lot=lot.lot, path=str(lot.path),
                                remote=lot.remote or "?")
        held = layout.lot_of_clone(lot.path)
        if held != lot.lot:
            raise _layout_error(file, lot.line, "layout-clone-other-lot", lot=lot.lot, path=str(lot.path),
                                held=held if held is not None else "?")
    missing = sorted(set(programme.lots) - set(declared))
    if missing:
        raise _layout_error(file, 1, "layout-lot-missing", lots=", ".join(map(str, missing)))


def _layout_error(file, line: int, code: str, **params) -> ConfigError:
    return ConfigError([Finding(str(file), line, 1 if line else 0, "", code, Severity.ERROR, params)])


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
