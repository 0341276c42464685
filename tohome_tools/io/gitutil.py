"""The little git we need: files changed since a revision, and a file's history."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

NO_GIT = "git-not-installed"   # the face words it


class GitError(Exception):
    """git is missing, the folder is not a repository, or the revision does not exist."""


class ShallowHistory(GitError):
    """The revision is missing because the clone holds only the latest commits (a shallow clone)."""


def run(root: Path, *args: str, names: bool = False) -> str:
    """git's output as text. Paths come as they are (no octal quoting of non-ASCII names). Bytes
    that are not UTF-8 become U+FFFD in text (an old revision saved in Latin-1, a commit subject),
    but in file `names` they are kept as Python keeps them in its own paths, so the names match."""
    try:
        done = subprocess.run(["git", "-c", "core.quotePath=false", "-C", str(root), *args], capture_output=True,
                              check=False, encoding="utf-8", errors="surrogateescape" if names else "replace")
    except FileNotFoundError as error:
        raise GitError(NO_GIT) from error
    if done.returncode != 0:
        raise GitError(done.stderr.strip() or f"git {' '.join(args)}: exit {done.returncode}")
    return done.stdout


def toplevel(path: Path) -> Path:
    return Path(run(path if path.is_dir() else path.parent, "rev-parse", "--show-toplevel", names=True).strip())


def work_tree_taking(path: Path) -> Path | None:
    """The git work tree where `git add -A` would take a file written at `path` (not ignored there,
    or already tracked), or None: outside any repository, ignored, or git missing."""
    folder = Path(path).parent
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    try:
        top = Path(run(folder, "rev-parse", "--show-toplevel", names=True).strip())
        relative = os.path.relpath(os.path.realpath(path), os.path.realpath(top))
        done = subprocess.run(["git", "-C", str(top), "check-ignore", "-q", "--", relative], capture_output=True)
    except (GitError, OSError):
        return None
    return top if done.returncode == 1 else None


EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"   # what the first commit is compared with


def staged(path: Path) -> list[tuple[str, str, str | None]]:
    """What the next commit changes: (status letter, path, old path of a rename or copy) for every
    staged change, deletions and renames included, paths relative to the work tree's top."""
    top = toplevel(path)
    try:
        run(top, "rev-parse", "--verify", "--quiet", "HEAD")
        base = "HEAD"
    except GitError:
        base = EMPTY_TREE
    fields = run(top, "diff", "--cached", "--name-status", "-z", "-M", base, "--", names=True).split("\0")
    out, i = [], 0
    while i < len(fields) and fields[i]:
        status = fields[i].lstrip("\n")[:1]
        if status in ("R", "C"):
            out.append((status, fields[i + 2], fields[i + 1]))
            i += 3
        else:
            out.append((status, fields[i + 1], None))
            i += 2
    return out


def user_name(root: Path) -> str:
    """git's `user.name` where `root` is, or "" when none is set (or git cannot say)."""
    try:
        return run(root, "config", "user.name").strip()
    except GitError:
        return ""


def git_dir(path: Path) -> Path:
    """The repository's private folder (.git), where tohome keeps caches that are never committed."""
    return Path(run(path if path.is_dir() else path.parent, "rev-parse", "--absolute-git-dir", names=True).strip())


def _ask_at_once(where: Path, *questions: list[str]) -> list[tuple[int, str, str]]:
    """(exit status, output, error) of several git commands run side by side in `where`: each is a
    process, and started one after the other they cost more than the answers."""
    base = ["git", "-c", "core.quotePath=false", "-C", str(where)]
    try:
        running = [subprocess.Popen(base + q, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for q in questions]
    except FileNotFoundError as error:
        raise GitError(NO_GIT) from error
    answers = []
    for process in running:
        out, err = process.communicate()
        answers.append((process.returncode, out.decode("utf-8", "surrogateescape"),
                        err.decode("utf-8", "replace").strip()))
    return answers


def _places(answer: tuple[int, str, str]) -> tuple[str, Path]:
    """(top folder as text, ending in "/"; private folder) from `rev-parse --show-toplevel --absolute-git-dir`."""
    status, out, err = answer
    places = out.splitlines()
    if status != 0 or len(places) != 2:
        raise GitError(err or f"git rev-parse: {places!r}")
    return str(Path(places[0]).resolve()).rstrip("/") + "/", Path(places[1])


_PLACES = ["rev-parse", "--show-toplevel", "--absolute-git-dir"]


def index_state(path: Path) -> tuple[Path, dict[str, str]]:
    """(the repository's private folder .git, the blob id of every file whose working copy is, byte
    for byte, what the index holds, by resolved path as text). git tells a changed file by its stat
    data and compares the content where the stat cannot tell (a file written twice within the same
    second). A file changed, unmerged, added with intent or untracked is left out: it must be read."""
    places, diff, staged = _ask_at_once(path if path.is_dir() else path.parent, _PLACES,
                                        ["diff", "--name-only", "-z", "--no-renames"],
                                        ["ls-files", "--stage", "-z", "--full-name", "--", ":/"])
    top, private = _places(places)
    for status, _out, err in (diff, staged):
        if status != 0:
            raise GitError(err or "git diff / ls-files")
    changed = set(diff[1].split("\0"))
    out = {}
    for entry in staged[1].split("\0"):
        meta, _, name = entry.partition("\t")
        parts = meta.split()   # mode, blob id, stage (0 when not in conflict)
        if name and len(parts) == 3 and parts[2] == "0" and parts[0] != "120000" and name not in changed:
            out[top + name] = parts[1]
    return private, out


def changes_since(path: Path, revision: str) -> tuple[Path, set[Path], dict[str, str]]:
    """(the private folder .git; the files changed since `revision` (committed, staged, unstaged or
    untracked), as resolved paths; the blob id of every file in `revision`, by resolved path as
    text). For a file not among the changed ones, the working copy is byte for byte that blob, so
    the id names its content. Asked of git at once."""
    places, verified, diff, untracked, tree = _ask_at_once(
        path if path.is_dir() else path.parent, _PLACES,
        ["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"],
        ["diff", "--name-only", "-z", "--no-renames", revision, "--"],
        ["ls-files", "--others", "--exclude-standard", "-z", "--full-name", "--", ":/"],
        ["ls-tree", "-r", "-z", "--full-tree", revision])
    top, private = _places(places)
    if verified[0] != 0:
        if run(Path(top), "rev-parse", "--is-shallow-repository").strip() == "true":
            raise ShallowHistory(revision)
        raise GitError(verified[2] or f"git rev-parse --verify {revision}: exit {verified[0]}")
    for status, _out, err in (diff, untracked, tree):
        if status != 0:
            raise GitError(err or f"git: exit {status}")
    names = diff[1].split("\0") + untracked[1].split("\0")
    changed = {Path(top + name).resolve() for name in names if name}
    blobs = {}
    for entry in tree[1].split("\0"):
        meta, _, name = entry.partition("\t")
        parts = meta.split()
        if name and len(parts) == 3 and parts[1] == "blob" and parts[0] != "120000":
            blobs[top + name] = parts[2]  # git tracks no path through a symlinked folder
    return private, changed, blobs


def names_in_history(path: Path, under: str = "records") -> set[str]:
    """Every file name that any commit of any branch or tag ever held under `under` (deleted ones
    too): an ID that was ever used stays used. Empty outside a repository or before the first commit."""
    try:
        top = toplevel(path)
        raw = run(top, "log", "--all", "--format=", "--name-only", "--no-renames", "-z", "--", under, names=True)
    except GitError:
        return set()
    return {os.path.basename(name) for name in raw.replace("\n", "\0").split("\0") if name}


def commit(repo: Path, message: str, who: str, *paths: str) -> None:
    """Commit `paths` (everything staged when none) as `who`, with the address git is configured with
    (a made-up one when none is: git would refuse to commit), never signing or running hooks: the
    tool commits only files it wrote itself."""
    if paths:
        run(repo, "add", "-A", "--", *paths)
    identity = ["-c", f"user.name={who}"]
    try:
        run(repo, "config", "user.email")
    except GitError:
        identity += ["-c", "user.email=tohome@localhost.invalid"]
    run(repo, *identity, "-c", "commit.gpgsign=false", "commit", "--quiet", "--no-verify", "--allow-empty", "-m",
        message)
