"""Durata media dei progetti per lotto entro il limite

Per ogni lotto la durata media dei progetti chiusi, dalla firma del patto (o dal primo colloquio)
alla chiusura, deve restare entro il limite di mesi della configurazione ({max_project_months} per {programme}). Un
progetto conta per i giorni effettivi; un mese vale 365,25 / 12 giorni.
"""

CODE = "lot-average-duration"
SEVERITY = "error"
SCOPE = "collection"
REACH = "lot"
TITLE = {"it": "Durata media per lotto entro il limite", "en": "Average duration per lot within the limit"}
MESSAGES = {
    "it": ("Lotto {lot}: la durata media {count:P|del progetto chiuso|dei progetti chiusi} ({count}) è di {average} "
           "mesi, oltre il limite di {limit}.",
           "Controlla le date di chiusura dei progetti più lunghi del lotto."),
    "en": ("Lot {lot}: the average duration of its {count:p|closed project|closed projects} is {average} months, "
           "beyond the limit of {limit}.",
           "Check the closure dates of the lot's longest projects."),
}

from collections import defaultdict  # noqa: E402
from decimal import Decimal  # noqa: E402

from tohome_tools.core.dates import DAYS_PER_MONTH  # noqa: E402
from tohome_tools.core.findings import Number  # noqa: E402
from tohome_tools.records.rules.base import Hit  # noqa: E402


def average_months(summaries) -> dict[int, tuple[int, Decimal]]:
    """Lot -> (closed projects, average duration in months)."""
    days = defaultdict(list)
    for s in summaries:
        if s.lot is not None and s.start and s.end and s.end >= s.start:
            days[s.lot].append((s.end - s.start).days)
    return {lot: (len(v), Decimal(sum(v)) / len(v) / DAYS_PER_MONTH) for lot, v in days.items()}


def check(summaries, programme):
    limit = programme.limit("max_project_months")
    for lot, (count, average) in sorted(average_months(summaries).items()):
        if average > limit:
            yield Hit("", {"lot": lot, "count": count, "limit": limit,
                           "average": Number(average, 1)},
                      file="records")
