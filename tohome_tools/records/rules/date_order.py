"""Date nell'ordine del percorso

Le tappe del percorso di un nucleo devono seguire l'ordine: primo colloquio, firma del patto,
validazione del progetto, chiusura. Una data fuori ordine di solito è un errore di battitura (giorno
e mese scambiati, anno sbagliato). I pagamenti hanno le loro regole: nessun pagamento prima della
validazione, nessuna attività dopo la chiusura.
"""

CODE = "date-order"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Date nell'ordine del percorso", "en": "Dates in path order"}
MESSAGES = {
    "it": ("«{later}» ({later_date}) viene prima di «{earlier}» ({earlier_date}).",
           "Le tappe vanno in quest'ordine: primo colloquio, patto, validazione, chiusura. Controlla le due date."),
    "en": ("'{later}' ({later_date}) comes before '{earlier}' ({earlier_date}).",
           "Steps go in this order: first interview, pact, validation, closure. Check both dates."),
}

PHRASES = {
    "it": {"interview": "primo colloquio", "pact": "firma del patto", "validation": "validazione del progetto",
           "closure": "chiusura"},
    "en": {"interview": "first interview", "pact": "pact signature", "validation": "project validation",
           "closure": "closure"},
}

from tohome_tools.core.findings import phrase  # noqa: E402
from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def check(ctx: RecordContext):
    steps = []
    interviews = [(ctx.date(i.get("date")), n) for n, i in ctx.items("intake", "interviews")]
    interviews = [x for x in interviews if x[0]]
    if interviews:
        day, n = min(interviews)
        steps.append(("interview", day, f"/intake/interviews/{n}/date"))
    for name, section, field in (("pact", "pact", "signed_on"), ("validation", "validation", "validated_on"),
                                 ("closure", "closure", "closed_on")):
        day = ctx.date(ctx.section(section).get(field))
        if day:
            steps.append((name, day, f"/{section}/{field}"))
    for (name_a, day_a, ptr_a), (name_b, day_b, ptr_b) in zip(steps, steps[1:]):
        if day_b < day_a:
            yield Hit(ptr_b, {"later": phrase(name_b), "later_date": day_b, "earlier": phrase(name_a),
                              "earlier_date": day_a}, because=(ptr_a,))
