"""`tohome lots`: one repository per lot. `split` makes them from the single repository (the migration),
`fetch` keeps the city's clones of them, `sync` gives every lot the city's programme version."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tohome_tools.cli.refusals import REFUSALS
from tohome_tools.cli.texts import git_said
from tohome_tools.erasure import guard
from tohome_tools.erasure.classify import ids_in
from tohome_tools.i18n.plural import fmt
from tohome_tools.i18n.render import few, seconds
from tohome_tools.io import gitutil
from tohome_tools.lots import clones, split
from tohome_tools.records import lookup
from tohome_tools.records.workspace import open_workspace

NAME = "lots"
HELP = "un repository per lotto: li crea dal repository unico (split), li scarica (fetch), li aggiorna (sync)"

TEXT = {
    "it": {
        "level": "tohome lots {action}: si usa {where}.",
        "where": {"split": "nel repository unico (quello che contiene tutti i lotti)",
                  "fetch": "a livello della città (tohome-city.yaml)", "sync": "a livello della città (tohome-city.yaml)"},
        "refused": "tohome lots split: il repository {repo} non si può dividere adesso:",
        "refused_tail": "Non ho creato niente.",
        "failed": "tohome lots split: la divisione non è riuscita (git dice: «{error}»). Non ho creato niente.",
        "not_empty": "tohome lots split: la cartella {out} non è vuota: indica una cartella nuova o vuota (non "
                     "sovrascrivo niente).",
        "lot": "Lotto {lot}: {path} ({households:p|scheda|schede}, {versions:p|versione|versioni} nella storia)",
        "city": "Città: {path} (il programma, le pubblicazioni, la documentazione; nessuna scheda)",
        "proof": "Verifica: {repo}: letti {objects} oggetti, nessuno contiene schede o codici di nuclei che non gli "
                 "spettano.",
        "leak": "tohome lots split: la verifica di {repo} ha trovato {n:p|oggetto|oggetti} con dati che non gli "
                "spettano ({what}): non l'ho messo al suo posto.",
        "done": "Fatto in {seconds} s.",
        "opaque": "Verifica: {repo}: non so leggere {n:p|file|file} (PDF, immagini, archivi, testi non UTF-8): "
                  "{paths}. Se nominano un nucleo, toglili dalla storia del repository unico e rifai la divisione.",
        "dropped": "Non {n:P|portato|portati} in nessun repository ({n:P|porta|portano} il codice di un nucleo nel nome "
                   "fuori dalle schede, o {n:P|sta|stanno} tra le schede senza esserlo): {paths}. Restano solo nel "
                   "repository unico, da archiviare: se servono, mettili a mano nel repository giusto.",
        "unfollowed": "Due nuclei, non uno: in un commit {old} è sparito e {new} è comparso con un contenuto simile, "
                      "in un altro lotto e con un altro codice; ognuno è rimasto nel suo lotto. Se è lo stesso nucleo "
                      "passato di lotto, rifai la divisione con --moved {old_id}={new_id}.",
        "bad_move": "tohome lots split: --moved {given}: scrivi VECCHIO=NUOVO, due codici di nucleo (per esempio "
                    "TH-1-0002=TH-2-0002).",
        "move_not_found": "tohome lots split: --moved {pairs}: nessun file della storia è passato da un codice "
                          "all'altro. Controlla i codici. Non ho creato niente.",
        "steps": "Adesso:\n"
                 "  1. Sul server git crea un repository per ogni cartella, con i permessi della guida "
                 "(docs/guida/lotti.md): il lotto N lo legge e lo scrive solo il personale del lotto N e la città.\n"
                 "  2. Invia ciascuno: git -C CARTELLA push --mirror INDIRIZZO (con --remote-base è già «origin»).\n"
                 "  3. Nel repository della città: tohome lots fetch (clona i lotti in lotti/).\n"
                 "  4. Il vecchio repository unico va archiviato e poi cancellato, con tutti i suoi cloni: "
                 "contiene ancora tutti i lotti.",
        "fetched": {"cloned": "Lotto {lot}: clonato in {path}", "pulled": "Lotto {lot}: aggiornato ({path})",
                    "failed": "Lotto {lot}: non riesco ({detail})",
                    "no-remote": "Lotto {lot}: manca il clone in {path} e tohome-city.yaml non dice da dove clonarlo"},
        "synced": {"synced": "Lotto {lot}: aggiornato alla versione del programma della città, commit fatto in {path} "
                             "(ora: git -C {path} push)",
                   "unchanged": "Lotto {lot}: ha già la versione del programma della città",
                   "dirty": "Lotto {lot}: {path} ha modifiche non registrate: non lo tocco"},
        "who": "tohome lots: chi fa l'operazione? --by \"Nome Cognome\" o git config user.name.",
    },
    "en": {
        "level": "tohome lots {action}: it is used {where}.",
        "where": {"split": "in the single repository (the one holding every lot)",
                  "fetch": "at the city level (tohome-city.yaml)", "sync": "at the city level (tohome-city.yaml)"},
        "refused": "tohome lots split: repository {repo} cannot be split now:",
        "refused_tail": "Nothing was made.",
        "failed": "tohome lots split: the split failed (git says: '{error}'). Nothing was made.",
        "not_empty": "tohome lots split: folder {out} is not empty: name a new or empty folder (nothing is "
                     "overwritten).",
        "lot": "Lot {lot}: {path} ({households:p|record|records}, {versions:p|version|versions} in its history)",
        "city": "City: {path} (the programme, the releases, the documentation; no records)",
        "proof": "Proof: {repo}: read {objects} objects, none holds records or IDs of households it must not hold.",
        "leak": "tohome lots split: the proof of {repo} found {n:p|object|objects} with data it must not hold "
                "({what}): it was not put in place.",
        "done": "Done in {seconds} s.",
        "opaque": "Proof: {repo}: {n:p|file|files} cannot be read (PDFs, images, archives, non-UTF-8 text): {paths}. "
                  "If they name a household, take them out of the single repository's history and split again.",
        "dropped": "Carried into no repository ({n:p|file|files} named after a household outside the records, or "
                   "sitting among the records without being one): {paths}. They stay only in the single repository, "
                   "to be archived: if they are needed, put them in the right repository by hand.",
        "unfollowed": "Two households, not one: in one commit {old} went and {new} came with similar contents, in "
                      "another lot and under another ID; each stayed in its own lot. If it is one household that "
                      "moved lot, split again with --moved {old_id}={new_id}.",
        "bad_move": "tohome lots split: --moved {given}: write OLD=NEW, two household IDs (for example "
                    "TH-1-0002=TH-2-0002).",
        "move_not_found": "tohome lots split: --moved {pairs}: no file in history went from one ID to the other. "
                          "Check the IDs. Nothing was made.",
        "steps": "Now:\n"
                 "  1. On the git server create one repository per folder, with the permissions of the guide "
                 "(docs/guida/lotti.md): lot N is read and written only by lot N's staff and the city.\n"
                 "  2. Push each: git -C FOLDER push --mirror ADDRESS (with --remote-base it is already 'origin').\n"
                 "  3. In the city's repository: tohome lots fetch (clones the lots into lotti/).\n"
                 "  4. The old single repository must be archived and then deleted, with all its clones: it still "
                 "holds every lot.",
        "fetched": {"cloned": "Lot {lot}: cloned into {path}", "pulled": "Lot {lot}: updated ({path})",
                    "failed": "Lot {lot}: cannot ({detail})",
                    "no-remote": "Lot {lot}: the clone at {path} is missing and tohome-city.yaml does not say where "
                                 "to clone it from"},
        "synced": {"synced": "Lot {lot}: brought to the city's programme version, committed in {path} (now: git -C "
                             "{path} push)",
                   "unchanged": "Lot {lot}: already on the city's programme version",
                   "dirty": "Lot {lot}: {path} has uncommitted changes: left alone"},
        "who": "tohome lots: who does it? --by \"Name Surname\" or git config user.name.",
    },
}


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="AZIONE")
    actions.required = True
    made = actions.add_parser("split", help="crea un repository per lotto e quello della città dal repository unico",
                              description="crea un repository per lotto e quello della città dal repository unico")
    made.add_argument("--out", required=True, metavar="CARTELLA", help="cartella vuota dove creare i repository")
    made.add_argument("--remote-base", metavar="INDIRIZZO", default=None,
                      help="indirizzo del server git sotto cui stanno i repository (per esempio git@host:citta)")
    made.add_argument("--by", metavar="NOME", default=None, help="chi fa l'operazione (predefinito: user.name di git)")
    made.add_argument("--moved", metavar="VECCHIO=NUOVO", action="append", default=[],
                      help="un nucleo passato di lotto con un nuovo codice, rinominando il file: la sua storia lo "
                           "segue (si può ripetere)")
    actions.add_parser("fetch", help="clona i lotti che mancano e aggiorna gli altri (livello della città)",
                       description="clona i lotti che mancano e aggiorna gli altri (livello della città)")
    synced = actions.add_parser("sync", help="porta in ogni lotto la versione del programma della città",
                                description="porta in ogni lotto la versione del programma della città")
    synced.add_argument("--by", metavar="NOME", default=None, help="chi fa l'operazione (predefinito: user.name di git)")



def run(args: argparse.Namespace) -> int:
    words = TEXT[args.lang]
    workspace = open_workspace(args.root, clones=args.action != "fetch")
    wanted = {"split": "single", "fetch": "city", "sync": "city"}[args.action]
    if workspace.layout.level != wanted:
        print(words["level"].format(action=args.action, where=words["where"][args.action]), file=sys.stderr)
        return 2
    if args.action == "fetch":
        steps = clones.fetch(workspace.layout)
        for step in steps:
            print(words["fetched"][step.action].format(lot=step.lot, path=step.path, detail=step.detail))
        return 0 if all(s.action in ("cloned", "pulled") for s in steps) else 1
    who = args.by or gitutil.user_name(workspace.project.root)
    if not who:
        print(words["who"], file=sys.stderr)
        return 2
    if args.action == "sync":
        steps = clones.sync(workspace.layout, who)
        for step in steps:
            print(words["synced"][step.action].format(lot=step.lot, path=step.path))
        return 0 if all(s.action in ("synced", "unchanged") for s in steps) else 1
    return _split(args, workspace, who, words)


def _split(args, workspace, who: str, words: dict) -> int:
    root = workspace.project.root
    problems = guard.local_problems(root)
    if problems:
        print(words["refused"].format(repo=root), file=sys.stderr)
        for problem in problems:
            print(fmt(REFUSALS[args.lang][problem.code], **problem.params), file=sys.stderr)
        print(words["refused_tail"], file=sys.stderr)
        return 2
    moves = {}
    for given in args.moved:
        old, _, new = given.partition("=")
        if not all({lookup.normal_id(one)} == ids_in(one.strip().encode()) for one in (old, new)):
            print(words["bad_move"].format(given=given), file=sys.stderr)
            return 2
        moves[lookup.normal_id(old)] = lookup.normal_id(new)
    try:
        made = split.split(root, Path(args.out).resolve(), sorted(workspace.programme.lots), who, args.remote_base,
                           str(workspace.project.household_schema), moves)
    except split.MoveNotFound as error:
        print(words["move_not_found"].format(pairs=", ".join(f"{o}={n}" for o, n in error.pairs)), file=sys.stderr)
        return 2
    except split.NotEmpty:
        print(words["not_empty"].format(out=Path(args.out).resolve()), file=sys.stderr)
        return 2
    except (split.SplitError, gitutil.GitError) as error:
        print(words["failed"].format(error=git_said(error, args.lang)), file=sys.stderr)
        return 2
    if not made.lots:   # a proof failed: nothing was put in place
        for name, proof in made.proofs.items():
            if not proof.ok:
                what = ", ".join(sorted({leak.household for leak in proof.leaks})[:5])
                print(fmt(words["leak"], repo=name, n=len(proof.leaks), what=what), file=sys.stderr)
        print(words["refused_tail"], file=sys.stderr)
        return 1
    for lot, path in made.lots.items():
        print(fmt(words["lot"], lot=lot, path=path, households=made.households[lot], versions=made.versions[lot]))
    print(words["city"].format(path=made.city))
    for name, proof in made.proofs.items():
        print(words["proof"].format(repo=Path(args.out).resolve() / name, objects=sum(proof.objects.values())))
        if proof.opaque:   # what the proof could not read is said beside it
            print(fmt(words["opaque"], repo=Path(args.out).resolve() / name, n=len(proof.opaque), paths=few(proof.opaque)))
    if made.dropped:
        print(fmt(words["dropped"], n=len(made.dropped), paths=few(made.dropped)))
    for old, new in made.unfollowed:
        print(words["unfollowed"].format(old=old, new=new, old_id=Path(old).stem, new_id=Path(new).stem))
    print(words["done"].format(seconds=seconds(made.seconds, args.lang, 1)))
    print(words["steps"])
    return 0
