"""Budget: the monthly ledger of the programme's money, its totals, checks and reports.

Public API (used by other modules, e.g. the release): `ledger(records, programme)` and `LedgerRow`.
"""

from tohome_tools.casework.budget.ledger import (  # noqa: F401
    FAMILIES,
    KINDS,
    PROGRAMME_FAMILIES,
    LedgerRow,
    Position,
    Total,
    co_participation,
    forecast,
    group,
    ledger,
    position,
    programme_money,
    select,
    total,
)
