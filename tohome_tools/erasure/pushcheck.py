"""Stopping an erased household from coming back: a check of what a push brings, for CI and for a
server's pre-receive hook.

An old clone still holds the erased history. Pushed (or merged with the rewritten history and
pushed), it brings the data back. The check reads the register of erasures in *every* version that
history holds (so that a push which first deletes or empties it does not open the door to a second
one) and refuses any object, among those reachable from the revisions given and not from `exclude`,
that:

- is one of the erased record versions (by git object id, recorded in the register), whether a
  commit reaches it or a ref points at it directly;
- holds the household by `classify`'s judgement: a record of it anywhere, a file under `records/` or
  a printed page that names it, a file named after it, a commit or tag message that names it;
- is a commit that takes entries out of the register.

It needs no working tree: a bare repository on the server can run it.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from tohome_tools.erasure import classify
from tohome_tools.erasure.classify import ids_in
from tohome_tools.erasure.proof import register_blobs
from tohome_tools.io import gitobjects, gitutil, loader
from tohome_tools.records.register import FILE as REGISTER
from tohome_tools.records.register import Erasure, Register


@dataclass(frozen=True)
class Breach:
    household: str
    where: str          # a commit, or an object and its path
    what: str           # version | name | content | message | register | object


def parse_register(text: str) -> Register:
    """A register's entries as far as the check needs them (ID and object ids), from any version."""
    data = loader.load_text(text).data
    listed = data.get("erasures") if isinstance(data, dict) else None
    entries = []
    for entry in listed if isinstance(listed, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            entries.append(Erasure(entry["id"], None, str(entry.get("rule", "")), str(entry.get("by", "")),
                                   objects=tuple(o for o in entry.get("objects") or () if isinstance(o, str))))
    return Register(tuple(entries))


def register_at(repo, revision: str) -> Register:
    """The register of erasures as committed in `revision` (empty when it has none)."""
    try:
        return parse_register(gitutil.run(repo, "show", f"{revision}:{REGISTER}"))
    except gitutil.GitError:
        return Register()


def resolving(repo: Path, revisions: list[str]) -> list[str]:
    """The revisions that name a commit here (a server's HEAD may point at a branch it does not have):
    one that does not must not make git refuse the whole question, and the check with it."""
    out = []
    for revision in revisions:
        done = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"],
                              capture_output=True)
        if done.returncode == 0:
            out.append(revision)
    return out


def every_register(repo: Path, checked: list[str], also: list[str] = ()) -> Register:
    """The households the register bars: every erasure any version of it ever held, in any ref or in
    the revisions given (an erasure is for good, whatever a later commit does to the file), and the
    households moved to another lot as the register of the `checked` revisions says (a household may
    come back to a lot it left: the commit that takes it back decides, not the server's old state)."""
    erased: list[Erasure] = []
    for blob in register_blobs(repo, ("--all", *resolving(repo, [*checked, *also]))):
        for obj in gitobjects.read_objects(repo, [blob]):
            erased += [e for e in parse_register(obj.data.decode("utf-8", "replace")).entries if e.rule != "transfer"]
    moved = [e for revision in resolving(repo, checked) for e in register_at(repo, revision).entries
             if e.rule == "transfer"]
    return Register(tuple(erased + moved))


def ever_registered(repo: Path) -> set[str]:
    """Every ID any version of the register in any ref ever named, erased or moved to another lot: a
    number no new record may take again."""
    out: set[str] = set()
    for blob in register_blobs(repo, ("--all",)):
        for obj in gitobjects.read_objects(repo, [blob]):
            out |= parse_register(obj.data.decode("utf-8", "replace")).ids()
    return out


def _peeled_kind(repo: Path, revision: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), "cat-file", "-t", f"{revision}^{{}}"], capture_output=True,
                          text=True)
    return done.stdout.strip()


def _shrinking(repo: Path, scope: list[str]) -> list[Breach]:
    """Commits that take an erasure out of the register (a household moved out may come back: its
    entry may go)."""
    out = []
    touching = gitutil.run(repo, "log", "--format=%H %P", *scope, "--", str(REGISTER), names=True).splitlines()
    for line in touching:
        commit, *parents = line.split()
        mine = register_at(repo, commit).ids()
        for parent in parents:
            erased = {e.id.upper() for e in register_at(repo, parent).entries if e.rule != "transfer"}
            for gone in sorted(erased - mine):
                out.append(Breach(gone, commit, "register"))
    return out


def check(repo, revisions: list[str], exclude: list[str], register: Register) -> list[Breach]:
    """What the objects reachable from `revisions` but not from `exclude` bring back of the register."""
    if not register.entries:
        return []
    barred = {e.id.upper() for e in register.entries}
    objects = {oid: e.id.upper() for e in register.entries for oid in e.objects}
    scope = [*revisions, "--not", *exclude] if exclude else list(revisions)
    out: list[Breach] = []
    for revision in revisions:
        if _peeled_kind(repo, revision) in ("blob", "tree"):   # a ref to a file or folder, not to a commit
            out.append(Breach("?", revision, "object"))
    log = gitutil.run(repo, "log", "--format=%H%x00%B%x1e", *scope, "--", names=True)
    for block in log.split("\x1e"):
        commit, _, message = block.strip("\n").partition("\0")
        for household in sorted(ids_in(message.encode("utf-8", "surrogateescape")) & barred) if commit else ():
            out.append(Breach(household, commit, "message"))
    out += _shrinking(repo, scope)
    listed: dict[str, set[str]] = {}
    for oid, _kind, path in gitobjects.reachable(repo, scope):
        listed.setdefault(oid, set()).add(path)
    done = subprocess.run(["git", "-C", str(repo), "rev-list", "--objects", *scope], capture_output=True, text=True,
                          errors="surrogateescape")
    for line in done.stdout.splitlines():   # objects with no path: commits, top folders, a file a ref points at
        listed.setdefault(line.split(" ", 1)[0], set())
    # a content the server holds already, put at a new path by a new commit (a documentation example
    # copied into a list of cases): it is judged at that path too
    raw = gitutil.run(repo, "log", "--format=", "--raw", "-z", "--no-abbrev", "-m", "--no-renames", *scope, names=True)
    fields = raw.split("\0")
    for meta, path in zip(fields[0::2], fields[1::2]):
        parts = meta.strip("\n").split()
        if len(parts) == 5 and parts[0].startswith(":") and parts[0] != ":160000" and set(parts[3]) != {"0"}:
            listed.setdefault(parts[3], set()).add(path)
    for obj in gitobjects.read_objects(repo, list(listed)):
        paths = listed[obj.oid]
        where = f"{obj.oid[:12]} {', '.join(sorted(paths))}".strip()
        if obj.oid in objects:
            out.append(Breach(objects[obj.oid], where, "version"))
            continue
        if obj.kind == "tag":   # an annotated tag's message
            out += [Breach(h, where, "message") for h in sorted(ids_in(obj.data) & barred)]
        if obj.kind != "blob":
            continue
        named = set().union(*(classify.named_after(p) for p in paths)) & barred
        out += [Breach(h, where, "name") for h in sorted(named)]
        text = classify.is_text(obj.data)
        names = ids_in(obj.data) & barred if text else set()
        owner = classify.record_owner(obj.data) if text else None
        held = classify.holders(obj.data) if text else set()
        for household in sorted((names | held | {owner}) & barred - named):
            if paths & {str(REGISTER)}:
                continue   # the register names them by design
            if classify.judge(household, names, paths, owner, held) != "example":
                out.append(Breach(household, where, "content"))
    return out
