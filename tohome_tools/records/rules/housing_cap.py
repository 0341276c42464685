"""Tetto mensile del sostegno all'abitare per nucleo

La misura passiva per l'abitare (quote di affitto e utenze) ha un tetto mensile per nucleo
({housing_cap} nel programma {programme}; il valore e il periodo di validità stanno nella configurazione
del programma). Il controllo somma, mese per mese, gli importi mensili di tutte le misure di sostegno
all'abitare attive in quel mese, e anche i pagamenti di quel mese: nessuna delle due somme può
superare il tetto in vigore. Un importo uguale al tetto ({housing_cap}) è ammesso; un centesimo in più
({housing_cap_plus_cent}) no.
"""

CODE = "housing-cap"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Tetto mensile del sostegno all'abitare", "en": "Monthly housing support cap"}
MESSAGES = {
    "it": ("Nel mese {month} il sostegno all'abitare {what} è {total}: supera il tetto di {cap} per nucleo.",
           "Riduci gli importi mensili delle misure H che si sovrappongono in quel mese, o accorcia i periodi."),
    "en": ("In {month} the housing support {what} is {total}: above the cap of {cap} per household.",
           "Reduce the monthly amounts of the overlapping H measures in that month, or shorten the periods."),
}

from collections import defaultdict  # noqa: E402
from decimal import Decimal  # noqa: E402

from tohome_tools.core import dates  # noqa: E402
from tohome_tools.core.findings import Month, phrase  # noqa: E402
from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def check(ctx: RecordContext):
    programme = ctx.programme
    planned: dict = defaultdict(Decimal)
    first_pointer: dict = {}
    for i, measure in ctx.items("measures", "housing_support"):
        start, end = ctx.date(measure.get("start")), ctx.date(measure.get("end"))
        amount = ctx.money(measure.get("monthly_amount"))
        if not (start and end and amount is not None) or end < start:
            continue
        for month in dates.months_between(start, end):
            planned[month] += amount
            first_pointer.setdefault(month, []).append((f"/measures/housing_support/{i}/monthly_amount", amount))
    reported = set()
    for month in sorted(planned):
        cap = programme.cap_on(programme.housing_cap, month)
        if cap is not None and planned[month] > cap:
            active = first_pointer[month]
            alone = [p for p, amount in active if amount > cap]
            # the measure over the cap by itself is the mistake; else the last one, with the others as reasons
            pointer = max(alone, key=lambda p: dict(active)[p]) if alone else active[-1][0]
            if pointer in reported:
                continue
            reported.add(pointer)
            others = () if alone else tuple(p for p, _ in active[:-1])
            yield Hit(pointer, {"month": Month(month), "what": phrase("planned"),
                                "total": planned[month], "cap": cap}, because=others)
    housing_ids = {m.get("id") for _, m in ctx.items("measures", "housing_support")}
    paid: dict = defaultdict(Decimal)
    last_pointer: dict = {}
    for n, payment in ctx.items("payments"):
        month = dates.parse_month(payment.get("month"))
        amount = ctx.money(payment.get("amount"))
        if month and amount is not None and payment.get("measure") in housing_ids:
            paid[month] += amount
            last_pointer[month] = f"/payments/{n}/amount"
    for month in sorted(paid):
        cap = programme.cap_on(programme.housing_cap, month)
        if cap is not None and paid[month] > cap:
            yield Hit(last_pointer[month], {"month": Month(month), "what": phrase("paid"),
                                            "total": paid[month], "cap": cap})
