"""Hostile inputs for the loader and `tohome validate`, as data.

Every case writes one or more hostile entries into a project's records/ folder, beside a valid record
(TH-4-0001) and a record with a known rule error (TH-4-0002, lot-district on the district line). A
case either reads like the clean record (`clean=True`: CRLF, byte-order mark, ...) or must give the
findings in `expect`, each located where the input has a position (line and column counted in the
hostile text itself, never copied from the tool's output).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from helpers import EXAMPLES

BASE = (EXAMPLES / "valid" / "full" / "TH-4-0001.yaml").read_text(encoding="utf-8")
HOSTILE = "TH-4-0003.yaml"
KNOWN_ERROR = ("TH-4-0002.yaml", "lot-district")
# Findings about an entry as a whole (no position in it): line and column 0.
UNLOCATED = {"not-a-file", "file-unreadable", "file-too-large"}


def record(number: int, text: str = BASE) -> str:
    return text.replace("TH-4-0001", f"TH-4-{number:04d}")


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once in the base record"
    return text.replace(old, new)


def hostile(old: str, new: str) -> str:
    """The valid record renumbered as TH-4-0003, with one passage replaced."""
    return edit(record(3), old, new)


def where(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """1-based line and column of the first `needle` in `text` (plus `offset` characters)."""
    at = text.index(needle) + offset
    before = text[:at]
    return before.count("\n") + 1, at - before.rfind("\n")


def baseline(records: Path) -> None:
    (records / "TH-4-0001.yaml").write_text(BASE, encoding="utf-8")
    (records / "TH-4-0002.yaml").write_text(edit(record(2), "district: C8", "district: C5"), encoding="utf-8")


def known_error_line() -> int:
    return where(record(2), "district: C8")[0]


@dataclass(frozen=True)
class Expect:
    file: str
    code: str
    line: int | None = None    # None: any line >= 1 (or 0 for UNLOCATED codes)
    column: int | None = None
    says: str = ""             # a fragment the message or hint must contain


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], None]
    expect: tuple[Expect, ...] = ()
    clean: bool = False
    allowed: frozenset[str] = frozenset()  # further codes the hostile entries may also get
    unprivileged: bool = False              # needs a process that file permissions apply to
    files: tuple[str, ...] = field(default=(HOSTILE,))


def write(name: str, data: str | bytes) -> Callable[[Path], None]:
    def build(records: Path) -> None:
        path = records / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return build


def at(text: str, needle: str, code: str, offset: int = 0, says: str = "", file: str = HOSTILE) -> Expect:
    line, column = where(text, needle, offset)
    return Expect(file, code, line, column, says)


def _case(name: str, text: str | bytes, *expect: Expect, **options) -> Case:
    return Case(name, write(HOSTILE, text), tuple(expect), **options)


def _bomb(levels: int, width: int) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        lines.append(f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


BILLION_LAUGHS = _bomb(9, 10)  # 10**9 strings if expanded
ALIAS_FLOOD = 'a: &a "' + "x" * 1000 + '"\nb: [' + ", ".join(["*a"] * 200_000) + "]\n"  # 200 MB if expanded
MERGE_WITH_ALIAS = hostile("prevention:\n", "defaults: &d\n  level: primary\nprevention:\n  <<: *d\n")
MERGE_INLINE = hostile("prevention:\n", "prevention:\n  <<: {housing_at_entry: shelter}\n")
DEEP_BLOCK = "id: TH-4-0003\n" + "".join("  " * n + f"k{n}:\n" for n in range(200)) + "  " * 200 + "end: 1\n"
DEEP_FLOW = "id: TH-4-0003\nx: " + "[" * 5000 + "]" * 5000 + "\n"
LONG_NOTE = hostile("notes: Primo colloquio.", "notes: " + "lunghissimo " * 40000)
HUGE_LINE = hostile("notes: Primo colloquio.", "notes: " + "x" * (1024 * 1024 + 10))
# over the 1024-character key limit
LONG_KEY = hostile("      notes: Primo colloquio.", "      " + "k" * 5000 + ": Primo colloquio.")
NUL = hostile("Primo colloquio.", "Primo\x00colloquio.")
ESCAPE = hostile("Primo colloquio.", "Primo \x1b[31mcolloquio.")
HUGE_INTEGER = hostile("lot: 4", "lot: " + "9" * 5000)   # past Python's 4300-digit int conversion limit
CONFLICT = hostile("district: C8", "<<<<<<< HEAD\ndistrict: C8\n=======\ndistrict: C1\n>>>>>>> altro")
CONFLICT_IN_TEXT = hostile("notes: Primo colloquio.", 'notes: "Primo\n<<<<<<< HEAD\n  colloquio.\n=======\n  x\n>>>>>>> y"')
LATIN1_TEXT = hostile("Primo colloquio.", "Primo colloquio già fatto.")
LATIN1 = LATIN1_TEXT.encode("utf-8").replace("già".encode(), b"gi\xe0")  # saved as Latin-1 by an old editor
UTF16 = "\ufeff".encode("utf-16-le") + record(3).encode("utf-16-le")
TABS = hostile("  level: primary\n", "\tlevel: primary\n")
TWO_DOCS = record(3) + "---\n" + record(3)
DUPLICATE_KEY = hostile("  level: primary\n", "  level: primary\n  level: secondary\n")
PYTHON_TAG = hostile("notes: Primo colloquio.", "notes: !!python/object/apply:os.system ['touch HACKED']")
PYTHON_NAME = hostile("notes: Primo colloquio.", "notes: !!python/name:os.system")
LOCAL_TAG = hostile("notes: Primo colloquio.", "notes: !segreto Primo colloquio.")
BINARY_TAG = hostile("notes: Primo colloquio.", "notes: !!binary UHJpbW8gY29sbG9xdWlvLg==")
SET_TAG = hostile("prevention:\n", "prevention: !!set\n")
ID_NUMBER = hostile("id: TH-4-0003", "id: 40003")
LOT_TEXT = hostile("lot: 4", 'lot: "4"')
AMOUNT_COMMA = hostile("monthly_amount: 250.00", 'monthly_amount: "250,00"')
AMOUNT_COMMA_PLAIN = hostile("monthly_amount: 250.00", "monthly_amount: 250,00")
AMOUNT_THOUSANDS = hostile("monthly_amount: 250.00", 'monthly_amount: "1.250,00"')
AMOUNT_EURO = hostile("monthly_amount: 250.00", 'monthly_amount: "€ 250"')
AMOUNT_NAN = hostile("monthly_amount: 250.00", "monthly_amount: .nan")
AMOUNT_INF = hostile("monthly_amount: 250.00", "monthly_amount: -.inf")
AMOUNT_HUGE = hostile("monthly_amount: 250.00", "monthly_amount: 1e999999999")
DATE_ITALIAN = hostile('- date: "2019-01-21"', '- date: "21/01/2019"')
DATE_ITALIAN_PLAIN = hostile('- date: "2019-01-21"', "- date: 21/01/2019")
UNCLOSED_QUOTE = hostile('proposed_on: "2019-01-10"', 'proposed_on: "2019-01-10')
LINE_SEPARATOR = hostile("notes: Primo colloquio.", "notes: Primo\u2028colloquio.")
WEIRD_UNICODE = hostile("notes: Primo colloquio.", 'notes: "Primo \u202ecolloquio\u200b 🏠 \ufeff e\u0301"')
SAME_AS_ONE = BASE  # the household of TH-4-0001 copied into a second file
WIDE = hostile("closure:\n", "".join(f"campo_{n}: {n}\n" for n in range(3000)) + "closure:\n")


def _symlink(target: Callable[[Path], Path], name: str = HOSTILE) -> Callable[[Path], None]:
    def build(records: Path) -> None:
        os.symlink(target(records), records / name)
    return build


def _outside_file(records: Path) -> Path:
    outside = records.parents[1] / "fuori"
    outside.mkdir(exist_ok=True)
    (outside / "segreto.yaml").write_text(record(3), encoding="utf-8")
    return outside / "segreto.yaml"


def _outside_folder(records: Path) -> Path:
    _outside_file(records)
    return records.parents[1] / "fuori"


def _folder_like_record(records: Path) -> None:
    (records / HOSTILE).mkdir()


def _fifo(records: Path) -> None:
    os.mkfifo(records / HOSTILE)


def _unreadable(records: Path) -> None:
    path = records / HOSTILE
    path.write_text(record(3), encoding="utf-8")
    path.chmod(0)


def _partial_temp_file(records: Path) -> None:
    # what tohome_tools.io.atomic leaves for a moment (or after a kill -9): must never count as a record
    (records / f".{HOSTILE}.k3j9x2.tmp").write_text(record(3)[:200], encoding="utf-8")


def _with_name(name: str, text: str) -> Case:
    return Case(f"name-{name}", write(name, text), files=(name,),
                expect=(Expect(name, "file-name", where(text, "id: ", 4)[0], where(text, "id: ", 4)[1]),))


def cases() -> list[Case]:
    h = HOSTILE
    return [
        _case("alias-bomb", BILLION_LAUGHS, at(BILLION_LAUGHS, "&l0", "yaml-anchor", says="Ancore")),
        _case("alias-flood", ALIAS_FLOOD, at(ALIAS_FLOOD, "&a", "yaml-anchor"), at(ALIAS_FLOOD, "*a", "yaml-anchor")),
        _case("merge-key-with-alias", MERGE_WITH_ALIAS, at(MERGE_WITH_ALIAS, "&d", "yaml-anchor")),
        _case("merge-key-inline", MERGE_INLINE, at(MERGE_INLINE, "<<", "yaml-merge-key", says="«<<»")),
        _case("deep-block-nesting", DEEP_BLOCK, Expect(h, "yaml-too-deep", says="profondità"),
              allowed=frozenset({"schema-required", "schema-unknown-field"})),
        _case("deep-flow-nesting", DEEP_FLOW, Expect(h, "yaml-syntax", 2, says="annidat")),
        _case("long-line", LONG_NOTE, at(LONG_NOTE, "notes: lung", "schema-size", 7, says="4000")),
        _case("line-over-size-limit", HUGE_LINE, Expect(h, "file-too-large", 0, 0, says="troppo grande")),
        _case("long-key", LONG_KEY, Expect(h, "yaml-syntax", where(LONG_KEY, "kkkk")[0], says="«:»")),
        _case("nul-byte", NUL, at(NUL, "\x00", "yaml-syntax", says="U+0000")),
        _case("escape-character", ESCAPE, at(ESCAPE, "\x1b", "yaml-syntax", says="U+001B")),
        _case("huge-integer", HUGE_INTEGER, at(HUGE_INTEGER, "999", "schema-range", says="5000 caratteri")),
        _case("merge-conflict-markers", CONFLICT, at(CONFLICT, "<<<<<<<", "merge-conflict", says="conflitto")),
        _case("merge-conflict-in-quoted-text", CONFLICT_IN_TEXT,
              at(CONFLICT_IN_TEXT, "<<<<<<<", "merge-conflict", says="conflitto")),
        _case("invalid-utf8-latin1", LATIN1,
              Expect(h, "file-encoding", *where(LATIN1_TEXT, "già", 2), says="0xe0")),
        _case("utf16-file", UTF16, Expect(h, "file-encoding", 1, 1, says="UTF-8")),
        _case("byte-order-mark", b"\xef\xbb\xbf" + record(3).encode(), clean=True),
        _case("crlf-line-ends", record(3).replace("\n", "\r\n"), clean=True),
        _case("bom-and-crlf", b"\xef\xbb\xbf" + record(3).replace("\n", "\r\n").encode(), clean=True),
        _case("cr-only-line-ends", record(3).replace("\n", "\r"), clean=True),
        _case("no-final-newline", record(3).rstrip("\n"), clean=True),
        _case("weird-unicode-in-quoted-text", WEIRD_UNICODE, clean=True),
        _case("unicode-line-separator", LINE_SEPARATOR, Expect(h, "yaml-syntax")),
        _case("tab-indentation", TABS, at(TABS, "\tlevel", "yaml-tabs", says="Tab")),
        _case("two-documents", TWO_DOCS, Expect(h, "yaml-multiple-documents", record(3).count("\n") + 1, 1)),
        _case("duplicate-key", DUPLICATE_KEY, at(DUPLICATE_KEY, "level: secondary", "yaml-duplicate-key",
                                                  says=f"riga {where(DUPLICATE_KEY, 'level: primary')[0]}")),
        _case("python-object-tag", PYTHON_TAG, at(PYTHON_TAG, "!!python", "yaml-tag", says="!!python/object/apply")),
        _case("python-name-tag", PYTHON_NAME, at(PYTHON_NAME, "!!python", "yaml-tag")),
        _case("local-tag", LOCAL_TAG, at(LOCAL_TAG, "!segreto", "yaml-tag", says="!segreto")),
        _case("binary-tag", BINARY_TAG, at(BINARY_TAG, "!!binary", "yaml-tag")),
        _case("set-tag", SET_TAG, Expect(h, "yaml-tag", where(SET_TAG, "!!set")[0]),
              allowed=frozenset({"schema-required"})),
        _case("top-level-list", "- id: TH-4-0003\n- lot: 4\n", Expect(h, "yaml-not-mapping", 1, 1, says="elenco")),
        _case("top-level-scalar", "TH-4-0003\n", Expect(h, "yaml-not-mapping", 1, 1, says="valore singolo")),
        _case("top-level-null", "~\n", Expect(h, "yaml-not-mapping", 1, 1)),
        _case("empty-file", "", Expect(h, "file-empty", 1, 1, says="vuoto")),
        _case("only-comments-and-blanks", "# da compilare\n\n   \n", Expect(h, "file-empty", 1, 1)),
        _case("id-typed-as-number", ID_NUMBER, at(ID_NUMBER, "40003", "schema-type", says="virgolette"),
              allowed=frozenset({"file-name"})),
        _case("lot-typed-as-text", LOT_TEXT, at(LOT_TEXT, '"4"', "schema-type", says="numero intero"),
              allowed=frozenset({"lot-district"})),
        _case("amount-with-comma", AMOUNT_COMMA, at(AMOUNT_COMMA, '"250,00"', "schema-type", says="250.00")),
        _case("amount-with-comma-unquoted", AMOUNT_COMMA_PLAIN,
              at(AMOUNT_COMMA_PLAIN, "250,00", "schema-type", says="punto decimale")),
        _case("amount-with-thousands-dot", AMOUNT_THOUSANDS, at(AMOUNT_THOUSANDS, '"1.250', "schema-type", says="1250.00")),
        _case("amount-with-euro-sign", AMOUNT_EURO, at(AMOUNT_EURO, '"€', "schema-type", says="€")),
        _case("amount-nan", AMOUNT_NAN, at(AMOUNT_NAN, ".nan", "yaml-not-finite", says="non numero")),
        _case("amount-minus-infinity", AMOUNT_INF, at(AMOUNT_INF, "-.inf", "yaml-not-finite", says="infinito")),
        _case("amount-huge-exponent", AMOUNT_HUGE, at(AMOUNT_HUGE, "1e9", "schema-range"),
              allowed=frozenset({"housing-cap", "housing-cap-planned"})),
        _case("date-italian-order", DATE_ITALIAN, at(DATE_ITALIAN, '"21/01', "invalid-date", says="AAAA-MM-GG")),
        _case("date-italian-order-unquoted", DATE_ITALIAN_PLAIN, at(DATE_ITALIAN_PLAIN, "21/01", "invalid-date")),
        _case("unclosed-quote", UNCLOSED_QUOTE, at(UNCLOSED_QUOTE, '"2019-01-10', "yaml-syntax", says="virgolette")),
        _case("complex-key", "? [id, lot]\n: TH-4-0003\n", Expect(h, "yaml-complex-key", 1),
              allowed=frozenset({"schema-required"})),
        _case("many-unknown-fields", WIDE, at(WIDE, "campo_0:", "schema-unknown-field"),
              at(WIDE, "campo_2999:", "schema-unknown-field")),
        Case("same-household-in-two-files", write(h, SAME_AS_ONE), (
            Expect(h, "file-name", *where(BASE, "TH-4-0001")),
            Expect(h, "duplicate-id", says="TH-4-0001.yaml"))),
        _with_name("TH-4 0003.yaml", record(3)),
        _with_name("Schéda città.yaml", record(3)),
        _with_name("TH-4-0003 (copia).yaml", record(3)),
        _with_name("TH-4-0003.YAML", record(3)),
        _with_name("TH-4-0003:2:5.yaml", record(3)),
        _with_name("TH-4\n0003.yaml", record(3)),
        Case("symlink-to-file-outside", _symlink(_outside_file), (Expect(h, "not-a-file", 0, 0, "collegamento"),)),
        Case("symlink-to-folder-outside", _symlink(_outside_folder, "archivio"),
             (Expect("archivio", "not-a-file", 0, 0, "collegamento"),), files=("archivio",)),
        Case("dangling-symlink", _symlink(lambda r: r / "non-esiste.yaml"), (Expect(h, "not-a-file", 0, 0),)),
        Case("symlink-loop", _symlink(lambda r: r.parent, "giro"), (Expect("giro", "not-a-file", 0, 0),),
             files=("giro",)),
        Case("folder-named-like-a-record", _folder_like_record, (Expect(h, "not-a-file", 0, 0, "cartella"),)),
        Case("fifo-named-like-a-record", _fifo, (Expect(h, "not-a-file", 0, 0),)),
        Case("unreadable-file", _unreadable, (Expect(h, "file-unreadable", 0, 0, "permesso negato"),),
             unprivileged=True),
        Case("partial-temporary-file", _partial_temp_file, clean=True, files=()),
        Case("record-inside-subfolder-with-odd-name", write("2019 archivio/vecchie schede/" + h, record(3)),
             clean=True, files=("2019 archivio/vecchie schede/" + h,)),
    ]


def build_repository(root: Path) -> Path:
    """A records repository (git, one commit of the baseline) with every hostile case, each in a
    folder of its own under records/ (those that need an unprivileged process left out)."""
    from helpers import copy_project, git

    copy_project(root, "config", "schemas", empty_records=True)
    baseline(root / "records")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "schede")
    for case in cases():
        if not case.unprivileged:
            folder = root / "records" / case.name
            folder.mkdir()
            case.build(folder)
    return root
