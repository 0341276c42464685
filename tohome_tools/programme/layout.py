"""Which kind of records repository this is, and where its records are.

- **single** (the default, for a small programme): one repository holds every lot's records under
  `records/`, next to the programme (`config/`, `schemas/`) and the publication (`release/`, `docs/`).
- **lot**: a lot's own repository (`tohome-lot.yaml` at its root): only that lot's households, so
  that what the lot's staff can fetch is what they need (GDPR art. 5(1)(c), art. 28). Its `config/`
  and `schemas/` are copies of the city's programme version, pinned by their digest: a lot cannot
  judge its records by another programme file.
- **city**: the city's repository (`tohome-city.yaml`): the programme and the publication, no
  records; it reads the records from local clones of every lot's repository, named in that file.

The git host's permissions decide who can fetch which repository; this module only reads the layout.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from tohome_tools.core.errors import ConfigError
from tohome_tools.core.findings import Finding, Severity
from tohome_tools.io import loader
from tohome_tools.programme import schemacheck

LOT_FILE = Path("tohome-lot.yaml")
CITY_FILE = Path("tohome-city.yaml")
LOT_SCHEMA = Path("schemas/lot-repository.schema.json")
CITY_SCHEMA = Path("schemas/city-lots.schema.json")
PROGRAMME_FOLDERS = ("config", "schemas")   # the city's programme version, copied into every lot


@dataclass(frozen=True)
class LotRepository:
    lot: int
    path: Path            # the local clone
    remote: str | None
    line: int             # where the city file names it


@dataclass(frozen=True)
class Layout:
    root: Path
    level: str                                 # "single", "lot" or "city"
    lot: int | None = None                     # lot level: this repository's lot
    pinned: str | None = None                  # lot level: digest of the programme version it follows
    lots: tuple[LotRepository, ...] = ()       # city level: every lot's clone

    @property
    def repositories(self) -> tuple[Path, ...]:
        """The git repositories that hold records."""
        return tuple(lot.path for lot in self.lots) if self.level == "city" else (self.root,)

    @property
    def record_folders(self) -> tuple[Path, ...]:
        return tuple(repository / "records" for repository in self.repositories)

    def file(self) -> Path | None:
        return {"lot": self.root / LOT_FILE, "city": self.root / CITY_FILE}.get(self.level)


def programme_files(root: Path) -> dict[str, bytes]:
    """Every file of the programme version (`config/`, `schemas/`) by its path relative to `root`."""
    out = {}
    for folder in PROGRAMME_FOLDERS:
        base = root / folder
        for current, dirs, files in os.walk(base):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
            for name in sorted(files):
                if name.startswith("."):
                    continue
                path = Path(current) / name
                out[path.relative_to(root).as_posix()] = path.read_bytes()
    return out


def digest(files: dict[str, bytes]) -> str:
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode("utf-8") + b"\0" + hashlib.sha256(files[name]).digest())
    return "sha256:" + h.hexdigest()


def programme_digest(root: Path) -> str:
    return digest(programme_files(root))


def differences(mine: dict[str, bytes], theirs: dict[str, bytes]) -> list[str]:
    """Programme files that differ between two versions (missing on either side, or other bytes)."""
    return sorted(name for name in set(mine) | set(theirs) if mine.get(name) != theirs.get(name))


def _read(path: Path, schema: Path) -> loader.Loaded:
    loaded = loader.load_path(path)
    findings = loader.to_findings(loaded, str(path), settings=True)
    if not findings:
        findings = schemacheck.check(loaded, str(path), str(schema))
    if findings:
        raise ConfigError(findings)
    return loaded


def _problem(path: Path, loaded: loader.Loaded | None, pointer: str, code: str, **params) -> ConfigError:
    line, column = loaded.position(pointer) if loaded is not None else (1, 1)
    return ConfigError([Finding(str(path), line, column, pointer, code, Severity.ERROR, params)])


def read(root: Path) -> Layout:
    """The layout of the repository at `root`. A layout file that is wrong is a located error: reading
    records from the wrong place would give silently wrong totals."""
    lot_file, city_file = root / LOT_FILE, root / CITY_FILE
    if lot_file.exists() and city_file.exists():
        raise _problem(city_file, None, "", "layout-both", lot_file=str(LOT_FILE), city_file=str(CITY_FILE))
    if lot_file.exists():
        loaded = _read(lot_file, root / LOT_SCHEMA)
        return Layout(root, "lot", lot=loaded.data["lot"], pinned=loaded.data["programme"])
    if city_file.exists():
        loaded = _read(city_file, root / CITY_SCHEMA)
        lots, seen = [], set()
        for i, entry in enumerate(loaded.data["lots"]):
            if entry["lot"] in seen:
                raise _problem(city_file, loaded, f"/lots/{i}/lot", "layout-lot-twice", lot=entry["lot"])
            seen.add(entry["lot"])
            lots.append(LotRepository(entry["lot"], (root / entry["path"]).resolve(), entry.get("remote"),
                                      loaded.position(f"/lots/{i}")[0]))
        return Layout(root, "city", lots=tuple(lots))
    return Layout(root, "single")


def lot_of_clone(path: Path) -> int | None:
    """The lot a clone says it holds (its tohome-lot.yaml), or None when it has no readable one."""
    try:
        loaded = loader.load_path(path / LOT_FILE)
    except OSError:
        return None
    lot = loaded.data.get("lot") if isinstance(loaded.data, dict) else None
    return lot if isinstance(lot, int) and not isinstance(lot, bool) else None


def programme_findings(where: Layout) -> list[Finding]:
    """A lot judges its records only by the city's programme version: at the lot level, `config/`
    and `schemas/` must have the digest `tohome-lot.yaml` pins; at the city level, every lot's copy
    must be the city's own, byte for byte, and pinned as such."""
    if where.level == "lot":
        found = programme_digest(where.root)
        if found == where.pinned:
            return []
        loaded = loader.load_path(where.root / LOT_FILE)
        line, column = loaded.position("/programme")
        return [Finding(str(where.root / LOT_FILE), line, column, "/programme", "programme-pin", Severity.ERROR,
                        {"found": found[:19] + "…", "pinned": (where.pinned or "")[:19] + "…"})]
    if where.level != "city":
        return []
    city = programme_files(where.root)
    city_digest = digest(city)
    out = []
    for lot in where.lots:
        files = differences(city, programme_files(lot.path))
        loaded = loader.load_path(lot.path / LOT_FILE)
        pinned = loaded.data.get("programme") if isinstance(loaded.data, dict) else None
        if pinned != city_digest and not files:
            files = [str(LOT_FILE)]
        if files:
            shown = ", ".join(files[:5]) + (f" (+{len(files) - 5})" if len(files) > 5 else "")
            out.append(Finding(str(where.root / CITY_FILE), lot.line, 1, "", "programme-differs", Severity.ERROR,
                               {"lot": lot.lot, "files": shown}))
    return out
