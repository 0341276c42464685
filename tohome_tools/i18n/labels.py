"""What the schema's category codes are called and what they mean, in one place: on the project
sheet, in the budget, in the published tables and in the editor (hover and completion).

The published wording is part of the public release: changing a label there changes what the
public reads (and a new release of the same period says so). `tests/i18n/test_labels.py` checks
that every code the schema allows has its label in each vocabulary that names its field.
"""

from __future__ import annotations

# --- the project sheet (Italian, as a sentence reads them) ------------------------------------------
SHEET = {
    "role": {"head": "capofamiglia", "partner": "partner", "child": "figlio/a", "parent": "genitore",
             "other_relative": "altro parente", "other": "altro"},
    "sex": {"F": "F", "M": "M", "X": "non indicato"},
    "level": {"primary": "primaria (rischio di perdere la casa)",
              "secondary": "secondaria (sfratto definito, collocazione temporanea)",
              "tertiary": "terziaria (verso l'autonomia da una collocazione temporanea)"},
    "need": {"none": "nessuno", "low": "basso", "medium": "medio", "high": "alto"},
    "area": {"housing": "abitare", "work": "lavoro", "training": "formazione", "education": "istruzione",
             "health": "salute", "social": "relazioni sociali", "economic": "situazione economica"},
    "status": {"planned": "previsto", "in_progress": "in corso", "achieved": "raggiunto",
               "partially_achieved": "raggiunto in parte", "not_achieved": "non raggiunto", "dropped": "abbandonato"},
    "service": {"social_services": "servizi sociali", "employment_centre": "centro per l'impiego",
                "health_services": "servizi sanitari", "housing_office": "ufficio casa",
                "training_agency": "agenzia formativa", "third_sector": "terzo settore", "other": "altro servizio"},
    "kind": {"rent_share": "quota di affitto", "utilities": "utenze", "internship": "tirocinio",
             "other": "altra misura attiva"},
    "action": {"information": "informazione", "orientation": "orientamento", "counselling": "consulenza",
               "training": "formazione"},
    "action_area": {"housing": "accompagnamento all'abitare", "work": "accompagnamento al lavoro"},
    "form": {"contribution": "quota mensile a integrazione della spesa abitativa",
             "savings": "accantonamento mensile"},
    "purpose": {"housing_costs": "per future spese abitative", "debt_settlement": "per risolvere debiti che "
                "impediscono l'accesso a una casa stabile"},
    "housing": {"private_rental": "affitto privato", "public_housing": "edilizia residenziale pubblica",
                "temporary_placement": "collocazione temporanea", "hosted_by_others": "ospite di altri",
                "shelter": "struttura di accoglienza", "homeless": "senza dimora", "owned": "casa di proprietà",
                "other": "altro"},
    "sector": {"commerce": "commercio", "hospitality": "ristorazione e alberghi", "manufacturing": "industria",
               "logistics": "logistica", "care_services": "servizi di cura", "cleaning": "pulizie",
               "agriculture": "agricoltura", "public_sector": "pubblica amministrazione",
               "third_sector": "terzo settore", "other": "altro"},
}

# --- the budget (both languages) -----------------------------------------------------------------
BUDGET = {
    "it": {
        "families": {"housing_support": "sostegno all'abitare", "work_support": "sostegno al lavoro",
                     "co_participation": "compartecipazione"},
        "kinds": {"rent_share": "quota di affitto", "utilities": "utenze", "internship": "tirocinio",
                  "other": "altra misura", "contribution": "contributo del nucleo", "savings": "accantonamento"},
    },
    "en": {
        "families": {"housing_support": "housing support", "work_support": "work support",
                     "co_participation": "co-participation"},
        "kinds": {"rent_share": "rent share", "utilities": "utilities", "internship": "internship",
                  "other": "other measure", "contribution": "household contribution", "savings": "savings"},
    },
}

# --- the published tables (Italian, capitalised as table cells) ----------------------------------
LEVEL = {"primary": "Prevenzione primaria", "secondary": "Prevenzione secondaria", "tertiary": "Prevenzione terziaria"}

MEASURE = {
    "rent_share": "Quota di affitto",
    "utilities": "Utenze",
    "internship": "Tirocinio",
    "work_other": "Altra misura per il lavoro",
}

FORM = {"contribution": "Contributo alle spese per la casa", "savings": "Accantonamento"}

REASON = {
    "goals_achieved": "Obiettivi raggiunti",
    "housing_autonomy": "Autonomia abitativa",
    "withdrawn": "Ritiro del nucleo",
    "moved_away": "Trasferimento fuori città",
    "transferred": "Passaggio ad altro servizio",
    "programme_end": "Fine del programma",
    "other": "Altro motivo",
}

HOUSING = {
    "private_rental": "Affitto privato",
    "public_housing": "Casa popolare (ERP)",
    "temporary_placement": "Collocazione temporanea",
    "hosted_by_others": "Ospitalità presso altri",
    "shelter": "Struttura di accoglienza",
    "homeless": "Senza dimora",
    "owned": "Casa di proprietà",
    "other": "Altra sistemazione",
}

# Which schema fields each vocabulary names (`*` for list items), for the coverage test.
FIELDS = {
    ("SHEET", "role"): ("/household/members/*/role",),
    ("SHEET", "sex"): ("/household/members/*/sex",),
    ("SHEET", "level"): ("/prevention/level",),
    ("SHEET", "need"): ("/needs/*/level",),
    ("SHEET", "service"): ("/project/supports/*/service",),
    ("SHEET", "kind"): ("/measures/housing_support/*/kind", "/measures/work_support/*/kind"),
    ("SHEET", "action"): ("/measures/actions/*/kind",),
    ("SHEET", "action_area"): ("/measures/actions/*/area",),
    ("SHEET", "form"): ("/co_participation/form",),
    ("SHEET", "purpose"): ("/co_participation/purpose",),
    ("SHEET", "housing"): ("/prevention/housing_at_entry", "/closure/housing_at_exit"),
    ("SHEET", "area"): ("/needs/*/dimension", "/project/objectives/*/area"),
    ("SHEET", "status"): ("/project/objectives/*/status", "/monitoring/*/objectives/*/status"),
    ("SHEET", "sector"): ("/measures/work_support/*/host_sector",),
    ("PUBLISHED", "LEVEL"): ("/prevention/level",),
    ("PUBLISHED", "MEASURE"): ("/measures/housing_support/*/kind",),
    ("PUBLISHED", "FORM"): ("/co_participation/form",),
    ("PUBLISHED", "REASON"): ("/closure/reason",),
    ("PUBLISHED", "HOUSING"): ("/prevention/housing_at_entry", "/closure/housing_at_exit"),
    ("BUDGET", "kinds"): ("/measures/housing_support/*/kind", "/measures/work_support/*/kind",
                          "/co_participation/form"),
}


# --- the editor (Italian): a name and a sentence for every code the record schema allows -----------
# The name is the sheet's (or the published table's) where one exists, so that a code is called the
# same everywhere; the fields the sheet does not show (the ESF answers, the situation at exit) have
# their names here. `MEANING` says, per vocabulary, when to choose each code.
ESF = {
    "labour_at_entry": {"employed": "occupato", "self_employed": "lavoratore autonomo",
                        "unemployed": "disoccupato", "long_term_unemployed": "disoccupato di lunga durata",
                        "inactive_in_education": "inattivo che studia o è in formazione", "inactive": "inattivo",
                        "unknown": "non ancora raccolto"},
    "education": {"isced_0": "nessun titolo (ISCED 0)", "isced_1": "licenza elementare (ISCED 1)",
                  "isced_2": "licenza media (ISCED 2)", "isced_3": "diploma (ISCED 3)",
                  "isced_4": "post-diploma non universitario (ISCED 4)", "isced_5": "istruzione terziaria breve (ISCED 5)",
                  "isced_6": "laurea triennale (ISCED 6)", "isced_7": "laurea magistrale (ISCED 7)",
                  "isced_8": "dottorato (ISCED 8)", "unknown": "non ancora raccolto"},
    "answer": {"yes": "sì", "no": "no", "not_declared": "non dichiarato"},
    "labour_at_exit": {"employed": "occupato", "self_employed": "lavoratore autonomo", "job_searching": "cerca lavoro",
                       "in_education_training": "studia o è in formazione", "inactive": "inattivo",
                       "unknown": "non noto"},
}
WORK_AT_EXIT = {"employed": "occupato", "internship": "in tirocinio", "training": "in formazione",
                "unemployed": "disoccupato", "retired": "in pensione", "not_applicable": "non applicabile"}

MEANING = {
    "level": {"primary": "Il nucleo rischia di perdere la casa: sfratto possibile, da un affitto privato o da una "
                         "casa popolare (ERP).",
              "secondary": "Lo sfratto è già definito: serve una collocazione transitoria o temporanea.",
              "tertiary": "Il nucleo è già in una collocazione temporanea: il progetto lo accompagna verso una casa "
                          "in autonomia."},
    "role": {"head": "La persona di riferimento del nucleo (di solito chi firma il patto).",
             "partner": "Il coniuge o il convivente della persona di riferimento.",
             "child": "Un figlio o una figlia.", "parent": "Un genitore della persona di riferimento.",
             "other_relative": "Un altro parente che vive nel nucleo.", "other": "Una persona del nucleo senza legami "
             "di parentela."},
    "sex": {"F": "Donna.", "M": "Uomo.", "X": "Non indicato, oppure una persona che non si riconosce in F o M."},
    "need": {"none": "In quest'area il nucleo non ha bisogno di sostegno.", "low": "Un bisogno lieve.",
             "medium": "Un bisogno che chiede un intervento nel progetto.", "high": "Un bisogno urgente o grave."},
    "area": {"housing": "La casa: mantenerla, trovarla, pagarne i costi.", "work": "Il lavoro: cercarlo, tenerlo.",
             "training": "La formazione professionale e i tirocini.", "education": "La scuola e i titoli di studio.",
             "health": "La salute e l'assistenza sanitaria.", "social": "Le relazioni sociali e la rete di sostegno.",
             "economic": "Il reddito, le spese e i debiti."},
    "status": {"planned": "L'obiettivo è scritto ma il lavoro non è ancora cominciato.",
               "in_progress": "Il lavoro sull'obiettivo è in corso.", "achieved": "L'obiettivo è raggiunto.",
               "partially_achieved": "L'obiettivo è raggiunto solo in parte.",
               "not_achieved": "Il tempo è passato e l'obiettivo non è raggiunto.",
               "dropped": "L'obiettivo è stato lasciato (non serve più, o il nucleo ha rinunciato)."},
    "service": {"social_services": "I servizi sociali del territorio.",
                "employment_centre": "Il centro per l'impiego.", "health_services": "I servizi sanitari (ASL).",
                "housing_office": "L'ufficio casa del Comune (per esempio per l'ERP).",
                "training_agency": "Un ente di formazione.",
                "third_sector": "Un'associazione, una cooperativa o un altro ente del terzo settore.",
                "other": "Un servizio che non rientra nei tipi sopra."},
    "kind": {"rent_share": "Una quota dell'affitto pagata dal programma (misura passiva per l'abitare).",
             "utilities": "Le utenze della casa pagate dal programma (misura passiva per l'abitare).",
             "internship": "Un tirocinio con un'indennità mensile (misura attiva per il lavoro).",
             "other": "Un'altra misura attiva per il lavoro con un importo mensile."},
    "action": {"information": "Dare informazioni su diritti, servizi e opportunità.",
               "orientation": "Aiutare a scegliere un percorso (casa, lavoro, formazione).",
               "counselling": "Consulenza su un problema preciso (contratto, bollette, debiti, domanda di lavoro).",
               "training": "Un momento di formazione."},
    "action_area": {"housing": "L'azione accompagna il nucleo nell'abitare.",
                    "work": "L'azione accompagna verso il lavoro e la formazione."},
    "form": {"contribution": "Il nucleo paga ogni mese una parte della spesa per la casa, accanto alla quota del "
                             "programma.",
             "savings": "Il nucleo non ha spese per la casa: mette da parte ogni mese una somma (scrivi anche lo "
                        "scopo)."},
    "purpose": {"housing_costs": "I soldi messi da parte serviranno per le future spese della casa.",
                "debt_settlement": "I soldi messi da parte servono a chiudere debiti che impediscono di avere una "
                                   "casa stabile."},
    "housing": {"private_rental": "In affitto da un privato.",
                "public_housing": "In una casa popolare (edilizia residenziale pubblica, ERP).",
                "temporary_placement": "In una collocazione temporanea (alloggio di transizione, residence).",
                "hosted_by_others": "Ospite di parenti o amici.",
                "shelter": "In una struttura di accoglienza (dormitorio, comunità).",
                "homeless": "Senza una casa né un posto dove dormire.", "owned": "In una casa di proprietà.",
                "other": "Una sistemazione che non rientra nei tipi sopra."},
    "sector": {"commerce": "Negozi e commercio.", "hospitality": "Bar, ristoranti, alberghi.",
               "manufacturing": "Industria e artigianato.", "logistics": "Magazzini, trasporti, consegne.",
               "care_services": "Assistenza a persone (anziani, bambini, disabili).",
               "cleaning": "Imprese di pulizia.", "agriculture": "Agricoltura e verde.",
               "public_sector": "Un ente pubblico.", "third_sector": "Un'associazione, una cooperativa sociale o "
               "un altro ente del terzo settore.", "other": "Un settore che non rientra nei tipi sopra."},
    "labour_at_entry": {"employed": "Alla firma del patto la persona lavora come dipendente.",
                        "self_employed": "Alla firma del patto la persona lavora in proprio.",
                        "unemployed": "Senza lavoro e lo cerca, da meno di 12 mesi (da meno di 6 sotto i 25 anni).",
                        "long_term_unemployed": "Senza lavoro e lo cerca, da 12 mesi o più (da 6 o più sotto i 25 "
                                                "anni).",
                        "inactive_in_education": "Non lavora e non cerca lavoro perché studia o è in formazione.",
                        "inactive": "Non lavora e non cerca lavoro, per altri motivi.",
                        "unknown": "Il dato non è ancora stato raccolto."},
    "education": {"isced_0": "Nessun titolo di studio.", "isced_1": "La scuola primaria.",
                  "isced_2": "La scuola secondaria di primo grado (licenza media).",
                  "isced_3": "La scuola secondaria di secondo grado (diploma, qualifica professionale).",
                  "isced_4": "Un corso dopo il diploma che non è università (per esempio IFTS).",
                  "isced_5": "Un corso terziario breve (per esempio ITS).",
                  "isced_6": "La laurea triennale o un titolo equivalente.",
                  "isced_7": "La laurea magistrale o un master.", "isced_8": "Il dottorato di ricerca.",
                  "unknown": "Il dato non è ancora stato raccolto."},
    "answer": {"yes": "Sì (la persona lo ha dichiarato).", "no": "No.",
               "not_declared": "La persona preferisce non dirlo: è un suo diritto, e si scrive così."},
    "labour_at_exit": {"employed": "All'uscita la persona lavora come dipendente.",
                       "self_employed": "All'uscita la persona lavora in proprio.",
                       "job_searching": "All'uscita la persona non lavora e cerca lavoro.",
                       "in_education_training": "All'uscita la persona studia o è in formazione.",
                       "inactive": "All'uscita la persona non lavora e non lo cerca.",
                       "unknown": "La condizione all'uscita non è nota."},
    "reason": {"goals_achieved": "Gli obiettivi del progetto sono raggiunti.",
               "housing_autonomy": "Il nucleo ha una casa e la sostiene da solo.",
               "withdrawn": "Il nucleo ha lasciato il progetto.",
               "moved_away": "Il nucleo si è trasferito fuori città.",
               "transferred": "Il nucleo è seguito da un altro servizio.",
               "programme_end": "Il programma è finito prima della fine del progetto.",
               "other": "Un altro motivo (scrivilo nelle note di chiusura)."},
    "work_at_exit": {"employed": "Alla chiusura almeno una persona del nucleo lavora.",
                     "internship": "Alla chiusura il lavoro prevalente è un tirocinio.",
                     "training": "Alla chiusura il nucleo è soprattutto in formazione.",
                     "unemployed": "Alla chiusura nessuno lavora e qualcuno cerca lavoro.",
                     "retired": "Il nucleo vive di una pensione.",
                     "not_applicable": "Non si applica (per esempio nessuno in età da lavoro)."},
}

_ESF_ANSWERS = ("disability", "third_country_national", "foreign_background", "minority", "other_disadvantage")
# schema field ("*" for list items) -> (names, meanings) of its codes
CODES = {
    "/prevention/level": (SHEET["level"], MEANING["level"]),
    "/prevention/housing_at_entry": (SHEET["housing"], MEANING["housing"]),
    "/household/members/*/role": (SHEET["role"], MEANING["role"]),
    "/household/members/*/sex": (SHEET["sex"], MEANING["sex"]),
    "/household/members/*/esf/labour_at_entry": (ESF["labour_at_entry"], MEANING["labour_at_entry"]),
    "/household/members/*/esf/education": (ESF["education"], MEANING["education"]),
    **{f"/household/members/*/esf/{name}": (ESF["answer"], MEANING["answer"]) for name in _ESF_ANSWERS},
    "/household/members/*/esf/labour_at_exit": (ESF["labour_at_exit"], MEANING["labour_at_exit"]),
    "/needs/*/dimension": (SHEET["area"], MEANING["area"]),
    "/needs/*/level": (SHEET["need"], MEANING["need"]),
    "/project/objectives/*/area": (SHEET["area"], MEANING["area"]),
    "/project/objectives/*/status": (SHEET["status"], MEANING["status"]),
    "/project/supports/*/service": (SHEET["service"], MEANING["service"]),
    "/measures/housing_support/*/kind": (SHEET["kind"], MEANING["kind"]),
    "/measures/work_support/*/kind": (SHEET["kind"], MEANING["kind"]),
    "/measures/work_support/*/host_sector": (SHEET["sector"], MEANING["sector"]),
    "/measures/actions/*/kind": (SHEET["action"], MEANING["action"]),
    "/measures/actions/*/area": (SHEET["action_area"], MEANING["action_area"]),
    "/co_participation/form": (SHEET["form"], MEANING["form"]),
    "/co_participation/purpose": (SHEET["purpose"], MEANING["purpose"]),
    "/monitoring/*/objectives/*/status": (SHEET["status"], MEANING["status"]),
    "/closure/reason": (REASON, MEANING["reason"]),
    "/closure/housing_at_exit": (SHEET["housing"], MEANING["housing"]),
    "/closure/work_at_exit": (WORK_AT_EXIT, MEANING["work_at_exit"]),
}


def explained(field: str, code) -> tuple[str, str] | None:
    """(name, meaning) of a code at a schema field (`/needs/*/level`), or None when it has none."""
    names, meanings = CODES.get(field, ({}, {}))
    if not isinstance(code, str) or code not in names or code not in meanings:
        return None
    return names[code], meanings[code]


def label(table: dict, code) -> str:
    """The label, or the code itself for a category added to the schema later."""
    return table.get(code, str(code)) if code is not None else ""


def sheet_table_at(pointer: str) -> dict | None:
    """The sheet's vocabulary for the field at a JSON pointer (`/project/objectives/0/status`), or None."""
    parts = pointer.split("/")
    for (table, name), patterns in FIELDS.items():
        if table != "SHEET":
            continue
        for pattern in patterns:
            wanted = pattern.split("/")
            if len(wanted) == len(parts) and all(w in ("*", p) for w, p in zip(wanted, parts)):
                return SHEET[name]
    return None
