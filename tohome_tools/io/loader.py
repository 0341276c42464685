"""Strict YAML loader for records and configuration.

What it guarantees (the reasons are in devdocs/loader.md):
- YAML 1.2 core-schema meaning for plain scalars: `no`, `on`, `1:20` stay text, `010` is 10;
- dates stay text (validation checks them as dates); numbers with a decimal point or exponent
  become `Decimal`, never float, so money is exact from the file on;
- duplicate keys, anchors and aliases, merge keys, custom tags and several documents are refused;
- files over 1 MiB or not in UTF-8 are refused; a byte-order mark and CRLF line ends are accepted;
- every failure comes back as a located problem, never as an exception.

Records in plain block YAML (nearly all) are read by `blockyaml`; any other text, and the positions
of a record with findings, by libyaml (PyYAML's C binding) when present, else by the Python one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from tohome_tools.core import pointer as jp
from tohome_tools.core.findings import Finding, Severity
from tohome_tools.i18n import yamlsyntax
from tohome_tools.io import blockyaml

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32
MAX_ANCHOR_FINDINGS = 20

_TAG = "tag:yaml.org,2002:"
_IMPLICIT = "tag:tohome,2026:implicit"   # a scalar written without a tag
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")} | {_IMPLICIT}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
# a %YAML directive stands before the document, after blank or comment lines only
_VERSION = re.compile(r"\ufeff?(?:[ \t]*(?:#[^\n]*)?\r?\n)*(%YAML[ \t]+([^ \t\r\n#]+))")
_NOT_FINITE = re.compile(r"(\.nan|\.NaN|\.NAN|[-+]?(\.inf|\.Inf|\.INF))\Z")
_SPECIAL = {
    "": None, "~": None, "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True,
    "false": False, "False": False, "FALSE": False,
    # `.inf` and `.nan` (plain) are refused by the builder: no record value is infinite or NaN
}


@dataclass(frozen=True, slots=True)
class Problem:
    """A load failure: its code, place and parameters (the face words it in the reader's language)."""

    code: str
    line: int
    column: int
    pointer: str = ""
    params: dict = field(default_factory=dict)


class Loaded:
    """Data plus where each value and key stands in the file (1-based line, column).

    A text the fast reader (`blockyaml`) took is read again, the reference way, the first time a
    position is asked for: a clean record, the common case, never pays for its positions."""

    __slots__ = ("data", "problems", "blob_id", "commented", "_positions", "_key_positions", "_text")

    def __init__(self, data: object = None, positions: dict[str, tuple[int, int]] | None = None,
                 key_positions: dict[str, tuple[int, int]] | None = None, problems: list[Problem] | None = None,
                 blob_id: str | None = None):
        self.data = data
        self._positions = {} if positions is None else positions
        self._key_positions = {} if key_positions is None else key_positions
        self.problems = [] if problems is None else problems
        self.blob_id = blob_id   # git's id of the bytes read (`git hash-object`), when read from a file
        self._text: str | None = None   # set while the positions are still to be read
        # unquoted text followed on its line by a comment: pointer -> (line, column of "#", the comment,
        # the whole line as written from the value on): in a free-text field, what follows "#" was meant
        # as text. The fast reader leaves such a line to the reference reader, which fills this.
        self.commented: dict[str, tuple[int, int, str, str]] = {}

    def __repr__(self) -> str:
        return f"Loaded(data={self.data!r}, problems={self.problems!r}, blob_id={self.blob_id!r})"

    def _read_positions(self) -> None:
        text, self._text = self._text, None
        again = _load_reference(text)
        self._positions, self._key_positions = again._positions, again._key_positions

    @property
    def positions(self) -> dict[str, tuple[int, int]]:
        if self._text is not None:
            self._read_positions()
        return self._positions

    @property
    def key_positions(self) -> dict[str, tuple[int, int]]:
        if self._text is not None:
            self._read_positions()
        return self._key_positions

    @property
    def ok(self) -> bool:
        return not self.problems and self.data is not None

    def position(self, pointer: str, key: bool = False) -> tuple[int, int]:
        """Closest known position for a pointer: the value (or its key), else its nearest parent."""
        positions = self.positions
        table = self.key_positions if key else positions
        probe = pointer
        while True:
            if probe in table:
                return table[probe]
            if probe in positions:
                return positions[probe]
            if not probe:
                return (1, 1) if self.data is not None else (0, 0)
            probe = probe.rsplit("/", 1)[0]


def resolve_plain(text: str):
    """YAML 1.2 core schema for a plain (unquoted) scalar; floats become Decimal."""
    if text in _SPECIAL:
        return _SPECIAL[text]
    if _INT.match(text):
        # Python refuses to turn more than 4300 digits into an int: such a number is kept as a Decimal,
        # which the schema then reports where a whole number is expected
        return int(text) if len(text) <= 4000 else Decimal(text)
    if _FLOAT.match(text):
        number = Decimal(text)
        return abs(number) if number.is_zero() else number   # -0.00 is 0.00, not a negative amount
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    return text


# PyYAML (libyaml's composer) is imported by the reference reader the first time it runs: a clean
# record read by `blockyaml` never needs it, and its import costs more than reading a record.
yaml = None
_Loader = None
_ComposeLoader = None


def _import_yaml() -> None:
    global yaml, _Loader, _ComposeLoader
    if _ComposeLoader is not None:
        return
    import yaml as module

    base = getattr(module, "CSafeLoader", module.SafeLoader)

    class ComposeLoader(base):
        """The composer asks a YAML 1.1 resolver (a cascade of regexes) for the tag of every plain
        scalar; the builder re-reads plain scalars itself (YAML 1.2 core), so the guess only matters
        when it could name a tag the builder refuses (`<<` merge, `=` value). Skipping it elsewhere
        saves about a tenth of the load time; the tags the builder sees stay the same kind."""

        def resolve(self, kind, value, implicit):
            # Called only for scalars without an explicit tag: those get _IMPLICIT, so that the builder
            # can tell `!!str 1` (text, as written) from a plain `1` (a number, by YAML 1.2 core).
            if kind is module.ScalarNode:
                if implicit[0] and value[:1] in ("", "<", "=", "!", "&", "*"):
                    tag = super().resolve(kind, value, implicit)
                    return _IMPLICIT if tag == _TAG + "str" else tag
                return _IMPLICIT
            return super().resolve(kind, value, implicit)

    yaml, _ComposeLoader = module, ComposeLoader
    _Loader = _Loader or base   # the anchor scan's parser (a test may have set the Python one)


def _mark(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


class _Builder:
    """Turns a composed node tree into plain data, recording positions and refusing what we forbid."""

    def __init__(self, loaded: Loaded, text: str = ""):
        self.loaded = loaded
        self.text = text
        self.seen: set[int] = set()

    def problem(self, code: str, mark, pointer: str, **params) -> None:
        line, column = _mark(mark)
        self.loaded.problems.append(Problem(code, line, column, pointer, params))

    def build(self, node, pointer: str, depth: int):
        loaded = self.loaded
        mark = node.start_mark  # inlined _mark: this runs for every value of every record
        loaded._positions[pointer] = (mark.line + 1, mark.column + 1)
        if depth > MAX_DEPTH:
            self.problem("yaml-too-deep", node.start_mark, pointer, limit=MAX_DEPTH)
            return None
        if id(node) in self.seen:  # the composer shares one node between an anchor and its aliases
            self.problem("yaml-anchor", node.start_mark, pointer)
            return None
        self.seen.add(id(node))
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            if tag not in _SCALAR_TAGS:
                self.problem("yaml-merge-key" if tag == _TAG + "merge" else "yaml-tag",
                             node.start_mark, pointer, tag=tag.replace(_TAG, "!!"))
                return None
            if tag == _TAG + "str" or (tag == _IMPLICIT and node.style):  # `!!str`, quoted or block: text
                return node.value
            if tag == _IMPLICIT and self.text[node.start_mark.index:node.start_mark.index + 1] == "!":
                return node.value   # the non-specific tag `! 1955` makes text, as YAML 1.2 says (libyaml hides it)
            if tag == _IMPLICIT or tag == _TAG + "timestamp":   # plain: YAML 1.2 core (dates stay text)
                if _NOT_FINITE.match(node.value):   # a float in YAML 1.2, text for us: say so rather than guess
                    self.problem("yaml-not-finite", node.start_mark, pointer, value=node.value)
                    return None
                value = resolve_plain(node.value)
                if isinstance(value, str):
                    self._comment_after(node, pointer)
                return value
            # an explicit !!int, !!float, !!bool or !!null is honoured when the text is one, else refused
            value = resolve_plain(node.value)
            wanted = {_TAG + "int": int, _TAG + "float": (Decimal, int), _TAG + "bool": bool,
                      _TAG + "null": type(None)}[tag]
            if isinstance(value, bool) and wanted is int or not isinstance(value, wanted):
                self.problem("yaml-tag", node.start_mark, pointer, tag=tag.replace(_TAG, "!!"))
                return None
            return Decimal(value) if tag == _TAG + "float" else value
        if isinstance(node, yaml.SequenceNode):
            if tag != _TAG + "seq":
                self.problem("yaml-tag", node.start_mark, pointer, tag=tag.replace(_TAG, "!!"))
                return None
            return [self.build(item, f"{pointer}/{i}", depth + 1) for i, item in enumerate(node.value)]
        if tag != _TAG + "map":
            self.problem("yaml-tag", node.start_mark, pointer, tag=tag.replace(_TAG, "!!"))
            return None
        result: dict = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem("yaml-complex-key", key_node.start_mark, pointer)
                continue
            if key_node.tag == _TAG + "merge":
                self.problem("yaml-merge-key", key_node.start_mark, pointer)
                continue
            if key_node.tag not in _SCALAR_TAGS:
                self.problem("yaml-tag", key_node.start_mark, pointer, tag=key_node.tag.replace(_TAG, "!!"))
                continue
            key = key_node.value
            child = f"{pointer}/{key}" if "~" not in key and "/" not in key else jp.join(pointer, key)
            if key in first_line:
                self.problem("yaml-duplicate-key", key_node.start_mark, child, key=key, first=first_line[key])
                continue
            first_line[key] = key_node.start_mark.line + 1
            loaded._key_positions[child] = _mark(key_node.start_mark)
            result[key] = self.build(value_node, child, depth + 1)
        return result


    def _comment_after(self, node, pointer: str) -> None:
        """A `#` right after unquoted text that reads as part of it: one space before it (a comment is
        written with two, as YAML style guides ask) or a letter or digit after it (`rata #2`)."""
        end = node.end_mark.index
        stop = self.text.find("\n", end)
        rest = self.text[end:stop if stop >= 0 else len(self.text)]
        gap = len(rest) - len(rest.lstrip(" \t"))
        if rest[gap:gap + 1] == "#" and (gap == 1 or rest[gap + 1:gap + 2].isalnum()):
            column = node.end_mark.column + gap
            whole = self.text[node.start_mark.index:end + len(rest)].rstrip("\r \t")
            self.loaded.commented[pointer] = (node.end_mark.line + 1, column + 1, rest.strip(" \t\r"), whole)


def _scan_anchors(text: str, loaded: Loaded) -> None:
    """Locate anchors and aliases precisely (only called when '&' or '*' occurs in the text)."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line, column = _mark(event.start_mark)
                loaded.problems.append(Problem("yaml-anchor", line, column))
                if len(loaded.problems) >= MAX_ANCHOR_FINDINGS:  # an alias bomb: the first few say it all
                    return
    except yaml.YAMLError:
        pass  # the composer reports the syntax error itself


def _unclosed_quote(lines: list[str], error_line: int) -> tuple[int, int] | None:
    """Where a double quote opens and never closes on its line, just above a syntax error.

    libyaml only notices an unclosed quote lines later, where the text stops making sense; the
    person needs the line where the quote opens.
    """
    for index in range(error_line - 1, max(-1, error_line - 6), -1):
        line = lines[index] if index < len(lines) else ""
        count, column = 0, None
        escaped = False
        for position, char in enumerate(line):
            if char == "#" and count % 2 == 0 and (position == 0 or line[position - 1] in " \t"):
                break
            if char == '"' and not escaped:
                count += 1
                column = position if count % 2 else column
            escaped = char == "\\" and not escaped
        if count % 2:
            return index + 1, column + 1
    return None


def _syntax_problem(error: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    if error.context_mark and "quoted scalar" in (error.context or ""):
        mark = error.context_mark  # an unclosed quote is found lines later: point at where it opens
    line, column = _mark(mark) if mark else (1, 1)
    problem = (error.problem or str(error)).strip()
    lines = text.splitlines()
    if lines and line > len(lines):  # libyaml marks the end of a file without a final newline one line on
        line, column = len(lines), len(lines[-1]) + 1
    if mark and mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] == "\t":
        return Problem("yaml-tabs", line, column)
    if "expected a single document" in problem or "but found another document" in (error.context or "") + problem:
        return Problem("yaml-multiple-documents", line, column)
    opened = _unclosed_quote(lines, mark.line if mark else 0)
    if opened is not None:
        return Problem("yaml-syntax", opened[0], opened[1], params={"kind": "unclosed-quote"})
    if "#x0000" in problem or "special characters are not allowed" in problem:
        return Problem("yaml-syntax", line, column, params={"kind": "control-character", "detail": "NUL"})
    line_text = lines[mark.line] if mark and mark.line < len(lines) else ""
    kind = yamlsyntax.kind_of(problem, line_text, mark.column if mark else 0)
    return Problem("yaml-syntax", line, column, params={"kind": kind, "detail": problem} if kind == "other" else {"kind": kind})


_CONFLICT = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)


def _refused_plain(text: str) -> bool:
    return _NOT_FINITE.match(text) is not None


def load_text(text: str) -> Loaded:
    if text.startswith("\ufeff"):
        text = text[1:]
    data = blockyaml.parse(text, resolve_plain, _refused_plain)
    if data is not None:   # the common case: no problem, positions read only if asked for
        loaded = Loaded(data)
        loaded._text = text
        return loaded
    return _load_reference(text)


def _load_reference(text: str) -> Loaded:
    """libyaml's composer and our builder: every position, and every refusal located."""
    _import_yaml()
    loaded = Loaded()
    conflict = _CONFLICT.search(text)
    if conflict:   # a merge left unresolved: say so, wherever the markers sit (even inside a quoted text)
        loaded.problems.append(Problem("merge-conflict", text.count("\n", 0, conflict.start()) + 1, 1))
        return loaded
    if "&" in text or "*" in text:
        _scan_anchors(text, loaded)
        if loaded.problems:
            return loaded
    loader = _ComposeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        loaded.problems.append(_syntax_problem(error, text))
        return loaded
    except yaml.reader.ReaderError:  # a control character (NUL, ESC, ...); libyaml counts bytes, find it
        found = yaml.reader.Reader.NON_PRINTABLE.search(text)
        at = found.start() if found else 0
        before = text[:at]
        loaded.problems.append(Problem("yaml-syntax", before.count("\n") + 1, at - before.rfind("\n"), params={
            "kind": "control-character", "detail": f"U+{ord(text[at]) if found else 0:04X}"}))
        return loaded
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        kind = "too-deep" if isinstance(error, RecursionError) else yamlsyntax.kind_of(str(error), "", 0)
        params = {"kind": kind, "detail": str(error)} if kind == "other" else {"kind": kind}
        loaded.problems.append(Problem("yaml-syntax", 1, 1, params=params))
        return loaded
    finally:
        loader.dispose()
    directive = _VERSION.match(text)
    if directive and directive.group(2) != "1.2":   # `%YAML 1.1` makes `yes` true and 010 eight elsewhere
        line = text[:directive.start(1)].count("\n") + 1
        loaded.problems.append(Problem("yaml-version", line, 1, params={"version": directive.group(2)}))
        return loaded
    if node is None:
        loaded.problems.append(Problem("file-empty", 1, 1))
        return loaded
    data = _Builder(loaded, text).build(node, "", 0)
    if not isinstance(data, dict):
        if not loaded.problems:
            kind = "list" if isinstance(data, list) else ("null" if data is None else "scalar")
            line, column = loaded.positions.get("", (1, 1))
            loaded.problems.append(Problem("yaml-not-mapping", line, column, "", {"kind": kind}))
        return loaded
    loaded.data = data
    return loaded


def decode(raw: bytes) -> tuple[str | None, Problem | None]:
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        return None, Problem("file-encoding", line, column, params={"byte": f"0x{raw[error.start]:02x}"})


def load_bytes(raw: bytes) -> Loaded:
    if len(raw) > MAX_BYTES:
        return Loaded(problems=[Problem("file-too-large", 0, 0, params={"size": len(raw), "limit": MAX_BYTES})])
    text, problem = decode(raw)
    if problem:
        return Loaded(problems=[problem])
    return load_text(text)


def load_path(path: Path) -> Loaded:
    try:
        path.lstat()  # a file listed a moment ago may be gone: say so, not "not a regular file"
        if path.is_symlink() or not path.is_file():
            kind = "symlink" if path.is_symlink() else ("folder" if path.is_dir() else "special")
            return Loaded(problems=[Problem("not-a-file", 0, 0, params={"name": path.name, "kind": kind})])
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Loaded(problems=[Problem("file-too-large", 0, 0, params={"size": size, "limit": MAX_BYTES})])
        raw = path.read_bytes()
    except OSError as error:
        return Loaded(problems=[Problem("file-unreadable", 0, 0, params={"detail": error.strerror or str(error),
                                                                         "errno": error.errno})])
    loaded = load_bytes(raw)
    # the id of the very bytes parsed: a cache keyed by it cannot pair one content with another's summary
    loaded.blob_id = blob_id(raw)
    return loaded


def blob_id(raw: bytes) -> str:
    """The id git gives these exact bytes (`git hash-object`)."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest()


def to_findings(loaded: Loaded, file: str, settings: bool = False) -> list[Finding]:
    """The loader's problems as findings (code and parameters: the face words them). `settings`: the
    file is one of the programme's own (configuration, layout, register), not a record, and a hint
    must not tell its reader to make a record of it or delete it."""
    extra = {"settings_file": True} if settings else {}
    return [Finding(file, p.line, p.column, p.pointer, p.code, Severity.ERROR, {**p.params, **extra})
            for p in loaded.problems]
