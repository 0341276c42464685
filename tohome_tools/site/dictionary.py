"""The data dictionary: the schema's publishable fields with their Italian title, description,
type and allowed values. Fields of any other publication class never appear."""

from __future__ import annotations

from dataclasses import dataclass

from tohome_tools.site.markdown import GENERATED, cell, code_cell, inline

PUBLISHABLE = "publishable"

TYPES = {"string": "testo", "integer": "numero intero", "number": "numero", "boolean": "sì/no",
         "object": "gruppo di campi", "array": "elenco"}


@dataclass(frozen=True)
class Field:
    path: str
    title: str
    description: str
    kind: str
    allowed: tuple[str, ...]


def _resolve(node: dict, root: dict) -> dict:
    """Merge a local $ref (#/$defs/...) into the node; the node's own keys win."""
    ref = node.get("$ref")
    if not ref or not ref.startswith("#/"):
        return node
    target = root
    for part in ref[2:].split("/"):
        target = target[part]
    merged = dict(_resolve(target, root))
    merged.update({k: v for k, v in node.items() if k != "$ref"})
    return merged


def _kind(node: dict) -> str:
    if "enum" in node:
        return "valore da elenco"
    if node.get("format") == "date":
        return "data (AAAA-MM-GG)"
    if node.get("format") == "euro":
        return "importo in euro"
    kind = node.get("type")
    return TYPES.get(kind, str(kind)) if kind else "valore"


def fields(schema: dict) -> list[Field]:
    """Every publishable property, in schema order, with a dotted path (`[]` marks list items)."""
    out: list[Field] = []

    def walk(node: dict, path: str) -> None:
        node = _resolve(node, schema)
        if node.get("type") == "array" and isinstance(node.get("items"), dict):
            walk_children(_resolve(node["items"], schema), path + "[]")
        else:
            walk_children(node, path)

    def walk_children(node: dict, path: str) -> None:
        for name, child in (node.get("properties") or {}).items():
            resolved = _resolve(child, schema)
            child_path = f"{path}.{name}" if path else name
            if resolved.get("x-publication") == PUBLISHABLE:
                out.append(Field(child_path, resolved.get("title", name), resolved.get("description", ""),
                                 _kind(resolved), tuple(str(v) for v in resolved.get("enum", ()))))
            walk(resolved, child_path)

    walk(schema, "")
    return out


def page(schema: dict) -> str:
    items = fields(schema)
    lines = [GENERATED, "# Dizionario dei dati\n",
             "I campi della scheda di un nucleo che possono comparire, solo in forma aggregata, nelle "
             "statistiche pubblicate. Il dizionario è generato dallo schema delle schede "
             "(`schemas/household.schema.json`): mostra **solo i campi pubblicabili**. Nomi, chiavi dei "
             "componenti, codici delle schede, date esatte e testi liberi non sono pubblicabili e qui non "
             "compaiono.\n",
             f"Campi pubblicabili: **{len(items)}**.\n",
             "| campo | nome | descrizione | tipo | valori ammessi |",
             "| --- | --- | --- | --- | --- |"]
    for field in items:
        allowed = ", ".join(f"`{code_cell(v)}`" for v in field.allowed) or "—"
        lines.append(f"| `{code_cell(field.path)}` | {cell(field.title)} | {cell(field.description)} | "
                     f"{cell(field.kind)} | {allowed} |")
    lines.append("")
    lines.append(inline("I valori ammessi sono i codici scritti nelle schede; le statistiche li mostrano con "
                        "un'etichetta in italiano.") + "\n")
    return "\n".join(lines)
