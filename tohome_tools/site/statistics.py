"""The statistics pages: for every released period a page with, for each table, a chart, the same
numbers as a table, and download links; plus an overview page. Input: the release only."""

from __future__ import annotations

from tohome_tools.i18n import italian
from tohome_tools.site import charts
from tohome_tools.site.markdown import GENERATED, cell, inline
from tohome_tools.site.release_reader import NOT_AVAILABLE, TOTAL, Period, Release, Table

FOLDER = "statistiche"
INDICATOR = {"si": "sì", "no": "no"}


def synthetic_notice() -> str:
    return ('!!! warning "Dati sintetici"\n'
            "    Questi numeri sono calcolati su **schede inventate** (dati di prova): non descrivono nuclei "
            "reali e non sono i risultati del programma.\n")


def suppression_note(threshold: int, methodology: str | None) -> str:
    where = f"[metodologia]({methodology})" if methodology else "metodologia delle statistiche"
    return ('!!! info "Che cosa vuol dire «n.d.»"\n'
            f"    «n.d.» (non disponibile) indica un valore **non pubblicato per proteggere la riservatezza**: "
            f"riguarda meno di {threshold} nuclei, oppure permetterebbe di ricalcolare un valore così piccolo "
            f"partendo dai totali. Come e perché, nella pagina {where}. Il trattino «{NO_VALUE}» indica invece un "
            f"valore che non esiste, per esempio una durata media quando nessun progetto si è chiuso.\n")


NO_VALUE = "—"


def _shown(value, measure, state: str = "") -> str:
    if state == NOT_AVAILABLE:
        return NO_VALUE
    if measure.kind == "indicatore" and value is not None:
        return INDICATOR.get(str(value), str(value))
    return italian.value(value, measure.display)


def _pivotable(table: Table) -> bool:
    """Two dimensions, one measure, every combination present: a cross table reads better."""
    if len(table.dimensions) != 2 or len(table.measures) != 1:
        return False
    first, second = table.dimensions
    return len(table.rows) == len(first.values) * len(second.values)


def _pivot_markdown(table: Table) -> str:
    """Rows: the dimension with more categories; columns: the other one (its total last)."""
    measure = table.measures[0]
    cols, rows = sorted(table.dimensions, key=lambda d: len(d.values))
    cells = {(r[rows.name], r[cols.name]): cell(_shown(r[measure.name], measure, table.state(r, measure)))
             for r in table.rows}
    header = [f"{rows.title} / {cols.title}"] + [label for _, label in cols.values]
    lines = [f"Valori: {cell(measure.title.lower())}.\n",
             "| " + " | ".join(cell(h) for h in header) + " |",
             "| " + " | ".join(["---"] + ["---:"] * len(cols.values)) + " |"]
    for code, label in rows.values:
        values = [cells[(code, c)] for c, _ in cols.values]
        if code == TOTAL:
            lines.append("| " + " | ".join([f"**{cell(label)}**"] + [f"**{v}**" for v in values]) + " |")
        else:
            lines.append("| " + " | ".join([cell(label)] + values[:-1] + [f"**{values[-1]}**"]) + " |")
    return "\n".join(lines) + "\n"


def table_markdown(table: Table) -> str:
    if _pivotable(table):
        return _pivot_markdown(table)
    header = [d.title for d in table.dimensions] + [m.title for m in table.measures]
    lines = ["| " + " | ".join(cell(h) for h in header) + " |",
             "| " + " | ".join(["---"] * len(table.dimensions) + ["---:"] * len(table.measures)) + " |"]
    for row in table.rows:
        labels = [cell(d.label(row[d.name])) for d in table.dimensions]
        values = [cell(_shown(row[m.name], m, table.state(row, m))) for m in table.measures]
        if table.is_total(row):
            labels = [f"**{v}**" for v in labels]
            values = [f"**{v}**" for v in values]
        lines.append("| " + " | ".join(labels + values) + " |")
    return "\n".join(lines) + "\n"


def chart_path(period: Period, table: Table) -> str:
    return f"grafici/{period.code}/{table.name}.svg"


def data_path(period: Period, name: str) -> str:
    return f"dati/{period.code}/{name}"


def period_page(release: Release, period: Period, methodology: str | None) -> str:
    label = italian.period(period.code)
    parts = [GENERATED, f"# Statistiche: {label}\n",
             f"Periodo dal {italian.date(period.start)} al {italian.date(period.end)}. "
             f"Tabelle: {len(period.tables)}; valori non pubblicati: {italian.number(period.suppressed_cells)}.\n"]
    if release.synthetic or any(t.synthetic for t in period.tables):
        parts.append(synthetic_notice())
    parts.append(suppression_note(release.threshold, methodology))
    if period.withheld:
        names = ", ".join(f"«{inline(t)}»" for t in period.withheld)
        why = f" ([perché]({methodology}))" if methodology else ""
        parts.append(f"Per questo periodo non pubblichiamo alcune tabelle ({names}): nessuna scelta di caselle "
                     f"nascoste le protegge, oppure la protezione ne nasconderebbe tutti i valori{why}.\n")
    parts.append(f"Tutte le tabelle del periodo, con la descrizione di ogni colonna: "
                 f"[pacchetto di dati (datapackage.json)]({data_path(period, 'datapackage.json')}).\n")
    for table in period.tables:
        alt = charts.alt_text(table, label)
        parts.append(f"## {inline(table.title)}\n")
        if table.description:
            parts.append(f"{inline(table.description)}\n")
        parts.append(f'<figure markdown="span">\n  ![{cell(alt)}]({chart_path(period, table)})'
                     f'\n  <figcaption>{cell(table.title)}, {cell(label)}</figcaption>\n</figure>\n')
        parts.append(table_markdown(table))
        parts.append(f"Scarica: [CSV]({data_path(period, table.name + '.csv')}) · "
                     f"[JSON]({data_path(period, table.name + '.json')})\n")
    return "\n".join(parts)


def index_page(release: Release, methodology: str | None) -> str:
    parts = [GENERATED, "# Statistiche\n",
             "Tabelle aggregate e anonime sui nuclei del programma, per periodo. Ogni tabella ha un grafico, "
             "gli stessi numeri in forma di tabella e i file da scaricare (CSV e JSON, descritti da un "
             "pacchetto di dati Frictionless).\n"]
    if release.synthetic:
        parts.append(synthetic_notice())
    parts.append(f"Nessun valore pubblicato riguarda meno di **{release.threshold} nuclei**: i valori più piccoli, e "
                 "quelli da cui si potrebbero ricalcolare, compaiono come «n.d.».\n")
    parts.append(suppression_note(release.threshold, methodology))
    if not release.periods:
        parts.append("Non è ancora stato pubblicato nessun periodo.\n")
    else:
        parts += ["| periodo | dal | al | tabelle | valori non pubblicati |", "| --- | --- | --- | ---: | ---: |"]
        for period in release.periods:
            parts.append(f"| [{cell(italian.period(period.code))}]({period.code}.md) | {italian.date(period.start)} | "
                         f"{italian.date(period.end)} | {len(period.tables)} | {italian.number(period.suppressed_cells)} |")
        parts.append("")
        parts.append("Elenco dei periodi in formato JSON: [index.json](dati/index.json).\n")
    return "\n".join(parts)


def outputs(release: Release, methodology: str | None) -> dict[str, bytes]:
    """Every file of the statistics section, by path relative to docs/. `methodology` is the link to
    the methodology page relative to a statistics page, or None when the page does not exist."""
    files: dict[str, bytes] = {f"{FOLDER}/index.md": index_page(release, methodology).encode("utf-8")}
    if release.periods:
        files[f"{FOLDER}/dati/index.json"] = (release.folder / "index.json").read_bytes()
    for period in release.periods:
        label = italian.period(period.code)
        files[f"{FOLDER}/{period.code}.md"] = period_page(release, period, methodology).encode("utf-8")
        for table in period.tables:
            files[f"{FOLDER}/{chart_path(period, table)}"] = charts.render(table, label).svg
        for path in period.files():
            files[f"{FOLDER}/{data_path(period, path.name)}"] = path.read_bytes()
    return files
