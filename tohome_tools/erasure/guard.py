"""Before history is rewritten: is this clone a complete, clean, up-to-date copy of its server?

Rewriting throws away whatever the rewrite does not carry: uncommitted edits, commits not pushed,
a stash, a merge half done. And a clone that is not the server's latest state would rewrite an old
history and push it over newer work. Each refusal is a `Refusal` (a code and its parameters; the
face words it), and nothing is changed while any remains.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tohome_tools.io import gitutil


@dataclass(frozen=True)
class Refusal:
    code: str
    params: dict = field(default_factory=dict)


IN_PROGRESS = ("MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD", "BISECT_LOG", "rebase-merge", "rebase-apply")


def _git(repo: Path, *args: str) -> str:
    return gitutil.run(repo, *args, names=True)


def _refs(text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        oid, _, name = line.partition("\t") if "\t" in line else line.partition(" ")
        if name:
            out[name.strip()] = oid.strip()
    return out


def local_problems(repo: Path) -> list[Refusal]:
    """What makes this clone unfit to rewrite, whatever its server says."""
    out: list[Refusal] = []
    try:
        inside = _git(repo, "rev-parse", "--is-inside-work-tree").strip() == "true"
    except gitutil.GitError:
        return [Refusal("not-a-repository", {"path": str(repo)})]
    if not inside:
        return [Refusal("not-a-clone", {"path": str(repo)})]
    git_dir = Path(_git(repo, "rev-parse", "--absolute-git-dir").strip())
    if _git(repo, "rev-parse", "--is-shallow-repository").strip() == "true":
        out.append(Refusal("shallow", {}))
    if (git_dir / "objects" / "info" / "alternates").is_file():
        out.append(Refusal("alternates", {}))
    if any((git_dir / "objects" / "pack").glob("*.keep")) or any((git_dir / "objects" / "pack").glob("*.promisor")):
        out.append(Refusal("kept-packs", {}))
    worktrees = [line for line in _git(repo, "worktree", "list", "--porcelain").splitlines() if line.startswith("worktree ")]
    if len(worktrees) > 1:
        out.append(Refusal("worktrees", {"n": len(worktrees) - 1}))
    busy = [name for name in IN_PROGRESS if (git_dir / name).exists()]
    if busy:
        out.append(Refusal("in-progress", {"what": busy[0]}))
    try:
        _git(repo, "symbolic-ref", "-q", "HEAD")
    except gitutil.GitError:
        out.append(Refusal("detached", {}))
    try:   # every object history needs must be there: a rewrite of a damaged history would lose the rest
        _git(repo, "fsck", "--connectivity-only", "--no-dangling", "--no-progress")
    except gitutil.GitError as error:
        return out + [Refusal("damaged", {"error": str(error).splitlines()[0] if str(error) else "fsck"})]
    changed = [line[3:] for line in _git(repo, "status", "--porcelain", "--untracked-files=all").splitlines() if line]
    if changed:
        out.append(Refusal("uncommitted", {"n": len(changed), "files": ", ".join(changed[:3])}))
    refs = _refs(_git(repo, "for-each-ref", "--format=%(objectname) %(refname)"))
    if "refs/stash" in refs:
        out.append(Refusal("stash", {}))
    hidden = [line[2:] for line in _git(repo, "ls-files", "-v").splitlines() if line[:1].islower() or line[:1] == "S"]
    if hidden:   # an edit git was told not to look at: the rewrite's checkout would throw it away unseen
        out.append(Refusal("hidden-changes", {"n": len(hidden), "files": ", ".join(hidden[:3])}))
    lost = _git(repo, "rev-list", "--reflog", "--not", "--all").split()
    if lost:   # commits only the reflog still reaches: the purge would destroy them
        out.append(Refusal("reflog-only", {"n": len(lost)}))
    kinds = _git(repo, "for-each-ref", "--format=%(refname)\t%(*objecttype)\t%(objecttype)").splitlines()
    for line in kinds:
        name, peeled, kind = (line.split("\t") + ["", ""])[:3]
        if (peeled or kind) in ("blob", "tree") or name.startswith("refs/replace/"):
            out.append(Refusal("odd-ref", {"name": name}))
    remotes = _git(repo, "remote").split()
    if len(remotes) > 1:
        out.append(Refusal("several-remotes", {"remotes": ", ".join(remotes)}))
    return out


def damaged(repo: Path) -> bool:
    """True when an object that history needs is missing or unreadable."""
    try:
        _git(repo, "fsck", "--connectivity-only", "--no-dangling", "--no-progress")
        return False
    except gitutil.GitError:
        return True


def remote_problems(repo: Path, remote: str = "origin") -> list[Refusal]:
    """Compared with the server after a fetch: every local branch and tag must be there, equal."""
    try:
        remotes = _git(repo, "remote").split()
    except gitutil.GitError as error:
        return [Refusal("git-failed", {"error": str(error)})]
    if remote not in remotes:
        return [Refusal("no-remote", {"remote": remote})]
    try:
        _git(repo, "fetch", "--quiet", remote)   # never --prune: it would drop an unpushed tag before we see it
        theirs = _refs(_git(repo, "ls-remote", "--heads", "--tags", remote))
    except gitutil.GitError as error:
        return [Refusal("fetch-failed", {"remote": remote, "error": str(error)})]
    theirs = {name: oid for name, oid in theirs.items() if not name.endswith("^{}")}
    mine = _refs(_git(repo, "for-each-ref", "--format=%(objectname) %(refname)", "refs/heads", "refs/tags"))
    out: list[Refusal] = []
    for name, oid in sorted(mine.items()):
        short = name.removeprefix("refs/heads/").removeprefix("refs/tags/")
        kind = "tag" if name.startswith("refs/tags/") else "branch"
        if name not in theirs:
            out.append(Refusal(f"unpushed-{kind}", {"name": short}))
        elif theirs[name] != oid:
            if kind == "tag":
                out.append(Refusal("tag-differs", {"name": short}))
            elif _is_ancestor(repo, theirs[name], oid):
                out.append(Refusal("unpushed", {"name": short}))
            elif _is_ancestor(repo, oid, theirs[name]):
                out.append(Refusal("behind", {"name": short, "remote": remote}))
            else:
                out.append(Refusal("diverged", {"name": short, "remote": remote}))
    return out


def server_refs(repo: Path, remote: str = "origin") -> dict[str, str]:
    """Every branch and tag of the server (name -> object), as they were before the rewrite: the push
    that follows must find them unchanged (a colleague's push meanwhile is not overwritten)."""
    theirs = _refs(_git(repo, "ls-remote", remote))
    return {name: oid for name, oid in theirs.items() if pushable(name)}


def pushable(name: str) -> bool:
    """A ref a push may set: branches, tags, notes and any other of the repository's own, not the
    server's bookkeeping (HEAD, pull and merge request refs) or a clone's (remote-tracking refs)."""
    return (name.startswith("refs/") and not name.endswith("^{}")
            and not name.startswith(("refs/pull/", "refs/merge-requests/", "refs/remotes/", "refs/stash")))


def _is_ancestor(repo: Path, older: str, newer: str) -> bool:
    try:
        gitutil.run(repo, "merge-base", "--is-ancestor", older, newer)
        return True
    except gitutil.GitError:
        return False
