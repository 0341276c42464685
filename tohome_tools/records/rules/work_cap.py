"""Tetto mensile di ogni misura di sostegno al lavoro

Ogni misura attiva (per esempio un tirocinio) ha un tetto mensile ({work_cap} nel programma {programme},
dalla configurazione del programma). L'importo mensile della misura non può superare il tetto in
vigore in nessun mese del suo periodo. Un importo uguale al tetto è ammesso.
"""

CODE = "work-cap"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Tetto mensile del sostegno al lavoro", "en": "Monthly work support cap"}
MESSAGES = {
    "it": ("La misura {measure} prevede {amount} al mese: supera il tetto di {cap} in vigore nel mese {month}.",
           "Riduci l'importo mensile della misura {measure} ({member}) al tetto o meno."),
    "en": ("Measure {measure} provides {amount} a month: above the cap of {cap} in force in {month}.",
           "Reduce the monthly amount of measure {measure} ({member}) to the cap or below."),
}

from tohome_tools.core import dates  # noqa: E402
from tohome_tools.core.findings import Month  # noqa: E402
from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def check(ctx: RecordContext):
    programme = ctx.programme
    for i, measure in ctx.items("measures", "work_support"):
        start, end = ctx.date(measure.get("start")), ctx.date(measure.get("end"))
        amount = ctx.money(measure.get("monthly_amount"))
        if not (start and end and amount is not None):
            continue
        for month in dates.months_between(start, end):
            cap = programme.cap_on(programme.work_cap, month)
            if cap is not None and amount > cap:
                yield Hit(f"/measures/work_support/{i}/monthly_amount",
                          {"measure": measure.get("id", "?"), "amount": amount, "cap": cap,
                           "month": Month(month), "member": measure.get("member", "?")})
                break
