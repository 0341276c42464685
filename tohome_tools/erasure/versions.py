"""Every trace of a household in a repository's history (see `classify` for what counts as what).

Every blob that any branch, tag, note, other ref or reflog entry reaches is read once. For each
household: its versions (records with its `id` wherever they sit, files under `records/` or printed
pages that name it, earlier versions of its file under another name, followed through renames), the
paths they sat at, the other records that name it, the examples that name it, and its *distinctive*
text: the free text (fields marked `x-publication: free_text`) that no other household's record ever
held, with the raw lines a multi-line value was written on. Opaque files (PDF, images) are listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tohome_tools.erasure import classify
from tohome_tools.erasure.classify import ids_in, is_record_path  # noqa: F401  (used by the other modules)
from tohome_tools.io import gitobjects, gitutil, loader
from tohome_tools.programme.schema import index_for
from tohome_tools.records.register import FILE as REGISTER

MIN_TEXT = 8   # shorter free text ("Sì", "casa") is no evidence of one household: not counted as its own


@dataclass
class Traces:
    id: str
    blobs: set[str] = field(default_factory=set)       # every version (git blob ids): removed wherever they are
    paths: set[str] = field(default_factory=set)       # paths under records/ (or named after it) removed whole
    texts: set[str] = field(default_factory=set)       # free text no other household's record held
    shared: int = 0                                    # free-text values other records hold too
    short: int = 0                                     # free-text values too short to tell
    mentions: set[str] = field(default_factory=set)    # other records naming the ID (rewritten)
    id_blobs: set[str] = field(default_factory=set)    # their blobs, and those of `elsewhere`
    elsewhere: set[str] = field(default_factory=set)   # other texts outside records/ naming the ID (rewritten)
    examples: set[str] = field(default_factory=set)    # the documentation's examples naming the ID (kept)
    named_files: set[str] = field(default_factory=set)  # files outside records/ named after it: removed whole
    shared_files: dict[str, set[str]] = field(default_factory=dict)   # such a file -> other households it holds
    text_blobs: set[str] = field(default_factory=set)  # blobs quoting its distinctive text (rewritten)
    copies: set[str] = field(default_factory=set)      # where versions sat outside its own record file
    messages: int = 0                                  # commit and tag messages naming it or quoting its text


@dataclass
class Found:
    households: dict[str, Traces]
    opaque: set[str] = field(default_factory=set)      # files tohome cannot read (PDF, images...): listed


def free_texts(data, schema_path: str) -> list[str]:
    """The free-text values of a record (fields marked `free_text` in the schema), one per line."""
    index = index_for(schema_path)
    out: list[str] = []

    def walk(value, path: tuple) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, path + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, path + (i,))
        elif isinstance(value, str) and path:
            try:
                kind = index.at(path).get("x-publication")
            except (AttributeError, TypeError):
                kind = None
            if kind == "free_text":
                out.extend(line.strip() for line in value.splitlines() if line.strip())

    walk(data, ())
    return out


_KEY = re.compile(r"^\s*(?:-\s+)?(?:[A-Za-z_][\w-]*\s*:\s*)?[|>]?[-+]?\s*")


def raw_lines(text: str, values: list[str], data) -> list[str]:
    """The lines of the file that carry part of a free-text value as written (a plain value folded
    over two lines reads as one sentence, but a copy of its raw lines is its text too). A line that
    is a whole value of another field (the ID, a code, a date) is that field's, not the text's."""
    joined = [" ".join(v.split()) for v in values]
    other = set(_scalars(data)) - set(values)
    out = []
    for line in text.splitlines():
        part = _KEY.sub("", line, count=1).strip().strip("\"'")
        if len(part) >= MIN_TEXT and part not in other and any(" ".join(part.split()) in value for value in joined):
            out.append(part)
    return out


def _scalars(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _scalars(item)
    elif isinstance(value, list):
        for item in value:
            yield from _scalars(item)
    else:
        yield str(value)


def renames(repo: Path) -> dict[str, set[str]]:
    """Path -> the paths it was renamed from, in any commit of any branch or tag (one walk of history)."""
    try:
        raw = gitutil.run(repo, "log", "--all", "-M", "--name-status", "--format=", "-z", names=True)
    except gitutil.GitError:
        return {}
    out: dict[str, set[str]] = {}
    fields = [f.strip("\n") for f in raw.split("\0")]
    i = 0
    while i < len(fields):
        status = fields[i]
        if status.startswith(("R", "C")) and i + 2 < len(fields):
            out.setdefault(fields[i + 2], set()).add(fields[i + 1])
            i += 3
        else:
            i += 2 if status else 1
    return out


def renamed_from(path: str, graph: dict[str, set[str]]) -> set[str]:
    """Every earlier name of `path`, following renames back as far as they go."""
    seen, todo = set(), [path]
    while todo:
        for earlier in graph.get(todo.pop(), ()):
            if earlier not in seen and earlier != path:
                seen.add(earlier)
                todo.append(earlier)
    return seen


def _households_now(repo: Path, owner: dict[str, str | None]) -> set[str]:
    """The households whose record the current commit holds."""
    try:
        listing = gitutil.run(repo, "ls-tree", "-r", "-z", "--full-tree", "HEAD", "records", names=True)
    except gitutil.GitError:
        return set()
    blobs = {entry.partition("\t")[0].split()[2] for entry in listing.split("\0") if "\t" in entry}
    return {owner[oid] for oid in blobs if owner.get(oid)}


def find(repo: Path, ids: list[str], schema_path: str, known: dict[str, set[str]] | None = None) -> Found:
    """The traces of each household in `ids` (upper case) in the repository at `repo`; `known`: the
    distinctive text of a household found in another repository, searched for here too."""
    wanted = {i.upper(): Traces(i.upper()) for i in ids}
    paths_of: dict[str, set[str]] = {}
    for oid, kind, path in gitobjects.reachable(repo):
        if kind == "blob":
            paths_of.setdefault(oid, set()).add(path)
    for oid, path in gitobjects.path_versions(repo, "."):   # a content at two paths is named at both
        if oid in paths_of:
            paths_of[oid].add(path)
    owner: dict[str, str | None] = {}
    texts: dict[str, list[str]] = {}
    judged: dict[str, dict[str, str]] = {}   # blob -> household -> version | mention | example
    found = Found(wanted)
    for obj in gitobjects.read_objects(repo, list(paths_of)):
        paths = paths_of[obj.oid]
        if str(REGISTER) in paths:
            continue   # the register of erasures names them by design
        text = classify.is_text(obj.data)
        owner[obj.oid] = classify.record_owner(obj.data) if text else None
        if owner[obj.oid] is not None:
            data = loader.load_bytes(obj.data).data
            values = free_texts(data, schema_path)
            texts[obj.oid] = values + raw_lines(obj.data.decode("utf-8", "replace"), values, data)
        for path in paths:
            if classify.unreadable(path, obj.data):
                found.opaque.add(path)
        names = ids_in(obj.data) if text else set()
        held = classify.holders(obj.data) if text else set()
        named = set().union(*(classify.named_after(p) for p in paths))
        for household in (names | named | held | {owner[obj.oid]}) & set(wanted):
            verdict = "version" if household in named else classify.judge(household, names, paths, owner[obj.oid],
                                                                            held)
            if household in named and owner[obj.oid] != household and household not in held:
                # a file removed whole for its name (or its folder's): never while it holds another
                # household's data, and then by its path only, never by its content (a copy of another
                # household's record under this name has that household's very blob)
                carrying = {p for p in paths if household in classify.named_after(p)}
                wanted[household].named_files |= carrying
                others = (names | held | ({owner[obj.oid]} - {None})) - {household}
                if others:
                    for path in carrying:
                        wanted[household].shared_files.setdefault(path, set()).update(others)
                    verdict = "by-path"
            if verdict:
                judged.setdefault(obj.oid, {})[household] = verdict
    for oid, verdicts in judged.items():
        for household, verdict in verdicts.items():
            traces = wanted[household]
            paths = paths_of[oid]
            if verdict == "by-path":
                continue   # refused, or removed by --remove-file as a path
            if verdict == "version":
                traces.blobs.add(oid)
                own = {p for p in paths if classify.in_records(p) or household in classify.named_after(p)}
                traces.paths |= own
                traces.copies |= paths - own
            elif verdict == "mention":
                traces.mentions |= {p for p in paths if classify.in_records(p)}
                traces.elsewhere |= {p for p in paths if not classify.in_records(p)}
                traces.id_blobs.add(oid)
            else:
                traces.examples |= paths
    alive = _households_now(repo, owner)
    graph = renames(repo)
    for traces in wanted.values():   # an earlier name of its file (a mistyped ID corrected by a rename)
        for path in [p for p in traces.paths if classify.in_records(p)]:
            for earlier in renamed_from(path, graph):
                for oid, paths in paths_of.items():   # unless that content is another living household's
                    if earlier in paths and oid not in traces.blobs and owner.get(oid) not in alive - {traces.id}:
                        traces.blobs.add(oid)
                        traces.paths.add(earlier)
    others_text: set[str] = set()
    for oid, household in owner.items():
        if household is not None and household not in wanted:
            others_text.update(texts.get(oid, ()))
    for traces in wanted.values():
        seen: set[str] = set()
        for oid in traces.blobs:
            seen.update(texts.get(oid, ()))
        for text in seen:
            if len(text) < MIN_TEXT:
                traces.short += 1
            elif text in others_text:
                traces.shared += 1
            else:
                traces.texts.add(text)
        traces.texts |= {text for text in (known or {}).get(traces.id, ()) if text not in others_text}
    mine = {oid for t in wanted.values() for oid in t.blobs}
    distinctive = [(t, text.encode("utf-8")) for t in wanted.values() for text in t.texts]
    if distinctive:
        for obj in gitobjects.read_objects(repo, [oid for oid in paths_of if oid not in mine]):
            if all(p.startswith(classify.RELEASED) for p in paths_of[obj.oid]):
                continue   # released tables stay byte for byte (and hold no free text); a page in docs/ may
            for traces, text in distinctive:
                if text in obj.data:
                    traces.text_blobs.add(obj.oid)
    for message in _messages(repo):
        names = ids_in(message)
        for traces in wanted.values():
            if traces.id in names or any(text.encode("utf-8") in message for text in traces.texts):
                traces.messages += 1
    return found


def _messages(repo: Path) -> list[bytes]:
    """Every commit and annotated tag message of the branches and tags (git-filter-repo rewrites them)."""
    commits = gitutil.run(repo, "log", "--all", "--format=%B%x1e").split("\x1e")
    tags = gitutil.run(repo, "for-each-ref", "refs/tags", "--format=%(contents)%1e").split("\x1e")
    return [m.encode("utf-8") for m in commits + tags if m.strip()]
