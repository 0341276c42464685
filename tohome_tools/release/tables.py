"""Aggregation: from valid records to the release's tables (before any suppression).

Every dimension names its source: a schema pointer that must be marked publishable, or a derived
coarsening listed in `allowlist.DERIVED`. Values are read through `allowlist.Guard`, so nothing
else can leak into a table. All categories are listed (zeros included) so that a total row is
always the sum of the rows it totals.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tohome_tools.casework.budget import ledger as budget_ledger
from tohome_tools.core import dates
from tohome_tools.core.dates import DAYS_PER_MONTH
from tohome_tools.core.periods import Period
from tohome_tools.i18n import labels
from tohome_tools.release.allowlist import Guard, enum_of
from tohome_tools.release.model import AMOUNT, AVERAGE, CONSTANT, COUNT, FLAG, TOTAL, Cell, Dimension, Measure, Table

CENT = Decimal("0.01")

# How a measure is aggregated over the contributions that match a row.
HOUSEHOLDS, ITEMS, SUM = "households", "items", "sum"


@dataclass(frozen=True)
class Contribution:
    household: str
    codes: dict
    amounts: dict


@dataclass(frozen=True)
class Spec:
    measure: Measure
    how: str                  # HOUSEHOLDS, ITEMS, SUM (AVERAGE uses SUM of its field)
    field: str | None = None


def all_keys(dims: list[Dimension]) -> list[tuple[str, ...]]:
    return list(itertools.product(*[[c for c, _ in d.values] + [TOTAL] for d in dims]))


def aggregate(table: Table, specs: list[Spec], contributions: list[Contribution],
              keys: list[tuple[str, ...]] | None = None) -> Table:
    dims = table.dimensions
    # each contribution goes, once, to every key it matches (its own code or the total, per dimension),
    # in the contributions' order: the same lists as asking every key of every contribution
    matching: dict[tuple[str, ...], list[Contribution]] = {}
    for c in contributions:
        for key in set(itertools.product(*[(c.codes[d.name], TOTAL) for d in dims])):
            matching.setdefault(key, []).append(c)
    for key in keys or all_keys(dims):
        found = matching.get(key, [])
        households = {c.household for c in found}
        row: dict[str, Cell] = {}
        for spec in specs:
            m = spec.measure
            if spec.how == HOUSEHOLDS:
                row[m.name] = Cell(len(households), len(households))
            elif spec.how == ITEMS:
                row[m.name] = Cell(len(found), len(households))
            else:
                shares: dict[str, Decimal] = {}
                for c in found:
                    shares[c.household] = shares.get(c.household, Decimal(0)) + Decimal(c.amounts[spec.field])
                total = sum(shares.values(), Decimal(0))
                ordered = tuple(sorted((s for s in shares.values() if s > 0), reverse=True))
                row[m.name] = Cell(total.quantize(CENT) if m.kind == AMOUNT else total, len(households),
                                   shares=ordered if m.kind == AMOUNT else ())
        table.rows[key] = row
    return table


# Measures whose monthly amount has a public cap per household (work: per measure, and an outsider
# would assume one measure per household).
CAPPED = {"rent_share": "housing", "utilities": "housing", "internship": "work"}


def cap_bound(programme, period: Period, code: str) -> Decimal | None:
    """What the public caps tell anyone of one household's share of a cell for measure `code`: the
    monthly cap summed over the period's months inside the programme window. None without a cap."""
    which = CAPPED.get(code)
    if which is None:
        return None
    name = programme.housing_cap if which == "housing" else programme.work_cap
    first = dates.month_start(programme.window_start)
    total = Decimal(0)
    for month in period.months():
        if first <= month <= programme.window_end:
            cap = programme.cap_on(name, month)
            if cap is None:
                return None
            total += cap
    return total


def band(value, limits: list[int], unit: str) -> tuple[str, str]:
    """(code, label) of the band holding `value`; bands end at each limit (included)."""
    low = 0
    for limit in limits:
        if value <= limit:
            return _band_name(low, limit, unit)
        low = limit
    if unit == "mesi":
        return f"{low}+", f"oltre {low} mesi"
    return f"{low + 1}+", f"{low + 1} {unit} e più"


def _band_name(low, high, unit) -> tuple[str, str]:
    if unit == "mesi":
        return f"{low}-{high}", (f"fino a {high} mesi" if low == 0 else f"da {low} a {high} mesi")
    first = low + 1
    if first == high:
        return f"{high}", f"{high} {'componente' if high == 1 else unit}"
    return f"{first}-{high}", f"{first}-{high} {unit}"


def bands(limits: list[int], unit: str) -> tuple[tuple[str, str], ...]:
    probes = [limit for limit in limits] + [limits[-1] + 1]
    return tuple(band(p, limits, unit) for p in probes)


class Builder:
    """Builds every table of one period from valid records."""

    def __init__(self, records: list[dict], programme, schema: dict, period: Period):
        self.records = sorted(records, key=lambda r: r["id"])
        self.programme = programme
        self.schema = schema
        self.period = period
        self.guard = Guard(schema)
        pub = programme.publication
        self.size_limits = list(pub["household_size_bands"])
        self.duration_limits = list(pub["duration_bands_months"])
        self.max_months = programme.limit("max_project_months")
        self._ledger_rows = None
        self._paths: dict[str, tuple] = {}

    # --- dimensions (each checked against the allow-list when built) -----------------------------
    def dim(self, name, title, values, source) -> Dimension:
        self.guard.require(source)
        return Dimension(name, title, tuple(values), source)

    def lot_dim(self) -> Dimension:
        return self.dim("lotto", "Lotto", [(str(n), f"Lotto {n}") for n in sorted(self.programme.lots)], "/lot")

    def enum_dim(self, name, title, pointer, names) -> Dimension:
        return self.dim(name, title, [(c, labels.label(names, c)) for c in enum_of(self.schema, pointer)], pointer)

    def level_dim(self) -> Dimension:
        return self.enum_dim("livello", "Livello di prevenzione", "/prevention/level", labels.LEVEL)

    # --- populations --------------------------------------------------------------------------------
    def _path(self, record) -> tuple:
        self.guard.require("derived:period")
        known = self._paths.get(record["id"])   # every table asks again for each record: read once
        if known is None:
            first = [dates.parse(i.get("date")) for i in record["intake"]["interviews"]]
            first = min((d for d in first if d), default=None)
            closure = record.get("closure") or {}
            known = self._paths[record["id"]] = (first, dates.parse(closure.get("closed_on")))
        return known

    def in_charge(self) -> list[dict]:
        return [r for r in self.records if self.period.overlaps(*self._path(r))]

    def closed(self) -> list[dict]:
        return [r for r in self.records if self.period.contains(self._path(r)[1])]

    def duration_months(self, record) -> Decimal:
        self.guard.require("derived:duration_band")
        pact = dates.parse((record.get("pact") or {}).get("signed_on"))
        start = pact or self._path(record)[0]
        end = self._path(record)[1]
        return Decimal((end - start).days) / DAYS_PER_MONTH

    # --- tables -------------------------------------------------------------------------------------
    def tables(self) -> list[Table]:
        return [self.by_lot(), self.by_level(), self.by_size(), self.by_district(), self.measures_started(),
                self.amounts(), self.co_participation(), self.duration_bands(), self.duration_average(),
                self.closure_reason(), self.housing_outcome()]

    def _households(self) -> Measure:
        return Measure("nuclei", "Nuclei", "Numero di nuclei familiari.", COUNT)

    def _in_charge_table(self, name, title, description, dims, code_of, keys=None) -> Table:
        table = Table(name, title, description, "in_carico", dims, [self._households()])
        contributions = [Contribution(r["id"], code_of(r), {}) for r in self.in_charge()]
        return aggregate(table, [Spec(table.measures[0], HOUSEHOLDS)], contributions, keys)

    def by_lot(self) -> Table:
        g = self.guard
        return self._in_charge_table(
            "nuclei_per_lotto", "Nuclei in carico per lotto",
            "Nuclei familiari seguiti nel periodo (dal primo colloquio alla chiusura) per lotto.",
            [self.lot_dim()], lambda r: {"lotto": str(g.value(r, "/lot"))})

    def by_level(self) -> Table:
        g = self.guard
        return self._in_charge_table(
            "nuclei_per_livello", "Nuclei in carico per livello di prevenzione",
            "Nuclei familiari seguiti nel periodo per livello di prevenzione all'ingresso.",
            [self.level_dim()], lambda r: {"livello": g.value(r, "/prevention/level")})

    def by_size(self) -> Table:
        dim = self.dim("ampiezza", "Componenti del nucleo", bands(self.size_limits, "componenti"),
                       "derived:household_size_band")

        def code(record):
            return {"ampiezza": band(len(record["household"]["members"]), self.size_limits, "componenti")[0]}

        return self._in_charge_table(
            "nuclei_per_ampiezza", "Nuclei in carico per numero di componenti",
            "Nuclei familiari seguiti nel periodo per numero di componenti, in fasce.", [dim], code)

    def by_district(self) -> Table:
        g = self.guard
        lots = self.programme.lots
        names = {code: d.name for code, d in self.programme.districts.items()}
        districts = [(c, names.get(c, c)) for n in sorted(lots) for c in lots[n].districts]
        dims = [self.lot_dim(), self.dim("circoscrizione", "Circoscrizione", districts, "/district")]
        # a district belongs to one lot: list it under its lot only
        keys = [k for n in sorted(lots) for k in [(str(n), c) for c in lots[n].districts] + [(str(n), TOTAL)]]
        keys.append((TOTAL, TOTAL))
        return self._in_charge_table(
            "nuclei_per_circoscrizione", "Nuclei in carico per circoscrizione",
            "Nuclei familiari seguiti nel periodo per circoscrizione di residenza, sotto il lotto che la serve.",
            dims, lambda r: {"lotto": str(g.value(r, "/lot")), "circoscrizione": g.value(r, "/district")}, keys)

    def _measure_dim(self) -> Dimension:
        self.guard.require("/measures/work_support/*/kind")
        return self.dim("misura", "Misura", list(labels.MEASURE.items()), "/measures/housing_support/*/kind")

    @staticmethod
    def _measure_code(family: str, kind: str) -> str:
        return "work_other" if family == "work_support" and kind != "internship" else kind

    def measures_started(self) -> Table:
        measure = Measure("misure", "Misure avviate", "Numero di misure economiche iniziate nel periodo.", COUNT,
                          additive_in_time=True)
        table = Table("misure_avviate_per_tipo", "Misure avviate per tipo",
                      "Misure economiche (sostegno all'abitare e al lavoro) iniziate nel periodo, per tipo.",
                      "misure_avviate", [self._measure_dim()], [measure])
        contributions = []
        for record in self.records:
            for family in ("housing_support", "work_support"):
                kinds = self.guard.values(record, f"/measures/{family}/*/kind")
                self.guard.require("derived:period")
                items = (record.get("measures") or {}).get(family) or []
                for item, kind in zip(items, kinds):
                    if self.period.contains(dates.parse(item.get("start"))):
                        contributions.append(Contribution(record["id"], {"misura": self._measure_code(family, kind)}, {}))
        return aggregate(table, [Spec(measure, ITEMS)], contributions)

    def _ledger(self):
        for pointer in ("/measures/housing_support/*/monthly_amount", "/measures/work_support/*/monthly_amount",
                        "/payments/*/amount", "/co_participation/monthly_amount", "derived:period"):
            self.guard.require(pointer)
        if self._ledger_rows is None:   # two tables read it: computed once
            months = set(self.period.months())
            self._ledger_rows = [row for row in budget_ledger(self.records, self.programme) if row.month in months]
        return self._ledger_rows

    def amounts(self) -> Table:
        planned = Measure("importo_previsto", "Importo previsto (euro)",
                          "Somma delle quote mensili previste dalle misure nei mesi del periodo.", AMOUNT,
                          additive_in_time=True)
        paid = Measure("importo_pagato", "Importo pagato (euro)",
                       "Somma dei pagamenti registrati per i mesi del periodo.", AMOUNT, additive_in_time=True)
        table = Table("importi_per_misura_e_lotto", "Importi previsti e pagati per misura e lotto",
                      "Denaro del programma (sostegno all'abitare e al lavoro) per i mesi del periodo.",
                      "spesa", [self._measure_dim(), self.lot_dim()], [planned, paid])
        contributions = [Contribution(row.household, {"misura": self._measure_code(row.family, row.kind),
                                                      "lotto": str(row.lot)},
                                      {"planned": row.planned, "paid": row.paid})
                         for row in self._ledger() if row.family in ("housing_support", "work_support")]
        aggregate(table, [Spec(planned, SUM, "planned"), Spec(paid, SUM, "paid")], contributions)
        for key, row in table.rows.items():
            limit = cap_bound(self.programme, self.period, key[0])
            for cell in row.values():
                cell.bound = limit
        return table

    def co_participation(self) -> Table:
        households = self._households()
        amount = Measure("importo_concordato", "Importo concordato (euro)",
                         "Somma delle quote mensili di compartecipazione concordate per i mesi del periodo.",
                         AMOUNT, additive_in_time=True)
        dim = self.enum_dim("forma", "Forma della compartecipazione", "/co_participation/form", labels.FORM)
        table = Table("compartecipazione_per_forma", "Compartecipazione dei nuclei per forma",
                      "Nuclei che compartecipano nel periodo e quote concordate (contributo o accantonamento).",
                      "compartecipazione", [dim], [households, amount])
        rows = [r for r in self._ledger() if r.family == "co_participation"]
        by_id = {r["id"]: r for r in self.records}
        contributions = [Contribution(row.household, {"forma": self.guard.value(by_id[row.household],
                                                                                 "/co_participation/form")},
                                      {"planned": row.planned}) for row in rows]
        return aggregate(table, [Spec(households, HOUSEHOLDS), Spec(amount, SUM, "planned")], contributions)

    def _closed_households(self) -> Measure:
        return Measure("nuclei", "Nuclei", "Numero di nuclei familiari.", COUNT, additive_in_time=True)

    def duration_bands(self) -> Table:
        dim = self.dim("fascia_durata", "Durata del progetto", bands(self.duration_limits, "mesi"),
                       "derived:duration_band")
        measure = self._closed_households()
        table = Table("durata_per_fascia", "Progetti chiusi per durata",
                      "Progetti chiusi nel periodo per durata, dalla firma del patto (o dal primo colloquio) "
                      "alla chiusura, in fasce di mesi.", "chiusi", [dim], [measure], attribute=dim.name)
        contributions = [Contribution(r["id"], {"fascia_durata": band(self.duration_months(r), self.duration_limits,
                                                                      "mesi")[0]}, {}) for r in self.closed()]
        return aggregate(table, [Spec(measure, HOUSEHOLDS)], contributions)

    def duration_average(self) -> Table:
        count = self._closed_households()
        average = Measure("durata_media_mesi", "Durata media (mesi)",
                          "Durata media in mesi dei progetti chiusi nel periodo.", AVERAGE,
                          additive_in_time=True, average_of="nuclei")
        limit = Measure("limite_mesi", "Limite (mesi)", "Durata media massima prevista dal programma.", CONSTANT,
                        additive=False)
        within = Measure("entro_limite", "Entro il limite", "«si» se la durata media non supera il limite.", FLAG,
                         additive=False, flag_of="durata_media_mesi")
        table = Table("durata_media_per_lotto", "Durata media dei progetti chiusi per lotto",
                      f"Durata media dei progetti chiusi nel periodo, per lotto, confrontata con il limite di "
                      f"{self.max_months} mesi.", "chiusi", [self.lot_dim()], [count, average, limit, within])
        g = self.guard
        contributions = [Contribution(r["id"], {"lotto": str(g.value(r, "/lot"))}, {"months": self.duration_months(r)})
                         for r in self.closed()]
        aggregate(table, [Spec(count, HOUSEHOLDS), Spec(average, SUM, "months")], contributions)
        for row in table.rows.values():
            row["limite_mesi"] = Cell(self.max_months, 0)
            row["entro_limite"] = Cell(None, 0)
        return table

    def _closure_table(self, name, title, description, dim: Dimension, pointer: str) -> Table:
        measure = self._closed_households()
        table = Table(name, title, description, "chiusi", [self.level_dim(), dim], [measure], attribute=dim.name)
        g = self.guard
        contributions = [Contribution(r["id"], {"livello": g.value(r, "/prevention/level"),
                                                dim.name: g.value(r, pointer)}, {}) for r in self.closed()]
        return aggregate(table, [Spec(measure, HOUSEHOLDS)], contributions)

    def closure_reason(self) -> Table:
        return self._closure_table(
            "chiusure_per_motivo_e_livello", "Progetti chiusi per motivo e livello di prevenzione",
            "Progetti chiusi nel periodo per motivo della chiusura e livello di prevenzione.",
            self.enum_dim("motivo", "Motivo della chiusura", "/closure/reason", labels.REASON), "/closure/reason")

    def housing_outcome(self) -> Table:
        return self._closure_table(
            "esito_abitativo_per_livello", "Situazione abitativa all'uscita per livello di prevenzione",
            "Progetti chiusi nel periodo per situazione abitativa alla chiusura e livello di prevenzione.",
            self.enum_dim("alloggio_uscita", "Situazione abitativa all'uscita", "/closure/housing_at_exit",
                          labels.HOUSING), "/closure/housing_at_exit")


def average_text(total: Decimal, count: int) -> str:
    return str((total / count).quantize(Decimal("0.1"), ROUND_HALF_UP))
