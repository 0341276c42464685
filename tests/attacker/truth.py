"""The true values behind every published variable, computed straight from the records.

Written apart from tohome_tools.release (only the budget ledger, the project's own tested money
rule, is reused for amounts), so that the attacker's ranges are compared with an independent truth.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from attacker.attack import V, period_span
from tohome_tools.casework.budget.ledger import ledger as budget_ledger

MONTH = Decimal("365.25") / 12


def _day(text):
    return dt.date.fromisoformat(text) if isinstance(text, str) and len(text) == 10 else None


def _band(value, limits: list[int], months: bool) -> str:
    low = 0
    for limit in limits:
        if value <= limit:
            if months:
                return f"{low}-{limit}"
            return f"{limit}" if low + 1 == limit else f"{low + 1}-{limit}"
        low = limit
    return f"{low}+" if months else f"{low + 1}+"


def _path(record):
    first = min(d for d in (_day(i.get("date")) for i in record["intake"]["interviews"]) if d)
    return first, _day((record.get("closure") or {}).get("closed_on"))


def _add(out: dict, shares: dict | None, period: str, population: str, measure: str, attrs: dict,
         household: str, value) -> None:
    names = sorted(attrs)
    for size in range(len(names) + 1):
        for chosen in itertools.combinations(names, size):
            v = V(period, population, measure, tuple((n, attrs[n]) for n in chosen))
            if measure in ("nuclei",):
                out.setdefault(v, set()).add(household)
            else:
                out[v] = out.get(v, Decimal(0)) + Decimal(value)
                if shares is not None:
                    shares.setdefault(v, {})
                    shares[v][household] = shares[v].get(household, Decimal(0)) + Decimal(value)


def compute(records: list[dict], programme, period: str) -> tuple[dict, dict]:
    """({V: true value}, {V: [household shares]}) for one period."""
    start, end = period_span(period)
    pub = programme.publication
    sizes, durations = pub["household_size_bands"], pub["duration_bands_months"]
    out: dict = {}
    shares: dict = {}
    for r in records:
        first, closed = _path(r)
        hid = r["id"]
        if first <= end and (closed is None or closed >= start):
            _add(out, None, period, "in_carico", "nuclei",
                 {"lotto": str(r["lot"]), "livello": r["prevention"]["level"], "circoscrizione": r["district"],
                  "ampiezza": _band(len(r["household"]["members"]), sizes, False)}, hid, 1)
        if closed is not None and start <= closed <= end:
            begin = _day((r.get("pact") or {}).get("signed_on")) or first
            months = Decimal((closed - begin).days) / MONTH
            attrs = {"lotto": str(r["lot"]), "livello": r["prevention"]["level"],
                     "fascia_durata": _band(months, durations, True), "motivo": r["closure"]["reason"],
                     "alloggio_uscita": r["closure"]["housing_at_exit"]}
            _add(out, None, period, "chiusi", "nuclei", attrs, hid, 1)
            _add(out, None, period, "chiusi", "durata_media_mesi__sum", attrs, hid, months)
        for family in ("housing_support", "work_support"):
            for m in (r.get("measures") or {}).get(family) or []:
                day = _day(m.get("start"))
                if day and start <= day <= end:
                    code = m["kind"] if family == "housing_support" or m["kind"] == "internship" else "work_other"
                    _add(out, None, period, "misure_avviate", "misure", {"misura": code}, hid, 1)
    by_id = {r["id"]: r for r in records}
    for row in budget_ledger(records, programme):
        if not start <= row.month <= end:
            continue
        if row.family in ("housing_support", "work_support"):
            code = row.kind if row.family == "housing_support" or row.kind == "internship" else "work_other"
            attrs = {"misura": code, "lotto": str(row.lot)}
            _add(out, shares, period, "spesa", "importo_previsto", attrs, row.household, row.planned)
            _add(out, shares, period, "spesa", "importo_pagato", attrs, row.household, row.paid)
        elif row.family == "co_participation":
            attrs = {"forma": by_id[row.household]["co_participation"]["form"]}
            _add(out, None, period, "compartecipazione", "nuclei", attrs, row.household, 1)
            _add(out, shares, period, "compartecipazione", "importo_concordato", attrs, row.household, row.planned)
    truth = {v: (float(len(x)) if isinstance(x, set) else float(x)) for v, x in out.items()}
    ordered = {v: sorted((float(s) for s in by_household.values() if s > 0), reverse=True)
               for v, by_household in shares.items()}
    return truth, ordered


def compute_all(records, programme, periods: list[str]) -> tuple[dict, dict]:
    truth, shares = {}, {}
    for p in periods:
        t, s = compute(records, programme, p)
        truth.update(t)
        shares.update(s)
    return truth, shares
