"""Nessuna scheda di un nucleo cancellato

Alla fine della conservazione (o su richiesta della persona, o quando il nucleo passa a un altro
lotto) «tohome erase» cancella la scheda da ogni versione della storia di git e ne scrive il codice
nel registro delle cancellazioni (erasures.yaml). Da quel momento una scheda con quel codice non può
tornare: né da un vecchio clone, né da una copia, né come nuovo nucleo con lo stesso codice. Un
nucleo passato a un altro lotto resta valido solo nel repository del lotto che lo ha accolto.
"""

CODE = "erased-household"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Nessuna scheda di un nucleo cancellato", "en": "No record of an erased household"}
MESSAGES = {
    "it": ("Il nucleo {id} è nel registro delle cancellazioni ({register}): {why}.",
           "Se la scheda viene da un vecchio clone o da una copia, toglila (e cancella quel clone: va clonato di "
           "nuovo); un nuovo nucleo prende un codice nuovo con «tohome new»."),
    "en": ("Household {id} is in the register of erasures ({register}): {why}.",
           "If the record comes from an old clone or a copy, remove it (and delete that clone: clone it again); "
           "a new household takes a new ID with 'tohome new'."),
}
PHRASES = {
    "it": {"erased": "la sua scheda è stata cancellata e non può tornare",
           "moved": "è passato al lotto {lot} e la sua scheda sta solo nel repository di quel lotto"},
    "en": {"erased": "its record was erased and must not come back",
           "moved": "it moved to lot {lot} and its record belongs only in that lot's repository"},
}

from tohome_tools.core.findings import phrase  # noqa: E402
from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def check(ctx: RecordContext):
    record_id = ctx.data.get("id")
    if not isinstance(record_id, str) or record_id.upper() not in ctx.erased:
        return
    allowed = ctx.erased[record_id.upper()]
    if allowed is not None and ctx.data.get("lot") == allowed and ctx.repository_lot in (None, allowed):
        return   # transferred out of another lot, living on in its new one
    why = phrase("erased") if allowed is None else phrase("moved", lot=allowed)
    yield Hit("/id", {"id": record_id, "register": "erasures.yaml", "why": why})
