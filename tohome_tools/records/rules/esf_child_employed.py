"""Nessun bambino sotto i 15 anni risulta occupato (indicatori FSE)

Per gli indicatori del Fondo sociale europeo, la condizione lavorativa all'ingresso di un
partecipante sotto l'età minima per lavorare (15 anni, contati dall'anno di nascita all'anno della
firma del patto) non può essere «occupato» o «lavoratore autonomo»: di solito è un errore di
compilazione (il componente sbagliato, o l'anno di nascita).
"""

CODE = "esf-child-employed"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Nessun bambino sotto i 15 anni occupato", "en": "No child under 15 employed"}
MESSAGES = {
    "it": ("Il componente {member} ha {age} anni alla firma del patto ed è indicato come «{status}».",
           "Controlla l'anno di nascita di {member} e la sua condizione lavorativa all'ingresso "
           "(esf.labour_at_entry)."),
    "en": ("Member {member} is {age} when the pact is signed and is recorded as '{status}'.",
           "Check {member}'s year of birth and labour-market status at entry (esf.labour_at_entry)."),
}

from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402

MINIMUM_WORKING_AGE = 15   # the law's minimum age for work, which the indicators assume
WORKING = ("employed", "self_employed")


def check(ctx: RecordContext):
    pact = ctx.pact_date()
    if pact is None:
        return
    for i, member in ctx.items("household", "members"):
        esf = member.get("esf")
        year = member.get("birth_year")
        if not isinstance(esf, dict) or not isinstance(year, int) or isinstance(year, bool):
            continue
        status = esf.get("labour_at_entry")
        if status in WORKING and pact.year - year < MINIMUM_WORKING_AGE:
            yield Hit(f"/household/members/{i}/esf/labour_at_entry",
                      {"member": member.get("key", "?"), "age": pact.year - year, "status": status},
                      because=(f"/household/members/{i}/birth_year",))
