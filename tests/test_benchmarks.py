"""The benchmarks' own logic (never their timings: those are measured, not tested): the ratio check's
verdict, its committed baseline and the history file."""

from __future__ import annotations

import json
import sys

from helpers import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))   # the benchmarks are scripts, not a package
import ratio_check  # noqa: E402


def test_a_ratio_more_than_the_margin_worse_than_the_baseline_fails():
    baseline = {"b1": 0.50, "h": 0.10}
    verdicts = dict((key, ok) for key, _value, _base, ok in
                    ratio_check.verdicts({"b1": 0.62, "h": 0.126}, baseline, 0.25))
    assert verdicts == {"b1": True, "h": False}   # 24 % worse passes, 26 % worse fails
    assert all(ok for *_rest, ok in ratio_check.verdicts({"b1": 0.30, "h": 0.01}, baseline, 0.25))   # better passes


def test_the_committed_baseline_covers_every_step_on_about_2000_records():
    baseline = json.loads(ratio_check.BASELINE.read_text(encoding="utf-8"))
    assert set(baseline["ratios"]) == set(ratio_check.STEPS)
    assert 1500 <= baseline["records"] <= 2500
    assert baseline["floors"] == ratio_check.FLOORS   # each ratio was taken against the floor the check uses
    # whole-repository steps cost less than reading every record; one-record steps a few process starts
    assert all(0 < baseline["ratios"][key] < 1 for key, floor in ratio_check.FLOORS.items() if floor == "a")
    assert all(1 < baseline["ratios"][key] < 10 for key, floor in ratio_check.FLOORS.items() if floor == "a1")


def test_the_history_is_one_json_object_per_line_with_its_load():
    lines = (ROOT / "benchmarks" / "history.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines
    for line in lines:
        entry = json.loads(line)
        assert entry["kind"] in ("bench_validate", "ratio_check")
        assert entry["load"] and entry["ratios"] and entry["commit"]
