"""The commented Italian template that `tohome new` writes for a new household project."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from tohome_tools.programme.config import Programme


def id_pattern(prefix: str) -> re.Pattern:
    """A record file of the programme, any case: <prefix>-<lot>-<nnnn>.yaml (or .yml)."""
    return re.compile(re.escape(prefix) + r"-([0-9]+)-([0-9]{4})\.ya?ml\Z", re.IGNORECASE)

TEMPLATE = """\
# yaml-language-server: $schema={schema}
# Scheda del progetto {id} (lotto {lot}). Compila i campi e cancella le righe che non servono.
# Le date si scrivono AAAA-MM-GG tra virgolette ("2020-11-25"), gli importi con il punto (250.00).
# Nessun nome: i componenti si indicano con le chiavi M1, M2, ...; gli operatori con i loro codici.
# Controlla la scheda con: tohome validate {path}
id: {id_value}
lot: {lot}
district: {district_value}            # circoscrizione del nucleo, tra: {districts}
funding_line: {funding_value}
referral:                       # segnalazione del distretto
  proposed_by: {district_value}
  proposed_on: "{today}"
  # office_validated_on: "AAAA-MM-GG"   # validazione dell'Ufficio Abitare Sociale
prevention:
  level: primary                # primary, secondary, tertiary
  housing_at_entry: private_rental   # private_rental, public_housing, temporary_placement, hosted_by_others, shelter, homeless, owned, other
household:
  members:
    - key: M1
      role: head                # head, partner, child, parent, other_relative, other
      birth_year: 1980
      sex: F                    # F, M, X
      # Per gli indicatori FSE (solo i componenti che firmano il patto; dati riservati, mai pubblicati):
      # esf:
      #   labour_at_entry: unemployed    # employed, self_employed, unemployed, long_term_unemployed, inactive_in_education, inactive, unknown
      #   education: isced_3             # isced_0 ... isced_8 (ISCED 2011), unknown
      #   disability: not_declared       # yes, no, not_declared (la persona può non rispondere)
      #   third_country_national: "no"   # yes, no, not_declared
      #   foreign_background: "no"       # yes, no, not_declared
      #   minority: not_declared         # yes, no, not_declared
      #   other_disadvantage: "no"       # yes, no, not_declared
      #   # all'uscita dal progetto (alla chiusura, o prima con left_on):
      #   # left_on: "AAAA-MM-GG"
      #   labour_at_exit: job_searching  # employed, self_employed, job_searching, in_education_training, inactive, unknown
      #   qualification_gained: false
staff:
  case_managers:
    - CM-{lot:02d}-01
  # social_worker: AS-{district}-01
intake:
  interviews:
    - date: "{today}"
      with_social_worker: false
      notes: "Primo colloquio."
# Dopo la firma del patto di adesione:
# pact:
#   signed_on: "AAAA-MM-GG"
#   signed_by: [M1]
# needs:                        # analisi dei fabbisogni, una voce per dimensione
#   - dimension: housing        # housing, work, training, education, health, social, economic
#     level: high               # none, low, medium, high
# project:                      # progetto personalizzato
#   written_on: "AAAA-MM-GG"
#   objectives:
#     - id: O1
#       area: housing
#       description: "..."
#       expected_result: "..."
#       target_date: "AAAA-MM-GG"
#       status: planned         # planned, in_progress, achieved, partially_achieved, not_achieved, dropped
# validation:                   # validazione del funzionario del distretto
#   officer: FD-{district}-01
#   validated_on: "AAAA-MM-GG"
# measures:
#   housing_support:            # fino al tetto mensile per nucleo
#     - id: H1
#       kind: rent_share        # rent_share, utilities
#       monthly_amount: 250.00
#       start: "AAAA-MM-GG"
#       end: "AAAA-MM-GG"
#   work_support:               # sostegno al lavoro di un componente, fino al tetto mensile per misura
#     - id: W1
#       kind: internship        # internship, other
#       member: M1
#       monthly_amount: 400.00
#       start: "AAAA-MM-GG"
#       end: "AAAA-MM-GG"
#       host_sector: commerce   # commerce, hospitality, manufacturing, logistics, care_services, cleaning, agriculture, public_sector, third_sector, other
#   actions:                    # azioni di accompagnamento (informazione, orientamento, ...)
#     - kind: orientation       # information, orientation, counselling, training
#       area: work              # housing, work
#       member: M1
#       date: "AAAA-MM-GG"
#       notes: "..."
# co_participation:             # obbligatoria se c'è sostegno all'abitare
#   form: contribution          # contribution, savings (con purpose: housing_costs o debt_settlement)
#   monthly_amount: 50.00
#   start: "AAAA-MM-GG"
# payments:                     # contributi pagati: un mese e una misura per riga
#   - month: "AAAA-MM"
#     measure: H1               # il codice della misura (H1, W1, ...)
#     amount: 250.00
# monitoring:                   # incontri di monitoraggio, con lo stato degli obiettivi
#   - date: "AAAA-MM-GG"
#     notes: "..."
#     objectives:
#       - objective: O1
#         status: in_progress   # planned, in_progress, achieved, partially_achieved, not_achieved, dropped
# closure:                      # chiusura del progetto
#   closed_on: "AAAA-MM-GG"
#   reason: goals_achieved      # goals_achieved, housing_autonomy, withdrawn, moved_away, transferred, programme_end, other
#   housing_at_exit: private_rental   # private_rental, public_housing, temporary_placement, hosted_by_others, shelter, homeless, owned, other
#   work_at_exit: employed      # employed, internship, training, unemployed, retired, not_applicable
#   notes: "..."
"""  # noqa: E501 - the template's comments list every value on one line


LAST_NUMBER = 9999   # the ID has four digits (schema pattern)


class NoFreeId(Exception):
    """Every number of the lot is taken."""


def numbers_in(names, lot: int, programme: Programme) -> set[int]:
    """The numbers of the lot's IDs among file names or IDs (any case, with or without .yaml)."""
    any_case = id_pattern(programme.id_prefix)
    out = set()
    for name in names:
        m = any_case.match(name if name.lower().endswith((".yaml", ".yml")) else name + ".yaml")
        if m and int(m.group(1)) == lot:
            out.add(int(m.group(2)))
    return out


def next_id(records: Path, lot: int, programme: Programme, taken: set[int] = frozenset()) -> str:
    """One more than the highest number of the lot among record files anywhere under records/,
    whatever the case of their names (TH-4-0002.YAML and archivio/TH-4-0002.yaml count too), and
    among the numbers `taken` elsewhere (git history, the register of erasures): once the last
    number is taken, the lowest number never used."""
    numbers = numbers_in((p.name for p in records.rglob("*")), lot, programme) | set(taken)
    number = max(numbers, default=0) + 1
    if number > LAST_NUMBER:
        number = next((n for n in range(1, LAST_NUMBER + 1) if n not in numbers), None)
        if number is None:
            raise NoFreeId(lot)
    return programme.record_id(lot, number)


def quoted(text: str) -> str:
    """A text as a YAML double-quoted scalar (JSON's string is one): a code from the configuration such
    as `3.1` (a number unquoted) or `ESF+ #4` (cut at `#`) stays the text it is."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    return " ".join(text.split())   # a comment line stays one line


def render(record_id: str, lot: int, districts: list[str], funding: str, schema: str, path: str,
           today: dt.date) -> str:
    return TEMPLATE.format(id=_comment(record_id), id_value=quoted(record_id), lot=lot,
                           district=_comment(districts[0]), district_value=quoted(districts[0]),
                           districts=_comment(", ".join(districts)), funding_value=quoted(funding),
                           schema=_comment(schema), path=_comment(path), today=today.isoformat())
