"""The register of erased households (`erasures.yaml`, committed): which IDs are gone and must not return.

`tohome erase` appends one entry per household it erases: the ID, the day, the rule (the end of
retention and what it ran from, a person's request, or a transfer to another lot), who, the
published periods that counted the household (they stay published as they are) and the git object
ids of every version of its record (no clone may hold them again). Nothing else of the household:
the register holds no personal data beyond the pseudonymous ID, and its purpose is to stop that ID
from coming back (`validate` refuses a record with it, `new` never hands it out, the push check
refuses a history that still holds one of its objects).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from tohome_tools.core.errors import ConfigError
from tohome_tools.core.findings import Finding, Severity
from tohome_tools.io import loader, yamlwrite
from tohome_tools.programme import schemacheck

FILE = Path("erasures.yaml")
SCHEMA = Path("schemas/erasures.schema.json")
RETENTION_RULES = ("closure", "programme_end", "last_activity")

HEADER = """\
Registro delle cancellazioni, scritto da «tohome erase»: non modificarlo a mano.
Per ogni nucleo cancellato: il codice, il giorno, la regola, chi; i periodi pubblicati che lo
contavano (restano pubblicati come sono) e gli identificativi git delle versioni cancellate.
Nessun dato personale del nucleo. Un codice scritto qui non torna: «tohome validate» rifiuta una
scheda con questo codice e «tohome new» non lo assegna più."""


@dataclass(frozen=True)
class Erasure:
    id: str
    erased_on: dt.date
    rule: str
    by: str
    due: dt.date | None = None
    to_lot: int | None = None
    periods: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    lot: int | None = None

    def as_data(self) -> dict:
        out = {"id": self.id}
        if self.lot is not None:
            out["lot"] = self.lot
        out.update({"erased_on": self.erased_on.isoformat(), "rule": self.rule, "by": self.by})
        if self.due is not None:
            out["due"] = self.due.isoformat()
        if self.to_lot is not None:
            out["to_lot"] = self.to_lot
        out["years"] = list(self.years)
        out["periods"] = list(self.periods)
        out["objects"] = list(self.objects)
        return out


@dataclass(frozen=True)
class Register:
    entries: tuple[Erasure, ...] = ()
    path: Path | None = None

    def ids(self) -> frozenset[str]:
        return frozenset(e.id.upper() for e in self.entries)

    def barred(self) -> dict[str, int | None]:
        """ID (upper case) -> the only lot whose repository may still hold it: None for a household
        erased, the destination for one transferred out of a lot (it lives on there)."""
        out: dict[str, int | None] = {}
        for entry in self.entries:
            key = entry.id.upper()
            lot = entry.to_lot if entry.rule == "transfer" else None
            out[key] = None if (key in out and out[key] is None) else lot
        return out

    def get(self, record_id: str) -> Erasure | None:
        wanted = record_id.upper()
        return next((e for e in self.entries if e.id.upper() == wanted), None)

    def frozen_periods(self) -> dict[str, int]:
        """Published period -> how many erased households it counted."""
        out: dict[str, int] = {}
        for entry in self.entries:
            for period in entry.periods:
                out[period] = out.get(period, 0) + 1
        return out

    def erased(self, first_year: int | None = None, last_year: int | None = None, lot: int | None = None) -> int:
        """How many households were erased (not moved to another lot), of a lot and in the programme in
        some of those years if given: a count over them is smaller by that many, and must say so."""
        return sum(1 for e in self.entries if e.rule != "transfer" and (lot is None or e.lot == lot)
                   and (first_year is None or any(first_year <= y <= (last_year or first_year) for y in e.years)))

    def objects(self) -> frozenset[str]:
        return frozenset(o for e in self.entries for o in e.objects)

    def plus(self, *more: "Register") -> "Register":
        return Register(self.entries + tuple(e for r in more for e in r.entries), self.path)


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def load(root: Path) -> Register:
    """The register of the repository at `root` (empty when there is none). A register that does
    not read or does not follow its schema is a located configuration error: an unreadable register
    must not let an erased household back in silently."""
    path = root / FILE
    if not path.exists() and not path.is_symlink():
        return Register((), path)
    loaded = loader.load_path(path)
    findings = loader.to_findings(loaded, str(path), settings=True)
    if not findings:
        schema = root / SCHEMA
        if not schema.is_file():
            findings = [Finding(str(path), 1, 1, "", "register-schema-missing", Severity.ERROR, {"schema": str(SCHEMA)})]
        else:
            findings = schemacheck.check(loaded, str(path), str(schema))
    if not findings:
        for i, entry in enumerate(loaded.data["erasures"]):
            for key in ("erased_on", "due"):
                if key in entry:
                    try:
                        dt.date.fromisoformat(entry[key])
                    except ValueError:
                        line, column = loaded.position(f"/erasures/{i}/{key}")
                        findings.append(Finding(str(path), line, column, f"/erasures/{i}/{key}", "register-bad-day",
                                                Severity.ERROR, {"day": entry[key]}))
    if findings:
        raise ConfigError(findings)
    entries = tuple(Erasure(e["id"], _day(e["erased_on"]), e["rule"], e["by"], _day(e.get("due")), e.get("to_lot"),
                            tuple(e.get("periods", ())), tuple(e.get("objects", ())), tuple(e.get("years", ())),
                            e.get("lot"))
                    for e in loaded.data["erasures"])
    return Register(entries, path)


def dump(register: Register) -> str:
    return yamlwrite.dump({"erasures": [e.as_data() for e in register.entries]}, HEADER)
