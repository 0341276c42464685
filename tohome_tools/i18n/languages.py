"""The one choice between two values given in both languages: data, not a sentence of ours.

The configuration and the schemas name some things twice (a field's `title` and `x-title-en`, an
indicator set's `name` and `name_en`); the sheet's vocabulary is Italian only. Picking one of two
given values is not a phrase for the catalogue (`phrases`): only the language decides. Italian is
the source, so every language but English gets the Italian value.
"""

from __future__ import annotations

from typing import TypeVar

from tohome_tools.i18n.messages import LANGUAGES

__all__ = ["LANGUAGES", "choose"]

T = TypeVar("T")


def choose(lang: str, *, italian: T, english: T) -> T:
    """`english` for English, `italian` for Italian and any language not known."""
    return english if lang == "en" else italian
