"""Every dated obligation of every household, with its due date and status on a given day.

Pure core: records (dicts from the loader) and the programme configuration in, `Deadline`s out.
The rules (also written for staff in docs/guida/budget-e-scadenze.md):

- pact: the pact is signed within `deadlines.pact_after_first_interview_days` of the first
  interview; done when `pact.signed_on` is set.
- project: the project is written within `project_after_pact_days` of the pact; done when
  `project.written_on` is set. Counted only once the pact is signed.
- validation: the district officer validates within `validation_after_project_days` of the
  project; done when `validation.validated_on` is set.
- monitoring: a meeting at most `limits.monitoring_cadence_days` after the validation and after
  each meeting; each recorded meeting closes one of these, the next one is open until closure.
- measure_end / internship_end: the last day of each housing or work measure (an internship has
  its own kind, because the case manager plans what comes after); done once that day has passed.
- max_duration: `limits.max_project_months` after the project start (the pact, or the first
  interview without a pact); done when the project is closed by then.
- programme_end: the programme window's end; done when the project is closed by then.
- retention_end: `deadlines.retention_years_after_closure` years after the closure (a project never
  closed: after the programme's end, or its last activity: `tohome_tools.casework.retention`), when
  the record must be erased (`tohome erase`); never done while the record exists, and moved earlier,
  never later, when it falls on a day off.

Days are calendar days; months and years use calendar months, clamped to the month's end
(31 January + 1 month = 28 or 29 February; 29 February + 1 year = 28 February). A due date on a
weekend or a public holiday moves (see `tohome_tools.core.workdays`): a task to the next working day,
a fixed end (`ENDS`) to the previous one; the computed date is kept as `computed` beside `due`.

A project that is closed owes nothing more except the retention deadline: obligations it never met
are not listed after closure (validation reports such gaps).

Status on `as_of`: done (fulfilled, with the day in `done_on`); overdue (due before `as_of`);
due_soon (due from `as_of` to `as_of` + `deadlines.due_soon_days`); upcoming (later).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tohome_tools.casework.retention import retention
from tohome_tools.core import dates
from tohome_tools.core.asof import known_on
from tohome_tools.core.workdays import Calendar
from tohome_tools.i18n.phrases import say

KINDS = ("pact", "project", "validation", "monitoring", "measure_end", "internship_end",
         "max_duration", "programme_end", "retention_end")
STATUSES = ("overdue", "due_soon", "upcoming", "done")
ENDS = ("measure_end", "internship_end", "max_duration", "programme_end")  # fixed ends, not tasks


@dataclass(frozen=True, slots=True)
class Deadline:
    household: str
    lot: int
    case_managers: tuple[str, ...]
    kind: str
    item: str                 # which one: measure id, monitoring number ("1", "2", ...), or ""
    computed: dt.date         # the date the rule gives
    due: dt.date              # after moving off weekends and holidays
    done_on: dt.date | None
    status: str

    @property
    def moved(self) -> bool:
        return self.due != self.computed

    def sort_key(self) -> tuple:
        return (self.due, self.household, KINDS.index(self.kind), self.item)


def status_of(due: dt.date, done_on: dt.date | None, as_of: dt.date, soon_days: int) -> str:
    if done_on is not None:
        return "done"
    if due < as_of:
        return "overdue"
    if due <= as_of + dt.timedelta(days=soon_days):
        return "due_soon"
    return "upcoming"


def _date(section, key: str) -> dt.date | None:
    return dates.parse(section.get(key)) if isinstance(section, dict) else None


def _obligations(record: dict, programme) -> list[tuple[str, str, dt.date, dt.date | None]]:
    """(kind, item, computed due date, done on) for one record, before moving and status."""
    days = programme.deadline
    out = []
    interviews = [d for d in (dates.parse(i.get("date")) for i in record["intake"]["interviews"]) if d]
    first = min(interviews) if interviews else None
    pact = _date(record.get("pact"), "signed_on")
    written = _date(record.get("project"), "written_on")
    validated = _date(record.get("validation"), "validated_on")
    closed = _date(record.get("closure"), "closed_on")

    def open_or_met(kind: str, item: str, due: dt.date, done: dt.date | None) -> None:
        if done is not None or closed is None:  # a closed project owes nothing it has not done
            out.append((kind, item, due, done))

    if first:
        open_or_met("pact", "", first + dt.timedelta(days=days("pact_after_first_interview_days")), pact)
    if pact:
        open_or_met("project", "", pact + dt.timedelta(days=days("project_after_pact_days")), written)
    if written:
        open_or_met("validation", "", written + dt.timedelta(days=days("validation_after_project_days")), validated)
    if validated:
        cadence = dt.timedelta(days=programme.limit("monitoring_cadence_days"))
        meetings = sorted(d for d in (dates.parse(m.get("date")) for m in record.get("monitoring") or []) if d)
        meetings = [d for d in meetings if d >= validated]
        previous = validated
        for n, met in enumerate(meetings, 1):
            out.append(("monitoring", str(n), previous + cadence, met))
            previous = met
        if closed is None:
            out.append(("monitoring", str(len(meetings) + 1), previous + cadence, None))
    measures = record.get("measures") or {}
    for family in ("housing_support", "work_support"):
        for measure in measures.get(family) or []:
            end = dates.parse(measure.get("end"))
            if end is None:
                continue
            kind = "internship_end" if measure.get("kind") == "internship" else "measure_end"
            # an event, not a task: it is done once the day is over (status decides with as_of)
            out.append((kind, measure["id"], end, None))
    start = pact or first
    if start:
        limit = dates.add_months(start, programme.limit("max_project_months"))
        met = closed if closed and closed <= limit else None
        if closed is None or met:
            out.append(("max_duration", "", limit, met))
    window_end = programme.window_end
    if closed is None or closed <= window_end:
        out.append(("programme_end", "", window_end, closed))
    kept = retention(record, programme)
    if kept is not None:
        out.append(("retention_end", "", kept.computed, None))
    return out


def deadlines(records: list[dict], programme, as_of: dt.date, calendar: Calendar | None = None) -> list[Deadline]:
    """All deadlines of all records with their status on `as_of`, sorted by due date. Each record is
    taken as it stood on `as_of` (`asof.known_on`): a meeting held later is not done yet."""
    calendar = calendar or Calendar.from_programme(programme)
    soon = programme.deadline("due_soon_days")
    out = []
    for record in (known_on(r, as_of) for r in records):
        staff = tuple(record["staff"]["case_managers"])
        for kind, item, computed, done_on in _obligations(record, programme):
            due = calendar.move_erasure(computed) if kind == "retention_end" else calendar.move(computed, end=kind in ENDS)
            status_day = due
            if kind in ("measure_end", "internship_end"):
                if computed < as_of:
                    done_on = computed  # the measure is over
                status_day = max(due, as_of)  # moved before a weekend end, it is not overdue yet
            out.append(Deadline(record["id"], record["lot"], staff, kind, item, computed, due, done_on,
                                status_of(status_day, done_on, as_of, soon)))
    out.sort(key=Deadline.sort_key)
    return out


def select(items: list[Deadline], as_of: dt.date, within: int | None = None, case_manager: str | None = None,
           household: str | None = None, include_done: bool = False,
           kinds: tuple[str, ...] | None = None) -> list[Deadline]:
    """Filter: open items only unless `include_done`; with `within`, only those due by as_of + within
    days (overdue ones included); by case manager, household or kinds."""
    limit = as_of + dt.timedelta(days=within) if within is not None else None
    return [d for d in items
            if (include_done or d.status != "done")
            and (kinds is None or d.kind in kinds)
            and (limit is None or d.due <= limit)
            and (case_manager is None or case_manager in d.case_managers)
            and (household is None or d.household == household)]


# --- words for people -------------------------------------------------------------------------------

LABELS = {
    "it": {
        "pact": "Firma del patto di adesione",
        "project": "Stesura del progetto personalizzato",
        "validation": "Validazione del progetto da parte del distretto",
        "monitoring": "Incontro di monitoraggio n. {item}",
        "measure_end": "Fine della misura {item}",
        "internship_end": "Fine del tirocinio {item}",
        "max_duration": "Limite di durata del progetto ({months} mesi)",
        "programme_end": "Fine del programma",
        "retention_end": "Fine della conservazione: cancellare la scheda (tohome erase)",
    },
    "en": {
        "pact": "Participation pact signature",
        "project": "Personalised project written",
        "validation": "Project validation by the district",
        "monitoring": "Monitoring meeting no. {item}",
        "measure_end": "End of measure {item}",
        "internship_end": "End of internship {item}",
        "max_duration": "Project duration limit ({months} months)",
        "programme_end": "Programme end",
        "retention_end": "End of retention: erase the record (tohome erase)",
    },
}

CATEGORIES = {   # a calendar's categories: one short word per kind, in the reader's language
    "it": {"pact": "Patto", "project": "Progetto", "validation": "Validazione", "monitoring": "Monitoraggio",
           "measure_end": "Fine misura", "internship_end": "Fine tirocinio", "max_duration": "Durata massima",
           "programme_end": "Fine programma", "retention_end": "Conservazione"},
    "en": {"pact": "Pact", "project": "Project", "validation": "Validation", "monitoring": "Monitoring",
           "measure_end": "Measure end", "internship_end": "Internship end", "max_duration": "Maximum duration",
           "programme_end": "Programme end", "retention_end": "Retention"},
}

STATUS_LABELS = {
    "it": {"overdue": "scaduta", "due_soon": "in scadenza", "upcoming": "prevista", "done": "fatta"},
    "en": {"overdue": "overdue", "due_soon": "due soon", "upcoming": "upcoming", "done": "done"},
}


def label(item: Deadline, programme, lang: str = "it") -> str:
    return LABELS[lang][item.kind].format(item=item.item, months=programme.limit("max_project_months"))


def moved_note(item: Deadline, calendar: Calendar, lang: str = "it") -> str:
    """Why the due date moved ("" when it did not)."""
    if not item.moved:
        return ""
    from tohome_tools.core.workdays import day_name
    from tohome_tools.i18n.render import day

    reason = calendar.why_not_working(item.computed, lang) or ""
    return (say("deadline-moved", lang, weekday=day_name(item.computed, lang), day=day(item.computed, lang))
            + (f" ({reason})" if reason and reason != day_name(item.computed, lang) else ""))
