"""Codici degli obiettivi unici

Dentro il progetto ogni obiettivo ha un codice suo (O1, O2, ...): il monitoraggio valuta gli
obiettivi con quel codice.
"""

CODE = "objective-id-duplicate"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Codici degli obiettivi unici", "en": "Unique objective codes"}
MESSAGES = {
    "it": ("Il codice di obiettivo {id} è usato due volte.", "Dai a ogni obiettivo un codice diverso (O1, O2, ...)."),
    "en": ("Objective code {id} is used twice.", "Give each objective its own code (O1, O2, ...)."),
}

from tohome_tools.records.rules.base import Hit, RecordContext, duplicates  # noqa: E402


def check(ctx: RecordContext):
    for pointer, value in duplicates(ctx.items("project", "objectives"), "id", "/project/objectives"):
        yield Hit(pointer, {"id": value})
