"""What the schema's category codes are called, in one place: on the project sheet, in the budget
and in the published tables.

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
