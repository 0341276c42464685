"""An indicator set: `config/indicators/<set>.yaml`, named by `indicators.set` in the programme file.

Each indicator is defined once: code, Italian and English name, the reference date (`entry`: the
participants who entered in the period; `leaving`: those who left in it) and `when`, the condition a
participant meets. A new set is a new file; nothing in the code names an indicator.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tohome_tools.core.findings import Finding, Severity
from tohome_tools.i18n.languages import choose
from tohome_tools.io import loader
from tohome_tools.programme import schemacheck
from tohome_tools.programme.schema import load as load_schema

# condition fields read from the household (the others are the member's `esf` block, the age at
# entry and the programme's degree of urbanisation)
HOUSEHOLD_FIELDS = {"housing_at_entry": ("prevention", "housing_at_entry")}
class SetError(Exception):
    def __init__(self, findings: list[Finding]):
        super().__init__(findings)
        self.findings = findings


@dataclass(frozen=True)
class Indicator:
    code: str
    it: str
    en: str
    at: str            # entry | leaving
    when: dict

    def name(self, lang: str) -> str:
        return choose(lang, italian=self.it, english=self.en)


@dataclass(frozen=True)
class IndicatorSet:
    name: str
    breakdown: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    urbanisation: str
    name_en: str = ""

    def title(self, lang: str) -> str:
        """The set's name in the reader's language (the Italian one when no English is given)."""
        return choose(lang, italian=self.name, english=self.name_en or self.name)


def allowed_values(household_schema: Path, programme_schema: Path) -> dict[str, list]:
    """The values each condition field can take, from the schemas (one source for them)."""
    household = load_schema(household_schema)
    member = household["properties"]["household"]["properties"]["members"]["items"]["properties"]["esf"]
    out = {}
    for field, spec in member["properties"].items():
        if "enum" in spec:
            out[field] = list(spec["enum"])
        elif spec.get("type") == "boolean":
            out[field] = [True, False]
    out["housing_at_entry"] = list(household["$defs"]["housing_situation"]["enum"])
    programme = load_schema(programme_schema)
    out["urbanisation"] = list(programme["properties"]["indicators"]["properties"]["urbanisation"]["enum"])
    return out


def _value_findings(loaded, file: str, allowed: dict[str, list]) -> list[Finding]:
    found = []

    def walk(condition, pointer: str) -> None:
        for field, values in condition.items():
            if field in ("any", "all"):
                for i, inner in enumerate(values):
                    walk(inner, f"{pointer}/{field}/{i}")
            elif field in allowed:
                for j, value in enumerate(values):
                    if value not in allowed[field] or isinstance(value, bool) != isinstance(allowed[field][0], bool):
                        where = f"{pointer}/{field}/{j}"
                        line, column = loaded.position(where)
                        found.append(Finding(file, line, column, where, "config-indicator-value", Severity.ERROR,
                                             {"value": str(value), "field": field,
                                              "allowed": ", ".join(map(str, allowed[field]))}))

    for i, indicator in enumerate(loaded.data.get("indicators", [])):
        walk(indicator.get("when", {}), f"/indicators/{i}/when")
    return found


def load(folder: Path, name: str, urbanisation: str, schema: Path, allowed: dict[str, list]) -> IndicatorSet:
    """The set `name` from `folder`, validated (located findings in SetError when it is wrong)."""
    path = folder / f"{name}.yaml"
    file = str(path)
    if not path.is_file():
        raise SetError([Finding(file, 0, 0, "", "config-indicator-set", Severity.ERROR,
                                {"name": name, "file": file})])
    loaded = loader.load_path(path)
    findings = loader.to_findings(loaded, file, settings=True)
    if not findings:
        findings = schemacheck.check(loaded, file, str(schema))
    if not findings:
        findings = _value_findings(loaded, file, allowed)
    if findings:
        raise SetError(findings)
    data = loaded.data
    return IndicatorSet(data["name"], tuple(data["breakdown"]),
                        tuple(Indicator(i["code"], i["it"], i["en"], i["at"], i["when"]) for i in data["indicators"]),
                        urbanisation, data.get("name_en", ""))
