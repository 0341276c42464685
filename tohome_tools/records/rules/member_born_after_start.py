"""Componenti nati prima dell'inizio del percorso

I componenti del nucleo sono le persone che ne fanno parte quando il percorso comincia: alla firma del
patto o, prima del patto, al primo colloquio. Un anno di nascita successivo all'anno di quel giorno è
di solito un errore di battitura (2021 per 2012); chi firma il patto, poi, non può essere nato dopo.
Un figlio nato durante il progetto si annota nel monitoraggio, non tra i componenti.
"""

CODE = "member-born-after-start"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Componenti nati prima dell'inizio del percorso", "en": "Members born before the path starts"}
MESSAGES = {
    "it": ("Il componente {member} risulta nato nel {year}, dopo {start} ({day}).",
           "Controlla l'anno di nascita di {member}; un figlio nato durante il progetto si annota nel monitoraggio."),
    "en": ("Member {member} is recorded as born in {year}, after {start} ({day}).",
           "Check {member}'s year of birth; a child born during the project is noted in the monitoring."),
}

PHRASES = {
    "it": {"pact": "la firma del patto", "interview": "il primo colloquio"},
    "en": {"pact": "the pact's signature", "interview": "the first interview"},
}

from tohome_tools.core.findings import phrase  # noqa: E402
from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def check(ctx: RecordContext):
    pact = ctx.pact_date()
    start = pact or ctx.first_interview()
    if start is None:
        return
    cause = ("/pact/signed_on",) if pact else ("/intake/interviews",)
    for i, member in ctx.items("household", "members"):
        year = member.get("birth_year")
        if isinstance(year, int) and not isinstance(year, bool) and year > start.year:
            yield Hit(f"/household/members/{i}/birth_year",
                      {"member": member.get("key", "?"), "year": year, "day": start,
                       "start": phrase("pact" if pact else "interview")}, because=cause)
