"""Nome del file uguale al codice

Ogni scheda sta in un file che si chiama come il suo codice: la scheda {id_prefix}-4-0012 sta in
records/{id_prefix}-4-0012.yaml. Così due persone non possono creare per sbaglio due schede con lo stesso
codice in file diversi senza che il controllo se ne accorga.
"""

CODE = "file-name"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Nome del file uguale al codice", "en": "File name equals the ID"}
MESSAGES = {
    "it": ("Il codice {id} non corrisponde al nome del file «{name}».",
           "Rinomina il file in {id}.yaml, oppure correggi il codice."),
    "en": ("ID {id} does not match the file name '{name}'.",
           "Rename the file to {id}.yaml, or correct the ID."),
}

from pathlib import PurePath  # noqa: E402

from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def check(ctx: RecordContext):
    record_id = ctx.data.get("id")
    name = PurePath(ctx.file).name
    if isinstance(record_id, str) and name != f"{record_id}.yaml":
        yield Hit("/id", {"id": record_id, "name": name})
