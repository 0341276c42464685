"""Dati di uscita solo per chi è uscito (indicatori FSE)

La condizione all'uscita (`esf.labour_at_exit`) e la qualifica ottenuta (`esf.qualification_gained`)
si scrivono quando il componente è uscito dal progetto (`esf.left_on`): alla chiusura, o prima se la
scheda indica il giorno in cui è uscito.
"""

CODE = "esf-leaving"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Dati di uscita solo per chi è uscito", "en": "Leaving data only for those who left"}
MESSAGES = {
    "it": ("Il componente {member} ha dati di uscita ma non è ancora uscito: il progetto non è chiuso e manca il "
           "giorno dell'uscita (esf.left_on).",
           "Scrivi la condizione all'uscita di {member} solo quando esce, oppure indica il giorno della sua uscita "
           "(esf.left_on)."),
    "en": ("Member {member} has leaving data but has not left: the project is not closed and the day of leaving "
           "(esf.left_on) is missing.",
           "Record {member}'s status on leaving only when they leave, or give the day of leaving (esf.left_on)."),
}

from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def check(ctx: RecordContext):
    if ctx.closure_date() is not None:
        return
    for i, member in ctx.items("household", "members"):
        esf = member.get("esf")
        if not isinstance(esf, dict) or ctx.date(esf.get("left_on")) is not None:
            continue
        recorded = [name for name in ("labour_at_exit", "qualification_gained") if name in esf]
        if recorded:
            yield Hit(f"/household/members/{i}/esf/{recorded[0]}", {"member": member.get("key", "?")},
                      because=("/closure",))
