"""Property-based tests (hypothesis): generated records and mutations of valid ones.

Valid records come from `tohome_tools.casework.synth` (any seed) and the examples in tests/examples/valid/.
Properties:
- a valid record stays valid, and equal, after a save (`yamlwrite.dump`) and reload (the loader);
- whatever is done to a valid record (keys deleted, types changed, weird unicode inserted, dates
  swapped or written the Italian way, random bytes spliced into its text, the text cut short), the
  loader and the validator never raise, and every finding names its file and, where the input has a
  position, a line >= 1; a valid file beside the damaged one is still checked and stays clean.

Examples are derandomized (the same on every run, in CI too) and kept few so the file runs in seconds.
"""

from __future__ import annotations

import copy
import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path

import helpers
import yaml
from helpers import ROOT, said
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tohome_tools.casework import synth
from tohome_tools.core.findings import Severity
from tohome_tools.io import loader, yamlwrite
from tohome_tools.records.rules import collection_rules
from tohome_tools.records.validate import check_file, validate
from tohome_tools.records.workspace import open_workspace

WORKSPACE = open_workspace(str(ROOT))
SETTINGS = WORKSPACE.settings
EXAMPLES = sorted((helpers.EXAMPLES / "valid").glob("*/*.yaml"))
UNLOCATED = {"not-a-file", "file-unreadable", "file-too-large"}
COLLECTION = {rule.code for rule in collection_rules()}

FAST = settings(max_examples=40, derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Characters the YAML reader accepts (its "printable" set); the loader can give back no others.
YAML_TEXT = st.characters(codec="utf-8", blacklist_categories=("Cs",)).filter(
    lambda c: not yaml.reader.Reader.NON_PRINTABLE.match(c))


def _example(path: Path) -> dict:
    loaded = loader.load_path(path)
    assert loaded.ok, path
    return loaded.data


def synthetic(seed: int, index: int) -> dict:
    return synth.generate(WORKSPACE.programme, 8, seed)[index]


valid_records = st.one_of(
    st.builds(synthetic, st.integers(0, 2**32), st.integers(0, 7)),
    st.sampled_from(EXAMPLES).map(_example),
)


def paths_of(data, prefix: tuple = ()) -> list[tuple]:
    """Every path (as a tuple of keys and indexes) to a value inside `data`, the root excluded."""
    out = []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        out.append(prefix + (key,))
        out.extend(paths_of(value, prefix + (key,)))
    return out


def get(data, path: tuple):
    for key in path:
        data = data[key]
    return data


def put(data, path: tuple, value) -> None:
    get(data, path[:-1])[path[-1]] = value


def is_date(value) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def free_text_paths(record: dict) -> list[tuple]:
    return [p for p in paths_of(record) if p[-1] in ("notes", "description", "expected_result", "resources")
            and isinstance(get(record, p), str)]


def check_in_folder(text: bytes, name: str, sibling: dict | None = None):
    """Write the text (and a valid sibling record) into a fresh folder and validate it all."""
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        path = folder / name
        path.write_bytes(text)
        single, _summary = check_file(path, SETTINGS)
        if sibling is not None:
            (folder / f"{sibling['id']}.yaml").write_text(yamlwrite.dump(sibling), encoding="utf-8")
        report = validate([folder], SETTINGS, jobs=1)
        return str(path), single, report


def assert_findings_are_located(findings, file: str, text: bytes) -> None:
    for finding in findings:
        assert finding.file, finding
        assert finding.code != "internal-error", finding
        assert said(finding), finding
        if finding.file != file:
            continue
        if finding.code in UNLOCATED or (finding.code in COLLECTION and not finding.pointer):
            assert finding.line == 0, finding
        else:
            assert 1 <= finding.line <= max(1, text.count(b"\n") + text.count(b"\r") + 1), finding
            assert finding.column >= 1, finding


# --- a valid record stays valid (and equal) after save and reload -------------------------------

@FAST
@given(valid_records)
def test_valid_record_round_trips_and_stays_valid(record):
    text = yamlwrite.dump(record, synth.HEADER)
    assert loader.load_text(text).data == record
    file, findings, _ = check_in_folder(text.encode(), f"{record['id']}.yaml")
    assert [f for f in findings if f.severity is Severity.ERROR] == [], findings


@FAST
@given(valid_records, st.data())
def test_free_text_of_any_printable_characters_round_trips(record, data):
    record = copy.deepcopy(record)
    targets = free_text_paths(record)
    if not targets:
        return
    path = data.draw(st.sampled_from(targets))
    value = data.draw(st.text(YAML_TEXT, min_size=1, max_size=60))
    put(record, path, value)
    text = yamlwrite.dump(record)
    reloaded = loader.load_text(text)
    assert reloaded.problems == [], (value, reloaded.problems)
    assert reloaded.data == record


def test_text_with_a_control_character_round_trips():
    record = {"notes": "prima\x7fdopo", "other": "\x9f\ufffe"}
    assert loader.load_text(yamlwrite.dump(record)).data == record


# --- mutations of valid records: never a crash, always located findings ---------------------------

WEIRD = st.sampled_from(["", " ", "\u202e", "\u200b", "🏠", "e\u0301", "\u2028", "\t", "\\", '"', "'", "#",
                         ": ", "- ", "&a", "*a", "!!python/none", "<<", "---", "...", "%YAML", "~", "null",
                         "NaN", ".nan", ".inf", "1e999", "0x1F", "2020-02-30", "25/11/2020", "250,00",
                         "€ 250", "TH-4-0001", "M1", "Ω" * 500, "x" * 5000])
OTHER_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20), WEIRD, st.text(YAML_TEXT, max_size=20),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-10**6, max_value=10**6),
    st.just([]), st.just({}), st.lists(st.integers(), max_size=3),
    st.dictionaries(st.sampled_from(["id", "date", "x", "M1"]), st.integers(), max_size=2),
)


def _mutate_data(record: dict, data) -> dict:
    record = copy.deepcopy(record)
    kind = data.draw(st.sampled_from(["delete", "retype", "weird", "swap-dates", "italian-date", "rename-key"]))
    paths = paths_of(record)
    if kind == "delete":
        path = data.draw(st.sampled_from(paths))
        parent = get(record, path[:-1])
        del parent[path[-1]]
    elif kind in ("retype", "weird"):
        path = data.draw(st.sampled_from(paths))
        put(record, path, data.draw(OTHER_VALUES if kind == "retype" else WEIRD))
    elif kind in ("swap-dates", "italian-date"):
        dates = [p for p in paths if is_date(get(record, p))]
        if len(dates) >= 2:
            first, second = data.draw(st.permutations(dates))[:2]
            a, b = get(record, first), get(record, second)
            if kind == "swap-dates":
                put(record, first, b)
                put(record, second, a)
            else:
                put(record, first, dt.date.fromisoformat(a).strftime("%d/%m/%Y"))
    else:
        keyed = [p for p in paths if isinstance(p[-1], str)]
        path = data.draw(st.sampled_from(keyed))
        parent = get(record, path[:-1])
        new = data.draw(st.sampled_from(["Id", "lotto", "note", "<<", "x" * 300, "", "id ", "ï»¿id"]))
        parent.setdefault(new, parent.pop(path[-1]))
    return record


def _judged_beside_a_sibling(record_id: str, text: bytes) -> None:
    """The mutated file, checked alone and beside a valid sibling: every finding located, and none of
    its own on the sibling (a rule across records may name both)."""
    sibling = synthetic(7, 0)
    name = f"{record_id}.yaml" if record_id != sibling["id"] else "TH-9-0001.yaml"
    file, single, report = check_in_folder(text, name, sibling)
    assert_findings_are_located(single, file, text)
    assert_findings_are_located(report.findings, file, text)
    sibling_file = str(Path(file).parent / f"{sibling['id']}.yaml")
    assert [f for f in report.findings if f.file == sibling_file and f.code not in COLLECTION] == []


@FAST
@given(valid_records, st.data())
def test_data_mutations_never_crash_and_findings_are_located(record, data):
    text = yamlwrite.dump(_mutate_data(record, data)).encode("utf-8")
    _judged_beside_a_sibling(record["id"], text)


def _mutate_text(text: bytes, data) -> bytes:
    kind = data.draw(st.sampled_from(["splice", "truncate", "drop-line", "repeat-line", "tab", "replace-byte"]))
    at = data.draw(st.integers(0, len(text)))
    if kind == "splice":
        return text[:at] + data.draw(st.binary(min_size=1, max_size=12)) + text[at:]
    if kind == "truncate":
        return text[:at]
    lines = text.split(b"\n")
    line = data.draw(st.integers(0, len(lines) - 1))
    if kind == "drop-line":
        del lines[line]
    elif kind == "repeat-line":
        lines.insert(line, lines[line])
    elif kind == "tab":
        lines[line] = b"\t" + lines[line].lstrip(b" ")
    else:
        if not text:
            return text
        at = min(at, len(text) - 1)
        return text[:at] + bytes([data.draw(st.integers(0, 255))]) + text[at + 1:]
    return b"\n".join(lines)


@FAST
@given(valid_records, st.data())
def test_text_mutations_never_crash_and_findings_are_located(record, data):
    text = _mutate_text(yamlwrite.dump(record, synth.HEADER).encode("utf-8"), data)
    loaded = loader.load_bytes(text)  # never raises
    for problem in loaded.problems:
        assert problem.line >= 1 and problem.column >= 1, problem
    _judged_beside_a_sibling(record["id"], text)


@FAST
@given(st.binary(max_size=300))
def test_random_bytes_never_crash_the_loader(raw):
    loaded = loader.load_bytes(raw)
    assert loaded.problems or isinstance(loaded.data, dict)
    for problem in loaded.problems:
        assert problem.line >= 1 and problem.column >= 1, problem


@FAST
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(YAML_TEXT, max_size=8)
                    | st.decimals(allow_nan=False, allow_infinity=False, places=2),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(YAML_TEXT, max_size=5), inner,
                                                                                  max_size=3),
                    max_leaves=12))
def test_any_record_shaped_data_is_judged_without_raising(value):
    """Arbitrary data under a record's keys: the schema check and the rules never raise."""
    record = copy.deepcopy(_example(EXAMPLES[0]))
    record["household"] = {"members": value} if isinstance(value, list) else value
    record["payments"] = value
    text = yamlwrite.dump(record).encode("utf-8")
    file, single, _ = check_in_folder(text, f"{record['id']}.yaml")
    assert_findings_are_located(single, file, text)


def test_decimal_amounts_survive_the_round_trip_exactly():
    record = {"a": Decimal("250.50"), "b": Decimal("0.10"), "c": Decimal("100000")}
    assert loader.load_text(yamlwrite.dump(record)).data == record
