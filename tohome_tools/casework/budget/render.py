"""Rendering a budget summary as a table for people, CSV for spreadsheets, JSON for programs.

Every format prints the same Decimals from the same summary; amounts in CSV and JSON are plain
strings with two decimals and a point ("1234.50"), in the table the Italian way ("1.234,50 €").
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from tohome_tools.casework.budget.summary import Line, Summary
from tohome_tools.core.money import rounded
from tohome_tools.core.safetext import spreadsheet_row
from tohome_tools.core.texttable import columns
from tohome_tools.i18n import labels
from tohome_tools.i18n.phrases import say
from tohome_tools.i18n.plural import fmt
from tohome_tools.i18n.render import Texts, day, money

WORDS = {
    "it": {
        "lang": "it",
        # two views, named: up to the reference date, and the whole programme; both from the records
        # as they stood on that date (a payment recorded later is not paid yet)
        "title": "Bilancio del programma al {date} (le schede come erano quel giorno)", "total": "totale",
        "synthetic": "DATI SINTETICI: le schede sono inventate e non descrivono persone reali.",
        "filters": "Filtri: {what}",
        "erased": "Cancellati: {n:P|un nucleo cancellato|{n} nuclei cancellati} alla fine della conservazione (o su "
                  "richiesta) non {n:P|è|sono} più in questi conti (registro delle cancellazioni).",
        "household": "nucleo", "lot": "lotto", "funding_line": "linea di finanziamento", "kind": "tipo di misura",
        "measure": "misura", "month": "mese",
        "planned": "previsto", "paid": "pagato", "unpaid": "da pagare", "co": "compartecipazione",
        "envelope": "dotazione", "remaining": "residuo",
        "s_at": "Al {date}: i mesi fino a {month}, totale (sostegno all'abitare e al lavoro)",
        "s_at_lots": "Al {date}, per lotto", "s_at_kinds": "Al {date}, per tipo di misura",
        "s_at_households": "Al {date}, per nucleo",
        "s_programme": "Intero programma: tutti i mesi previsti, totale (sostegno all'abitare e al lavoro)",
        "s_lots": "Intero programma, per lotto", "s_lines": "Intero programma, per linea di finanziamento",
        "s_kinds": "Intero programma, per tipo di misura",
        "s_households": "Intero programma, per nucleo", "s_measures": "Per misura", "s_ledger": "Registro mensile",
        "s_forecast": "Previsione mese per mese fino alla fine del programma",
        "none": "(nessun mese)",
        "s_findings": "Controlli di tetti e dotazioni",
        "no_findings": "Nessun tetto o dotazione superati.",
        "no_findings_but_skipped": "Nessuna dotazione superata dalle schede conteggiate; {n:p|scheda esclusa|schede "
                                   "escluse} per errori di validazione (anche di tetto): vedi i messaggi sopra.",
    },
    "en": {
        "lang": "en",
        "title": "Programme budget as of {date} (the records as they stood that day)",
        "total": "total",
        "synthetic": "SYNTHETIC DATA: the records are invented and describe no real person.",
        "filters": "Filters: {what}",
        "erased": "Erased: {n:p|household|households} erased at the end of retention (or on request) {n:P|is|are} no "
                  "longer in these totals (register of erasures).",
        "household": "household", "lot": "lot", "funding_line": "funding line", "kind": "measure kind",
        "measure": "measure", "month": "month",
        "planned": "planned", "paid": "paid", "unpaid": "unpaid", "co": "co-participation",
        "envelope": "envelope", "remaining": "remaining",
        "s_at": "As of {date}: the months up to {month}, total (housing and work support)",
        "s_at_lots": "As of {date}, by lot", "s_at_kinds": "As of {date}, by measure kind",
        "s_at_households": "As of {date}, by household",
        "s_programme": "Whole programme: every planned month, total (housing and work support)",
        "s_lots": "Whole programme, by lot", "s_lines": "Whole programme, by funding line",
        "s_kinds": "Whole programme, by measure kind",
        "s_households": "Whole programme, by household", "s_measures": "By measure", "s_ledger": "Monthly ledger",
        "s_forecast": "Month-by-month forecast to the programme end",
        "none": "(no months)",
        "s_findings": "Cap and envelope checks",
        "no_findings": "No cap or envelope exceeded.",
        "no_findings_but_skipped": "No envelope exceeded by the records counted; {n:p|record|records} left out for "
                                   "validation errors (caps included): see the messages above.",
    },
}


class _SafeRows:
    """A CSV writer whose text cells cannot become spreadsheet formulas (codes come from the configuration)."""

    def __init__(self, writer):
        self.writer = writer

    def writerow(self, row) -> None:
        self.writer.writerow(spreadsheet_row(row))


def plain(amount: Decimal | None) -> str:
    return "" if amount is None else str(rounded(amount))


# --- JSON -----------------------------------------------------------------------------------------

def _line_dict(line: Line) -> dict:
    out = {"key": line.key, "planned": plain(line.planned), "paid": plain(line.paid),
           "unpaid": plain(line.unpaid), "co_participation": plain(line.co_participation)}
    if line.envelope is not None:
        out["envelope"] = plain(line.envelope)
        out["remaining"] = plain(line.remaining)
    return out


def as_json(summary: Summary, filters: dict, skipped: list[str], words: Texts) -> str:
    pos = summary.position
    doc = {
        "synthetic": summary.synthetic,
        "erased": summary.erased,
        "as_of": summary.as_of.isoformat(),
        "filters": filters,
        "programme": _line_dict(summary.programme),
        "lots": [_line_dict(x) for x in summary.lots],
        "funding_lines": [_line_dict(x) for x in summary.funding_lines],
        "kinds": [_line_dict(x) for x in summary.kinds],
        "households": [_line_dict(x) for x in summary.households],
        "measures": [_line_dict(x) for x in summary.measures],
        "position": {"as_of": pos.as_of.isoformat(), "committed": plain(pos.committed), "paid": plain(pos.paid),
                     "unpaid": plain(pos.unpaid), "future": plain(pos.future)},
        "forecast": [{"month": m.strftime("%Y-%m"), "planned": plain(a)} for m, a in summary.forecast],
        "at_date": {"months_up_to": (summary.last_month or summary.as_of).strftime("%Y-%m"),
                    "programme": _line_dict(summary.at_date.programme),
                    "lots": [_line_dict(x) for x in summary.at_date.lots],
                    "funding_lines": [_line_dict(x) for x in summary.at_date.funding_lines],
                    "kinds": [_line_dict(x) for x in summary.at_date.kinds],
                    "households": [_line_dict(x) for x in summary.at_date.households]},
        "ledger": [{"household": r.household, "lot": r.lot, "funding_line": r.funding_line, "family": r.family,
                    "kind": r.kind, "measure": r.measure, "month": r.month.strftime("%Y-%m"),
                    "planned": plain(r.planned), "paid": plain(r.paid), "unpaid": plain(r.unpaid)}
                   for r in summary.rows],
        "findings": [words.as_dict(f) for f in summary.findings],
        "skipped": skipped,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# --- CSV ------------------------------------------------------------------------------------------

CSV_COLUMNS = ["section", "key", "month", "family", "kind", "measure", "planned", "paid", "unpaid",
               "co_participation", "envelope", "remaining"]


def as_csv(summary: Summary) -> str:
    """One flat table; `section` says the level (ledger, measure, household, lot, funding_line, kind,
    programme: the whole programme; at_date_household ... at_date_programme: the months up to the
    reference date; position, forecast), so a spreadsheet filter gives each level."""
    buffer = io.StringIO()
    writer = _SafeRows(csv.writer(buffer, lineterminator="\n"))
    writer.writerow(CSV_COLUMNS)
    for r in summary.rows:
        programme_money = r.family != "co_participation"
        writer.writerow(["ledger", r.household, r.month.strftime("%Y-%m"), r.family, r.kind, r.measure,
                         plain(r.planned) if programme_money else "0.00", plain(r.paid),
                         plain(r.unpaid) if programme_money else "0.00",
                         "0.00" if programme_money else plain(r.planned), "", ""])
    for section, lines in (("measure", summary.measures), ("household", summary.households),
                           ("lot", summary.lots), ("funding_line", summary.funding_lines),
                           ("kind", summary.kinds), ("programme", [summary.programme])):
        for x in lines:
            writer.writerow([section, x.key, "", "", "", "", plain(x.planned), plain(x.paid), plain(x.unpaid),
                             plain(x.co_participation), plain(x.envelope), plain(x.remaining)])
    at = summary.at_date
    for section, lines in (("at_date_household", at.households), ("at_date_lot", at.lots),
                           ("at_date_funding_line", at.funding_lines), ("at_date_kind", at.kinds),
                           ("at_date_programme", [at.programme])):
        for x in lines:
            writer.writerow([section, x.key, "", "", "", "", plain(x.planned), plain(x.paid), plain(x.unpaid),
                             plain(x.co_participation), plain(x.envelope), plain(x.remaining)])
    pos = summary.position
    writer.writerow(["position", pos.as_of.isoformat(), "", "", "", "", plain(pos.committed), plain(pos.paid),
                     plain(pos.unpaid), "", "", ""])
    for month, amount in summary.forecast:
        writer.writerow(["forecast", "", month.strftime("%Y-%m"), "", "", "", plain(amount), "", "", "", "", ""])
    return buffer.getvalue()


# --- table ----------------------------------------------------------------------------------------

def _table(headers: list[str], rows: list[list[str]], right_from: int) -> list[str]:
    return columns(headers, rows, right=range(right_from, len(headers)))


def _money(amount: Decimal | None, lang: str) -> str:
    return "" if amount is None else money(amount, lang)


def _lines_table(w: dict, label: str, lines: list[Line], envelope: bool = False, key=lambda k: k) -> list[str]:
    headers = [label, w["planned"], w["paid"], w["unpaid"], w["co"]]
    if envelope:
        headers += [w["envelope"], w["remaining"]]
    rows = []
    for x in lines:
        row = [key(x.key), *(_money(a, w["lang"]) for a in (x.planned, x.paid, x.unpaid, x.co_participation))]
        if envelope:
            row += [_money(x.envelope, w["lang"]), _money(x.remaining, w["lang"])]
        rows.append(row)
    return _table(headers, rows, 1)


def _ledger_cells(w: dict, r) -> list[str]:
    names = labels.BUDGET[w["lang"]]
    label = f"{names['families'][r.family]}: {names['kinds'][r.kind]}"
    if r.family == "co_participation":  # the household's share: nothing for the programme to pay
        return [r.household, r.month.strftime("%m/%Y"), "-", label, _money(r.planned, w["lang"]), "-", "-"]
    return [r.household, r.month.strftime("%m/%Y"), r.measure, label,
            _money(r.planned, w["lang"]), _money(r.paid, w["lang"]), _money(r.unpaid, w["lang"])]


def as_table(summary: Summary, words: Texts, filters: str, show_ledger: bool, skipped: int = 0) -> str:
    lang = words.lang
    w = WORDS[lang]
    date = day(summary.as_of, lang)
    out = [w["title"].format(date=date)]
    if summary.synthetic:
        out.append(w["synthetic"])
    if summary.erased:
        out.append(fmt(w["erased"], n=summary.erased))
    if filters:
        out.append(w["filters"].format(what=filters))

    def section(title: str, body: list[str]) -> None:
        out.extend(["", title, *body])

    def kind_label(key: str) -> str:
        family, kind = key.split("/")
        names = labels.BUDGET[lang]
        return f"{names['families'][family]}: {names['kinds'][kind]}"

    at = summary.at_date
    month = (summary.last_month or summary.as_of).strftime("%m/%Y")   # never past the programme's end
    section(w["s_at"].format(date=date, month=month), _lines_table(w, "", [at.programme], key=lambda k: w["total"]))
    section(w["s_at_lots"].format(date=date), _lines_table(w, w["lot"], at.lots))
    section(w["s_at_kinds"].format(date=date), _lines_table(w, w["kind"], at.kinds, key=kind_label))
    section(w["s_programme"], _lines_table(w, "", [summary.programme], key=lambda k: w["total"]))
    section(w["s_lots"], _lines_table(w, w["lot"], summary.lots, envelope=any(x.envelope is not None for x in summary.lots)))
    section(w["s_lines"], _lines_table(w, w["funding_line"], summary.funding_lines,
                                       envelope=any(x.envelope is not None for x in summary.funding_lines)))
    section(w["s_kinds"], _lines_table(w, w["kind"], summary.kinds, key=kind_label))
    section(w["s_forecast"], _table([w["month"], w["planned"]],
                                    [[m.strftime("%m/%Y"), _money(a, lang)] for m, a in summary.forecast], 1)
            if summary.forecast else [w["none"]])
    section(w["s_at_households"].format(date=date), _lines_table(w, w["household"], at.households))
    section(w["s_households"], _lines_table(w, w["household"], summary.households))
    if show_ledger:
        section(w["s_measures"], _lines_table(w, w["measure"], summary.measures))
        section(w["s_ledger"], _table(
            [w["household"], w["month"], w["measure"], w["kind"], w["planned"], w["paid"], w["unpaid"]],
            [_ledger_cells(w, r) for r in summary.rows], 4))
    severity = {"error": say("severity-error", lang), "warning": say("severity-warning", lang)}
    nothing = w["no_findings"] if not skipped else fmt(w["no_findings_but_skipped"], n=skipped)
    body = [f"{f.file}: {severity[f.severity.value]} {f.code} {words.message(f)}" for f in summary.findings] or [nothing]
    section(w["s_findings"], body)
    return "\n".join(out) + "\n"
