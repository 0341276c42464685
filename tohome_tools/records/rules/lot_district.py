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

from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def check(ctx: RecordContext):
    it = ctx.lang == "it"
    programme = ctx.programme
    lots = programme.lots
    lot = ctx.data.get("lot")
    if isinstance(lot, bool) or not isinstance(lot, int):
        lot = None  # not a lot number: the schema check reports it
    if lot is not None and lot not in lots:
        yield Hit("/lot", {"problem": f"Il lotto {lot} non esiste" if it else f"Lot {lot} does not exist",
                           "allowed": ", ".join(map(str, sorted(lots)))})
    district = ctx.data.get("district")
    if isinstance(district, str) and lot in lots and district not in lots[lot].districts:
        yield Hit("/district", {
            "problem": (f"La circoscrizione {district} non è coperta dal lotto {lot}" if it
                        else f"District {district} is not covered by lot {lot}"),
            "allowed": ", ".join(lots[lot].districts)})
    proposer = ctx.section("referral").get("proposed_by")
    if isinstance(proposer, str) and proposer not in programme.districts:
        yield Hit("/referral/proposed_by", {
            "problem": f"La circoscrizione {proposer} non esiste" if it else f"District {proposer} does not exist",
            "allowed": ", ".join(programme.districts)})
    funding = ctx.data.get("funding_line")
    if isinstance(funding, str) and funding not in programme.funding_codes:
        yield Hit("/funding_line", {
            "problem": (f"La linea di finanziamento {funding} non è configurata" if it
                        else f"Funding line {funding} is not configured"),
            "allowed": ", ".join(sorted(programme.funding_codes))})
