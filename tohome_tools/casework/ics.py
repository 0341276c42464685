"""Deadlines as an iCalendar file (RFC 5545) that calendars can import again and again.

- Each deadline is an all-day VEVENT on its (moved) due date.
- UID is derived from (household, kind, item) only, so a new export of the same records updates
  the events already imported instead of adding copies, even when a due date moves.
- DTSTAMP is the reference day (`as_of`) at midnight UTC, not the wall clock: the same records and
  the same reference day give byte-identical files, and a later export carries a later DTSTAMP, which
  is what lets a calendar accept it as the newer version of each event.
- SEQUENCE is the number of days from 2000-01-01 to `as_of`: it grows with the reference day, so
  clients that compare SEQUENCE before DTSTAMP (Outlook) also take a later export as an update.
- Lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character (RFC 5545 3.1).
- Every word is in the reader's language, dates included (as the table writes them), and the
  categories too: a calendar shows them to the person.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from tohome_tools.casework.deadlines import CATEGORIES, STATUS_LABELS, Deadline, label, moved_note
from tohome_tools.core.workdays import Calendar
from tohome_tools.i18n.phrases import say
from tohome_tools.i18n.render import day

PRODID_OF = "-//tohome//{name}//IT"   # the programme's name from the configuration
UID_DOMAIN = "tohome.torino.invalid"
SEQUENCE_EPOCH = dt.date(2000, 1, 1)


def uid(item: Deadline) -> str:
    key = f"{item.household}|{item.kind}|{item.item}".encode("utf-8")
    return f"{hashlib.sha256(key).hexdigest()[:32]}@{UID_DOMAIN}"


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> bytes:
    """One content line, folded so no physical line exceeds 75 octets, ending in CRLF."""
    parts, current, limit = [], b"", 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            parts.append(current)
            current, limit = b"", 74  # continuation lines start with one space
        current += encoded
    parts.append(current)
    return b"\r\n ".join(parts) + b"\r\n"


def calendar_bytes(items: list[Deadline], programme, as_of: dt.date, calendar: Calendar,
                   lang: str = "it", synthetic: bool = False) -> bytes:
    stamp = as_of.strftime("%Y%m%dT000000Z")
    sequence = max(0, (as_of - SEQUENCE_EPOCH).days)
    name = say("ics-calendar-name", lang, programme=programme.name)
    prodid = escape(PRODID_OF.format(name=programme.name))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{prodid}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape(name)}"]
    statuses = STATUS_LABELS[lang]
    for item in sorted(items, key=uid):
        title = f"{label(item, programme, lang)} - {item.household}"
        if item.status == "done":
            title = say("ics-done-title", lang, title=title)
        details = [say("ics-status", lang, status=statuses[item.status])]
        if item.done_on:
            details.append(say("ics-done-on", lang, day=day(item.done_on, lang)))
        note = moved_note(item, calendar, lang)
        if note:
            details.append(note)
        details.append(say("ics-case-managers", lang, names=", ".join(item.case_managers)))
        if synthetic:
            details.append(say("ics-synthetic", lang))
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid(item)}",
            f"DTSTAMP:{stamp}",
            f"SEQUENCE:{sequence}",
            f"DTSTART;VALUE=DATE:{item.due.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(item.due + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{escape(title)}",
            f"DESCRIPTION:{escape(chr(10).join(details))}",
            f"CATEGORIES:{escape(CATEGORIES[lang][item.kind])}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) for line in lines)
