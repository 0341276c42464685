"""Counted words that agree with their number, in any message template.

A field written `{n:p|errore|errori}` becomes "1 errore" or "3 errori" (and `{n:P|scaduta|scadute}`
only the word, for sentences that place the number elsewhere). Plain fields format as usual, so a
template may be passed here whether or not it counts anything.
"""

from __future__ import annotations

import string


class _Formatter(string.Formatter):
    def format_field(self, value, spec: str):
        if spec[:2] in ("p|", "P|"):
            one, _, many = spec[2:].partition("|")
            word = one if value == 1 else many
            return word if spec[0] == "P" else f"{value} {word}"
        return super().format_field(value, spec)


_FORMATTER = _Formatter()


def fmt(template: str, /, **params) -> str:
    return _FORMATTER.format(template, **params)
