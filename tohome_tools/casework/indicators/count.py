"""Counting the indicators of a period from the records (pure: records in, a report out).

Participants are the members who signed the pact (`pact.signed_by`): the persons who take part in
the operation and can be asked for their characteristics. A participant *enters* on the day the pact
is signed and *leaves* on `esf.left_on`, or else on the day the project closes.

Age at entry: the year of entry minus the year of birth (records hold the year only, so this is the
age the person reaches during the year of entry; someone whose birthday falls after the entry day
is counted one year older than they were on that day).

A condition on a field that is absent, or `unknown`, cannot be decided: the participant is not
counted for that indicator and is listed among the missing data instead. `not_declared` is an
answer (the person chose not to declare a sensitive characteristic): it counts as not having it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tohome_tools.casework.indicators.sets import HOUSEHOLD_FIELDS, Indicator, IndicatorSet
from tohome_tools.core import dates
from tohome_tools.core.periods import Period

UNKNOWN = "unknown"


@dataclass(frozen=True)
class Participant:
    record: str            # the record's ID
    file: str
    key: str               # the member's key (M1, M2, ...)
    sex: str
    age_at_entry: int | None
    entry: dt.date
    left: dt.date | None
    facts: dict            # condition field -> value (the esf block, household fields, urbanisation)


@dataclass
class Row:
    indicator: Indicator
    counts: dict[str, int]          # sex -> count
    total: int


@dataclass
class Missing:
    record: str
    file: str
    key: str
    codes: list[str]                 # indicators that could not be decided
    fields: list[str]                # the fields that would decide them


@dataclass
class Report:
    set_name: str                  # in Italian (the report's own language; `set_name_en` for English)
    period: Period
    breakdown: tuple[str, ...]
    rows: list[Row]
    missing: list[Missing] = field(default_factory=list)
    entered: int = 0
    left: int = 0
    synthetic: bool = False
    erased: int = 0     # households erased that were in the programme in the period: not counted any more
    set_name_en: str = ""


def participants(records: list[tuple[str, dict]], urbanisation: str) -> list[Participant]:
    """Every participant of every record (`records`: (file, record) pairs)."""
    out = []
    for file, record in records:
        pact = record.get("pact") or {}
        entry = dates.parse(pact.get("signed_on"))
        if entry is None:
            continue
        closed = dates.parse((record.get("closure") or {}).get("closed_on"))
        signed = set(pact.get("signed_by") or [])
        household = {name: _at(record, path) for name, path in HOUSEHOLD_FIELDS.items()}
        for member in (record.get("household") or {}).get("members") or []:
            if member.get("key") not in signed:
                continue
            esf = member.get("esf") or {}
            left = dates.parse(esf.get("left_on")) or closed
            year = member.get("birth_year")
            facts = {**household, **{k: v for k, v in esf.items() if k != "left_on"}, "urbanisation": urbanisation}
            out.append(Participant(record.get("id", file), file, member["key"], member.get("sex", "X"),
                                   entry.year - year if isinstance(year, int) else None, entry, left, facts))
    return out


def _at(record: dict, path: tuple[str, ...]):
    node = record
    for name in path:
        node = node.get(name) if isinstance(node, dict) else None
    return node


def holds(condition: dict, person: Participant, needed: set[str]) -> bool | None:
    """True or False when the condition can be decided for the person, None when a field it needs is
    missing (its name is added to `needed`)."""
    results = []
    for name, wanted in condition.items():
        if name == "any":
            inner = [holds(c, person, needed) for c in wanted]
            results.append(True if True in inner else (None if None in inner else False))
        elif name == "all":
            inner = [holds(c, person, needed) for c in wanted]
            results.append(False if False in inner else (None if None in inner else True))
        elif name == "age_at_entry":
            age = person.age_at_entry
            if age is None:
                needed.add("birth_year")
                results.append(None)
            else:
                results.append(wanted.get("min", 0) <= age <= wanted.get("max", 200))
        else:
            value = person.facts.get(name)
            if value is None or value == UNKNOWN:
                needed.add(name)
                results.append(None)
            else:
                results.append(value in wanted)
    return False if False in results else (None if None in results else True)


def report(records: list[tuple[str, dict]], indicator_set: IndicatorSet, period: Period,
           synthetic: bool = False) -> Report:
    people = participants(records, indicator_set.urbanisation)
    entered = [p for p in people if period.contains(p.entry)]
    leaving = [p for p in people if period.contains(p.left)]
    rows, gaps = [], {}
    for indicator in indicator_set.indicators:
        counts = dict.fromkeys(indicator_set.breakdown, 0)
        total = 0
        for person in entered if indicator.at == "entry" else leaving:
            needed: set[str] = set()
            decided = holds(indicator.when, person, needed)
            if decided is None:
                gap = gaps.setdefault((person.file, person.key), Missing(person.record, person.file, person.key, [], []))
                gap.codes.append(indicator.code)
                gap.fields = sorted(set(gap.fields) | needed)
            elif decided:
                total += 1
                if person.sex in counts:
                    counts[person.sex] += 1
        rows.append(Row(indicator, counts, total))
    missing = sorted(gaps.values(), key=lambda m: (m.record, m.key))
    return Report(indicator_set.name, period, indicator_set.breakdown, rows, missing, len(entered), len(leaving),
                  synthetic, set_name_en=indicator_set.title("en"))
