"""Nel repository di un lotto solo le schede di quel lotto

Quando ogni lotto ha il suo repository (tohome-lot.yaml), chi lavora per un lotto può scaricare solo
le schede dei nuclei del suo lotto: è la minimizzazione dei dati (GDPR art. 5, par. 1, lett. c) e il
contratto con l'ente attuatore (art. 28). Una scheda di un altro lotto nel repository sbagliato è
visibile a chi non deve vederla: va spostata con «tohome transfer» (livello della città), non copiata.
"""

CODE = "lot-repository"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Nel repository di un lotto solo le sue schede", "en": "Only its own records in a lot's repository"}
MESSAGES = {
    "it": ("La scheda è del lotto {lot}, ma questo è il repository del lotto {repository}.",
           "Togli la scheda da qui: se il nucleo ha cambiato lotto, lo sposta la città con «tohome transfer»; "
           "altrimenti correggi il lotto."),
    "en": ("The record belongs to lot {lot}, but this is lot {repository}'s repository.",
           "Remove the record from here: if the household changed lot, the city moves it with 'tohome transfer'; "
           "otherwise correct the lot."),
}

from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def check(ctx: RecordContext):
    lot = ctx.data.get("lot")
    if ctx.repository_lot is None or isinstance(lot, bool) or not isinstance(lot, int):
        return
    if lot != ctx.repository_lot:
        yield Hit("/lot", {"lot": lot, "repository": ctx.repository_lot})
