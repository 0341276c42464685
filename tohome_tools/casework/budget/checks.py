"""Cap and envelope checks over a ledger, reported as findings (the shape validation uses)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from tohome_tools.casework.budget.ledger import ZERO, LedgerRow, programme_money, total
from tohome_tools.core.findings import Finding, Severity
from tohome_tools.i18n.plural import fmt
from tohome_tools.records.rules.base import fmt_money

_CHECK_TEXT = {
    "budget-housing-cap": {
        "it": ("Nel mese {month} il sostegno all'abitare {what} per il nucleo {household} è {total}: "
               "supera il tetto di {cap}.",
               "Controlla gli importi delle misure H e dei pagamenti di quel mese."),
        "en": ("In {month} the housing support {what} for household {household} is {total}: above the cap of {cap}.",
               "Check the amounts of the H measures and of that month's payments."),
    },
    "budget-work-cap": {
        "it": ("Nel mese {month} la misura {measure} del nucleo {household} ha {what} {total}: "
               "supera il tetto di {cap} per misura.",
               "Controlla l'importo mensile della misura e i pagamenti di quel mese."),
        "en": ("In {month} measure {measure} of household {household} has {what} {total}: "
               "above the cap of {cap} per measure.",
               "Check the measure's monthly amount and that month's payments."),
    },
    "budget-envelope": {
        "it": ("{scope}: {what} {total}, oltre la dotazione di {envelope}.",
               "Rivedi le misure previste o chiedi di aggiornare la dotazione nella configurazione del programma."),
        "en": ("{scope}: {what} {total}, above the envelope of {envelope}.",
               "Review the planned measures or ask for the envelope in the programme configuration to be updated."),
    },
}

_WHAT = {"it": {"planned": "previsto", "paid": "pagato"}, "en": {"planned": "planned", "paid": "paid"}}


def _finding(code: str, severity, lang: str, file: str, pointer: str, **params):
    message, hint = _CHECK_TEXT[code][lang]
    return Finding(file, 0, 0, pointer, code, severity, fmt(message, **params), hint)


def check(rows: list[LedgerRow], programme, files: dict[str, str] | None = None,
          lang: str = "it") -> list[Finding]:
    """Cap and envelope checks over a ledger, as findings (the same shape validation reports).

    Caps come from the configuration for the month in question; an amount equal to the cap is
    allowed (300.00 against a 300.00 cap passes, 300.01 does not). Envelopes (`lots[].envelope`,
    `funding_lines[].envelope`) are checked only when the configuration gives them: planned money
    over the envelope is a warning, paid money over it an error.
    """
    files = files or {}
    what = _WHAT[lang]
    out = []
    housing: dict = defaultdict(lambda: [ZERO, ZERO])
    for row in rows:
        if row.family == "housing_support":
            cell = housing[(row.household, row.month)]
            cell[0] += row.planned
            cell[1] += row.paid
    for (household, month), amounts in sorted(housing.items()):
        cap = programme.cap_on(programme.housing_cap, month)
        for index, name in enumerate(("planned", "paid")):
            if cap is not None and amounts[index] > cap:
                out.append(_finding("budget-housing-cap", Severity.ERROR, lang, files.get(household, household),
                                    "/payments" if name == "paid" else "/measures/housing_support",
                                    month=month.strftime("%m/%Y"), what=what[name], household=household,
                                    total=fmt_money(amounts[index]), cap=fmt_money(cap)))
    for row in rows:
        if row.family != "work_support":
            continue
        cap = programme.cap_on(programme.work_cap, row.month)
        for name, amount in (("planned", row.planned), ("paid", row.paid)):
            if cap is not None and amount > cap:
                out.append(_finding("budget-work-cap", Severity.ERROR, lang, files.get(row.household, row.household),
                                    "/payments" if name == "paid" else "/measures/work_support",
                                    month=row.month.strftime("%m/%Y"), measure=row.measure, household=row.household,
                                    what=what[name], total=fmt_money(amount), cap=fmt_money(cap)))
    money = programme_money(rows)
    scopes = [(("Lotto {n}" if lang == "it" else "Lot {n}").format(n=number), lot.envelope,
               [r for r in money if r.lot == number]) for number, lot in sorted(programme.lots.items())]
    scopes += [((("Linea di finanziamento {c}" if lang == "it" else "Funding line {c}").format(c=line.code)),
                line.envelope, [r for r in money if r.funding_line == line.code])
               for line in programme.funding_lines]
    for scope, envelope, scoped in scopes:
        if envelope is None:
            continue
        envelope = Decimal(envelope)
        sums = total(scoped)
        for name, amount, severity in (("planned", sums.planned, Severity.WARNING), ("paid", sums.paid, Severity.ERROR)):
            if amount > envelope:
                out.append(_finding("budget-envelope", severity, lang, programme.source, "", scope=scope,
                                    what=what[name], total=fmt_money(amount), envelope=fmt_money(envelope)))
    return out
