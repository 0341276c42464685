"""`tohome transfer ID --to-lot N`: a household moves to another lot, with its record's history; the lot
it leaves erases it. At the city level (which sees both lots); in the single repository the record's
lot and district are simply changed in place."""

from __future__ import annotations

import argparse
import datetime as dt
import shlex
import sys
from pathlib import Path

from tohome_tools.cli import household
from tohome_tools.cli.commands.erase import TEXT as ERASE_TEXT
from tohome_tools.cli.commands.erase import _report_proof
from tohome_tools.cli.refusals import REFUSALS
from tohome_tools.cli.texts import git_said
from tohome_tools.erasure import apply as applying
from tohome_tools.erasure import guard
from tohome_tools.erasure import plan as planning
from tohome_tools.i18n.plural import fmt
from tohome_tools.io import atomic, gitutil, loader, yamledit
from tohome_tools.lots import transfer as moving
from tohome_tools.lots.split import SplitError
from tohome_tools.records.workspace import open_workspace

NAME = "transfer"
HELP = "sposta un nucleo in un altro lotto, con la storia della sua scheda (prima mostra cosa farebbe)"

TEXT = {
    "it": {
        "lot_level": "tohome transfer: il passaggio a un altro lotto lo fa la città, che vede entrambi i lotti.",
        "same": "tohome transfer: {id} è già del lotto {lot}.",
        "pending": "tohome transfer: in {repo} c'è una cancellazione interrotta a metà ({ids}): finiscila prima con "
                   "«tohome erase --apply» (riprende da dove si è fermata e dice cosa inviare).",
        "no_lot": "tohome transfer: il lotto {lot} non esiste (lotti: {lots}).",
        "district": "tohome transfer: indica la nuova circoscrizione con --district, tra quelle del lotto {lot}: "
                    "{districts}.",
        "bad_district": "tohome transfer: la circoscrizione {district} non è del lotto {lot} ({districts}).",
        "plan": "{id}: dal lotto {source} ({source_path}) al lotto {lot} ({target_path}), circoscrizione {district}.\n"
                "  La scheda arriva con la sua storia: {versions:p|versione|versioni} in {commits:p|commit|commit}.\n"
                "  Il lotto {source} la cancella da ogni ramo e tag e la scrive nel suo registro (passata al lotto "
                "{lot}): il suo personale non la vedrà più.",
        "dry_run": "Non ho cambiato niente. Per spostarlo: lo stesso comando con --apply.",
        "refused": "tohome transfer: il repository {repo} non si può riscrivere adesso:",
        "refused_tail": "Non ho cambiato niente.",
        "failed": "tohome transfer: lo spostamento non è riuscito: {error}",
        "done": "{id} è nel lotto {lot}: {file} ({commits:p|commit|commit} della sua storia portati con sé).",
        "steps": "Adesso:\n  1. Invia il lotto {lot}: git -C {target} push\n"
                 "  2. Invia il lotto {source}, riscritto (solo se nessuno vi ha inviato altro nel frattempo):\n"
                 "     {command}\n     poi sul server di quel lotto «git reflog expire --expire=now --all && git gc "
                 "--prune=now».\n"
                 "  3. Ogni altro clone del lotto {source} va cancellato e clonato di nuovo.",
        "single": "{id}: lotto {source} → {lot}, circoscrizione {district}, in {file} (un solo repository: la storia "
                  "resta dov'è).",
        "single_commit": "{id}: passa dal lotto {source} al lotto {lot} (circoscrizione {district})",
        "who": "tohome transfer: chi fa l'operazione? --by \"Nome Cognome\" o git config user.name.",
        "no_edit": "tohome transfer: non riesco a cambiare da solo il lotto e la circoscrizione di {id} in {file} "
                   "senza toccare altro (sono scritti in un modo insolito). Non ho cambiato niente: scrivili in "
                   "forma semplice (lot: 1, district: C4), fai commit e push, poi riprova.",
    },
    "en": {
        "lot_level": "tohome transfer: the city moves a household to another lot: it sees both lots.",
        "same": "tohome transfer: {id} already belongs to lot {lot}.",
        "pending": "tohome transfer: an erasure stopped half way in {repo} ({ids}): finish it first with "
                   "'tohome erase --apply' (it carries on where it stopped and says what to push).",
        "no_lot": "tohome transfer: lot {lot} does not exist (lots: {lots}).",
        "district": "tohome transfer: name the new district with --district, among lot {lot}'s: {districts}.",
        "bad_district": "tohome transfer: district {district} is not lot {lot}'s ({districts}).",
        "plan": "{id}: from lot {source} ({source_path}) to lot {lot} ({target_path}), district {district}.\n"
                "  The record comes with its history: {versions:p|version|versions} in {commits:p|commit|commits}.\n"
                "  Lot {source} erases it from every branch and tag and records it in its register (moved to lot "
                "{lot}): its staff will not see it any more.",
        "dry_run": "Nothing was changed. To move it: the same command with --apply.",
        "refused": "tohome transfer: repository {repo} cannot be rewritten now:",
        "refused_tail": "Nothing was changed.",
        "failed": "tohome transfer: the move failed: {error}",
        "done": "{id} is in lot {lot}: {file} ({commits:p|commit|commits} of its history brought along).",
        "steps": "Now:\n  1. Push lot {lot}: git -C {target} push\n"
                 "  2. Push lot {source}, rewritten (only if nobody pushed anything meanwhile):\n     {command}\n"
                 "     then on that lot's server 'git reflog expire --expire=now --all && git gc --prune=now'.\n"
                 "  3. Every other clone of lot {source} must be deleted and cloned again.",
        "single": "{id}: lot {source} → {lot}, district {district}, in {file} (one repository: the history stays "
                  "where it is).",
        "single_commit": "{id}: moves from lot {source} to lot {lot} (district {district})",
        "who": "tohome transfer: who does it? --by \"Name Surname\" or git config user.name.",
        "no_edit": "tohome transfer: the lot and district of {id} in {file} cannot be changed without touching "
                   "anything else (they are written in an unusual way). Nothing was changed: write them plainly "
                   "(lot: 1, district: C4), commit and push, then try again.",
    },
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help="codice del nucleo che cambia lotto")
    parser.add_argument("--to-lot", type=int, required=True, metavar="N", help="il lotto che lo accoglie")
    parser.add_argument("--district", metavar="CODICE", default=None,
                        help="la nuova circoscrizione (serve se il lotto ne ha più di una)")
    parser.add_argument("--apply", action="store_true", help="sposta davvero (senza: mostra solo cosa farebbe)")
    parser.add_argument("--by", metavar="NOME", default=None, help="chi fa l'operazione (predefinito: user.name di git)")
    parser.add_argument("--no-remote", action="store_true",
                        help="i repository dei lotti non hanno un server (senza: si confrontano con «origin»)")



def run(args: argparse.Namespace) -> int:
    words = TEXT[args.lang]
    workspace = open_workspace(args.root)
    level = workspace.layout.level
    if level == "lot":
        print(words["lot_level"], file=sys.stderr)
        return 2
    interrupted = [r for r in workspace.layout.repositories if applying.pending(r)]
    for repository in interrupted:   # a move stopped half way: the record is in both lots until it is finished
        ids = ", ".join(t["id"] for t in applying.pending(repository).get("traces", []))
        print(words["pending"].format(repo=repository, ids=ids), file=sys.stderr)
    if interrupted:
        return 2
    lots = workspace.programme.lots
    if args.to_lot not in lots:
        print(words["no_lot"].format(lot=args.to_lot, lots=", ".join(map(str, sorted(lots)))), file=sys.stderr)
        return 2
    districts = lots[args.to_lot].districts
    district = args.district or (districts[0] if len(districts) == 1 else None)
    if district is None or district not in districts:
        key = "district" if district is None else "bad_district"
        print(words[key].format(lot=args.to_lot, district=district, districts=", ".join(districts)), file=sys.stderr)
        return 2
    found = household.locate(NAME, args.id, workspace.record_folders, workspace.register, args.lang)
    if found is None:
        return 2
    path = found.path
    data = loader.load_path(path).data or {}
    record_id, source = str(data.get("id", args.id)).upper(), data.get("lot")
    if source == args.to_lot:
        print(words["same"].format(id=record_id, lot=source), file=sys.stderr)
        return 2
    who = args.by or gitutil.user_name(workspace.project.root)
    if args.apply and not who:
        print(words["who"], file=sys.stderr)
        return 2
    if level == "single":
        return _in_place(args, path, record_id, source, district, who, words)
    target = next(lot.path for lot in workspace.layout.lots if lot.lot == args.to_lot)
    source_repo = gitutil.toplevel(path)
    try:   # the new text first: a record that cannot be edited exactly stops here, before anything changes
        moving.edited(path, args.to_lot, district)
    except yamledit.EditError:
        print(words["no_edit"].format(id=record_id, file=path), file=sys.stderr)
        return 2
    chosen = planning.select(workspace, [record_id], None, "transfer", dt.date.today())
    planning.trace(chosen, str(workspace.project.household_schema))
    found = chosen.targets[0]
    print(fmt(words["plan"], id=record_id, source=source, source_path=source_repo, lot=args.to_lot, target_path=target,
              district=district, versions=len(found.traces.blobs), commits=found.commits))
    if not args.apply:
        print(words["dry_run"])
        return 0
    refused = False
    before = None
    for repository in (source_repo, target):
        problems = guard.local_problems(repository)
        if not problems and not args.no_remote:
            problems = guard.remote_problems(repository)
            if not problems and repository == source_repo:
                before = guard.server_refs(repository)
        if problems:
            refused = True
            print(words["refused"].format(repo=repository), file=sys.stderr)
            for problem in problems:
                print(fmt(REFUSALS[args.lang][problem.code], **problem.params), file=sys.stderr)
    if refused:
        print(words["refused_tail"], file=sys.stderr)
        return 2
    try:
        moved = moving.transfer(workspace, record_id, args.to_lot, district, who, dt.date.today(),
                                fetch=not args.no_remote, server=before)
    except (SplitError, gitutil.GitError, yamledit.EditError) as error:
        print(words["failed"].format(error=git_said(error, args.lang)), file=sys.stderr)
        return 2
    print(fmt(words["done"], id=record_id, lot=args.to_lot, file=moved.file, commits=moved.commits))
    proved = _report_proof(moved.erased.proof, source_repo, ERASE_TEXT[args.lang], args.lang)
    if not proved:   # the journal stays: «tohome erase --apply» proves again, and nothing is pushed before
        return 1
    applying.done(source_repo)   # the person pushes, with the command below: the tool has nothing left to finish
    command = applying.push_command(source_repo, before)
    print(words["steps"].format(lot=args.to_lot, target=target, source=source, source_path=source_repo,
                                command=" ".join(shlex.quote(c) for c in command) if command else "-"))
    return 0


def _in_place(args, path: Path, record_id: str, source, district: str, who: str, words: dict) -> int:
    """One repository holds every lot: the lot and the district change in the record, committed."""
    print(words["single"].format(id=record_id, source=source, lot=args.to_lot, district=district, file=path))
    if not args.apply:
        print(words["dry_run"])
        return 0
    atomic.write_text(path, moving.edited(path, args.to_lot, district))
    try:
        top = gitutil.toplevel(path)
        gitutil.commit(top, words["single_commit"].format(id=record_id, source=source, lot=args.to_lot,
                                                          district=district), who, str(path.relative_to(top)))
    except gitutil.GitError:
        pass   # not a git repository: the file is changed, there is nothing to commit
    return 0
