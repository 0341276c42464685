"""Argument types shared by the commands (argparse `type=` callables with Italian messages)."""

from __future__ import annotations

import argparse
import datetime as dt
import re

from tohome_tools.core import dates


def iso_day(text: str) -> dt.date:
    """argparse type for a day written AAAA-MM-GG. The messages go through argparse's own lookup
    (`argparse._`, which i18n.argparse_words points at Italian unless --lang en), so the whole
    line is in one language."""
    say = argparse._
    day = dates.parse(text)  # strict: exactly AAAA-MM-GG, a real day, 1900-2999
    if day is None and dates.parse("2001" + text[4:]) is not None:
        raise argparse.ArgumentTypeError(say("'%(text)s': the year must be between %(first)s and %(last)s")
                                         % {"text": text, "first": dates.EARLIEST.year, "last": dates.LATEST.year})
    if day is None and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        # the right shape, but no such day (2019-02-30, 2019-13-01): say so, not "wrong format"
        raise argparse.ArgumentTypeError(say("'%(text)s' is not a day of the calendar (check the month and the day)")
                                         % {"text": text})
    if day is None:
        raise argparse.ArgumentTypeError(say("'%(text)s' is not a date of the form YYYY-MM-DD (for example 2020-06-30)")
                                         % {"text": text})
    return day


def at_least_one(text: str) -> int:
    """argparse type for a count of 1 or more (`--jobs`). Text that is not a whole number keeps
    argparse's own message (ValueError: "valore non valido"); 0 or less is named, in the same
    language as argparse's words (see `iso_day`)."""
    number = int(text)   # ValueError for "x", "2.5" or 5,000 digits: argparse reports it
    if number < 1:
        raise argparse.ArgumentTypeError(argparse._("'%(text)s': the number must be 1 or more") % {"text": text})
    return number
