"""Findings into sentences, in one language: the only place a finding becomes text.

A finding is a code and parameters (`tohome_tools.core.findings`). Its templates come from the
catalogue (`i18n.messages`) or, for a business rule, from the rule's own module (the face passes a
lookup, since rules live above this layer); field titles from the schema (the face passes that too).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Callable, Mapping

from tohome_tools.core.findings import FieldName, Finding, Month, Number, Phrase, Shown
from tohome_tools.core.money import rounded
from tohome_tools.core.safetext import visible
from tohome_tools.i18n import italian, messages, yamlsyntax
from tohome_tools.i18n.plural import fmt

# code -> ({lang: (message, hint)}, {lang: {phrase key: template}}), or None when the code is not theirs
Lookup = Callable[[str], "tuple[Mapping, Mapping] | None"]
# (schema path, field path, lang) -> the field's title
Titles = Callable[[str, tuple, str], str]

SHORT = 80   # a longer value is cut in a message (a pasted paragraph helps nobody on one line)


def _no_entries(code: str):
    return None


def path_title(schema: str, path: tuple, lang: str) -> str:
    return "/".join(str(p) for p in path)


def money(amount: Decimal, lang: str) -> str:
    """1.234,56 € in Italian (a non-breaking space before €), €1,234.56 in English, as CLDR writes
    them; an amount that rounds to zero has no sign in either."""
    if lang == "it":
        return italian.money(amount)
    value = rounded(amount)
    return ("-€" if value < 0 else "€") + f"{value.copy_abs():,}"


def number(value, places: int, lang: str, grouped: bool = True) -> str:
    """19,4 in Italian, 19.4 in English (and 1.234 / 1,234 for thousands, when `grouped`)."""
    if lang == "it":
        return italian.number(value, places, grouped)
    return f"{rounded(Decimal(value), places):{',' if grouped else ''}}"


def seconds(value: float, lang: str, places: int = 2) -> str:
    """A duration in the reader's number format (19,4 in Italian, 19.4 in English): timings are
    floats, so they are cut to `places` decimals as Python writes them, then formatted."""
    return number(Decimal(f"{value:.{places}f}"), places, lang)


def day(value: dt.date, lang: str) -> str:
    return value.strftime("%d/%m/%Y") if lang == "it" else value.isoformat()


_ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                   "October", "November", "December")


def long_date(value: dt.date, lang: str) -> str:
    """5 gennaio 2019 in Italian, 5 January 2019 in English: the month by name, from our own tables
    (the machine's locale would name it in whatever language it is set to)."""
    if lang == "it":
        return italian.date(value)
    return f"{value.day} {_ENGLISH_MONTHS[value.month - 1]} {value.year}"


def few(items, most: int = 5) -> str:
    """The first `most` of `items` in order, and how many more: "a, b, c (+4)"."""
    ordered = sorted(items)
    return ", ".join(ordered[:most]) + (f" (+{len(ordered) - most})" if len(ordered) > most else "")


def quoted(text: str, lang: str) -> str:
    """Words quoted as each language quotes them: «testo» in Italian, 'text' in English."""
    return f"«{text}»" if lang == "it" else f"'{text}'"


class Texts:
    """Sentences in `lang` for findings."""

    def __init__(self, lang: str = "it", entries: Lookup = _no_entries, titles: Titles = path_title):
        self.lang = lang if lang in messages.LANGUAGES else "it"
        self.entries = entries
        self.titles = titles

    def of(self, finding: Finding) -> tuple[str, str]:
        """(message, hint) of one finding."""
        return self.render(finding.code, finding.params)

    def message(self, finding: Finding) -> str:
        return self.of(finding)[0]

    def as_dict(self, finding: Finding) -> dict:
        """A finding for programs (`--format json`): its place, code and sentence."""
        message, hint = self.of(finding)
        return {"file": finding.file, "line": finding.line, "column": finding.column, "code": finding.code,
                "severity": finding.severity.value, "message": message, "hint": hint, "pointer": finding.pointer}

    def render(self, code: str, params: Mapping) -> tuple[str, str]:
        templates, phrases = self._entry(code)
        if params.get("settings_file") and code in messages.SETTINGS_FILE:   # not a record: other words
            templates = messages.SETTINGS_FILE[code]
        values = {name: self.value(v, phrases) for name, v in self._prepared(code, params).items()}
        message, hint = templates.get(self.lang) or templates["it"]
        message = fmt(message, **values)
        if values.get("also"):   # findings with one cause told as one (validation groups them)
            key = "also-here" if values.get("cause_here") else "also-at" if values.get("cause_line") else "also-missing"
            message += " " + fmt(messages.PHRASES[self.lang][key], n=values["also"], field=values.get("cause", ""),
                                 line=values.get("cause_line"))
        return message, fmt(hint, **values)

    def _entry(self, code: str) -> tuple[Mapping, Mapping]:
        found = self.entries(code)
        if found is not None:
            return found
        return messages.CATALOGUE[code], messages.PHRASES

    def value(self, value, phrases: Mapping):
        lang = self.lang
        if isinstance(value, Phrase):
            own = phrases.get(lang) or phrases.get("it") or {}
            template = own.get(value.key) or messages.PHRASES[lang][value.key]
            return fmt(template, **{k: self.value(v, phrases) for k, v in value.params.items()})
        if isinstance(value, FieldName):
            return self.titles(value.schema, value.path, lang) if value.path else messages.PHRASES[lang]["record"]
        if isinstance(value, Shown):
            return show(value.value, lang)
        if isinstance(value, Month):
            return value.day.strftime("%m/%Y" if lang == "it" else "%Y-%m")
        if isinstance(value, Number):
            return number(value.value, value.places, lang, value.grouped)
        if isinstance(value, dt.date):
            return day(value, lang)
        if isinstance(value, Decimal):
            return money(value, lang)
        if isinstance(value, (list, tuple)):
            return ", ".join(str(self.value(v, phrases)) for v in value)
        return value

    def _prepared(self, code: str, params: Mapping) -> Mapping:
        """The loader reports YAML mistakes and odd entries by kind: the kind picks the words."""
        if code == "yaml-syntax":
            problem, hint = yamlsyntax.explain(params.get("kind", "other"), self.lang,
                                               visible(str(params.get("detail", ""))))
            return {"problem": problem, "hint": hint}
        if code in ("yaml-not-mapping", "not-a-file"):
            return {**params, "kind": Phrase(f"kind-{params.get('kind')}")}
        if code == "file-unreadable" and f"errno-{params.get('errno')}" in messages.PHRASES[self.lang]:
            return {**params, "detail": Phrase(f"errno-{params.get('errno')}", {"detail": params.get("detail", "")})}
        return params


def _short(text: str, lang: str) -> str:
    if len(text) <= SHORT:
        return text
    return text[:60] + fmt(messages.PHRASES[lang]["cut"], n=len(text))


def show(value, lang: str) -> str:
    """A value as the user wrote it, for a message. A number is quoted as written too («-150.00»):
    unquoted, a point in an Italian sentence would read as a number badly written."""
    if isinstance(value, str):
        return quoted(_short(visible(value), lang), lang)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)):
        return quoted(_short(str(value), lang), lang)
    if value is None:
        return messages.PHRASES[lang]["empty"]
    if isinstance(value, (dict, list)):
        return messages.PHRASES[lang]["type-object" if isinstance(value, dict) else "type-array"]
    return str(value)
