"""The "Misure e tetti" page: the measures described by the source page, with every programme
number (caps and their validity, the project duration limit, lots and districts) read from the
programme configuration at generation time."""

from __future__ import annotations

from tohome_tools.i18n import italian
from tohome_tools.programme.config import Programme
from tohome_tools.site.markdown import GENERATED, cell, inline


def _cap_rows(programme: Programme, name: str) -> list[str]:
    rows = []
    for cap in programme.caps(name):
        until = italian.date(cap.end) if cap.end else "in vigore"
        rows.append(f"| {italian.date(cap.start)} | {until} | {italian.money(cap.amount)} |")
    return rows


def _current(programme: Programme, name: str) -> str:
    """The cap in force at the end of the programme window, for the prose."""
    amount = programme.cap_on(name, programme.window_end)
    return italian.money(amount) if amount is not None else "nessun tetto in vigore"


def page(programme: Programme) -> str:
    housing, work = programme.housing_cap, programme.work_cap
    months = programme.limit("max_project_months")
    header = ["| dal | al | tetto mensile |", "| --- | --- | ---: |"]
    lines = [GENERATED, "# Misure e tetti\n",
             "Il progetto personalizzato di ogni nucleo descrive gli obiettivi e, per ciascuno, gli "
             "interventi previsti, in tre ambiti. I tetti indicati in questa pagina sono letti dalla "
             "configurazione del programma (`config/programme.yaml`) quando il sito viene generato.\n",
             "## Accompagnamento all'abitare\n",
             "Azioni di informazione, orientamento, consulenza, presa in carico e progettazione individuale, "
             "per sostenere il nucleo nella ricerca dell'autonomia abitativa e nell'uscita dalla povertà "
             "abitativa.\n",
             f"La **misura passiva per l'abitare** (quote dell'affitto e/o utenze) arriva fino a "
             f"**{_current(programme, housing)} al mese** per nucleo.\n",
             *header, *_cap_rows(programme, housing), "",
             "## Accompagnamento alla formazione e all'inclusione lavorativa\n",
             "Azioni di informazione, orientamento, consulenza e presa in carico individuale, con "
             "l'inserimento in percorsi di formazione e tirocinio, per l'inserimento lavorativo, la "
             "ricollocazione professionale e la continuità del lavoro.\n",
             f"La **misura attiva**, per esempio un tirocinio, arriva fino a "
             f"**{_current(programme, work)} al mese** per misura.\n",
             *header, *_cap_rows(programme, work), "",
             "## Sostegno economico e compartecipazione del nucleo\n",
             "Il nucleo **compartecipa** alla spesa abitativa: integra la quota del programma oppure, se non ha "
             "spese per l'abitare, mette da parte una somma (**accantonamento**) per spese abitative future "
             "o per chiudere debiti che impediscono o limitano l'accesso a una casa stabile.\n",
             "## Durata dei progetti\n",
             f"Il limite di durata di un progetto usato dai controlli è di **{months} mesi**: per il Lotto 4 "
             f"la fonte indica una durata media non superiore a questo limite. Il programma si è svolto dal "
             f"{italian.date(programme.window_start)} al {italian.date(programme.window_end)}.\n",
             "## Lotti e circoscrizioni\n",
             "| lotto | enti attuatori | circoscrizioni |", "| ---: | --- | --- |"]
    districts = programme.districts
    for number, lot in sorted(programme.lots.items()):
        bodies = "; ".join(lot.bodies)
        names = "; ".join(districts[c].name if c in districts else c for c in lot.districts)
        lines.append(f"| {number} | {cell(bodies)} | {cell(names)} |")
    lines.append("")
    lines.append(inline("Gli enti dei lotti 1-3 e le circoscrizioni assegnate a quei lotti non sono indicati "
                        "nella fonte: nella configurazione sono scelte nostre.") + "\n")
    return "\n".join(lines)
