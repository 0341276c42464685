"""The fast block reader against the reference reader (libyaml and our builder), text for text.

Whatever `blockyaml` accepts must load, through the reference path, without a problem and to the
same data: same keys in the same order, same values of the same types (`repr` tells 1 from True,
Decimal('1.0') from Decimal('1.00'), "1" from 1). What it declines costs only speed. The texts:
the public yaml-test-suite, every hostile case, every example and shipped record, hand-picked
corner cases, and several thousand mutations of real records (seeded, the same on every run).
"""

from __future__ import annotations

import random
import sys

import pytest
from helpers import EXAMPLES, ROOT, TESTS

from tohome_tools.io import blockyaml, loader

sys.path.insert(0, str(TESTS / "hostile"))   # the hostile cases are data of tests/hostile/
import hostile_cases  # noqa: E402

SUITE = ROOT.parent / "shared" / "yaml-test-suite"
SUITE_TEXTS = [p.read_bytes().decode("utf-8", "replace") for p in sorted(SUITE.glob("*/in.yaml"))] if SUITE.is_dir() else []
RECORDS = sorted((ROOT / "records").glob("*.yaml"))
EXAMPLE_FILES = sorted(EXAMPLES.glob("*/*/*.yaml"))


def fast(text: str):
    return blockyaml.parse(text, loader.resolve_plain, loader._refused_plain)


def reference(text: str) -> loader.Loaded:
    return loader._load_reference(text[1:] if text.startswith("\ufeff") else text)


def agrees(text: str) -> bool:
    """True when the fast reader declines the text or reads it exactly as the reference does."""
    data = fast(text)
    if data is None:
        return True
    slow = reference(text)
    return not slow.problems and type(slow.data) is dict and repr(slow.data) == repr(data)


def test_every_shipped_and_example_record_is_read_fast_and_the_same():
    """The common case takes the fast path (else the speed-up is a fiction), with the same data."""
    valid = [p for p in EXAMPLE_FILES if "/valid/" in p.as_posix()]
    assert len(RECORDS) >= 100 and valid
    for path in [*RECORDS, *valid]:
        text = path.read_text(encoding="utf-8")
        data = fast(text)
        assert data is not None, path
        assert repr(data) == repr(reference(text).data), path


def test_every_example_record_agrees():
    for path in EXAMPLE_FILES:
        assert agrees(path.read_text(encoding="utf-8")), path


@pytest.mark.skipif(not SUITE_TEXTS, reason="shared/yaml-test-suite not present")
def test_the_yaml_test_suite_agrees():
    accepted = [text for text in SUITE_TEXTS if fast(text) is not None]
    assert len(accepted) >= 10   # the suite's few plain block documents are read fast too
    assert [t for t in SUITE_TEXTS if not agrees(t)] == []


def test_every_hostile_case_agrees_and_no_refusal_is_read_fast():
    texts = [v for v in vars(hostile_cases).values() if isinstance(v, str) and "\n" in v]
    assert len(texts) >= 20
    for text in texts:
        assert agrees(text), text[:200]
        if reference(text).problems:
            assert fast(text) is None, text[:200]


@pytest.mark.parametrize("text", [
    "a: b\n  c\n",                       # a plain scalar over two lines
    "a: b\n\n  c\n",
    "a: 'b\n  c'\n",                     # a quoted one
    'a: "b\\tc"\n',                      # an escape
    "a: |\n  b\n",                       # block scalars
    "a: >\n  b\n",
    "a: [1, [2]]\n", "a: {b: {c: 1}}\n", "a: [a b]\n", "a: {b: 1, b: 2}\n", "a: [.nan]\n",   # nested flow, spaces, duplicates
    "a: ['it''s']\n", 'a: ["\\t"]\n', "a: [1,]\n", "a: {b:1}\n",
    "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: ! 1\n", "a: !x 1\n",
    "%YAML 1.1\n---\na: yes\n", "---\na: 1\n", "a: 1\n...\n", "a: 1\n---\nb: 2\n",
    "a: 1\na: 2\n",                      # duplicate key
    "a:\n\tb: 1\n", "a: 1\r\nb: 2\r\n",  # tab, CR
    "a: b\x85c\n", "a: b\u2028c\n", "a: b\ufeffc\n", "a: \x7f\n",
    "<<: {a: 1}\n", "a: 1\n<<<<<<< HEAD\n", "= : 1\n", "a: =\n",
    "a: .nan\n", "a: -.inf\n", "a: .Inf\n",
    "a: b: c\n", "a: b:\n", "- a\n", "a\n", "  a: 1\n", "? a\n: 1\n", "\"a\": 1\n", "a b: 1\n",
    "a:\n  - b\n  c: 1\n",               # a key where the sequence's next entry should be
    "a:\n  b: 1\n c: 2\n",               # a key between two indents
    "a:\n  - b\n   - c\n",
    "a:\n- b\n - c\n",
    "a:\n  - - b\n", "a:\n  -\n    b: 1\n", "a:\n  - # c\n", "a:\n  -\n",
    "a:\n  - b: 1\n   c: 2\n",            # a key between the dash and the entry's column
    "a: # c\n  b\n",                      # a scalar on its own line below a key
    "d: x # comment\n", "d: rata  #2\n",   # a "#" that may belong to unquoted text (`rata #2`)
    "a: 'b' c\n", 'a: "b"c\n', 'a: "b\n', "a: [] x\n", "a: @b\n", "a: `b\n", "a: %b\n", "a: -\n", "a: - b\n",
    "a: ?\n", "a: :b\n", "k" * 1100 + ": 1\n", "a: {" + "k" * 1100 + ": 1}\n",   # libyaml's limit on a key
    "x:\n" + "".join("  " * n + f"k{n}:\n" for n in range(1, 40)) + "  " * 40 + "end: 1\n",   # deep
])
def test_what_the_fast_reader_declines(text):
    assert fast(text) is None, text


@pytest.mark.parametrize("text, data", [
    ("a: 1\n", {"a": 1}),
    ("a: 010\nb: 0o17\nc: 0x1F\nd: 1:20\ne: no\nf: 2020-11-25\ng: 250.50\nh: -0.00\n",
     None),   # same as the reference, whatever it says (checked below)
    ("a:\n- 1\n- b: 2\n  c: 3\nd: x  # comment\n", {"a": [1, {"b": 2, "c": 3}], "d": "x"}),
    ("a:   # a comment\n  b: 'it''s'\n  c: \"#not\"   # c\n  d: []\n  e: {}\n  f:\n", None),
    ("a: b#c\nb: b , [c] {d}\nc: ~\nd: true\ne: FALSE\nf: Null\ng: 1e3\n", None),
    ("a:\n  -   b: 1\n      c: 2\n  - x\n", {"a": [{"b": 1, "c": 2}, "x"]}),
    ("a: " + "9" * 5000 + "\n", None),
    ("a: [M1, M2]\nb: [1, '2', \"x, y\", -3]\nc: {month: \"2019-03\", measure: H1, amount: 250.00}  # p\n",
     None),   # past Python's int limit: a Decimal, as the reference says
])
def test_what_it_reads_is_what_the_reference_reads(text, data):
    got = fast(text)
    assert got is not None, text
    assert agrees(text)
    if data is not None:
        assert got == data


MARKS = ["\t", "#", " #", ": ", ":", "- ", "-", "  ", " ", "'", '"', "''", "&a ", "*a", "!", "!!str ", "[", "]",
         "{", "}", "[]", "{}", "|", ">", "%", "---", "...", "? ", "\\", ",", "\u2028", "\x85", "\r", "~", ".inf",
         "<<: ", "=", "\n", "\n  ", "\n- ", "0", "1.5", "010", "@", "`", "\ufeff", "é", "\xa0"]


def _mutations(text: str, rng: random.Random, count: int):
    lines = text.split("\n")
    for _ in range(count):
        kind = rng.randrange(6)
        out = list(lines)
        i = rng.randrange(len(out))
        if kind == 0:    # a mark spliced in anywhere
            at = rng.randrange(len(text) + 1)
            yield text[:at] + rng.choice(MARKS) + text[at:]
        elif kind == 1:  # a line indented more or less
            out[i] = (" " * rng.randrange(1, 4) + out[i]) if rng.random() < 0.5 else out[i][rng.randrange(1, 4):]
            yield "\n".join(out)
        elif kind == 2:  # a line repeated (duplicate keys, entries)
            out.insert(i, out[i])
            yield "\n".join(out)
        elif kind == 3:  # a line dropped
            del out[i]
            yield "\n".join(out)
        elif kind == 4:  # two lines joined
            if i + 1 < len(out):
                out[i:i + 2] = [out[i] + " " + out[i + 1].lstrip(" ")]
            yield "\n".join(out)
        else:            # a value replaced by a mark-laden one
            head, sep, _ = out[i].partition(": ")
            out[i] = head + (sep or ": ") + rng.choice(MARKS) + rng.choice(["x", "1", "", " y", "2019-01-01"])
            yield "\n".join(out)


def test_thousands_of_mutated_records_agree():
    rng = random.Random(26)
    sources = [p.read_text(encoding="utf-8") for p in [*EXAMPLE_FILES[:20], *RECORDS[:10]]]
    checked = declined = 0
    for source in sources:
        for text in _mutations(source, rng, 120):
            assert agrees(text), text
            checked += 1
            declined += fast(text) is None
    assert checked >= 3000
    assert checked * 0.2 < declined < checked * 0.8, (declined, checked)   # both paths are exercised


PIECES = ["a:", "b: 1", "c: x y", "- d", "- e: 2", "-   f: '3'", "g: [h, 'i', \"j\"]", "k: {l: 1, m: n}", "# c",
          "", "o: p # q", "r: []", "- [s]", "t: -4.50", "u: 'v''w'", "x: \"y: z\"", "- ", "-", "aa: bb: cc",
          "dd: ee\\", "a: dup", "ff:   ", "- gg:", "hh: ~", "ii: 0x1F", "jj: no"]


def test_thousands_of_generated_texts_agree():
    """Lines of block YAML put together at random indents: every shape of (mis)indentation."""
    rng = random.Random(2026)
    accepted = 0
    for _ in range(8000):
        lines = ["a:"] + [" " * rng.choice([0, 0, 1, 2, 2, 2, 3, 4, 4, 6]) + rng.choice(PIECES)
                          for _ in range(rng.randrange(1, 7))]
        text = "\n".join(lines) + rng.choice(["", "\n"])
        assert agrees(text), text
        accepted += fast(text) is not None
    assert accepted >= 500, accepted
