"""Turning a report into text for people, JSON for programs, or GitHub annotations."""

from __future__ import annotations

import json
from collections import Counter

from tohome_tools.cli.texts import ordered
from tohome_tools.core.findings import Finding, Report, Severity
from tohome_tools.core.safetext import visible
from tohome_tools.i18n import plural
from tohome_tools.i18n.render import Texts

GITHUB_LIMIT = 10  # GitHub shows at most 10 error and 10 warning annotations per step

_WORDS = {
    "it": {"error": "errore", "warning": "avviso", "errors": "errori", "warnings": "avvisi", "hint": "come correggere",
           "left_out": "{file}: {n:P|un'altra segnalazione «{code}», non mostrata|altre {n} segnalazioni «{code}», "
                       "non mostrate} (righe {lines}).",
           "per_rule": "Riepilogo per regola (tutte le segnalazioni con --format json):",
           "rule_line": "  {code}: {n} {kind} in {files:p|file|file}", "rule_shown": " (mostrati qui sopra: {shown})",
           "summary": "File controllati: {files}; errori: {errors}; avvisi: {warnings}.",
           "more": "{n:P|Un altro problema non mostrato come annotazione|Altri {n} problemi non mostrati come "
                   "annotazioni}: li trovi nel log qui sopra."},
    "en": {"error": "error", "warning": "warning", "errors": "errors", "warnings": "warnings", "hint": "how to fix",
           "left_out": "{file}: {n:p|more '{code}' finding|more '{code}' findings}, not shown (lines {lines}).",
           "per_rule": "Summary per rule (every finding with --format json):",
           "rule_line": "  {code}: {n} {kind} in {files:p|file|files}", "rule_shown": " (shown above: {shown})",
           "summary": "Files checked: {files}; errors: {errors}; warnings: {warnings}.",
           "more": "{n:p|more problem|more problems} not shown as annotations: see the log above."},
}


def summary_line(report: Report, lang: str = "it") -> str:
    return _WORDS[lang]["summary"].format(files=report.files_checked, errors=len(report.errors()),
                                          warnings=len(report.warnings()))


def _line(f: Finding, message: str, lang: str) -> str:
    return visible(f"{f.file}:{f.line}:{f.column}: {_WORDS[lang][f.severity.value]} {f.code} {message}")


LONG = 40        # findings beyond which the text is summarised: a change of the configuration can give thousands
PER_FILE = 3     # in a long run, findings of one rule shown in full in one file
PER_RULE = 10    # in a long run, findings of one rule shown in full in all


def hint_line(hint: str, lang: str) -> str:
    """A finding's fix-it hint as the text format shows it under the finding (the editor too)."""
    return f"{_WORDS[lang]['hint']}: {visible(hint)}"


def text(report: Report, words: Texts, hints: bool = True) -> str:
    """One line per finding with its hint. A long run shows each hint once and the first findings of
    each rule (a few per file: the file's others as one line), and ends with the count per rule
    (every finding is in `--format json`)."""
    lang = words.lang
    long = len(report.findings) > LONG
    lines: list = []
    hinted, per_file, per_rule, hidden = set(), Counter(), Counter(), {}
    for f, message, hint in ordered(report.findings, words):
        if long and f.line:   # a finding about a whole lot (no line) is always shown: there are few
            per_file[(f.file, f.code)] += 1
            if per_file[(f.file, f.code)] > PER_FILE or per_rule[f.code] >= PER_RULE:
                hidden.setdefault((f.file, f.code), []).append(f.line)
                continue
        per_rule[f.code] += 1
        lines.append(_line(f, message, lang))
        if hints and hint and not (long and f.code in hinted):
            lines.append("    " + hint_line(hint, lang))
            hinted.add(f.code)
        if long and f.line and per_file[(f.file, f.code)] == PER_FILE:
            lines.append((f.file, f.code))   # the file's others of this rule, once they are counted
    if long:
        lines = [_left_out(item, hidden, lang) if isinstance(item, tuple) else item for item in lines]
        lines = [line for line in lines if line is not None] + _per_rule(report, per_rule, lang)
    lines.append(summary_line(report, lang))
    return "\n".join(lines) + "\n"


def _left_out(key: tuple[str, str], hidden: dict, lang: str) -> str | None:
    numbers = hidden.get(key)
    if not numbers:
        return None
    shown = ", ".join(map(str, numbers[:12])) + (", …" if len(numbers) > 12 else "")
    return visible(plural.fmt(_WORDS[lang]["left_out"], file=key[0], n=len(numbers), code=key[1], lines=shown))


def _per_rule(report: Report, shown: Counter, lang: str) -> list[str]:
    counts = Counter((f.code, f.severity.value) for f in report.findings)
    files: dict = {}
    for f in report.findings:
        files.setdefault((f.code, f.severity.value), set()).add(f.file)
    out = [_WORDS[lang]["per_rule"]]
    for (code, severity), n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        kind = _WORDS[lang][severity if n == 1 else f"{severity}s"]
        line = plural.fmt(_WORDS[lang]["rule_line"], code=code, n=n, kind=kind, files=len(files[(code, severity)]))
        if shown[code] < n:
            line += plural.fmt(_WORDS[lang]["rule_shown"], shown=shown[code])
        out.append(line)
    return out


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
