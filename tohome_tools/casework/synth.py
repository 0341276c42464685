"""Synthetic household records: realistic in shape, about no real person.

Every record says `synthetic: true` and its file starts with a comment saying so. The generator is
deterministic for a given seed and reads every programme number (window, caps, limits, lots,
districts, cadence) from the programme configuration, so the records stay valid when those change.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

from tohome_tools.core import dates
from tohome_tools.io.atomic import write_text
from tohome_tools.io.yamlwrite import dump
from tohome_tools.programme.config import Programme

HEADER = ("DATI SINTETICI: scheda inventata per prove e dimostrazioni.\n"
          "Non descrive persone reali; ogni somiglianza è casuale.")

LEVELS = {
    "primary": ["private_rental", "private_rental", "public_housing"],
    "secondary": ["private_rental", "hosted_by_others", "temporary_placement"],
    "tertiary": ["temporary_placement", "shelter", "hosted_by_others"],
}
EXIT_HOUSING = ["private_rental", "public_housing", "temporary_placement", "hosted_by_others", "shelter", "other"]
AREAS = ["housing", "work", "training", "education", "health", "social", "economic"]
REASONS = ["goals_achieved", "goals_achieved", "housing_autonomy", "housing_autonomy", "withdrawn",
           "moved_away", "transferred", "programme_end", "other"]
SECTORS = ["commerce", "hospitality", "manufacturing", "logistics", "care_services", "cleaning",
           "agriculture", "public_sector", "third_sector", "other"]
NOTES = [
    "Colloquio di conoscenza (testo di esempio).",
    "Il nucleo racconta la situazione abitativa (testo di esempio).",
    "Verifica dei documenti e delle spese per la casa (testo di esempio).",
    "Incontro con l'assistente sociale (testo di esempio).",
]
OBJECTIVES = {
    "housing": ("Mantenere l'alloggio e regolarizzare l'affitto (esempio).", "Affitto pagato con regolarità (esempio)."),
    "work": ("Trovare un lavoro stabile (esempio).", "Contratto di lavoro o tirocinio avviato (esempio)."),
    "training": ("Completare un corso di formazione (esempio).", "Attestato ottenuto (esempio)."),
    "education": ("Sostenere la frequenza scolastica dei figli (esempio).", "Frequenza regolare (esempio)."),
    "health": ("Accompagnare ai servizi sanitari (esempio).", "Presa in carico sanitaria attivata (esempio)."),
    "social": ("Rafforzare la rete di relazioni (esempio).", "Partecipazione a attività del quartiere (esempio)."),
    "economic": ("Ridurre i debiti per l'affitto (esempio).", "Piano di rientro rispettato (esempio)."),
}


LABOUR_AT_ENTRY = ["employed", "self_employed", "unemployed", "long_term_unemployed", "inactive_in_education",
                   "inactive", "unknown"]
LABOUR_AT_EXIT = ["employed", "self_employed", "job_searching", "in_education_training", "inactive", "unknown"]
EDUCATION = [f"isced_{n}" for n in range(9)] + ["unknown"]


def money(value: int | Decimal) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


class _Household:
    def __init__(self, rng: random.Random, programme: Programme, lot: int, number: int):
        self.rng = rng
        self.programme = programme
        self.lot = lot
        self.number = number

    def day(self, base: dt.date, low: int, high: int) -> dt.date:
        return base + dt.timedelta(days=self.rng.randint(low, high))

    def build(self) -> dict:
        rng, programme = self.rng, self.programme
        window_start, window_end = programme.window_start, programme.window_end
        lot = programme.lots[self.lot]
        district = rng.choice(lot.districts)
        level = rng.choice(["primary", "primary", "secondary", "secondary", "tertiary"])
        latest_start = dates.add_months(window_end, -7)
        span = max(1, (latest_start - window_start).days - 60)
        proposed = window_start + dt.timedelta(days=rng.randint(0, span))
        first = self.day(proposed, 5, 30)
        interviews = [first]
        for _ in range(rng.randint(0, 3)):
            interviews.append(self.day(interviews[-1], 3, 9))
        pact = self.day(interviews[-1], 1, 12)
        written = self.day(pact, 3, 20)
        validated = self.day(written, 3, 25)
        limit = programme.limit("max_project_months")
        months = rng.randint(5, max(5, limit - 2))
        closed = min(dates.add_months(pact, months) - dt.timedelta(days=rng.randint(0, 20)), window_end)
        reason = "programme_end" if closed == window_end else rng.choice(REASONS[:-2] + ["other"])
        members = self.members(rng)
        keys = [m["key"] for m in members]
        record: dict = {
            "id": programme.record_id(self.lot, self.number),
            "synthetic": True,
            "lot": self.lot,
            "district": district,
            "funding_line": sorted(programme.funding_codes)[0],
            "referral": {"proposed_by": district, "proposed_on": proposed.isoformat(),
                         "office_validated_on": self.day(proposed, 1, 4).isoformat()},
            "prevention": {"level": level, "housing_at_entry": rng.choice(LEVELS[level])},
            "household": {"members": members},
            "staff": {"case_managers": [f"CM-{self.lot:02d}-{rng.randint(1, 6):02d}"],
                      "social_worker": f"AS-{district}-{rng.randint(1, 9):02d}"},
            "intake": {"interviews": [
                {"date": d.isoformat(), "with_social_worker": rng.random() < 0.4, "notes": rng.choice(NOTES)}
                for d in interviews]},
            "pact": {"signed_on": pact.isoformat(),
                     "signed_by": [k for k, m in zip(keys, members) if m["birth_year"] <= pact.year - 18] or keys[:1]},
            "needs": self.needs(rng),
        }
        objectives = self.objectives(rng, closed, reason)
        record["project"] = {
            "written_on": written.isoformat(),
            "objectives": objectives,
            "commitments": [{"member": rng.choice(record["pact"]["signed_by"]),
                             "description": "Partecipare agli incontri concordati (esempio).",
                             "due_on": self.day(written, 30, 120).isoformat()}],
            "supports": [{"service": rng.choice(["social_services", "employment_centre", "health_services",
                                                 "housing_office", "training_agency", "third_sector"]),
                          "description": "Sostegno concordato con il servizio (esempio)."}],
        }
        record["validation"] = {"officer": f"FD-{district}-{rng.randint(1, 3):02d}", "validated_on": validated.isoformat()}
        measures, payments = self.measures(rng, members, validated, closed)
        record["measures"] = measures
        if measures.get("housing_support") or rng.random() < 0.3:
            start = min(ctx_start(measures) or validated, closed)
            if measures.get("housing_support") and rng.random() < 0.75:
                amount = money(rng.choice([30, 50, 60, 80, 100, 120]))
                record["co_participation"] = {"form": "contribution", "monthly_amount": amount,
                                              "start": start.isoformat()}
            else:
                record["co_participation"] = {"form": "savings",
                                              "purpose": rng.choice(["housing_costs", "debt_settlement"]),
                                              "monthly_amount": money(rng.choice([20, 30, 40, 50])),
                                              "start": start.isoformat()}
        record["payments"] = payments
        record["monitoring"] = self.monitoring(rng, validated, closed, objectives)
        record["closure"] = {
            "closed_on": closed.isoformat(),
            "reason": reason,
            "housing_at_exit": ("private_rental" if reason == "housing_autonomy" else rng.choice(EXIT_HOUSING)),
            "work_at_exit": rng.choice(["employed", "employed", "internship", "training", "unemployed", "retired",
                                        "not_applicable"]),
            "notes": "Chiusura del progetto (testo di esempio).",
        }
        self.esf(rng, record)
        return record

    def esf(self, rng: random.Random, record: dict) -> None:
        """The ESF data of each participant (the pact's signatories). Drawn last, so that the rest of
        a household is what it was before these fields existed."""
        pact = dt.date.fromisoformat(record["pact"]["signed_on"])
        closed = dt.date.fromisoformat(record["closure"]["closed_on"])

        def declared() -> str:
            return rng.choices(["no", "yes", "not_declared"], weights=[80, 12, 8])[0]

        for member in record["household"]["members"]:
            if member["key"] not in record["pact"]["signed_by"]:
                continue
            age = pact.year - member["birth_year"]
            if age < 15:
                entry, education = rng.choice(["inactive_in_education", "inactive"]), "isced_1"
            else:
                entry = rng.choices(LABOUR_AT_ENTRY, weights=[14, 3, 30, 28, 5, 18, 2])[0]
                education = rng.choices(EDUCATION, weights=[3, 15, 35, 25, 5, 3, 6, 4, 1, 3])[0]
            esf = {"labour_at_entry": entry, "education": education, "disability": declared(),
                   "third_country_national": declared(), "foreign_background": declared(), "minority": declared(),
                   "other_disadvantage": declared()}
            if rng.random() < 0.05 and (closed - pact).days > 60:
                esf["left_on"] = (pact + dt.timedelta(days=rng.randint(30, (closed - pact).days - 1))).isoformat()
            esf["labour_at_exit"] = rng.choices(LABOUR_AT_EXIT, weights=[30, 4, 30, 10, 20, 6])[0]
            esf["qualification_gained"] = rng.random() < 0.15
            member["esf"] = esf

    def members(self, rng: random.Random) -> list[dict]:
        size = rng.choices([1, 2, 3, 4, 5, 6], weights=[30, 20, 20, 16, 9, 5])[0]
        head_year = rng.randint(1950, 1998)
        members = [{"key": "M1", "role": "head", "birth_year": head_year, "sex": rng.choice("FM")}]
        for n in range(2, size + 1):
            if n == 2 and rng.random() < 0.5:
                members.append({"key": "M2", "role": "partner", "birth_year": head_year + rng.randint(-6, 6),
                                "sex": rng.choice("FM")})
            else:
                members.append({"key": f"M{n}", "role": "child", "birth_year": min(2018, head_year + rng.randint(18, 40)),
                                "sex": rng.choice("FM")})
        return members

    def needs(self, rng: random.Random) -> list[dict]:
        chosen = ["housing"] + rng.sample(AREAS[1:], rng.randint(2, 5))
        return [{"dimension": d, "level": "high" if d == "housing" else rng.choice(["none", "low", "medium", "high"]),
                 "resources": ("Rete familiare presente (esempio)." if rng.random() < 0.5
                               else "Nessuna risorsa indicata (esempio).")}
                for d in chosen]

    def objectives(self, rng: random.Random, closed: dt.date, reason: str) -> list[dict]:
        areas = ["housing"] + rng.sample(["work", "training", "education", "health", "social", "economic"], rng.randint(0, 3))
        done = reason in ("goals_achieved", "housing_autonomy")
        out = []
        for n, area in enumerate(areas, 1):
            description, result = OBJECTIVES[area]
            status = rng.choice(["achieved", "achieved", "partially_achieved"]) if done else rng.choice(
                ["partially_achieved", "not_achieved", "dropped", "achieved"])
            out.append({"id": f"O{n}", "area": area, "description": description, "expected_result": result,
                        "target_date": (closed - dt.timedelta(days=rng.randint(0, 60))).isoformat(), "status": status})
        return out

    def measures(self, rng, members, validated: dt.date, closed: dt.date) -> tuple[dict, list]:
        programme = self.programme
        measures: dict = {}
        payments: list = []
        housing_cap = programme.cap_on(programme.housing_cap, validated) or Decimal(0)
        work_cap = programme.cap_on(programme.work_cap, validated) or Decimal(0)
        if rng.random() < 0.75 and housing_cap:
            start = self.day(validated, 0, 20)
            end = min(dates.add_months(start, rng.randint(3, 12)) - dt.timedelta(days=1), closed)
            if end > start:
                rent = money(rng.choice([100, 150, 180, 200, 220, 250, 280, 300]))
                rent = min(rent, housing_cap)
                housing = [{"id": "H1", "kind": "rent_share", "monthly_amount": rent,
                            "start": start.isoformat(), "end": end.isoformat()}]
                room = housing_cap - rent
                if room >= 40 and rng.random() < 0.4:
                    utilities = money(min(room, rng.choice([40, 50, 60, 80])))
                    housing.append({"id": "H2", "kind": "utilities", "monthly_amount": utilities,
                                    "start": start.isoformat(), "end": end.isoformat()})
                measures["housing_support"] = housing
        adults = [m for m in members if m["birth_year"] <= validated.year - 18 and m["birth_year"] >= validated.year - 62]
        if adults and rng.random() < 0.45 and work_cap:
            start = self.day(validated, 10, 60)
            end = min(dates.add_months(start, rng.randint(3, 6)) - dt.timedelta(days=1), closed)
            if end > start:
                measures["work_support"] = [{
                    "id": "W1", "kind": "internship" if rng.random() < 0.85 else "other",
                    "member": rng.choice(adults)["key"],
                    "monthly_amount": min(money(rng.choice([300, 400, 450, 500, 600])), work_cap),
                    "start": start.isoformat(), "end": end.isoformat(),
                    "host_sector": rng.choice(SECTORS)}]
        measures["actions"] = [
            {"kind": rng.choice(["information", "orientation", "counselling", "training"]),
             "area": rng.choice(["housing", "work"]),
             "date": self.day(validated, -5, 90).isoformat() if self.day(validated, -5, 90) <= closed else validated.isoformat(),
             "notes": "Azione di accompagnamento (testo di esempio)."}
            for _ in range(rng.randint(1, 4))]
        for name in ("housing_support", "work_support"):
            for measure in measures.get(name, []):
                start, end = dates.parse(measure["start"]), dates.parse(measure["end"])
                for month in dates.months_between(start, end):
                    if month < dates.month_start(validated) or rng.random() < 0.04:
                        continue  # an occasional month not paid: planned and paid differ, as in life
                    payments.append({"month": month.strftime("%Y-%m"), "measure": measure["id"],
                                     "amount": measure["monthly_amount"]})
        payments.sort(key=lambda p: (p["month"], p["measure"]))
        return measures, payments

    def monitoring(self, rng, validated: dt.date, closed: dt.date, objectives: list[dict]) -> list[dict]:
        cadence = self.programme.limit("monitoring_cadence_days")
        meetings, current = [], validated
        while True:
            current = current + dt.timedelta(days=rng.randint(max(10, cadence // 3), max(11, cadence - 10)))
            if current >= closed:
                break
            meetings.append({"date": current.isoformat(), "notes": "Verifica dell'andamento (testo di esempio).",
                             "objectives": [{"objective": o["id"], "status": "in_progress"} for o in objectives]})
        last = dates.parse(meetings[-1]["date"]) if meetings else validated
        if (closed - last).days > cadence:
            last = closed - dt.timedelta(days=rng.randint(1, 10))
            meetings.append({"date": last.isoformat(), "notes": "Verifica finale (testo di esempio).",
                             "objectives": [{"objective": o["id"], "status": o["status"]} for o in objectives]})
        return meetings


def ctx_start(measures: dict) -> dt.date | None:
    starts = [dates.parse(m["start"]) for m in measures.get("housing_support", [])]
    return min(starts) if starts else None


def lot_sizes(households: int, lots: list[int]) -> dict[int, int]:
    """Spread households over lots; the last lot (Lot 4 in TO HOME) gets at least 64 when there are enough."""
    sizes = {lot: households // len(lots) for lot in lots}
    for lot in lots[: households % len(lots)]:
        sizes[lot] += 1
    return sizes


def generate(programme: Programme, households: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    lots = sorted(programme.lots)
    out = []
    for lot, count in lot_sizes(households, lots).items():
        for number in range(1, count + 1):
            out.append(_Household(random.Random(rng.getrandbits(64)), programme, lot, number).build())
    return out


def render(record: dict) -> str:
    return dump(record, HEADER)


def non_synthetic(folder: Path) -> list[Path]:
    """Files under `folder` that look like records but are not marked synthetic: synth must not touch
    a folder holding real (or unreadable) records, nor mix invented households in among them."""
    from tohome_tools.io.loader import load_path

    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):   # subfolders too, and any case (.YAML)
        if path.name.startswith(".") or not path.name.lower().endswith((".yaml", ".yml")) or not path.is_file():
            continue
        data = load_path(path).data
        if not (isinstance(data, dict) and data.get("synthetic") is True):
            found.append(path)
    return found


def write(records: list[dict], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for record in records:
        path = folder / f"{record['id']}.yaml"
        write_text(path, render(record))
        paths.append(path)
    return paths
