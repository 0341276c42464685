"""Loading the records a casework command may trust: every valid record, and why others were left out.

Budget, deadlines and the project sheet work on valid records only. A record with validation errors
(schema, rules, or collection rules such as a duplicate id) is skipped and reported, never guessed
at: a wrong amount in a ledger is worse than a missing one that is announced. Two files with one ID
are both left out (the rule reports the second; an old copy sorted first must not stand in).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from tohome_tools.core.findings import Finding
from tohome_tools.records.validate import RECORD_SUFFIXES, Settings, validate


@dataclass
class RecordSet:
    records: list[dict] = field(default_factory=list)       # valid records, sorted by id
    files: dict[str, str] = field(default_factory=dict)     # record id -> display path
    skipped: dict[str, list[Finding]] = field(default_factory=dict)  # display path -> its errors
    warnings: list[Finding] = field(default_factory=list)   # of the records kept (a rule a programme set to warning)


def load_valid(paths: list[Path], settings: Settings, jobs: int | None = None) -> RecordSet:
    """Validate every record under `paths` and keep the ones without errors, in one pass: each file
    is read once, and the data kept is the data that was judged."""
    report = validate(paths, settings, jobs=jobs, keep_data=True)
    errors: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.errors():
        errors[finding.file].append(finding)
        if finding.code == "duplicate-id" and finding.params.get("other") in report.data:
            # both copies, not the first one found: which of the two is right, nobody can tell here
            other = finding.params["other"]
            errors[other].append(dataclasses.replace(finding, file=other, params={**finding.params, "other": finding.file}))
    out = RecordSet()
    for shown, data in report.data.items():
        if shown in errors:
            continue
        out.records.append(data)
        out.files[data["id"]] = shown
    out.records.sort(key=lambda r: r["id"])
    kept = set(out.files.values())
    out.warnings = [f for f in report.warnings() if f.file in kept]
    # an error about a whole lot (a collection rule a programme raised to error) names no record: it
    # leaves none out
    # a folder that could not be read, or an entry named like a record that is not a file, may hide
    # households: left out and said, like a record with errors
    unreadable = {f.file for f in report.errors() if f.code in ("file-unreadable", "not-a-file")}
    out.skipped = {f: errors[f] for f in sorted(errors)
                   if f in report.data or f.lower().endswith(RECORD_SUFFIXES) or f in unreadable}
    return out


def is_synthetic(found: RecordSet) -> bool:
    """True when any record in the set is synthetic, so outputs can say so."""
    return any(record.get("synthetic") is True for record in found.records)
