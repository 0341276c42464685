"""Nessuna attività dopo la chiusura

Dopo la chiusura il progetto non ha più attività: un pagamento di un mese successivo a quello della
chiusura, un colloquio, un incontro di monitoraggio o un'azione di accompagnamento datati dopo il
giorno della chiusura, una misura che comincia o finisce dopo quel giorno sono errori. Di solito è
sbagliata la data di chiusura (l'anno), oppure l'attività è stata scritta nella scheda di un altro
nucleo; una misura interrotta dalla chiusura si accorcia fino alla chiusura.
"""

CODE = "activity-after-closure"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Nessuna attività dopo la chiusura", "en": "No activity after closure"}
MESSAGES = {
    "it": ("{what} ({day}) viene dopo la chiusura del progetto ({closed}).",
           "Controlla la data di chiusura e quella dell'attività; una misura interrotta dalla chiusura finisce il "
           "giorno della chiusura."),
    "en": ("{what} ({day}) comes after the project's closure ({closed}).",
           "Check the closure date and the activity's date; a measure cut short by the closure ends on the closure "
           "day."),
}

PHRASES = {
    "it": {"payment": "Il pagamento della misura {measure}", "interview": "Il colloquio",
           "monitoring": "L'incontro di monitoraggio", "action": "L'azione di accompagnamento",
           "start": "L'inizio della misura {measure}", "end": "La fine della misura {measure}"},
    "en": {"payment": "The payment of measure {measure}", "interview": "The interview",
           "monitoring": "The monitoring meeting", "action": "The support action",
           "start": "The start of measure {measure}", "end": "The end of measure {measure}"},
}

from tohome_tools.core import dates  # noqa: E402
from tohome_tools.core.findings import Month, phrase  # noqa: E402
from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402

CAUSE = ("/closure/closed_on",)


def check(ctx: RecordContext):
    closed = ctx.closure_date()
    if closed is None:
        return
    for n, payment in ctx.items("payments"):
        month = dates.parse_month(payment.get("month"))
        if month is not None and month > dates.month_start(closed):
            yield Hit(f"/payments/{n}/month", {"what": phrase("payment", measure=payment.get("measure", "?")),
                                               "day": Month(month), "closed": closed}, because=CAUSE)
    dated = [(f"/intake/interviews/{n}/date", "interview", item) for n, item in ctx.items("intake", "interviews")]
    dated += [(f"/monitoring/{n}/date", "monitoring", item) for n, item in ctx.items("monitoring")]
    dated += [(f"/measures/actions/{n}/date", "action", item) for n, item in ctx.items("measures", "actions")]
    for pointer, kind, item in dated:
        day = ctx.date(item.get("date"))
        if day is not None and day > closed:
            yield Hit(pointer, {"what": phrase(kind), "day": day, "closed": closed}, because=CAUSE)
    for name, i, measure in ctx.measures():
        for field in ("start", "end"):
            day = ctx.date(measure.get(field))
            if day is not None and day > closed:
                yield Hit(f"/measures/{name}/{i}/{field}", {"what": phrase(field, measure=measure.get("id", "?")),
                                                            "day": day, "closed": closed}, because=CAUSE)
                break   # a measure that starts after the closure ends after it too: one finding
