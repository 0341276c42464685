"""The message catalogue: every finding's sentence that is not a business rule's (Italian first,
English too), and the phrases those sentences are built from.

Business rules keep their own messages next to their code (see `tohome_tools.records.rules`);
`tohome_tools.i18n.render` turns a finding into its sentence.
"""

from __future__ import annotations

import errno

LANGUAGES = ("it", "en")

# code -> language -> (message template, hint template)
CATALOGUE: dict[str, dict[str, tuple[str, str]]] = {
    "file-unreadable": {
        "it": ("Il file non si può leggere ({detail}).", "Controlla che il file esista e che tu abbia i permessi."),
        "en": ("The file cannot be read ({detail}).", "Check that the file exists and that you may read it."),
    },
    "file-too-large": {
        "it": ("Il file è troppo grande ({size} byte; massimo {limit}).",
               "Una scheda occupa pochi kilobyte: forse è stato incollato per errore un altro contenuto."),
        "en": ("The file is too large ({size} bytes; at most {limit}).",
               "A record takes a few kilobytes: something else may have been pasted in by mistake."),
    },
    "file-encoding": {
        "it": ("Il file non è in UTF-8: byte non valido ({byte}).",
               "Salva il file con codifica UTF-8 (nell'editor: «Salva con codifica» → UTF-8)."),
        "en": ("The file is not UTF-8: invalid byte ({byte}).",
               "Save the file with UTF-8 encoding."),
    },
    "merge-conflict": {
        "it": ("Qui è rimasto un conflitto di git non risolto (righe «<<<<<<<», «=======», «>>>>>>>»).",
               "Scegli quale versione tenere, cancella le righe dei segni e quella che non vuoi, poi salva e "
               "fai di nuovo commit (oppure «git merge --abort» per annullare l'unione)."),
        "en": ("An unresolved git conflict is left here (lines '<<<<<<<', '=======', '>>>>>>>').",
               "Choose which version to keep, delete the marker lines and the version you do not want, then "
               "save and commit again (or 'git merge --abort' to undo the merge)."),
    },
    "text-cut-at-comment": {
        "it": ("«{title}»: il testo si ferma prima di «#»: «{comment}» è letto come un commento e non fa parte della "
               "scheda.",
               "Metti tutto il testo tra virgolette: \"{whole}\"."),
        "en": ("'{title}': the text stops before '#': '{comment}' is read as a comment and is not part of the "
               "record.",
               "Put the whole text in quotes: \"{whole}\"."),
    },
    "file-empty": {
        "it": ("Il file è vuoto.", "Crea la scheda con «tohome new --lot N» oppure cancella il file."),
        "en": ("The file is empty.", "Create the record with 'tohome new --lot N' or delete the file."),
    },
    "not-a-file": {
        "it": ("«{name}» non è un file normale ({kind}).",
               "Le schede sono file .yaml dentro records/: sposta o rinomina questo elemento."),
        "en": ("'{name}' is not a regular file ({kind}).",
               "Records are .yaml files inside records/: move or rename this entry."),
    },
    "yaml-syntax": {
        # {problem} and the hint come from tohome_tools.i18n.yamlsyntax, by the kind of mistake
        "it": ("Errore di sintassi YAML: {problem}.", "{hint}"),
        "en": ("YAML syntax error: {problem}.", "{hint}"),
    },
    "yaml-tabs": {
        "it": ("Rientro con il tasto Tab: YAML ammette solo spazi.",
               "Sostituisci i Tab con spazi (di solito 2 per livello)."),
        "en": ("Indentation with a tab: YAML allows only spaces.",
               "Replace tabs with spaces (usually 2 per level)."),
    },
    "yaml-multiple-documents": {
        "it": ("Il file contiene più di un documento YAML (separatore «---»).",
               "Una scheda per file: sposta il secondo documento in un file a parte."),
        "en": ("The file holds more than one YAML document ('---' separator).",
               "One record per file: move the second document into a file of its own."),
    },
    "yaml-duplicate-key": {
        "it": ("La chiave «{key}» compare due volte: alla riga {first} e di nuovo qui.",
               "Tieni una sola delle due righe: la seconda cancellerebbe la prima senza avvisare."),
        "en": ("Key '{key}' appears twice: on line {first} and again here.",
               "Keep only one of the two: the second would silently overwrite the first."),
    },
    "yaml-anchor": {
        "it": ("Ancore e riferimenti YAML («&», «*») non sono ammessi nelle schede.",
               "Scrivi il valore per esteso; se «&» o «*» fa parte di un testo, mettilo tra virgolette."),
        "en": ("YAML anchors and aliases ('&', '*') are not allowed in records.",
               "Write the value out in full; if '&' or '*' is part of a text, put it in quotes."),
    },
    "yaml-merge-key": {
        "it": ("La chiave di unione «<<» non è ammessa.",
               "Copia i campi per esteso: ogni scheda deve leggersi da sola."),
        "en": ("The merge key '<<' is not allowed.",
               "Write the fields out: every record must read on its own."),
    },
    "yaml-tag": {
        "it": ("Etichetta YAML non ammessa: «{tag}».",
               "Togli l'etichetta che inizia con «!»: le schede contengono solo testo, numeri, elenchi e campi."),
        "en": ("YAML tag not allowed: '{tag}'.",
               "Remove the tag starting with '!': records hold only text, numbers, lists and fields."),
    },
    "yaml-version": {
        "it": ("La riga «%YAML {version}» chiede un'altra versione di YAML: le schede si leggono con YAML 1.2.",
               "Togli la riga che inizia con «%YAML» (e la riga «---» che la segue, se non serve)."),
        "en": ("The line '%YAML {version}' asks for another YAML version: records are read as YAML 1.2.",
               "Remove the line starting with '%YAML' (and the '---' line after it, if not needed)."),
    },
    "yaml-not-finite": {
        "it": ("«{value}» in YAML è un numero infinito o un «non numero», che nessun campo ammette.",
               "Se è un testo, mettilo tra virgolette; altrimenti scrivi il numero vero."),
        "en": ("'{value}' is an infinite number or a not-a-number in YAML, which no field allows.",
               "If it is text, put it in quotes; otherwise write the real number."),
    },
    "yaml-complex-key": {
        "it": ("Il nome di un campo deve essere un testo semplice.",
               "Scrivi il nome del campo seguito da due punti, per esempio «data: 2020-01-31»."),
        "en": ("A field name must be plain text.",
               "Write the field name followed by a colon, e.g. 'date: 2020-01-31'."),
    },
    "yaml-too-deep": {
        "it": ("Struttura annidata troppo in profondità (oltre {limit} livelli).",
               "Controlla i rientri: una scheda ha pochi livelli."),
        "en": ("Structure nested too deeply (more than {limit} levels).",
               "Check the indentation: a record has only a few levels."),
    },
    "yaml-not-mapping": {
        "it": ("La scheda deve essere un insieme di campi «nome: valore», non {kind}.",
               "Parti dal modello creato da «tohome new»."),
        "en": ("The record must be a set of 'name: value' fields, not {kind}.",
               "Start from the template made by 'tohome new'."),
    },
    "schema-required": {
        "it": ("Manca il campo obbligatorio «{title}» ({field}).", "Aggiungi «{field}:» {where}."),
        "en": ("Required field '{title}' ({field}) is missing.", "Add '{field}:' {where}."),
    },
    "schema-unknown-field": {
        "it": ("Campo sconosciuto «{field}»{parent}.",
               "Controlla l'ortografia (i nomi dei campi sono in inglese, minuscoli) oppure cancellalo.{suggestion}"),
        "en": ("Unknown field '{field}'{parent}.",
               "Check the spelling (field names are lowercase English) or delete it.{suggestion}"),
    },
    "schema-type": {
        "it": ("«{title}»: il valore {value} non è {expected}.", "{type_hint}"),
        "en": ("'{title}': value {value} is not {expected}.", "{type_hint}"),
    },
    "schema-enum": {
        "it": ("«{title}»: il valore {value} non è tra quelli ammessi.", "Valori ammessi: {allowed}."),
        "en": ("'{title}': value {value} is not one of the allowed values.", "Allowed values: {allowed}."),
    },
    "schema-pattern": {
        "it": ("«{title}»: il valore {value} non ha la forma attesa.", "{format_hint}"),
        "en": ("'{title}': value {value} does not have the expected form.", "{format_hint}"),
    },
    "schema-range": {
        "it": ("«{title}»: il valore {value} è fuori dall'intervallo ammesso ({symbol} {limit}).",
               "Correggi il valore."),
        "en": ("'{title}': value {value} is out of the allowed range ({symbol} {limit}).", "Correct the value."),
    },
    "schema-size": {
        "it": ("«{title}»: {detail}.", "Controlla l'elenco."),
        "en": ("'{title}': {detail}.", "Check the list."),
    },
    "invalid-date": {
        "it": ("«{title}»: {value} non è una data valida.", "{date_hint}"),
        "en": ("'{title}': {value} is not a valid date.", "{date_hint}"),
    },
    "invalid-month": {
        "it": ("«{title}»: {value} non è un mese valido.", "Scrivi il mese come AAAA-MM, per esempio 2020-11."),
        "en": ("'{title}': {value} is not a valid month.", "Write the month as YYYY-MM, e.g. 2020-11."),
    },
    "amount-precision": {
        "it": ("«{title}»: l'importo {value} ha più di due decimali.",
               "Gli importi sono in euro con al massimo due decimali, per esempio 250.50."),
        "en": ("'{title}': amount {value} has more than two decimals.",
               "Amounts are in euros with at most two decimals, e.g. 250.50."),
    },
    "config-window-order": {
        "it": ("La finestra del programma finisce ({end}) prima di cominciare ({start}).",
               "Controlla le due date di programme.window: la fine va dopo l'inizio."),
        "en": ("The programme window ends ({end}) before it starts ({start}).",
               "Check the two dates of programme.window: the end goes after the start."),
    },
    "config-no-working-day": {
        "it": ("Il calendario ha {days} giorni non lavorativi di fila (fine settimana e feste): una scadenza "
               "non troverebbe un giorno lavorativo entro {most} giorni.",
               "Controlla calendar.weekend e calendar.local_holidays: lascia almeno un giorno lavorativo "
               "ogni due settimane."),
        "en": ("The calendar has {days} non-working days in a row (weekend and holidays): a due date would "
               "find no working day within {most} days.",
               "Check calendar.weekend and calendar.local_holidays: leave at least one working day every two weeks."),
    },
    "config-cap-order": {
        "it": ("Il periodo del tetto finisce ({to}) prima di cominciare ({start}).",
               "Controlla «from» e «to» di questo tetto: «to» va dopo «from» (o vuoto: senza fine)."),
        "en": ("The cap's period ends ({to}) before it starts ({start}).",
               "Check 'from' and 'to' of this cap: 'to' goes after 'from' (or empty: no end)."),
    },
    "config-duplicate-lot": {
        "it": ("Il lotto {lot} è elencato due volte.", "Ogni lotto compare una volta sola in «lots»."),
        "en": ("Lot {lot} is listed twice.", "Each lot appears once in 'lots'."),
    },
    "config-unknown-district": {
        "it": ("Il lotto elenca la circoscrizione {district}, che non è tra le circoscrizioni («districts»).",
               "Aggiungi la circoscrizione a «districts» o correggi il codice."),
        "en": ("The lot lists district {district}, which is not among the districts.",
               "Add the district to 'districts' or fix the code."),
    },
    "config-unknown-rule": {
        "it": ("La configurazione cambia il livello della regola {rule}, che non esiste.",
               "Correggi il codice della regola: i codici sono nella pagina «Regole di controllo» ({known})."),
        "en": ("The configuration sets the level of rule {rule}, which does not exist.",
               "Fix the rule's code: the codes are on the 'Rules' page ({known})."),
    },
    "config-cap-overlap": {
        "it": ("Il periodo del tetto che comincia il {start} si sovrappone a quello che comincia il {other}, "
               "ancora in vigore quel giorno.",
               "Ogni giorno ha un solo tetto: fai finire il periodo del {other} il {before} (to: \"{before}\") "
               "oppure fai cominciare questo dopo la sua fine."),
        "en": ("The cap period starting on {start} overlaps the one starting on {other}, still in force that day.",
               "Each day has one cap only: end the period of {other} on {before} (to: \"{before}\") "
               "or start this one after it ends."),
    },
    "config-unknown-indicator-set": {
        "it": ("L'insieme di indicatori «{set}» non esiste in config/indicators/ (ci sono: {known}).",
               "Scrivi in indicators.set il nome di uno degli insiemi, senza «.yaml»."),
        "en": ("Indicator set '{set}' does not exist in config/indicators/ (there are: {known}).",
               "Write in indicators.set the name of one of the sets, without '.yaml'."),
    },
    "config-cap-window-start": {
        "it": ("Il programma comincia prima del primo periodo del tetto: {days:p|giorno|giorni} senza tetto, dal "
               "{first} al {last}.",
               "Fai cominciare il primo periodo entro l'inizio della finestra del programma, o prima."),
        "en": ("The programme starts before the cap's first period: {days:p|day|days} without a cap, from {first} "
               "to {last}.",
               "Start the first period on or before the programme window's start."),
    },
    "config-cap-window-end": {
        "it": ("Ogni periodo del tetto finisce prima del programma ({end}): {days:p|giorno|giorni} senza tetto, dal "
               "{first} al {last}.",
               "Allunga l'ultimo periodo fino alla fine della finestra del programma, o lascia vuoto «to» (in "
               "vigore senza scadenza)."),
        "en": ("Every cap period ends before the programme does ({end}): {days:p|day|days} without a cap, from "
               "{first} to {last}.",
               "Extend the last period to the programme window's end, or leave 'to' empty (in force for ever)."),
    },
    "config-cap-gap": {
        "it": ("Nessun periodo del tetto copre {days:p|giorno|giorni} della finestra del programma, dal {first} "
               "al {last}: il periodo precedente finisce prima che cominci questo ({start}).",
               "Fai cominciare questo periodo il {after}, il giorno dopo la fine del precedente, oppure allunga "
               "il precedente fino al {before}."),
        "en": ("No cap period covers {days:p|day|days} of the programme window, from {first} to {last}: the "
               "previous period ends before this one starts ({start}).",
               "Start this period on {after}, the day after the previous one ends, or extend the previous one "
               "to {before}."),
    },
    "config-holiday-no-such-day": {
        "it": ("La festa locale «{day}» cade in un giorno che non esiste: il mese {month} ha al massimo "
               "{most:p|giorno|giorni}.",
               "Scrivi il giorno come MM-GG, mese e poi giorno, per esempio 06-24 per il 24 giugno."),
        "en": ("Local holiday '{day}' falls on a day that does not exist: month {month} has at most "
               "{most:p|day|days}.",
               "Write the day as MM-DD, month then day, e.g. 06-24 for 24 June."),
    },
    "config-duplicate-funding-line": {
        "it": ("La linea di finanziamento «{funding}» è già elencata alla riga {line}.",
               "Ogni linea di finanziamento compare una volta sola in «funding_lines»: togli questa o correggi il codice."),
        "en": ("Funding line '{funding}' is already listed on line {line}.",
               "Each funding line appears once in 'funding_lines': remove this one or fix the code."),
    },
    "schema-file-missing": {
        "it": ("Lo schema {name} manca: il file non c'è.",
               "Ripristinalo con «git checkout -- schemas/{name}» (o copialo dal repository del programma)."),
        "en": ("Schema {name} is missing: the file is not there.",
               "Restore it with 'git checkout -- schemas/{name}' (or copy it from the programme's repository)."),
    },
    "schema-file-unreadable": {
        "it": ("Lo schema {name} non si può leggere ({detail}).", "Controlla il file e i suoi permessi."),
        "en": ("Schema {name} cannot be read ({detail}).", "Check the file and its permissions."),
    },
    "schema-file-invalid": {
        "it": ("Lo schema {name} non si può usare: non è un JSON Schema valido.",
               "Ripristina il file con «git checkout -- schemas/{name}» oppure correggi il JSON alla posizione indicata."),
        "en": ("Schema {name} cannot be used: it is not a valid JSON Schema.",
               "Restore it with 'git checkout -- schemas/{name}' or fix the JSON at the position shown."),
    },
    "register-schema-missing": {
        "it": ("Il registro delle cancellazioni non si può controllare: manca lo schema {schema}.",
               "Ripristina schemas/ dalla versione del programma della città (il registro non si ignora: "
               "terrebbe fuori un nucleo cancellato)."),
        "en": ("The register of erasures cannot be checked: schema {schema} is missing.",
               "Restore schemas/ from the city's programme version (the register is never skipped: it keeps an "
               "erased household out)."),
    },
    "register-bad-day": {
        "it": ("Il giorno {day} non esiste.", "Il registro lo scrive «tohome erase»: ripristinalo con git."),
        "en": ("Day {day} does not exist.", "'tohome erase' writes the register: restore it with git."),
    },
    "layout-both": {
        "it": ("Il repository non può essere insieme quello di un lotto ({lot_file}) e quello della città ({city_file}).",
               "Tieni solo il file giusto: {lot_file} nel repository di un lotto, {city_file} in quello della città."),
        "en": ("A repository cannot be both a lot's ({lot_file}) and the city's ({city_file}).",
               "Keep only the right file: {lot_file} in a lot's repository, {city_file} in the city's."),
    },
    "layout-lot-twice": {
        "it": ("Il lotto {lot} è elencato due volte.", "Ogni lotto ha un solo repository: togli la riga in più."),
        "en": ("Lot {lot} is listed twice.", "Each lot has one repository: remove the extra entry."),
    },
    "layout-unknown-lot": {
        "it": ("Il lotto {lot} non esiste nel programma (lotti: {lots}).",
               "Correggi il numero del lotto, o aggiorna config/ con la versione del programma della città."),
        "en": ("Lot {lot} does not exist in the programme (lots: {lots}).",
               "Correct the lot number, or update config/ with the city's programme version."),
    },
    "layout-clone-missing": {
        "it": ("Manca il clone del repository del lotto {lot} in {path}.",
               "Clonalo («git clone {remote} {path}») oppure esegui «tohome lots fetch»: senza, ogni totale della "
               "città sarebbe più piccolo del vero."),
        "en": ("The clone of lot {lot}'s repository is missing at {path}.",
               "Clone it ('git clone {remote} {path}') or run 'tohome lots fetch': without it every city total "
               "would be smaller than the truth."),
    },
    "layout-clone-other-lot": {
        "it": ("In {path} ci dovrebbe essere il repository del lotto {lot}, ma il suo tohome-lot.yaml dice lotto {held}.",
               "Controlla la cartella indicata in tohome-city.yaml e clona lì il repository giusto."),
        "en": ("{path} should hold lot {lot}'s repository, but its tohome-lot.yaml says lot {held}.",
               "Check the folder named in tohome-city.yaml and clone the right repository there."),
    },
    "layout-lot-missing": {
        "it": ("Il livello della città non vede questi lotti: {lots} (mancano in tohome-city.yaml).",
               "Aggiungi ogni lotto del programma con il suo repository: senza, ogni totale sarebbe più piccolo del vero."),
        "en": ("The city level does not see these lots: {lots} (missing from tohome-city.yaml).",
               "Add every lot of the programme with its repository: without it every total would be smaller."),
    },
    "programme-pin": {
        "it": ("config/ e schemas/ non sono la versione del programma della città che questo lotto segue "
               "(impronta {found}, attesa {pinned}).",
               "Non si cambia il programma da un lotto: ripristina i file («git checkout -- config schemas») o "
               "chiedi alla città di aggiornarli («tohome lots sync»)."),
        "en": ("config/ and schemas/ are not the city's programme version this lot follows (digest {found}, "
               "expected {pinned}).",
               "A lot does not change the programme: restore the files ('git checkout -- config schemas') or ask "
               "the city to update them ('tohome lots sync')."),
    },
    "programme-differs": {
        "it": ("Il lotto {lot} usa una versione del programma diversa da quella della città: {files}.",
               "Aggiorna il repository del lotto con «tohome lots sync» e fai push."),
        "en": ("Lot {lot} uses a programme version other than the city's: {files}.",
               "Update the lot's repository with 'tohome lots sync' and push."),
    },
    "internal-error": {
        "it": ("Errore interno nella regola {rule}: {error}", "Segnala il problema a chi mantiene tohome, allegando la scheda."),
        "en": ("Internal error in rule {rule}: {error}", "Report the problem to the tohome maintainers, with the record."),
    },
    "budget-envelope": {
        "it": ("{scope}: {what} {total}, oltre la dotazione di {envelope}.",
               "Rivedi le misure previste o chiedi di aggiornare la dotazione nella configurazione del programma."),
        "en": ("{scope}: {what} {total}, above the envelope of {envelope}.",
               "Review the planned measures or ask for the envelope in the programme configuration to be updated."),
    },
    "config-indicator-set": {
        "it": ("Manca l'insieme di indicatori «{name}»: la configurazione lo nomina (indicators.set) ma il file "
               "{file} non c'è.", ""),
        "en": ("The indicator set '{name}' is missing: the configuration names it (indicators.set) but the file "
               "{file} does not exist.", ""),
    },
    "config-indicator-value": {
        "it": ("Il valore «{value}» non è ammesso per «{field}» (ammessi: {allowed}).", ""),
        "en": ("The value '{value}' is not allowed for '{field}' (allowed: {allowed}).", ""),
    },
    "schema-invalid": {
        # {detail} is the JSON Schema library's English: the Italian message does without it
        "it": ("«{title}»: il valore non rispetta lo schema della scheda.", "Confronta con il modello di «tohome new»."),
        "en": ("'{title}': invalid value ({detail}).", "Compare with the template from 'tohome new'."),
    },
}


_TYPES_IT = {"string": "un testo", "integer": "un numero intero", "number": "un numero",
             "boolean": "vero o falso (true/false)", "object": "un insieme di campi", "array": "un elenco",
             "null": "vuoto"}
_TYPES_EN = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
             "object": "a set of fields", "array": "a list", "null": "empty"}

# phrase key -> template: the pieces the catalogue's sentences take by case
PHRASES: dict[str, dict[str, str]] = {
    "it": {
        "record": "Scheda",
        "empty": "vuoto",
        "cut": "… ({n} caratteri)",
        **{f"type-{name}": text for name, text in _TYPES_IT.items()},
        "kind-list": "un elenco", "kind-null": "un valore vuoto", "kind-scalar": "un valore singolo",
        "kind-symlink": "collegamento simbolico", "kind-folder": "cartella", "kind-special": "speciale",
        f"errno-{errno.EACCES}": "permesso negato", f"errno-{errno.EPERM}": "operazione non permessa",
        f"errno-{errno.ENOENT}": "il file non esiste più", f"errno-{errno.EIO}": "errore di lettura dal disco",
        f"errno-{errno.ENAMETOOLONG}": "il percorso è troppo lungo: accorcia i nomi delle cartelle",
        "where-top": "all'inizio della scheda",
        "where-inside": "dentro «{title}»",
        "where-item": "dentro «{title}» ({item})",
        "inside": " dentro «{title}»",
        "inside-item": " dentro «{title}» ({item})",
        "did-you-mean": " Forse intendevi «{name}»?",
        "field-elsewhere": " Un campo «{name}» c'è, ma dentro: {places}.",
        "hint-decimal-point": "Scrivi l'importo con il punto decimale e senza virgolette: {fixed}",
        "hint-number-only": "Scrivi solo il numero, senza virgolette né simboli (niente «€»).",
        "hint-quote": "Metti il valore tra virgolette, per esempio \"{value}\".",
        "hint-list": "Scrivi un elenco: ogni elemento su una riga che inizia con «- ».",
        "hint-fields": "Scrivi i campi sotto, rientrati di due spazi.",
        "hint-correct": "Correggi il valore.",
        "date-years": "tohome gestisce le date dal {first} al {last}: controlla l'anno.",
        "date-impossible": "Il giorno {day} del mese {month} del {year} non esiste: controlla giorno e mese "
                           "(febbraio ha 28 giorni, 29 negli anni bisestili; aprile, giugno, settembre e novembre 30).",
        "date-shape": "Scrivi la data come AAAA-MM-GG, per esempio 2020-11-25 (non 25/11/2020).",
        "pattern-hint": "{description}",
        "size-minItems": "servono almeno {bound} elementi",
        "size-minItems-1": "serve almeno un elemento",
        "size-maxItems": "ammessi al massimo {bound} elementi",
        "size-uniqueItems": "lo stesso elemento compare due volte",
        "size-minLength": "servono almeno {bound} caratteri",
        "size-minLength-1": "il testo è vuoto",
        "size-maxLength": "il testo supera i {bound} caratteri",
        "envelope-lot": "Lotto {n}",
        "envelope-line": "Linea di finanziamento {code}",
        "planned": "previsto",
        "paid": "pagato",
        "also-at": "Lo stesso per {n:P|un altro valore|altri {n} valori} con la stessa causa: «{field}», alla riga "
                   "{line}; forse è quella da correggere.",
        "also-missing": "Lo stesso per {n:P|un altro valore|altri {n} valori} con la stessa causa: «{field}», che "
                        "manca.",
        "also-here": "Da questo valore {n:P|dipende un'altra segnalazione, che sparisce|dipendono altre {n} "
                     "segnalazioni, che spariscono} correggendolo.",
    },
    "en": {
        "record": "Record",
        "empty": "empty",
        "cut": "… ({n} characters)",
        **{f"type-{name}": text for name, text in _TYPES_EN.items()},
        "kind-list": "a list", "kind-null": "an empty value", "kind-scalar": "a single value",
        "kind-symlink": "symbolic link", "kind-folder": "folder", "kind-special": "special file",
        **{f"errno-{code}": "{detail}" for code in (errno.EACCES, errno.EPERM, errno.ENOENT, errno.EIO,
                                                    errno.ENAMETOOLONG)},
        "where-top": "at the top level of the record",
        "where-inside": "inside '{title}'",
        "where-item": "inside '{title}' ({item})",
        "inside": " inside '{title}'",
        "inside-item": " inside '{title}' ({item})",
        "did-you-mean": " Did you mean '{name}'?",
        "field-elsewhere": " A field '{name}' exists, but inside: {places}.",
        "hint-decimal-point": "Write the amount with a decimal point and no quotes: {fixed}",
        "hint-number-only": "Write only the number, without quotes or symbols (no '€').",
        "hint-quote": "Put the value in quotes, e.g. \"{value}\".",
        "hint-list": "Write a list: each item on a line starting with '- '.",
        "hint-fields": "Write the fields below, indented by two spaces.",
        "hint-correct": "Correct the value.",
        "date-years": "tohome handles dates in the years {first}-{last}: check the year.",
        "date-impossible": "Day {day} of month {month} of {year} does not exist: check the day and the month "
                           "(February has 28 days, 29 in leap years; April, June, September and November 30).",
        "date-shape": "Write the date as YYYY-MM-DD, e.g. 2020-11-25 (not 25/11/2020).",
        "pattern-hint": "Expected pattern: {pattern}",
        "size-minItems": "at least {bound} items are needed",
        "size-minItems-1": "at least one item is needed",
        "size-maxItems": "at most {bound} items are allowed",
        "size-uniqueItems": "the same item appears twice",
        "size-minLength": "at least {bound} characters are needed",
        "size-minLength-1": "the text is empty",
        "size-maxLength": "the text is longer than {bound} characters",
        "envelope-lot": "Lot {n}",
        "envelope-line": "Funding line {code}",
        "planned": "planned",
        "paid": "paid",
        "also-at": "The same for {n:p|more value|more values} with the same cause: '{field}', at line {line}; it may "
                   "be the one to correct.",
        "also-missing": "The same for {n:p|more value|more values} with the same cause: '{field}', which is missing.",
        "also-here": "{n:p|more finding depends|more findings depend} on this value, and go once it is corrected.",
    },
}


# The same mistakes in one of the programme's own files (configuration, lot layout, register of
# erasures, indicator sets): the words say "file", never "record", and never advise deleting it.
SETTINGS_FILE = {
    "file-empty": {
        "it": ("Il file è vuoto.",
               "Ripristina il file dalla storia di git («git checkout -- FILE») o da una copia: i comandi lo leggono "
               "tutti."),
        "en": ("The file is empty.",
               "Restore the file from git history ('git checkout -- FILE') or from a copy: every command reads it."),
    },
    "yaml-not-mapping": {
        "it": ("Il file deve essere un insieme di campi «nome: valore», non {kind}.",
               "Confronta il file con la sua versione precedente («git diff»)."),
        "en": ("The file must be a set of 'name: value' fields, not {kind}.",
               "Compare the file with its previous version ('git diff')."),
    },
    "yaml-anchor": {
        "it": ("Ancore e riferimenti YAML («&», «*») non sono ammessi in questo file.",
               "Scrivi il valore per esteso; se «&» o «*» fa parte di un testo, mettilo tra virgolette."),
        "en": ("YAML anchors and aliases ('&', '*') are not allowed in this file.",
               "Write the value out in full; if '&' or '*' is part of a text, put it in quotes."),
    },
    "yaml-merge-key": {
        "it": ("La chiave di unione «<<» non è ammessa.", "Copia i campi per esteso."),
        "en": ("The merge key '<<' is not allowed.", "Write the fields out."),
    },
    "yaml-multiple-documents": {
        "it": ("Il file contiene più di un documento YAML (separatore «---»).",
               "Tieni un solo documento: togli il separatore «---» e ciò che lo segue, o uniscilo al primo."),
        "en": ("The file holds more than one YAML document ('---' separator).",
               "Keep one document: remove the '---' separator and what follows, or merge it into the first."),
    },
    "yaml-tag": {
        "it": ("Etichetta YAML non ammessa: «{tag}».", "Togli l'etichetta che inizia con «!»."),
        "en": ("YAML tag not allowed: '{tag}'.", "Remove the tag starting with '!'."),
    },
    "yaml-too-deep": {
        "it": ("Struttura annidata troppo in profondità (oltre {limit} livelli).", "Controlla i rientri."),
        "en": ("Structure nested too deeply (more than {limit} levels).", "Check the indentation."),
    },
}
