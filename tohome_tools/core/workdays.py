"""Working days in Turin: Italian public holidays, the city's patron day, and moving a due date.

The national public holidays are set by law (L. 260/1949 as amended by L. 54/1977, D.P.R. 792/1985,
L. 151/2025 for 4 October), so they live here; the local ones (Turin: 24 June, San Giovanni) and
the shifting rule come from the `calendar:` section of the programme configuration.

Shifting rule: a due date that falls on a Saturday, a Sunday or a holiday moves. A task (sign the
pact, write or validate the project, meet, delete the record) moves by `calendar.shift`, normally to
the next working day, as art. 155 c.p.c. does for legal terms. The end of something that does not
move with the calendar (a measure, an internship, the duration limit, the programme) moves by
`calendar.shift_ends`, normally to the previous working day, so the reminder comes while there is
still time to act.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

# (month, day, first year it applies or None, Italian name)
NATIONAL_FIXED = (
    (1, 1, None, "Capodanno"),
    (1, 6, None, "Epifania"),
    (4, 25, None, "Festa della Liberazione"),
    (5, 1, None, "Festa del Lavoro"),
    (6, 2, None, "Festa della Repubblica"),
    (8, 15, None, "Ferragosto"),
    (10, 4, 2026, "San Francesco d'Assisi"),
    (11, 1, None, "Ognissanti"),
    (12, 8, None, "Immacolata Concezione"),
    (12, 25, None, "Natale"),
    (12, 26, None, "Santo Stefano"),
)

# the national holidays' names in English (a local holiday keeps the name the configuration gives)
ENGLISH_NAMES = {
    "Capodanno": "New Year's Day", "Epifania": "Epiphany", "Festa della Liberazione": "Liberation Day",
    "Festa del Lavoro": "Labour Day", "Festa della Repubblica": "Republic Day", "Ferragosto": "Assumption Day",
    "San Francesco d'Assisi": "Saint Francis of Assisi", "Ognissanti": "All Saints' Day",
    "Immacolata Concezione": "Immaculate Conception", "Natale": "Christmas Day", "Santo Stefano": "Saint Stephen's Day",
    "Pasqua": "Easter", "Lunedì dell'Angelo (Pasquetta)": "Easter Monday", "festa locale": "local holiday",
}

# a holiday's name by language, looked up as _DAY_NAMES is (core sits below i18n in devdocs/map.md):
# Italian, the law's and the configuration's own, is the name as given
_HOLIDAY_NAMES = {"en": ENGLISH_NAMES}

SHIFTS = ("next_working_day", "previous_working_day")


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@dataclass(frozen=True)
class Calendar:
    """Which days are not working days, and which way a due date moves."""

    local: tuple[tuple[int, int, str], ...] = ()    # (month, day, name)
    weekend: tuple[int, ...] = (6, 7)               # ISO weekdays: Saturday, Sunday
    shift: str = "next_working_day"
    shift_ends: str = "previous_working_day"
    shift_retention: str = "previous_working_day"   # never later: the law's limit is the limit

    @classmethod
    def from_programme(cls, programme) -> "Calendar":
        return cls.from_section(programme.calendar)

    @classmethod
    def from_section(cls, raw: dict) -> "Calendar":
        """From the `calendar:` section of the programme configuration."""
        local = tuple((int(h["day"][:2]), int(h["day"][3:]), h.get("name", "")) for h in raw.get("local_holidays", []))
        return cls(local, tuple(raw.get("weekend", (6, 7))), raw.get("shift", "next_working_day"),
                   raw.get("shift_ends", "previous_working_day"), raw.get("shift_retention", "previous_working_day"))

    def holidays(self, year: int) -> dict[dt.date, str]:
        return _holidays(year, self.local)

    def holiday_name(self, day: dt.date) -> str | None:
        return self.holidays(day.year).get(day)

    def is_working_day(self, day: dt.date) -> bool:
        return day.isoweekday() not in self.weekend and day not in self.holidays(day.year)

    def why_not_working(self, day: dt.date, lang: str = "it") -> str | None:
        """A short reason ("domenica", "Pasquetta", ...) or None for a working day."""
        name = self.holiday_name(day)
        if name:
            return _HOLIDAY_NAMES.get(lang, {}).get(name, name)
        if day.isoweekday() in self.weekend:
            return day_name(day, lang)
        return None

    def move(self, day: dt.date, end: bool = False) -> dt.date:
        """The working day a due date moves to (the day itself when it is a working day); `end`
        selects the rule for the end of a measure or period instead of the rule for tasks."""
        rule = self.shift_ends if end else self.shift
        step = dt.timedelta(days=-1 if rule == "previous_working_day" else 1)
        while not self.is_working_day(day):
            day += step
        return day

    def move_erasure(self, day: dt.date) -> dt.date:
        """The day an erasure falls due: the last working day on or before `day` (or `day` itself with
        `shift_retention: none`). Never later: keeping data a day past its limit breaks the limit."""
        if self.shift_retention == "none":
            return day
        while not self.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day


@lru_cache(maxsize=256)
def _holidays(year: int, local: tuple) -> dict[dt.date, str]:
    days = {dt.date(year, m, d): name for m, d, since, name in NATIONAL_FIXED if since is None or year >= since}
    sunday = easter(year)
    days.setdefault(sunday, "Pasqua")
    days.setdefault(sunday + dt.timedelta(days=1), "Lunedì dell'Angelo (Pasquetta)")
    for m, d, name in local:
        try:
            days.setdefault(dt.date(year, m, d), name or "festa locale")
        except ValueError:  # "02-29" outside leap years
            continue
    return days


_DAY_NAMES = {
    "it": ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def day_name(day: dt.date, lang: str = "it") -> str:
    return _DAY_NAMES[lang][day.weekday()]
