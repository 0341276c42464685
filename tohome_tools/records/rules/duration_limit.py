"""Durata del progetto entro il limite (avviso)

Il progetto di un nucleo dura al massimo il numero di mesi della configurazione ({max_project_months} per {programme}),
contati dalla firma del patto (o, se il patto manca, dal primo colloquio) alla chiusura. Per un
progetto ancora aperto si conta fino a oggi (o al giorno indicato con `--as-of`), e comunque non
oltre la fine del programma. È un avviso: un singolo progetto più
lungo può essere giustificato, ma la media per lotto deve restare entro il limite (regola
«lot-average-duration»).
"""

CODE = "duration-limit"
SEVERITY = "warning"
SCOPE = "record"
TITLE = {"it": "Durata del progetto entro il limite", "en": "Project duration within the limit"}
MESSAGES = {
    "it": ("Il progetto dura {months} mesi (dal {start} al {end}): oltre il limite di {limit:p|mese|mesi}.",
           "Verifica la data di chiusura, o annota nel monitoraggio perché il progetto prosegue."),
    "en": ("The project lasts {months} months (from {start} to {end}): beyond the limit of {limit:p|month|months}.",
           "Check the closure date, or note in the monitoring why the project goes on."),
}

from tohome_tools.core import dates  # noqa: E402
from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def check(ctx: RecordContext):
    start = ctx.project_start()
    closed = ctx.closure_date()
    end = closed or ctx.open_until()
    limit = ctx.programme.limit("max_project_months")
    if start and end >= start and dates.exceeds_months(start, end, limit):
        start_at = "/pact/signed_on" if ctx.pact_date() else "/intake"
        pointer = "/closure/closed_on" if closed else start_at
        yield Hit(pointer, {"months": dates.whole_months(start, end), "start": start,
                            "end": end, "limit": limit}, because=(start_at,) if closed else ("/closure",))
