"""`tohome erase`: erase households at the end of retention, from the files and from all of git history.

Without `--apply` it only shows what it would do. With it: checks that each clone is complete, clean
and up to date with its server, rewrites every branch and tag without the households
(git-filter-repo), records them in the register of erasures, purges what git and tohome keep beside
history, proves over every object that nothing is left, and prints the steps for the server and for
every other clone. `--check` is the guard for CI and for a server's pre-receive hook; `--prove`
checks another clone after the fact.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import shlex
import sys
from decimal import Decimal
from pathlib import Path

from tohome_tools.cli.argtypes import iso_day
from tohome_tools.cli.refusals import REFUSALS
from tohome_tools.cli.texts import git_said
from tohome_tools.core.errors import ConfigError
from tohome_tools.erasure import apply as applying
from tohome_tools.erasure import guard, plan, pushcheck, rewrite, versions
from tohome_tools.erasure import proof as proving
from tohome_tools.i18n.plural import fmt
from tohome_tools.i18n.render import day as show_day
from tohome_tools.i18n.render import few, number, seconds, show
from tohome_tools.io import gitutil
from tohome_tools.programme.project import ProjectNotFound
from tohome_tools.records import lookup
from tohome_tools.records import register as registers
from tohome_tools.records.workspace import open_workspace

NAME = "erase"
HELP = "cancella i nuclei alla fine della conservazione, dai file e da tutta la storia di git (prima mostra cosa farebbe)"

RULES = {
    "it": {"closure": "{years} anni dalla chiusura", "programme_end": "{years} anni dalla fine del programma "
           "(progetto mai chiuso)", "last_activity": "{years} anni dall'ultima attività (progetto mai chiuso)",
           "request": "su richiesta della persona (GDPR art. 17)", "transfer": "passato a un altro lotto"},
    "en": {"closure": "{years} years after closure", "programme_end": "{years} years after the programme's end "
           "(never closed)", "last_activity": "{years} years after the last activity (never closed)",
           "request": "at the person's request (GDPR art. 17)", "transfer": "moved to another lot"},
}

TEXT = {
    "it": {
        "none_given": "tohome erase: indica i codici dei nuclei da cancellare, oppure --expired per tutti quelli "
                      "la cui conservazione è finita (al giorno di --as-of, predefinito oggi).",
        "lot_level": "tohome erase: questo è il repository del lotto {lot}. La cancellazione la decide e la fa la "
                     "città (titolare del trattamento), che vede le pubblicazioni e tutti i lotti: esegui tohome "
                     "erase a livello della città.",
        "problems": "tohome erase: non cancello nulla:",
        "unknown-id": "  - {id}: nessuna scheda e nessun commit ha questo codice (controlla come è scritto)",
        "already-erased": "  - {id}: già cancellato il {day} (registro delle cancellazioni)",
        "not-due": "  - {id}: la conservazione finisce il {due} ({rule}); prima si cancella solo su richiesta della "
                   "persona: aggiungi --request",
        "unreadable": "  - {file}: la scheda non si legge, quindi non so quando finisce la sua conservazione: "
                      "correggila («tohome validate») e riprova",
        "history-undated": "  - {id}: la scheda è solo nella storia di git e la sua ultima versione non dice quando finisce "
                           "la conservazione (non si legge, o una data non è una data): se va cancellata, --request",
        "not-removable": "  - --remove-file {file}: non è tra i file che il piano elenca (illeggibili, o che nominano il "
                         "nucleo fuori dalle schede): si tolgono per nome solo quelli. Una scheda si cancella con il "
                         "suo codice; il programma e il registro non si tolgono",
        "shared-file": "  - {file}: il nome porta il codice {id} e il file sarebbe tolto intero, ma contiene anche "
                       "{others}: rinominalo o togli da lì i dati del nucleo, poi riprova (o, se va tolto intero con "
                       "i dati degli altri, --remove-file {file})",
        "undated": "  - {file}: la data {value}, da cui si conta la conservazione, non è una data, quindi non so "
                   "quando finisce: correggila («tohome validate») e riprova",
        "before_programme": "tohome erase: il {day} è prima dell'inizio del programma ({start}): nessuna conservazione "
                            "può essere finita. Controlla la data di --as-of.",
        "nothing": "Nessun nucleo da cancellare al {day}: nessuna conservazione è finita.",
        "head": "{n:P|Un nucleo da cancellare|{n} nuclei da cancellare}{when}:",
        "when": " (conservazione finita al {day})",
        "item": "{id} (lotto {lot}): {rule}{due}",
        "due": ", fine della conservazione il {day}",
        "file": "  file: {file}",
        "no_file": "  file: nessuno (la scheda è solo nella storia di git)",
        "city_item": "{id}, nel repository della città ({repo}): {files:p|file|file} e {messages:p|messaggio|messaggi} "
                     "di commit che lo nominano o ne citano il testo (il testo diventa «{token}», i file restano)",
        "history": "  storia: {versions:p|versione|versioni} della scheda in {commits:p|commit|commit}; rami e tag "
                   "che la contengono: {refs}",
        "periods": "  periodi pubblicati che lo contano: {periods} (restano pubblicati come sono)",
        "no_periods": "  periodi pubblicati che lo contano: nessuno",
        "texts": "  testi scritti solo per questo nucleo, da togliere e cercare: {texts}; testi uguali in altre "
                 "schede: {shared}",
        "mentions": "  il suo codice è scritto in altre schede: {paths} (lì diventa «{token}»)",
        "elsewhere": "  il codice compare anche fuori dalle schede, in: {paths}: lì diventa «{token}» e il resto del "
                     "file resta; se contiene altri dati del nucleo (un nome, una diagnosi), toglilo con --remove-file",
        "examples": "  il codice compare come esempio nella documentazione: {paths}: resta com'è",
        "named_files": "  file fuori dalle schede con il suo codice nel nome, tolti interi dalla storia: {paths}",
        "outputs": "  fuori da git, tra i documenti riservati del clone: {paths}: con --apply li cancello (si rifanno "
                   "dalle schede); le copie altrove (stampe, posta, altri computer) vanno cancellate a mano",
        "outputs_removed": "{n:P|Cancellato un documento riservato che lo nominava|Cancellati {n} documenti riservati "
                           "che lo nominavano}: {paths}.",
        "proof_examples": "La verifica non conta gli esempi della documentazione: il codice resta in {n:p|file|file}: "
                          "{paths}.",
        "proof_opaque": "La verifica non sa leggere {n:p|file|file} (PDF, immagini, archivi): {paths}. Controllali tu; "
                        "--remove-file li toglie dalla storia.",
        "dry_run": "Non ho cambiato niente. Per cancellare: lo stesso comando con --apply (riscrive la storia: "
                   "leggi prima docs/guida/fine-conservazione.md).",
        "who": "tohome erase: chi cancella? Indica il nome con --by \"Nome Cognome\" (va nel registro), o "
               "configuralo in git (git config user.name).",
        "refused": "tohome erase: il repository {repo} non si può riscrivere adesso:",
        "refused_tail": "Non ho cambiato niente.",
        "failed": "tohome erase: la riscrittura di {repo} non è riuscita: {error}",
        "message": "Registro delle cancellazioni: {n:P|un nucleo cancellato|{n} nuclei cancellati} ({rule})",
        "message_rules": {"retention": "fine della conservazione", "request": "su richiesta", "transfer": "passaggio "
                          "ad altro lotto"},
        "done": "Cancellato da {repo}: {n:P|un nucleo|{n} nuclei} in {seconds} s; oggetti git {before} → {after}.",
        "proof": "Verifica: letti {objects} oggetti ({kinds}; {size}) di {repo}, raggiungibili e no: nessuno contiene "
                 "{versions:p|versione|versioni} delle schede, i codici o {texts:p|testo distintivo|testi "
                 "distintivi} dei nuclei cancellati.",
        "leaks": "tohome erase: ATTENZIONE: la verifica ha trovato dati dei nuclei cancellati in {n:p|oggetto|oggetti} "
                 "di {repo}:",
        "leak": "  - {household}: {what} nell'oggetto {kind} {oid}",
        "leak_what": {"version": "una versione della scheda", "id": "il codice", "text": "un testo della scheda"},
        "leaks_tail": "Non fare push: cerca dove sta quel dato («git cat-file -p OGGETTO»), toglilo e ripeti la "
                      "verifica con «tohome erase --prove».",
        "steps": "Adesso, perché la cancellazione valga ovunque:",
        "step_push": "  {n}. Invia la storia riscritta al server, tutti i rami e i tag insieme e solo se nessuno vi ha "
                     "inviato altro nel frattempo (oppure ripeti con --push):\n     {command}",
        "step_no_server": "  {n}. {repo} non ha un server: non c'è niente da inviare.",
        "pushed": "  {n}. Fatto: la storia riscritta è sul server ({server}).",
        "push_failed": "tohome erase: il server ha rifiutato l'invio di {repo} (git dice: {error}). Se qualcuno ha "
                       "inviato altro nel frattempo, il tuo clone non è più l'ultima versione: clona di nuovo il "
                       "server e ripeti lì la cancellazione. Altrimenti rilancia «tohome erase --apply --push»: "
                       "riprende dall'invio.",
        "step_host_refs": "     Sul server restano anche {refs}: li può togliere solo chi amministra il server (con "
                          "GitHub o GitLab, l'assistenza); finché ci sono, contengono i dati.",
        "step_server": "  {n}. Sul server: se è un repository nostro, «git reflog expire --expire=now --all && git gc "
                       "--prune=now» nella sua cartella; con GitHub o GitLab, chiedi all'assistenza di eliminare le "
                       "copie in cache e i riferimenti delle pull/merge request (indica i commit cambiati).",
        "step_clones": "  {n}. Ogni altro clone (colleghi, computer del CI, copie di backup) va cancellato e clonato di "
                       "nuovo: un vecchio clone ha ancora i dati, e il controllo (tohome erase --check) ne rifiuta il "
                       "push.",
        "step_verify": "  {n}. Verifica il server e ogni nuovo clone: tohome erase --prove --repo CARTELLA",
        "not_pushed": "Non ho inviato niente al server.",
        "moved": "tohome erase: dopo l'interruzione il clone {repo} è cambiato (un commit, una modifica): finire la "
                 "cancellazione lo butterebbe via. Non ho fatto niente. Metti al sicuro quel lavoro (per esempio "
                 "«git format-patch»), poi clona di nuovo il server e ripeti lì la cancellazione.",
        "check_ok": "Nessun nucleo cancellato torna indietro: {n:p|commit controllato|commit controllati} "
                    "contro {erased:p|cancellazione|cancellazioni} del registro.",
        "check_bad": "tohome erase --check: questo push riporta {n:p|dato|dati} di nuclei cancellati "
                     "(registro delle cancellazioni):",
        "breach": "  - {household}: {what} ({where})",
        "breach_what": {"version": "una versione cancellata della scheda", "name": "un file con il suo codice",
                        "content": "un file che contiene la sua scheda o ne scrive il codice tra le schede",
                        "message": "un messaggio di commit con il suo codice",
                        "register": "un commit che lo toglie dal registro delle cancellazioni",
                        "object": "un riferimento che punta a un file o a una cartella invece che a un commit"},
        "check_tail": "Viene da un vecchio clone: cancellalo, clona di nuovo il repository e rifai lì le modifiche.",
        "no_register": "Il registro delle cancellazioni è vuoto: niente da controllare.",
        "prove_nothing": "tohome erase --prove: {repo} non ha un registro delle cancellazioni (in nessun ramo): non so "
                         "che cosa cercare. Indica il registro del server con --register-from REV (per esempio "
                         "origin/main dopo «git fetch»).",
        "prove_ok": "Verifica di {repo}: letti {objects} oggetti ({kinds}; {size}): nessuno contiene una delle "
                    "{versions} versioni cancellate né il codice di uno dei {n} nuclei del registro.",
        "git": "tohome erase: git non risponde come atteso: {error}",
        "damaged_repo": "tohome erase: il repository {repo} è danneggiato: manca un oggetto della storia (git dice: "
                        "{error}). Non cancello nulla: clonalo di nuovo dal server e riprova lì.",
        "copies": "  sue copie fuori dal suo file: {paths} (tolte)",
        "opaque": "File che tohome non sa leggere in {repo} ({n:p|file|file}, per esempio PDF o immagini): {paths}. Se "
                  "contengono una scheda, aggiungi --remove-file PERCORSO.",
        "extra": "Tolti dalla storia anche: {paths}.",
        "interrupted": "La cancellazione si è interrotta a metà: rilancia «tohome erase --apply» in questo clone per "
                       "finirla (riprende da dove si è fermata). Prima non fare push, commit o altre modifiche.",
        "pending": "In {repo} c'è una cancellazione interrotta a metà ({ids}).",
        "pending_tail": "Finiscila con «tohome erase --apply» (nessun altro argomento): riprende da dove si è fermata.",
        "kinds": {"blob": "file", "tree": "cartelle", "commit": "commit", "tag": "tag"},
    },
    "en": {
        "none_given": "tohome erase: name the households to erase, or --expired for every one whose retention has "
                      "ended (on the day of --as-of, today by default).",
        "lot_level": "tohome erase: this is lot {lot}'s repository. Erasure is decided and run by the city (the data "
                     "controller), which sees the releases and every lot: run tohome erase at the city level.",
        "problems": "tohome erase: nothing is erased:",
        "unknown-id": "  - {id}: no record and no commit has this ID (check its spelling)",
        "already-erased": "  - {id}: already erased on {day} (register of erasures)",
        "not-due": "  - {id}: its retention ends on {due} ({rule}); earlier it is erased only at the person's request: "
                   "add --request",
        "unreadable": "  - {file}: the record does not read, so its retention cannot be told: fix it ('tohome "
                      "validate') and try again",
        "history-undated": "  - {id}: the record is only in git's history and its last version does not tell when its "
                           "retention ends (it does not read, or a date is no date): if it must go, --request",
        "not-removable": "  - --remove-file {file}: it is not among the files the plan lists (unreadable, or naming the "
                         "household outside the records): only those are removed by name. A record is erased by "
                         "its ID; the programme and the register are never removed",
        "shared-file": "  - {file}: its name carries the ID {id} and the file would be removed whole, but it also "
                       "holds {others}: rename it or take the household's data out of it, then try again (or, if it "
                       "must go whole with the others' data, --remove-file {file})",
        "undated": "  - {file}: the date {value}, which its retention runs from, is not a date, so its retention "
                   "cannot be told: fix it ('tohome validate') and try again",
        "before_programme": "tohome erase: {day} is before the programme's start ({start}): no retention can have "
                            "ended. Check the --as-of date.",
        "nothing": "No household to erase on {day}: no retention has ended.",
        "head": "{n:p|household|households} to erase{when}:",
        "when": " (retention ended by {day})",
        "item": "{id} (lot {lot}): {rule}{due}",
        "due": ", end of retention {day}",
        "file": "  file: {file}",
        "no_file": "  file: none (the record is only in git history)",
        "city_item": "{id}, in the city's repository ({repo}): {files:p|file|files} and {messages:p|commit message|"
                     "commit messages} naming it or quoting its text (the text becomes '{token}', the files stay)",
        "history": "  history: {versions:p|version|versions} of the record in {commits:p|commit|commits}; branches "
                   "and tags holding it: {refs}",
        "periods": "  published periods that count it: {periods} (they stay published as they are)",
        "no_periods": "  published periods that count it: none",
        "texts": "  text written only for this household, to remove and search for: {texts}; same text in other "
                 "records: {shared}",
        "mentions": "  its ID is written in other records: {paths} (it becomes '{token}' there)",
        "elsewhere": "  the ID also appears outside the records, in: {paths}: it becomes '{token}' there and the rest "
                     "of the file stays; if it holds more of the household (a name, a diagnosis), remove it with "
                     "--remove-file",
        "examples": "  the ID appears as an example in the documentation: {paths}: kept as it is",
        "named_files": "  files outside the records with its ID in their name, removed whole from history: {paths}",
        "outputs": "  outside git, among the clone's personal outputs: {paths}: --apply deletes them (they are made "
                   "again from the records); copies elsewhere (prints, mail, other computers) must be deleted by hand",
        "outputs_removed": "Deleted {n:p|personal output|personal outputs} naming it: {paths}.",
        "proof_examples": "The proof does not count the documentation's examples: the ID is still in {n:p|file|files}: "
                          "{paths}.",
        "proof_opaque": "The proof cannot read {n:p|file|files} (PDFs, images, archives): {paths}. Check them "
                        "yourself; --remove-file takes them out of history.",
        "dry_run": "Nothing was changed. To erase: the same command with --apply (it rewrites history: read "
                   "docs/guida/fine-conservazione.md first).",
        "who": "tohome erase: who erases? Give the name with --by \"Name Surname\" (it goes in the register), or set "
               "it in git (git config user.name).",
        "refused": "tohome erase: repository {repo} cannot be rewritten now:",
        "refused_tail": "Nothing was changed.",
        "failed": "tohome erase: rewriting {repo} failed: {error}",
        "message": "Register of erasures: {n:p|household|households} erased ({rule})",
        "message_rules": {"retention": "end of retention", "request": "on request", "transfer": "moved to another lot"},
        "done": "Erased from {repo}: {n:p|household|households} in {seconds} s; git objects {before} → {after}.",
        "proof": "Proof: read {objects} objects ({kinds}; {size}) of {repo}, reachable or not: none holds "
                 "{versions:p|version|versions} of the records, the IDs or {texts:p|distinctive text|distinctive "
                 "texts} of the erased households.",
        "leaks": "tohome erase: WARNING: the proof found data of erased households in {n:p|object|objects} of {repo}:",
        "leak": "  - {household}: {what} in {kind} object {oid}",
        "leak_what": {"version": "a version of the record", "id": "the ID", "text": "a text of the record"},
        "leaks_tail": "Do not push: find where that data sits ('git cat-file -p OBJECT'), remove it and prove again "
                      "with 'tohome erase --prove'.",
        "steps": "Now, for the erasure to hold everywhere:",
        "step_push": "  {n}. Push the rewritten history to the server, every branch and tag at once, and only if "
                     "nobody pushed anything meanwhile (or run again with --push):\n     {command}",
        "step_no_server": "  {n}. {repo} has no server: there is nothing to push.",
        "pushed": "  {n}. Done: the rewritten history is on the server ({server}).",
        "push_failed": "tohome erase: the server refused the push of {repo} (git says: {error}). If somebody pushed "
                       "meanwhile, your clone is no longer the latest version: clone the server again and repeat the "
                       "erasure there. Otherwise run 'tohome erase --apply --push' again: it carries on from the push.",
        "step_host_refs": "     The server also keeps {refs}: only its administrator can remove them (with GitHub or "
                          "GitLab, their support); while they are there, they hold the data.",
        "step_server": "  {n}. On the server: for our own repository, 'git reflog expire --expire=now --all && git gc "
                       "--prune=now' in its folder; with GitHub or GitLab, ask support to purge cached views and "
                       "pull/merge request refs (give them the changed commits).",
        "step_clones": "  {n}. Every other clone (colleagues, CI machines, backups) must be deleted and cloned again: "
                       "an old clone still holds the data, and the check (tohome erase --check) refuses its push.",
        "step_verify": "  {n}. Prove the server and every new clone: tohome erase --prove --repo FOLDER",
        "not_pushed": "Nothing was pushed to the server.",
        "moved": "tohome erase: clone {repo} changed after the interruption (a commit, an edit): finishing the "
                 "erasure would throw it away. Nothing was done. Put that work in a safe place (e.g. 'git "
                 "format-patch'), then clone the server again and repeat the erasure there.",
        "check_ok": "No erased household comes back: {n:p|commit|commits} checked against {erased:p|erasure|erasures} "
                    "of the register.",
        "check_bad": "tohome erase --check: this push brings back {n:p|piece|pieces} of erased households' data "
                     "(register of erasures):",
        "breach": "  - {household}: {what} ({where})",
        "breach_what": {"version": "an erased version of the record", "name": "a file named with its ID",
                        "content": "a file holding its record, or writing its ID among the records",
                        "message": "a commit message with its ID",
                        "register": "a commit that takes it out of the register of erasures",
                        "object": "a ref pointing at a file or a folder instead of a commit"},
        "check_tail": "It comes from an old clone: delete it, clone the repository again and redo the changes there.",
        "no_register": "The register of erasures is empty: nothing to check.",
        "prove_nothing": "tohome erase --prove: {repo} has no register of erasures (on any branch): nothing to look "
                         "for. Name the server's register with --register-from REV (for example origin/main after "
                         "'git fetch').",
        "prove_ok": "Proof of {repo}: read {objects} objects ({kinds}; {size}): none holds one of the {versions} "
                    "erased versions or the ID of one of the {n} households of the register.",
        "git": "tohome erase: git does not answer as expected: {error}",
        "damaged_repo": "tohome erase: repository {repo} is damaged: an object of its history is missing (git says: "
                        "{error}). Nothing is erased: clone it again from the server and try there.",
        "copies": "  its copies outside its own file: {paths} (removed)",
        "opaque": "Files tohome cannot read in {repo} ({n:p|file|files}, e.g. PDFs or images): {paths}. If they hold a "
                  "record, add --remove-file PATH.",
        "extra": "Also removed from history: {paths}.",
        "interrupted": "The erasure stopped half way: run 'tohome erase --apply' in this clone again to finish it (it "
                       "carries on where it stopped). Do not push, commit or change anything before.",
        "pending": "An erasure stopped half way in {repo} ({ids}).",
        "pending_tail": "Finish it with 'tohome erase --apply' (no other argument): it carries on where it stopped.",
        "kinds": {"blob": "files", "tree": "folders", "commit": "commits", "tag": "tags"},
    },
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ids", nargs="*", metavar="ID", help="codici dei nuclei da cancellare")
    parser.add_argument("--expired", action="store_true",
                        help="tutti i nuclei la cui conservazione è finita (al giorno di --as-of)")
    parser.add_argument("--as-of", type=iso_day, metavar="DATA", default=None,
                        help="il giorno in cui si guarda la fine della conservazione (AAAA-MM-GG, predefinito oggi)")
    parser.add_argument("--request", action="store_true",
                        help="la persona ha chiesto la cancellazione (GDPR art. 17): anche prima della fine della "
                             "conservazione")
    parser.add_argument("--apply", action="store_true", help="cancella davvero (senza: mostra solo cosa farebbe)")
    parser.add_argument("--by", metavar="NOME", default=None,
                        help="chi cancella, per il registro (predefinito: user.name di git)")
    parser.add_argument("--remove-file", action="append", metavar="PERCORSO", default=[],
                        help="toglie dalla storia anche questo file (per esempio un PDF con la scheda, che tohome non "
                             "sa leggere)")
    parser.add_argument("--push", action="store_true",
                        help="con --apply: invia subito la storia riscritta al server, solo se nel frattempo nessuno "
                             "vi ha inviato altro")
    parser.add_argument("--no-remote", action="store_true",
                        help="il repository non ha un server (senza: si confronta con il server «origin»)")
    parser.add_argument("--format", choices=["text", "json"], default="text", help="formato del piano (predefinito: text)")
    parser.add_argument("--check", nargs="*", metavar="REV", default=None,
                        help="per il CI e il server: rifiuta i commit (predefinito: HEAD) che riportano un nucleo "
                             "cancellato")
    parser.add_argument("--since", action="append", metavar="REV", default=[],
                        help="con --check: i commit già controllati (per esempio quelli già sul server)")
    parser.add_argument("--new", action="store_true",
                        help="con --check: solo i commit che il repository non ha ancora (nel hook pre-receive del server)")
    parser.add_argument("--register-from", action="append", metavar="REV", default=[],
                        help="con --check o --prove: legge anche il registro di questa revisione (per esempio quello "
                             "del server prima del push)")
    parser.add_argument("--prove", action="store_true",
                        help="verifica un clone o il server: nessun oggetto contiene un nucleo del registro")
    parser.add_argument("--repo", metavar="CARTELLA", default=None,
                        help="con --check o --prove: il repository (anche «bare», come sul server)")


def _size(value: int, lang: str) -> str:
    return number(Decimal(f"{value / 1_000_000:.1f}"), 1, lang) + " MB"


def _kinds(counts, words: dict) -> str:
    return ", ".join(f"{counts[k]} {words['kinds'][k]}" for k in ("blob", "tree", "commit", "tag") if counts.get(k))


def run(args: argparse.Namespace) -> int:
    words = TEXT[args.lang]
    if args.check is not None:
        return _check(args, words)
    if args.prove:
        return _prove(args, words)
    workspace = open_workspace(args.root)
    if workspace.layout.level == "lot":
        print(words["lot_level"].format(lot=workspace.layout.lot), file=sys.stderr)
        return 2
    interrupted = [r for r in dict.fromkeys((*workspace.layout.repositories, workspace.project.root))
                   if applying.pending(r)]
    if interrupted:
        return _resume(interrupted, args, words)
    if not args.ids and not args.expired:
        print(words["none_given"], file=sys.stderr)
        return 2
    today = dt.date.today()
    as_of = (args.as_of or today) if args.expired else None
    if as_of is not None and as_of < workspace.programme.window_start:   # a question with no answer, not "nothing"
        print(words["before_programme"].format(day=show_day(as_of, args.lang),
                                               start=show_day(workspace.programme.window_start, args.lang)),
              file=sys.stderr)
        return 2
    # an ID as every command takes it: any case, or a record's path (its name is the ID)
    args.ids = [lookup.normal_id(Path(i).stem if lookup.is_path(i) else i) for i in args.ids]
    try:
        chosen = plan.select(workspace, args.ids, as_of, "request" if args.request else None, today)
        if not chosen.problems and chosen.targets:
            plan.trace(chosen, str(workspace.project.household_schema), workspace)
            plan.settle(chosen, workspace.register)
            chosen.extra = [plan.removable(chosen, given) for given in args.remove_file]
            chosen.problems += [("not-removable", {"file": given}) for given, path in zip(args.remove_file, chosen.extra)
                                if path is None]
            # a file named after the household that holds others too goes whole only when named here
            chosen.problems = [(code, params) for code, params in chosen.problems
                               if not (code == "shared-file" and params["file"] in chosen.extra)]
            chosen.extra = [path for path in chosen.extra if path is not None]
        if chosen.problems:
            print(words["problems"], file=sys.stderr)
            for code, params in chosen.problems:
                print(words[code].format(**_shown(params, args.lang, workspace.programme.retention_years)),
                      file=sys.stderr)
            return 2
        if not chosen.targets:
            print(words["nothing"].format(day=show_day(as_of or today, args.lang)))
            return 0
    except gitutil.GitError as error:
        damaged = [r for r in workspace.layout.repositories if guard.damaged(r)]
        key = "damaged_repo" if damaged else "git"
        print(words[key].format(error=git_said(error, args.lang), repo=", ".join(map(str, damaged))), file=sys.stderr)
        return 2
    _show_plan(chosen, workspace, as_of, args, words)
    if not args.apply:
        print(words["dry_run"], file=sys.stderr if args.format == "json" else sys.stdout)
        return 0
    by = args.by or gitutil.user_name(workspace.project.root)
    if not by:
        print(words["who"], file=sys.stderr)
        return 2
    return _apply(chosen, workspace, by, today, args, words)


def _shown(params: dict, lang: str, years: int) -> dict:
    out = dict(params)
    for key in ("day", "due"):
        if isinstance(out.get(key), dt.date):
            out[key] = show_day(out[key], lang)
    if "rule" in out:
        out["rule"] = RULES[lang][out["rule"]].format(years=years)
    if "value" in out:   # as written in the record
        out["value"] = show(out["value"], lang)
    return out



def _show_plan(chosen: plan.Plan, workspace, as_of, args, words: dict) -> None:
    years = workspace.programme.retention_years
    if args.format == "json":
        doc = {"as_of": as_of.isoformat() if as_of else None, "households": [{
            "id": t.id, "lot": t.lot, "repository": str(t.repository), "file": str(t.file) if t.file else None,
            "rule": t.rule, "due": t.due.isoformat() if t.due else None, "periods": list(t.periods),
            "versions": len(t.traces.blobs) if t.traces else 0, "commits": t.commits, "refs": list(t.refs),
            "distinctive_texts": len(t.traces.texts) if t.traces else 0,
            "files_quoting": len(t.traces.text_blobs | t.traces.id_blobs) if t.traces else 0,
            "messages": t.traces.messages if t.traces else 0, "registered": t.registered,
            "mentioned_in": sorted(t.traces.mentions) if t.traces else [],
            "named_outside_records": sorted(t.traces.elsewhere) if t.traces else [],
            "examples_in_documentation": sorted(t.traces.examples) if t.traces else [],
            "personal_outputs": [str(p) for p in t.outputs],
            "copies": sorted(t.traces.copies) if t.traces else []} for t in chosen.targets],
            "unreadable_files": {str(r): sorted(p) for r, p in chosen.opaque.items()}}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return
    lang = args.lang
    when = words["when"].format(day=show_day(as_of, lang)) if as_of else ""
    out = [fmt(words["head"], n=len({t.id for t in chosen.targets}), when=when)]
    for t in chosen.targets:
        if t.file is None and t.lot is None and not t.registered and t.traces is not None:   # the city's repository
            out.append(fmt(words["city_item"], id=t.id, repo=t.repository, token=rewrite.TOKEN,
                           files=len(t.traces.text_blobs | t.traces.id_blobs), messages=t.traces.messages))
            continue
        due = words["due"].format(day=show_day(t.due, lang)) if t.due else ""
        out.append(words["item"].format(id=t.id, lot=t.lot if t.lot is not None else "?",
                                        rule=RULES[lang][t.rule].format(years=years), due=due))
        out.append(words["file"].format(file=t.file) if t.file else words["no_file"])
        if t.traces is not None:
            out.append(fmt(words["history"], versions=len(t.traces.blobs), commits=t.commits,
                           refs=", ".join(t.refs) or "-"))
            out.append(words["texts"].format(texts=len(t.traces.texts), shared=t.traces.shared))
            if t.traces.mentions:
                out.append(words["mentions"].format(paths=few(t.traces.mentions), token=rewrite.TOKEN))
            if t.traces.elsewhere:
                out.append(words["elsewhere"].format(paths=few(t.traces.elsewhere), token=rewrite.TOKEN))
            if t.traces.examples:
                out.append(words["examples"].format(paths=few(t.traces.examples)))
            if t.traces.named_files:
                out.append(words["named_files"].format(paths=few(t.traces.named_files)))
        if t.outputs:
            out.append(words["outputs"].format(paths=few([str(p) for p in t.outputs])))
            if t.traces.copies:
                out.append(words["copies"].format(paths=few(t.traces.copies)))
        out.append(words["periods"].format(periods=", ".join(t.periods)) if t.periods else words["no_periods"])
    for repository, paths in chosen.opaque.items():
        out.append(fmt(words["opaque"], repo=repository, n=len(paths), paths=few(paths)))
    if chosen.extra:
        out.append(words["extra"].format(paths=few(chosen.extra)))
    print("\n".join(out))


def _ref_names(repository: Path, ids: list[str]) -> list[str]:
    names = gitutil.run(repository, "for-each-ref", "--format=%(refname:short)", names=True).split()
    return [n for n in names if versions.ids_in(n.encode("utf-8", "surrogateescape")) & set(ids)]


def _apply(chosen: plan.Plan, workspace, by: str, today: dt.date, args, words: dict) -> int:
    lang = args.lang
    groups = chosen.by_repository()
    refused = False
    servers: dict[Path, dict[str, str]] = {}
    for repository, targets in groups.items():   # every clone is checked before any is changed
        problems = guard.local_problems(repository)
        if not problems and not args.no_remote:
            problems = guard.remote_problems(repository)
            if not problems:
                servers[repository] = guard.server_refs(repository)
        problems += [guard.Refusal("ref-name", {"name": n}) for n in _ref_names(repository, [t.id for t in targets])]
        if problems:
            refused = True
            print(words["refused"].format(repo=repository), file=sys.stderr)
            for problem in problems:
                print(fmt(REFUSALS[lang][problem.code], **problem.params), file=sys.stderr)
    if refused:
        print(words["refused_tail"], file=sys.stderr)
        return 2
    outcomes = []
    for repository, targets in groups.items():
        registered = [t for t in targets if t.registered]
        rules = {"request" if t.rule == "request" else "transfer" if t.rule == "transfer" else "retention"
                 for t in registered}
        message = fmt(words["message"], n=len(registered),
                      rule=", ".join(words["message_rules"][r] for r in sorted(rules)))
        try:
            with _interruption_hint(words):
                outcome = applying.erase(repository, targets, by, today, message, fetch=not args.no_remote,
                                         extra=chosen.extra, server=servers.get(repository, {}), push=args.push)
        except (rewrite.RewriteError, gitutil.GitError) as error:
            print(words["failed"].format(repo=repository, error=error), file=sys.stderr)
            return 2
        outcomes.append(outcome)
        gone = [p for t in targets for p in t.outputs]
        for path in gone:   # after the rewrite: an erasure that failed leaves them, as it leaves the record
            path.unlink(missing_ok=True)
        if gone:
            print(fmt(words["outputs_removed"], n=len(gone), paths=few([str(p) for p in gone])))
    return finish(outcomes, servers, args, words)


def _report(outcome, repository: Path, words: dict, lang: str) -> bool:
    print(fmt(words["done"], repo=repository, n=len(outcome.households), seconds=seconds(outcome.seconds, lang, 1),
              before=_size(outcome.size_before, lang), after=_size(outcome.size_after, lang)))
    return _report_proof(outcome.proof, repository, words, lang)


def finish(outcomes: list, servers: dict[Path, dict[str, str]], args, words: dict, then: list[str] = ()) -> int:
    """Say what each erasure proved; when every proof holds, push (with --push) or print the exact push,
    then the steps that only people can take. A proof that fails stops here: nothing is pushed."""
    proved = [_report(outcome, outcome.repository, words, args.lang) for outcome in outcomes]
    if not all(proved):
        print(words["not_pushed"], file=sys.stderr)
        return 1
    print(words["steps"])
    step = 1
    for outcome in outcomes:
        repository = outcome.repository
        before = servers.get(repository)
        if before is None:
            applying.done(repository)
            print(words["step_no_server"].format(n=step, repo=repository))
        elif args.push:
            with _interruption_hint(words):
                ok, said = applying.push(repository, before)
            if not ok:
                print(words["push_failed"].format(repo=repository, error=said), file=sys.stderr)
                return 1
            print(words["pushed"].format(n=step, server=_server_of(repository)))
        else:
            applying.done(repository)   # the person pushes: the tool has nothing left to finish
            command = applying.push_command(repository, before)
            print(words["step_push"].format(n=step, command=" ".join(shlex.quote(c) for c in command)))
        hosted = applying.host_refs(before or {})
        if hosted:
            print(words["step_host_refs"].format(refs=", ".join(hosted)))
        step += 1
    for line in then:
        print(f"  {step}. {line}")
        step += 1
    for key in ("step_server", "step_clones", "step_verify"):
        print(words[key].format(n=step))
        step += 1
    return 0


def _server_of(repository: Path) -> str:
    try:
        return gitutil.run(repository, "remote", "get-url", "origin").strip()
    except gitutil.GitError:
        return "origin"


@contextlib.contextmanager
def _interruption_hint(words: dict):
    """Ctrl-C or SIGTERM in the middle: the journal lets the next run finish; say so before leaving."""
    try:
        yield
    except BaseException as stop:
        if type(stop).__name__ in ("KeyboardInterrupt", "Terminated"):
            print(words["interrupted"], file=sys.stderr)
        raise


def _resume(repositories: list[Path], args, words: dict) -> int:
    """An erasure was interrupted in these clones: finish it (with --apply), or say what is pending."""
    for repository in repositories:
        work = applying.pending(repository)
        ids = ", ".join(t["id"] for t in work.get("traces", []))
        print(words["pending"].format(repo=repository, ids=ids))
    if not args.apply:
        print(words["pending_tail"])
        return 2
    servers, outcomes, then = {}, [], []
    for repository in repositories:
        work = applying.pending(repository)
        if work.get("fetch"):
            servers[repository] = work.get("server") or {}
        then += work.get("then", [])
        args.push = args.push or bool(work.get("push"))   # asked for when it started: still wanted
        try:
            with _interruption_hint(words):
                outcomes.append(applying.run(repository, work))
        except applying.Moved:
            print(words["moved"].format(repo=repository), file=sys.stderr)
            return 2
        except (rewrite.RewriteError, gitutil.GitError) as error:
            print(words["failed"].format(repo=repository, error=error), file=sys.stderr)
            return 2
    return finish(outcomes, servers, args, words, then)


def _report_proof(result: proving.Proof, repository: Path, words: dict, lang: str) -> bool:
    if result.ok:
        print(fmt(words["proof"], objects=sum(result.objects.values()), kinds=_kinds(result.objects, words),
                  size=_size(result.size, lang), repo=repository, versions=result.versions, texts=result.texts))
        _proof_caveats(result, words)
        return True
    print(fmt(words["leaks"], n=len(result.leaks), repo=repository), file=sys.stderr)
    for leak in result.leaks[:20]:
        print(words["leak"].format(household=leak.household, what=words["leak_what"][leak.what], kind=leak.kind,
                                   oid=leak.oid), file=sys.stderr)
    print(words["leaks_tail"], file=sys.stderr)
    return False


def _workspace_register() -> registers.Register:
    """The register of the project the command runs in, if any: at the city level, every lot's (so that
    the city's own server can be proved, though it keeps no register of its own)."""
    try:
        return open_workspace(None).register
    except (ProjectNotFound, ConfigError, OSError):   # no project here, or one that does not open
        return registers.Register()


def _repository(args) -> Path:
    return Path(args.repo).resolve() if args.repo else Path.cwd()


def _check(args, words: dict) -> int:
    """For CI and a pre-receive hook: refuse commits that bring back an erased household."""
    repo = _repository(args)
    revisions = args.check or ["HEAD"]
    try:   # every version of the register history holds: deleting it first opens no door
        register = pushcheck.every_register(repo, revisions, args.register_from)
        if (repo / registers.FILE).is_file():
            register = register.plus(registers.load(repo))
        if not register.entries:
            print(words["no_register"])
            return 0
        exclude = list(args.since) + (["--all"] if args.new else [])
        breaches = pushcheck.check(repo, revisions, exclude, register)
        count = len(gitutil.run(repo, "rev-list", *revisions, *(["--not", *exclude] if exclude else [])).split())
    except gitutil.GitError as error:
        print(words["git"].format(error=git_said(error, args.lang)), file=sys.stderr)
        return 2
    if not breaches:
        print(fmt(words["check_ok"], n=count, erased=len(register.ids())))
        return 0
    print(fmt(words["check_bad"], n=len(breaches)), file=sys.stderr)
    for breach in breaches[:20]:
        print(words["breach"].format(household=breach.household, what=words["breach_what"][breach.what],
                                     where=breach.where), file=sys.stderr)
    print(words["check_tail"], file=sys.stderr)
    return 1


def _prove(args, words: dict) -> int:
    """Another clone, or the server after its clean-up: none of the register's versions or IDs left."""
    repo = _repository(args)
    try:
        # every version of the register any ref reaches (a stale clone that fetched sees the server's)
        register = pushcheck.every_register(repo, ["HEAD"], args.register_from)
        register = register.plus(_workspace_register())
        if (repo / registers.FILE).is_file():
            register = register.plus(registers.load(repo))
        if not register.entries:
            print(words["prove_nothing"].format(repo=repo), file=sys.stderr)
            return 2
        ids = sorted(register.ids())
        versions: dict[str, set[str]] = {}
        for entry in register.entries:   # a household moved out of this lot must be gone from it too
            versions.setdefault(entry.id.upper(), set()).update(entry.objects)
        result = proving.prove(repo, [i for i in ids if i in versions], versions)
    except gitutil.GitError as error:
        print(words["git"].format(error=git_said(error, args.lang)), file=sys.stderr)
        return 2
    if not result.ok:
        return 0 if _report_proof(result, repo, words, args.lang) else 1
    print(fmt(words["prove_ok"], repo=repo, objects=sum(result.objects.values()), kinds=_kinds(result.objects, words),
              size=_size(result.size, args.lang), versions=result.versions, n=len(versions)))
    _proof_caveats(result, words)
    return 0


def _proof_caveats(result: proving.Proof, words: dict) -> None:
    """What a clean proof did not count or could not read: said beside it, so that "none holds" is
    never read wider than it is."""
    if result.examples:
        print(fmt(words["proof_examples"], n=len(result.examples), paths=few(result.examples)))
    if result.opaque:
        print(fmt(words["proof_opaque"], n=len(result.opaque), paths=few(result.opaque)))
