"""Serialising a release (CSV, JSON, datapackage.json) and writing its folder atomically.

The whole period folder is written into a hidden temporary folder beside it and then renamed into
place, so a reader sees the old release or the new one, never half of one. `index.json` is then
rewritten (atomically) from the folders present.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

from tohome_tools.core import periods
from tohome_tools.core.safetext import spreadsheet_safe
from tohome_tools.io import atomic
from tohome_tools.release import datapackage
from tohome_tools.release.model import SUPPRESSED, TOTAL, TOTAL_LABEL, Release, Table
from tohome_tools.release.render import csv_value, json_value

INDEX = "index.json"


def dumps(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def _labels(table: Table) -> list[dict]:
    return [{dim_code: label for dim_code, label in dim.values} | {TOTAL: TOTAL_LABEL} for dim in table.dimensions]


def table_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = []
    for dim in table.dimensions:
        header += [dim.name, f"{dim.name}_etichetta"]
    for m in table.measures:
        header += [m.name, f"{m.name}_stato"]
    writer.writerow(header)
    labels = _labels(table)
    for key, row in table.rows.items():
        line = []
        for code, names in zip(key, labels):
            line += [code, spreadsheet_safe(names[code])]
        for m in table.measures:
            line += [csv_value(table, row, m), row[m.name].state]
        writer.writerow(line)
    return buffer.getvalue().encode("utf-8")


def table_json(release: Release, table: Table) -> bytes:
    rows = []
    for key, row in table.rows.items():
        item = {d.name: code for d, code in zip(table.dimensions, key)}
        for m in table.measures:
            item[m.name] = json_value(table, row, m)
            item[f"{m.name}_stato"] = row[m.name].state
        rows.append(item)
    measures = []
    for m in table.measures:
        entry = {"nome": m.name, "titolo": m.title, "descrizione": m.description, "tipo": m.kind,
                 "additiva": m.additive, "additiva_nel_tempo": m.additive_in_time}
        if m.average_of:
            entry["media_di"] = m.average_of
        if m.flag_of:
            entry["indicatore_di"] = m.flag_of
        measures.append(entry)
    data = {
        "nome": table.name, "titolo": table.title, "descrizione": table.description,
        "periodo": release.period, "inizio": release.start, "fine": release.end,
        "popolazione": table.population, "sintetici": release.synthetic, "soglia": release.threshold,
        "dimensioni": [{"nome": d.name, "titolo": d.title,
                        "valori": [{"codice": c, "etichetta": lab} for c, lab in d.values]
                        + [{"codice": TOTAL, "etichetta": TOTAL_LABEL}]} for d in table.dimensions],
        "misure": measures,
        "righe": rows,
    }
    if table.attribute:
        data["attributo_sensibile"] = table.attribute
    return dumps(data)


def suppressed_count(release: Release) -> int:
    return sum(1 for *_, cell in release.cells() if cell.state == SUPPRESSED)


def files(release: Release, licence: str, programme_name: str, keywords: tuple[str, ...]) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for table in release.tables:
        out[f"{table.name}.csv"] = table_csv(table)
        out[f"{table.name}.json"] = table_json(release, table)
    out["datapackage.json"] = dumps(datapackage.descriptor(release, licence, programme_name, keywords,
                                                           suppressed_count(release)))
    return out


def write_folder(target: Path, content: dict[str, bytes]) -> None:
    """Replace `target` with a folder holding exactly `content`, all at once."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic.recover_folder(target)  # leftovers of a killed run
    tmp = atomic.temp_folder(target)
    try:
        for name in sorted(content):
            with open(tmp / name, "wb") as handle:
                handle.write(content[name])
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp / name, 0o644)
        os.chmod(tmp, 0o755)
        atomic.replace_folder(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def index(root: Path) -> dict:
    """The index of every period folder under `root` (the release/ folder)."""
    entries, synthetic, threshold = [], True, None
    for folder in sorted(Path(root).iterdir()) if Path(root).is_dir() else []:
        package = folder / "datapackage.json"
        if folder.name.startswith(".") or not package.is_file():
            continue
        try:
            period = periods.parse(folder.name)
        except periods.PeriodError:
            continue
        data = json.loads(package.read_text(encoding="utf-8"))
        synthetic = synthetic and bool(data.get("x-sintetici"))
        threshold = data.get("x-soglia", threshold)
        entries.append((period.sort_key(), {
            "periodo": period.code, "tipo": period.kind_name, "inizio": period.start.isoformat(),
            "fine": period.end.isoformat(), "cartella": folder.name,
            "tabelle": [r["name"] for r in data.get("resources", [])],
            "celle_soppresse": data.get("x-celle-soppresse", 0),
            "tabelle_non_pubblicate": [t["titolo"] for t in data.get("x-tabelle-non-pubblicate", [])],
        }))
    return {"sintetici": synthetic if entries else False, "soglia": threshold,
            "periodi": [e for _, e in sorted(entries, key=lambda e: e[0])]}


def write(root: Path, release: Release, licence: str, programme_name: str, keywords: tuple[str, ...]) -> dict[str, bytes]:
    content = files(release, licence, programme_name, keywords)
    write_folder(Path(root) / release.period, content)
    atomic.write_bytes(Path(root) / INDEX, dumps(index(root)))
    return content
