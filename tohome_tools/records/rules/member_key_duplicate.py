"""Chiavi dei componenti uniche

Dentro una scheda ogni componente del nucleo ha una chiave sua (M1, M2, ...): le misure, i patti e
gli indicatori si riferiscono ai componenti con quella chiave, quindi due componenti con la stessa
chiave renderebbero ambiguo ogni riferimento.
"""

CODE = "member-key-duplicate"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Chiavi dei componenti uniche", "en": "Unique member keys"}
MESSAGES = {
    "it": ("La chiave {key} è usata per due componenti.",
           "Dai al secondo componente {key} una chiave che nessun altro usa (M1, M2, ...)."),
    "en": ("Key {key} is used for two members.", "Give the second member {key} a key no other uses (M1, M2, ...)."),
}

from tohome_tools.records.rules.base import Hit, RecordContext, duplicates  # noqa: E402


def check(ctx: RecordContext):
    for pointer, value in duplicates(ctx.items("household", "members"), "key", "/household/members"):
        yield Hit(pointer, {"key": value})
