"""Where each field of a record stands in its text, read line by line without a YAML parser.

An editor's buffer is often half typed and does not parse, yet hover, completion, the outline of
symbols and go-to-definition must still know which field the cursor is in. Records are block YAML
with one field per line (`tohome new` writes them so), small flow mappings such as
`- {month: "2019-03", measure: H1, amount: 250.00}` and flow lists such as `[M1, M2]`: indentation
and `- ` markers say the path, as the loader's JSON pointers write it (`/household/members/0/key`).
Diagnostics never come from here: they are `validate`'s, from the real loader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tohome_tools.core import pointer as jp

_BREAK = re.compile(r"\r\n|\r|\n")   # the line ends the protocol counts (and no others)
_BLOCK = re.compile(r"[|>][-+0-9]*\s*(#.*)?\Z")   # `|`, `>-`, `|2` ... a block scalar starts


@dataclass(frozen=True, slots=True)
class Entry:
    """One value in the text. Lines and columns are 0-based, in characters of the line."""

    pointer: str
    line: int
    key: str | None          # None for a list item
    key_col: int             # where the key (or the item's `-`) starts
    value: str | None        # a scalar as read (quotes removed); None for a nested block or nothing
    value_col: int           # where the value starts (the end of the line when there is none)
    value_end: int
    quoted: bool = False

    def name(self) -> str:
        return self.key if self.key is not None else jp.parts(self.pointer)[-1]


@dataclass
class Spot:
    """What the cursor is on: a key, a value, or a new field being typed in a mapping (`pointer`
    is then the mapping's, and `prefix` what is typed so far)."""

    role: str                # "key", "value" or "new-key"
    pointer: str
    entry: Entry | None = None
    prefix: str = ""


@dataclass
class Outline:
    entries: list[Entry] = field(default_factory=list)
    by_line: dict[int, list[Entry]] = field(default_factory=dict)
    # the containers open at each line (column, pointer), for a field typed on a line of its own
    open_at: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    last_line: dict[str, int] = field(default_factory=dict)   # pointer -> last line of the value
    lines: list[str] = field(default_factory=list)
    text_of: dict[int, str] = field(default_factory=dict)   # a line inside a multi-line text -> its field

    def find(self, pointer: str) -> Entry | None:
        for entry in self.entries:
            if entry.pointer == pointer:
                return entry
        return None

    def value(self, pointer: str) -> str | None:
        entry = self.find(pointer)
        return entry.value if entry is not None else None

    def matching(self, pattern: str) -> list[Entry]:
        """Entries whose pointer matches `pattern`, where `*` stands for any one step."""
        wanted = pattern.split("/")
        out = []
        for entry in self.entries:
            steps = entry.pointer.split("/")
            if len(steps) == len(wanted) and all(w in ("*", s) for w, s in zip(wanted, steps)):
                out.append(entry)
        return out

    def children(self, pointer: str) -> list[Entry]:
        """The entries directly inside `pointer`, in text order."""
        depth = pointer.count("/") + 1
        return [e for e in self.entries if e.pointer.startswith(pointer + "/") and e.pointer.count("/") == depth]

    def span(self, pointer: str) -> tuple[int, int]:
        """First and last line of a value and everything inside it."""
        entry = self.find(pointer)
        first = entry.line if entry else 0
        return first, max(self.last_line.get(pointer, first), first)

    def spot(self, line: int, column: int) -> Spot | None:
        """What is at (line, column), or None (a comment, a blank line outside any mapping...)."""
        if line in self.text_of:
            return Spot("value", self.text_of[line], self.find(self.text_of[line]))
        here = self.by_line.get(line, [])
        best = None
        for entry in here:   # the last entry starting at or before the cursor
            if entry.key_col <= column and (best is None or entry.key_col >= best.key_col):
                best = entry
        if best is not None:
            if best.key is not None and column <= best.key_col + len(best.key):
                return Spot("key", best.pointer, best)
            return Spot("value", best.pointer, best)
        if line in self.open_at:
            text = self.lines[line] if line < len(self.lines) else ""
            typed = text[:column].lstrip(" ")
            if typed.startswith("#"):
                return None
            at = len(text) - len(text.lstrip(" ")) if typed else column   # where the new field starts
            parents = [(col, ptr) for col, ptr in self.open_at[line] if col < at]
            return Spot("new-key", parents[-1][1] if parents else "", None, typed.strip())
        return None


class _Reader:
    def __init__(self, text: str):
        self.lines = lines_of(text)
        self.out = Outline(lines=self.lines)
        # open containers: (column, pointer, kind) with kind "key" (a field whose value is below it),
        # "item" (a list item) or "scalar" (a field whose value is on the same line)
        self.stack: list[tuple[int, str, str]] = []
        self.count: dict[str, int] = {}   # list pointer -> items seen

    def read(self) -> Outline:
        block = None     # (indentation, quoted, closes, field) while inside a block scalar or a quoted text
        for number, text in enumerate(self.lines):
            stripped = text.lstrip(" ")
            indent = len(text) - len(stripped)
            self.out.open_at[number] = [(col, ptr) for col, ptr, kind in self.stack if kind != "scalar"]
            if block is not None:
                if not stripped or indent > block[0] or (block[1] and not block[2](text)):
                    self.out.text_of[number] = block[3]
                    if block[1] and block[2](text):
                        block = None
                    continue
                block = None
            if not stripped or stripped.startswith("#") or stripped.startswith(("---", "...", "%", "<<<<<<<",
                                                                                "=======", ">>>>>>>", "|||||||")):
                continue
            block = self.line(number, text, indent)
        return self.out

    def _parent(self, column: int, dash: bool) -> str:
        """Close what a token at `column` ends; the pointer of the container it goes into."""
        while self.stack:
            col, ptr, kind = self.stack[-1]
            if col < column or (dash and col == column and kind == "key"):
                break
            self.stack.pop()
        return self.stack[-1][1] if self.stack else ""

    def _add(self, entry: Entry) -> None:
        self.out.entries.append(entry)
        self.out.by_line.setdefault(entry.line, []).append(entry)
        # every container around it reaches at least this line
        for _col, ptr, _kind in self.stack:
            self.out.last_line[ptr] = max(self.out.last_line.get(ptr, entry.line), entry.line)
        self.out.last_line[entry.pointer] = max(self.out.last_line.get(entry.pointer, entry.line), entry.line)

    def line(self, number: int, text: str, at: int):
        """Read one line from column `at`; returns the state of a block scalar or a quoted text
        that goes on over the next lines, else None."""
        while text.startswith("-", at) and (at + 1 == len(text) or text[at + 1] in " \t"):
            parent = self._parent(at, dash=True)
            index = self.count.get(parent, 0)
            self.count[parent] = index + 1
            pointer = jp.join(parent, index)
            nxt = at + 1
            while nxt < len(text) and text[nxt] == " ":
                nxt += 1
            self.stack.append((at, pointer, "item"))
            rest = _uncommented(text, nxt).rstrip()
            if rest.startswith(("{", "[")):
                self._add(Entry(pointer, number, None, at, None, nxt, nxt + len(rest)))
                self._flow(number, text, nxt, pointer)
                return None
            nested = text.startswith("-", nxt) and (nxt + 1 == len(text) or text[nxt + 1] in " \t")
            if not nested and (not rest or _key_end(text, nxt) is None):   # `- M1`, or `- ` being typed
                self._add(Entry(pointer, number, None, at, *_scalar(text, nxt)))
                return None
            self._add(Entry(pointer, number, None, at, None, nxt, nxt))
            at = nxt
        end = _key_end(text, at)
        if end is None:
            return None   # a continuation line, or a key being typed without its colon yet
        key = _unquote(text[at:end].strip())
        parent = self._parent(at, dash=False)
        pointer = jp.join(parent, key)
        start = end + 1
        while start < len(text) and text[start] == " ":
            start += 1
        rest = _uncommented(text, start).rstrip()
        if not rest:
            self._add(Entry(pointer, number, key, at, None, start, start))
            self.stack.append((at, pointer, "key"))
            return None
        if rest.startswith(("{", "[")):
            self._add(Entry(pointer, number, key, at, None, start, start + len(rest)))
            self.stack.append((at, pointer, "scalar"))
            self._flow(number, text, start, pointer)
            return None
        if _BLOCK.match(rest):
            self._add(Entry(pointer, number, key, at, None, start, start + len(rest)))
            self.stack.append((at, pointer, "scalar"))
            return (at, False, None, pointer)
        value, vcol, vend, quoted = _scalar(text, start)
        self._add(Entry(pointer, number, key, at, value, vcol, vend, quoted))
        self.stack.append((at, pointer, "scalar"))
        opening = text[start]
        if opening in "\"'" and not _closed(text, start):
            return (at, True, lambda later: _closes(later, opening), pointer)
        return None

    def _flow(self, number: int, text: str, start: int, pointer: str) -> None:
        """A one-line flow mapping or list: `{a: 1, b: x}`, `[M1, M2]` (nested ones are skipped)."""
        opening = text[start]
        closing = "}" if opening == "{" else "]"
        index, at, depth = 0, start + 1, 0
        pieces, begin = [], at
        while at < len(text):
            char = text[at]
            if char in "\"'":
                at = quote_end(text, at)
                continue
            if char in "{[":
                depth += 1
            elif char in "}]" and depth:
                depth -= 1
            elif (char == "," or char == closing) and depth == 0:
                pieces.append((begin, at))
                begin = at + 1
                if char == closing:
                    break
            at += 1
        else:
            pieces.append((begin, len(text)))   # not closed on this line: what is there so far
        for begin, end in pieces:
            while begin < end and text[begin] == " ":
                begin += 1
            piece = text[begin:end].rstrip()
            if opening == "[":
                if piece:
                    value, _c, _e, quoted = _scalar(text[:begin + len(piece)], begin)
                    self._add(Entry(jp.join(pointer, index), number, None, begin, value, begin, begin + len(piece),
                                    quoted))
                index += 1
                continue
            colon = _key_end(text[:begin + len(piece)], begin)
            if colon is None:
                continue
            key = _unquote(text[begin:colon].strip())
            vstart = colon + 1
            while vstart < begin + len(piece) and text[vstart] == " ":
                vstart += 1
            value, vcol, vend, quoted = _scalar(text[:begin + len(piece)], vstart)
            self._add(Entry(jp.join(pointer, key), number, key, begin, value, vcol, vend, quoted))


def _closing(text: str, start: int, quote: str) -> int | None:
    """Where the quoted text that `quote` opened before `start` closes on this line (None: it does not).
    Inside double quotes a backslash escapes; inside single quotes '' is a quote."""
    i = start
    while i < len(text):
        if quote == '"' and text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            if quote == "'" and text[i + 1:i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return None


def quote_end(text: str, at: int) -> int:
    """The column after the quoted text opening at `at` (the end of the line if it stays open)."""
    close = _closing(text, at + 1, text[at])
    return len(text) if close is None else close + 1


def _closed(text: str, at: int) -> bool:
    return _closing(text, at + 1, text[at]) is not None


def _closes(text: str, quote: str) -> bool:
    """True when a line ends a quoted text that opened on an earlier line."""
    return _closing(text, 0, quote) is not None


def _key_end(text: str, at: int) -> int | None:
    """Column of the colon that ends a key starting at `at` (`key:` then a space or the end), else None."""
    i = at
    if i < len(text) and text[i] in "\"'":
        i = quote_end(text, i)
    while i < len(text):
        char = text[i]
        if char == ":" and (i + 1 == len(text) or text[i + 1] in " \t"):
            return i
        if char == "#" and i > at and text[i - 1] in " \t":
            return None
        if char in "{}[]," and i == at:
            return None
        i += 1
    return None


def _uncommented(text: str, at: int) -> str:
    """The line from `at` without a trailing comment (a `#` after a space, outside quotes)."""
    i = at
    while i < len(text):
        char = text[i]
        if char in "\"'" and (i == at or text[i - 1] in " \t[{,:"):
            i = quote_end(text, i)
            continue
        if char == "#" and (i == at or text[i - 1] in " \t"):
            return text[at:i]
        i += 1
    return text[at:]


def _scalar(text: str, at: int) -> tuple[str | None, int, int, bool]:
    """(value, start, end, quoted) of a scalar starting at `at`."""
    if at >= len(text):
        return None, at, at, False
    if text[at] in "\"'":
        end = quote_end(text, at)
        inner = text[at + 1:end - 1] if end - 1 > at and text[end - 1] == text[at] else text[at + 1:end]
        inner = inner.replace("''", "'") if text[at] == "'" else inner.replace('\\"', '"').replace("\\\\", "\\")
        return inner, at, end, True
    rest = _uncommented(text, at).rstrip()
    return (rest or None), at, at + len(rest), False


def _unquote(key: str) -> str:
    if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'":
        return key[1:-1]
    return key


def lines_of(text: str) -> list[str]:
    return _BREAK.split(text)


def read(text: str) -> Outline:
    """The outline of a record's text (never fails: what it cannot read, it leaves out)."""
    return _Reader(text).read()
