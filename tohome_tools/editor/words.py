"""The language server's own words (titles of fixes, symbols, progress), in Italian and English.
The findings' words are `validate`'s (`cli.texts`), never these."""

from __future__ import annotations

WORDS = {
    "it": {
        "indexing": "tohome: lettura delle schede",
        "indexed": "{n} schede lette",
        "config-broken": "tohome: {line}",
        "no-project": "tohome: nessun progetto trovato (manca config/programme.yaml): le schede non vengono controllate.",
        "internal": "tohome: errore interno del server ({kind}: {error}). I controlli restano quelli di prima; "
                    "segnalalo a chi mantiene tohome.",
        "bad-as-of": "tohome: impostazione asOf non valida: {error}",
        "fix-decimal": "Scrivi {fixed} (il punto separa i decimali)",
        "fix-colon": "Metti il testo tra virgolette",
        "fix-tabs": "Sostituisci le tabulazioni all'inizio delle righe con spazi",
        "fix-date": "Scrivi la data come {fixed} ({day})",
        "fix-enum": "Sostituisci con {code}: {label}",
        "fix-field": "Rinomina il campo in {name}",
        "today": "oggi",
        "this-month": "questo mese",
        "rule": "Regola",
        "allowed": "Valori ammessi",
        "members": "Componenti",
        "measures": "Misure",
        "housing": "Sostegno all'abitare",
        "work": "Sostegno al lavoro",
        "actions": "Azioni di accompagnamento",
        "objectives": "Obiettivi",
        "payments": "Pagamenti",
        "meetings": "Incontri",
        "interviews": "Colloqui",
        "monitoring": "Monitoraggio",
        "born": "nato/a nel {year}",
        "per-month": "{amount} al mese",
    },
    "en": {
        "indexing": "tohome: reading the records",
        "indexed": "{n} records read",
        "config-broken": "tohome: {line}",
        "no-project": "tohome: no project found (config/programme.yaml is missing): records are not checked.",
        "internal": "tohome: internal server error ({kind}: {error}). The findings shown are the earlier ones; "
                    "report it to the tohome maintainers.",
        "bad-as-of": "tohome: asOf setting not valid: {error}",
        "fix-decimal": "Write {fixed} (a point separates the decimals)",
        "fix-colon": "Put the text in quotes",
        "fix-tabs": "Replace the tabs at the start of lines with spaces",
        "fix-date": "Write the date as {fixed} ({day})",
        "fix-enum": "Replace with {code}: {label}",
        "fix-field": "Rename the field to {name}",
        "today": "today",
        "this-month": "this month",
        "rule": "Rule",
        "allowed": "Allowed values",
        "members": "Members",
        "measures": "Measures",
        "housing": "Housing support",
        "work": "Work support",
        "actions": "Accompaniment actions",
        "objectives": "Objectives",
        "payments": "Payments",
        "meetings": "Meetings",
        "interviews": "Interviews",
        "monitoring": "Monitoring",
        "born": "born in {year}",
        "per-month": "{amount} a month",
    },
}


def word(lang: str, key: str, **values) -> str:
    text = WORDS.get(lang, WORDS["it"])[key]
    return text.format(**values) if values else text
