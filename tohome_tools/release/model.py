"""The in-memory shape of a release: tables of cells, and the variables that tie cells together.

A *variable* is one published quantity, named by period, population, measure and the categories
it is restricted to (its filter). The same variable can appear in several tables (the number of
households in charge in lot 1 is a row of `nuclei_per_lotto` and a subtotal of
`nuclei_per_circoscrizione`): it is then one unknown for the audit and is hidden everywhere at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

TOTAL = "totale"
TOTAL_LABEL = "Totale"

COUNT = "conteggio"
AMOUNT = "importo"
AVERAGE = "media"
CONSTANT = "costante"
FLAG = "indicatore"

PUBLISHED = "pubblicato"
SUPPRESSED = "soppresso"
NOT_AVAILABLE = "non_disponibile"   # an average over zero households


@dataclass(frozen=True)
class Dimension:
    name: str
    title: str
    values: tuple[tuple[str, str], ...]      # (code, Italian label), categories only, in order
    source: str                              # schema pointer, or "derived:<name>"


@dataclass(frozen=True)
class Measure:
    name: str
    title: str
    description: str
    kind: str                                # COUNT, AMOUNT, AVERAGE, CONSTANT, FLAG
    additive: bool = True                    # total row = sum of category rows
    additive_in_time: bool = False           # value of a period = sum over its sub-periods
    average_of: str | None = None            # AVERAGE: the COUNT measure of the same row
    flag_of: str | None = None               # FLAG: the AVERAGE it is derived from


@dataclass(frozen=True, order=True)
class Var:
    period: str
    population: str
    measure: str
    filter: tuple[tuple[str, str], ...]

    def label(self) -> str:
        where = ", ".join(f"{d}={c}" for d, c in self.filter) or "totale"
        return f"{self.period} {self.population}.{self.measure} [{where}]"


@dataclass
class Cell:
    value: int | Decimal | None              # AVERAGE: the sum of the averaged quantity
    contributors: int = 0                    # households behind the value
    state: str = PUBLISHED
    shown: str | None = None                 # AVERAGE: the published (rounded) average
    shares: tuple = ()                       # AMOUNT: every household's share, largest first
    bound: Decimal | None = None             # AMOUNT: what the public caps allow one household here


@dataclass
class Table:
    name: str
    title: str
    description: str
    population: str
    dimensions: list[Dimension]
    measures: list[Measure]
    rows: dict[tuple[str, ...], dict[str, Cell]] = field(default_factory=dict)
    attribute: str | None = None             # a sensitive outcome dimension (group disclosure check)

    def measure(self, name: str) -> Measure:
        return next(m for m in self.measures if m.name == name)

    def filter_of(self, key: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((d.name, c) for d, c in zip(self.dimensions, key) if c != TOTAL))


def var_measure(measure: Measure) -> str:
    """The variable name of a measure (an average is audited through the sum it averages)."""
    return f"{measure.name}__somma" if measure.kind == AVERAGE else measure.name


AUDITED_KINDS = (COUNT, AMOUNT, AVERAGE)


@dataclass
class Release:
    period: str
    start: str
    end: str
    kind: str
    synthetic: bool
    threshold: int
    tables: list[Table]
    withheld: list[tuple[str, str]] = field(default_factory=list)   # (name, title) of tables left out

    def cells(self):
        """(var, table, key, measure, cell) for every audited cell."""
        for table in self.tables:
            for key, cells in table.rows.items():
                for measure in table.measures:
                    if measure.kind in AUDITED_KINDS:
                        var = Var(self.period, table.population, var_measure(measure), table.filter_of(key))
                        yield var, table, key, measure, cells[measure.name]
