"""Rewriting a clone's history without the households: git-filter-repo, then the derived files.

git-filter-repo is the tool the git project recommends for rewriting history (`git filter-branch`'s
own manual sends users to it). It runs in its sensitive-data-removal mode: it first fetches every
ref of the server, so that no branch, tag or other ref keeps an old copy, and keeps the `origin`
remote for the push that follows. It is told to:

- drop every path a version of the household's record ever sat at, and every blob that was one of
  its versions (at whatever path);
- replace the household's ID by a neutral token where another household's record names it, every
  free text only it wrote wherever an unpublished file quotes it, and both in every commit and tag
  message. The programme's own files and documentation may use an ID as an example: they are not
  records, and stay as they are (the plan lists them).

Then what git and tohome keep beside history goes too: reflogs, the last commit message, merge
state, rerere's memory of conflicts, filter-repo's own maps, tohome's summary cache; and every object
no ref reaches is pruned.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from tohome_tools.core.errors import Terminated
from tohome_tools.erasure.classify import id_regex
from tohome_tools.erasure.versions import Traces
from tohome_tools.io import atomic, gitutil

TOKEN = "nucleo-cancellato"   # plain in YAML, in a message, in a path; matches no ID
# Files git keeps beside the object store that may quote a commit message, a conflict or a path.
LEFTOVER_FILES = ("COMMIT_EDITMSG", "MERGE_MSG", "SQUASH_MSG", "TAG_EDITMSG", "ORIG_HEAD", "FETCH_HEAD", "MERGE_RR",
                  "AUTO_MERGE", "index")
LEFTOVER_FOLDERS = ("filter-repo", "tohome", "rr-cache", "logs", "tohome-erase-work")


class RewriteError(Exception):
    """git-filter-repo or git failed; the message quotes what they said."""


def filter_repo_command() -> list[str]:
    """git-filter-repo as installed with tohome (a dependency from PyPI), run by this interpreter: no
    PATH set-up needed, and the version is the one the project pins."""
    return [sys.executable, "-m", "git_filter_repo"]


CALLBACK = """\
g = globals()
if "_tohome" not in g:   # read once: the body runs for every blob
    import json, re
    with open(PLAN, encoding="utf-8") as handle:
        raw = json.load(handle)
    g["_tohome"] = ({b.encode() for b in raw["id_blobs"]}, [re.compile(p.encode()) for p in raw["id_patterns"]],
                    {b.encode() for b in raw["text_blobs"]}, [t.encode() for t in raw["texts"]], raw["token"].encode())
id_blobs, id_patterns, text_blobs, texts, token = g["_tohome"]
if blob.original_id in id_blobs:
    for pattern in id_patterns:
        blob.data = pattern.sub(token, blob.data)
if blob.original_id in text_blobs:
    for text in texts:
        blob.data = blob.data.replace(text, token)
"""


def instructions(traces: list[Traces], extra: list[str] = ()) -> dict:
    """What git-filter-repo is told, as data: paths and blobs to drop; the blobs where an ID or a
    distinctive text is replaced (other households' records that name the ID; any unpublished file
    that quotes the text) and by what; the same replacements in every message."""
    texts = sorted({text for t in traces for text in t.texts}, key=len, reverse=True)
    return {
        "paths": sorted({p for t in traces for p in t.paths} | set(extra)),
        "blobs": sorted({b for t in traces for b in t.blobs}),
        "id_blobs": sorted({b for t in traces for b in t.id_blobs}),
        "id_patterns": [id_regex(t.id) for t in traces],
        "text_blobs": sorted({b for t in traces for b in t.text_blobs}),
        "texts": texts,
        "token": TOKEN,
        "messages": [f"regex:{id_regex(t.id)}==>{TOKEN}" for t in traces]
                    + [f"literal:{text}==>{TOKEN}" for text in texts if "==>" not in text and "\n" not in text],
    }


PRIVATE = "tohome-erase-work"   # beside the object store: a crash leaves the households' text only there


def rewrite(repo: Path, traces: list[Traces], fetch: bool = True, extra: list[str] = (), again: bool = False) -> str:
    """Rewrite every branch and tag of `repo` without the households; returns filter-repo's report.
    The instruction files hold the households' text: a private folder inside `.git/`, removed at once
    (and by the purge, should a crash leave it). `again`: finishing an interrupted rewrite, from the
    server's history fetched afresh (filter-repo's own fetch would stop to ask)."""
    plan = instructions(traces, extra)
    if any("\n" in p or "==>" in p for p in plan["paths"]):
        raise RewriteError("a path with a line break or '==>' cannot be named to git-filter-repo")
    git_dir = gitutil.git_dir(repo)
    shutil.rmtree(git_dir / "filter-repo", ignore_errors=True)   # an interrupted run's state: not this one's
    if again and fetch:
        gitutil.run(repo, "fetch", "--quiet", "--update-head-ok", "origin", "+refs/*:refs/*")
    folder = git_dir / PRIVATE
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(mode=0o700)
    try:
        atomic.write_bytes(folder / "paths", "".join(f"literal:{p}\n" for p in plan["paths"]).encode(
            "utf-8", "surrogateescape"), private=True)
        atomic.write_text(folder / "blobs", "".join(f"{b}\n" for b in plan["blobs"]), private=True)
        atomic.write_text(folder / "messages", "".join(f"{line}\n" for line in plan["messages"]), private=True)
        atomic.write_text(folder / "plan.json", json.dumps(plan, ensure_ascii=False), private=True)
        atomic.write_text(folder / "callback.py", CALLBACK.replace("PLAN", repr(str(folder / "plan.json"))),
                          private=True)
        command = [*filter_repo_command(), "--force", "--sensitive-data-removal", "--invert-paths",
                   "--paths-from-file", str(folder / "paths"), "--strip-blobs-with-ids", str(folder / "blobs"),
                   "--blob-callback", str(folder / "callback.py"), "--replace-message", str(folder / "messages")]
        if not fetch or again:
            command.append("--no-fetch")
        done = subprocess.run(command, cwd=repo, capture_output=True, text=True, errors="replace",
                              stdin=subprocess.DEVNULL, env={**os.environ, "LC_ALL": "C"})
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    stopped_by(done.returncode)
    if done.returncode != 0:
        raise RewriteError((done.stderr or done.stdout).strip()[-2000:])
    return done.stdout


def stopped_by(returncode: int) -> None:
    """A child killed by Ctrl-C or SIGTERM (the terminal sends them to the whole group): the run was
    interrupted, not failed; say so as an interruption (the journal finishes it)."""
    if returncode in (-signal.SIGINT, 130):
        raise KeyboardInterrupt()
    if returncode in (-signal.SIGTERM, 143):
        raise Terminated()


def purge(repo: Path) -> None:
    """Everything beside history that may still quote the households: then expire every reflog and
    prune every object no ref reaches."""
    git_dir = gitutil.git_dir(repo)
    for name in LEFTOVER_FOLDERS:
        shutil.rmtree(git_dir / name, ignore_errors=True)
    for name in LEFTOVER_FILES:
        (git_dir / name).unlink(missing_ok=True)
    gitutil.run(repo, "reset", "--quiet")   # a fresh index (no resolve-undo or cache of the old paths)
    gitutil.run(repo, "reflog", "expire", "--expire=now", "--expire-unreachable=now", "--all")
    gitutil.run(repo, "-c", "gc.reflogExpire=now", "-c", "gc.reflogExpireUnreachable=now", "-c", "gc.rerereResolved=0",
                "-c", "gc.rerereUnresolved=0", "-c", "gc.pruneExpire=now", "gc", "--quiet", "--prune=now")


def restore_upstream(repo: Path, remote: str = "origin") -> None:
    """After the rewrite the branches have no upstream any more: give each the server's branch again,
    so that `git status` and `git pull` work as before."""
    branches = gitutil.run(repo, "for-each-ref", "--format=%(refname:short)", "refs/heads", names=True).split()
    for branch in branches:
        try:
            gitutil.run(repo, "config", f"branch.{branch}.remote", remote)
            gitutil.run(repo, "config", f"branch.{branch}.merge", f"refs/heads/{branch}")
        except gitutil.GitError:
            continue
