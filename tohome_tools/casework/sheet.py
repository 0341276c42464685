"""The printable project sheet (scheda progetto) and participation pact of one household, in Italian.

`render(record, programme)` returns one self-contained HTML page: styles inline, no scripts, no
fonts or images from elsewhere, so it prints the same offline and leaks no request. Money is
written the Italian way (1.234,56 €), dates in words (25 novembre 2020). Amounts per measure come
from the budget ledger, so the sheet and `tohome budget` always agree.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tohome_tools.casework.budget import ledger
from tohome_tools.casework.retention import retention
from tohome_tools.core import dates
from tohome_tools.core.safetext import without_controls
from tohome_tools.i18n import italian, labels
from tohome_tools.i18n.italian import money as italian_money
from tohome_tools.programme.config import FundingLine

OPEN_RULE = {   # what the retention of a project never closed runs from (deadlines.retention_open_from)
    "programme_end": "se il progetto non viene chiuso, dalla fine del programma, il {end}",
    "last_activity": "se il progetto non viene chiuso, dall'ultima attività registrata",
}


def long_date(value) -> str:
    """'2020-11-25' or a date -> '25 novembre 2020'; '' when absent."""
    day = value if isinstance(value, dt.date) else dates.parse(value)
    if day is None:
        return ""
    return italian.date(day)


def money(value) -> str:
    return italian_money(Decimal(value)) if value is not None else ""


def word(group: str, key) -> str:
    return labels.label(labels.SHEET[group], key)


def _measure_totals(record: dict, programme) -> dict[str, tuple[int, Decimal]]:
    """Months and planned total per measure id, from the ledger (same month rule as the budget)."""
    out: dict[str, tuple[int, Decimal]] = {}
    for row in ledger([record], programme):
        if row.measure and row.planned:
            months, amount = out.get(row.measure, (0, Decimal("0.00")))
            out[row.measure] = (months + 1, amount + row.planned)
    return out


def context(record: dict, programme) -> dict:
    """Everything the template shows, as plain data."""
    measures = record.get("measures") or {}
    totals = _measure_totals(record, programme)
    housing_total = sum((totals.get(m["id"], (0, Decimal(0)))[1] for m in measures.get("housing_support") or []),
                        Decimal("0.00"))
    work_total = sum((totals.get(m["id"], (0, Decimal(0)))[1] for m in measures.get("work_support") or []),
                     Decimal("0.00"))
    lot = programme.lots.get(record["lot"])
    district = programme.districts.get(record["district"])
    lines = {f.code: f for f in programme.funding_lines}
    return {
        "r": record,
        "programme_name": programme.name,
        "owner": programme.owner,
        "place": programme.place,
        "district_name": district.name if district else record["district"],
        "bodies": list(lot.bodies) if lot else [],
        "funding": lines.get(record["funding_line"], FundingLine(record["funding_line"], None, None, None)),
        "measures": measures,
        "totals": totals,
        "housing_total": housing_total,
        "work_total": work_total,
        "synthetic": record.get("synthetic") is True,
        "privacy": programme.privacy,
        "retention_years": programme.retention_years,
        "open_rule": OPEN_RULE[programme.retention_open_from].format(end=long_date(programme.window_end)),
        "retention": retention(record, programme),
        "housing_cap": programme.cap_on(programme.housing_cap, dates.parse(
            (measures.get("housing_support") or [{}])[0].get("start")) or programme.window_start),
    }


def _environment():
    import jinja2  # here, not at the top: every command's start-up would pay for it

    env = jinja2.Environment(loader=jinja2.PackageLoader("tohome_tools.casework", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             # record text reaches a terminal when the sheet is printed: no escape codes
                             finalize=lambda value: without_controls(value) if isinstance(value, str) else value,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters.update(long_date=long_date, money=money)
    env.globals.update(word=word)
    return env


def render(record: dict, programme) -> str:
    return _environment().get_template("sheet.html").render(**context(record, programme))


def _no_fetching(url: str, *args, **kwargs):
    raise ValueError(f"the sheet is self-contained: nothing to fetch ({url})")


def to_pdf(html: str) -> bytes:
    """The sheet as an A4 PDF, laid out by WeasyPrint (the `pdf` extra): CSS paged media gives the
    page numbers and keeps rows and headings whole. Nothing is fetched: the page is self-contained."""
    import logging

    import weasyprint

    for name in ("weasyprint", "fontTools"):   # the core never prints: layout remarks stay quiet
        logging.getLogger(name).setLevel(logging.ERROR)
    # PDF/UA-1: a tagged PDF (structure tree, reading order, the document's language and title), which a
    # screen reader can follow and a public administration must publish
    return weasyprint.HTML(string=html, url_fetcher=_no_fetching).write_pdf(pdf_variant="pdf/ua-1")
