"""The one reader of the project's JSON Schemas: loading, local `$ref`s, a field's title.

Validation (`schemacheck`), the release's allow-list, the indicator sets and the site's data
dictionary all read the schemas through here, so a `$ref` means the same thing everywhere.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from tohome_tools.core import pointer as jp
from tohome_tools.core.errors import ConfigError
from tohome_tools.core.findings import Finding, Severity
from tohome_tools.i18n.languages import choose


@lru_cache(maxsize=8)
def load(path: str | Path) -> dict:
    """The schema at `path` (cached: never change what it returns). A file that is not a JSON
    object is a located configuration error, not a traceback."""
    path = str(path)
    try:
        schema = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:   # deleted, or a folder renamed: not "an invalid schema"
        raise unusable(path, 0, 0, "schema-file-missing") from None
    except OSError as error:
        raise unusable(path, 0, 0, "schema-file-unreadable", detail=error.strerror or str(error)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:  # a hand edit gone wrong
        where = (error.lineno, error.colno) if isinstance(error, json.JSONDecodeError) else (0, 0)
        raise unusable(path, *where) from None
    if not isinstance(schema, dict):
        raise unusable(path, 1, 1)
    return schema


def unusable(path: str, line: int, column: int, code: str = "schema-file-invalid", **params) -> Exception:
    failure = ConfigError([Finding(path, line, column, "", code, Severity.ERROR,
                                   {"name": Path(path).name, **params})])
    failure.args = (failure.findings,)  # so it crosses back whole from a worker process (pickled)
    return failure


def deref(root: dict, node: dict, _seen: frozenset = frozenset()) -> dict:
    """`node` with its local `$ref` (`#/...`) merged in, followed through chains; the node's own
    keys win. A remote or circular `$ref` is left as it is."""
    ref = node.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/") or ref in _seen:
        return node
    target = jp.resolve(root, ref[1:])
    if not isinstance(target, dict):
        return node
    merged = dict(deref(root, target, _seen | {ref}))
    merged.update({k: v for k, v in node.items() if k != "$ref"})
    return merged


class SchemaIndex:
    """Finds the subschema (and its title) for an instance path, following local `$ref`s."""

    def __init__(self, schema: dict):
        self.schema = schema
        self._cache: dict[tuple, dict] = {}

    def deref(self, node: dict) -> dict:
        return deref(self.schema, node)

    def at(self, path: tuple) -> dict:
        key = tuple("*" if isinstance(p, int) else p for p in path)
        if key in self._cache:
            return self._cache[key]
        node = self.deref(self.schema)
        for token in key:
            if token == "*":
                node = self.deref(node.get("items", {}))
            else:
                node = self.deref(_member(node, token))
        self._cache[key] = node
        return node

    def title(self, path: tuple, lang: str = "it") -> str:
        """The field's title in `lang` (`title` is Italian, `x-title-en` English)."""
        key = choose(lang, italian="title", english="x-title-en")
        node = self.at(path)
        if key in node or "title" in node:
            return node.get(key, node.get("title"))
        for cut in range(len(path) - 1, -1, -1):  # list items have no title: use the list's
            parent = self.at(path[:cut])
            if key in parent or "title" in parent:
                return parent.get(key, parent.get("title"))
        return "/".join(str(p) for p in path)


@lru_cache(maxsize=64)
def ecma(pattern: str) -> re.Pattern:
    r"""A JSON Schema pattern with the meaning JSON Schema gives it (ECMA-262), not Python's: `$`
    ends the text (Python's also matches before a final newline, so "2019-03-01\n" would pass a
    date pattern) and `\d`, `\w` are ASCII only."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "$":
            char = r"\Z"
        out.append(char)
        i += 1
    return re.compile("".join(out), re.ASCII)


def _member(node: dict, name: str) -> dict:
    """The subschema of an object's field: a named property, else the first matching
    patternProperties, else additionalProperties (a rule's entry under `rules:`)."""
    if name in node.get("properties", {}):
        return node["properties"][name]
    for pattern, sub in node.get("patternProperties", {}).items():
        if ecma(pattern).search(name):
            return sub
    extra = node.get("additionalProperties")
    return extra if isinstance(extra, dict) else {}


@lru_cache(maxsize=8)
def index_for(path: str) -> SchemaIndex:
    return SchemaIndex(load(path))
