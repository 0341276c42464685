"""Il monitoraggio valuta obiettivi del progetto

Un incontro di monitoraggio può valutare solo obiettivi che esistono nel progetto, con il loro
codice (O1, O2, ...).
"""

CODE = "objective-reference"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Il monitoraggio valuta obiettivi del progetto", "en": "Monitoring rates the project's objectives"}
MESSAGES = {
    "it": ("L'obiettivo {id} non esiste nel progetto.",
           "Correggi il codice, oppure aggiungi l'obiettivo al progetto."),
    "en": ("Objective {id} does not exist in the project.", "Correct the code, or add the objective to the project."),
}

from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def check(ctx: RecordContext):
    known = {o.get("id") for _, o in ctx.items("project", "objectives")}
    for n, meeting in ctx.items("monitoring"):
        for k, status in enumerate(meeting.get("objectives") or []):
            if isinstance(status, dict) and isinstance(status.get("objective"), str) and status["objective"] not in known:
                yield Hit(f"/monitoring/{n}/objectives/{k}/objective", {"id": status["objective"]})
