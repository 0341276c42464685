"""Pagamento coerente con la sua misura

Ogni pagamento indica una misura della scheda (H1, W1, ...). Il mese pagato deve cadere nel periodo
della misura (anche solo in parte: il primo e l'ultimo mese possono essere parziali) e l'importo non
può superare l'importo mensile della misura. Un pagamento che indica una misura inesistente è un
errore.
"""

CODE = "payment-measure"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Pagamento coerente con la sua misura", "en": "Payment consistent with its measure"}
MESSAGES = {
    "it": ("Pagamento {month} della misura {measure}: {problem}.",
           "Controlla il codice della misura, il mese e l'importo del pagamento."),
    "en": ("Payment {month} for measure {measure}: {problem}.",
           "Check the payment's measure code, month and amount."),
}

PHRASES = {
    "it": {"no-measure": "la misura non esiste nella scheda",
           "outside-period": "il mese è fuori dal periodo della misura ({start} - {end})",
           "over-monthly": "l'importo {amount} supera l'importo mensile della misura ({monthly})"},
    "en": {"no-measure": "no such measure in the record",
           "outside-period": "the month is outside the measure's period ({start} - {end})",
           "over-monthly": "the amount {amount} exceeds the measure's monthly amount ({monthly})"},
}

from tohome_tools.core import dates  # noqa: E402
from tohome_tools.core.findings import Month, phrase  # noqa: E402
from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def check(ctx: RecordContext):
    measures = {m.get("id"): (name, m) for name, _, m in ctx.measures()}
    where = {m.get("id"): f"/measures/{name}/{i}" for name, i, m in ctx.measures()}
    codes = tuple(f"/measures/{name}/{i}/id" for name, i, _ in ctx.measures())
    first = {}   # the first payment that names each missing code: the payments after it share its cause
    for n, payment in ctx.items("payments"):
        month = dates.parse_month(payment.get("month"))
        code = payment.get("measure")
        shown = Month(month) if month else str(payment.get("month"))
        if code not in measures:
            # a measure's code reported already (misspelt) makes these its knock-ons
            pointer = f"/payments/{n}/measure"
            yield Hit(pointer, {"month": shown, "measure": code, "problem": phrase("no-measure")},
                      because=(first.setdefault(str(code), pointer),), after=codes)
            continue
        _, measure = measures[code]
        start, end = ctx.date(measure.get("start")), ctx.date(measure.get("end"))
        if month and start and end and not (dates.month_start(start) <= month <= dates.month_start(end)):
            problem = phrase("outside-period", start=start, end=end)
            yield Hit(f"/payments/{n}/month", {"month": shown, "measure": code, "problem": problem},
                      because=(f"{where[code]}/start", f"{where[code]}/end", f"{where[code]}/id"))
        amount, monthly = ctx.money(payment.get("amount")), ctx.money(measure.get("monthly_amount"))
        if amount is not None and monthly is not None and amount > monthly:
            problem = phrase("over-monthly", amount=amount, monthly=monthly)
            yield Hit(f"/payments/{n}/amount", {"month": shown, "measure": code, "problem": problem},
                      because=(f"{where[code]}/monthly_amount", f"{where[code]}/id"))
