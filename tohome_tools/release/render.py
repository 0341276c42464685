"""Cell values as published text or JSON values (fixed formats, so output is byte-stable)."""

from __future__ import annotations

from decimal import Decimal

from tohome_tools.core.money import rounded
from tohome_tools.release.model import AMOUNT, AVERAGE, CONSTANT, COUNT, FLAG, PUBLISHED, Cell, Measure, Table


def flag_value(table: Table, row: dict, measure: Measure) -> str | None:
    source = row[measure.flag_of]
    if source.state != PUBLISHED or source.shown is None:
        return None
    limit = row["limite_mesi"].value
    return "si" if Decimal(source.shown) <= limit else "no"


def json_value(table: Table, row: dict, measure: Measure):
    cell: Cell = row[measure.name]
    if measure.kind == FLAG:
        return flag_value(table, row, measure)
    if cell.state != PUBLISHED:
        return None
    if measure.kind in (COUNT, CONSTANT):
        return int(cell.value)
    if measure.kind == AMOUNT:
        return str(rounded(Decimal(cell.value)))
    if measure.kind == AVERAGE:
        return cell.shown
    raise ValueError(measure.kind)


def csv_value(table: Table, row: dict, measure: Measure) -> str:
    value = json_value(table, row, measure)
    return "" if value is None else str(value)
