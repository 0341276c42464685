"""The Frictionless Data Package descriptor of one release (Italian titles and descriptions)."""

from __future__ import annotations

from tohome_tools.release.model import AMOUNT, AVERAGE, CONSTANT, COUNT, NOT_AVAILABLE, PUBLISHED, SUPPRESSED, Release

LICENCES = {
    "CC-BY-4.0": ("Creative Commons Attribuzione 4.0 Internazionale", "https://creativecommons.org/licenses/by/4.0/"),
    "CC0-1.0": ("Creative Commons CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "IODL-2.0": ("Italian Open Data License 2.0", "https://www.dati.gov.it/iodl/2.0/"),
}
TYPES = {COUNT: "integer", CONSTANT: "integer", AMOUNT: "number", AVERAGE: "number"}
STATES = [PUBLISHED, SUPPRESSED, NOT_AVAILABLE]

SYNTHETIC_NOTE = ("ATTENZIONE: dati sintetici. Le schede da cui sono calcolate queste tabelle sono inventate "
                  "(generate con «tohome synth») e non descrivono persone reali.")


def fields(table) -> list[dict]:
    out = []
    for dim in table.dimensions:
        out.append({"name": dim.name, "title": dim.title, "type": "string",
                    "description": f"Codice della categoria ({dim.title.lower()}); «totale» nelle righe dei totali."})
        out.append({"name": f"{dim.name}_etichetta", "title": f"{dim.title} (descrizione)", "type": "string",
                    "description": "Nome della categoria in italiano."})
    for m in table.measures:
        out.append({"name": m.name, "title": m.title, "type": TYPES.get(m.kind, "string"), "description": m.description})
        out.append({"name": f"{m.name}_stato", "title": f"Stato: {m.title.lower()}", "type": "string",
                    "description": "pubblicato; soppresso (valore nascosto per tutelare la riservatezza); "
                                   "non_disponibile (media su nessun nucleo).",
                    "constraints": {"required": True, "enum": STATES}})
    return out


def descriptor(release: Release, licence: str, programme_name: str, keywords: tuple[str, ...], suppressed: int) -> dict:
    title, path = LICENCES.get(licence, (licence, None))
    lic = {"name": licence, "title": title}
    if path:
        lic["path"] = path
    description = (f"Statistiche aggregate e anonime del programma «{programme_name}» per il periodo {release.period} "
                   f"(dal {release.start} al {release.end}). Ogni valore riguarda almeno {release.threshold} nuclei "
                   f"familiari: i valori più piccoli, e quelli da cui si potrebbero ricalcolare, sono soppressi.")
    if release.synthetic:
        description = SYNTHETIC_NOTE + " " + description
    resources = []
    for table in release.tables:
        text = table.description + (" " + SYNTHETIC_NOTE if release.synthetic else "")
        resources.append({
            "name": table.name, "path": f"{table.name}.csv", "profile": "tabular-data-resource",
            "title": table.title, "description": text, "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": fields(table), "missingValues": [""]},
        })
    return {
        "profile": "tabular-data-package",
        "name": f"tohome-{release.period.lower()}",
        "title": f"{programme_name}: statistiche {release.period}" + (" (dati sintetici)" if release.synthetic else ""),
        "description": description,
        "licenses": [lic],
        "keywords": list(keywords),
        "x-periodo": release.period,
        "x-sintetici": release.synthetic,
        "x-soglia": release.threshold,
        "x-celle-soppresse": suppressed,
        "x-tabelle-non-pubblicate": [{"nome": name, "titolo": title} for name, title in release.withheld],
        "resources": resources,
    }
