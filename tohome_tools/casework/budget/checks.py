"""Envelope checks over a ledger, reported as findings (the shape validation uses)."""

from __future__ import annotations

from tohome_tools.casework.budget.ledger import LedgerRow, programme_money, total
from tohome_tools.core.findings import Finding, Severity
from tohome_tools.i18n.plural import fmt
from tohome_tools.records.rules.base import fmt_money

_CHECK_TEXT = {
    "budget-envelope": {
        "it": ("{scope}: {what} {total}, oltre la dotazione di {envelope}.",
               "Rivedi le misure previste o chiedi di aggiornare la dotazione nella configurazione del programma."),
        "en": ("{scope}: {what} {total}, above the envelope of {envelope}.",
               "Review the planned measures or ask for the envelope in the programme configuration to be updated."),
    },
}

# The rules whose findings are about the programme's money: a programme that sets one of them to
# "warning" lets its records into the budget, and the budget shows the rule's finding.
CAP_RULES = ("housing-cap", "work-cap", "payment-measure")

_WHAT = {"it": {"planned": "previsto", "paid": "pagato"}, "en": {"planned": "planned", "paid": "paid"}}


def _finding(code: str, severity, lang: str, file: str, pointer: str, **params):
    message, hint = _CHECK_TEXT[code][lang]
    return Finding(file, 0, 0, pointer, code, severity, fmt(message, **params), hint)


def check(rows: list[LedgerRow], programme, lang: str = "it") -> list[Finding]:
    """Envelope checks over a ledger, as findings (the same shape validation reports).

    The monthly caps are not checked again here: the ledger is built from valid records only, and
    validity already includes the cap rules (`housing-cap`, `work-cap`, and `payment-measure` for
    what was paid), on the same whole-month rule. A record over a cap is left out of the budget,
    and announced, with the rule's own finding. Envelopes (`lots[].envelope`,
    `funding_lines[].envelope`) are checked only when the configuration gives them: planned money
    over the envelope is a warning, paid money over it an error.
    """
    what = _WHAT[lang]
    out = []
    money = programme_money(rows)
    scopes = [(("Lotto {n}" if lang == "it" else "Lot {n}").format(n=number), lot.envelope,
               [r for r in money if r.lot == number]) for number, lot in sorted(programme.lots.items())]
    scopes += [((("Linea di finanziamento {c}" if lang == "it" else "Funding line {c}").format(c=line.code)),
                line.envelope, [r for r in money if r.funding_line == line.code])
               for line in programme.funding_lines]
    for scope, envelope, scoped in scopes:
        if envelope is None:
            continue
        sums = total(scoped)
        for name, amount, severity in (("planned", sums.planned, Severity.WARNING), ("paid", sums.paid, Severity.ERROR)):
            if amount > envelope:
                out.append(_finding("budget-envelope", severity, lang, programme.source, "", scope=scope,
                                    what=what[name], total=fmt_money(amount), envelope=fmt_money(envelope)))
    return out
