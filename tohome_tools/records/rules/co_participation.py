"""Compartecipazione quando c'è sostegno all'abitare

Il nucleo compartecipa alla spesa abitativa: quando la scheda prevede un sostegno all'abitare deve
indicare anche la compartecipazione del nucleo (una quota mensile, «contribution», oppure un
accantonamento, «savings», con il suo scopo).
"""

CODE = "co-participation"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Compartecipazione quando c'è sostegno all'abitare", "en": "Co-participation with housing support"}
MESSAGES = {
    "it": ("C'è un sostegno all'abitare ma manca la compartecipazione del nucleo.",
           "Aggiungi «co_participation:» con forma (contribution o savings), importo mensile e inizio."),
    "en": ("There is housing support but the household's co-participation is missing.",
           "Add 'co_participation:' with form (contribution or savings), monthly amount and start."),
}

from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def check(ctx: RecordContext):
    if ctx.items("measures", "housing_support") and not ctx.section("co_participation"):
        yield Hit("/measures/housing_support", key=True)
