"""The strict loader: YAML 1.2 meanings, refusals with positions, and the public yaml-test-suite."""

from __future__ import annotations

from decimal import Decimal

import pytest
from helpers import ROOT

from tohome_tools.io.loader import MAX_BYTES, load_bytes, load_path, load_text

SUITE = ROOT.parent / "shared" / "yaml-test-suite"
SUITE_CASES = sorted(SUITE.glob("*/in.yaml")) if SUITE.is_dir() else []


def codes(loaded) -> list[tuple[str, int, int]]:
    return [(p.code, p.line, p.column) for p in loaded.problems]


@pytest.mark.parametrize("text, value", [
    ("no", "no"), ("on", "on"), ("yes", "yes"), ("off", "off"), ("y", "y"),
    ("010", 10), ("0o17", 15), ("0x1F", 31), ("1:20", "1:20"), ("1_000", "1_000"),
    ("2020-11-25", "2020-11-25"), ("250.50", Decimal("250.50")), ("1e3", Decimal("1E+3")),
    ("true", True), ("False", False), ("~", None), ("null", None), ("'010'", "010"), ('"no"', "no"),
])
def test_plain_scalars_follow_yaml_1_2_core(text, value):
    loaded = load_text(f"v: {text}\n")
    assert loaded.problems == []
    assert loaded.data == {"v": value}
    assert type(loaded.data["v"]) is type(value)


def test_money_is_decimal_never_float():
    loaded = load_text("a: 0.1\nb: 0.2\n")
    assert loaded.data["a"] + loaded.data["b"] == Decimal("0.3")


def test_positions_are_one_based_line_and_column_of_the_value():
    loaded = load_text("a:\n  b: [1, 2]\n  c:\n    - x: 3\n")
    assert loaded.positions["/a/b/1"] == (2, 10)
    assert loaded.positions["/a/c/0/x"] == (4, 10)
    assert loaded.key_positions["/a/c"] == (3, 3)


def test_duplicate_key_names_both_lines():
    loaded = load_text("a: 1\nb: 2\na: 3\n")
    assert codes(loaded) == [("yaml-duplicate-key", 3, 1)]
    assert loaded.problems[0].params == {"key": "a", "first": 1}
    assert loaded.data == {"a": 1, "b": 2}  # the first value is kept, nothing silently replaced


@pytest.mark.parametrize("text, code, line", [
    ("a: &x 1\nb: *x\n", "yaml-anchor", 1),
    ("a: &x 1\n", "yaml-anchor", 1),
    ("a: !!python/object/apply:os.system [ls]\n", "yaml-tag", 1),
    ("a: !custom 1\n", "yaml-tag", 1),
    ("a: !!binary aGVsbG8=\n", "yaml-tag", 1),
    ("b: 1\n<<: {a: 1}\n", "yaml-merge-key", 2),
    ("a: 1\n---\nb: 2\n", "yaml-multiple-documents", 2),
    ("a:\n\tb: 1\n", "yaml-tabs", 2),
    ("? [a, b]\n: 1\n", "yaml-complex-key", 1),
    ("", "file-empty", 1),
    ("# solo un commento\n", "file-empty", 1),
])
def test_refusals_are_located(text, code, line):
    loaded = load_text(text)
    assert loaded.problems, text
    assert loaded.problems[0].code == code
    assert loaded.problems[0].line == line


def test_bom_and_crlf_give_the_same_data_as_a_clean_file():
    clean = load_bytes(b"a: 1\nb:\n  - x\n")
    assert load_bytes(b"\xef\xbb\xbfa: 1\r\nb:\r\n  - x\r\n").data == clean.data
    assert clean.problems == []


def test_invalid_utf8_is_located():
    loaded = load_bytes("a: città\nb: ".encode() + b"\xff\n")
    assert codes(loaded) == [("file-encoding", 2, 4)]


def test_too_large_file_is_refused_without_parsing(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * MAX_BYTES + b"\n")
    assert [p.code for p in load_path(path).problems] == ["file-too-large"]


def test_deep_nesting_is_refused():
    text = "a: " + "[" * 200 + "]" * 200 + "\n"
    loaded = load_text(text)
    assert loaded.problems and loaded.problems[0].code in ("yaml-too-deep", "yaml-syntax")


@pytest.mark.skipif(not SUITE_CASES, reason="shared/yaml-test-suite not present")
def test_yaml_test_suite_is_data_or_located_finding():
    """Every document of the public suite gives data or located problems, never an exception."""
    outcomes = {"data": 0, "refused": 0}
    invalid_accepted = []
    for case in SUITE_CASES:
        loaded = load_bytes(case.read_bytes())
        if loaded.problems:
            outcomes["refused"] += 1
            for problem in loaded.problems:
                assert problem.line >= 1 and problem.column >= 1, (case.parent.name, problem)
        else:
            outcomes["data"] += 1
        if (case.parent / "error").exists() and not loaded.problems:
            invalid_accepted.append(case.parent.name)
    assert outcomes["data"] >= 80 and outcomes["refused"] >= 300, outcomes
    # libyaml accepts a handful of documents the suite marks invalid; none of them is a record.
    errors = sum(1 for c in SUITE_CASES if (c.parent / "error").exists())
    assert len(invalid_accepted) <= errors // 10, invalid_accepted


@pytest.mark.skipif(not SUITE_CASES, reason="shared/yaml-test-suite not present")
@pytest.mark.parametrize("case", SUITE_CASES, ids=lambda p: p.parent.name)
def test_yaml_test_suite_case(case):
    loaded = load_bytes(case.read_bytes())
    assert loaded.problems or isinstance(loaded.data, dict)
    assert all(p.line >= 1 and p.column >= 1 for p in loaded.problems)


@pytest.mark.parametrize("text, value", [
    ("a: !!str 1", "1"), ("a: !!int 5", 5), ("a: !!float 1", Decimal("1")), ("a: !!bool true", True),
    ("a: !!null ~", None), ("a: 1", 1), ("a: '1'", "1"),
])
def test_explicit_core_tags_are_honoured(text, value):
    loaded = load_text(text)
    assert loaded.ok and loaded.data == {"a": value} and type(loaded.data["a"]) is type(value)


@pytest.mark.parametrize("text", ["a: !!int x", "a: !!bool 1", "a: !!binary eA==", "a: !!python/object:os.system x"])
def test_a_tag_the_text_does_not_fit_is_refused_at_its_place(text):
    loaded = load_text(text)
    assert [(p.code, p.line, p.column) for p in loaded.problems] == [("yaml-tag", 1, 4)]
