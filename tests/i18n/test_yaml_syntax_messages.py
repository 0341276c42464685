"""YAML mistakes a person makes are named in the user's language, never in libyaml's English, and
`--lang en` is English throughout (it used to print "YAML syntax error: il file finisce ...")."""

from __future__ import annotations

import json

import pytest
from helpers import EXAMPLES, tohome

BASE = (EXAMPLES / "valid" / "full" / "TH-4-0001.yaml").read_text(encoding="utf-8")

# (line put after line 5 of a valid record) -> (Italian words of the message, of the hint)
MISTAKES = {
    "a colon inside a text": ("note: affitto: arretrato", "due punti «:» dentro un testo", "tra virgolette"),
    "a key indented too far": ("   spostato: 1", "rientro", "stesso numero di spazi"),
    "a bracket never closed": ("note: [prima, seconda", "parentesi aperta e non chiusa", "Chiudi la parentesi"),
    "a Windows path in double quotes": ('note: "C:\\cartella"', "barra rovesciata", "virgolette semplici"),
    "a value starting with @": ("note: @mario", "carattere non ammesso", "tra virgolette"),
    "a line without a colon": ("soltanto del testo", "manca «:»", "«campo: valore»"),
    "a quote never closed": ('note: "aperta', "virgolette aperte e non chiuse", "Chiudi le virgolette"),
    # libyaml's words for these were quoted, in English, inside the Italian message (issue 24)
    "a percent sign at the start of a line": ("%prova", "carattere non ammesso", "tra virgolette"),
    "an exclamation mark with no tag": ("note: !!", "carattere non ammesso", "tra virgolette"),
    "an exclamation mark naming an unknown tag": ("note: !a!b testo", "carattere non ammesso", "tra virgolette"),
}
LIBYAML_WORDS = ("mapping values", "expected", "found", "token", "scalar", "while ")
ITALIAN_WORDS = ("riga", "virgolette", "rientro", "parentesi", "testo", "manca", "carattere", "errore")


def with_line(extra: str) -> str:
    lines = BASE.splitlines(keepends=True)
    return "".join(lines[:5]) + extra + "\n" + "".join(lines[5:])


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_a_yaml_mistake_is_named_and_explained_in_italian_and_in_english(project_copy, name):
    extra, says, hint = MISTAKES[name]
    (project_copy / "records" / "TH-4-0001.yaml").write_text(with_line(extra), encoding="utf-8")
    italian = json.loads(tohome("validate", "--format", "json", cwd=project_copy).stdout)
    assert [f["code"] for f in italian] == ["yaml-syntax"], italian
    assert says in italian[0]["message"] and hint in italian[0]["hint"], italian[0]
    assert not any(word in italian[0]["message"] + italian[0]["hint"] for word in LIBYAML_WORDS), italian[0]
    assert italian[0]["line"] in (6, 7)

    english = json.loads(tohome("validate", "--format", "json", "--lang", "en", cwd=project_copy).stdout)
    text = english[0]["message"] + " " + english[0]["hint"]
    assert english[0]["message"].startswith("YAML syntax error: ")
    assert not any(word in text.lower() for word in ITALIAN_WORDS), text
    assert (english[0]["line"], english[0]["column"]) == (italian[0]["line"], italian[0]["column"])


def test_a_report_no_table_names_is_not_quoted_in_english_in_italian():
    from tohome_tools.i18n import yamlsyntax

    italian = yamlsyntax.explain("other", "it", "some new libyaml problem")
    english = yamlsyntax.explain("other", "en", "some new libyaml problem")
    assert "some new libyaml problem" not in " ".join(italian) and "lettore YAML" in italian[0]
    assert "some new libyaml problem" in english[0]
