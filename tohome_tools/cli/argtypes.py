"""Argument types shared by the commands (argparse `type=` callables with Italian messages)."""

from __future__ import annotations

import argparse
import datetime as dt

from tohome_tools.core import dates


def iso_day(text: str) -> dt.date:
    """argparse type for a day written AAAA-MM-GG."""
    day = dates.parse(text)  # strict: exactly AAAA-MM-GG, a real day, 1900-2999
    if day is None and dates.parse("2001" + text[4:]) is not None:
        raise argparse.ArgumentTypeError(f"«{text}»: l'anno deve stare tra {dates.EARLIEST.year} e {dates.LATEST.year}")
    if day is None:
        raise argparse.ArgumentTypeError(f"«{text}» non è una data nella forma AAAA-MM-GG (per esempio 2020-06-30)")
    return day
