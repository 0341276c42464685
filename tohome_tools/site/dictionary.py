"""The data dictionary for case managers: every field of a record with its Italian title,
description, type, allowed values and whether it may reach the published statistics. Generated
from the schema, so it names fields, never a value of a record."""

from __future__ import annotations

from dataclasses import dataclass

from tohome_tools.programme.schema import deref
from tohome_tools.site.markdown import GENERATED, cell, code_cell, inline, mask_record_ids

PUBLISHABLE = "publishable"

TYPES = {"string": "testo", "integer": "numero intero", "number": "numero", "boolean": "sì/no",
         "object": "gruppo di campi", "array": "elenco"}


PUBLICATION = {
    "publishable": "sì, solo in forma aggregata",
    "quasi_identifier": "no: insieme ad altri dati può far riconoscere il nucleo",
    "identifier": "no: identifica il nucleo o una persona",
    "sensitive": "no: dato sensibile",
    "free_text": "no: testo libero",
}


@dataclass(frozen=True)
class Field:
    path: str
    title: str
    description: str
    kind: str
    allowed: tuple[str, ...]
    publication: str = PUBLISHABLE


def _kind(node: dict) -> str:
    if "enum" in node:
        return "valore da elenco"
    if node.get("format") == "date":
        return "data (AAAA-MM-GG)"
    if node.get("format") == "euro":
        return "importo in euro"
    kind = node.get("type")
    return TYPES.get(kind, str(kind)) if kind else "valore"


def fields(schema: dict, every: bool = False) -> list[Field]:
    """The publishable properties (all of them with `every`), in schema order, with a dotted path
    (`[]` marks list items)."""
    out: list[Field] = []

    def walk(node: dict, path: str) -> None:
        node = deref(schema, node)
        if node.get("type") == "array" and isinstance(node.get("items"), dict):
            walk_children(deref(schema, node["items"]), path + "[]")
        else:
            walk_children(node, path)

    def walk_children(node: dict, path: str) -> None:
        for name, child in (node.get("properties") or {}).items():
            resolved = deref(schema, child)
            child_path = f"{path}.{name}" if path else name
            publication = resolved.get("x-publication", "")
            if every or publication == PUBLISHABLE:
                out.append(Field(child_path, resolved.get("title", name), resolved.get("description", ""),
                                 _kind(resolved), tuple(str(v) for v in resolved.get("enum", ())), publication))
            walk(resolved, child_path)

    walk(schema, "")
    return out


def page(schema: dict) -> str:
    items = fields(schema, every=True)
    published = sum(1 for f in items if f.publication == PUBLISHABLE)
    lines = [GENERATED, "# Dizionario dei dati\n",
             "Tutti i campi della scheda di un nucleo, generati dallo schema delle schede "
             "(`schemas/household.schema.json`): che cosa scrivere, in che forma, con quali valori. "
             "L'ultima colonna dice se il campo può comparire nelle statistiche pubblicate: solo i campi "
             "segnati «sì», e solo in forma aggregata. Nomi, chiavi dei componenti, codici delle schede, "
             "date esatte e testi liberi non sono mai pubblicati.\n",
             f"Campi: **{len(items)}**, di cui pubblicabili in forma aggregata: **{published}**.\n",
             "| campo | nome | descrizione | tipo | valori ammessi | nelle statistiche |",
             "| --- | --- | --- | --- | --- | --- |"]
    for field in items:
        allowed = ", ".join(f"`{code_cell(v)}`" for v in field.allowed) or "—"
        published_as = PUBLICATION.get(field.publication, "no")
        description = mask_record_ids(field.description)   # an example ID is still an ID shape
        lines.append(f"| `{code_cell(field.path)}` | {cell(field.title)} | {cell(description)} | "
                     f"{cell(field.kind)} | {allowed} | {cell(published_as)} |")
    lines.append("")
    lines.append(inline("I valori ammessi sono i codici scritti nelle schede; le statistiche li mostrano con "
                        "un'etichetta in italiano.") + "\n")
    return "\n".join(lines)
