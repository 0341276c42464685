"""Nessuna misura prima del patto

Una misura economica (sostegno all'abitare o al lavoro) può iniziare solo dopo la firma del patto
di adesione: il patto è l'impegno del nucleo nel progetto. Anche una misura scritta in una scheda
che non ha ancora il patto è segnalata.
"""

CODE = "measure-before-pact"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Nessuna misura prima del patto", "en": "No measure before the pact"}
MESSAGES = {
    "it": ("La misura {measure} inizia il {start}, prima della firma del patto ({pact}).",
           "Sposta l'inizio della misura dopo la firma del patto, o correggi la data del patto."),
    "en": ("Measure {measure} starts on {start}, before the pact was signed ({pact}).",
           "Move the measure's start after the pact signature, or correct the pact date."),
}

PHRASES = {"it": {"missing": "manca"}, "en": {"missing": "missing"}}

from tohome_tools.core.findings import phrase  # noqa: E402
from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def check(ctx: RecordContext):
    pact = ctx.pact_date()
    if pact is None and ctx.section("pact").get("signed_on") is not None:
        return  # a pact date is written but unreadable: the schema check already reports it
    for name, i, measure in ctx.measures():
        start = ctx.date(measure.get("start"))
        if start and (pact is None or start < pact):
            yield Hit(f"/measures/{name}/{i}/start",
                      {"measure": measure.get("id", "?"), "start": start,
                       "pact": pact or phrase("missing")}, because=("/pact/signed_on" if pact else "/pact",))
