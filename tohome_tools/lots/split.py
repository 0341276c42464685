"""From one repository holding every lot to one repository per lot and the city's: each record keeps
its history, and each lot's repository holds no byte of another lot's households.

For each lot, a fresh clone of the single repository is cut down by git-filter-repo to the paths
its records ever sat at (every branch and tag), the IDs of other lots' households in commit messages
replaced by a neutral token; then the city's programme version (`config/`, `schemas/`), pinned by its
digest in `tohome-lot.yaml`, and the lot's part of the register of erasures are committed on top.
The city's repository is the single one without `records/` (and without any file named after a
household), every household ID in its messages replaced; `tohome-city.yaml` names the lots. Every
repository made is then read object by object: none may hold another lot's record versions or IDs.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from tohome_tools.erasure import classify, rewrite
from tohome_tools.erasure import proof as proving
from tohome_tools.erasure.classify import id_regex, ids_in, is_record_path
from tohome_tools.erasure.versions import renames
from tohome_tools.io import atomic, gitobjects, gitutil, loader, yamlwrite
from tohome_tools.programme import layout
from tohome_tools.records import register as registers

OTHER_LOT = "nucleo-di-altro-lotto"   # another lot's household, in a lot's commit messages
ANY_HOUSEHOLD = "nucleo"              # any household, in the city's commit messages
LOT_FOLDER = "lotto-{lot}"
CITY_FOLDER = "citta"
CLONES = "lotti"                      # where the city keeps its clones of the lots (ignored by git)
GITIGNORE = """# tohome: what is derived from the records is personal data too, and never committed
__pycache__/
/riservato/
*.pdf
*.ics
*.html
"""
# the city's repository holds the site's HTML: its sheets, calendars and reports go under riservato/
CITY_IGNORES = ("/riservato/", "*.pdf", "*.ics")


class SplitError(Exception):
    """git or git-filter-repo failed (the message quotes them), or the output folder is not empty."""


@dataclass
class Split:
    city: Path
    lots: dict[int, Path] = field(default_factory=dict)
    households: dict[int, int] = field(default_factory=dict)      # lot -> records at HEAD
    versions: dict[int, int] = field(default_factory=dict)        # lot -> record versions in its history
    proofs: dict[str, proving.Proof] = field(default_factory=dict)
    seconds: float = 0.0
    # (earlier file, file now): renamed across lots under another ID, kept as two households
    unfollowed: list[tuple[str, str]] = field(default_factory=list)
    # files in history that no new repository receives (named after a household outside the records,
    # or no record under records/): they stay only in the single repository, to be archived
    dropped: list[str] = field(default_factory=list)


class MoveNotFound(SplitError):
    """A move declared with --moved (old ID, new ID) that no rename in history shows."""

    def __init__(self, pairs: list[tuple[str, str]]):
        super().__init__(", ".join(f"{old}={new}" for old, new in pairs))
        self.pairs = pairs


def _owners(source: Path, moves: dict[str, str] | None = None):
    """(path -> lot, lot -> IDs, lot -> record blobs, renames not followed) over every version history
    holds. A path belongs to the lot its current version names; a path deleted since, to the lot all
    its versions named (or, when they disagree, the lot in its file name). `moves`: old ID -> new ID of
    households declared moved between lots under a new ID (their earlier files follow them)."""
    moves = {old.upper(): new.upper() for old, new in (moves or {}).items()}
    used: set[str] = set()
    unfollowed: list[tuple[str, str]] = []
    versions = gitobjects.path_versions(source)
    lot_of_blob: dict[str, int | None] = {}
    id_of_blob: dict[str, str | None] = {}
    for obj in gitobjects.read_objects(source, sorted({oid for oid, _ in versions})):
        data = loader.load_bytes(obj.data).data
        lot = data.get("lot") if isinstance(data, dict) else None
        record_id = data.get("id") if isinstance(data, dict) else None
        lot_of_blob[obj.oid] = lot if isinstance(lot, int) and not isinstance(lot, bool) else None
        id_of_blob[obj.oid] = record_id.upper() if isinstance(record_id, str) else None
    head = {}
    for entry in gitutil.run(source, "ls-tree", "-r", "-z", "--full-tree", "HEAD", "records", names=True).split("\0"):
        meta, _, name = entry.partition("\t")
        if name:
            head[name] = meta.split()[2]
    latest: dict[str, int] = {}
    by_path: dict[str, set[str]] = {}
    for oid, path in versions:
        if is_record_path(path):
            by_path.setdefault(path, set()).add(oid)
    # a household belongs to the lot its current record names; its earlier files follow it there when
    # they are its own: the same ID (a transfer keeps it), or another ID in the same lot (a misspelt
    # name corrected). git's rename guess also pairs one household's deleted file with another's new
    # one made from it: across lots and IDs, that is two households, each to its own lot.
    living = {id_of_blob[blob]: lot_of_blob[blob] for blob in head.values()
              if id_of_blob.get(blob) and lot_of_blob.get(blob) is not None}
    graph = renames(source)

    def facts(path: str) -> tuple[set, set]:
        return ({id_of_blob.get(oid) for oid in by_path[path]} - {None},
                {lot_of_blob.get(oid) for oid in by_path[path]} - {None})

    def declared(earlier: str, later: str) -> bool:
        """A move from `earlier`'s ID to `later`'s declared with --moved (marked used)."""
        found = {old for old in facts(earlier)[0] if moves.get(old) in facts(later)[0]}
        used.update(found)
        return bool(found)

    def one_household(earlier: str, later: str) -> bool:
        """A rename (git's guess) of one household: the same ID, the same lot, or a move declared."""
        (ids_before, lots_before), (ids_after, lots_after) = facts(earlier), facts(later)
        said = declared(earlier, later)
        return bool(ids_before & ids_after) or lots_before <= lots_after or said

    # each rename judged on its own pair of names, along the chain (a -> b -> c: a -> b, then b -> c)
    for path, blob in head.items():
        if lot_of_blob.get(blob) is None:
            continue
        latest[path] = lot_of_blob[blob]
        todo, seen = [path], {path}
        while todo:
            later = todo.pop()
            for earlier in sorted(graph.get(later, ())):
                if earlier in seen or earlier not in by_path:
                    continue
                seen.add(earlier)
                if one_household(earlier, later):
                    latest[earlier] = lot_of_blob[blob]
                    todo.append(earlier)
                else:
                    unfollowed.append((earlier, later))
    away = sorted(set(by_path) - set(latest))   # files the main line no longer holds (deleted, other branches)
    for path, oids in by_path.items():
        if path in latest:
            continue
        households = {id_of_blob.get(oid) for oid in oids} & set(living)
        lots = {lot_of_blob.get(oid) for oid in oids} - {None}
        if households:
            latest[path] = living[sorted(households)[0]]
        elif len(lots) == 1:
            latest[path] = lots.pop()
        else:   # the lot written in the file name (TH-<lot>-<n>), when the contents do not say
            found = sorted(ids_in(PurePosixPath(path).name.encode("utf-8", "surrogateescape")))
            if found:
                latest[path] = int(found[0].split("-")[1])
    # their renames: told, and followed when declared (a household moved, then deleted)
    for later in away:
        for earlier in sorted(graph.get(later, ())):
            if earlier not in by_path or later not in latest:
                continue
            if declared(earlier, later):
                latest[earlier] = latest[later]
            elif not one_household(earlier, later):
                unfollowed.append((earlier, later))
    missing = sorted((old, new) for old, new in moves.items() if old not in used)
    if missing:
        raise MoveNotFound(missing)
    ids: dict[int, set[str]] = {}
    blobs: dict[int, set[str]] = {}
    for path, lot in latest.items():
        for oid in by_path[path]:
            blobs.setdefault(lot, set()).add(oid)
            if id_of_blob.get(oid):
                ids.setdefault(lot, set()).add(id_of_blob[oid])
        ids.setdefault(lot, set()).update(ids_in(PurePosixPath(path).name.encode("utf-8", "surrogateescape")))
    return latest, ids, blobs, sorted(unfollowed)


def _personal_outside_records(source: Path) -> set[str]:
    """Blobs outside records/ that are a household's data by `classify`'s judgement: a record (or a
    copy of one) anywhere, a printed page that names a household."""
    where: dict[str, set[str]] = {}
    for oid, kind, path in gitobjects.reachable(source):
        if kind == "blob" and not classify.in_records(path):
            where.setdefault(oid, set()).add(path)
    out = set()
    for obj in gitobjects.read_objects(source, list(where)):
        if not classify.is_text(obj.data):
            continue
        owner = classify.record_owner(obj.data)
        names = ids_in(obj.data)
        if owner is not None or classify.holders(obj.data) or \
                any(classify.judge(h, names, where[obj.oid], None) == "version" for h in names):
            out.add(obj.oid)
    return out


def _clone(source: Path, target: Path) -> None:
    done = subprocess.run(["git", "clone", "--quiet", "--no-local", str(source), str(target)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise SplitError(done.stderr.strip())


def filter_history(repo: Path, *arguments: str) -> None:
    """git-filter-repo on a fresh clone of ours (hence --force: it is not the user's)."""
    done = subprocess.run([*rewrite.filter_repo_command(), "--force", *arguments], cwd=repo, capture_output=True,
                          text=True, errors="replace", stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise SplitError((done.stderr or done.stdout).strip()[-2000:])


def lines_file(path: Path, lines: list[str]) -> Path:
    """An instruction file for git-filter-repo, one line each (paths kept as git names them)."""
    atomic.write_bytes(path, "".join(f"{line}\n" for line in lines).encode("utf-8", "surrogateescape"), private=True)
    return path


def replacements_file(folder: Path, name: str, ids: set[str], token: str) -> Path:
    """The file that tells git-filter-repo to write `token` for each of the IDs, in any case and spelling."""
    path = folder / name
    lines_file(path, [f"regex:{id_regex(i)}==>{token}" for i in sorted(ids)])
    return path


def _copy_programme(source: Path, target: Path) -> None:
    for folder in layout.PROGRAMME_FOLDERS:
        shutil.rmtree(target / folder, ignore_errors=True)
        shutil.copytree(source / folder, target / folder)


WORK = ".tohome-split"   # where the repositories are made: moved into place only when all are proved


class NotEmpty(SplitError):
    """The output folder already holds something that is not an interrupted split's work."""


def lot_texts(source: Path, paths: dict[str, int], schema_path: str) -> dict[int, set[str]]:
    """Lot -> the free text only that lot's records ever held (lines of free-text fields, as read and as
    written): text another lot's repository, or the city's, must not carry."""
    from tohome_tools.erasure.versions import MIN_TEXT, free_texts, raw_lines

    seen: dict[str, set[int]] = {}
    by_blob: dict[str, int] = {}
    for oid, path in gitobjects.path_versions(source):
        if path in paths:
            by_blob[oid] = paths[path]
    for obj in gitobjects.read_objects(source, list(by_blob)):
        data = loader.load_bytes(obj.data).data
        if not isinstance(data, dict):
            continue
        values = free_texts(data, schema_path)
        for text in values + raw_lines(obj.data.decode("utf-8", "replace"), values, data):
            if len(text) >= MIN_TEXT:
                seen.setdefault(text, set()).add(by_blob[obj.oid])
    out: dict[int, set[str]] = {}
    for text, lots in seen.items():
        if len(lots) == 1:
            out.setdefault(next(iter(lots)), set()).add(text)
    return out


def split(source: Path, out: Path, lots: list[int], who: str, remote_base: str | None = None,
          schema_path: str | None = None, moves: dict[str, str] | None = None) -> Split:
    """Make `out/citta` and `out/lotto-N` (one per lot of the programme) from the single repository at
    `source`, which must be committed (its working tree is not read, only its history). Everything is
    made in `out/.tohome-split/` and moved into place only at the end: an interrupted split leaves no
    repository that could be taken for a lot's (the next run removes the work folder first). A file
    renamed from one lot's household to another lot's under another ID is two households (git's
    rename guess is no evidence of a move) unless `moves` declares it (old ID -> new ID)."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(out / WORK, ignore_errors=True)   # an interrupted split's copies hold every lot
    if any(out.iterdir()):
        raise NotEmpty(str(out))
    paths, ids, blobs, unfollowed = _owners(source, moves)
    texts = lot_texts(source, paths, schema_path or str(source / "schemas" / "household.schema.json"))
    register = registers.load(source)
    digest = layout.digest(layout.programme_files(source))
    work = out / WORK
    work.mkdir()
    made = Split(out / CITY_FOLDER, unfollowed=unfollowed)   # `lots` empty unless every repository is proved and in place
    try:
        for lot in lots:
            target = work / LOT_FOLDER.format(lot=lot)
            others = set().union(*(ids.get(n, set()) for n in ids if n != lot)) - ids.get(lot, set())
            foreign = set().union(*(found for n, found in texts.items() if n != lot))
            mine = sorted(p for p, n in paths.items() if n == lot)
            _clone(source, target)
            if mine:
                arguments = ["--paths-from-file", str(lines_file(work / f"paths-{lot}", [f"literal:{p}" for p in mine]))]
                lines = _message_lines(others, OTHER_LOT, foreign)
                if lines:
                    arguments += ["--replace-message", str(lines_file(work / f"messages-{lot}", lines))]
                arguments += _naming_others(source, work, f"lot-{lot}", blobs.get(lot, set()), others, foreign)
                filter_history(target, *arguments)
            else:   # a lot with no record yet: a new history
                shutil.rmtree(target)
                target.mkdir()
                gitutil.run(target, "init", "--quiet", "--initial-branch=main")
            moved_out = sorted((i, n) for n, found in ids.items() if n != lot for i in found if _lot_of_id(i) == lot)
            _make_lot(target, source, lot, digest, register, who, remote_base, moved_out)
            made.households[lot] = sum(1 for p in (target / "records").rglob("*") if p.is_file())
            made.versions[lot] = len(blobs.get(lot, ()))
        city = work / CITY_FOLDER
        _clone(source, city)
        made.dropped = _cut_city(source, city, work, paths, ids, texts)
        _make_city(city, lots, who, remote_base)
        for lot in lots:   # each repository read object by object: nothing of another lot
            others = {i for n, found in ids.items() if n != lot for i in found} - ids.get(lot, set())
            foreign = set().union(*(found for n, found in texts.items() if n != lot))
            made.proofs[LOT_FOLDER.format(lot=lot)] = proving.prove(
                work / LOT_FOLDER.format(lot=lot), sorted(others),
                {f"lot {n}": b for n, b in blobs.items() if n != lot}, {"altri lotti": foreign})
        everyone = sorted(set().union(*ids.values())) if ids else []
        made.proofs[CITY_FOLDER] = proving.prove(city, everyone, {f"lot {n}": b for n, b in blobs.items()},
                                                 {"tutti i lotti": set().union(*texts.values()) if texts else set()})
        if all(proof.ok for proof in made.proofs.values()):   # a repository that leaks is never put in place
            for name in [CITY_FOLDER, *(LOT_FOLDER.format(lot=lot) for lot in lots)]:
                (work / name).rename(out / name)
            made.lots = {lot: out / LOT_FOLDER.format(lot=lot) for lot in lots}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    made.seconds = time.perf_counter() - started
    return made


def _naming_others(source: Path, work: Path, name: str, own: set[str], others: set[str], foreign: set[str]) -> list[str]:
    """git-filter-repo's blob callback for a lot's own records that name another lot's household (a
    note: "brother followed as TH-2-0001") or quote its distinctive text: that ID or text becomes the
    neutral token, as in the messages; the rest of the record stays as written."""
    id_blobs, text_blobs, named = set(), set(), set()
    encoded = [text.encode("utf-8") for text in foreign]
    for obj in gitobjects.read_objects(source, sorted(own)):
        found = ids_in(obj.data) & others
        if found:
            id_blobs.add(obj.oid)
            named |= found
        if any(text in obj.data for text in encoded):
            text_blobs.add(obj.oid)
    if not id_blobs and not text_blobs:
        return []
    plan = {"id_blobs": sorted(id_blobs), "id_patterns": [id_regex(i) for i in sorted(named)],
            "text_blobs": sorted(text_blobs), "texts": sorted(foreign, key=len, reverse=True), "token": OTHER_LOT}
    atomic.write_text(work / f"{name}-plan.json", json.dumps(plan, ensure_ascii=False), private=True)
    atomic.write_text(work / f"{name}-callback.py", rewrite.CALLBACK.replace("PLAN", repr(str(work / f"{name}-plan.json"))),
                      private=True)
    return ["--blob-callback", str(work / f"{name}-callback.py")]


def _message_lines(ids: set[str], token: str, texts: set[str]) -> list[str]:
    """git-filter-repo's message replacements: the IDs, then the texts (longest first)."""
    lines = [f"regex:{id_regex(i)}==>{token}" for i in sorted(ids)]
    lines += [f"literal:{text}==>{token}" for text in sorted(texts, key=len, reverse=True)
              if "==>" not in text and "\n" not in text]
    return lines


def _cut_city(source: Path, city: Path, work: Path, paths: dict[str, int], ids: dict[int, set[str]],
              texts: dict[int, set[str]]) -> list[str]:
    """The city's repository: no records, no file named after a household, no copy of a record or
    printed page anywhere, no household's ID or distinctive text in a message or an unpublished file."""
    everywhere = {p for _oid, p in gitobjects.reachable_blobs(source)}
    named = sorted(set(paths) | {p for p in everywhere if ids_in(PurePosixPath(p).name.encode("utf-8", "surrogateescape"))
                                 and not p.startswith(("config/", "schemas/", "docs/", "release/"))})
    # what neither the city nor a lot receives: said by the split, never lost without a word
    dropped = sorted(p for p in everywhere - set(paths)
                     if p in named or (classify.in_records(p) and p != str(registers.FILE)))
    lines_file(work / "city-paths", [f"literal:{p}" for p in named] + ["literal:records/", f"literal:{registers.FILE}"])
    everyone = set().union(*ids.values()) if ids else set()
    every_text = set().union(*texts.values()) if texts else set()
    arguments = ["--invert-paths", "--paths-from-file", str(work / "city-paths")]
    copies = _personal_outside_records(source)
    if copies:   # a record copied elsewhere, a printed sheet: the city holds no record
        arguments += ["--strip-blobs-with-ids", str(lines_file(work / "city-blobs", sorted(copies)))]
    lines = _message_lines(everyone, ANY_HOUSEHOLD, every_text)
    if lines:
        arguments += ["--replace-message", str(lines_file(work / "messages-city", lines))]
    quoting = _quoting(source, every_text)
    naming = _naming_any(source, everyone)
    if quoting or naming:   # pages, minutes, notes: the IDs and the quoted texts go, the file stays
        one = "|".join(id_regex(i).removeprefix("(?i)") for i in sorted(everyone))
        plan = {"id_blobs": sorted(naming), "id_patterns": [f"(?i)(?:{one})"] if naming else [],
                "text_blobs": sorted(quoting), "texts": sorted(every_text, key=len, reverse=True),
                "token": ANY_HOUSEHOLD}
        atomic.write_text(work / "city-plan.json", json.dumps(plan, ensure_ascii=False), private=True)
        atomic.write_text(work / "city-callback.py", rewrite.CALLBACK.replace("PLAN", repr(str(work / "city-plan.json"))),
                          private=True)
        arguments += ["--blob-callback", str(work / "city-callback.py")]
    filter_history(city, *arguments)
    return dropped


def _naming_any(source: Path, ids: set[str]) -> set[str]:
    """Text blobs outside records/, release/ and the programme's own files (whose digest the lots pin)
    that name one of `ids`: a page, a meeting's minutes, a list of cases."""
    if not ids:
        return set()
    where: dict[str, set[str]] = {}
    for oid, kind, path in gitobjects.reachable(source):
        if kind == "blob" and not classify.in_records(path) and not path.startswith(("release/", "config/", "schemas/")):
            where.setdefault(oid, set()).add(path)
    return {obj.oid for obj in gitobjects.read_objects(source, list(where))
            if classify.is_text(obj.data) and ids_in(obj.data) & ids}


def _quoting(source: Path, texts: set[str]) -> set[str]:
    """Blobs outside records/ and release/ that quote one of `texts`."""
    if not texts:
        return set()
    where: dict[str, set[str]] = {}
    for oid, kind, path in gitobjects.reachable(source):
        if kind == "blob" and not classify.in_records(path) and not path.startswith("release/"):
            where.setdefault(oid, set()).add(path)
    encoded = [text.encode("utf-8") for text in texts]
    return {obj.oid for obj in gitobjects.read_objects(source, list(where)) if any(t in obj.data for t in encoded)}


def _make_lot(target: Path, source: Path, lot: int, digest: str, register: registers.Register, who: str,
              remote_base: str | None, moved_out: list[tuple[str, int]] = ()) -> None:
    gitutil.run(target, "remote", "remove", "origin") if "origin" in gitutil.run(target, "remote").split() else None
    _copy_programme(source, target)
    atomic.write_text(target / layout.LOT_FILE, yamlwrite.dump(
        {"lot": lot, "programme": digest},
        f"Repository del lotto {lot}: solo le schede dei nuclei del lotto {lot} (GDPR art. 5, par. 1, lett. c).\n"
        "config/ e schemas/ sono la versione del programma della città: la loro impronta è qui sotto, e un file\n"
        "diverso è un errore di «tohome validate». Li aggiorna la città con «tohome lots sync»."))
    own = [e for e in register.entries if (e.lot or _lot_of_id(e.id)) == lot]
    known = {e.id.upper() for e in own}
    # a household whose ID was given in this lot and that lives in another: its number stays taken here
    own += [registers.Erasure(record_id, dt.date.today(), "transfer", who, to_lot=there, lot=lot)
            for record_id, there in moved_out if record_id not in known]
    if own or register.entries:
        atomic.write_text(target / registers.FILE, registers.dump(registers.Register(tuple(own))))
    atomic.write_text(target / ".gitignore", GITIGNORE)
    gitutil.commit(target, f"Repository del lotto {lot}: la versione del programma della città e il registro delle "
                    "cancellazioni del lotto", who, ".")
    if remote_base:
        gitutil.run(target, "remote", "add", "origin", remote_url(remote_base, LOT_FOLDER.format(lot=lot)))


def _make_city(target: Path, lots: list[int], who: str, remote_base: str | None) -> None:
    gitutil.run(target, "remote", "remove", "origin") if "origin" in gitutil.run(target, "remote").split() else None
    entries = []
    for lot in lots:
        entry = {"lot": lot, "path": f"{CLONES}/{LOT_FOLDER.format(lot=lot)}"}
        if remote_base:
            entry["remote"] = remote_url(remote_base, LOT_FOLDER.format(lot=lot))
        entries.append(entry)
    atomic.write_text(target / layout.CITY_FILE, yamlwrite.dump(
        {"lots": entries},
        "Livello della città: il programma e le pubblicazioni, nessuna scheda. Le schede si leggono dai cloni\n"
        f"dei repository dei lotti, nella cartella {CLONES}/ (fuori da git): «tohome lots fetch» li scarica."))
    ignore = target / ".gitignore"
    current = ignore.read_text(encoding="utf-8") if ignore.is_file() else ""
    missing = [line for line in (f"/{CLONES}/", *CITY_IGNORES) if line not in current.splitlines()]
    if missing:
        atomic.write_text(ignore, current + ("" if current.endswith("\n") or not current else "\n")
                          + "# tohome: the city's clones of the lots' repositories, and what is derived from records "
                            "(personal data)\n" + "".join(f"{line}\n" for line in missing))
    gitutil.commit(target, "Livello della città: i repository dei lotti (tohome-city.yaml); le schede non sono più qui",
                   who, ".")
    if remote_base:
        gitutil.run(target, "remote", "add", "origin", remote_url(remote_base, CITY_FOLDER))


def remote_url(base: str, name: str) -> str:
    return base.rstrip("/") + "/" + name + ".git"


def _lot_of_id(record_id: str) -> int | None:
    parts = record_id.split("-")
    return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None
