"""Monitoraggio con la cadenza prevista (avviso)

Dopo la validazione del progetto il nucleo è seguito con incontri di monitoraggio. Tra la
validazione e il primo incontro, tra due incontri e tra l'ultimo incontro e la chiusura (per i
progetti aperti: oggi, o il giorno indicato con `--as-of`, e comunque non oltre la fine del
programma) non devono passare più giorni di quelli della configurazione
({monitoring_cadence_days} per {programme}).
"""

CODE = "monitoring-gap"
SEVERITY = "warning"
SCOPE = "record"
TITLE = {"it": "Monitoraggio con la cadenza prevista", "en": "Monitoring at the expected cadence"}
MESSAGES = {
    "it": ("Passano {days} giorni senza monitoraggio (dal {start} al {end}): la cadenza prevista è di {cadence:p|giorno|giorni}.",
           "Registra l'incontro di monitoraggio mancante, o controlla le date degli incontri."),
    "en": ("{days} days pass without monitoring (from {start} to {end}): the expected cadence is {cadence:p|day|days}.",
           "Record the missing monitoring meeting, or check the meeting dates."),
}

from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def check(ctx: RecordContext):
    validated = ctx.validation_date()
    if validated is None:
        return
    cadence = ctx.programme.limit("monitoring_cadence_days")
    points = [(validated, "/validation/validated_on")]
    meetings = sorted((d, f"/monitoring/{n}/date") for n, m in ctx.items("monitoring")
                      if (d := ctx.date(m.get("date"))) and d >= validated)
    points.extend(meetings)
    closed = ctx.closure_date()
    if closed:
        points.append((closed, "/closure/closed_on"))
    else:   # open: measured to the reference day, because no closure is written
        points.append((ctx.open_until(), "/monitoring" if meetings else "/validation/validated_on"))
    for n, ((a, before), (b, pointer)) in enumerate(zip(points, points[1:])):
        if (b - a).days > cadence:
            open_end = not closed and n == len(points) - 2
            yield Hit(pointer, {"days": (b - a).days, "start": a, "end": b,
                                "cadence": cadence}, because=(before, "/closure") if open_end else (before,))
