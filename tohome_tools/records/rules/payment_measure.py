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

from tohome_tools.core import dates  # noqa: E402
from tohome_tools.records.rules.base import Hit, RecordContext, fmt_money  # noqa: E402


def check(ctx: RecordContext):
    it = ctx.lang == "it"
    measures = {m.get("id"): (name, m) for name, _, m in ctx.measures()}
    for n, payment in ctx.items("payments"):
        month = dates.parse_month(payment.get("month"))
        code = payment.get("measure")
        shown = month.strftime("%m/%Y") if month else str(payment.get("month"))
        if code not in measures:
            yield Hit(f"/payments/{n}/measure", {"month": shown, "measure": code,
                      "problem": "la misura non esiste nella scheda" if it else "no such measure in the record"})
            continue
        _, measure = measures[code]
        start, end = ctx.date(measure.get("start")), ctx.date(measure.get("end"))
        if month and start and end and not (dates.month_start(start) <= month <= dates.month_start(end)):
            problem = (f"il mese è fuori dal periodo della misura ({ctx.fmt_date(start)} - {ctx.fmt_date(end)})" if it
                       else f"the month is outside the measure's period ({ctx.fmt_date(start)} - {ctx.fmt_date(end)})")
            yield Hit(f"/payments/{n}/month", {"month": shown, "measure": code, "problem": problem})
        amount, monthly = ctx.money(payment.get("amount")), ctx.money(measure.get("monthly_amount"))
        if amount is not None and monthly is not None and amount > monthly:
            problem = (f"l'importo {fmt_money(amount)} supera l'importo mensile della misura ({fmt_money(monthly)})" if it
                       else f"the amount {fmt_money(amount)} exceeds the measure's monthly amount ({fmt_money(monthly)})")
            yield Hit(f"/payments/{n}/amount", {"month": shown, "measure": code, "problem": problem})
