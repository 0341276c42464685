"""Una misura finisce dopo il suo inizio

La data di fine di una misura non può venire prima della sua data di inizio.
"""

CODE = "measure-end-order"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Una misura finisce dopo il suo inizio", "en": "A measure ends after it starts"}
MESSAGES = {
    "it": ("La misura {id} finisce ({end}) prima di iniziare ({start}).", "Controlla le due date della misura."),
    "en": ("Measure {id} ends ({end}) before it starts ({start}).", "Check the measure's two dates."),
}

from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def check(ctx: RecordContext):
    for name, i, measure in ctx.measures():
        start, end = ctx.date(measure.get("start")), ctx.date(measure.get("end"))
        if start and end and end < start:
            yield Hit(f"/measures/{name}/{i}/end",
                      {"id": measure.get("id"), "end": end, "start": start})
