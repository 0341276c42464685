"""The list of validation rules, generated from the rule registry: code, severity, title and the
rule's docstring (its user documentation), so the page never drifts from the code."""

from __future__ import annotations

from tohome_tools.site.markdown import GENERATED, inline, mask_record_ids

SEVERITY = {"error": "errore", "warning": "avviso"}
SCOPE = {"record": "su ogni scheda", "collection": "tra tutte le schede"}


def _paragraphs(doc: str, title: str) -> list[str]:
    """The docstring as escaped paragraphs, without a first line that repeats the title."""
    paragraphs = [" ".join(p.split()) for p in doc.strip().split("\n\n") if p.strip()]
    if paragraphs and paragraphs[0].rstrip(".") == title.rstrip("."):
        paragraphs = paragraphs[1:]
    return [inline(mask_record_ids(p)) for p in paragraphs]


def page(rules) -> str:
    """`rules` is `tohome_tools.records.rules.registry()` (passed in, so tests can give any registry)."""
    errors = sum(1 for r in rules if r.severity.value == "error")
    lines = [GENERATED, "# Regole di controllo\n",
             "`tohome validate` controlla ogni scheda in due modi: prima la **forma** (lo schema: campi "
             "obbligatori, valori ammessi, formati delle date e degli importi), poi le **regole** del "
             "programma elencate qui sotto. Questa pagina è generata dal registro delle regole: il testo "
             "di ogni regola è la sua documentazione nel codice.\n",
             f"Regole: **{len(rules)}**, di cui {errors} segnalano un **errore** (la scheda va corretta) e "
             f"{len(rules) - errors} un **avviso** (da verificare).\n",
             "| codice | gravità | controllo | regola |", "| --- | --- | --- | --- |"]
    for rule in rules:
        title = rule.title.get("it", rule.code)
        lines.append(f"| [`{rule.code}`](#{rule.code}) | {SEVERITY[rule.severity.value]} | "
                     f"{SCOPE.get(rule.scope, rule.scope)} | {inline(title)} |")
    lines.append("")
    for rule in rules:
        title = rule.title.get("it", rule.code)
        lines.append(f"## {inline(title)} {{#{rule.code}}}\n")
        lines.append(f"Codice `{rule.code}` · {SEVERITY[rule.severity.value]} · "
                     f"{SCOPE.get(rule.scope, rule.scope)}\n")
        lines.extend(p + "\n" for p in _paragraphs(rule.doc, title))
    return "\n".join(lines)
