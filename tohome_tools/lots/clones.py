"""The city's clones of the lots' repositories: fetched, and kept on the city's programme version."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from tohome_tools.io import atomic, gitutil, loader, yamlwrite
from tohome_tools.programme import layout


@dataclass(frozen=True)
class Step:
    lot: int
    path: Path
    action: str          # cloned | pulled | synced | unchanged | failed | dirty | no-remote
    detail: str = ""


def fetch(where: layout.Layout) -> list[Step]:
    """Clone every lot that is missing, bring every other one up to its server (fast-forward only)."""
    out = []
    for lot in where.lots:
        if not lot.path.exists():
            if not lot.remote:
                out.append(Step(lot.lot, lot.path, "no-remote"))
                continue
            done = subprocess.run(["git", "clone", "--quiet", lot.remote, str(lot.path)], capture_output=True,
                                  text=True)
            out.append(Step(lot.lot, lot.path, "cloned" if done.returncode == 0 else "failed", done.stderr.strip()))
            continue
        try:
            gitutil.run(lot.path, "pull", "--quiet", "--ff-only")
            out.append(Step(lot.lot, lot.path, "pulled"))
        except gitutil.GitError as error:
            out.append(Step(lot.lot, lot.path, "failed", str(error)))
    return out


def sync(where: layout.Layout, who: str) -> list[Step]:
    """Copy the city's `config/` and `schemas/` into every lot's clone, pin their digest in its
    `tohome-lot.yaml` and commit there (the push is the lots' server's business: printed by the face)."""
    city = layout.programme_files(where.root)
    digest = layout.digest(city)
    out = []
    for lot in where.lots:
        if gitutil.run(lot.path, "status", "--porcelain").strip():
            out.append(Step(lot.lot, lot.path, "dirty"))
            continue
        theirs = layout.programme_files(lot.path)
        pinned = loader.load_path(lot.path / layout.LOT_FILE).data or {}
        if not layout.differences(city, theirs) and pinned.get("programme") == digest:
            out.append(Step(lot.lot, lot.path, "unchanged"))
            continue
        for name in set(theirs) - set(city):
            (lot.path / name).unlink()
        for name, data in city.items():
            atomic.write_bytes(lot.path / name, data)
        text = (lot.path / layout.LOT_FILE).read_text(encoding="utf-8")
        header = "".join(line[2:] if line.startswith("# ") else "\n" for line in text.splitlines(keepends=True)
                         if line.startswith("#")).rstrip("\n")
        atomic.write_text(lot.path / layout.LOT_FILE, yamlwrite.dump({"lot": lot.lot, "programme": digest}, header))
        gitutil.commit(lot.path, f"Versione del programma della città ({digest[:19]}…)", who, "config", "schemas",
                       str(layout.LOT_FILE))
        out.append(Step(lot.lot, lot.path, "synced", digest))
    return out
