"""An outside statistician attacking the published tables (written apart from tohome_tools.release).

It reads only what anybody can read: the JSON tables under a release folder and the public
programme configuration. It then states, as integer linear constraints, everything it knows:

- every published value; an average with one decimal gives its sum within +-0.05 times the count;
- totals equal the sum of their rows (the tables' `additiva` flag) and a variable that appears in
  two tables (same period, population, measure and categories) is one unknown;
- closed projects never outnumber households in charge; co-participating households never
  outnumber households in charge; paid never exceeds planned; a capped measure never exceeds the
  cap times the months times the households in charge of its lot (these three are assumptions: the
  attacker uses them when they are true, the worst case);
- across periods: a flow of a period is the sum over released periods tiling it, a sub-period never
  exceeds its period; consecutive periods P, Q: in_charge(Q) >= in_charge(P) - closed(P); a
  project closed in Q after more than L months was open at the end of an earlier period P when the
  time from P's end to Q's end is at most L months;
- durations: the sum behind an average lies between the bands' limits times their counts, and
  below the programme window times the count;
- in the period that opens the programme window, every measure of a kind with money started in it;
  no project closes "at the programme's end" before the window's last day; in the period that holds
  that day, everybody in charge closes (assumptions, used when true);
- the method: cells are hidden because of a small count among them, so one or two hidden counts
  alone in their linked group mean that one of them is small.

Three readers: A (hidden counts >= 0), G (every hidden count >= 1, except one that A proves is 0:
the guess the method makes tempting, public, so anybody can make it) and B (hidden counts that are
not zero in truth are >= 1: the attacker guessed right wherever that guess is right). Findings are
disclosures by the criteria of devdocs/threat-model.md, which look at ranges only (a reader who
knows the release passed learns nothing from that): a count must not be a single value, its A lower
end must be 0 or at least k, its upper end at least k, and from its A lower end to its upper end
there must be 2h households; an amount must not be a single value and every estimate must miss
some value of its range by more than p%; no group in one category (B); G must be possible. Counts and amounts are judged
in G and in B (G's ranges lie inside B's: a finding in B alone would mean the attacker's own
reasoning is inconsistent).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from scipy.optimize import Bounds, LinearConstraint, milp

MONTH_DAYS = 365.25 / 12
TOTAL = "totale"


@dataclass(frozen=True, order=True)
class V:
    period: str
    population: str
    measure: str
    where: tuple


@dataclass
class Disclosure:
    var: V
    what: str
    low: float
    high: float
    true: float | None

    def __str__(self) -> str:
        return f"{self.what}: {self.var} in [{self.low:g}, {self.high:g}], true {self.true}"


def period_span(code: str) -> tuple[dt.date, dt.date]:
    year = int(code[:4])
    if len(code) == 4:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    n, size = int(code[6]), (6 if code[5] == "H" else 3)
    first = (n - 1) * size + 1
    last = first + size - 1
    end = dt.date(year + (last == 12), last % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(year, first, 1), end


class Public:
    """The public configuration, read as an outsider reads it."""

    def __init__(self, config_path: Path):
        raw = yaml.safe_load(Path(config_path).read_text(encoding="utf-8"))
        pub = raw["publication"]
        self.k = int(pub["threshold"])
        self.h = int(pub.get("count_protection_distance", math.ceil(self.k / 2)))
        self.p = float(pub["amount_protection_percent"]) / 100
        self.bands = list(pub["duration_bands_months"])
        w = raw["programme"]["window"]
        self.start, self.end = dt.date.fromisoformat(str(w["start"])), dt.date.fromisoformat(str(w["end"]))
        self.longest = (self.end - self.start).days / MONTH_DAYS
        self.caps = raw["caps"]

    def cap_months(self, code: str, period: str) -> float | None:
        name = {"rent_share": "housing_support_per_household_month", "utilities": "housing_support_per_household_month",
                "internship": "work_support_per_measure_month"}.get(code)
        if name is None:
            return None
        first, last = period_span(period)
        total, month = 0.0, dt.date(first.year, first.month, 1)
        while month <= last:
            if dt.date(self.start.year, self.start.month, 1) <= month <= self.end:
                amounts = [float(c["amount"]) for c in self.caps[name]
                           if dt.date.fromisoformat(str(c["from"])) <= month
                           and (not c.get("to") or month <= dt.date.fromisoformat(str(c["to"])))]
                if not amounts:
                    return None
                total += max(amounts)
            month = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        return total

    def band(self, code: str) -> tuple[float, float]:
        if code.endswith("+"):
            return float(code[:-1]), self.longest
        low, high = code.split("-")
        return float(low), float(high)


class Knowledge:
    """Variables with bounds, and linear constraints sum(c * v) in [lo, hi]."""

    def __init__(self):
        self.vars: dict[V, dict] = {}
        self.rows: list[tuple[dict, float, float]] = []
        self.tables: dict[str, list] = {}        # period -> [(name, json)]

    def var(self, v: V, kind: str) -> V:
        self.vars.setdefault(v, {"kind": kind, "low": 0.0, "high": math.inf, "hidden": True})
        return v

    def fix(self, v: V, low: float, high: float) -> None:
        info = self.vars[v]
        info["low"], info["high"], info["hidden"] = low, high, False

    def add(self, terms: dict, low: float, high: float) -> None:
        self.rows.append((terms, low, high))


def _filter(dims: list[str], row: dict) -> tuple:
    return tuple(sorted((d, row[d]) for d in dims if row[d] != TOTAL))


def read(root: Path, public: Public) -> Knowledge:
    know = Knowledge()
    for folder in sorted(p for p in Path(root).iterdir() if (p / "datapackage.json").is_file()):
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        period = package["x-periodo"]
        for resource in package["resources"]:
            table = json.loads((folder / f"{resource['name']}.json").read_text(encoding="utf-8"))
            know.tables.setdefault(period, []).append(table)
            dims = [d["nome"] for d in table["dimensioni"]]
            population = table["popolazione"]
            measures = {m["nome"]: m for m in table["misure"]}
            for m in table["misure"]:
                if m["tipo"] not in ("conteggio", "importo", "media"):
                    continue
                name = m["nome"] + ("__sum" if m["tipo"] == "media" else "")
                kind = "count" if m["tipo"] == "conteggio" else "amount"
                cells = {}
                for row in table["righe"]:
                    v = know.var(V(period, population, name, _filter(dims, row)), kind)
                    cells[tuple(row[d] for d in dims)] = v
                    state, value = row[f"{m['nome']}_stato"], row[m["nome"]]
                    if m["tipo"] == "media":
                        count = V(period, population, m["media_di"], _filter(dims, row))
                        know.var(count, "count")
                        if state == "pubblicato":
                            a = float(value)
                            know.add({v: 1, count: -(a - 0.05)}, 0, math.inf)
                            know.add({v: 1, count: -(a + 0.05)}, -math.inf, 0)
                            know.vars[v]["hidden"] = False    # published, as an average
                        elif state == "non_disponibile":
                            know.fix(v, 0, 0)
                            know.add({count: 1}, 0, 0)
                    elif state == "pubblicato":
                        know.fix(v, float(value), float(value))
                if m.get("additiva", True):
                    for key, total in cells.items():
                        for i, code in enumerate(key):
                            if code != TOTAL:
                                continue
                            parts = [cells[k] for k in cells if k[i] != TOTAL
                                     and all(k[j] == key[j] for j in range(len(key)) if j != i)]
                            if parts:
                                terms = {total: -1}
                                for part in parts:
                                    terms[part] = terms.get(part, 0) + 1
                                know.add(terms, 0, 0)
                _ = measures
    return know


def relate(know: Knowledge, public: Public, truth: dict | None) -> None:
    """Every relation across tables, periods and the configuration (likely ones when true)."""
    vs = set(know.vars)

    def true_of(v):
        return None if truth is None else truth.get(v)

    def add_if_true(terms, low, high):
        if truth is None:
            return
        values = [true_of(v) for v in terms]
        if any(x is None for x in values):
            return
        total = sum(c * true_of(v) for v, c in terms.items())
        if low - 1e-6 <= total <= high + 1e-6:
            know.add(terms, low, high)

    for v in list(vs):
        if v.population == "chiusi" and v.measure == "nuclei":
            outer = V(v.period, "in_carico", "nuclei", v.where)
            if outer in vs:
                know.add({v: 1, outer: -1}, -math.inf, 0)
        first, last = period_span(v.period)
        # a project closed in the period began on or after the window's start
        longest = max(0, (min(last, public.end) - public.start).days + 1) / MONTH_DAYS
        if v.population == "chiusi" and v.measure == "durata_media_mesi__sum":
            n = V(v.period, "chiusi", "nuclei", v.where)
            if n in vs:
                know.add({v: 1, n: -longest}, -math.inf, 0)
        if (v.population == "chiusi" and v.measure == "nuclei" and len(v.where) == 1
                and v.where[0][0] == "fascia_durata" and public.band(v.where[0][1])[0] >= longest):
            know.add({v: 1}, -math.inf, 0)
        if v.population == "misure_avviate" and v.where and first <= public.start <= last:
            add_if_true({v: -1}, -math.inf, -1)   # the opening period: money in it means a measure started in it
        if v.population == "chiusi" and v.measure == "nuclei":
            if dict(v.where).get("motivo") == "programme_end" and last < public.end:
                add_if_true({v: 1}, -math.inf, 0)   # "closed at the programme's end" happens on its last day only
            outer = V(v.period, "in_carico", "nuclei", v.where)
            if last >= public.end and outer in vs:
                add_if_true({outer: 1, v: -1}, -math.inf, 0)   # the last period: everybody in charge closes
        if v.population == "compartecipazione" and v.measure == "nuclei" and not v.where:
            outer = V(v.period, "in_carico", "nuclei", ())
            if outer in vs:
                add_if_true({v: 1, outer: -1}, -math.inf, 0)
        if v.population == "spesa":
            f = dict(v.where)
            if v.measure == "importo_pagato":
                planned = V(v.period, "spesa", "importo_previsto", v.where)
                if planned in vs:
                    add_if_true({v: 1, planned: -1}, -math.inf, 0)
            cap = public.cap_months(f.get("misura", ""), v.period)
            n = V(v.period, "in_carico", "nuclei", (("lotto", f["lotto"]),) if "lotto" in f else ())
            if cap is not None and n in vs:
                add_if_true({v: 1, n: -cap}, -math.inf, 0)
    periods = sorted(know.tables)
    for p in periods:
        bands = [v for v in vs if v.period == p and v.population == "chiusi" and v.measure == "nuclei"
                 and len(v.where) == 1 and v.where[0][0] == "fascia_durata"]
        total = V(p, "chiusi", "durata_media_mesi__sum", ())
        if bands and total in vs:
            low = {b: -public.band(b.where[0][1])[0] for b in bands}
            know.add({total: 1, **low}, 0, math.inf)
            high = {b: -public.band(b.where[0][1])[1] for b in bands}
            know.add({total: 1, **high}, -math.inf, 0)
    spans = {p: period_span(p) for p in periods}
    series: dict[tuple, dict[str, V]] = {}
    for v in vs:
        series.setdefault((v.population, v.measure, v.where), {})[v.period] = v
    flows = {"chiusi", "misure_avviate", "spesa"}
    for (population, measure, where), by_period in series.items():
        for whole, wv in by_period.items():
            ws, we = spans[whole]
            inside = [p for p in by_period if p != whole and ws <= spans[p][0] and spans[p][1] <= we]
            for p in inside:
                know.add({by_period[p]: 1, wv: -1}, -math.inf, 0)
            if population in flows or (population == "compartecipazione" and measure != "nuclei"):
                # tilings of `whole` by released sub-periods
                def tile(day, chosen):
                    if day > we:
                        if len(chosen) > 1:
                            terms = {wv: -1}
                            for c in chosen:
                                terms[by_period[c]] = 1
                            know.add(terms, 0, 0)
                        return
                    for p in inside:
                        if spans[p][0] == day:
                            tile(spans[p][1] + dt.timedelta(days=1), chosen + [p])
                tile(ws, [])
    for q in periods:
        for p in periods:
            (_ps, pe), (qs, qe) = spans[p], spans[q]
            if pe >= qs:
                continue
            if qs == pe + dt.timedelta(days=1):
                carry_over(know, vs, p, q)
            gap = (qe - pe).days - 1
            long = [v for v in vs if v.period == q and v.population == "chiusi" and v.measure == "nuclei"
                    and len(v.where) == 1 and v.where[0][0] == "fascia_durata"
                    and public.band(v.where[0][1])[0] * MONTH_DAYS >= gap]
            stock, closed = V(p, "in_carico", "nuclei", ()), V(p, "chiusi", "nuclei", ())
            if long and stock in vs and closed in vs:
                terms = {v: 1 for v in long}
                terms[closed] = terms.get(closed, 0) + 1
                terms[stock] = terms.get(stock, 0) - 1
                know.add(terms, -math.inf, 0)


def carry_over(know: Knowledge, vs: set, p: str, q: str) -> None:
    """Who was in charge in P with categories f and is not in charge in Q was closed in P. The closures
    of P with f may be published nowhere: the attacker names them as unknowns of its own (whole, >= 0,
    at most those in charge), and sums them, within every published closure count whose categories f
    refines, over the categories of one kind (disjoint households) to at most that count."""
    closed: dict[tuple, V] = {}
    for v in sorted(vs):
        if v.period != p or v.population != "in_carico" or v.measure != "nuclei":
            continue
        later = V(q, "in_carico", "nuclei", v.where)
        if later not in vs:
            continue
        gone = V(p, "chiusi", "nuclei", v.where)
        if gone not in vs:
            know.vars.setdefault(gone, {"kind": "count", "low": 0.0, "high": math.inf, "hidden": False})
            know.add({gone: 1, v: -1}, -math.inf, 0)
        closed[v.where] = gone
        know.add({v: 1, gone: -1, later: -1}, -math.inf, 0)
    published = {v.where: v for v in vs if v.period == p and v.population == "chiusi" and v.measure == "nuclei"}
    for where, count in published.items():
        by_kind: dict[tuple, list[V]] = {}
        for fine, unknown in closed.items():
            if unknown not in vs and set(where) < set(fine):
                by_kind.setdefault(tuple(sorted(d for d, _ in fine)), []).append(unknown)
        for members in by_kind.values():
            terms = {m: 1 for m in members}
            terms[count] = terms.get(count, 0) - 1
            know.add(terms, -math.inf, 0)


class Solver:
    """Integer programmes over the attacker's knowledge, one group of linked unknowns at a time."""

    def __init__(self, know: Knowledge, truth: dict | None, guess: str, zero: frozenset = frozenset()):
        """guess: "A" (none), "G" (every hidden count not in `zero` is >= 1), "B" (the right guess)."""
        self.know, self.truth, self.guess, self.zero = know, truth, guess, zero
        unknown = [v for v, info in know.vars.items() if info["low"] != info["high"]]
        parent = {v: v for v in unknown}

        def find(v):
            while parent[v] != v:
                parent[v] = parent[parent[v]]
                v = parent[v]
            return v

        for terms, _a, _b in know.rows:
            inside = [v for v in terms if v in parent]
            for other in inside[1:]:
                parent[find(inside[0])] = find(other)
        self.group = {v: find(v) for v in unknown}
        self.members: dict[V, list[V]] = {}
        for v in unknown:
            self.members.setdefault(self.group[v], []).append(v)
        self.rows: dict[V, list] = {}
        for row in know.rows:
            inside = [v for v in row[0] if v in parent]
            if inside:
                self.rows.setdefault(self.group[inside[0]], []).append(row)
        self.built: dict[V, tuple] = {}

    def _model(self, root: V):
        if root in self.built:
            return self.built[root]
        order = sorted(self.members[root])
        index = {v: i for i, v in enumerate(order)}
        n = len(order)
        low, high, integral = np.zeros(n), np.zeros(n), np.zeros(n)
        for v, i in index.items():
            info = self.know.vars[v]
            low[i], high[i] = info["low"], info["high"]
            integral[i] = 1 if info["kind"] == "count" else 0
            if info["hidden"] and info["kind"] == "count" and (
                    (self.guess == "G" and v not in self.zero)
                    or (self.guess == "B" and self.truth and (self.truth.get(v) or 0) >= 1)):
                low[i] = max(low[i], 1)
        rows = self.rows.get(root, [])
        matrix = np.zeros((len(rows), n))
        lo, hi = np.zeros(len(rows)), np.zeros(len(rows))
        for r, (terms, a, b) in enumerate(rows):
            shift = 0.0
            for v, c in terms.items():
                if v in index:
                    matrix[r, index[v]] += c
                else:
                    shift += c * self.know.vars[v]["low"]
            lo[r], hi[r] = a - shift, b - shift
        constraints = [LinearConstraint(matrix, lo, hi)] if rows else []
        self.built[root] = (index, Bounds(low, high), integral, constraints)
        return self.built[root]

    def solution(self, terms: dict, sign: int) -> dict:
        """A whole table the attacker cannot tell from the published one: the unknowns of the group
        of `terms` at the minimum (sign 1) or maximum (sign -1) of `terms`."""
        roots = {self.group[v] for v in terms if v in self.group}
        assert len(roots) == 1, "terms span unlinked unknowns"
        root = roots.pop()
        index, bounds, integral, constraints = self._model(root)
        c = np.zeros(len(index))
        for v, coef in terms.items():
            c[index[v]] = sign * coef
        run = milp(c, constraints=constraints, bounds=bounds, integrality=integral)
        if run.status != 0:
            raise RuntimeError(f"no table fits ({run.message})")
        return {v: float(run.x[i]) for v, i in index.items()}

    def extreme(self, terms: dict, sign: int) -> float:
        constant, inner = 0.0, {}
        for v, coef in terms.items():
            if v in self.group:
                inner[v] = coef
            else:
                constant += coef * self.know.vars[v]["low"]
        if not inner:
            return constant
        roots = {self.group[v] for v in inner}
        assert len(roots) == 1, "terms span unlinked unknowns"
        index, bounds, integral, constraints = self._model(roots.pop())
        c = np.zeros(len(index))
        for v, coef in inner.items():
            c[index[v]] = sign * coef
        run = _whole(c, constraints, bounds, integral)
        if run.status == 2:   # HiGHS's presolve has been seen to call a feasible model infeasible: ask again without it
            run = milp(c, constraints=constraints, bounds=bounds, integrality=integral, options={"presolve": False})
        if run.status == 3 or (run.status == 4 and "nbounded" in str(run.message)):
            return -math.inf if sign > 0 else math.inf
        if run.status != 0:
            raise RuntimeError(f"the attacker's model is infeasible ({run.message})")
        return sign * run.fun + constant


def _whole(c, constraints, bounds, integral):
    """min c.x with whole counts: first the linear relaxation, and the integer programme only when
    the relaxation's optimum gives a count a fractional value (an optimum of the relaxation that is
    already whole is the integer optimum too: every whole table is a table of the relaxation)."""
    relaxed = milp(c, constraints=constraints, bounds=bounds)
    if relaxed.status == 0 and relaxed.x is not None:
        counts = relaxed.x[integral == 1]
        if counts.size == 0 or np.abs(counts - np.round(counts)).max() <= 1e-9:
            return relaxed
    return milp(c, constraints=constraints, bounds=bounds, integrality=integral)


def known_someone(know: Knowledge, truth: dict | None, v: V) -> bool:
    """At least one household behind v: published so, or (model B) guessed right."""
    info = know.vars[v]
    return info["low"] >= 1 or (info["hidden"] and truth is not None and (truth.get(v) or 0) >= 1)


def knowledge_of(root: Path, config: Path, truth: dict | None = None) -> tuple[Public, Knowledge, dict | None]:
    """Everything the attacker states about the releases under `root`."""
    public = Public(config)
    know = read(root, public)
    if truth is not None:   # a category nobody falls in is absent from the truth: it is 0
        truth = {v: truth.get(v, 0.0) for v in know.vars}
    relate(know, public, truth)
    return public, know, truth


def attack(root: Path, config: Path, truth: dict | None = None, shares: dict | None = None) -> list[Disclosure]:
    """Every disclosure in the releases under `root`: hidden values, groups, single households."""
    public, know, truth = knowledge_of(root, config, truth)
    plain, guessed = Solver(know, truth, "A"), Solver(know, truth, "B")
    hidden_counts = [v for v, info in know.vars.items() if info["hidden"] and info["kind"] == "count"]
    public_guess = Solver(know, truth, "G", frozenset(v for v in hidden_counts
                                                      if plain.extreme({v: 1}, -1) < 1 - 1e-6))
    found: list[Disclosure] = []
    for v, info in sorted(know.vars.items()):
        if not info["hidden"]:
            continue
        true = None if truth is None else truth.get(v)
        for reader in (public_guess, guessed):
            try:
                low, high = reader.extreme({v: 1}, 1), reader.extreme({v: 1}, -1)
            except RuntimeError as error:   # only G can be impossible: the reader learns some hidden count is 0
                what = "the guess 'not zero' is impossible" if reader is public_guess else f"B has no solution: {error}"
                found.append(Disclosure(v, what, 0, 0, true))
                continue
            if info["kind"] == "count":
                low_a = math.ceil(plain.extreme({v: 1}, 1) - 1e-6)
                low, high = math.ceil(low - 1e-6), (math.floor(high + 1e-6) if not math.isinf(high) else high)
                if high - low <= 0:
                    found.append(Disclosure(v, "exact", low, high, true))
                elif 0 < low_a < public.k:
                    found.append(Disclosure(v, "proven present and maybe small", low_a, high, true))
                elif high < public.k:
                    found.append(Disclosure(v, "known below the threshold", low, high, true))
                elif high - low_a < 2 * public.h:
                    found.append(Disclosure(v, "range narrower than 2h", low_a, high, true))
            elif high - low <= 0.005:
                found.append(Disclosure(v, "exact", low, high, true))
            elif not math.isinf(high) and high * (1 - public.p) - low * (1 + public.p) < 0.01 - 1e-6:
                found.append(Disclosure(v, "amount known within p%", low, high, true))
    # cells are hidden because of a small count among them: one or two hidden counts alone in their
    # linked group tell the attacker that one of them is small
    for root, members in plain.members.items():
        hidden = [v for v in members if know.vars[v]["hidden"]]
        if 1 <= len(hidden) <= 2 and all(know.vars[v]["kind"] == "count" for v in hidden):
            for v in hidden:
                found.append(Disclosure(v, "one of the few hidden cells linked to it is small", 0, 0,
                                        None if truth is None else truth.get(v)))
    # groups: rows and columns of tables with a sensitive attribute, for the guessing readers
    def guessed_someone(v) -> bool:
        info = know.vars[v]
        return info["low"] >= 1 or (info["hidden"] and info["kind"] == "count" and v not in public_guess.zero)

    readers_of_groups = [(guessed, lambda v: known_someone(know, truth, v))]
    if not any(f.what == "the guess 'not zero' is impossible" for f in found):
        readers_of_groups.append((public_guess, guessed_someone))
    for period, tables in know.tables.items():
        for table in tables:
            if not table.get("attributo_sensibile"):
                continue
            dims = [d["nome"] for d in table["dimensioni"]]
            keys = [tuple(r[d] for d in dims) for r in table["righe"]]
            for m in table["misure"]:
                if m["tipo"] != "conteggio":
                    continue

                def var(key):
                    return V(period, table["popolazione"], m["nome"],
                             tuple(sorted((d, c) for d, c in zip(dims, key) if c != TOTAL)))

                for key in keys:
                    for i, code in enumerate(key):
                        if code != TOTAL:
                            continue
                        parts = [k for k in keys if k[i] != TOTAL
                                 and all(k[j] == key[j] for j in range(len(key)) if j != i)]
                        if len(parts) < 2:
                            continue
                        for reader, someone in readers_of_groups:
                            if reader.extreme({var(key): 1}, -1) < 1 - 1e-6:
                                continue
                            for part in parts:
                                if any(someone(var(o)) for o in parts if o != part):
                                    continue
                                rest = reader.extreme({var(key): 1, var(part): -1}, -1)
                                if rest < 1 - 1e-6:
                                    found.append(Disclosure(var(part), "whole group in one category", 0, 0,
                                                            None if truth is None else truth.get(var(part))))
    # single households behind a published amount: another household of the cell, knowing the caps
    for v, cell_shares in (shares or {}).items():
        info = know.vars.get(v)
        if info is None or info["hidden"] or not cell_shares:
            continue
        cap = public.cap_months(dict(v.where).get("misura", ""), v.period)
        total = sum(cell_shares)
        for i, x in enumerate(cell_shares):
            others = [s for j, s in enumerate(cell_shares) if j != i]
            if not others:
                found.append(Disclosure(v, "one household", x, x, x))
                continue
            for j, known_share in enumerate(others):
                rest = others[:j] + others[j + 1:]
                high = total - known_share
                limit = None if cap is None else max(cap, x)
                if cap is None:
                    low = 0.0
                else:
                    low = max(0.0, total - known_share - sum(max(cap, s) for s in rest))
                if limit is not None:
                    high = min(high, limit)
                if low > x * (1 - public.p) + 1e-6 or high < x * (1 + public.p) - 1e-6:
                    found.append(Disclosure(v, "one household's amount", low, high, x))
                    break
    return found
