"""Lotto, circoscrizione e linea di finanziamento esistenti

Il lotto deve essere uno di quelli della configurazione del programma, la circoscrizione del nucleo
una di quelle coperte da quel lotto, il distretto proponente una circoscrizione esistente e la linea
di finanziamento uno dei codici configurati.
"""

CODE = "lot-district"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Lotto, circoscrizione e finanziamento esistenti", "en": "Known lot, district and funding line"}
MESSAGES = {
    "it": ("{problem}.", "Valori possibili: {allowed}."),
    "en": ("{problem}.", "Possible values: {allowed}."),
}

PHRASES = {
    "it": {"no-lot": "Il lotto {lot} non esiste", "not-in-lot": "La circoscrizione {district} non è coperta dal lotto {lot}",
           "no-district": "La circoscrizione {district} non esiste",
           "no-funding-line": "La linea di finanziamento {code} non è configurata"},
    "en": {"no-lot": "Lot {lot} does not exist", "not-in-lot": "District {district} is not covered by lot {lot}",
           "no-district": "District {district} does not exist", "no-funding-line": "Funding line {code} is not configured"},
}

from tohome_tools.core.findings import phrase  # noqa: E402
from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def check(ctx: RecordContext):
    programme = ctx.programme
    lots = programme.lots
    lot = ctx.data.get("lot")
    if isinstance(lot, bool) or not isinstance(lot, int):
        lot = None  # not a lot number: the schema check reports it
    if lot is not None and lot not in lots:
        yield Hit("/lot", {"problem": phrase("no-lot", lot=lot),
                           "allowed": ", ".join(map(str, sorted(lots)))})
    district = ctx.data.get("district")
    if isinstance(district, str) and lot in lots and district not in lots[lot].districts:
        yield Hit("/district", {
            "problem": phrase("not-in-lot", district=district, lot=lot),
            "allowed": ", ".join(lots[lot].districts)})
    proposer = ctx.section("referral").get("proposed_by")
    if isinstance(proposer, str) and proposer not in programme.districts:
        yield Hit("/referral/proposed_by", {
            "problem": phrase("no-district", district=proposer),
            "allowed": ", ".join(programme.districts)})
    funding = ctx.data.get("funding_line")
    if isinstance(funding, str) and funding not in programme.funding_codes:
        yield Hit("/funding_line", {
            "problem": phrase("no-funding-line", code=funding),
            "allowed": ", ".join(sorted(programme.funding_codes))})
