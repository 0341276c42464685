"""YAML syntax errors a person can cause, named, and explained in Italian and English.

libyaml reports in English and by symptom ("mapping values are not allowed in this context" for an
unquoted colon inside a text and for a line indented too far). `kind_of` turns its report and the
line it points at into a kind; `explain` gives the sentence and the fix-it hint in the user's
language. Only the English message quotes the text of an unknown report (libyaml's own words are
English: the Italian one says what it can without them).
"""

from __future__ import annotations

# libyaml's problem text -> kind (the first match wins; "colon" and "indentation" share a text)
_BY_PROBLEM = {
    "mapping values are not allowed in this context": "colon",
    "mapping values are not allowed here": "colon",
    "did not find expected key": "expected-key",
    "did not find expected '-' indicator": "list-dash",
    "block sequence entries are not allowed in this context": "list-dash",
    "expected <block end>, but found '-'": "list-dash",
    "expected <block end>, but found '<block mapping start>'": "indentation",
    "did not find expected ',' or ']'": "unclosed-bracket",
    "did not find expected ',' or '}'": "unclosed-bracket",
    "found unexpected end of stream": "unexpected-end",
    "could not find expected ':'": "missing-colon",
    "found character that cannot start any token": "bad-start",
    "found unknown escape character": "unknown-escape",
    "found undefined alias": "undefined-alias",
    "did not find expected alphabetic or numeric character": "anchor-name",
    "did not find expected comment or line break": "block-scalar",
    "did not find expected node content": "missing-value",
    "exceeded maximum nesting depth": "too-deep",
    "did not find expected <document start>": "document-start",
    "found a tab character that violates indentation": "indentation",
    "could not find expected directive name": "bad-start",
    "found unexpected non-alphabetical character": "bad-start",
    "did not find expected whitespace or line break": "bad-start",
    "mapping keys are not allowed in this context": "bad-start",
    "did not find expected tag URI": "bad-start",
    "found undefined tag handle": "bad-start",
    "did not find URI escaped octet": "bad-start",
    "found unknown directive name": "bad-start",
}

_TEXT = {
    "it": {
        "colon": ("due punti «:» dentro un testo",
                  "Metti il testo tra virgolette, per esempio: note: \"affitto: arretrato di due mesi\"."),
        "indentation": ("il rientro di questa riga non è allineato con i campi sopra",
                        "Allinea la riga agli altri campi dello stesso livello, con lo stesso numero di spazi."),
        "expected-key": ("questa riga non continua il blocco sopra",
                         "Controlla il rientro (stessi spazi dei campi dello stesso livello) e che dopo un valore "
                         "tra virgolette o parentesi non segua altro testo."),
        "list-dash": ("elemento di elenco «-» fuori posto",
                      "Ogni elemento inizia con «- » allineato agli altri; l'elenco va a capo dopo «campo:»."),
        "unclosed-bracket": ("parentesi aperta e non chiusa",
                             "Chiudi la parentesi «]» o «}», oppure metti il testo tra virgolette."),
        "unexpected-end": ("il file finisce in mezzo a un valore",
                           "Cerca virgolette o parentesi aperte e non chiuse."),
        "unclosed-quote": ("virgolette aperte e non chiuse su questa riga",
                           "Chiudi le virgolette alla fine del testo."),
        "missing-colon": ("manca «:» dopo il nome del campo, o un testo è andato a capo",
                          "Scrivi «campo: valore»; un testo su più righe va tra virgolette o dopo «|»."),
        "bad-start": ("carattere non ammesso all'inizio di un valore (per esempio «@», «`», «%», «!» o «?»)",
                      "Metti il testo tra virgolette."),
        "unknown-escape": ("barra rovesciata «\\» non valida tra virgolette doppie",
                           "Usa le virgolette semplici ('C:\\cartella') o raddoppia la barra («\\\\»)."),
        "undefined-alias": ("riferimento «*» a un'ancora che non esiste",
                            "Se «*» fa parte del testo, metti il testo tra virgolette."),
        "anchor-name": ("«&» o «*» non seguiti da un nome",
                        "Se «&» o «*» fa parte del testo, metti il testo tra virgolette."),
        "block-scalar": ("testo sulla stessa riga di «|» o «>»",
                         "Dopo «|» o «>» vai a capo e scrivi il testo sulle righe sotto, rientrato."),
        "missing-value": ("manca un valore dove serve",
                          "Controlla parentesi, virgole e trattini su questa riga e su quella prima."),
        "control-character": ("carattere di controllo invisibile non ammesso (codice {detail})",
                              "Cancella il carattere (spesso arriva incollando da un altro programma)."),
        "too-deep": ("parentesi o elenchi annidati troppo in profondità",
                     "Una scheda ha pochi livelli: controlla parentesi e rientri."),
        "document-start": ("testo dove la scheda dovrebbe essere finita, o un carattere invisibile (come un BOM) "
                           "all'inizio della riga",
                           "Cancella i caratteri invisibili all'inizio della riga (spesso arrivano incollando da un "
                           "altro programma) e controlla che ogni riga sia un campo «nome: valore» rientrato come gli altri."),
        # libyaml's own words are English: an Italian message does not quote them
        "other": ("il lettore YAML non riesce a leggere questo punto della scheda",
                  "Controlla rientri, due punti e virgolette su questa riga e su quella prima."),
    },
    "en": {
        "colon": ("a colon ':' inside a text",
                  "Put the text in quotes, for example: note: \"rent: two months in arrears\"."),
        "indentation": ("this line's indentation does not line up with the fields above",
                        "Line it up with the other fields of the same level, with the same number of spaces."),
        "expected-key": ("this line does not continue the block above",
                         "Check the indentation (same spaces as the fields of its level) and that no text follows "
                         "a value in quotes or brackets."),
        "list-dash": ("a list item '-' out of place",
                      "Each item starts with '- ' lined up with the others; the list starts on the line after "
                      "'field:'."),
        "unclosed-bracket": ("a bracket opened and never closed",
                             "Close the bracket ']' or '}', or put the text in quotes."),
        "unexpected-end": ("the file ends in the middle of a value",
                           "Look for quotes or brackets opened and never closed."),
        "unclosed-quote": ("quotes opened and never closed on this line",
                           "Close the quotes at the end of the text."),
        "missing-colon": ("':' missing after the field name, or a text went on to a new line",
                          "Write 'field: value'; a text on several lines goes in quotes or after '|'."),
        "bad-start": ("a character that cannot start a value (such as '@', '`', '%', '!' or '?')",
                      "Put the text in quotes."),
        "unknown-escape": ("an invalid backslash '\\' in double quotes",
                           "Use single quotes ('C:\\folder') or double the backslash ('\\\\')."),
        "undefined-alias": ("a reference '*' to an anchor that does not exist",
                            "If '*' is part of the text, put the text in quotes."),
        "anchor-name": ("'&' or '*' not followed by a name",
                        "If '&' or '*' is part of the text, put the text in quotes."),
        "block-scalar": ("text on the same line as '|' or '>'",
                         "After '|' or '>' start a new line and write the text below, indented."),
        "missing-value": ("a value is missing where one is needed",
                          "Check brackets, commas and dashes on this line and the one before."),
        "control-character": ("an invisible control character (code {detail})",
                              "Delete the character (it often comes with text pasted from another program)."),
        "too-deep": ("brackets or lists nested too deeply",
                     "A record has only a few levels: check brackets and indentation."),
        "document-start": ("text where the record should have ended, or an invisible character (such as a BOM) at "
                           "the start of the line",
                           "Delete the invisible characters at the start of the line (they often come with pasted text) "
                           "and check that each line is a 'name: value' field indented like the others."),
        "other": ("the YAML reader says '{detail}'",
                  "Check indentation, colons and quotes on this line and the one before."),
    },
}

KINDS = frozenset(_TEXT["it"])


def kind_of(problem: str, line_text: str, column: int) -> str:
    """The kind of a libyaml problem; `line_text` and the 0-based `column` are where it points."""
    kind = _BY_PROBLEM.get(problem.strip(), "other")
    if kind == "other" and any(word in problem for word in ("directive", " tag ", "tag URI", "tag handle")):
        kind = "bad-start"   # a value or line starting with «%» or «!»
    if kind == "too-deep":
        return kind
    if kind == "colon" and ": " not in line_text[:column] + " ":
        # no colon before the mark on its own line: the line is a key indented under a value
        kind = "indentation"
    return kind


def explain(kind: str, lang: str, detail: str = "") -> tuple[str, str]:
    """(what is wrong, how to fix it) in `lang`."""
    problem, hint = _TEXT.get(lang, _TEXT["it"]).get(kind, _TEXT[lang if lang in _TEXT else "it"]["other"])
    return problem.replace("{detail}", detail), hint.replace("{detail}", detail)   # hints show «{» and «}»
