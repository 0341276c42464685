"""A fast reader for the plain block YAML that records are written in, or None when unsure.

libyaml's composer builds a node, with two position marks, for every value before our builder
turns the nodes into data (`loader._Builder`): on a 4.5 KiB record that costs more than the schema
and every rule together. Records are almost always written in one small part of YAML: block
mappings and sequences, `key: value` lines, plain or one-line quoted values, comments, short
one-line lists and mappings (`[M1, M2]`, `{month: "2019-03", amount: 250.00}`).
This module reads exactly that part, line by line with one regular expression, and records no
position (positions are needed only for findings, and then the loader reads the text again).

It gives up (returns None) at the first thing outside that part or anything it would have to
judge: a tab, a carriage return, a character libyaml refuses or reads as a line break, a flow
collection that is nested or holds more than plain words and one-line quoted texts, a block or
multi-line scalar, an escape in double quotes, an anchor, alias, tag or directive, a document
marker, a duplicate key, a key that is not a plain word or is over 1,000 characters, a value that
starts with an indicator, a line indented unlike its neighbours, deep nesting.
The loader then reads the text the reference way (libyaml), which says what is wrong and where.
So on any text this reader accepts, the data is the reference reader's, value for value and type
for type (`tests/io/test_blockyaml.py` holds the two against each other on the public
yaml-test-suite, the hostile cases, every example record and generated mutations).
"""

from __future__ import annotations

import re

# One content line: indent, an optional "- " (a sequence entry), an optional plain-word key with
# its colon, and the rest of the line.
_LINE = re.compile(r"^( *)(- +)?(?:([A-Za-z0-9_][A-Za-z0-9_.-]*):(?: +|$))?(.*)$", re.MULTILINE)
# Anything that would make this reader guess: tabs and CR, characters libyaml refuses or reads as a
# line break (NEL, LS, PS), a byte-order mark inside the text. Only printable characters pass.
_UNSURE = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_DOUBLE = re.compile(r'"([^"\\]*)"(?: +#.*)? *\Z')
_SINGLE = re.compile(r"'((?:[^']|'')*)'(?: +#.*)? *\Z")
_EMPTY_FLOW = re.compile(r"(\[\]|\{\})(?: +#.*)? *\Z")
_WORD = r"[A-Za-z0-9_][A-Za-z0-9_.-]*"
# one-line flow collections of simple values: `[M1, M2]`, `{month: "2019-03", amount: 250.00}`
_VALUE = rf"""(?:"[^"\\]*"|'[^']*'|-?{_WORD})"""
_FLOW_TAIL = r"(?: +#.*)? *\Z"
_FLOW_SEQ = re.compile(rf"\[ *({_VALUE}(?: *, *{_VALUE})*) *\]{_FLOW_TAIL}")
_FLOW_MAP = re.compile(rf"\{{ *({_WORD}: +{_VALUE}(?: *, *{_WORD}: +{_VALUE})*) *\}}{_FLOW_TAIL}")
_ITEM = re.compile(rf"""(?:({_WORD}): +)?(?:"([^"\\]*)"|'([^']*)'|(-?{_WORD}))""")
# a plain value may not start with an indicator (flow, anchor, alias, tag, block scalar, directive,
# reserved, quote, comment) nor with "-", "?", ":", "<", "=" (sequence entry, complex key, merge key,
# the `=` value key: the reference reader judges those)
_NOT_PLAIN_START = frozenset("[]{}&*!|>%@`'\"#,-?:<=")
MAX_KEY = 1000   # libyaml refuses a key of more than 1024 characters
MAX_DEPTH = 28   # below the loader's limit: deeper nesting is judged by the reference reader


_KNOWN: dict[str, object] = {}   # a value's text (after "key: ") -> its value, for texts that recur
_KNOWN_MAX = 50_000
_KNOWN_BY: list = [None]          # the `resolve` those values come from
_MISSING = object()


class _Unsure(Exception):
    """The text is outside the part of YAML read here."""


def parse(text: str, resolve, refuse) -> dict | None:
    """The top-level mapping of `text`, or None when the reference reader must read it.
    `resolve` turns a plain scalar's text into its value (YAML 1.2 core, `loader.resolve_plain`);
    `refuse` says whether a plain scalar is one the loader refuses (`.nan`, `.inf`)."""
    if _UNSURE.search(text):
        return None
    # blank and comment-only lines say nothing (a dash or a key before a "#" does)
    lines = [m for m in _LINE.findall(text) if m[1] or m[2] or (m[3] and m[3][0] != "#")]
    if not lines:
        return None
    if _KNOWN_BY[0] is not resolve:   # remembered values are those of one way of resolving
        _KNOWN.clear()
        _KNOWN_BY[0] = resolve
    reader = _Reader(lines, resolve, refuse)
    try:
        if lines[0][0] or lines[0][1] or not lines[0][2]:
            return None   # the document must be a mapping starting in the first column
        data, at = reader.mapping(0, 0, 0)
    except (_Unsure, IndexError):
        return None
    return data if at == len(lines) else None


class _Reader:
    def __init__(self, lines: list[tuple[str, str, str, str]], resolve, refuse):
        # each line as (indent, "- " or "", key or "", rest); a dash line "  - k: v" is the entry at
        # the dash's column whose content (k: v) starts further right on the same line
        self.lines = lines
        self.resolve = resolve
        self.refuse = refuse

    def scalar(self, rest: str):
        """The value written as `rest` (never ""): the same text always gives the same value, and
        scalars (text, numbers, booleans, null) are immutable, so a recurring text is read once."""
        value = _KNOWN.get(rest, _MISSING)
        if value is _MISSING:
            value = self._scalar(rest)
            if type(value) not in (list, dict) and len(_KNOWN) < _KNOWN_MAX:
                _KNOWN[rest] = value
        return value

    def _scalar(self, rest: str):
        first = rest[0]
        if first == '"':
            found = _DOUBLE.match(rest)
            if found is None:
                raise _Unsure
            return found.group(1)
        if first == "'":
            found = _SINGLE.match(rest)
            if found is None:
                raise _Unsure
            return found.group(1).replace("''", "'")
        if first in _NOT_PLAIN_START and not (first == "-" and rest[1:2].isdigit()):   # -5 is a number
            found = _EMPTY_FLOW.match(rest)
            if found is not None:
                return [] if found.group(1) == "[]" else {}
            found = _FLOW_SEQ.match(rest) if first == "[" else _FLOW_MAP.match(rest) if first == "{" else None
            if found is None:
                raise _Unsure
            return self.flow(found.group(1), first == "{")
        cut = rest.find(" #")
        value = (rest if cut < 0 else rest[:cut]).rstrip(" ")
        if ": " in value or value.endswith(":") or self.refuse(value):
            raise _Unsure
        if cut >= 0 and (cut + 1 - len(value) == 1 or rest[cut + 2:cut + 3].isalnum()):
            raise _Unsure   # a "#" that may be part of the text (`rata #2`): the reference reader judges it
        return self.resolve(value)

    def flow(self, inner: str, pairs: bool):
        """The items of a one-line flow collection its pattern matched (`inner`: between the brackets)."""
        items = []
        for key, double, single, plain in _ITEM.findall(inner):
            if plain:
                if self.refuse(plain):
                    raise _Unsure
                value = self.resolve(plain)
            else:
                value = double or single   # quoted: as written (no escapes, no '' here)
            items.append((key, value))
        if not pairs:
            return [value for _key, value in items]
        out = dict(items)
        if len(out) != len(items) or any(len(key) > MAX_KEY for key in out):
            raise _Unsure   # a duplicate key
        return out

    def mapping(self, at: int, column: int, depth: int, first: tuple[str, str] | None = None):
        """A block mapping whose keys stand at `column`, from line `at`. `first` is the (key, rest)
        that follows a dash on the line before `at` (the mapping is a sequence entry)."""
        if depth > MAX_DEPTH:
            raise _Unsure
        lines = self.lines
        out: dict = {}
        count = len(lines)
        pending = first
        while True:
            if pending is not None:
                key, rest = pending
                pending = None
            else:
                if at == count:
                    return out, at
                indent, dash, key, rest = lines[at]
                width = len(indent)
                if width < column:
                    return out, at
                if width > column or dash or not key:
                    raise _Unsure   # a continuation, a misplaced entry or a plain line: not ours
                at += 1
            if key in out or len(key) > MAX_KEY:
                raise _Unsure   # duplicate key (the reference reader locates both), or one libyaml refuses
            if rest and rest[0] != "#":   # `key:  # a comment` is a key alone
                out[key] = self.scalar(rest)
                continue
            # `key:` alone: a nested block below it, a sequence at the key's own column, or null
            if at < count:
                indent, dash, _key, _rest = lines[at]
                width = len(indent)
                if width > column:
                    out[key], at = self.block(at, depth + 1)
                    continue
                if width == column and dash:
                    out[key], at = self.sequence(at, column, depth + 1)
                    continue
            out[key] = self.resolve("")

    def block(self, at: int, depth: int):
        indent, dash, key, _rest = self.lines[at]
        if dash:
            return self.sequence(at, len(indent), depth)
        if key:
            return self.mapping(at, len(indent), depth)
        raise _Unsure   # a scalar on its own line below its key

    def sequence(self, at: int, column: int, depth: int):
        if depth > MAX_DEPTH:
            raise _Unsure
        lines = self.lines
        out: list = []
        count = len(lines)
        while at < count:
            indent, dash, key, rest = lines[at]
            width = len(indent)
            if width < column or (width == column and not dash):
                break   # the caller judges what follows
            if width > column or not dash:
                raise _Unsure
            at += 1
            if key:
                value, at = self.mapping(at, column + len(dash), depth + 1, (key, rest))
                out.append(value)
            elif rest and rest[0] != "-":
                out.append(self.scalar(rest))
            else:
                raise _Unsure   # an empty entry, or "- - x": rare, read the reference way
            if at < count and len(lines[at][0]) > column and not (key and len(lines[at][0]) == column + len(dash)):
                raise _Unsure   # a line between the dash and the entry's content, or a continuation
        return out, at
