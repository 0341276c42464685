"""Stopping an erased household from coming back: a check of what a push brings, for CI and for a
server's pre-receive hook.

An old clone still holds the erased history. Pushed (or merged with the rewritten history and
pushed), it brings the data back. The check reads the register of erasures (the one in the pushed
commits and, for a force-push that drops it, the one the server already had) and refuses any commit
among those it is given that:

- reaches one of the erased record versions (by git object id, recorded in the register);
- holds a file whose name carries an erased ID, or a record (under `records/`) whose content names one;
- says an erased ID in its message.

It needs no working tree: a bare repository on the server can run it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from tohome_tools.erasure.versions import ids_in, is_record_path
from tohome_tools.io import gitobjects, gitutil, loader
from tohome_tools.records.register import FILE as REGISTER
from tohome_tools.records.register import Erasure, Register


@dataclass(frozen=True)
class Breach:
    household: str
    where: str          # a commit, or an object and its path
    what: str           # version | name | content | message


def register_at(repo, revision: str) -> Register:
    """The register of erasures as committed in `revision` (empty when it has none)."""
    try:
        text = gitutil.run(repo, "show", f"{revision}:{REGISTER}")
    except gitutil.GitError:
        return Register()
    loaded = loader.load_text(text)
    entries = []
    for entry in (loaded.data or {}).get("erasures") or []:
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            entries.append(Erasure(entry["id"], None, str(entry.get("rule", "")), str(entry.get("by", "")),
                                   objects=tuple(o for o in entry.get("objects") or () if isinstance(o, str))))
    return Register(tuple(entries))


def check(repo, revisions: list[str], exclude: list[str], register: Register) -> list[Breach]:
    """What the commits reachable from `revisions` but not from `exclude` bring back of the register."""
    if not register.entries:
        return []
    barred = {e.id.upper() for e in register.entries}
    objects = {oid: e.id.upper() for e in register.entries for oid in e.objects}
    scope = [*revisions, "--not", *exclude] if exclude else list(revisions)
    out: list[Breach] = []
    log = gitutil.run(repo, "log", "--format=%H%x00%B%x1e", *scope, "--", names=True) if revisions else ""
    for block in log.split("\x1e"):
        commit, _, message = block.strip("\n").partition("\0")
        for household in sorted(ids_in(message.encode("utf-8", "surrogateescape")) & barred) if commit else ():
            out.append(Breach(household, commit, "message"))
    named = gitobjects.reachable_blobs(repo, scope)
    suspects = []
    for oid, path in named:
        if oid in objects:
            out.append(Breach(objects[oid], f"{oid[:12]} {path}", "version"))
            continue
        hit = sorted(ids_in(PurePosixPath(path).name.encode("utf-8", "surrogateescape")) & barred)
        if hit:
            out.append(Breach(hit[0], f"{oid[:12]} {path}", "name"))
        elif is_record_path(path):   # outside records/ an ID is an example in the docs, not a household
            suspects.append((oid, path))
    paths = dict(suspects)
    for obj in gitobjects.read_objects(repo, list(paths)):
        for household in sorted(ids_in(obj.data) & barred):
            out.append(Breach(household, f"{obj.oid[:12]} {paths[obj.oid]}", "content"))
    return out
