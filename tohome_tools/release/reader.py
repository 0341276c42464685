"""Reading a published release back from its JSON files (for the audit and the history check)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from tohome_tools.core import periods
from tohome_tools.release.model import AMOUNT, AVERAGE, CONSTANT, COUNT, TOTAL, Cell, Dimension, Measure, Release, Table


class ReleaseReadError(Exception):
    """A published release folder cannot be read."""


def _cell(measure: Measure, value, state: str) -> Cell:
    if value is None:
        return Cell(None, 0, state)
    if measure.kind in (COUNT, CONSTANT):
        return Cell(int(value), 0, state)
    if measure.kind == AMOUNT:
        return Cell(Decimal(value), 0, state)
    if measure.kind == AVERAGE:
        return Cell(None, 0, state, shown=str(value))
    return Cell(value, 0, state)


def table_from_json(data: dict) -> Table:
    dims = [Dimension(d["nome"], d["titolo"],
                      tuple((v["codice"], v["etichetta"]) for v in d["valori"] if v["codice"] != TOTAL), "published")
            for d in data["dimensioni"]]
    measures = [Measure(m["nome"], m["titolo"], m.get("descrizione", ""), m["tipo"], m["additiva"],
                        m["additiva_nel_tempo"], m.get("media_di"), m.get("indicatore_di"))
                for m in data["misure"]]
    table = Table(data["nome"], data["titolo"], data["descrizione"], data["popolazione"], dims, measures,
                  attribute=data.get("attributo_sensibile"))
    for row in data["righe"]:
        key = tuple(row[d.name] for d in dims)
        table.rows[key] = {m.name: _cell(m, row[m.name], row[f"{m.name}_stato"]) for m in measures}
    return table


def read(folder: Path) -> Release:
    folder = Path(folder)
    try:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        period = periods.parse(package["x-periodo"])
        tables = [table_from_json(json.loads((folder / f"{r['name']}.json").read_text(encoding="utf-8")))
                  for r in package["resources"]]
        return Release(period.code, period.start.isoformat(), period.end.isoformat(), period.kind,
                       bool(package.get("x-sintetici")), int(package["x-soglia"]), tables)
    except (OSError, ValueError, KeyError, TypeError, periods.PeriodError) as error:
        raise ReleaseReadError(f"{folder}: {error}") from error


def read_all(root: Path, skip: str | None = None) -> list[Release]:
    """Every release folder under `root` (release/), except the period `skip`."""
    out = []
    for folder in sorted(Path(root).iterdir()) if Path(root).is_dir() else []:
        if folder.name.startswith(".") or folder.name == skip or not (folder / "datapackage.json").is_file():
            continue
        out.append(read(folder))
    return out
