"""The independent attacker against the shipped release and against generated scenarios.

Each scenario builds releases with the release core, one period after another as `tohome release`
does (each new period audited against the ones already written), writes them to a temporary
release/ folder, and lets the attacker read only those files and the public configuration. Every
scenario either publishes nothing the attacker can break, or is refused.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import ROOT

from attacker import attack, truth
from tohome_tools.casework import synth
from tohome_tools.core import periods
from tohome_tools.io import loader
from tohome_tools.programme.schema import load as load_schema
from tohome_tools.release import build, reader, writer

# processes killed or run side by side, full releases, builds or Chromium: the full run only
pytestmark = pytest.mark.slow

CONFIG = ROOT / "config" / "programme.yaml"
SCHEMA = load_schema(ROOT / "schemas" / "household.schema.json")


def published_periods(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if (p / "datapackage.json").is_file())


def publish(records, programme, root: Path, sequence: list[str]) -> dict[str, build.Made]:
    """Release each period in turn; write those the core accepts. Returns every attempt."""
    root.mkdir(parents=True, exist_ok=True)
    made = {}
    for code in sequence:
        committed = reader.read_all(root, skip=code)
        result = build.make(records, programme, SCHEMA, periods.parse(code), committed)
        made[code] = result
        if result.ok:
            writer.write(root, result.release, "CC-BY-4.0", programme.name, programme.keywords)
    return made


def disclosures(records, programme, root: Path) -> list[attack.Disclosure]:
    true, shares = truth.compute_all(records, programme, published_periods(root))
    return attack.attack(root, CONFIG, true, shares)


def show(found) -> list[str]:
    return [str(f) for f in found]


# --- the shipped release --------------------------------------------------------------------------

def test_the_shipped_release_withstands_the_attacker(workspace):
    records = [loader.load_path(p).data for p in sorted((ROOT / "records").glob("*.yaml"))]
    assert published_periods(ROOT / "release") == ["2018", "2019", "2020"]
    found = disclosures(records, workspace.programme, ROOT / "release")
    assert found == [], show(found)


def test_the_attacker_breaks_an_unprotected_release(workspace, tmp_path):
    """The attacker is not blind: the same tables with the small cells merely blanked are broken."""
    import json

    records = [loader.load_path(p).data for p in sorted((ROOT / "records").glob("*.yaml"))]
    root = tmp_path / "release"
    publish(records, workspace.programme, root, ["2019"])
    # un-hide nothing, but publish a hidden total's zeros: re-open every hidden count whose truth is 0
    true, _ = truth.compute_all(records, workspace.programme, ["2019"])
    folder = root / "2019"
    changed = 0
    for path in folder.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "righe" not in data:
            continue
        dims = [d["nome"] for d in data["dimensioni"]]
        for row in data["righe"]:
            for m in data["misure"]:
                if m["tipo"] == "conteggio" and row[f"{m['nome']}_stato"] == "soppresso":
                    where = tuple(sorted((d, row[d]) for d in dims if row[d] != "totale"))
                    value = true.get(attack.V("2019", data["popolazione"], m["nome"], where), 0.0)
                    if value >= 5:   # publish the large hidden counts: the small ones fall out by difference
                        row[m["nome"]], row[f"{m['nome']}_stato"] = int(value), "pubblicato"
                        changed += 1
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert changed
    assert disclosures(records, workspace.programme, root), "the attacker must find the small cells"


# --- generated scenarios --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def households(workspace) -> list[dict]:
    return synth.generate(workspace.programme, 150, 11)


def _day(text):
    return dt.date.fromisoformat(text) if isinstance(text, str) and len(text) == 10 else None


def closed_in(record, year: int) -> bool:
    day = _day((record.get("closure") or {}).get("closed_on"))
    return day is not None and day.year == year


def in_charge(record, year: int) -> bool:
    first = min(_day(i["date"]) for i in record["intake"]["interviews"])
    closed = _day((record.get("closure") or {}).get("closed_on"))
    return first.year <= year and (closed is None or closed.year >= year)


def check(records, programme, tmp_path, sequence):
    root = tmp_path / "release"
    made = publish(records, programme, root, sequence)
    found = disclosures(records, programme, root) if published_periods(root) else []
    assert found == [], show(found)
    return made, root


@pytest.mark.parametrize("sequence", [
    ["2019", "2019-H1", "2019-H2"],
    ["2019-H1", "2019-H2", "2019"],
    ["2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4", "2020"],
    ["2020", "2020-Q4"],
    ["2019-H2", "2020-H1", "2020-H2"],
])
def test_sub_periods_beside_their_year(households, workspace, tmp_path, sequence):
    made, root = check(households, workspace.programme, tmp_path, sequence)
    # a period overlapping one already written is refused, whatever the order
    written = published_periods(root)
    for a in written:
        for b in written:
            pa, pb = periods.parse(a), periods.parse(b)
            assert a == b or pa.end < pb.start or pb.end < pa.start, (a, b)
    refused = [code for code, m in made.items() if m.overlapping]
    assert len(written) + len(refused) == len(sequence)


def test_a_lot_with_exactly_k_households(households, workspace, tmp_path):
    k = workspace.programme.threshold
    lot4 = [r for r in households if r["lot"] == 4 and in_charge(r, 2019)]
    keep = {r["id"] for r in lot4[:k]}
    records = [r for r in households if r["lot"] != 4 or (r["id"] in keep)]
    assert sum(1 for r in records if r["lot"] == 4 and in_charge(r, 2019)) == k
    check(records, workspace.programme, tmp_path, ["2019", "2020"])


def _housing_at_cap(record, start: str, end: str) -> None:
    record["measures"] = dict(record.get("measures") or {})
    record["measures"]["housing_support"] = [{"id": "H1", "kind": "rent_share", "monthly_amount": Decimal("300.00"),
                                              "start": start, "end": end}]
    record["payments"] = [{"measure": "H1", "month": f"2019-{m:02d}", "amount": Decimal("300.00"),
                           "paid_on": f"2019-{m:02d}-28"} for m in range(1, 10)]


def test_every_household_of_a_cell_at_the_cap(households, workspace, tmp_path):
    records = copy.deepcopy(households)
    lot1 = [r for r in records if r["lot"] == 1 and in_charge(r, 2019)]
    for r in records:
        if r["lot"] == 1:
            r["measures"] = {k: v for k, v in (r.get("measures") or {}).items() if k != "housing_support"}
            r["payments"] = [p for p in r.get("payments") or [] if not str(p.get("measure", "")).startswith("H")]
    for r in lot1[:5]:
        _housing_at_cap(r, "2019-01-01", "2019-09-30")
    true, shares = truth.compute(records, workspace.programme, "2019")
    cell = attack.V("2019", "spesa", "importo_previsto", (("lotto", "1"), ("misura", "rent_share")))
    assert true[cell] == 5 * 300 * 9 and shares[cell] == [2700.0] * 5
    check(records, workspace.programme, tmp_path, ["2019"])


def test_one_dominating_payment(households, workspace, tmp_path):
    records = copy.deepcopy(households)
    lot2 = [r for r in records if r["lot"] == 2 and in_charge(r, 2019)]
    for r in records:
        if r["lot"] == 2:
            r["measures"] = {k: v for k, v in (r.get("measures") or {}).items() if k != "work_support"}
            r["payments"] = [p for p in r.get("payments") or [] if not str(p.get("measure", "")).startswith("W")]
    for i, r in enumerate(lot2[:6]):
        member = r["household"]["members"][0]["key"]
        amount = Decimal("600.00") if i == 0 else Decimal("20.00")
        end = "2019-12-31" if i == 0 else "2019-01-31"
        r["measures"]["work_support"] = [{"id": "W1", "kind": "internship", "member": member,
                                          "monthly_amount": amount, "start": "2019-01-01", "end": end}]
    check(records, workspace.programme, tmp_path, ["2019"])


def test_a_whole_prevention_level_closed_for_one_reason(households, workspace, tmp_path):
    records = copy.deepcopy(households)
    tertiary = [r for r in records if r["prevention"]["level"] == "tertiary" and closed_in(r, 2019)]
    assert len(tertiary) >= 5
    for r in tertiary:
        r["closure"]["reason"] = "housing_autonomy"
        r["closure"]["housing_at_exit"] = "private_rental"
    made, root = check(records, workspace.programme, tmp_path, ["2019", "2020"])
    assert made["2019"].ok


def test_a_year_with_very_few_closures(households, workspace, tmp_path):
    records = copy.deepcopy(households)
    closing = [r for r in records if closed_in(r, 2019)]
    for r in closing[3:]:
        r["closure"]["closed_on"] = "2020-" + r["closure"]["closed_on"][5:]
    assert sum(closed_in(r, 2019) for r in records) == 3
    made, root = check(records, workspace.programme, tmp_path, ["2019", "2020"])
    # three closures: no count of closed projects of 2019 is published, beyond a possible zero
    for name in ("chiusure_per_motivo_e_livello", "esito_abitativo_per_livello", "durata_per_fascia",
                 "durata_media_per_lotto"):
        table = next((t for t in made["2019"].release.tables if t.name == name), None)
        if table is None:
            assert name in made["2019"].withheld
            continue
        shown = [row["nuclei"].value for row in table.rows.values() if row["nuclei"].state == "pubblicato"]
        assert all(v == 0 for v in shown), (name, shown)
