"""Codici interni unici e riferiti

Dentro una scheda le chiavi dei componenti (M1, ...), i codici delle misure (H1, W1, ...) e degli
obiettivi (O1, ...) devono essere unici; il monitoraggio può valutare solo obiettivi che esistono;
una misura deve finire dopo il suo inizio.
"""

CODE = "local-ids"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Codici interni unici e riferiti", "en": "Unique and existing local codes"}
MESSAGES = {
    "it": ("{problem}.", "Correggi il codice o la data indicati."),
    "en": ("{problem}.", "Correct the code or date shown."),
}

from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def _duplicates(items, field: str, base: str):
    seen = set()
    for n, item in items:
        value = item.get(field)
        if isinstance(value, str):
            if value in seen:
                yield f"{base}/{n}/{field}", value
            seen.add(value)


def check(ctx: RecordContext):
    it = ctx.lang == "it"
    for pointer, value in _duplicates(ctx.items("household", "members"), "key", "/household/members"):
        yield Hit(pointer, {"problem": f"La chiave {value} è usata per due componenti" if it
                            else f"Key {value} is used for two members"})
    measures = [(f"/measures/{name}", i, m) for name, i, m in ctx.measures()]
    seen = set()
    for base, i, measure in measures:
        value = measure.get("id")
        if isinstance(value, str) and value in seen:
            yield Hit(f"{base}/{i}/id", {"problem": f"Il codice di misura {value} è usato due volte" if it
                                         else f"Measure code {value} is used twice"})
        seen.add(value)
        start, end = ctx.date(measure.get("start")), ctx.date(measure.get("end"))
        if start and end and end < start:
            ends, starts = ctx.fmt_date(end), ctx.fmt_date(start)
            yield Hit(f"{base}/{i}/end", {"problem": (f"La misura {value} finisce ({ends}) prima di iniziare ({starts})" if it
                                                      else f"Measure {value} ends ({ends}) before it starts ({starts})")})
    objectives = ctx.items("project", "objectives")
    for pointer, value in _duplicates(objectives, "id", "/project/objectives"):
        yield Hit(pointer, {"problem": f"Il codice di obiettivo {value} è usato due volte" if it
                            else f"Objective code {value} is used twice"})
    known = {o.get("id") for _, o in objectives}
    for n, meeting in ctx.items("monitoring"):
        for k, status in enumerate(meeting.get("objectives") or []):
            if isinstance(status, dict) and isinstance(status.get("objective"), str) and status["objective"] not in known:
                yield Hit(f"/monitoring/{n}/objectives/{k}/objective",
                          {"problem": (f"L'obiettivo {status['objective']} non esiste nel progetto" if it
                                       else f"Objective {status['objective']} does not exist in the project")})
