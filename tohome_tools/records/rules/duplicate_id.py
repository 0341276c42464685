"""Codice unico tra tutte le schede

Due schede non possono avere lo stesso codice di progetto: sarebbero lo stesso nucleo contato due
volte nei budget e nelle statistiche.
"""

CODE = "duplicate-id"
SEVERITY = "error"
SCOPE = "collection"
REACH = "programme"
TITLE = {"it": "Codice unico tra tutte le schede", "en": "Unique ID across records"}
MESSAGES = {
    "it": ("Il codice {id} è usato anche in {other}.",
           "Ogni nucleo ha un solo file: unisci le due schede o cambia codice a una."),
    "en": ("ID {id} is also used in {other}.", "Each household has one file: merge the two records or change one ID."),
}

from tohome_tools.records.rules.base import Hit  # noqa: E402


def check(summaries, programme):
    first: dict[str, str] = {}
    for summary in sorted(summaries, key=lambda s: s.file):
        if summary.id is None:
            continue
        if summary.id in first:
            yield Hit("/id", {"id": summary.id, "other": first[summary.id]}, file=summary.file)
        else:
            first[summary.id] = summary.file
