"""The service history: a dated timeline kept as a data file (docs/data/storia.yaml), checked and
rendered as a Markdown page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import jsonschema
import yaml

from tohome_tools.i18n import italian
from tohome_tools.site.markdown import GENERATED, inline

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["events"],
    "properties": {
        "events": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["date", "title", "text", "source"],
                "properties": {
                    "date": {"type": "string", "pattern": r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"},
                    "title": {"type": "string", "minLength": 1, "maxLength": 120},
                    "text": {"type": "string", "minLength": 1, "maxLength": 1000},
                    "source": {"type": "string", "minLength": 1, "maxLength": 300},
                    "planned": {"type": "boolean"},
                },
            },
        }
    },
}


class TimelineError(Exception):
    """The timeline file is not valid; the message is in Italian and names the place."""


@dataclass(frozen=True)
class Event:
    date: str
    title: str
    text: str
    source: str
    planned: bool = False

    def when(self) -> str:
        parts = [int(p) for p in self.date.split("-")]
        if len(parts) == 3:
            return italian.date(dt.date(*parts))
        if len(parts) == 2:
            return italian.month(*parts)
        return str(parts[0])


def _italian(error: jsonschema.ValidationError) -> str:
    """The schema error said in Italian (the file is written by staff, not by developers)."""
    kind, value = error.validator, error.instance
    if kind == "required":
        missing = [name for name in error.validator_value if name not in (value or {})]
        return f"manca il campo «{missing[0] if missing else '?'}»"
    if kind == "additionalProperties":
        extra = sorted(set(value) - set(error.schema.get("properties", {})))
        return f"campo non previsto «{extra[0] if extra else '?'}» (campi ammessi: date, title, text, source, planned)"
    if kind == "pattern":
        return f"la data «{value}» non è nella forma AAAA, AAAA-MM o AAAA-MM-GG"
    if kind == "type":
        wanted = {"string": "un testo", "boolean": "true o false", "array": "un elenco", "object": "un gruppo di campi"}
        return f"qui serve {wanted.get(error.validator_value, error.validator_value)}"
    if kind in ("minLength", "minItems"):
        return "non può essere vuoto"
    if kind == "maxLength":
        return f"testo troppo lungo (al massimo {error.validator_value} caratteri)"
    return error.message


def _pointer(path) -> str:
    return "/" + "/".join(str(p) for p in path) if path else "/"


def parse(text: str, name: str = "docs/data/storia.yaml") -> list[Event]:
    """Parse and check the timeline; raise TimelineError with a located Italian message."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        raise TimelineError(f"{where}: il file non è YAML valido ({getattr(error, 'problem', error)})") from None
    # Unquoted dates become date objects in YAML: accept them, the schema wants text.
    for event in (data or {}).get("events", []) if isinstance(data, dict) else []:
        if isinstance(event, dict) and isinstance(event.get("date"), dt.date):
            event["date"] = event["date"].isoformat()
    errors = sorted(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        first = errors[0]
        raise TimelineError(f"{name}: {_pointer(first.path)}: {_italian(first)}")
    events = [Event(**e) for e in data["events"]]
    for index, event in enumerate(events):
        try:
            event.when()
        except ValueError:
            raise TimelineError(f"{name}: /events/{index}/date: la data «{event.date}» non esiste") from None
    dates = [e.date for e in events]
    if dates != sorted(dates):
        raise TimelineError(f"{name}: /events: le voci devono essere in ordine di data")
    return events


def page(events: list[Event]) -> str:
    lines = [GENERATED, "# Storia del servizio\n",
             "Le date principali del programma. Ogni voce indica la sua fonte; le date sono scritte con la "
             "precisione che la fonte consente (giorno, mese o anno).\n"]
    for event in events:
        mark = " *(previsto)*" if event.planned else ""
        lines.append(f"## {inline(event.when())}: {inline(event.title)}{mark}\n")
        lines.append(f"{inline(event.text)}\n")
        lines.append(f"*Fonte: {inline(event.source)}.*\n")
    return "\n".join(lines)


