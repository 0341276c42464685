"""What may be published, read from the household schema's `x-publication` marks.

Only properties marked `publishable` (with every ancestor publishable or a container) can feed a
table dimension; the few derived coarsenings (bands, periods, counts) are listed here by name with
the reason they are safe. Table building reads record values only through `Guard.values`, so a
table that tried to use a non-publishable field fails before anything is written.
"""

from __future__ import annotations

from tohome_tools.programme.schema import deref

PUBLISHABLE = "publishable"

# Derived coarsenings: a band or a count computed from private fields, never the fields themselves.
DERIVED = {
    "household_size_band": "numero di componenti del nucleo, in fasce larghe (mai l'elenco dei componenti)",
    "duration_band": "durata del progetto in mesi, in fasce larghe (mai le date)",
    "period": "appartenenza al periodo pubblicato (mai le date esatte)",
}


class PublicationError(Exception):
    """A table asked for a field the schema does not mark publishable."""


def publishable_pointers(schema: dict) -> frozenset[str]:
    """Pointers (with `*` for array items) of every publishable leaf or branch of the schema."""
    found: set[str] = set()

    def walk(node: dict, pointer: str) -> None:
        node = deref(schema, node)
        if node.get("x-publication") == PUBLISHABLE and pointer:
            found.add(pointer)
        for name, child in (node.get("properties") or {}).items():
            walk(child, f"{pointer}/{name}")
        items = node.get("items")
        if isinstance(items, dict):
            walk(items, f"{pointer}/*")

    walk(schema, "")
    return frozenset(found)


def enum_of(schema: dict, pointer: str) -> list[str]:
    """The enum codes of a schema property (the categories a dimension must list)."""
    node = schema
    for part in pointer.strip("/").split("/"):
        node = deref(schema, node)
        node = node["items"] if part == "*" else node["properties"][part]
    return list(deref(schema, node)["enum"])


class Guard:
    """Reads record values for publication, refusing any pointer the schema does not allow."""

    def __init__(self, schema: dict):
        self.allowed = publishable_pointers(schema)

    def require(self, pointer: str) -> None:
        if pointer.startswith("derived:"):
            if pointer.split(":", 1)[1] not in DERIVED:
                raise PublicationError(pointer)
            return
        if pointer not in self.allowed:
            raise PublicationError(pointer)

    def values(self, record: dict, pointer: str) -> list:
        """Every value at `pointer` (`*` walks a list) in one record; missing parts give nothing."""
        self.require(pointer)
        nodes = [record]
        for part in pointer.strip("/").split("/"):
            nxt = []
            for node in nodes:
                if part == "*":
                    nxt.extend(node if isinstance(node, list) else [])
                elif isinstance(node, dict) and part in node:
                    nxt.append(node[part])
            nodes = nxt
        return nodes

    def value(self, record: dict, pointer: str):
        found = self.values(record, pointer)
        return found[0] if found else None
