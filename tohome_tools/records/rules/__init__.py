"""Registry of business rules.

Each rule is a small module in this package with:
- a docstring in Italian, which is the user documentation (rendered into the site's rule list);
- CODE (stable, kebab-case), SEVERITY ("error" or "warning"), SCOPE ("record" or "collection");
- for a collection rule, REACH: "lot" when one lot's records are enough (a lot's own repository
  checks it whole), "programme" when it needs every lot (a lot's repository checks it only among
  its own records and says so; the city level checks it whole);
- TITLE and MESSAGES in Italian and English; MESSAGES maps a language to (message, hint) templates,
  and PHRASES (optional) a language to the pieces of sentence its findings pick by case;
- `check(ctx)` for a record rule (ctx: RecordContext), or `check(summaries, programme)` for a
  collection rule; both yield Hit objects (where, and the template's parameters as values: dates,
  money as Decimal, fields as `ctx.field(pointer)`; never words of one language).

The registry discovers the modules, so adding a rule is adding a file.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Callable

from tohome_tools.core.findings import Severity
from tohome_tools.records.rules.base import Hit, RecordContext, Summary  # noqa: F401  (public API)


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    scope: str
    title: dict
    messages: dict
    phrases: dict
    doc: str
    check: Callable
    module: str
    reach: str = "record"   # what a collection rule must see: "lot" (one lot's records) or "programme" (every lot)


def _from_module(module: ModuleType) -> Rule:
    return Rule(
        code=module.CODE,
        severity=Severity(module.SEVERITY),
        scope=module.SCOPE,
        title=module.TITLE,
        messages=module.MESSAGES,
        phrases=getattr(module, "PHRASES", {}),
        doc=inspect.cleandoc(module.__doc__ or ""),
        check=module.check,
        module=module.__name__,
        reach=getattr(module, "REACH", "record"),
    )


@lru_cache(maxsize=1)
def registry() -> tuple[Rule, ...]:
    rules = []
    for info in pkgutil.iter_modules(__path__):
        if info.name == "base" or info.name.startswith("_"):
            continue
        rules.append(_from_module(importlib.import_module(f"{__name__}.{info.name}")))
    codes = [r.code for r in rules]
    if len(codes) != len(set(codes)):
        raise RuntimeError(f"duplicate rule codes: {sorted(codes)}")
    return tuple(sorted(rules, key=lambda r: (r.scope, r.code)))


def record_rules() -> tuple[Rule, ...]:
    return tuple(r for r in registry() if r.scope == "record")


def collection_rules() -> tuple[Rule, ...]:
    return tuple(r for r in registry() if r.scope == "collection")


@lru_cache(maxsize=1)
def by_code() -> dict[str, Rule]:
    return {rule.code: rule for rule in registry()}


def templates(code: str) -> tuple[dict, dict] | None:
    """A rule's (messages, phrases), for `i18n.render.Texts`; None when no rule has the code."""
    rule = by_code().get(code)
    return None if rule is None else (rule.messages, rule.phrases)
