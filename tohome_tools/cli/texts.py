"""The words of a command's findings, in the language it was asked for: the catalogue, each rule's
own messages and the schemas' field titles, put together at the edge (the core only has codes)."""

from __future__ import annotations

from tohome_tools.core.findings import Finding
from tohome_tools.i18n.phrases import say
from tohome_tools.i18n.plural import fmt
from tohome_tools.i18n.render import Texts, path_title
from tohome_tools.io import gitutil
from tohome_tools.programme import schema as schema_reader
from tohome_tools.records import rules
from tohome_tools.records.recordset import RecordSet


def _title(schema: str, path: tuple, lang: str) -> str:
    if not schema:
        return path_title(schema, path, lang)
    return schema_reader.index_for(schema).title(path, lang)


def git_said(error: Exception, lang: str) -> str:
    """What git said (its own words), or that git is missing, in the reader's language."""
    if str(error) != gitutil.NO_GIT:
        return str(error)
    return say("git-missing", lang)


def texts(lang: str) -> Texts:
    return Texts(lang, entries=rules.templates, titles=_title)


def ordered(findings: list[Finding], words: Texts) -> list[tuple[Finding, str, str]]:
    """Findings with their words, by file, line, column, code and message."""
    worded = [(f, *words.of(f)) for f in findings]
    return sorted(worded, key=lambda item: (*item[0].position_key(), item[1]))


_SKIP = {
    "it": ("{file}: scheda esclusa perché ha {n:p|errore|errori} di validazione (il primo: riga {line}: {message}). "
           "Correggila e controlla con «tohome validate».",
           "{n:p|scheda esclusa|schede escluse} per errori di validazione: i totali e gli elenchi non ne tengono conto."),
    "en": ("{file}: record left out because it has {n:p|validation error|validation errors} (the first: line {line}: {message}). "
           "Fix it and check with 'tohome validate'.",
           "{n:p|record|records} left out for validation errors: totals and lists do not include them."),
}


def skip_messages(found: RecordSet, words: Texts) -> list[str]:
    """One line per record left out (naming its first error, by line) and a closing count, for stderr."""
    if not found.skipped:
        return []
    one, summary = _SKIP[words.lang]
    lines = []
    for file, errors in found.skipped.items():
        first, message, _hint = ordered(errors, words)[0]
        lines.append(fmt(one, file=file, n=len(errors), line=first.line, message=message))
    return lines + [fmt(summary, n=len(found.skipped))]


_ERASED = {
    "it": "il nucleo {id} è stato cancellato il {day} (registro delle cancellazioni, {file}): non ci sono più dati",
    "en": "household {id} was erased on {day} (register of erasures, {file}): no data is left",
}
_MOVED = {
    "it": "il nucleo {id} è passato al lotto {lot} il {day}: la sua scheda sta nel repository di quel lotto",
    "en": "household {id} moved to lot {lot} on {day}: its record is in that lot's repository",
}


def erased_note(register, record_id: str, lang: str) -> str | None:
    """Why an ID finds nothing, when the register of erasures knows it (None when it does not)."""
    from tohome_tools.i18n.render import day

    entry = register.get(record_id)
    if entry is None:
        return None
    template = _MOVED if entry.rule == "transfer" else _ERASED
    return template[lang].format(id=entry.id, day=day(entry.erased_on, lang), lot=entry.to_lot, file="erasures.yaml")
