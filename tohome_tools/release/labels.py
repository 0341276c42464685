"""Italian labels for the category codes that appear in public tables."""

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


def label(table: dict, code: str) -> str:
    """The Italian label, or the code itself for a category added to the schema later."""
    return table.get(code, code)
