"""The commands' own sentences that are not findings, in one catalogue: each phrase once, its
Italian and English side by side, so a change of wording is made in both at once.

Findings have theirs in `messages` (and each rule in its own module); the sentences here are the
rest: refusals of an option, notes, calendar and report lines. `say` fills one in;
`tests/i18n/test_one_catalogue.py` checks both languages take the same placeholders and that every
entry is used.
"""

from __future__ import annotations

import errno

from tohome_tools.i18n.languages import choose
from tohome_tools.i18n.plural import fmt

# phrase key -> language -> template (`{n:p|one|many}` counts, see `plural`)
CATALOGUE: dict[str, dict[str, str]] = {
    # --- shared by several commands -------------------------------------------------------------------
    "path-missing": {"it": "{path}: non esiste", "en": "{path}: does not exist"},
    "git-missing": {"it": "git non è installato", "en": "git is not installed"},
    "severity-error": {"it": "errore", "en": "error"},
    "severity-warning": {"it": "avviso", "en": "warning"},

    # --- tohome validate ------------------------------------------------------------------------------
    "lot-level-only": {
        "it": "Livello del lotto {lot}: {what} solo di questo lotto, non di tutto il programma; il quadro di tutti "
              "i lotti si fa a livello della città.",
        "en": "Lot {lot} level: {what} of this lot only, not of the whole programme; the picture of every lot is "
              "made at the city level.",
    },
    "lot-level-budget": {"it": "importi e tetti", "en": "amounts and caps"},
    "lot-level-indicators": {"it": "conteggi degli indicatori", "en": "indicator counts"},
    "validate-lot-level": {
        "it": "Livello del lotto {lot}: {n:P|la regola|le regole} {names} {n:P|è controllata|sono controllate} solo "
              "tra le schede di questo lotto; il controllo su tutti i lotti si fa a livello della città.\n",
        "en": "Lot {lot} level: {n:P|rule|rules} {names} {n:P|is|are} checked only among this lot's records; the "
              "check across every lot runs at the city level.\n",
    },
    "validate-staged-unknown": {
        "it": "git non dice che cosa è pronto per il commit ({said})",
        "en": "git does not say what is staged ({said})",
    },
    "validate-staged-alone": {
        "it": "tohome validate: --staged non va insieme a percorsi o a --changed-since.",
        "en": "tohome validate: --staged goes with neither paths nor --changed-since.",
    },
    "validate-staged-nothing": {
        "it": "Nessuna scheda né configurazione nel prossimo commit: niente da controllare.",
        "en": "No record or configuration in the next commit: nothing to check.",
    },
    "validate-changed-since-city": {
        "it": "tohome validate: --changed-since vale dentro un solo repository (quello di un lotto, o quello unico); "
              "a livello della città si controllano tutte le schede.",
        "en": "tohome validate: --changed-since works within one repository (a lot's, or the single one); at the "
              "city level every record is checked.",
    },
    "validate-shallow": {
        "it": "tohome validate: la revisione «{rev}» non c'è: questo clone di git ha solo gli ultimi commit (clone "
              "superficiale). Scarica la storia con «git fetch --unshallow» (in GitHub Actions: «fetch-depth: 0» "
              "nel passo checkout).",
        "en": "tohome validate: revision '{rev}' is missing: this git clone holds only the latest commits (a shallow "
              "clone). Fetch the history with 'git fetch --unshallow' (in GitHub Actions: 'fetch-depth: 0' in the "
              "checkout step).",
    },
    "validate-bad-revision": {
        "it": "revisione git non utilizzabile «{rev}» (git dice: {said})",
        "en": "unusable git revision '{rev}' (git says: {said})",
    },
    "validate-progress": {"it": "controllo", "en": "checking"},

    # --- tohome new -----------------------------------------------------------------------------------
    "new-at-city": {
        "it": "tohome new: a livello della città non si creano schede: una nuova scheda nasce nel repository del suo "
              "lotto (tohome new, nel clone di quel lotto).",
        "en": "tohome new: records are not created at the city level: a new record is made in its lot's repository "
              "(tohome new, in that lot's clone).",
    },
    "new-which-lot": {"it": "tohome new: indica il lotto con --lot N", "en": "tohome new: name the lot with --lot N"},
    "new-other-lot": {
        "it": "tohome new: questo è il repository del lotto {here}: una scheda del lotto {lot} nasce nel repository "
              "di quel lotto.",
        "en": "tohome new: this is lot {here}'s repository: a lot {lot} record is made in that lot's repository.",
    },
    "new-no-such-lot": {
        "it": "tohome new: il lotto {lot} non esiste (lotti: {allowed})",
        "en": "tohome new: lot {lot} does not exist (lots: {allowed})",
    },
    "new-records-not-folder": {
        "it": "tohome new: {records} non è una cartella: non posso aggiungervi una scheda.",
        "en": "tohome new: {records} is not a folder: no record can be added to it.",
    },
    "new-numbers-used-up": {
        "it": "tohome new: il lotto {lot} ha usato tutti i codici (fino a {last}): non ne creo uno che lo schema "
              "rifiuterebbe.",
        "en": "tohome new: lot {lot} has used every number (up to {last}): no ID the schema would refuse is made.",
    },
    "new-name-unwritten": {
        "it": "tohome new: ho creato la scheda {path}, ma non riesco a scriverne il nome sull'uscita.",
        "en": "tohome new: record {path} was created, but its name cannot be written to the output.",
    },
    "new-no-free-id": {"it": "tohome new: nessun codice libero trovato", "en": "tohome new: no free ID found"},
    "new-outside-window": {
        "it": "Attenzione: le date del modello sono quelle di oggi, fuori dalla finestra del programma ({start} - "
              "{end}). Scrivi le date reali del percorso; per un programma successivo aggiorna la finestra in "
              "config/programme.yaml.",
        "en": "Note: the template's dates are today's, outside the programme window ({start} - {end}). Write the "
              "real dates; for a successor programme update the window in config/programme.yaml.",
    },

    # --- tohome synth ---------------------------------------------------------------------------------
    "synth-households": {
        "it": "tohome synth: --households va da 1 a {most}",
        "en": "tohome synth: --households goes from 1 to {most}",
    },
    "synth-real-records": {
        "it": "tohome synth: la cartella {folder} contiene schede non marcate come sintetiche (per esempio {example}): "
              "non scrivo schede inventate accanto a schede vere. Usa --out con una cartella vuota o di sole schede "
              "sintetiche.",
        "en": "tohome synth: {folder} holds records not marked synthetic (e.g. {example}): invented records are "
              "never written beside real ones. Use --out with an empty folder or one of synthetic records only.",
    },
    "synth-written": {
        "it": "{n} schede sintetiche scritte in {folder}",
        "en": "{n} synthetic records written to {folder}",
    },

    # --- tohome deadlines and its calendar ------------------------------------------------------------
    "deadlines-within-too-far": {
        "it": "--within vuole al massimo {most} giorni (dieci anni)",
        "en": "--within takes at most {most} days (ten years)",
    },
    "deadlines-within-negative": {
        "it": "--within vuole un numero di giorni da 0 in su",
        "en": "--within needs a number of days from 0 up",
    },
    "deadline-moved": {"it": "spostata da {weekday} {day}", "en": "moved from {weekday} {day}"},
    "ics-calendar-name": {"it": "Scadenze {programme}", "en": "{programme}: deadlines"},
    "ics-done-title": {"it": "[fatta] {title}", "en": "[done] {title}"},
    "ics-status": {"it": "Stato: {status}", "en": "Status: {status}"},
    "ics-done-on": {"it": "Fatta il {day}", "en": "Done on {day}"},
    "ics-case-managers": {"it": "Case manager: {names}", "en": "Case managers: {names}"},
    "ics-synthetic": {"it": "DATI SINTETICI", "en": "SYNTHETIC DATA"},

    # --- tohome budget --------------------------------------------------------------------------------
    "budget-no-such-lot": {
        "it": "il lotto {lot} non è nella configurazione del programma",
        "en": "lot {lot} is not in the programme configuration",
    },
}


def say(key: str, lang: str, /, **params) -> str:
    """The phrase `key` in `lang`, filled in; Italian, the source, for a language it does not have."""
    entry = CATALOGUE[key]
    return fmt(entry.get(lang) or entry["it"], **params)


# What the machine said (an OSError) in Italian, for the refusals a user meets; English keeps the
# system's own words (`strerror`), which are English already.
OS_REASONS_IT = {
    errno.ENOSPC: "il disco è pieno", errno.EDQUOT: "lo spazio concesso è finito",
    errno.EROFS: "il disco è in sola lettura", errno.EACCES: "permesso negato", errno.EPERM: "operazione non permessa",
    errno.ENAMETOOLONG: "il nome del file è troppo lungo", errno.ENOENT: "la cartella non esiste",
    errno.ENOTDIR: "una parte del percorso non è una cartella", errno.EIO: "errore del disco",
    errno.EISDIR: "è una cartella", errno.EEXIST: "esiste già", errno.EBADF: "è chiusa",
    errno.EFBIG: "il file è troppo grande", errno.EPIPE: "chi legge ha chiuso la pipe",
}


def os_reason(error: OSError, lang: str) -> str | None:
    """Why the machine refused, in `lang` (None when the error carries no reason)."""
    return choose(lang, italian=OS_REASONS_IT.get(error.errno, error.strerror), english=error.strerror)
