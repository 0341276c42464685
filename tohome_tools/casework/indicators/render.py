"""The indicator report as an Italian (or English) table, CSV and JSON: the same numbers in each."""

from __future__ import annotations

import csv
import io
import json

from tohome_tools.casework.indicators.count import Report
from tohome_tools.core.safetext import spreadsheet_row
from tohome_tools.core.texttable import columns
from tohome_tools.i18n.languages import choose
from tohome_tools.i18n.plural import fmt

WORDS = {
    "it": {"title": "Indicatori comuni per i partecipanti: {name}, {period} (dal {start} al {end})",
           "private": "RISERVATO: rapporto per l'Autorità di gestione, con conteggi esatti. Non pubblicarlo.",
           "synthetic": "DATI SINTETICI: le schede sono inventate e non descrivono persone reali.",
           "people": "Partecipanti entrati nel periodo: {entered}; usciti nel periodo: {left}.",
           "erased": "Attenzione: {n:P|un nucleo del periodo è stato cancellato|{n} nuclei del periodo sono stati "
                     "cancellati} alla fine della conservazione (registro delle cancellazioni): i suoi partecipanti "
                     "non sono più contati qui.",
           "code": "codice", "indicator": "indicatore", "at": "riferimento", "total": "totale",
           "entry": "ingresso", "leaving": "uscita", "sex": {"F": "donne", "M": "uomini", "X": "X"},
           "missing": "Dati mancanti ({n}): i partecipanti qui sotto non sono contati negli indicatori indicati "
                      "finché la scheda non ha i campi elencati.",
           "none_missing": "Dati mancanti: nessuno.",
           "record": "scheda", "member": "componente", "codes": "indicatori", "fields": "campi da compilare"},
    "en": {"title": "Common indicators for participants: {name}, {period} ({start} to {end})",
           "private": "RESTRICTED: report for the Managing Authority, with exact counts. Do not publish it.",
           "synthetic": "SYNTHETIC DATA: the records are invented and describe no real person.",
           "people": "Participants who entered in the period: {entered}; who left in it: {left}.",
           "erased": "Note: {n:p|household|households} of the period {n:P|was|were} erased at the end of retention "
                     "(register of erasures): {n:P|its|their} participants are no longer counted here.",
           "code": "code", "indicator": "indicator", "at": "reference", "total": "total",
           "entry": "entry", "leaving": "leaving", "sex": {"F": "women", "M": "men", "X": "X"},
           "missing": "Missing data ({n}): the participants below are not counted in the listed indicators until "
                      "the record has the listed fields.",
           "none_missing": "Missing data: none.",
           "record": "record", "member": "member", "codes": "indicators", "fields": "fields to fill in"},
}


def as_table(report: Report, lang: str) -> str:
    w = WORDS[lang]
    p = report.period
    name = choose(lang, italian=report.set_name, english=report.set_name_en or report.set_name)
    out = [w["title"].format(name=name, period=p.code, start=p.start.isoformat(), end=p.end.isoformat()),
           w["private"]]
    if report.synthetic:
        out.append(w["synthetic"])
    if report.erased:
        out.append(fmt(w["erased"], n=report.erased))
    out += [w["people"].format(entered=report.entered, left=report.left), ""]
    headers = [w["code"], w["at"], *(w["sex"][s] for s in report.breakdown), w["total"], w["indicator"]]
    rows = [[r.indicator.code, w[r.indicator.at], *(str(r.counts[s]) for s in report.breakdown), str(r.total),
             r.indicator.name(lang)] for r in report.rows]
    out += columns(headers, rows, right=range(2, 3 + len(report.breakdown))) + [""]
    if report.missing:
        out.append(w["missing"].format(n=len(report.missing)))
        out += columns([w["record"], w["member"], w["codes"], w["fields"]],
                       [[m.record, m.key, ", ".join(m.codes), ", ".join(m.fields)] for m in report.missing])
    else:
        out.append(w["none_missing"])
    return "\n".join(out) + "\n"


def as_json(report: Report) -> str:
    p = report.period
    doc = {"set": report.set_name, "set_en": report.set_name_en or report.set_name, "period": p.code,
           "start": p.start.isoformat(), "end": p.end.isoformat(),
           "restricted": True, "synthetic": report.synthetic, "erased_households": report.erased,
           "participants_entered": report.entered, "participants_left": report.left,
           "indicators": [{"code": r.indicator.code, "name_it": r.indicator.it, "name_en": r.indicator.en,
                           "at": r.indicator.at, "by_gender": r.counts, "total": r.total} for r in report.rows],
           "missing": [{"record": m.record, "file": m.file, "member": m.key, "indicators": m.codes,
                        "fields": m.fields} for m in report.missing]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def as_csv(report: Report) -> str:
    """One row per indicator (`section` indicator), one with the households of the period erased since
    (`section` erased, in `total`), and one per participant with missing data (`section` missing)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(spreadsheet_row(["section", "code", "at", *report.breakdown, "total", "name_it", "record",
                                     "member", "fields"]))
    for r in report.rows:
        writer.writerow(spreadsheet_row(["indicator", r.indicator.code, r.indicator.at,
                                         *(r.counts[s] for s in report.breakdown), r.total, r.indicator.it, "", "", ""]))
    if report.erased:   # households of the period no longer counted: said in the file itself
        writer.writerow(spreadsheet_row(["erased", "", "", *([""] * len(report.breakdown)), report.erased, "", "", "",
                                         ""]))
    for m in report.missing:
        writer.writerow(spreadsheet_row(["missing", " ".join(m.codes), "", *([""] * len(report.breakdown)), "", "",
                                         m.record, m.key, " ".join(m.fields)]))
    return buffer.getvalue()
