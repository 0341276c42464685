"""A record as it stood on a day: what is dated after that day has not happened yet.

One meaning of `--as-of`: a pact signed later is not signed, a meeting held later is not held, a
closure later leaves the project open, a payment for a later month is not paid. Plans stay (the
project's objectives, the measures' planned start and end): on that day they were already written.
"""

from __future__ import annotations

import copy
import datetime as dt

from tohome_tools.core import dates

# (section, date field): the section did not exist before that day
_DATED_SECTIONS = (("pact", "signed_on"), ("project", "written_on"), ("validation", "validated_on"),
                   ("closure", "closed_on"))


def known_on(record: dict, day: dt.date) -> dict:
    """A copy of `record` holding only what had happened by `day` (inclusive)."""
    known = copy.deepcopy(record)

    def after(value) -> bool:
        parsed = dates.parse(value)
        return parsed is not None and parsed > day

    intake = known.get("intake")
    if isinstance(intake, dict) and isinstance(intake.get("interviews"), list):
        intake["interviews"] = [i for i in intake["interviews"] if not (isinstance(i, dict) and after(i.get("date")))]
    for section, field in _DATED_SECTIONS:
        if isinstance(known.get(section), dict) and after(known[section].get(field)):
            del known[section]
    if isinstance(known.get("monitoring"), list):
        known["monitoring"] = [m for m in known["monitoring"] if not (isinstance(m, dict) and after(m.get("date")))]
    if isinstance(known.get("payments"), list):
        month_start = day.replace(day=1)
        known["payments"] = [p for p in known["payments"]
                             if not (isinstance(p, dict) and (dates.parse_month(p.get("month")) or month_start) > month_start)]
    return known
