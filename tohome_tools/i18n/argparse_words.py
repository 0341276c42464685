"""argparse's own words ("usage", "options", "unrecognized arguments") in Italian.

argparse looks its messages up through gettext at the moment it prints them, by the module-level
names `_` and `ngettext`; pointing those at this table is the supported-by-design way to translate
it without a compiled catalogue. English (`--lang en`) keeps argparse's own text.
"""

from __future__ import annotations

import argparse
import gettext

ITALIAN = {
    "usage: ": "uso: ",
    "options": "opzioni",
    "positional arguments": "argomenti",
    "subcommands": "comandi",
    "show this help message and exit": "mostra questo aiuto ed esce",
    "show program's version number and exit": "mostra la versione ed esce",
    "%(prog)s: error: %(message)s\n": "%(prog)s: errore: %(message)s\n",
    "unrecognized arguments: %s": "argomenti non riconosciuti: %s",
    "the following arguments are required: %s": "mancano gli argomenti obbligatori: %s",
    "argument %(argument_name)s: %(message)s": "argomento %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "scelta non valida: %(value)r (scegli tra %(choices)s)",
    "invalid %(type)s value: %(value)r": "valore non valido: %(value)r",
    "expected one argument": "serve un valore",
    "expected at least one argument": "serve almeno un valore",
    "expected at most one argument": "al massimo un valore",
    "ambiguous option: %(option)s could match %(matches)s": "opzione ambigua: %(option)s può essere %(matches)s",
    "not allowed with argument %s": "non si può usare insieme a %s",
    "one of the arguments %s is required": "serve uno degli argomenti %s",
    "ignored explicit argument %r": "valore %r ignorato: l'opzione non ne vuole",
    "unexpected option string: %s": "opzione inattesa: %s",
    "can't open '%(filename)s': %(error)s": "non riesco ad aprire '%(filename)s': %(error)s",
    # our own argument types (cli/argtypes), written in English and looked up like argparse's words
    "'%(text)s': the year must be between %(first)s and %(last)s": "«%(text)s»: l'anno deve stare tra %(first)s e %(last)s",
    "'%(text)s' is not a day of the calendar (check the month and the day)":
        "«%(text)s» non è un giorno del calendario (controlla il mese e il giorno)",
    "'%(text)s' is not a date of the form YYYY-MM-DD (for example 2020-06-30)":
        "«%(text)s» non è una data nella forma AAAA-MM-GG (per esempio 2020-06-30)",
    "'%(text)s': the number must be 1 or more": "«%(text)s»: il numero deve essere 1 o più",
}
_PLURALS = {
    ("expected %s argument", "expected %s arguments"): ("serve %s valore", "servono %s valori"),
}


def _italian(message: str) -> str:
    return ITALIAN.get(message, message)


def _italian_n(singular: str, plural: str, n: int) -> str:
    one, many = _PLURALS.get((singular, plural), (singular, plural))
    return one if n == 1 else many


def speak(lang: str) -> None:
    """Make argparse print its own words in `lang` ("it" or "en") from now on."""
    if lang == "it":
        argparse._, argparse.ngettext = _italian, _italian_n
    else:
        argparse._, argparse.ngettext = gettext.gettext, gettext.ngettext
