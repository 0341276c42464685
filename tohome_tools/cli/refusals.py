"""Why a clone cannot be rewritten now (`erasure.guard`'s refusals), in the reader's language: for
`tohome erase`, `tohome transfer` and `tohome lots split`."""

from __future__ import annotations

REFUSALS = {
    "it": {
        "not-a-repository": "  - {path} non è un repository git",
        "not-a-clone": "  - {path} non ha una cartella di lavoro (è un repository «bare»): serve un clone",
        "shallow": "  - è un clone superficiale (senza tutta la storia): clonalo di nuovo per intero",
        "alternates": "  - prende oggetti da un altro repository (alternates): clonalo con --no-local",
        "kept-packs": "  - ha pacchetti di oggetti protetti (.keep) o parziali (clone parziale): clonalo di nuovo "
                      "per intero",
        "worktrees": "  - ha {n} altre cartelle di lavoro (git worktree): rimuovile («git worktree remove»)",
        "in-progress": "  - c'è un'operazione di git a metà ({what}): finiscila o annullala",
        "damaged": "  - il repository è danneggiato: manca un oggetto della storia (git dice: {error}); clonalo di "
                   "nuovo dal server",
        "detached": "  - non è su un ramo (HEAD staccato): «git switch main»",
        "uncommitted": "  - ci sono modifiche non registrate in {n:p|file|file} ({files}): fai commit e push, "
                       "oppure annullale",
        "stash": "  - c'è lavoro messo da parte con git stash: recuperalo e fai commit e push, oppure scartalo",
        "no-remote": "  - non ha il server «{remote}»: senza server non posso sapere se è l'ultima versione (se "
                     "davvero non c'è un server, aggiungi --no-remote)",
        "fetch-failed": "  - non riesco a scaricare dal server «{remote}» ({error})",
        "git-failed": "  - git non risponde ({error})",
        "unpushed-branch": "  - il ramo «{name}» non è sul server: fai push (o cancellalo)",
        "unpushed-tag": "  - il tag «{name}» non è sul server: fai push (o cancellalo)",
        "tag-differs": "  - il tag «{name}» è diverso da quello del server",
        "unpushed": "  - il ramo «{name}» ha commit non ancora inviati al server: fai push",
        "behind": "  - il ramo «{name}» non è aggiornato con il server: «git pull»",
        "diverged": "  - il ramo «{name}» e quello del server sono andati in direzioni diverse: unisci e fai push",
        "hidden-changes": "  - git è stato istruito a non guardare {n:p|file|file} ({files}, assume-unchanged o "
                          "skip-worktree): una modifica lì andrebbe persa; «git update-index --no-assume-unchanged» "
                          "o «--no-skip-worktree», poi fai commit e push",
        "reflog-only": "  - {n:P|un commit è raggiungibile|{n} commit sono raggiungibili} solo dal reflog (dopo un reset, "
                       "un amend o un rebase): la cancellazione li distruggerebbe; se servono mettili su un ramo e fai "
                       "push, altrimenti esegui la cancellazione in un clone appena fatto",
        "odd-ref": "  - il riferimento «{name}» punta a un file o a una cartella, o è una sostituzione (refs/replace): "
                   "toglilo (anche dal server) e riprova",
        "several-remotes": "  - ha più di un server ({remotes}): la cancellazione va fatta su ciascuno; tieni solo "
                           "«origin» in questo clone e ripeti la cancellazione in un clone dell'altro",
        "ref-name": "  - il ramo o tag «{name}» porta nel nome il codice di un nucleo da cancellare: rinominalo "
                    "(anche sul server) e riprova",
    },
    "en": {
        "not-a-repository": "  - {path} is not a git repository",
        "not-a-clone": "  - {path} has no working tree (a bare repository): a clone is needed",
        "shallow": "  - it is a shallow clone (not the whole history): clone it again in full",
        "alternates": "  - it borrows objects from another repository (alternates): clone it with --no-local",
        "kept-packs": "  - it has kept (.keep) or partial-clone packs: clone it again in full",
        "worktrees": "  - it has {n} other working trees (git worktree): remove them ('git worktree remove')",
        "in-progress": "  - a git operation is half done ({what}): finish or abort it",
        "damaged": "  - the repository is damaged: an object of its history is missing (git says: {error}); clone "
                   "it again from the server",
        "detached": "  - it is not on a branch (detached HEAD): 'git switch main'",
        "uncommitted": "  - there are uncommitted changes in {n:p|file|files} ({files}): commit and push, or "
                       "discard them",
        "stash": "  - there is stashed work: restore it, commit and push, or drop it",
        "no-remote": "  - it has no server '{remote}': without one it cannot be the latest version (if there "
                     "really is no server, add --no-remote)",
        "fetch-failed": "  - cannot fetch from the server '{remote}' ({error})",
        "git-failed": "  - git does not answer ({error})",
        "unpushed-branch": "  - branch '{name}' is not on the server: push it (or delete it)",
        "unpushed-tag": "  - tag '{name}' is not on the server: push it (or delete it)",
        "tag-differs": "  - tag '{name}' differs from the server's",
        "unpushed": "  - branch '{name}' has commits not yet pushed: push them",
        "behind": "  - branch '{name}' is behind the server: 'git pull'",
        "diverged": "  - branch '{name}' and the server's have diverged: merge and push",
        "hidden-changes": "  - git was told not to look at {n:p|file|files} ({files}, assume-unchanged or "
                          "skip-worktree): an edit there would be lost; 'git update-index --no-assume-unchanged' or "
                          "'--no-skip-worktree', then commit and push",
        "reflog-only": "  - {n:P|one commit is|{n} commits are} reachable only from the reflog (after a reset, an amend or a "
                       "rebase): the erasure would destroy them; if they matter put them on a branch and push, "
                       "otherwise run the erasure in a fresh clone",
        "odd-ref": "  - ref '{name}' points at a file or a folder, or is a replacement (refs/replace): remove it (on "
                   "the server too) and try again",
        "several-remotes": "  - it has more than one server ({remotes}): the erasure must be done on each; keep only "
                           "'origin' in this clone and repeat the erasure in a clone of the other",
        "ref-name": "  - branch or tag '{name}' carries the ID of a household to erase: rename it (on the server "
                    "too) and try again",
    },
}
