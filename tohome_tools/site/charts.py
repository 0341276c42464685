"""Charts as deterministic build-time SVG: horizontal bars, one per category row of a released
table (totals left out, they are in the table beside the chart). Suppressed values get no bar and an
"n.d." mark. Same table in, same bytes out (fixed hash salt, no date in the metadata)."""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")  # no display, no GUI toolkit

from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from tohome_tools.i18n import italian  # noqa: E402
from tohome_tools.site.release_reader import NOT_AVAILABLE, TOTAL, Table  # noqa: E402

STYLE = {
    "svg.hashsalt": "tohome-site",  # ids in the SVG come from this salt, not from a random one
    "svg.fonttype": "none",         # text stays text (selectable, small); the browser uses its own fonts
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial"],
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
COLOURS = ("#3f51b5", "#ff9800", "#009688", "#9c27b0", "#795548", "#607d8b", "#e91e63", "#8bc34a")
LIMIT_COLOUR = "#c62828"


@dataclass(frozen=True)
class Chart:
    svg: bytes
    alt: str


def _plotted(table: Table):
    """Which measures become bars: averages if any, else amounts, else the first count."""
    for kinds in (("media",), ("importo",), ("conteggio",)):
        chosen = [m for m in table.measures if m.kind in kinds]
        if chosen:
            return chosen if kinds == ("importo",) else chosen[:1]
    return []


LABEL_WIDTH = 38  # characters per line of a category label; longer ones wrap


def _label(table: Table, row: dict) -> str:
    return textwrap.fill(" · ".join(d.label(row[d.name]) for d in table.dimensions), LABEL_WIDTH)


def _tick(value: float, _pos=None) -> str:
    rounded = Decimal(f"{value:.1f}")
    return italian.number(rounded, 0 if rounded == rounded.to_integral_value() else 1)


@dataclass(frozen=True)
class _Layout:
    """What to draw: one group of bars per label, one bar per series in each group."""
    labels: list[str]
    series: list[str]
    cells: list[list[tuple]]  # [group][series] -> (value, state, display kind)
    axis_title: str
    integer_axis: bool


def _cross(table: Table) -> bool:
    """Two dimensions, one measure, every combination released (as the cross table on the page)."""
    return (len(table.dimensions) == 2 and len(table.measures) == 1
            and len(table.rows) == len(table.dimensions[0].values) * len(table.dimensions[1].values))


def _layout(table: Table) -> _Layout:
    if _cross(table):
        measure = table.measures[0]
        series_dim, group_dim = sorted(table.dimensions, key=lambda d: len(d.values))
        index = {(r[group_dim.name], r[series_dim.name]): r for r in table.rows}
        groups = [(c, textwrap.fill(label, LABEL_WIDTH)) for c, label in group_dim.values if c != TOTAL]
        series = [(c, label) for c, label in series_dim.values if c != TOTAL]
        cells = [[(index[(g, s)][measure.name], table.state(index[(g, s)], measure), measure.display)
                  for s, _ in series] for g, _ in groups]
        return _Layout([label for _, label in groups], [label for _, label in series], cells, measure.title,
                       measure.kind == "conteggio")
    rows = [row for row in table.rows if not table.is_total(row)]
    measures = _plotted(table)
    cells = [[(row[m.name], table.state(row, m), m.display) for m in measures] for row in rows]
    return _Layout([_label(table, row) for row in rows], [m.title for m in measures], cells,
                   " / ".join(m.title for m in measures), all(m.kind == "conteggio" for m in measures))


def alt_text(table: Table, period_label: str) -> str:
    layout = _layout(table)
    bars = f"{len(layout.labels)} gruppi di {len(layout.series)} barre" if len(layout.series) > 1 else \
        f"{len(layout.labels)} categorie"
    return (f"Grafico a barre: {table.title}, {period_label}. {bars}; i valori sono nella tabella "
            f"sotto il grafico, «n.d.» indica un valore non pubblicato.")


def render(table: Table, period_label: str) -> Chart:
    layout = _layout(table)
    rows = [row for row in table.rows if not table.is_total(row)]
    limit = None if _cross(table) else next((m for m in table.measures if m.kind == "costante"), None)
    count = max(1, len(layout.series))
    width = 0.8 / count
    lines = max((label.count("\n") + 1 for label in layout.labels), default=1)
    height = 1.4 + 0.34 * len(layout.labels) * max(1, count * 0.75, lines * 0.8)
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(9, height), dpi=96)
        axes = figure.add_subplot()
        peak = Decimal(0)
        for i in range(len(layout.series)):
            offset = (i - (count - 1) / 2) * width
            for y, group in enumerate(layout.cells):
                value, state, display = group[i]
                position = y + offset
                if value is None:
                    mark = " —" if state == NOT_AVAILABLE else " n.d."
                    axes.text(0, position, mark, va="center", ha="left", color="#555555", fontsize=9)
                    continue
                peak = max(peak, Decimal(value))
                axes.barh(position, float(value), height=width * 0.9, color=COLOURS[i % len(COLOURS)])
                axes.text(float(value), position, " " + italian.value(value, display), va="center",
                          ha="left", fontsize=9)
        if limit is not None and rows and rows[0][limit.name] is not None:
            axes.axvline(float(rows[0][limit.name]), color=LIMIT_COLOUR, linestyle="--", linewidth=1.2)
            axes.text(float(rows[0][limit.name]), -0.6, f" {limit.title}: {italian.value(rows[0][limit.name], 'integer')}",
                      color=LIMIT_COLOUR, fontsize=9, va="center")
            peak = max(peak, Decimal(rows[0][limit.name]))
        axes.set_yticks(range(len(layout.labels)), layout.labels)
        axes.invert_yaxis()
        axes.set_xlim(0, float(peak) * 1.18 if peak > 0 else 1)
        axes.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=layout.integer_axis))
        axes.xaxis.set_major_formatter(FuncFormatter(_tick))
        axes.set_xlabel(layout.axis_title)
        axes.set_title(f"{table.title}\n{period_label}", loc="left", fontsize=11)
        if len(layout.series) > 1:
            handles = [Patch(color=COLOURS[i % len(COLOURS)], label=name) for i, name in enumerate(layout.series)]
            axes.legend(handles=handles, loc="lower right", frameon=False)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "tohome site",
                                                       "Title": f"{table.title}, {period_label}",
                                                       "Description": alt_text(table, period_label)})
    return Chart(buffer.getvalue(), alt_text(table, period_label))
