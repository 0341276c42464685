"""Reading a repository's object store directly: every object (reachable or not), and every blob that
any branch, tag or reflog entry reaches, with the path it sits at.

Erasure needs both: the versions of a household's record wherever history holds them, and a proof
over *every* object afterwards (`git cat-file --batch-all-objects`), loose or packed, reachable or
not, since a dangling object is still a copy of the data on disk.
"""

from __future__ import annotations

import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from tohome_tools.io.gitutil import NO_GIT, GitError


@dataclass(frozen=True, slots=True)
class GitObject:
    oid: str
    kind: str      # blob, tree, commit, tag
    data: bytes


def _git(repo: Path, *args: str) -> list[str]:
    return ["git", "-c", "core.quotePath=false", "-C", str(repo), *args]


def _read_batch(stream, count: int | None = None) -> Iterator[GitObject]:
    """Objects from `git cat-file --batch` output: a header line `<oid> <type> <size>`, the bytes, a newline."""
    read = 0
    while count is None or read < count:
        header = stream.readline()
        if not header:
            return
        parts = header.split()
        if len(parts) == 2 and parts[1] == b"missing":
            read += 1
            yield GitObject(parts[0].decode(), "missing", b"")
            continue
        oid, kind, size = parts[0].decode(), parts[1].decode(), int(parts[2])
        data = stream.read(size)
        stream.read(1)   # the newline after the content
        read += 1
        yield GitObject(oid, kind, data)


def every_object(repo: Path) -> Iterator[GitObject]:
    """Every object of the object store, reachable or not, loose or packed (alternates refused earlier)."""
    try:
        process = subprocess.Popen(_git(repo, "cat-file", "--batch-all-objects", "--batch", "--unordered"),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except FileNotFoundError as error:
        raise GitError(NO_GIT) from error
    try:
        yield from _read_batch(process.stdout)
    finally:
        process.stdout.close()
        error = process.stderr.read().decode("utf-8", "replace").strip()
        process.stderr.close()
        if process.wait() != 0:
            raise GitError(error or "git cat-file --batch-all-objects")


def read_objects(repo: Path, oids: Iterable[str]) -> Iterator[GitObject]:
    """The objects named, in order (kind "missing" for an id the store does not hold)."""
    wanted = list(oids)
    if not wanted:
        return
    try:
        process = subprocess.Popen(_git(repo, "cat-file", "--batch"), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
    except FileNotFoundError as error:
        raise GitError(NO_GIT) from error

    def feed():   # from a thread: git answers while it reads, and a full pipe would stop both
        try:
            process.stdin.write("".join(f"{oid}\n" for oid in wanted).encode())
        finally:
            process.stdin.close()

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        yield from _read_batch(process.stdout, len(wanted))
    finally:
        writer.join()
        process.stdout.close()
        process.stderr.close()
        process.wait()


def reachable_blobs(repo: Path, revisions: Iterable[str] = ("--all", "--reflog")) -> list[tuple[str, str]]:
    """(blob id, path) of every blob the revisions reach (by default: every ref and every reflog
    entry). git names each object once, by the first path it meets it at."""
    return [(oid, path) for oid, kind, path in reachable(repo, revisions) if kind == "blob"]


def reachable(repo: Path, revisions: Iterable[str] = ("--all", "--reflog")) -> list[tuple[str, str, str]]:
    """(id, kind, path) of every blob and tree below the top one that the revisions reach."""
    done = subprocess.run(_git(repo, "rev-list", "--objects", *revisions), capture_output=True, check=False)
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or "git rev-list --objects")
    named = []
    for line in done.stdout.decode("utf-8", "surrogateescape").splitlines():
        oid, _, path = line.partition(" ")
        if path:
            named.append((oid, path))
    kinds = _kinds(repo, [oid for oid, _ in named])
    return [(oid, kinds.get(oid, ""), path) for oid, path in named]


def _kinds(repo: Path, oids: list[str]) -> dict[str, str]:
    if not oids:
        return {}
    done = subprocess.run(_git(repo, "cat-file", "--batch-check=%(objectname) %(objecttype)"),
                          input="".join(f"{oid}\n" for oid in oids).encode(), capture_output=True, check=False)
    out = {}
    for line in done.stdout.decode().splitlines():
        parts = line.split()
        if len(parts) == 2:
            out[parts[0]] = parts[1]
    return out


def existing(repo: Path, oids: Iterable[str]) -> set[str]:
    """The ids among `oids` that the object store holds."""
    wanted = list(oids)
    return {oid for oid, kind in _kinds(repo, wanted).items() if kind != "missing"}


def path_versions(repo: Path, under: str = "records") -> set[tuple[str, str]]:
    """(blob id, path) of every version any commit of any branch or tag gave a file under `under`,
    merges included (each compared with every parent): unlike `reachable_blobs`, a content that sits
    at two paths is named at both."""
    done = subprocess.run(_git(repo, "log", "--all", "-m", "--raw", "--no-abbrev", "--no-renames", "--format=", "-z",
                               "--", under), capture_output=True, check=False)
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or "git log --raw")
    out = set()
    fields = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    for i in range(0, len(fields) - 1, 2):   # ":<mode> <mode> <old> <new> <status>" then the path
        meta, path = fields[i].lstrip("\n"), fields[i + 1]
        parts = meta.split()
        if meta.startswith(":") and len(parts) >= 5 and set(parts[3]) != {"0"}:
            out.add((parts[3], path))
    return out
