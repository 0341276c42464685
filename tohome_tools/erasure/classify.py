"""What a file in history is to an erased household: one of its versions, another record that names it,
an example in the documentation, or nothing. One judgement for the plan, the rewrite, the proof and the
push check, so that what is removed, what is proved absent and what is refused are the same things.

- a **version**: any file whose content is a record with the household's `id` (wherever it sits: a
  copy under `docs/`, a git note, a file committed under a mistyped name), a file under `records/`
  that names the household and is no other household's record (a note kept beside the records), or a
  page (HTML) outside the published folders that names it (a printed sheet). Versions go, whole.
- a **mention**: another household's record, or any other text outside the documentation (a list of
  cases in a CSV, a meeting's minutes), that names it: the ID is replaced, the file stays (the plan
  lists it: only a person can tell whether it holds more of the household).
- an **example**: a text of the documentation or the programme's own files that names it (the
  guide's "for example TH-4-0012", the programme file's comments): kept, listed in the plan and by
  the proof.
- a file that cannot be read as text (a PDF, an office document, an image) cannot be judged: the
  plan lists every one outside the published folders, and `--remove-file` takes it out of history.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from tohome_tools.io import loader

RECORDS = "records/"
PUBLISHED = ("docs/", "release/", "overrides/")   # what the public site is built from
RELEASED = "release/"   # the tables `tohome release` wrote: counts only, never a household's text
PAGES = (".html", ".htm", ".xhtml")
LOOKS_LIKE_A_RECORD = re.compile(rb"(^|\n)\s*\"?id\"?\s*:", re.IGNORECASE)
BINARY_SNIFF = 8192

# Any ID, written in any case, its parts joined by a hyphen (ASCII or Unicode), an underscore, a space
# or nothing, the lot with a leading zero or not: one scan of a text finds every household it names.
_SEPARATOR = rb"(?:[-_ ]|\xe2\x80[\x90-\x95]|\xe2\x88\x92|\xc2\xa0)?"
_ANY_ID = re.compile(rb"(?<![A-Za-z0-9])([A-Za-z]{2,4})" + _SEPARATOR + rb"0?([1-9][0-9]?)" + _SEPARATOR
                     + rb"([0-9]{4})(?![0-9A-Za-z])")   # bounded on both sides: TH-1-0001x is another token


def ids_in(data: bytes) -> set[str]:
    """Every ID a text names, normalised to PREFIX-LOT-NNNN in upper case (the number has exactly
    four digits, so "TH40012" can only be TH-4-0012 and "TH400123" only TH-40-0123)."""
    return {f"{p.decode().upper()}-{lot.decode()}-{n.decode()}" for p, lot, n in _ANY_ID.findall(data)}


def id_regex(record_id: str) -> str:
    """The ID in every spelling `ids_in` reads, as a Python regular expression over bytes (for
    git-filter-repo's callback and its message replacements)."""
    prefix, lot, number = record_id.split("-")
    separator = r"(?:[-_ ]|\xe2\x80[\x90-\x95]|\xe2\x88\x92|\xc2\xa0)?"
    return f"(?i)(?<![A-Za-z0-9]){prefix}{separator}0?{lot}{separator}{number}(?![0-9A-Za-z])"


def in_records(path: str) -> bool:
    return path.startswith(RECORDS)


def is_record_path(path: str) -> bool:
    """A record file: a YAML file under records/."""
    return in_records(path) and path.lower().endswith((".yaml", ".yml"))


def published(path: str) -> bool:
    return path.startswith(PUBLISHED)


# the documentation and the programme's own files: an ID there is an example, not a case
DOCUMENTATION = ("docs/", "overrides/", "devdocs/", "config/", "schemas/", "examples/")
DOCUMENTATION_FILES = ("readme", "mkdocs.yml", "mkdocs.yaml")


# what documentation is written in; a list of cases (CSV, a spreadsheet, plain text) under docs/ is data
DOCUMENTATION_SUFFIXES = (".md", ".markdown", ".rst", ".yml", ".yaml", ".json", ".html", ".htm", ".css", ".js", ".svg",
                          ".toml", ".py", ".j2", ".jinja", ".jinja2")


def documentation(path: str) -> bool:
    name = PurePosixPath(path).name.lower()
    if name.startswith(DOCUMENTATION_FILES):
        return True
    return path.startswith(DOCUMENTATION) and name.endswith(DOCUMENTATION_SUFFIXES)


def is_text(data: bytes) -> bool:
    return b"\0" not in data[:BINARY_SNIFF]


def record_owner(data: bytes) -> str | None:
    """The household a content is a record of (its `id`, upper case), if it reads as one."""
    if not LOOKS_LIKE_A_RECORD.search(data[:65536]):
        return None
    parsed = loader.load_bytes(data).data
    value = parsed.get("id") if isinstance(parsed, dict) else None
    if not isinstance(value, str) or ids_in(value.encode("utf-8", "replace")) != {value.upper()}:
        return None   # an `id` that is no household's (a table of the documentation, a configuration)
    return value.upper()


RECORD_KEYS = {"lot", "district", "household", "intake", "referral", "prevention", "staff", "pact", "closure"}
_ID_LINE = re.compile(rb"(?m)^[\s>\-|=<]*[\"']?id[\"']?\s*:\s*[\"']?([A-Za-z]{2,4}-0?[1-9][0-9]?-[0-9]{4})[\"']?\s*,?\s*$")


def holders(data: bytes) -> set[str]:
    """The households a content holds a record of, whole or copied inside something else (a list of
    records, a YAML document in a note, a record between a merge's conflict markers): any mapping with
    a household's `id` and another field of a record; when the content does not read, every line that
    sets an `id` to a household's ID."""
    if not LOOKS_LIKE_A_RECORD.search(data):
        return set()
    parsed = loader.load_bytes(data).data
    if parsed is None:
        return {ids_in(m.group(1)).pop() for m in _ID_LINE.finditer(data) if ids_in(m.group(1))}
    found: set[str] = set()
    todo = [parsed]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            value = node.get("id")
            if isinstance(value, str) and RECORD_KEYS & set(node) and ids_in(value.encode("utf-8", "replace")):
                found |= ids_in(value.encode("utf-8", "replace"))
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return found


def is_note(path: str) -> bool:
    """A git note's file: named after the commit it annotates (40 hex digits, maybe in fan-out folders)."""
    flat = path.replace("/", "")
    return len(flat) == 40 and all(c in "0123456789abcdef" for c in flat)


def judge(household: str, names: set[str], paths: set[str], owner: str | None,
          held: set[str] = frozenset()) -> str | None:
    """"version", "mention", "example" or None: what a content that is a record of `owner` (or none),
    holds records of `held`, names the IDs `names` (`ids_in` of its text) and sits at `paths` is to
    the household."""
    if owner == household or household in held:
        return "version"
    if household not in names:
        return None
    if any(in_records(p) or is_note(p) for p in paths):
        return "mention" if owner is not None else "version"
    if any(p.lower().endswith(PAGES) and not published(p) for p in paths):
        return "version"
    if not paths:
        return "version"   # an object no path reaches is no example of anything
    # a list of cases, a meeting's minutes: the ID goes; only the documentation keeps an example
    return "example" if all(documentation(p) for p in paths) else "mention"


def named_after(path: str) -> set[str]:
    """The IDs a path carries in its name or in a folder's name (`allegati/TH-1-0001/contratto.txt`)."""
    return set().union(*(ids_in(part.encode("utf-8", "surrogateescape")) for part in PurePosixPath(path).parts))


OPAQUE = (".pdf", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ods", ".zip", ".gz", ".7z", ".png", ".jpg",
          ".jpeg", ".gif", ".tif", ".tiff", ".heic", ".eml", ".msg")


def unreadable(path: str, data: bytes) -> bool:
    """A file whose words tohome cannot read (a PDF, an image, an office file, any binary) outside the
    published folders: it may hold a sheet, and only a person can tell."""
    return not published(path) and (not is_text(data) or path.lower().endswith(OPAQUE))
