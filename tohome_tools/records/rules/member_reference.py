"""Riferimenti a componenti del nucleo

Firmatari del patto, impegni, misure di sostegno al lavoro e azioni indicano i componenti con la
loro chiave (M1, M2, ...). Ogni chiave usata deve essere quella di un componente elencato in
«Nucleo familiare → Componenti».
"""

CODE = "member-reference"
SEVERITY = "error"
SCOPE = "record"
TITLE = {"it": "Riferimenti a componenti del nucleo", "en": "References to household members"}
MESSAGES = {
    "it": ("«{key}» non è un componente del nucleo (componenti: {members}).",
           "Usa la chiave di un componente elencato, o aggiungi il componente in household.members."),
    "en": ("'{key}' is not a household member (members: {members}).",
           "Use the key of a listed member, or add the member to household.members."),
}

PHRASES = {"it": {"none": "nessuno"}, "en": {"none": "none"}}

from tohome_tools.core.findings import phrase  # noqa: E402
from tohome_tools.records.rules.base import Hit, RecordContext  # noqa: E402


def _references(ctx: RecordContext):
    signed = ctx.section("pact").get("signed_by")
    for n, key in enumerate(signed if isinstance(signed, list) else []):
        yield f"/pact/signed_by/{n}", key
    for n, item in ctx.items("project", "commitments"):
        yield f"/project/commitments/{n}/member", item.get("member")
    for n, item in ctx.items("measures", "work_support"):
        yield f"/measures/work_support/{n}/member", item.get("member")
    for n, item in ctx.items("measures", "actions"):
        if "member" in item:
            yield f"/measures/actions/{n}/member", item.get("member")


def check(ctx: RecordContext):
    if not isinstance(ctx.section("household").get("members"), list):
        return  # no member list to compare with: the schema check reports it
    members = ctx.member_keys()
    listed = ", ".join(sorted(members)) or phrase("none")
    for pointer, key in _references(ctx):
        if isinstance(key, str) and key not in members:
            yield Hit(pointer, {"key": key, "members": listed})
