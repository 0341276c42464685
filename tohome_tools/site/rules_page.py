"""The list of validation rules, generated from the rule registry: code, severity, title and the
rule's docstring (its user documentation), so the page never drifts from the code."""

from __future__ import annotations

import re
from decimal import Decimal

from tohome_tools.i18n import italian
from tohome_tools.programme.config import Programme
from tohome_tools.site.markdown import GENERATED, inline, mask_record_ids

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

SEVERITY = {"error": "errore", "warning": "avviso"}
SCOPE = {"record": "su ogni scheda", "collection": "tra tutte le schede"}


def _cap(programme: Programme, name: str, extra: Decimal = Decimal(0)) -> str:
    """A cap as the rules page says it: one amount, or each amount with the day it starts."""
    caps = programme.caps(name)
    if len(caps) == 1:
        return italian.money(caps[0].amount + extra)
    return "; ".join(f"{italian.money(c.amount + extra)} dal {italian.date(c.start)}" for c in caps)


def doc_values(programme: Programme) -> dict[str, str]:
    """What a rule's docstring may name in braces, from the configuration: the page shows the
    numbers of the programme it is built for, never numbers written into the code."""
    return {
        "programme": programme.name,
        "id_prefix": programme.id_prefix,
        "window_start": italian.date(programme.window_start),
        "window_end": italian.date(programme.window_end),
        "max_project_months": str(programme.limit("max_project_months")),
        "monitoring_cadence_days": str(programme.limit("monitoring_cadence_days")),
        "housing_cap": _cap(programme, programme.housing_cap),
        "housing_cap_plus_cent": _cap(programme, programme.housing_cap, Decimal("0.01")),
        "work_cap": _cap(programme, programme.work_cap),
    }


def fill(doc: str, values: dict[str, str]) -> str:
    """The docstring with its {placeholders} replaced; an unknown one is an error of the rule's
    author, not something to publish."""
    def value(match: re.Match) -> str:
        if match.group(1) not in values:
            raise KeyError(f"rule documentation names {{{match.group(1)}}}, which the configuration does not give")
        return values[match.group(1)]
    return PLACEHOLDER.sub(value, doc)


def _paragraphs(doc: str, title: str) -> list[str]:
    """The docstring as escaped paragraphs, without a first line that repeats the title."""
    # lines joined on the docstring's own spaces only: the no-break space of an amount stays
    paragraphs = [re.sub(r"[ \t\r\n]+", " ", p).strip() for p in doc.strip().split("\n\n") if p.strip()]
    if paragraphs and paragraphs[0].rstrip(".") == title.rstrip("."):
        paragraphs = paragraphs[1:]
    return [inline(mask_record_ids(p)) for p in paragraphs]


def page(rules, programme: Programme) -> str:
    """`rules` is `tohome_tools.records.rules.registry()` (passed in, so tests can give any registry);
    the docstrings' {placeholders} come from `programme`."""
    values = doc_values(programme)
    levels = {rule.code: programme.rule_levels.get(rule.code, rule.severity.value) for rule in rules}
    rules = [rule for rule in rules if levels[rule.code] != "off"]   # a rule turned off does not apply here
    errors = sum(1 for r in rules if levels[r.code] == "error")
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
        lines.append(f"| [`{rule.code}`](#{rule.code}) | {SEVERITY[levels[rule.code]]} | "
                     f"{SCOPE.get(rule.scope, rule.scope)} | {inline(title)} |")
    lines.append("")
    for rule in rules:
        title = rule.title.get("it", rule.code)
        lines.append(f"## {inline(title)} {{#{rule.code}}}\n")
        lines.append(f"Codice `{rule.code}` · {SEVERITY[levels[rule.code]]} · "
                     f"{SCOPE.get(rule.scope, rule.scope)}\n")
        lines.extend(p + "\n" for p in _paragraphs(fill(rule.doc, values), title))
    return "\n".join(lines)
