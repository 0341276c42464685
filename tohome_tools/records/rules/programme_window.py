"""Tutto dentro la finestra del programma

Ogni data della scheda (colloqui, patto, progetto, validazione, misure, pagamenti, monitoraggio,
chiusura) deve cadere dentro la finestra del programma indicata nella configurazione (per {programme}:
dal {window_start} al {window_end}). La data della proposta del distretto può precedere l'inizio.
"""

CODE = "programme-window"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Tutto dentro la finestra del programma", "en": "Everything inside the programme window"}
MESSAGES = {
    "it": ("«{what}» ({day}) è fuori dalla finestra del programma ({start} - {end}).",
           "Controlla l'anno della data; le attività fuori finestra non sono finanziate dal programma."),
    "en": ("'{what}' ({day}) is outside the programme window ({start} - {end}).",
           "Check the year; activities outside the window are not funded by the programme."),
}

from tohome_tools.core import dates  # noqa: E402
from tohome_tools.core.findings import Month  # noqa: E402
from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def _dated(ctx: RecordContext):
    for n, item in ctx.items("intake", "interviews"):
        yield f"/intake/interviews/{n}/date", item.get("date"), False
    yield "/pact/signed_on", ctx.section("pact").get("signed_on"), False
    yield "/project/written_on", ctx.section("project").get("written_on"), False
    yield "/validation/validated_on", ctx.section("validation").get("validated_on"), False
    for name, i, measure in ctx.measures():
        yield f"/measures/{name}/{i}/start", measure.get("start"), False
        yield f"/measures/{name}/{i}/end", measure.get("end"), False
    for n, item in ctx.items("measures", "actions"):
        yield f"/measures/actions/{n}/date", item.get("date"), False
    for n, item in ctx.items("payments"):
        yield f"/payments/{n}/month", item.get("month"), True
    for n, item in ctx.items("monitoring"):
        yield f"/monitoring/{n}/date", item.get("date"), False
    yield "/closure/closed_on", ctx.section("closure").get("closed_on"), False


def check(ctx: RecordContext):
    start, end = ctx.programme.window_start, ctx.programme.window_end
    for pointer, value, is_month in _dated(ctx):
        day = dates.parse_month(value) if is_month else ctx.date(value)
        if day is None:
            continue
        outside = (day < dates.month_start(start) or day > end) if is_month else not (start <= day <= end)
        if outside:
            yield Hit(pointer, {"what": ctx.field(pointer), "day": Month(day) if is_month else day,
                                "start": start, "end": end})
