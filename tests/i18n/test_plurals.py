"""Counts agree with their words: "1 errore", "2 errori" (it used to say "1 errori", "1 scadute")."""

from __future__ import annotations

import pytest
from helpers import tohome
from hostile.hostile_cases import baseline

from tohome_tools.i18n.plural import fmt


@pytest.mark.parametrize("n, expected", [(0, "0 errori"), (1, "1 errore"), (2, "2 errori"), (11, "11 errori")])
def test_a_counted_word_agrees_with_its_number(n, expected):
    assert fmt("{n:p|errore|errori}", n=n) == expected


def test_the_word_alone_and_the_number_inside_it():
    template = "{n:P|Un altro problema|Altri {n} problemi}"
    assert (fmt(template, n=1), fmt(template, n=3)) == ("Un altro problema", "Altri 3 problemi")
    assert fmt("{x} e {y:>3}", x="a", y=7) == "a e   7"   # plain fields as str.format


def test_one_record_left_out_is_said_in_the_singular(project_copy):
    baseline(project_copy / "records")   # one valid record, one with a single error
    done = tohome("budget", cwd=project_copy)
    assert "scheda esclusa perché ha 1 errore di validazione" in done.stderr, done.stderr
    assert "1 scheda esclusa per errori di validazione" in done.stderr, done.stderr
    english = tohome("budget", "--lang", "en", cwd=project_copy)
    assert "because it has 1 validation error " in english.stderr and "1 record left out" in english.stderr
