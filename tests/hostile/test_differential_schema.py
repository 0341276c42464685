"""Differential test: the schema verdict of `tohome validate` against check-jsonschema's, file by file.

Real records from records/ are mutated (seeded, so every run writes the same files) and written as
YAML into a throwaway project. Both real commands then run once over the whole folder, as
subprocesses: `tohome validate --format json` and `check-jsonschema --schemafile ...`.

Verdict per file:
- tohome: "invalid" when it reports any finding of the JSON Schema stage (SCHEMA_CODES) or of the
  loader (LOAD_CODES: a file the loader refuses never reaches the schema); business-rule findings
  (RULE_CODES) are ignored; any other code fails the test.
- check-jsonschema: "invalid" when it lists a schema error or a parse error for the file.

Every disagreement must be one of the deliberate stricter rules in ALLOWED, for a case whose writer
marked it with that quirk, with tohome "invalid" only through that rule's codes; anything else fails.
Every entry of ALLOWED must be needed at least once (a stale entry fails too), and both verdicts must
occur in numbers. The whole run takes ~25 s (check-jsonschema parses YAML in pure Python, ~35 ms a
file), hence the `slow` mark.

What both readers see: check-jsonschema 0.39 reads YAML with ruamel.yaml (YAML 1.2, timestamps kept
as text); tohome reads YAML 1.2 core with its own scalar rules (numbers with a point become Decimal,
a plain `.nan`/`.inf` refused, explicit tags only on text of that type). The writer here double-quotes every
string it does not write on purpose otherwise, escapes control and line-separator characters (libyaml
and ruamel disagree on raw U+0085/U+2028), and never writes what crashes check-jsonschema outright
(`!!int "abc"`: ruamel raises ValueError, which check-jsonschema does not catch) or what only tests
the readers (a tab after `key:`, refused by ruamel, accepted by libyaml as YAML 1.2 allows).
"""

from __future__ import annotations

import copy
import json
import random
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, tohome

pytestmark = pytest.mark.slow

SCHEMA = json.loads((ROOT / "schemas" / "household.schema.json").read_text(encoding="utf-8"))
BASES = ("TH-1-0001.yaml", "TH-2-0010.yaml", "TH-3-0021.yaml", "TH-4-0001.yaml")
SEED = 1234
PER_MUTATION = 2          # each field-kind mutation is applied at this many (record, field) places

# Codes of tohome's JSON Schema stage (tohome_tools/programme/schemacheck.py)...
SCHEMA_CODES = {"schema-required", "schema-unknown-field", "schema-type", "schema-enum", "schema-pattern",
                "schema-range", "schema-size", "invalid-date", "invalid-month", "amount-precision",
                "schema-invalid"}
# ...of the loader, which refuses a file (or a value) before the schema sees it (tohome_tools/io/loader.py)...
LOAD_CODES = {"file-unreadable", "file-too-large", "file-encoding", "merge-conflict", "file-empty",
              "not-a-file", "yaml-syntax", "yaml-tabs", "yaml-multiple-documents", "yaml-duplicate-key",
              "yaml-anchor", "yaml-merge-key", "yaml-tag", "yaml-complex-key", "yaml-too-deep",
              "yaml-not-mapping", "yaml-version", "yaml-not-finite", "text-cut-at-comment"}
# ...and of the business rules (tohome_tools/records/rules/*.py, CODE): not part of the schema verdict.
RULE_CODES = {"co-participation", "date-order", "duplicate-id", "duration-limit", "file-name", "housing-cap",
              "member-key-duplicate", "measure-id-duplicate", "measure-end-order", "objective-id-duplicate",
              "objective-reference", "id-prefix", "lot-average-duration", "lot-district", "measure-before-pact",
              "member-reference",
              "monitoring-gap", "payment-before-validation", "payment-duplicate", "payment-measure",
              "programme-window", "work-cap", "esf-child-employed", "esf-leaving", "esf-left-on",
              "activity-after-closure", "member-born-after-start"}


@dataclass(frozen=True)
class Allowed:
    codes: frozenset[str]   # tohome may say "invalid" only through these codes
    reason: str


# Deliberate stricter rules of ours: tohome says "invalid", check-jsonschema "valid". A case qualifies
# only if its writer marked it with the quirk (because of what it wrote, not because of the outcome).
# Not listed because both tools refuse them anyway: duplicate keys (ruamel raises DuplicateKeyError),
# several documents, custom tags, `.inf` amounts (over the schema's maximum for check-jsonschema too).
ALLOWED = {
    "euro-precision": Allowed(frozenset({"amount-precision"}),
        "The schema's `euro` format (amounts, at most two decimals as written: 250.005, 250.000, 1e-3) is "
        "our own format; check-jsonschema ignores formats it does not know."),
    "nan": Allowed(frozenset({"yaml-not-finite"}),
        "`.nan` as an amount: the loader refuses a plain `.nan`/`.inf` wherever it stands (yaml-not-finite); "
        "ruamel reads NaN, which passes minimum and maximum."),
    "yaml-version": Allowed(frozenset({"yaml-version"}),
        "A `%YAML 1.1` directive is refused (yaml-version): records are YAML 1.2, and under 1.1 `yes` is "
        "true and `010` is eight for ruamel while the same file means something else elsewhere."),
    "yaml11-number": Allowed(frozenset({"schema-type"}),
        "1_955, 0b11110100011, 1_000 in a numeric field: YAML 1.2 core has no underscores or binary, so "
        "tohome reads text (devdocs/loader.md); ruamel still reads YAML 1.1 numbers."),
    "explicit-tag": Allowed(frozenset({"yaml-tag"}),
        "An explicit core tag on text that is not of that type in YAML 1.2 core (!!bool yes, !!bool on) "
        "is refused (loader._Builder); ruamel honours YAML 1.1 words under the tag."),
    "anchor": Allowed(frozenset({"yaml-anchor"}),
        "Anchors and aliases are refused in records (also the defence against alias bombs)."),
    "merge-key": Allowed(frozenset({"yaml-merge-key"}),
        "The merge key `<<` is refused; ruamel merges it."),
    "date-range": Allowed(frozenset({"invalid-date"}),
        "Dates outside 1900-2999 are refused (our `date` format): deadlines and durations computed from "
        "them would leave the calendar; JSON Schema's date format accepts any year 0001-9999."),
    "size-limit": Allowed(frozenset({"file-too-large"}),
        "Files over 1 MiB are refused whatever they hold (here: a valid record padded with comments)."),
}


# ---------------------------------------------------------------- writing YAML exactly as meant

@dataclass(frozen=True)
class Raw:
    """A value (or key) written exactly as given: `first` after "key:" or "-", `more` lines under it."""
    first: str
    more: tuple[str, ...] = ()


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_ESCAPED = {"\u0085", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff"}


def dq(text: str) -> str:
    """`text` as a YAML double-quoted scalar both readers read back identically."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif code < 0x20 or 0x7F <= code <= 0x9F or char in _ESCAPED or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def flow(value) -> str:
    if isinstance(value, Raw):
        return value.first
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return dq(value)
    if isinstance(value, dict) and not value:
        return "{}"
    if isinstance(value, list) and not value:
        return "[]"
    raise TypeError(value)


def key_text(key) -> str:
    if isinstance(key, Raw):
        return key.first
    return key if _PLAIN_KEY.match(key) and key.lower() not in ("null", "true", "false") else dq(key)


def emit_value(head: str, value, indent: int) -> list[str]:
    inner = indent + 2
    if isinstance(value, Raw):
        return [f"{head} {value.first}".rstrip()] + [(" " * inner + line) if line else "" for line in value.more]
    if isinstance(value, dict) and value:
        return [head] + emit_map(value, inner)
    if isinstance(value, list) and value:
        return [head] + emit_seq(value, inner)
    return [f"{head} {flow(value)}"]


def emit_map(mapping: dict, indent: int) -> list[str]:
    lines: list[str] = []
    for key, value in mapping.items():
        lines += emit_value(" " * indent + key_text(key) + ":", value, indent)
    return lines


def emit_seq(items: list, indent: int) -> list[str]:
    lines: list[str] = []
    for item in items:
        if isinstance(item, (dict, list)) and item:
            sub = emit_map(item, indent + 2) if isinstance(item, dict) else emit_seq(item, indent + 2)
            sub[0] = " " * indent + "- " + sub[0][indent + 2:]
            lines += sub
        else:
            lines += emit_value(" " * indent + "-", item, indent)
    return lines


def document(data: dict) -> str:
    return "\n".join(emit_map(data, 0)) + "\n"


# ---------------------------------------------------------------- what the schema says a field is

def _deref(node: dict) -> dict:
    while "$ref" in node:
        target = SCHEMA
        for token in node["$ref"].lstrip("#/").split("/"):
            target = target[token]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def schema_at(path: tuple) -> dict:
    node = _deref(SCHEMA)
    for token in path:
        node = _deref(node["items"] if isinstance(token, int) else node["properties"][token])
    return node


def kind_of(node: dict) -> str:
    if node.get("format") == "date":
        return "date"
    if node.get("format") == "euro":
        return "amount"
    if node.get("pattern", "").startswith("^[0-9]{4}-(0"):
        return "month"
    if "pattern" in node:
        return "code"
    if "enum" in node:
        return "enum"
    kind = node.get("type")
    if kind == "string":
        return "text" if "maxLength" in node else "string"
    return kind


def places(data, path: tuple = ()):
    """(path, value, kind) of every value in a record, containers included."""
    yield path, data, kind_of(schema_at(path))
    if isinstance(data, dict):
        for key, value in data.items():
            yield from places(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from places(value, path + (index,))


def set_at(data, path: tuple, value) -> None:
    for token in path[:-1]:
        data = data[token]
    data[path[-1]] = value


def get_at(data, path: tuple):
    for token in path:
        data = data[token]
    return data


def pointer(path: tuple) -> str:
    return "/" + "/".join(map(str, path))


# ---------------------------------------------------------------- value mutations, by field kind

HOMOGLYPHS = {"C": "С", "M": "М", "H": "Н", "T": "Т", "O": "О", "A": "А", "S": "Ѕ", "W": "Ԝ",
              "a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "i": "і", "-": "‐"}
FULLWIDTH = {str(d): chr(0xFF10 + d) for d in range(10)}


def lookalike(text: str, table: dict) -> str:
    for index, char in enumerate(text):
        if char in table:
            return text[:index] + table[char] + text[index + 1:]
    return text + "\u200b"


def for_strings(v: str) -> list[tuple[str, Raw, str | None]]:
    """Mutations of any string value (as label, what is written, quirk)."""
    return [
        ("quoted, final newline", Raw(dq(v + "\n")), None),
        ("block |, keeps its final newline", Raw("|", (v,)), None),
        ("block |-, strips it", Raw("|-", (v,)), None),
        ("folded >", Raw(">", (v,)), None),
        ("block |+ with a blank line", Raw("|+", (v, "")), None),
        ("leading space", Raw(dq(" " + v)), None),
        ("trailing space", Raw(dq(v + " ")), None),
        ("empty string", Raw('""'), None),
        ("null ~", Raw("~"), None),
        ("null, nothing written", Raw(""), None),
        ("a list", Raw(f"[{dq(v)}]"), None),
        ("a mapping", Raw("{}"), None),
        ("a number", Raw("42"), None),
        ("a boolean", Raw("true"), None),
        ("!!str tag", Raw("!!str " + dq(v)), None),
        ("!!binary tag", Raw("!!binary aGVsbG8="), None),
        ("custom tag", Raw("!custom " + dq(v)), None),
        ("lone '='", Raw("="), None),
        ("letter lookalike", Raw(dq(lookalike(v, HOMOGLYPHS))), None),
        ("fullwidth digit", Raw(dq(lookalike(v, FULLWIDTH))), None),
        ("zero-width space inside", Raw(dq(v[:1] + "\u200b" + v[1:])), None),
        ("no-break space at the end", Raw(dq(v + "\u00a0")), None),
        ("combining accent", Raw(dq(v + "\u0301")), None),
        ("very long", Raw(dq(v * (5000 // max(1, len(v)) + 1))), None),
    ]


def for_date(v: str) -> list:
    out = [
        ("plain, unquoted", Raw(v), None),
        ("!!timestamp tag", Raw("!!timestamp " + v), None),
        ("!!str tag, plain", Raw("!!str " + v), None),
    ]
    for written in ("2019-02-30", "2019-02-29", "2020-02-29", "2019-04-31", "2019-13-01", "2019-00-10",
                    "2019-01-00", "0000-01-01", "2019-3-1", "2019-03-1", "19-03-01",
                    "02019-03-01", "2019-03-011", "20190301", "2019/03/01", "01/03/2019", "01-03-2019",
                    "2019-03-01T10:00:00", "2019-03-01 10:00", "2019-W09-5", "2019-060", "٢٠١٩-٠٣-٠١"):
        out.append((f"date {written}", Raw(dq(written)), None))
    out.append(("date 9999-12-31", Raw(dq("9999-12-31")), "date-range"))
    out.append(("date 1899-12-31", Raw(dq("1899-12-31")), "date-range"))
    out.append(("impossible date, unquoted", Raw("2019-02-30"), None))
    out.append(("impossible date, block |", Raw("|", ("2019-02-30",)), None))
    return out


def for_month(v: str) -> list:
    out = [("plain, unquoted", Raw(v), None)]
    for written in ("2019-13", "2019-00", "2019-1", "2019-001", "201905", "2019-05-01", "2019/05", "05-2019",
                    "2019-5", "0000-01", "2019-12", "2019-10"):
        out.append((f"month {written}", Raw(dq(written)), None))
    return out


def for_code(v: str) -> list:
    return [
        ("lower case", Raw(dq(v.lower())), None),
        ("extra digit", Raw(dq(v + "7")), None),
        ("en dash for hyphen", Raw(dq(v.replace("-", "–"))), None),
        ("plain, unquoted", Raw(v), None),
    ]


def for_enum(v: str) -> list:
    return [
        ("upper case", Raw(dq(v.upper())), None),
        ("capitalised", Raw(dq(v.capitalize())), None),
        ("lower case", Raw(dq(v.lower())), None),
        ("hyphen for underscore", Raw(dq(v.replace("_", "-"))), None),
        ("plain, unquoted", Raw(v), None),
        ("plain yes", Raw("yes"), None),
        ("plain no", Raw("no"), None),
    ]


def for_integer(v: int) -> list:
    return [
        ("quoted", Raw(dq(str(v))), None),
        ("with .0", Raw(f"{v}.0"), None),
        ("with .00", Raw(f"{v}.00"), None),
        ("with a trailing point", Raw(f"{v}."), None),
        ("with .5", Raw(f"{v}.5"), None),
        ("exponent form", Raw(f"{v / 1000}e3"), None),
        ("!!float tag", Raw(f"!!float {v}"), None),
        ("!!int on quoted digits", Raw(f'!!int "{v}"'), None),
        ("!!str tag", Raw(f"!!str {v}"), None),
        ("hexadecimal", Raw(hex(v)), None),
        ("octal 0o", Raw("0o" + format(v, "o")), None),
        ("leading zero", Raw(f"0{v}"), None),
        ("plus sign", Raw(f"+{v}"), None),
        ("underscore", Raw(f"{str(v)[:1]}_{str(v)[1:]}" if v >= 10 else f"{v}_0"), "yaml11-number"),
        ("binary 0b", Raw(bin(v)), "yaml11-number"),
        ("negative", Raw(f"-{v}"), None),
        ("zero", Raw("0"), None),
        ("minus zero", Raw("-0"), None),
        ("1899", Raw("1899"), None),
        ("2031", Raw("2031"), None),
        ("huge", Raw("9" * 40), None),
        ("1e400", Raw("1e400"), None),
        ("true", Raw("true"), None),
        ("null", Raw("null"), None),
        ("empty list", Raw("[]"), None),
        (".nan", Raw(".nan"), None),
        (".inf", Raw(".inf"), None),
        ("with comma", Raw(f"{v},0"), None),
    ]


def for_boolean(v: bool) -> list:
    return [(f"plain {w}", Raw(w), None) for w in ("yes", "no", "on", "off", "y", "n", "True", "FALSE", "tRue")] + [
        ("quoted true", Raw('"true"'), None),
        ("1", Raw("1"), None),
        ("0", Raw("0"), None),
        ("!!bool on quoted true", Raw('!!bool "true"'), None),
        ("!!bool yes", Raw("!!bool yes"), "explicit-tag"),
        ("!!bool on", Raw("!!bool on"), "explicit-tag"),
        ("null", Raw("~"), None),
        ("!!str true", Raw("!!str true"), None),
    ]


def for_amount(v) -> list:
    return [(f"amount {w}", Raw(w), q) for w, q in (
        ("250.005", "euro-precision"), ("250.000", "euro-precision"), ("250.100", "euro-precision"),
        ("99999.999", "euro-precision"), ("0.001", "euro-precision"), ("1e-3", "euro-precision"),
        ("!!float \"12.345\"", "euro-precision"), ("250.1", None), ("250.10", None), ("250.", None),
        (".5", None), ("2.5e2", None), ("25000e-2", None), ("100000", None), ("100000.00", None),
        ("100000.01", None), ("100000.001", None), ("-0.01", None), ("-0", None), ("-0.0", None), ("0", None),
        ('"250.00"', None), ("250,00", None), ('"€ 250"', None), (".nan", "nan"), (".NaN", "nan"),
        (".inf", None), ("-.inf", None), ("!!float 250", None), ("!!int 250", None), ("0x10", None),
        ("1_000", "yaml11-number"), ("1e400", None), ("null", None), ("true", None), ("[250]", None))]


def for_text(v: str) -> list:
    return [
        ("4000 characters", Raw(dq("x" * 4000)), None),
        ("4001 characters", Raw(dq("x" * 4001)), None),
        ("4000 astral characters", Raw(dq("\U0001F600" * 4000)), None),
        ("4001 astral characters", Raw(dq("\U0001F600" * 4001)), None),
        ("4000 code points with combining accents", Raw(dq("e\u0301" * 2000)), None),
        ("control characters", Raw(dq("a\u0000b\u0007c\u001b[0m")), None),
        ("plain yes", Raw("yes"), None),
        ("plain .nan", Raw(".nan"), None),
        ("plain 1:20", Raw("1:20"), None),
        ("plain 010", Raw("010"), None),
    ]


BY_KIND = {"date": for_date, "month": for_month, "code": for_code, "enum": for_enum, "integer": for_integer,
           "boolean": for_boolean, "amount": for_amount, "text": for_text}
STRING_KINDS = {"date", "month", "code", "enum", "text", "string"}


# ---------------------------------------------------------------- the cases

@dataclass
class Case:
    name: str
    base: str
    what: str
    text: str
    quirk: str | None = None


def load_bases() -> dict[str, dict]:
    bases = {}
    for name in BASES:
        data = yaml.safe_load((ROOT / "records" / name).read_text(encoding="utf-8"))
        assert isinstance(data, dict), name
        bases[name] = data
    return bases


def build_cases() -> list[Case]:
    rng = random.Random(SEED)
    bases = load_bases()
    spots = {name: list(places(data)) for name, data in bases.items()}
    cases: list[Case] = []

    def add(base: str, what: str, text: str, quirk: str | None = None) -> None:
        cases.append(Case(f"case-{len(cases) + 1:04d}", base, what, text, quirk))

    def mutated(base: str, path: tuple, value) -> str:
        data = copy.deepcopy(bases[base])
        set_at(data, path, value)
        return document(data)

    def pick(kinds: set[str], count: int, root: bool = False) -> list[tuple[str, tuple, object, str]]:
        """`count` places of these kinds: distinct fields first (so `lot` is as likely as any one
        `birth_year`), each at a random occurrence in a random record."""
        fields: dict[tuple, list] = {}
        for b in BASES:
            for p, v, k in spots[b]:
                if k in kinds and (p or root):
                    fields.setdefault(tuple("*" if isinstance(t, int) else t for t in p), []).append((b, p, v, k))
        keys = sorted(fields, key=str)
        chosen = rng.sample(keys, len(keys)) * (count // len(keys) + 1)
        return [rng.choice(fields[key]) for key in chosen[:count]]

    for name in BASES:                                       # unmutated: both must say valid
        add(name, "unmutated, rewritten", document(bases[name]))

    # value mutations, each at PER_MUTATION places of the right kind
    for kind in sorted(STRING_KINDS):
        for base, path, value, _ in pick({kind}, 5):
            for label, raw, quirk in rng.sample(for_strings(value), 5):
                add(base, f"{pointer(path)} ({kind}), {label}: {raw.first[:60]}", mutated(base, path, raw), quirk)
    for kind, make in BY_KIND.items():
        probe = next(v for b in BASES for p, v, k in spots[b] if k == kind and p)
        for index in range(len(make(probe))):
            for base, path, value, _ in pick({kind}, PER_MUTATION):
                label, raw, quirk = make(value)[index]
                add(base, f"{pointer(path)} ({kind}), {label}: {raw.first[:60]}", mutated(base, path, raw), quirk)

    # structure: required and optional fields removed, unknown fields, wrong containers, list sizes
    for base, path, value, kind in pick({"object"}, 24, root=True):
        node = schema_at(path)
        key = rng.choice(sorted(value))
        required = key in node.get("required", ())
        data = copy.deepcopy(bases[base])
        del get_at(data, path)[key]
        add(base, f"{pointer(path + (key,))} removed ({'required' if required else 'optional'})", document(data))
    for base, path, value, kind in pick({"object"}, 16, root=True):
        extra = rng.choice(["note", "Notes", "ID", "id ", "іd", "x-extra", "synthetic_", "k" * 300, "", "null"])
        data = copy.deepcopy(bases[base])
        get_at(data, path)[extra] = "x"
        add(base, f"unknown field {extra[:20]!r} in {pointer(path)}", document(data))
    for base, path, value, kind in pick({"object"}, 8, root=True):
        key = rng.choice(sorted(value))
        data = copy.deepcopy(bases[base])
        target = get_at(data, path)
        target[key.upper() if key.upper() != key else key.lower()] = target.pop(key)
        add(base, f"{pointer(path + (key,))} renamed to a different case", document(data))
    for base, path, value, kind in pick({"object", "array"}, 20):
        written = rng.choice(["~", '"x"', "42", "[]", "{}", "[{}]"])
        add(base, f"{pointer(path)} ({kind}) replaced by {written}", mutated(base, path, Raw(written)))
    for base, path, value, kind in pick({"array"}, 20):
        data = copy.deepcopy(bases[base])
        items = get_at(data, path)
        how = rng.choice(["emptied", "first item doubled", "21 items"])
        set_at(data, path, [] if how == "emptied" else
               items[:1] + items if how == "first item doubled" else (items * 21)[:21])
        add(base, f"{pointer(path)} {how}", document(data))
    for base in BASES:
        data = copy.deepcopy(bases[base])
        data["co_participation"]["form"] = "savings"
        data["co_participation"].pop("purpose", None)
        add(base, "/co_participation form savings without purpose", document(data))
        data["co_participation"]["purpose"] = "housing_costs"
        add(base, "/co_participation form savings with purpose", document(data))

    # whole-file forms, on two of the records
    for base in BASES[::2]:
        data, text = bases[base], document(bases[base])
        referral = data["referral"]
        add(base, "byte-order mark", "\ufeff" + text)
        add(base, "CRLF line ends", text.replace("\n", "\r\n"))
        add(base, "'---' start and '...' end", "---\n" + text + "...\n")
        add(base, "%YAML 1.2 directive", "%YAML 1.2\n---\n" + text)
        add(base, "%YAML 1.1 directive", "%YAML 1.1\n---\n" + text, "yaml-version")
        add(base, "comments everywhere", text.replace("\n", "  # nota\n"))
        add(base, "one JSON line (flow style)", json.dumps(data, ensure_ascii=False) + "\n")
        add(base, "two documents", text + "---\n" + text)
        add(base, "top-level list", "- " + json.dumps(data) + "\n")
        add(base, "top-level scalar", dq("TH-1-0001") + "\n")
        add(base, "empty file", "")
        add(base, "only a comment", "# niente\n")
        add(base, "duplicate top-level key, same value", text + f"lot: {data['lot']}\n")
        add(base, "nesting 40 levels deep in a note",
            mutated(base, ("intake", "interviews", 0, "notes"), Raw("[" * 40 + "]" * 40)))
        add(base, "padded over 1 MiB with comments", text + ("#" + "x" * 99 + "\n") * 10800, "size-limit")
        anchored = copy.deepcopy(data)
        anchored["referral"]["proposed_on"] = Raw("&day " + dq(referral["proposed_on"]))
        anchored["referral"]["office_validated_on"] = Raw("*day")
        add(base, "anchor and alias (same date twice)", document(anchored), "anchor")
        anchored = copy.deepcopy(data)
        anchored["district"] = Raw("&d " + dq(data["district"]))
        add(base, "an anchor, no alias", document(anchored), "anchor")
        merged = copy.deepcopy(data)
        merged["referral"] = {Raw("<<"): Raw("{office_validated_on: " + dq(referral["proposed_on"]) + "}"),
                              **{k: v for k, v in referral.items() if k != "office_validated_on"}}
        add(base, "merge key supplies referral/office_validated_on (optional)", document(merged), "merge-key")
        y11 = copy.deepcopy(data)
        y11["intake"]["interviews"][0]["with_social_worker"] = Raw("yes")
        add(base, "%YAML 1.1 directive, with_social_worker: yes", "%YAML 1.1\n---\n" + document(y11),
            "yaml-version")
    return cases


# ---------------------------------------------------------------- running both tools

def check_jsonschema() -> str:
    beside = Path(sys.executable).with_name("check-jsonschema")
    found = str(beside) if beside.exists() else shutil.which("check-jsonschema")
    assert found, "check-jsonschema is a test dependency (pyproject: [test]); install it"
    return found


def our_verdicts(project: Path, names: list[str]) -> dict[str, list[dict]]:
    done = tohome("validate", "--format", "json", "--lang", "en", cwd=project)
    assert done.returncode in (0, 1), done.stderr[-3000:]
    findings = json.loads(done.stdout)
    by_file: dict[str, list[dict]] = {name: [] for name in names}
    unknown = [f for f in findings if f["code"] not in SCHEMA_CODES | LOAD_CODES | RULE_CODES]
    assert not unknown, f"codes of no known stage (a crash?): {unknown[:5]}"
    for finding in findings:
        name = Path(finding["file"]).name
        assert name in by_file, finding
        if finding["code"] not in RULE_CODES:
            by_file[name].append(finding)
    return by_file


def their_verdicts(project: Path, names: list[str]) -> dict[str, list[str]]:
    done = subprocess.run([check_jsonschema(), "-o", "json", "--schemafile", "schemas/household.schema.json",
                           *(f"records/{n}" for n in names)], cwd=project, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode in (0, 1), done.stderr[-3000:]
    report = json.loads(done.stdout)
    by_file: dict[str, list[str]] = {name: [] for name in names}
    for error in report["errors"]:
        by_file[Path(error["filename"]).name].append(f"{error['path']}: {error['message'][:160]}")
    for error in report["parse_errors"]:
        by_file[Path(error["filename"]).name].append(f"parse error: {error['message'][:160]}")
    return by_file


def snippet(case: Case) -> str:
    return case.what if len(case.what) < 200 else case.what[:200] + "…"


def test_schema_verdicts_match_check_jsonschema(tmp_path):
    cases = build_cases()
    assert len(cases) >= 300, len(cases)
    project = tmp_path / "project"
    (project / "records").mkdir(parents=True)
    shutil.copytree(ROOT / "config", project / "config")
    shutil.copytree(ROOT / "schemas", project / "schemas")
    names = []
    for case in cases:
        name = case.name + ".yaml"
        (project / "records" / name).write_bytes(case.text.encode("utf-8"))
        names.append(name)

    ours = our_verdicts(project, names)
    theirs = their_verdicts(project, names)

    counts = {"both valid": 0, "both invalid": 0, "allowed": 0}
    allowed_seen: set[str] = set()
    problems = []
    for case, name in zip(cases, names):
        our_codes = {f["code"] for f in ours[name]}
        if bool(our_codes) == bool(theirs[name]):
            counts["both invalid" if our_codes else "both valid"] += 1
            continue
        rule = ALLOWED.get(case.quirk)
        if rule and our_codes and not theirs[name] and our_codes <= rule.codes:
            counts["allowed"] += 1
            allowed_seen.add(case.quirk)
            continue
        problems.append(
            f"{name} (from {case.base}): {snippet(case)}\n"
            f"    tohome: {'; '.join(f['code'] + ': ' + f['message'] for f in ours[name])[:400] or 'valid'}\n"
            f"    check-jsonschema: {'; '.join(theirs[name])[:400] or 'valid'}")

    assert not problems, (f"{len(problems)} disagreement(s) of {len(cases)} cases (files in {project}/records):\n"
                          + "\n".join(problems))
    for name in names[:len(BASES)]:                          # the unmutated records
        assert not ours[name] and not theirs[name], (name, ours[name], theirs[name])
    assert counts["both valid"] >= 50 and counts["both invalid"] >= 150, counts
    assert allowed_seen == set(ALLOWED), f"allow-list entries never needed: {set(ALLOWED) - allowed_seen}"
