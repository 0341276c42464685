"""A household moves to another lot (its district changed): the record and its history go with it, and
the lot it leaves keeps nothing of it.

At the city level, which sees both lots:

1. the record's history is cut out of the old lot's repository (git-filter-repo on a fresh clone: only
   the paths the record ever sat at, other households' IDs in the messages replaced) and merged into
   the new lot's repository as history of its own, so `tohome history` there tells it from the start;
2. the record's lot and district are changed there, in place (comments and the rest stay), in a
   commit that says so;
3. the old lot erases it like any erasure (rule `transfer`, `to_lot`): out of every branch and tag,
   proved over every object, and in its register, so that `new` never gives its number again and the
   record cannot come back there. Its ID stays the same: the pact, the reports, the indicators name it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tohome_tools.erasure import apply as erasing
from tohome_tools.erasure import plan as planning
from tohome_tools.erasure.versions import ids_in
from tohome_tools.io import atomic, gitutil, yamledit
from tohome_tools.lots.split import OTHER_LOT, SplitError, filter_history, lines_file, replacements_file
from tohome_tools.records import register as registers


@dataclass
class Moved:
    record: str
    source: Path               # the old lot's clone
    target: Path               # the new lot's clone
    file: Path                 # the record in the new lot
    commits: int               # commits of its history brought along
    erased: erasing.Outcome


def carry_history(source: Path, target: Path, paths: list[str], keep_ids: set[str], others: set[str],
                  message: str, who: str) -> int:
    """Merge into `target` the history of `paths` in `source` (and nothing else of it); returns how many
    commits came along."""
    with tempfile.TemporaryDirectory(prefix="tohome-transfer-") as private:
        work = Path(private)
        cut = work / "cut"
        done = subprocess.run(["git", "clone", "--quiet", "--no-local", str(source), str(cut)], capture_output=True,
                              text=True)
        if done.returncode != 0:
            raise SplitError(done.stderr.strip())
        lines_file(work / "paths", [f"literal:{p}" for p in paths])
        arguments = ["--paths-from-file", str(work / "paths")]
        strangers = others - keep_ids
        if strangers:
            arguments += ["--replace-message", str(replacements_file(work, "messages", strangers, OTHER_LOT))]
        filter_history(cut, *arguments)
        branch = gitutil.run(cut, "symbolic-ref", "--short", "HEAD").strip()
        commits = len(gitutil.run(cut, "rev-list", branch).split())
        gitutil.run(target, "fetch", "--quiet", "--no-tags", str(cut), f"+{branch}:refs/tohome/transfer")
        try:
            identity = ["-c", f"user.name={who}", "-c", "commit.gpgsign=false"]
            try:
                gitutil.run(target, "config", "user.email")
            except gitutil.GitError:
                identity += ["-c", "user.email=tohome@localhost.invalid"]
            gitutil.run(target, *identity, "merge", "--quiet", "--no-verify", "--allow-unrelated-histories",
                        "--no-edit", "-m", message, "refs/tohome/transfer")
        finally:
            gitutil.run(target, "update-ref", "-d", "refs/tohome/transfer")
    return commits


def edited(path: Path, to_lot: int, district: str) -> str:
    """The record's text with its new lot and district, everything else as it was (comments, quoting,
    order); yamledit.EditError when that cannot be done exactly (the caller then changes nothing)."""
    text = path.read_text(encoding="utf-8")
    return yamledit.replace_scalar(yamledit.replace_scalar(text, "/lot", str(to_lot), to_lot), "/district", district)


def _welcome_back(clone: Path, record_id: str) -> bool:
    """A household that returns to a lot it once left: its 'moved out' entry leaves that lot's register
    (its record and history are that lot's again). True when the register changed."""
    current = registers.load(clone)
    kept = tuple(e for e in current.entries if not (e.rule == "transfer" and e.id.upper() == record_id.upper()))
    if len(kept) == len(current.entries):
        return False
    atomic.write_text(clone / registers.FILE, registers.dump(registers.Register(kept, current.path)))
    return True


def transfer(workspace, record_id: str, to_lot: int, district: str, who: str, today, fetch: bool = True) -> Moved:
    """Move `record_id` to lot `to_lot` (district `district`) at the city level. The caller has checked
    both clones (clean, up to date with their servers) and the plan; the new text is made first, so a
    record that cannot be edited exactly stops the move before anything changes."""
    chosen = planning.select(workspace, [record_id], None, "transfer", today)
    if chosen.problems or not chosen.targets:
        raise SplitError(", ".join(code for code, _ in chosen.problems) or record_id)
    planning.trace(chosen, str(workspace.project.household_schema))
    target_info = chosen.targets[0]
    source = target_info.repository
    clone = next(lot.path for lot in workspace.layout.lots if lot.lot == to_lot)
    new_text = edited(target_info.file, to_lot, district)
    traces = target_info.traces
    everyone = set()
    for repository in workspace.layout.repositories:
        for name in gitutil.names_in_history(repository):
            everyone |= ids_in(name.encode("utf-8", "surrogateescape"))
    paths = sorted(p for p in traces.paths if p.startswith("records/"))
    commits = carry_history(source, clone, paths, {target_info.id}, everyone,
                            f"Trasferimento di {target_info.id} dal lotto {target_info.lot} al lotto {to_lot}: la "
                            "scheda arriva con la sua storia", who)
    current = target_info.file.relative_to(source)
    moved = clone / current
    atomic.write_text(moved, new_text)
    changed = [str(current)] + ([str(registers.FILE)] if _welcome_back(clone, target_info.id) else [])
    gitutil.commit(clone, f"{target_info.id}: passa dal lotto {target_info.lot} al lotto {to_lot} (circoscrizione "
                          f"{district})", who, *changed)
    outcome = erasing.erase(source, [target_info], who, today,
                            f"Registro delle cancellazioni: un nucleo passato al lotto {to_lot}", fetch=fetch,
                            to_lot=to_lot)
    shutil.rmtree(gitutil.git_dir(clone) / "tohome", ignore_errors=True)
    return Moved(target_info.id, source, clone, moved, commits, outcome)

