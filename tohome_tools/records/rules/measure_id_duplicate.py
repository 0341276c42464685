"""Codici delle misure unici

Dentro una scheda ogni misura, di sostegno all'abitare (H1, H2, ...) o al lavoro (W1, W2, ...), ha un
codice suo: i pagamenti si riferiscono alla misura con quel codice.
"""

CODE = "measure-id-duplicate"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Codici delle misure unici", "en": "Unique measure codes"}
MESSAGES = {
    "it": ("Il codice di misura {id} è usato due volte.", "Dai a ogni misura un codice diverso (H1, H2, W1, ...)."),
    "en": ("Measure code {id} is used twice.", "Give each measure its own code (H1, H2, W1, ...)."),
}

from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def check(ctx: RecordContext):
    seen = set()
    for name, i, measure in ctx.measures():
        value = measure.get("id")
        if isinstance(value, str) and value in seen:
            yield Hit(f"/measures/{name}/{i}/id", {"id": value})
        seen.add(value)
