"""Prefisso del codice del programma

Il codice di ogni scheda comincia con il prefisso del programma scritto nella configurazione
(«{id_prefix}»): per esempio {id_prefix}-4-0012. Lo schema accetta qualunque prefisso di due-quattro
lettere maiuscole, perché lo stesso schema serve a più programmi; questa regola controlla che sia
quello del programma in corso.
"""

CODE = "id-prefix"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Prefisso del codice del programma", "en": "Programme ID prefix"}
MESSAGES = {
    "it": ("Il codice {id} non comincia con il prefisso del programma, {prefix}.",
           "Scrivi il codice come {prefix}-<lotto>-<numero>, per esempio {example}, e rinomina il file allo stesso modo."),
    "en": ("ID {id} does not start with the programme's prefix, {prefix}.",
           "Write the ID as {prefix}-<lot>-<number>, for example {example}, and rename the file the same way."),
}

import re  # noqa: E402

from tohome_tools.programme.config import RECORD_ID_SHAPE  # noqa: E402
from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402

SHAPE = re.compile(RECORD_ID_SHAPE + r"\Z")


def check(ctx: RecordContext):
    record_id = ctx.data.get("id")
    shape = SHAPE.match(record_id) if isinstance(record_id, str) else None
    prefix = ctx.programme.id_prefix
    if shape and shape.group(1) != prefix:   # another shape is the schema's finding
        example = ctx.programme.record_id(int(shape.group(2)), int(shape.group(3)))
        yield Hit("/id", {"id": record_id, "prefix": prefix, "example": example})
