"""The command line's help in English: each Italian help text (the source, as commands write it)
and its English version. `in_language` swaps them in (`cli/main.build_parser("en")`); a test walks
the whole parser and fails on any help text missing here."""

from __future__ import annotations

import argparse

ENGLISH = {
    "server per gli editor (Language Server Protocol su stdin e stdout): gli stessi controlli di validate "
    "mentre scrivi una scheda":
        "server for editors (Language Server Protocol on stdin and stdout): the same checks as validate while you "
        "type a record",
    "Strumenti per le schede dei progetti di inclusione abitativa: validazione, budget, scadenze, scheda di "
    "progetto, statistiche pubblicate.":
        "Tools for housing-inclusion project records: validation, budget, deadlines, project sheet, "
        "published statistics.",
    "bilancio del programma: previsto, pagato e da pagare per nucleo, lotto, linea e tipo di misura":
        "programme budget: planned, paid and unpaid by household, lot, funding line and kind of measure",
    "scadenze dei nuclei (patto, progetto, validazione, monitoraggio, misure, limiti) con stato, anche in formato "
    "calendario":
        "households' deadlines (pact, project, validation, monitoring, measures, limits) with their status, also "
        "as a calendar",
    "storia di una scheda: chi l'ha cambiata, quando e che cosa (da git)":
        "a record's history: who changed it, when and what (from git)",
    "indicatori comuni FSE/FSE+ dei partecipanti per l'Autorità di gestione (riservato, conteggi esatti)":
        "ESF/ESF+ common participant indicators for the managing authority (private, exact counts)",
    "crea una nuova scheda dal modello commentato, con il primo codice libero del lotto":
        "create a new record from the commented template, with the lot's first free code",
    "pubblica le tabelle anonime di un periodo in release/<periodo>/ (con soppressione delle celle piccole)":
        "publish a period's anonymous tables in release/<period>/ (small cells suppressed)",
    "scheda progetto e patto di adesione di un nucleo, in PDF (A4) o in HTML da stampare":
        "a household's project sheet and participation pact, as PDF (A4) or HTML to print",
    "genera le pagine del sito pubblico da release/ (mai da records/) e lo costruisce con mkdocs":
        "generate the public site's pages from release/ (never from records/) and build it with mkdocs",
    "scrive schede sintetiche (inventate, nessuna persona reale) per prove e dimostrazioni":
        "write synthetic records (made up, no real person) for tests and demonstrations",
    "controlla le schede (schema e regole) e indica ogni problema con file, riga e colonna":
        "check the records (schema and rules) and show each problem with file, line and column",
    "lingua dei messaggi (it, en)": "language of the messages (it, en)",
    "mostra la versione ed esce": "show the version and exit",
    "cartella del repository (di solito trovata da sola)": "the repository's folder (usually found by itself)",
    "file o cartelle delle schede (predefinito: records/)": "record files or folders (default: records/)",
    "solo questo nucleo (per esempio TH-4-0012); mostra il registro mensile":
        "only this household (for example TH-4-0012); shows the monthly ledger",
    "solo questo lotto": "only this lot",
    "data di riferimento AAAA-MM-GG (predefinito: oggi): le schede come erano quel giorno; il bilancio mostra i "
    "mesi fino a quella data e l'intero programma":
        "reference day YYYY-MM-DD (default: today): the records as they stood that day; the budget shows the "
        "months up to that day and the whole programme",
    "formato (predefinito: table)": "format (default: table)",
    "nella tabella mostra anche il registro mensile di ogni misura": "also show each measure's monthly ledger in the table",
    "data di riferimento AAAA-MM-GG (predefinito: oggi)": "reference day YYYY-MM-DD (default: today)",
    "solo le scadenze entro tanti giorni dalla data di riferimento (comprese le scadute)":
        "only the deadlines within this many days of the reference day (overdue ones included)",
    "solo i nuclei di questo case manager": "only this case manager's households",
    "solo questo nucleo": "only this household",
    "tutte le scadenze, anche fatte o lontane (senza: le scadute e quelle entro i giorni di preavviso della "
    "configurazione; con --kind: tutte quelle non fatte di quel tipo)":
        "every deadline, done or far off too (without it: the overdue ones and those within the configured "
        "notice days; with --kind: every one of that kind not done)",
    "solo un tipo di scadenza, tutte quelle non fatte anche se lontane (--within GIORNI per fermarsi prima); "
    "retention_end (fine della conservazione delle schede) compare solo chiedendolo così, o con --all":
        "only one kind of deadline, every one not done however far off (--within DAYS to stop sooner); "
        "retention_end (end of the records' retention) shows only when asked for this way, or with --all",
    "scrive anche un file di calendario (iCalendar) con le stesse scadenze dell'elenco (con --all anche quelle "
    "fatte)":
        "also write a calendar file (iCalendar) with the same deadlines as the list (with --all the done ones too)",
    "codice del progetto, per esempio TH-4-0012": "the project's code, for example TH-4-0012",
    "formato (predefinito: text)": "format (default: text)",
    "cartella delle schede (predefinito: records/)": "the records' folder (default: records/)",
    "anno (2019), semestre (2019-H1) o trimestre (2019-Q3)": "year (2019), half (2019-H1) or quarter (2019-Q3)",
    "file da scrivere (mai dentro release/, docs/ o site/: contiene dati riservati)":
        "file to write (never inside release/, docs/ or site/: it holds private data)",
    "numero del lotto": "the lot's number",
    "numero del lotto (nel repository di un lotto: il suo, che è il predefinito)":
        "the lot's number (in a lot's repository: its own, the default)",
    "periodo da pubblicare: AAAA, AAAA-Hn (semestre) o AAAA-Qn (trimestre)":
        "period to publish: YYYY, YYYY-Hn (half) or YYYY-Qn (quarter)",
    "codice del progetto (per esempio TH-4-0012, anche th-4-0012) o percorso della scheda (records/TH-4-0012.yaml)":
        "the project's code (for example TH-4-0012, th-4-0012 too) or the record's path (records/TH-4-0012.yaml)",
    "file PDF da scrivere (A4, pronto da firmare; serve la parte «pdf» dell'installazione)":
        "PDF file to write (A4, ready to sign; needs the 'pdf' part of the installation)",
    "file HTML da scrivere (senza: l'HTML va sull'uscita, se non è un terminale)":
        "HTML file to write (without it: the HTML goes to standard output, unless that is a terminal)",
    "la scheda com'era in quel giorno (AAAA-MM-GG): ciò che è datato dopo non c'è ancora":
        "the record as it stood that day (YYYY-MM-DD): what is dated later is not there yet",
    "cartella della release pubblicata (predefinito: release/)": "the published release's folder (default: release/)",
    "dove scrivere il sito costruito (predefinito: site/)": "where to write the built site (default: site/)",
    "genera solo le pagine in docs/, senza costruire il sito": "only generate the pages in docs/, without building the site",
    "costruisce con zensical invece che con mkdocs": "build with zensical instead of mkdocs",
    "quanti nuclei (predefinito 300)": "how many households (default 300)",
    "seme del generatore: stesso seme, stesse schede": "the generator's seed: same seed, same records",
    "cartella di destinazione (predefinito: records/); non deve contenere schede vere (non sintetiche)":
        "destination folder (default: records/); it must not hold real records (only synthetic ones)",
    "file o cartelle da controllare (predefinito: records/)": "files or folders to check (default: records/)",
    "formato del risultato (predefinito: github dentro GitHub Actions, altrimenti text)":
        "output format (default: github inside GitHub Actions, text otherwise)",
    "esce con 1 anche per i soli avvisi": "exit with 1 for warnings alone too",
    "controlla solo le schede cambiate dalla revisione git REV (più i controlli tra schede)":
        "check only the records changed since git revision REV (plus the checks across records)",
    "controlla le schede come erano in quel giorno (AAAA-MM-GG): ciò che è datato dopo non è ancora avvenuto; i "
    "progetti aperti si misurano fino a quel giorno":
        "check the records as they stood that day (YYYY-MM-DD): what is dated later has not happened yet; open "
        "projects are measured up to that day",
    "processi paralleli (1 = un solo processo)": "parallel processes (1 = a single process)",
    "controlla ciò che il prossimo commit cambia (per l'hook pre-commit): le schede aggiunte o modificate in pieno, "
    "le regole tra schede su tutte; una scheda tolta o rinominata, o un cambiamento della configurazione, controlla "
    "tutto": "check what the next commit changes (for the pre-commit hook): records added or changed in full, the "
             "rules across records over all of them; a record removed or renamed, or a change of the configuration, "
             "checks everything",
    "cancella i nuclei alla fine della conservazione, dai file e da tutta la storia di git (prima mostra cosa farebbe)":
        "erase households at the end of retention, from the files and from all of git history (first shows what it "
        "would do)",
    "codici dei nuclei da cancellare": "IDs of the households to erase",
    "tutti i nuclei la cui conservazione è finita (al giorno di --as-of)":
        "every household whose retention has ended (on the day of --as-of)",
    "il giorno in cui si guarda la fine della conservazione (AAAA-MM-GG, predefinito oggi)":
        "the day on which the end of retention is judged (YYYY-MM-DD, default today)",
    "la persona ha chiesto la cancellazione (GDPR art. 17): anche prima della fine della conservazione":
        "the person asked for erasure (GDPR art. 17): also before the end of retention",
    "cancella davvero (senza: mostra solo cosa farebbe)": "really erase (without it: only show what it would do)",
    "chi cancella, per il registro (predefinito: user.name di git)": "who erases, for the register (default: git's user.name)",
    "il repository non ha un server (senza: si confronta con il server «origin»)":
        "the repository has no server (without it: it is compared with the server 'origin')",
    "formato del piano (predefinito: text)": "format of the plan (default: text)",
    "per il CI e il server: rifiuta i commit (predefinito: HEAD) che riportano un nucleo cancellato":
        "for CI and the server: refuse the commits (default: HEAD) that bring back an erased household",
    "con --check: i commit già controllati (per esempio quelli già sul server)":
        "with --check: the commits already checked (for example those already on the server)",
    "con --check: solo i commit che il repository non ha ancora (nel hook pre-receive del server)":
        "with --check: only the commits the repository does not have yet (in the server's pre-receive hook)",
    "con --check o --prove: legge anche il registro di questa revisione (per esempio quello del server prima del push)":
        "with --check or --prove: also read the register of this revision (for example the server's before the push)",
    "toglie dalla storia anche questo file (per esempio un PDF con la scheda, che tohome non sa leggere)":
        "also remove this file from history (for example a PDF holding a record, which tohome cannot read)",
    "con --apply: invia subito la storia riscritta al server, solo se nel frattempo nessuno vi ha inviato altro":
        "with --apply: push the rewritten history to the server at once, only if nobody pushed anything meanwhile",
    "verifica un clone o il server: nessun oggetto contiene un nucleo del registro":
        "prove a clone or the server: no object holds a household of the register",
    "con --check o --prove: il repository (anche «bare», come sul server)":
        "with --check or --prove: the repository (also a bare one, as on the server)",
    "un repository per lotto: li crea dal repository unico (split), li scarica (fetch), li aggiorna (sync)":
        "one repository per lot: make them from the single repository (split), fetch them (fetch), update them "
        "(sync)",
    "crea un repository per lotto e quello della città dal repository unico":
        "make one repository per lot and the city's from the single repository",
    "cartella vuota dove creare i repository": "an empty folder where the repositories are made",
    "un nucleo passato di lotto con un nuovo codice, rinominando il file: la sua storia lo segue (si può ripetere)":
        "a household that moved lot under a new ID, its file renamed: its history follows it (may be repeated)",
    "indirizzo del server git sotto cui stanno i repository (per esempio git@host:citta)":
        "address of the git server under which the repositories live (for example git@host:city)",
    "chi fa l'operazione (predefinito: user.name di git)": "who does it (default: git's user.name)",
    "clona i lotti che mancano e aggiorna gli altri (livello della città)":
        "clone the missing lots and update the others (city level)",
    "porta in ogni lotto la versione del programma della città": "bring the city's programme version to every lot",
    "sposta un nucleo in un altro lotto, con la storia della sua scheda (prima mostra cosa farebbe)":
        "move a household to another lot, with its record's history (first shows what it would do)",
    "codice del nucleo che cambia lotto": "ID of the household that changes lot",
    "il lotto che lo accoglie": "the lot that takes it in",
    "la nuova circoscrizione (serve se il lotto ne ha più di una)":
        "the new district (needed when the lot has more than one)",
    "sposta davvero (senza: mostra solo cosa farebbe)": "really move it (without it: only show what it would do)",
    "i repository dei lotti non hanno un server (senza: si confrontano con «origin»)":
        "the lots' repositories have no server (without it: they are compared with 'origin')",
}

# argument placeholders shown in usage lines
METAVARS = {"COMANDO": "COMMAND", "DATA": "DATE", "GIORNI": "DAYS", "CARTELLA": "FOLDER", "CODICE": "CODE",
            "PERIODO": "PERIOD", "NOME": "NAME", "AZIONE": "ACTION", "INDIRIZZO": "ADDRESS", "PERCORSO": "PATH"}


def in_language(parser: argparse.ArgumentParser, lang: str) -> None:
    """The parser's help in `lang`: the commands write it in Italian, so only English changes it."""
    if lang == "en":
        _in_english(parser)


def _in_english(parser: argparse.ArgumentParser) -> None:
    """Every help text and placeholder of the parser, its commands included, in English (the
    Italian texts are the source, as `ENGLISH` keys)."""
    parser.description = ENGLISH.get(parser.description, parser.description)
    for action in parser._actions:
        if isinstance(action.help, str):
            action.help = ENGLISH.get(action.help, action.help)
        if isinstance(action.metavar, str):
            action.metavar = METAVARS.get(action.metavar, action.metavar)
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                choice.help = ENGLISH.get(choice.help, choice.help)
            for command in action.choices.values():
                _in_english(command)
