"""Each protection criterion of the release (devdocs/threat-model.md), on crafted releases where it is
the only thing that matters, and the one-release-at-a-time lock on a real project."""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import ROOT, copy_project, start_tohome

from tohome_tools.core import periods
from tohome_tools.release import audit as auditing
from tohome_tools.release import relations, suppression
from tohome_tools.release.model import AMOUNT, COUNT, SUPPRESSED, TOTAL, Cell, Dimension, Measure, Release, Table, Var
from tohome_tools.release.relations import within_release

# processes killed or run side by side, full releases, builds or Chromium: the full run only
pytestmark = pytest.mark.slow

CRIT = auditing.Criteria(threshold=5, distance=3, percent=20)


def one_way(name, population, dim, values: dict, hidden=(), kind=COUNT, measure="nuclei", attribute=None):
    d = Dimension(dim, dim, tuple((k, k) for k in values), "/x")
    m = Measure(measure, measure, "", kind, additive_in_time=population != "in_carico")
    table = Table(name, name, "", population, [d], [m], attribute=attribute)
    for k, v in values.items():
        table.rows[(k,)] = {measure: Cell(v, int(v) if kind == COUNT else 5)}
    total = sum(values.values())
    table.rows[(TOTAL,)] = {measure: Cell(total, int(total) if kind == COUNT else 5)}
    for k in hidden:
        table.rows[(k,)][measure].state = SUPPRESSED
    return table


def release_of(period: str, *tables) -> Release:
    p = periods.parse(period)
    return Release(p.code, p.start.isoformat(), p.end.isoformat(), p.kind, True, 5, list(tables))


def judge(*releases, extra=()):
    known, rels = {}, list(extra)
    for r in releases:
        known.update(auditing.facts(r))
        rels += within_release(r)
    sensitive = [g for r in releases for g in auditing.groups(r)]
    return auditing.audit(known, rels, CRIT, sensitive=sensitive)


def why(result, **where) -> str:
    wanted = tuple(sorted(where.items()))
    return next(i.why for i in result.intervals if i.var.filter == wanted)


# --- counts -----------------------------------------------------------------------------------------

def test_a_small_count_the_reader_can_tell_from_zero_is_refused():
    # 2 households in charge in lot 2 (hidden), 1 of them closed and published: in charge >= closed >= 1
    in_charge = one_way("nuclei_per_lotto", "in_carico", "lotto", {"1": 40, "2": 2, "3": 6, "4": 30},
                        hidden=("2", "3", "4"))
    closed = one_way("chiusi_per_lotto", "chiusi", "lotto", {"1": 0, "2": 1, "3": 0, "4": 0})
    closed.rows[(TOTAL,)]["nuclei"].state = SUPPRESSED
    closed.rows[("2",)]["nuclei"].state = SUPPRESSED
    result = judge(release_of("2020", in_charge, closed))
    assert why(result, lotto="2") == ""                  # the closure is hidden too: 0 stays possible
    closed.rows[("2",)]["nuclei"].state = "pubblicato"     # (a 1 is never published; here to force it)
    result = judge(release_of("2020", in_charge, closed))
    assert why(result, lotto="2") == auditing.NEAR_ZERO


def verdicts(result) -> set:
    return {(i.var, i.why) for i in result.intervals}


def test_hidden_cells_get_the_same_verdict_whatever_their_split():
    # The outside attacker's finding: with a test on the true value, a pair summing to 10 that passed
    # could only be 4 to 6 each. The verdict must be the same for every split the reader cannot exclude.
    seen = set()
    for a in range(0, 13):
        for b in range(0, 13 - a):
            table = one_way("nuclei_per_lotto", "in_carico", "lotto",
                            {"1": 40, "2": a, "3": b, "4": 12 - a - b, "5": 20}, hidden=("2", "3", "4"))
            result = judge(release_of("2020", table))
            seen.add(frozenset(verdicts(result)))
            assert result.ok, (a, b, result.failures)
    assert len(seen) == 1
    pairs = {frozenset(verdicts(judge(release_of("2020", one_way(
        "nuclei_per_lotto", "in_carico", "lotto", {"1": 40, "2": a, "3": 12 - a, "4": 20}, hidden=("2", "3"))))))
        for a in range(0, 13)}
    assert len(pairs) == 1   # a pair alone fails (one of the two must be small), whatever the split


def test_an_amount_pair_gets_the_same_verdict_whatever_its_split():
    seen = set()
    for a in (Decimal("0"), Decimal("1630"), Decimal("13890"), Decimal("26150"), Decimal("27780")):
        table = one_way("importi", "spesa", "lotto", {"1": a, "2": Decimal("27780") - a, "3": Decimal("40000")},
                        hidden=("1", "2"), kind=AMOUNT, measure="importo_pagato")
        seen.add(frozenset(verdicts(judge(release_of("2020", table)))))
    assert len(seen) == 1


def test_a_count_in_a_narrow_range_is_refused_and_protect_widens():
    # 3 + 9 + 10 hidden beside a published total, closures published in lots 3 (8) and 5 (9):
    # lot 3 is 8 to 12, lot 5 is 9 to 13, lot 2 at most 5
    values = {"1": 40, "2": 3, "3": 9, "4": 20, "5": 10}
    closures = {"1": 10, "2": 0, "3": 8, "4": 12, "5": 9}
    in_charge = one_way("nuclei_per_lotto", "in_carico", "lotto", values, hidden=("2", "3", "5"))
    closed = one_way("chiusi_per_lotto", "chiusi", "lotto", closures)
    result = judge(release_of("2020", in_charge, closed))
    assert why(result, lotto="3") == auditing.TOO_NARROW
    assert why(result, lotto="5") == auditing.TOO_NARROW
    fresh = release_of("2020", one_way("nuclei_per_lotto", "in_carico", "lotto", values),
                       one_way("chiusi_per_lotto", "chiusi", "lotto", closures))
    outcome = suppression.protect(fresh, CRIT)
    assert outcome.audit.ok and len(outcome.hidden) >= 3
    assert Var("2020", "in_carico", "nuclei", (("lotto", "2"),)) in outcome.hidden


def test_hidden_counts_forced_below_the_threshold_are_refused_when_the_reader_guesses_non_zero():
    # 1 + 2 + 1 hidden beside a published total: with the guess each is 1 or 2
    table = one_way("nuclei_per_lotto", "in_carico", "lotto", {"1": 40, "2": 1, "3": 2, "4": 1, "5": 30},
                    hidden=("2", "3", "4"))
    result = judge(release_of("2020", table))
    assert why(result, lotto="2") == auditing.BELOW_THRESHOLD


# --- amounts ----------------------------------------------------------------------------------------

def test_an_amount_range_within_p_percent_is_refused_and_a_wide_one_is_not():
    # no estimate is within 20% of both 20,000 and 27,000; one is within 20% of 18,460 and 27,780
    assert auditing.judge(AMOUNT, 0, 20000, 27000, CRIT) == auditing.TOO_NARROW
    assert auditing.judge(AMOUNT, 0, 18460, 27780, CRIT) == ""
    assert auditing.judge(AMOUNT, 0, 0, 27780, CRIT) == ""
    assert auditing.judge(AMOUNT, 0, 27780, 27780, CRIT) == auditing.EXACT


def test_the_count_tests_look_at_ranges_only():
    assert auditing.judge(COUNT, 0, 1, 6, CRIT) == ""                        # 0..6: could be 0, could be 5
    assert auditing.judge(COUNT, 0, 1, 5, CRIT) == auditing.TOO_NARROW       # 5 wide, 2h = 6
    assert auditing.judge(COUNT, 0, 1, 4, CRIT) == auditing.BELOW_THRESHOLD
    assert auditing.judge(COUNT, 2, 2, 30, CRIT) == auditing.NEAR_ZERO       # proven present, maybe 2
    assert auditing.judge(COUNT, 5, 5, 11, CRIT) == ""                       # 5..11: nobody small
    assert auditing.judge(COUNT, 5, 5, 10, CRIT) == auditing.TOO_NARROW
    assert auditing.judge(COUNT, 7, 7, 7, CRIT) == auditing.EXACT


def test_every_household_at_the_cap_discloses_each_share():
    cell = Cell(Decimal("13500"), 5, shares=(Decimal("2700"),) * 5, bound=Decimal("2700"))
    assert suppression.individually_disclosed(cell, 20)
    # the same total spread below a larger cap (a whole year) is safe
    assert not suppression.individually_disclosed(
        Cell(Decimal("13500"), 5, shares=(Decimal("2700"),) * 5, bound=Decimal("3600")), 20)
    # one household at the cap of the period: its share is known from above
    assert suppression.individually_disclosed(
        Cell(Decimal("5400"), 5, shares=(Decimal("3600"),) + (Decimal("450"),) * 4, bound=Decimal("3600")), 20)


def test_one_dominating_internship_is_disclosed_against_the_cap():
    # 7,200 (600 x 12) beside five households of 20: the rest is far under 20% of the largest
    shares = (Decimal("7200"),) + (Decimal("20"),) * 5
    assert suppression.individually_disclosed(Cell(sum(shares), 6, shares=shares, bound=Decimal("7200")), 20)
    # one household alone is always disclosed
    assert suppression.individually_disclosed(Cell(Decimal("300"), 1, shares=(Decimal("300"),)), 20)


# --- groups -----------------------------------------------------------------------------------------

def closure_table(rows: dict[str, dict[str, int]]) -> Table:
    levels = list(rows)
    reasons = list(next(iter(rows.values())))
    dims = [Dimension("livello", "Livello", tuple((k, k) for k in levels), "/l"),
            Dimension("motivo", "Motivo", tuple((k, k) for k in reasons), "/r")]
    m = Measure("nuclei", "Nuclei", "", COUNT, additive_in_time=True)
    table = Table("chiusure_per_motivo_e_livello", "t", "", "chiusi", dims, [m], attribute="motivo")
    for lv in levels + [TOTAL]:
        for rs in reasons + [TOTAL]:
            value = sum(rows[a][b] for a in (levels if lv == TOTAL else [lv]) for b in (reasons if rs == TOTAL
                                                                                         else [rs]))
            table.rows[(lv, rs)] = {"nuclei": Cell(value, value)}
    return table


def test_a_group_all_in_one_category_is_refused_even_with_that_cell_hidden():
    rows = {"primary": {"a": 10, "b": 8, "c": 7}, "secondary": {"a": 6, "b": 9, "c": 5},
            "tertiary": {"a": 0, "b": 12, "c": 0}}
    table = closure_table(rows)
    for key in (("tertiary", "b"), ("tertiary", TOTAL), ("primary", "b"), ("primary", TOTAL)):
        table.rows[key]["nuclei"].state = SUPPRESSED
    result = judge(release_of("2020", table))
    assert any(i.why == auditing.GROUP and dict(i.var.filter) == {"livello": "tertiary", "motivo": "b"}
               for i in result.failures)
    # protect hides zeros of the group, and the reader can no longer prove it
    fresh = closure_table(rows)
    release = release_of("2020", fresh)
    outcome = suppression.protect(release, CRIT, sensitive=auditing.groups(release))
    assert outcome.audit.ok
    hidden = {k for k, row in fresh.rows.items() if row["nuclei"].state == SUPPRESSED}
    assert ("tertiary", "a") in hidden or ("tertiary", "c") in hidden


# --- across periods ---------------------------------------------------------------------------------

def test_stock_and_flow_pin_a_hidden_count_of_the_next_period():
    public = relations.Public(periods.parse("2019").start, periods.parse("2020").end, {})
    first = release_of("2019", one_way("nuclei_per_lotto", "in_carico", "lotto", {"1": 40, "2": 30, "3": 60}),
                       one_way("chiusi_per_lotto", "chiusi", "lotto", {"1": 3, "2": 25, "3": 11}))
    second = release_of("2020", one_way("nuclei_per_lotto", "in_carico", "lotto", {"1": 38, "2": 7, "3": 50},
                                        hidden=("1", "2", "3")),
                        one_way("chiusi_per_lotto", "chiusi", "lotto", {"1": 0, "2": 0, "3": 15}))
    plain = judge(first, second)
    linked = judge(first, second, extra=relations.stock_and_flow([first, second], public))
    lot1 = [i for i in linked.intervals if i.var == Var("2020", "in_carico", "nuclei", (("lotto", "1"),))][0]
    assert [i for i in plain.intervals if i.var == lot1.var][0].protected
    # in charge 2020 >= in charge 2019 - closed 2019: lot 1 >= 37, lot 2 >= 5, lot 3 >= 49, so lot 1 <= 41
    assert (round(lot1.low), round(lot1.high)) == (37, 41) and lot1.why == auditing.TOO_NARROW


def test_long_closures_were_open_at_the_end_of_the_year_before():
    public = relations.Public(periods.parse("2019").start, periods.parse("2020").end, {})
    first = release_of("2019", one_way("nuclei", "in_carico", "lotto", {"1": 40}),
                       one_way("chiusi", "chiusi", "lotto", {"1": 34}))
    bands = one_way("durata_per_fascia", "chiusi", "fascia_durata", {"0-6": 20, "6-12": 12, "12-18": 4, "18+": 2},
                    hidden=("12-18", "18+", "6-12"))
    rels = relations.stock_and_flow([first, release_of("2020", bands)], public)
    # closed in 2020 after more than 12 months were among the 40 - 34 = 6 still open at the end of 2019,
    # so 6-12 is 12 to 16
    assert any({v.filter for v, _ in r.terms} >= {(("fascia_durata", "12-18"),), (("fascia_durata", "18+"),)}
               and (("fascia_durata", "6-12"),) not in {v.filter for v, _ in r.terms} for r in rels)
    result = judge(first, release_of("2020", bands), extra=rels)
    assert not result.ok


# --- one release at a time (a real project, real processes) ------------------------------------------

@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project", "config", "schemas", "records")


def test_a_release_waits_for_the_one_in_progress(project):
    folder = project / "release"
    folder.mkdir()
    fd = os.open(folder, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    run = start_tohome("release", "--period", "2019", cwd=project)
    # it says it waits (however long validation took on a busy machine), and it does wait
    first = run.stderr.readline()
    assert "aspetto che finisca un'altra pubblicazione" in first, first
    time.sleep(1)
    assert run.poll() is None, "the release must wait for the lock"
    assert not (folder / "2019").exists()
    os.close(fd)
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    assert (folder / "2019" / "datapackage.json").is_file()


def test_two_overlapping_releases_started_together_cannot_both_land(project):
    runs = [start_tohome("release", "--period", p, cwd=project) for p in ("2019", "2019-H1")]
    results = [(r.wait(timeout=300), r.stderr.read()) for r in runs]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 1], results
    written = sorted(p.name for p in (project / "release").iterdir() if p.is_dir())
    assert len(written) == 1 and written[0] in ("2019", "2019-H1")
    assert any("si sovrappone" in err for _, err in results)


def test_published_values_that_contradict_each_other_stop_the_release_cleanly(project):
    import json

    first = start_tohome("release", "--period", "2019", cwd=project)
    assert first.wait(timeout=300) == 0, first.stderr.read()
    path = project / "release" / "2019" / "nuclei_per_lotto.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    row = next(r for r in data["righe"] if r["lotto"] == "1" and r["nuclei_stato"] == "pubblicato")
    row["nuclei"] += 1000   # a hand edit: the lots no longer add up to the total
    path.write_text(json.dumps(data), encoding="utf-8")
    run = start_tohome("release", "--period", "2020", cwd=project)
    out, err = run.communicate(timeout=300)
    assert run.returncode == 1, (out, err)
    assert "si contraddicono" in err and "Nessun file è stato scritto" in err and "Traceback" not in err
    assert not (project / "release" / "2020").exists()


def test_a_period_is_not_reissued_on_top_of_a_version_that_fails_the_tests(project, workspace):
    """An earlier version that published a small count cannot be repaired by re-issuing: what it
    published stays public, so the new version is refused and nothing is written."""
    import json

    from attacker import truth

    from tohome_tools.io import loader

    shutil.copytree(ROOT / "release", project / "release")
    records = [loader.load_path(p).data for p in sorted((ROOT / "records").glob("*.yaml"))]
    true, _ = truth.compute_all(records, workspace.programme, ["2019"])
    small = None
    for path in sorted((project / "release" / "2019").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "righe" not in data or "nuclei" not in {m["nome"] for m in data["misure"]}:
            continue
        dims = [d["nome"] for d in data["dimensioni"]]
        for row in data["righe"]:
            where = tuple(sorted((d, row[d]) for d in dims if row[d] != "totale"))
            value = true.get(truth.V("2019", data["popolazione"], "nuclei", where), 0)
            if row["nuclei_stato"] == "soppresso" and 0 < value < 5:
                row["nuclei"], row["nuclei_stato"], small = int(value), "pubblicato", path
                break
        if small:
            path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            break
    assert small is not None, "the shipped 2019 release hides no small count"
    before = {p: p.read_bytes() for p in (project / "release").rglob("*") if p.is_file()}
    run = start_tohome("release", "--period", "2019", cwd=project)
    out, err = run.communicate(timeout=300)
    assert run.returncode == 1, (out, err)
    assert "rifiuto di pubblicare il periodo 2019" in err and "Traceback" not in err
    assert before == {p: p.read_bytes() for p in (project / "release").rglob("*") if p.is_file()}


def test_the_choice_of_cells_to_hide_does_not_depend_on_their_values():
    """An outside attacker (November 2026) used the old order (the smallest neighbour first): a hidden
    cell chosen over a published one was known to be smaller, and not zero. Now the same primary
    cell gets the same companions whatever the other values are."""
    patterns = set()
    for others in ((40, 20, 30, 50), (20, 40, 50, 30), (50, 30, 20, 40), (30, 50, 40, 20)):
        values = {"1": others[0], "2": 3, "3": others[1], "4": others[2], "5": others[3]}
        table = one_way("nuclei_per_lotto", "in_carico", "lotto", values)
        outcome = suppression.protect(release_of("2020", table), CRIT, key=b"the records' digest")
        assert outcome.audit.ok
        patterns.add(frozenset(k for k, row in table.rows.items() if row["nuclei"].state == SUPPRESSED))
    assert len(patterns) == 1, patterns


def test_a_duration_band_nobody_can_reach_yet_is_known_zero_and_never_hidden():
    # the window opens on 1 April 2018: nobody closed in 2018 lasted 12 months or more
    public = relations.Public(periods.parse("2018").start.replace(month=4), periods.parse("2020").end, {})
    bands = one_way("durata_per_fascia", "chiusi", "fascia_durata", {"0-6": 3, "6-12": 6, "12-18": 0, "18+": 0})
    release = release_of("2018", bands)
    known = relations.knowledge(release, public)
    zero = relations.forced_zero(known)
    assert {dict(v.filter)["fascia_durata"] for v in zero} == {"12-18", "18+"}
    assert suppression.protect(release, CRIT, extra=known).audit.ok
    hidden = {k[0] for k, row in bands.rows.items() if row["nuclei"].state == SUPPRESSED}
    assert not hidden & {"12-18", "18+"} and "0-6" in hidden
