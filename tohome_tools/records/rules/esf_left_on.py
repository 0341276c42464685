"""Uscita di un componente dentro il progetto (indicatori FSE)

Il giorno in cui un componente esce dal progetto (`esf.left_on`) cade tra la firma del patto e, se
il progetto è chiuso, la sua chiusura.
"""

CODE = "esf-left-on"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Uscita di un componente dentro il progetto", "en": "A member leaves within the project"}
MESSAGES = {
    "it": ("Il componente {member} esce il {left}, fuori dal progetto (dalla firma del patto, {start}, alla "
           "chiusura, {end}).",
           "Controlla il giorno dell'uscita di {member} (esf.left_on), la data del patto e quella di chiusura."),
    "en": ("Member {member} leaves on {left}, outside the project (from the pact signature, {start}, to the "
           "closure, {end}).",
           "Check {member}'s day of leaving (esf.left_on), the pact date and the closure date."),
}

PHRASES = {"it": {"open": "aperto"}, "en": {"open": "open"}}

from tohome_tools.core.findings import phrase  # noqa: E402
from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def check(ctx: RecordContext):
    pact, closed = ctx.pact_date(), ctx.closure_date()
    if pact is None:
        return
    for i, member in ctx.items("household", "members"):
        esf = member.get("esf")
        left = ctx.date(esf.get("left_on")) if isinstance(esf, dict) else None
        if left is not None and (left < pact or (closed is not None and left > closed)):
            yield Hit(f"/household/members/{i}/esf/left_on",
                      {"member": member.get("key", "?"), "left": left, "start": pact,
                       "end": closed or phrase("open")},
                      because=("/pact/signed_on",) if left < pact else ("/closure/closed_on",))
