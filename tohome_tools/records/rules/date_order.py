"""Date nell'ordine del percorso

Le tappe del percorso di un nucleo devono seguire l'ordine: primo colloquio, firma del patto,
validazione del progetto, primo pagamento, chiusura. Una data fuori ordine di solito è un errore di
battitura (giorno e mese scambiati, anno sbagliato). Il primo pagamento è confrontato per mese:
un pagamento del mese della validazione è ammesso.
"""

CODE = "date-order"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Date nell'ordine del percorso", "en": "Dates in path order"}
MESSAGES = {
    "it": ("«{later}» ({later_date}) viene prima di «{earlier}» ({earlier_date}).",
           "Le tappe vanno in quest'ordine: primo colloquio, patto, validazione, primo pagamento, chiusura. "
           "Controlla le due date."),
    "en": ("'{later}' ({later_date}) comes before '{earlier}' ({earlier_date}).",
           "Steps go in this order: first interview, pact, validation, first payment, closure. Check both dates."),
}

PHRASES = {
    "it": {"interview": "primo colloquio", "pact": "firma del patto", "validation": "validazione del progetto",
           "payment": "primo pagamento", "closure": "chiusura"},
    "en": {"interview": "first interview", "pact": "pact signature", "validation": "project validation",
           "payment": "first payment", "closure": "closure"},
}

from tohome_tools.core import dates  # noqa: E402
from tohome_tools.core.findings import Month, phrase  # noqa: E402
from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def check(ctx: RecordContext):
    steps = []
    interviews = [(ctx.date(i.get("date")), n) for n, i in ctx.items("intake", "interviews")]
    interviews = [x for x in interviews if x[0]]
    if interviews:
        day, n = min(interviews)
        steps.append(("interview", day, f"/intake/interviews/{n}/date", False))
    for name, section, field in (("pact", "pact", "signed_on"), ("validation", "validation", "validated_on")):
        day = ctx.date(ctx.section(section).get(field))
        if day:
            steps.append((name, day, f"/{section}/{field}", False))
    payments = [(dates.parse_month(p.get("month")), n) for n, p in ctx.items("payments")]
    payments = [x for x in payments if x[0]]
    if payments:
        month, n = min(payments)
        steps.append(("payment", month, f"/payments/{n}/month", True))
    closed = ctx.closure_date()
    if closed:
        steps.append(("closure", closed, "/closure/closed_on", False))
    for (name_a, day_a, _, month_a), (name_b, day_b, ptr_b, month_b) in zip(steps, steps[1:]):
        a = dates.month_start(day_a) if month_b else day_a
        b = dates.month_start(day_b) if month_a else day_b
        if b < a:
            yield Hit(ptr_b, {"later": phrase(name_b), "later_date": Month(day_b) if month_b else day_b,
                              "earlier": phrase(name_a), "earlier_date": Month(day_a) if month_a else day_a})
