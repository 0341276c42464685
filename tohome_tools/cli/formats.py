"""Turning a report into text for people, JSON for programs, or GitHub annotations."""

from __future__ import annotations

import json

from tohome_tools.cli.texts import ordered
from tohome_tools.core.findings import Finding, Report, Severity
from tohome_tools.core.safetext import visible
from tohome_tools.i18n import plural
from tohome_tools.i18n.render import Texts

GITHUB_LIMIT = 10  # GitHub shows at most 10 error and 10 warning annotations per step

_WORDS = {
    "it": {"error": "errore", "warning": "avviso", "hint": "come correggere",
           "summary": "File controllati: {files}; errori: {errors}; avvisi: {warnings}.",
           "more": "{n:P|Un altro problema non mostrato come annotazione|Altri {n} problemi non mostrati come "
                   "annotazioni}: li trovi nel log qui sopra."},
    "en": {"error": "error", "warning": "warning", "hint": "how to fix",
           "summary": "Files checked: {files}; errors: {errors}; warnings: {warnings}.",
           "more": "{n:p|more problem|more problems} not shown as annotations: see the log above."},
}


def summary_line(report: Report, lang: str = "it") -> str:
    return _WORDS[lang]["summary"].format(files=report.files_checked, errors=len(report.errors()),
                                          warnings=len(report.warnings()))


def _line(f: Finding, message: str, lang: str) -> str:
    return visible(f"{f.file}:{f.line}:{f.column}: {_WORDS[lang][f.severity.value]} {f.code} {message}")


def hint_line(hint: str, lang: str) -> str:
    """A finding's fix-it hint as the text format shows it under the finding (the editor too)."""
    return f"{_WORDS[lang]['hint']}: {visible(hint)}"


def text(report: Report, words: Texts, hints: bool = True) -> str:
    lang = words.lang
    lines = []
    for f, message, hint in ordered(report.findings, words):
        lines.append(_line(f, message, lang))
        if hints and hint:
            lines.append("    " + hint_line(hint, lang))
    lines.append(summary_line(report, lang))
    return "\n".join(lines) + "\n"


def as_json(report: Report, words: Texts) -> str:
    return json.dumps([words.as_dict(f) for f, _m, _h in ordered(report.findings, words)],
                      ensure_ascii=False, indent=2) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(report: Report, words: Texts) -> str:
    lang = words.lang
    lines, shown, hidden = [], {Severity.ERROR: 0, Severity.WARNING: 0}, 0
    for f, message, hint in ordered(report.findings, words):
        if shown[f.severity] >= GITHUB_LIMIT:
            hidden += 1
            # a plain log line: no control characters, and no "::" that the runner could take for a command
            plain = _line(f, message, lang)
            lines.append(plain.replace("::", ": :").replace("##[", "# #["))   # nor the older "##[error]" form
            continue
        shown[f.severity] += 1
        props = [f"file={_escape_property(f.file)}"]
        if f.line:
            props += [f"line={f.line}", f"col={f.column}"]
        props.append(f"title={_escape_property(f.code)}")
        body = message + (f"\n{_WORDS[lang]['hint']}: {hint}" if hint else "")
        lines.append(f"::{f.severity.value} {','.join(props)}::{_escape_data(body)}")
    if hidden:
        lines.append(f"::notice title=tohome::{_escape_data(plural.fmt(_WORDS[lang]['more'], n=hidden))}")
    lines.append(summary_line(report, lang))
    return "\n".join(lines) + "\n"


def render(report: Report, fmt: str, words: Texts) -> str:
    if fmt == "json":
        return as_json(report, words)
    if fmt == "github":
        return github(report, words)
    return text(report, words)


def finding_line(f: Finding, words: Texts) -> str:
    return _line(f, words.message(f), words.lang)
