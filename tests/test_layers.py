"""The layers of devdocs/map.md, checked: a module imports only from its own layer or those before it.

Every import counts, also those inside functions (they run too). Known exceptions are listed with
the reason and must stay needed (a stale exception fails)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "tohome_tools"


def layers() -> list[set[str]]:
    table = (ROOT / "devdocs" / "map.md").read_text(encoding="utf-8")
    out = []
    for line in table.splitlines():
        if line.startswith("| ") and not line.startswith(("| layer", "| ---")):
            cells = line.split("|")[2]
            out.append({name.rstrip("/") for name in re.findall(r"`([a-z_]+/?)`", cells)})
    return out


def module_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tohome_tools"):
            parts = node.module.split(".")
            if len(parts) > 1:
                names.add(parts[1])
            else:
                names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {a.name.split(".")[1] for a in node.names if a.name.startswith("tohome_tools.")}
    return names


# (importer, imported): why the edge goes up a layer
EXCEPTIONS = {
}


def test_every_module_is_on_the_map():
    mapped = set().union(*layers())
    present = {module_of(p) for p in PACKAGE.rglob("*.py")} - {"__init__", "__main__"}
    assert present - mapped == set(), "modules missing from devdocs/map.md"
    assert mapped - present - {"templates"} == set(), "devdocs/map.md names modules that do not exist"


def test_imports_only_point_down_the_layers():
    rank = {name: i for i, names in enumerate(layers()) for name in names}
    upward = set()
    for path in PACKAGE.rglob("*.py"):
        here = module_of(path)
        if here not in rank:
            continue
        for name in imported(path):
            if name in rank and rank[name] > rank[here]:
                upward.add((here, name))
    assert upward - set(EXCEPTIONS) == set(), sorted(upward - set(EXCEPTIONS))
    assert set(EXCEPTIONS) - upward == set(), "exceptions no longer needed"
