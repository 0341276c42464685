"""JSON Schema check of a loaded record, turned into located findings a social worker can read."""

from __future__ import annotations

import difflib
import json
import re
from decimal import Decimal
from functools import lru_cache

try:  # the Rust engine is an accelerator only: without it every record takes the detailed path
    import jsonschema_rs
except ImportError:  # pragma: no cover - depends on the installed wheels
    jsonschema_rs = None

from tohome_tools.core import dates
from tohome_tools.core import pointer as jp
from tohome_tools.core.findings import FieldName, Finding, Number, Severity, Shown, phrase
from tohome_tools.io.loader import Loaded
from tohome_tools.programme.schema import ecma, index_for, unusable
from tohome_tools.programme.schema import load as load_schema

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_ITALIAN_DATE = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})\Z")

def _is_date(value) -> bool:
    if not isinstance(value, str) or not _DATE.match(value):
        return True  # the pattern reports the shape; format only judges the calendar
    return dates.parse(value) is not None   # a real day, in the years tohome handles


def _is_euro(value) -> bool:
    if isinstance(value, Decimal):
        return value.is_finite() and value.as_tuple().exponent >= -2
    return True


# The Python `jsonschema` is imported the first time the detailed path runs: its import alone costs
# more than checking a thousand clean records, which never need it (see FastCheck).

def _formats():
    import jsonschema

    formats = jsonschema.FormatChecker(formats=())
    formats.checks("date")(_is_date)
    formats.checks("euro")(_is_euro)
    return formats


def _pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not ecma(pattern).search(instance):
        import jsonschema

        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


@lru_cache(maxsize=8)
def validator_for(path: str):
    """The detailed (Python) validator of the schema at `path`, which it judges first: a schema that
    breaks the meta-schema is a located configuration error."""
    import jsonschema

    schema = load_schema(path)
    cls = jsonschema.validators.validator_for(schema)
    try:
        cls.check_schema(schema)
    except jsonschema.SchemaError:
        raise unusable(path, 0, 0) from None
    cls = jsonschema.validators.extend(cls, {"pattern": _pattern},
                                       type_checker=cls.TYPE_CHECKER.redefine("integer", _is_integer))
    return cls(schema, format_checker=_formats())


def _is_integer(checker, value) -> bool:
    """JSON Schema 2020-12: a number with a zero fractional part is an integer (`1955.0`)."""
    if isinstance(value, Decimal):
        return value.is_finite() and value == value.to_integral_value()
    return isinstance(value, int) and not isinstance(value, bool)


def whole_numbers(data, schema_path: str) -> None:
    """Turn `1955.0` into 1955 where the schema wants an integer, in place, so that the rules and
    the tools see the number the schema accepted (a lot 4.0 is lot 4). Beyond 18 digits a value
    stays as written: the schema's bounds report it."""
    for path in integer_paths_for(schema_path) or []:
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


@lru_cache(maxsize=8)
def integer_paths_for(schema_path: str) -> list[tuple] | None:
    """`_integer_paths` of the schema at a path, walked once per process (a walk of the whole
    schema costs more than checking a record)."""
    return _integer_paths(load_schema(schema_path))


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
    """The quick check of the schema at `path`, or None (then every record takes the detailed path).
    The schema file itself is judged against the meta-schema by the Rust engine (a millisecond,
    where building the Python validator costs a quarter of a second); one it refuses goes to the
    detailed path, which refuses it, located."""
    if jsonschema_rs is None:
        return None
    schema = load_schema(path)
    try:
        usable = jsonschema_rs.meta.is_valid(schema)
    except Exception:  # noqa: BLE001 - a schema the Rust engine cannot read
        usable = False
    if not usable:
        validator_for(path)
        return None
    try:
        return FastCheck(schema)
    except Exception:  # noqa: BLE001 - a schema the Rust engine refuses: the Python path judges it
        return None


def forget() -> None:
    """Forget every schema read so far: a long-running process (the language server) calls it when
    a schema file changes on disk, so that the next check reads the new one."""
    for cached in (load_schema, index_for, validator_for, fast_for, integer_paths_for, _places):
        cached.cache_clear()


def _type_hint(value, expected: str):
    if expected in ("number", "integer") and isinstance(value, str):
        if re.fullmatch(r"-?[0-9.]*,[0-9]+", value.strip()):
            return phrase("hint-decimal-point", fixed=value.strip().replace(".", "").replace(",", "."))
        return phrase("hint-number-only")
    if expected == "string" and isinstance(value, (int, Decimal)):
        return phrase("hint-quote", value=str(value))
    if expected == "array":
        return phrase("hint-list")
    if expected == "object":
        return phrase("hint-fields")
    return phrase("hint-correct")


def _date_hint(value):
    """A date in the right shape names the impossible day; any other is shown the shape."""
    first, last = dates.EARLIEST.year, dates.LATEST.year
    if isinstance(value, str) and _DATE.match(value) and not first <= int(value[:4]) <= last:
        return phrase("date-years", first=first, last=last)
    if isinstance(value, str) and _DATE.match(value):
        year, month, day = value.split("-")
        return phrase("date-impossible", day=int(day), month=int(month), year=year)
    return phrase("date-shape")


def _size_detail(kind: str, bound):
    if kind in ("minItems", "minLength") and bound == 1:
        return phrase(f"size-{kind}-1")
    return phrase(f"size-{kind}", bound=bound)


def check(loaded: Loaded, file: str, schema_path: str, fast: bool = True) -> list[Finding]:
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
        findings.append(Finding(file, line, column, pointer, code, Severity.ERROR, params))

    def field(path: tuple) -> FieldName:
        return FieldName(path, schema_path)

    def inside(path: tuple):
        """The object a finding is in: its title, and which item of a list it is (M2, H1, the 3rd)."""
        item = _item(loaded.data, path)
        return phrase("where-item", title=field(path), item=item) if item else phrase("where-inside",
                                                                                      title=field(path))

    errors = list(validator.iter_errors(loaded.data))
    misspelt: dict[tuple, set[str]] = {}
    for error in errors:
        if error.validator != "additionalProperties":
            continue
        path, value = tuple(error.absolute_path), error.instance
        allowed = list(error.schema.get("properties", {}))
        for extra in sorted(set(value) - set(allowed)):
            close = difflib.get_close_matches(extra, allowed, n=1, cutoff=0.75)
            if close:
                misspelt.setdefault(path, set()).add(close[0])
                suggestion = phrase("did-you-mean", name=close[0])
            else:   # a field of another level (`notes:` at the top of a record): say where it goes
                every = _places(schema_path)
                known = difflib.get_close_matches(extra, list(every), n=1, cutoff=0.75)
                places = every[known[0]] if known else ()
                suggestion = phrase("field-elsewhere", name=known[0], places=[field(p) for p in places[:6]]) \
                    if places else ""
            add("schema-unknown-field", path + (extra,), key=True, field=extra,
                parent=phrase("inside-item", title=field(path), item=_item(loaded.data, path))
                if _item(loaded.data, path) else phrase("inside", title=field(path)) if path else "",
                suggestion=suggestion)
    for error in errors:
        path = tuple(error.absolute_path)
        kind = error.validator
        value = error.instance
        title = field(path)
        if kind == "required":
            missing = re.search(r"'([^']+)' is a required property", error.message)
            name = missing.group(1) if missing else str(error.validator_value)
            if name in misspelt.get(path, ()):   # the field is there, misspelt: that finding says it
                continue
            add("schema-required", path + (name,), title=field(path + (name,)), field=name,
                where=inside(path) if path else phrase("where-top"))
        elif kind == "additionalProperties":
            continue   # found first, below: a misspelt field is one finding, not also a missing one
        elif kind == "type":
            expected = error.validator_value if isinstance(error.validator_value, str) else error.validator_value[0]
            add("schema-type", path, title=title, value=Shown(value), expected=phrase(f"type-{expected}"),
                type_hint=_type_hint(value, expected))
        elif kind in ("enum", "const"):
            allowed = error.validator_value if kind == "enum" else [error.validator_value]
            add("schema-enum", path, title=title, value=Shown(value), allowed=", ".join(map(str, allowed)))
        elif kind == "format" and error.validator_value == "date":
            add("invalid-date", path, title=title, value=Shown(value), date_hint=_date_hint(value))
        elif kind == "format" and error.validator_value == "euro":
            add("amount-precision", path, title=title, value=Shown(value))
        elif kind == "pattern":
            schema_node = index.at(path)
            if schema_node.get("format") == "date" or _ITALIAN_DATE.match(str(value)):
                add("invalid-date", path, title=title, value=Shown(value), date_hint=_date_hint(value))
            elif "month" in error.schema_path or error.validator_value.startswith("^[0-9]{4}-(0"):
                add("invalid-month", path, title=title, value=Shown(value))
            else:
                add("schema-pattern", path, title=title, value=Shown(value),
                    format_hint=phrase("pattern-hint", description=schema_node.get("description", ""),
                                       pattern=error.validator_value))
        elif kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            symbol = {"minimum": "≥", "maximum": "≤", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}[kind]
            limit = Decimal(str(error.validator_value))   # the reader's number format: "≥ 0,01"
            add("schema-range", path, title=title, value=Shown(value), symbol=symbol,
                limit=Number(limit, max(0, -limit.as_tuple().exponent), grouped=False))
        elif kind in ("minItems", "maxItems", "uniqueItems", "minLength", "maxLength"):
            at = path + _repeat(value) if kind == "uniqueItems" else path   # the repeat's own line
            add("schema-size", at, title=title, detail=_size_detail(kind, error.validator_value))
        else:
            add("schema-invalid", path, title=title, detail=error.message)
    return findings


def cut_texts(loaded: Loaded, file: str, schema_path: str) -> list[Finding]:
    """Free text written without quotes and cut by a `#` that YAML took for a comment (`notes: rata #2`):
    the rest of the note is lost without a word, so it is an error at the `#`."""
    if not loaded.commented:
        return []
    index = index_for(schema_path)
    out = []
    for pointer, (line, column, comment, whole) in loaded.commented.items():
        path = tuple(int(t) if t.isdigit() else t for t in jp.parts(pointer))
        if index.at(path).get("x-publication") == "free_text":
            out.append(Finding(file, line, column, pointer, "text-cut-at-comment", Severity.ERROR,
                               {"title": FieldName(path, schema_path), "comment": comment,
                                "whole": whole.replace("\\", "\\\\").replace('"', '\\"')}))
    return out


def _item(data, path: tuple) -> str:
    """Which item of a list the object at `path` is, as a person names it: its key or code (M2, H1,
    O1), else its number in the list ("" when the path holds no list item)."""
    node, label = data, ""
    for step in path:
        if isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
            named = [node[k] for k in ("key", "id", "objective") if isinstance(node, dict)
                     and isinstance(node.get(k), str)]
            if not named and isinstance(node, dict) and all(isinstance(node.get(k), str) for k in ("measure", "month")):
                named = [f"{node['measure']} {node['month']}"]   # a payment: its measure and month
            label = named[0] if named else f"n. {step + 1}"
        elif isinstance(node, dict) and step in node:
            node = node[step]
        else:
            break
    return label


@lru_cache(maxsize=8)
def _places(schema_path: str) -> dict[str, list[tuple]]:
    """Field name -> the objects that have a field of that name (as paths, list items as 0), for a
    field written at the wrong level (`notes:` at the top of a record)."""
    index = index_for(schema_path)
    out: dict[str, list[tuple]] = {}

    def walk(node: dict, path: tuple, depth: int) -> None:
        node = index.deref(node)
        if depth > 12:
            return
        for name, child in (node.get("properties") or {}).items():
            out.setdefault(name, []).append(path)
            walk(child, path + (name,), depth + 1)
        if isinstance(node.get("items"), dict):
            walk(node["items"], path + (0,), depth + 1)

    walk(index.schema, (), 0)
    return out


def _repeat(items) -> tuple:
    """(index,) of the first item that repeats an earlier one, or () when none is found this way."""
    seen = set()
    for index, item in enumerate(items if isinstance(items, list) else ()):
        key = json.dumps(item, sort_keys=True, default=str)
        if key in seen:
            return (index,)
        seen.add(key)
    return ()
