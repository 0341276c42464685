"""How long a household's record is kept, and the day it must be erased: one meaning for every command.

The programme sets the period (`deadlines.retention_years_after_closure`, GDPR art. 5(1)(e)):

- a closed project is kept that many years after `closure.closed_on` (rule `closure`);
- a project never closed is kept that many years after the programme's end (rule `programme_end`,
  the default of `deadlines.retention_open_from`), or after the last date written in the record
  (`last_activity`): a record nobody closed must not be kept for ever;
- the day falls on a weekend or a holiday: it moves *earlier*, to the last working day before it
  (`calendar.shift_retention: previous_working_day`, the default), or not at all (`none`). It never
  moves later, because a day later is a day past the legal limit.

Years are calendar years (29 February + 1 year = 28 February). `deadlines`, `tohome erase` and the
printed pact all read the date from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tohome_tools.core import dates
from tohome_tools.core.workdays import Calendar

RULES = ("closure", "programme_end", "last_activity")


@dataclass(frozen=True, slots=True)
class Retention:
    household: str
    rule: str            # what the period runs from: one of RULES
    since: dt.date       # the day it runs from
    computed: dt.date    # `since` plus the years
    due: dt.date         # the day to erase: `computed`, or the last working day before it

    @property
    def moved(self) -> bool:
        return self.due != self.computed


def _items(record: dict, *path: str) -> list[dict]:
    node = record
    for name in path:
        node = node.get(name) if isinstance(node, dict) else None
    return [item for item in node if isinstance(item, dict)] if isinstance(node, list) else []


def _section(record: dict, name: str) -> dict:
    value = record.get(name)
    return value if isinstance(value, dict) else {}


def _activity_values(record: dict) -> list[tuple[object, dt.date | None]]:
    """Every day the record says something happened or was planned to start or end, as written and as
    read (None when it does not read): referral, interviews, pact, project, validation, actions,
    measures, payments (their month's first and last day), meetings, closure."""
    written = [_section(record, "referral").get(key) for key in ("proposed_on", "office_validated_on")]
    written += [i.get("date") for i in _items(record, "intake", "interviews")]
    written += [_section(record, section).get(key) for section, key in
                (("pact", "signed_on"), ("project", "written_on"), ("validation", "validated_on"), ("closure", "closed_on"))]
    written += [a.get("date") for a in _items(record, "measures", "actions")]
    for family in ("housing_support", "work_support"):
        for measure in _items(record, "measures", family):
            written += [measure.get("start"), measure.get("end")]
    written += [m.get("date") for m in _items(record, "monitoring")]
    out = [(value, dates.parse(value)) for value in written if value is not None]
    for payment in _items(record, "payments"):
        value = payment.get("month")
        month = dates.parse_month(value)
        if month is None:
            out.append((value, None))
        else:
            out += [(value, month), (value, dates.add_months(month, 1) - dt.timedelta(days=1))]
    return out


def _activity_days(record: dict) -> list[dt.date]:
    return [day for _value, day in _activity_values(record) if day is not None]


def last_activity(record: dict) -> dt.date | None:
    return max(_activity_days(record), default=None)


def first_activity(record: dict) -> dt.date | None:
    return min(_activity_days(record), default=None)


def undecidable(record: dict, programme) -> object | None:
    """A date as written that decides the record's retention and does not read (its closure date; for
    a project never closed counted from its last activity, any of its dates), or None. Its
    retention cannot be told: never guessed from the dates that do read."""
    closure = unreadable_closure(record)
    if closure is not None or "closure" in record or programme.retention_open_from != "last_activity":
        return closure
    return next((value for value, day in _activity_values(record) if day is None), None)


def unreadable_closure(record: dict) -> object | None:
    """The closure date as written, when the record has a `closure` but its date is not a date
    ("21/12/2018", "2018-13-01", empty, missing): its retention cannot be told. Never taken for a
    project not closed, which would keep it years past its legal limit. None when there is no such problem."""
    if "closure" not in record:
        return None
    closure = record.get("closure")
    written = closure.get("closed_on") if isinstance(closure, dict) else closure
    return None if dates.parse(written) is not None else ("" if written is None else written)


def retention(record: dict, programme, calendar: Calendar | None = None) -> Retention | None:
    """The record's retention, or None when nothing in it says when the project ran (no closure, no
    date at all, and the programme counts open projects from their last activity), or when its
    closure date does not read (`unreadable_closure`: the caller must say so)."""
    calendar = calendar or Calendar.from_programme(programme)
    if undecidable(record, programme) is not None:
        return None
    closed = dates.parse(_section(record, "closure").get("closed_on"))
    if closed is not None:
        rule, since = "closure", closed
    elif programme.retention_open_from == "last_activity":
        rule, since = "last_activity", last_activity(record)
    else:
        rule, since = "programme_end", programme.window_end
    if since is None:
        return None
    computed = dates.add_months(since, 12 * programme.retention_years)
    return Retention(str(record.get("id")), rule, since, computed, calendar.move_erasure(computed))


def expired(records: list[dict], programme, as_of: dt.date, calendar: Calendar | None = None) -> list[Retention]:
    """The records whose retention has ended on `as_of` (due on or before it), oldest first."""
    calendar = calendar or Calendar.from_programme(programme)
    found = [r for r in (retention(record, programme, calendar) for record in records) if r and r.due <= as_of]
    return sorted(found, key=lambda r: (r.due, r.household))
