"""Reading a published release (release/index.json and release/<period>/<table>.json) as the
contract in devdocs/release-format.md describes it. The release is the only data the site sees."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

TOTAL = "totale"
PUBLISHED = "pubblicato"
SUPPRESSED = "soppresso"
NOT_AVAILABLE = "non_disponibile"  # e.g. an average over no household: nothing to publish, nothing hidden

# misure[].tipo -> how the site shows the value (see tohome_tools.i18n.italian.value)
KINDS = {"conteggio": "integer", "importo": "money", "media": "decimal", "costante": "integer",
         "indicatore": "text"}


class ReleaseError(Exception):
    """The release folder does not follow the contract; the message is Italian and names the file."""


@dataclass(frozen=True)
class Dimension:
    name: str
    title: str
    values: tuple[tuple[str, str], ...]  # (code, Italian label), total last

    def label(self, code: str) -> str:
        return dict(self.values).get(code, code)


@dataclass(frozen=True)
class Measure:
    name: str
    title: str
    kind: str  # the contract's tipo: conteggio, importo, media, costante, indicatore

    @property
    def display(self) -> str:
        return KINDS[self.kind]


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    period: str
    synthetic: bool
    dimensions: tuple[Dimension, ...]
    measures: tuple[Measure, ...]
    rows: tuple[dict, ...]  # dimension -> code; measure -> int | Decimal | str | None; measure_stato -> state

    def is_total(self, row: dict) -> bool:
        return any(row[d.name] == TOTAL for d in self.dimensions)

    def suppressed(self) -> int:
        return sum(1 for row in self.rows for m in self.measures if row[f"{m.name}_stato"] == SUPPRESSED)

    @staticmethod
    def state(row: dict, measure: "Measure") -> str:
        return row[f"{measure.name}_stato"]


@dataclass(frozen=True)
class Period:
    code: str
    kind: str
    start: dt.date
    end: dt.date
    folder: Path
    suppressed_cells: int
    tables: tuple[Table, ...] = field(default_factory=tuple)
    withheld: tuple[str, ...] = ()        # titles of tables left out of this period

    def files(self) -> list[Path]:
        """The files to publish as downloads: the data package and every table's CSV and JSON."""
        out = [self.folder / "datapackage.json"]
        for table in self.tables:
            out += [self.folder / f"{table.name}.csv", self.folder / f"{table.name}.json"]
        return out


@dataclass(frozen=True)
class Release:
    folder: Path
    synthetic: bool
    threshold: int
    periods: tuple[Period, ...]


def _json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReleaseError(f"{path}: il file non esiste") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ReleaseError(f"{path}: non è un file JSON valido ({error})") from None


def _value(raw, measure: Measure, where: str):
    if raw is None:
        return None
    if measure.kind in ("importo", "media"):
        if not isinstance(raw, str):
            raise ReleaseError(f"{where}: «{measure.name}» deve essere un numero scritto come testo, trovato {raw!r}")
        try:
            return Decimal(raw)
        except InvalidOperation:
            raise ReleaseError(f"{where}: «{measure.name}» = {raw!r} non è un numero") from None
    if measure.kind in ("conteggio", "costante"):
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ReleaseError(f"{where}: «{measure.name}» deve essere un numero intero, trovato {raw!r}")
        return raw
    return str(raw)


def read_table(path: Path) -> Table:
    data = _json(path)
    try:
        dimensions = tuple(Dimension(d["nome"], d["titolo"], tuple((v["codice"], v["etichetta"]) for v in d["valori"]))
                           for d in data["dimensioni"])
        measures = tuple(Measure(m["nome"], m["titolo"], m["tipo"]) for m in data["misure"])
        for measure in measures:
            if measure.kind not in KINDS:
                raise ReleaseError(f"{path}: tipo di misura sconosciuto «{measure.kind}»")
        rows = []
        for index, raw in enumerate(data["righe"]):
            where = f"{path}: righe[{index}]"
            row = {d.name: str(raw[d.name]) for d in dimensions}
            for measure in measures:
                state = raw[f"{measure.name}_stato"]
                value = _value(raw[measure.name], measure, where)
                if state not in (PUBLISHED, SUPPRESSED, NOT_AVAILABLE) or (state == PUBLISHED) == (value is None):
                    raise ReleaseError(f"{where}: «{measure.name}_stato» = {state!r} non concorda con il valore")
                row[measure.name] = value
                row[f"{measure.name}_stato"] = state
            rows.append(row)
        return Table(data["nome"], data["titolo"], data.get("descrizione", ""), data["periodo"],
                     bool(data.get("sintetici", True)), dimensions, measures, tuple(rows))
    except (KeyError, TypeError) as error:
        raise ReleaseError(f"{path}: manca o è malformato il campo {error}") from None


def read(folder: Path) -> Release:
    """The whole release, periods in the index's order; every table file is read and checked."""
    index = _json(folder / "index.json")
    try:
        periods = []
        for entry in index["periodi"]:
            where = folder / entry["cartella"]
            tables = tuple(read_table(where / f"{name}.json") for name in entry["tabelle"])
            periods.append(Period(entry["periodo"], entry["tipo"], dt.date.fromisoformat(entry["inizio"]),
                                  dt.date.fromisoformat(entry["fine"]), where, int(entry["celle_soppresse"]), tables,
                                  tuple(str(t) for t in entry.get("tabelle_non_pubblicate", []))))
        release = Release(folder, bool(index["sintetici"]), int(index["soglia"]), tuple(periods))
    except (KeyError, TypeError, ValueError) as error:
        raise ReleaseError(f"{folder / 'index.json'}: manca o è malformato il campo {error}") from None
    for period in release.periods:
        for path in period.files():
            if not path.is_file():
                raise ReleaseError(f"{path}: il file non esiste (richiesto dall'indice della release)")
    return release
