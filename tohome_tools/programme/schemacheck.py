"""JSON Schema check of a loaded record, turned into located findings a social worker can read."""

from __future__ import annotations

import difflib
import json
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import jsonschema

try:  # the Rust engine is an accelerator only: without it every record takes the detailed path
    import jsonschema_rs
except ImportError:  # pragma: no cover - depends on the installed wheels
    jsonschema_rs = None

from tohome_tools.core import dates
from tohome_tools.core import pointer as jp
from tohome_tools.core.errors import ConfigError
from tohome_tools.core.findings import Finding, Severity
from tohome_tools.core.safetext import visible
from tohome_tools.i18n.messages import render
from tohome_tools.io.loader import Loaded

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_ITALIAN_DATE = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})\Z")

_TYPE_NAMES = {
    "it": {"string": "un testo", "integer": "un numero intero", "number": "un numero", "boolean": "vero o falso (true/false)",
           "object": "un insieme di campi", "array": "un elenco", "null": "vuoto"},
    "en": {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
           "object": "a set of fields", "array": "a list", "null": "empty"},
}


def _is_date(value) -> bool:
    if not isinstance(value, str) or not _DATE.match(value):
        return True  # the pattern reports the shape; format only judges the calendar
    return dates.parse(value) is not None   # a real day, in the years tohome handles


def _is_euro(value) -> bool:
    if isinstance(value, Decimal):
        return value.is_finite() and value.as_tuple().exponent >= -2
    return True


FORMATS = jsonschema.FormatChecker(formats=())
FORMATS.checks("date")(_is_date)
FORMATS.checks("euro")(_is_euro)


@lru_cache(maxsize=8)
def load_schema(path: str) -> dict:
    try:
        schema = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:  # a hand edit gone wrong
        where = (error.lineno, error.colno) if isinstance(error, json.JSONDecodeError) else (0, 0)
        raise _unusable(path, *where) from None
    if not isinstance(schema, dict):
        raise _unusable(path, 1, 1)
    return schema


def _unusable(path: str, line: int, column: int) -> Exception:
    message, hint = render("schema-file-invalid", "it", name=Path(path).name)
    failure = ConfigError([Finding(path, line, column, "", "schema-file-invalid", Severity.ERROR, message, hint)])
    failure.args = (failure.findings,)  # so it crosses back whole from a worker process (pickled)
    return failure


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


def _pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not ecma(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


@lru_cache(maxsize=8)
def validator_for(path: str) -> jsonschema.protocols.Validator:
    schema = load_schema(path)
    cls = jsonschema.validators.validator_for(schema)
    try:
        cls.check_schema(schema)
    except jsonschema.SchemaError:
        raise _unusable(path, 0, 0) from None
    cls = jsonschema.validators.extend(cls, {"pattern": _pattern},
                                       type_checker=cls.TYPE_CHECKER.redefine("integer", _is_integer))
    return cls(schema, format_checker=FORMATS)


def _is_integer(checker, value) -> bool:
    """JSON Schema 2020-12: a number with a zero fractional part is an integer (`1955.0`)."""
    if isinstance(value, Decimal):
        return value.is_finite() and value == value.to_integral_value()
    return isinstance(value, int) and not isinstance(value, bool)


def whole_numbers(data, schema_path: str) -> None:
    """Turn `1955.0` into 1955 where the schema wants an integer, in place, so that the rules and
    the tools see the number the schema accepted (a lot 4.0 is lot 4). Beyond 18 digits a value
    stays as written: the schema's bounds report it."""
    for path in _integer_paths(load_schema(schema_path)) or []:
        for node, key in _slots_at(data, path):
            value = node[key]
            if (isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value()
                    and value.adjusted() < 18):
                node[key] = int(value)


class FastCheck:
    """A quick yes/no: does a record surely conform? Only a clean record skips the detailed check.

    jsonschema-rs (Rust) validates a record in a few microseconds, against ~1.5 ms for the Python
    `jsonschema`. Its verdict is trusted only when it is "conforms" and nothing it could judge
    differently is present; otherwise the detailed Python path runs and produces the findings, so
    the messages stay those of the Python path. Known differences, guarded here:
    - a Decimal with an integral value (`4.0`) is an integer for the Rust engine, not for Python's:
      any Decimal where the schema allows an integer goes to the detailed path;
    - the custom `euro` format concerns numbers, which Rust format checkers never see: any Decimal
      with more than two decimals, or not finite, goes to the detailed path;
    - `date` uses our own checker (`_is_date`) in both engines.
    """

    def __init__(self, schema: dict):
        self.validator = jsonschema_rs.validator_for(
            schema, formats={"date": _is_date, "euro": lambda value: True}, validate_formats=True)
        self.integer_paths = _integer_paths(schema)

    def conforms(self, data) -> bool:
        if self.integer_paths is None or not _cents_only(data):
            return False
        if any(isinstance(value, Decimal) for path in self.integer_paths for value in _values_at(data, path)):
            return False
        try:
            return self.validator.is_valid(data)
        except Exception:  # noqa: BLE001 - a value the engine cannot take: ask the detailed path
            return False


_COMBINATORS = ("allOf", "anyOf", "oneOf", "not", "if", "then", "else")


def _integer_paths(schema: dict) -> list[tuple] | None:
    """Instance paths where the schema allows an integer ("*": any item or key), or None when the
    schema uses something this walk does not follow (then the fast check never says yes)."""
    found: set[tuple] = set()

    def walk(node, path: tuple, depth: int, refs: tuple) -> bool:
        if not isinstance(node, dict):
            return True
        if depth > 64:
            return False
        kind = node.get("type")
        if kind == "integer" or (isinstance(kind, list) and "integer" in kind):
            found.add(path)
        ref = node.get("$ref")
        if ref is not None:
            if not ref.startswith("#") or ref in refs:
                return ref in refs  # a cycle is already being walked; a remote $ref is not followed
            if not walk(jp.resolve(schema, ref[1:]) or {}, path, depth + 1, refs + (ref,)):
                return False
        if "$dynamicRef" in node or "dependentSchemas" in node or "unevaluatedProperties" in node:
            return False
        children = [(sub, path) for key in _COMBINATORS for sub in _as_list(node.get(key))]
        children += [(sub, path + (name,)) for name, sub in node.get("properties", {}).items()]
        children += [(sub, path + ("*",)) for sub in node.get("patternProperties", {}).values()]
        for key in ("additionalProperties", "items", "contains", "unevaluatedItems"):
            children += [(sub, path + ("*",)) for sub in _as_list(node.get(key))]
        children += [(sub, path + ("*",)) for sub in node.get("prefixItems", [])]
        return all(walk(sub, sub_path, depth + 1, refs) for sub, sub_path in children)

    return sorted(found) if walk(schema, (), 0, ()) else None


def _as_list(value) -> list:
    if value is None or isinstance(value, bool):
        return []
    return value if isinstance(value, list) else [value]


def _slots_at(node, path: tuple):
    """(container, key) of every value at a non-empty `path` ("*": any item or key)."""
    head, rest = path[0], path[1:]
    if head == "*" and isinstance(node, (dict, list)):
        keys = list(node) if isinstance(node, dict) else range(len(node))
    elif isinstance(node, dict) and head in node:
        keys = [head]
    else:
        return
    for key in keys:
        if rest:
            yield from _slots_at(node[key], rest)
        else:
            yield node, key


def _values_at(data, path: tuple):
    if not path:
        yield data
        return
    for node, key in _slots_at(data, path):
        yield node[key]


def _cents_only(data) -> bool:
    """True when every Decimal in the data is finite with at most two decimals."""
    stack = [data]  # a loop, not recursion: this runs on every value of every record
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is dict:
            stack.extend(node.values())
        elif kind is list:
            stack.extend(node)
        elif kind is Decimal and not (node.is_finite() and node.as_tuple().exponent >= -2):
            return False
    return True


@lru_cache(maxsize=8)
def fast_for(path: str) -> FastCheck | None:
    if jsonschema_rs is None:
        return None
    validator_for(path)  # the schema file itself is judged (and refused, located) by the detailed path
    try:
        return FastCheck(load_schema(path))
    except Exception:  # noqa: BLE001 - a schema the Rust engine refuses: the Python path judges it
        return None


class SchemaIndex:
    """Finds the subschema (and its Italian title) for an instance path, following local $refs."""

    def __init__(self, schema: dict):
        self.schema = schema
        self._cache: dict[tuple, dict] = {}

    def deref(self, node: dict) -> dict:
        ref = node.get("$ref")
        if ref and ref.startswith("#/"):
            target = jp.resolve(self.schema, ref[1:]) or {}
            merged = dict(target)
            merged.update({k: v for k, v in node.items() if k != "$ref"})
            return merged
        return node

    def at(self, path: tuple) -> dict:
        key = tuple("*" if isinstance(p, int) else p for p in path)
        if key in self._cache:
            return self._cache[key]
        node = self.deref(self.schema)
        for token in key:
            if token == "*":
                node = self.deref(node.get("items", {}))
            else:
                node = self.deref(self._member(node, token))
        self._cache[key] = node
        return node

    @staticmethod
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

    def title(self, path: tuple, lang: str = "it") -> str:
        """The field's title in `lang` (`title` is Italian, `x-title-en` English)."""
        key = "x-title-en" if lang == "en" else "title"
        node = self.at(path)
        if key in node or "title" in node:
            return node.get(key, node.get("title"))
        for cut in range(len(path) - 1, -1, -1):  # list items have no title: use the list's
            parent = self.at(path[:cut])
            if key in parent or "title" in parent:
                return parent.get(key, parent.get("title"))
        return "/".join(str(p) for p in path)


@lru_cache(maxsize=8)
def index_for(path: str) -> SchemaIndex:
    return SchemaIndex(load_schema(path))


def _short(text: str, lang: str) -> str:
    if len(text) <= 80:
        return text
    return text[:60] + (f"… ({len(text)} caratteri)" if lang == "it" else f"… ({len(text)} characters)")


def show(value, lang: str) -> str:
    if isinstance(value, str):
        text = _short(visible(value), lang)
        return f"«{text}»" if lang == "it" else f"'{text}'"
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return _short(str(value), lang)
    if value is None:
        return "vuoto" if lang == "it" else "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return _TYPE_NAMES[lang]["object" if isinstance(value, dict) else "array"]
    return str(value)


def _type_hint(value, expected: str, lang: str) -> str:
    it = lang == "it"
    if expected in ("number", "integer") and isinstance(value, str):
        if re.fullmatch(r"-?[0-9.]*,[0-9]+", value.strip()):
            fixed = value.strip().replace(".", "").replace(",", ".")
            return (f"Scrivi l'importo con il punto decimale e senza virgolette: {fixed}" if it
                    else f"Write the amount with a decimal point and no quotes: {fixed}")
        return ("Scrivi solo il numero, senza virgolette né simboli (niente «€»)." if it
                else "Write only the number, without quotes or symbols (no '€').")
    if expected == "string" and isinstance(value, (int, Decimal)):
        return ("Metti il valore tra virgolette, per esempio \"" + str(value) + "\"." if it
                else "Put the value in quotes, e.g. \"" + str(value) + "\".")
    if expected == "array":
        return ("Scrivi un elenco: ogni elemento su una riga che inizia con «- »." if it
                else "Write a list: each item on a line starting with '- '.")
    if expected == "object":
        return ("Scrivi i campi sotto, rientrati di due spazi." if it
                else "Write the fields below, indented by two spaces.")
    return "Correggi il valore." if it else "Correct the value."


def _date_hint(value, lang: str) -> str:
    """A date in the right shape names the impossible day; any other is shown the shape."""
    first, last = dates.EARLIEST.year, dates.LATEST.year
    if isinstance(value, str) and _DATE.match(value) and not first <= int(value[:4]) <= last:
        return (f"tohome gestisce le date dal {first} al {last}: controlla l'anno." if lang == "it"
                else f"tohome handles dates in the years {first}-{last}: check the year.")
    if isinstance(value, str) and _DATE.match(value):
        year, month, day = value.split("-")
        if lang == "it":
            return (f"Il giorno {int(day)} del mese {int(month)} del {year} non esiste: controlla giorno e mese "
                    "(febbraio ha 28 giorni, 29 negli anni bisestili; aprile, giugno, settembre e novembre 30).")
        return (f"Day {int(day)} of month {int(month)} of {year} does not exist: check the day and the month "
                "(February has 28 days, 29 in leap years; April, June, September and November 30).")
    if lang == "it":
        return "Scrivi la data come AAAA-MM-GG, per esempio 2020-11-25 (non 25/11/2020)."
    return "Write the date as YYYY-MM-DD, e.g. 2020-11-25 (not 25/11/2020)."


def _where(path: tuple, index: SchemaIndex, lang: str) -> str:
    if not path:
        return "all'inizio della scheda" if lang == "it" else "at the top level of the record"
    title = index.title(path, lang)
    return f"dentro «{title}»" if lang == "it" else f"inside '{title}'"


def check(loaded: Loaded, file: str, schema_path: str, lang: str = "it", fast: bool = True) -> list[Finding]:
    """Schema findings for one loaded record (empty when it conforms).

    `fast=False` skips the Rust pre-check (tests compare both paths)."""
    if fast:
        quick = fast_for(schema_path)
        if quick is not None and quick.conforms(loaded.data):
            return []
    validator = validator_for(schema_path)
    index = index_for(schema_path)
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()

    def add(code: str, path: tuple, key: bool = False, **params) -> None:
        pointer = jp.from_path(path)
        if (pointer, code) in seen:
            return
        seen.add((pointer, code))
        line, column = loaded.position(pointer, key=key)
        message, hint = render(code, lang, **params)
        findings.append(Finding(file, line, column, pointer, code, Severity.ERROR, message, hint))

    for error in validator.iter_errors(loaded.data):
        path = tuple(error.absolute_path)
        kind = error.validator
        value = error.instance
        title = index.title(path, lang) if path else ("Scheda" if lang == "it" else "Record")
        if kind == "required":
            missing = re.search(r"'([^']+)' is a required property", error.message)
            name = missing.group(1) if missing else str(error.validator_value)
            add("schema-required", path + (name,), title=index.title(path + (name,), lang), field=name,
                where=_where(path, index, lang))
        elif kind == "additionalProperties":
            allowed = list(error.schema.get("properties", {}))
            for extra in sorted(set(value) - set(allowed)):
                close = difflib.get_close_matches(extra, allowed, n=1)
                suggestion = ""
                if close:
                    suggestion = f" Forse intendevi «{close[0]}»?" if lang == "it" else f" Did you mean '{close[0]}'?"
                parent = f" dentro «{title}»" if (path and lang == "it") else (f" inside '{title}'" if path else "")
                add("schema-unknown-field", path + (extra,), key=True, field=extra, parent=parent, suggestion=suggestion)
        elif kind == "type":
            expected = error.validator_value if isinstance(error.validator_value, str) else error.validator_value[0]
            add("schema-type", path, title=title, value=show(value, lang),
                expected=_TYPE_NAMES[lang].get(expected, expected), type_hint=_type_hint(value, expected, lang))
        elif kind in ("enum", "const"):
            allowed = error.validator_value if kind == "enum" else [error.validator_value]
            add("schema-enum", path, title=title, value=show(value, lang), allowed=", ".join(map(str, allowed)))
        elif kind == "format" and error.validator_value == "date":
            add("invalid-date", path, title=title, value=show(value, lang), date_hint=_date_hint(value, lang))
        elif kind == "format" and error.validator_value == "euro":
            add("amount-precision", path, title=title, value=show(value, lang))
        elif kind == "pattern":
            schema_node = index.at(path)
            if schema_node.get("format") == "date" or _ITALIAN_DATE.match(str(value)):
                add("invalid-date", path, title=title, value=show(value, lang), date_hint=_date_hint(value, lang))
            elif "month" in error.schema_path or error.validator_value.startswith("^[0-9]{4}-(0"):
                add("invalid-month", path, title=title, value=show(value, lang))
            else:
                description = schema_node.get("description", "")
                add("schema-pattern", path, title=title, value=show(value, lang),
                    format_hint=description if lang == "it" else f"Expected pattern: {error.validator_value}")
        elif kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            symbol = {"minimum": "≥", "maximum": "≤", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}[kind]
            add("schema-range", path, title=title, value=show(value, lang), bound=f"{symbol} {error.validator_value}")
        elif kind in ("minItems", "maxItems", "uniqueItems", "minLength", "maxLength"):
            detail = _size_detail(kind, error.validator_value, lang)
            at = path + _repeat(value) if kind == "uniqueItems" else path   # the repeat's own line
            add("schema-size", at, title=title, detail=detail)
        else:
            add("schema-invalid", path, title=title, detail=error.message)
    return findings


def _repeat(items) -> tuple:
    """(index,) of the first item that repeats an earlier one, or () when none is found this way."""
    seen = set()
    for index, item in enumerate(items if isinstance(items, list) else ()):
        key = json.dumps(item, sort_keys=True, default=str)
        if key in seen:
            return (index,)
        seen.add(key)
    return ()


def _size_detail(kind: str, bound, lang: str) -> str:
    it = {
        "minItems": "serve almeno un elemento" if bound == 1 else f"servono almeno {bound} elementi",
        "maxItems": f"ammessi al massimo {bound} elementi",
        "uniqueItems": "lo stesso elemento compare due volte",
        "minLength": "il testo è vuoto" if bound == 1 else f"servono almeno {bound} caratteri",
        "maxLength": f"il testo supera i {bound} caratteri",
    }
    en = {
        "minItems": "at least one item is needed" if bound == 1 else f"at least {bound} items are needed",
        "maxItems": f"at most {bound} items are allowed",
        "uniqueItems": "the same item appears twice",
        "minLength": "the text is empty" if bound == 1 else f"at least {bound} characters are needed",
        "maxLength": f"the text is longer than {bound} characters",
    }
    return (it if lang == "it" else en)[kind]
