"""The package layers of devdocs/map.md, checked from the source: a package imports only from itself
or the packages before it in the map's table, and no two modules import each other, even through
others.

Every import counts, also those inside functions (they run too). The rows of the table are the
layers, lowest first; its first cell names the packages of that row."""

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
            out.append(set(re.findall(r"`([a-z0-9_]+)/`", line.split("|")[1])))
    return out


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, modules: set[str]) -> set[str]:
    """The project's modules that `path` imports (a `from package import name` counts the module
    `name` when it is one, else the package)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in modules else node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name in modules}


def graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: imported_modules(path, set(files)) - {name} for name, path in files.items()}


def package_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and (PACKAGE / parts[1]).is_dir() else None


def test_no_relative_imports():
    """Absolute imports only, so that moving a module is a search-and-replace this test can trust."""
    relative = [str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py")
                if any(isinstance(n, ast.ImportFrom) and n.level for n in ast.walk(ast.parse(p.read_text(encoding="utf-8"))))]
    assert relative == []


def test_every_package_is_on_the_map_and_no_module_lies_flat():
    mapped = set().union(*layers())
    present = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert mapped == present, f"on the map only: {mapped - present}; in the code only: {present - mapped}"
    flat = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert flat == ["__init__.py", "__main__.py"], "every module belongs to a package of the map"


def test_imports_only_point_down_the_layers():
    rank = {name: i for i, names in enumerate(layers()) for name in names}
    upward = set()
    for module, targets in graph().items():
        here = package_of(module)
        for target in targets:
            there = package_of(target)
            if here and there and rank[there] > rank[here]:
                upward.add((module, target))
    assert upward == set(), sorted(upward)


def test_no_import_cycles_between_modules():
    """Tarjan's strongly connected components over the module graph: every one must be a single
    module (a package's __init__ that imports its own modules is an edge, not a cycle, unless a
    module imports the package back)."""
    edges = graph()
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    assert cycles == []


def test_the_checks_can_fail(tmp_path):
    """The layer check on a made-up upward edge and the cycle check on a made-up cycle."""
    core = tmp_path / "tohome_tools" / "core"
    core.mkdir(parents=True)
    (core / "a.py").write_text("from tohome_tools.cli.main import run\nfrom tohome_tools.core import b\n")
    (core / "b.py").write_text("def f():\n    from tohome_tools.core import a\n")
    modules = {"tohome_tools.cli.main", "tohome_tools.core.a", "tohome_tools.core.b"}
    assert imported_modules(core / "a.py", modules) == {"tohome_tools.cli.main", "tohome_tools.core.b"}
    assert imported_modules(core / "b.py", modules) == {"tohome_tools.core.a"}
    rank = {name: i for i, names in enumerate(layers()) for name in names}
    assert rank["cli"] > rank["core"]
