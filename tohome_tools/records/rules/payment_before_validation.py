"""Nessun pagamento prima della validazione

Si paga solo un progetto validato dal funzionario del distretto. Un pagamento di un mese precedente
a quello della validazione, o un pagamento in una scheda senza validazione, è un errore.
"""

CODE = "payment-before-validation"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Nessun pagamento prima della validazione", "en": "No payment before validation"}
MESSAGES = {
    "it": ("Pagamento del mese {month} ma il progetto {validation}.",
           "Registra la validazione del funzionario prima dei pagamenti, o correggi il mese."),
    "en": ("Payment for {month} but the project {validation}.",
           "Record the officer's validation before payments, or correct the month."),
}

PHRASES = {
    "it": {"not-validated": "non è ancora validato", "validated-on": "è stato validato il {day}"},
    "en": {"not-validated": "is not validated yet", "validated-on": "was validated on {day}"},
}

from tohome_tools.core import dates  # noqa: E402
from tohome_tools.core.findings import Month, phrase  # noqa: E402
from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def check(ctx: RecordContext):
    validated = ctx.validation_date()
    cause = ("/validation/validated_on",) if ctx.section("validation") else ("/validation",)
    for n, payment in ctx.items("payments"):
        month = dates.parse_month(payment.get("month"))
        if month is None:
            continue
        if validated is None or month < dates.month_start(validated):
            state = phrase("not-validated") if validated is None else phrase("validated-on", day=validated)
            yield Hit(f"/payments/{n}/month", {"month": Month(month), "validation": state}, because=cause)
