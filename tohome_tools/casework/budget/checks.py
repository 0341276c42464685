"""Envelope checks over a ledger, reported as findings (the shape validation uses)."""

from __future__ import annotations

from tohome_tools.casework.budget.ledger import LedgerRow, programme_money, total
from tohome_tools.core.findings import Finding, Severity, phrase

# The rules whose findings are about the programme's money: a programme that sets one of them to
# "warning" lets its records into the budget, and the budget shows the rule's finding.
CAP_RULES = ("housing-cap", "work-cap", "payment-measure")


def check(rows: list[LedgerRow], programme) -> list[Finding]:
    """Envelope checks over a ledger, as findings (the same shape validation reports).

    The monthly caps are not checked again here: the ledger is built from valid records only, and
    validity already includes the cap rules (`housing-cap`, `work-cap`, and `payment-measure` for
    what was paid), on the same whole-month rule. A record over a cap is left out of the budget,
    and announced, with the rule's own finding. Envelopes (`lots[].envelope`,
    `funding_lines[].envelope`) are checked only when the configuration gives them: planned money
    over the envelope is a warning, paid money over it an error.
    """
    out = []
    money = programme_money(rows)
    scopes = [(phrase("envelope-lot", n=number), lot.envelope, [r for r in money if r.lot == number])
              for number, lot in sorted(programme.lots.items())]
    scopes += [(phrase("envelope-line", code=line.code), line.envelope,
                [r for r in money if r.funding_line == line.code]) for line in programme.funding_lines]
    for scope, envelope, scoped in scopes:
        if envelope is None:
            continue
        sums = total(scoped)
        for name, amount, severity in (("planned", sums.planned, Severity.WARNING), ("paid", sums.paid, Severity.ERROR)):
            if amount > envelope:
                out.append(Finding(programme.source, 0, 0, "", "budget-envelope", severity,
                                   {"scope": scope, "what": phrase(name), "total": amount, "envelope": envelope}))
    return out
