"""Un solo pagamento per misura e mese

Per ogni misura si registra un pagamento al mese. Due righe con la stessa misura e lo stesso mese
sono quasi sempre una riga copiata due volte: il pagamento sarebbe contato il doppio.
"""

CODE = "payment-duplicate"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Un solo pagamento per misura e mese", "en": "One payment per measure and month"}
MESSAGES = {
    "it": ("Secondo pagamento della misura {measure} per il mese {month} (il primo è alla riga {first}).",
           "Se è lo stesso pagamento copiato due volte, cancella una riga; se è un conguaglio, sommalo al primo."),
    "en": ("Second payment of measure {measure} for month {month} (the first is on line {first}).",
           "If it is the same payment copied twice, delete one line; if it is an adjustment, add it to the first."),
}

from tohome_tools.core import dates  # noqa: E402
from tohome_tools.core.findings import Month  # noqa: E402
from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def check(ctx: RecordContext):
    seen: dict[tuple, str] = {}
    where = {m.get("id"): f"/measures/{name}/{i}/id" for name, i, m in ctx.measures()}
    for n, payment in ctx.items("payments"):
        key = (payment.get("measure"), payment.get("month"))
        if not all(isinstance(k, str) for k in key):
            continue
        if key in seen:
            month = dates.parse_month(key[1])
            yield Hit(f"/payments/{n}", {"measure": key[0], "month": Month(month) if month else key[1],
                                         "first": ctx.line_of(seen[key])},
                      because=(seen[key], where[key[0]]) if key[0] in where else (seen[key],))
        else:
            seen[key] = f"/payments/{n}"
