"""`tohome release --period PERIOD`: publish anonymous aggregate tables under release/<period>/."""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import sys
import time
from pathlib import Path

from tohome_tools.cli import extras
from tohome_tools.core import periods
from tohome_tools.i18n.plural import fmt
from tohome_tools.i18n.render import seconds
from tohome_tools.programme.schema import load as load_schema
from tohome_tools.records.validate import validate
from tohome_tools.records.workspace import open_workspace
from tohome_tools.release import reader, writer
from tohome_tools.release.allowlist import PublicationError
from tohome_tools.release.model import TOTAL

NAME = "release"
HELP = "pubblica le tabelle anonime di un periodo in release/<periodo>/ (con soppressione delle celle piccole)"

TEXT = {
    "it": {
        "period": "tohome release: periodo «{period}» non valido. Usa AAAA (2020), AAAA-Sn (2020-S1, anche 2020-H1) "
                  "oppure AAAA-Tn (2020-T4, anche 2020-Q4).",
        "invalid": "tohome release: le schede hanno {n:p|errore|errori} di validazione: non pubblico nulla finché non "
                   "{n:P|è corretto|sono corretti}. Esegui «tohome validate» per {n:P|vederlo|vederli}.",
        "empty": "tohome release: non ci sono schede in {where}: niente da pubblicare.",
        "unreadable": "tohome release: una pubblicazione già presente non si legge ({error}). Correggila o rimuovila.",
        "not_allowed": "tohome release: una tabella usa il campo «{field}», che lo schema non segna come "
                       "pubblicabile. Non pubblico nulla.",
        "refused": "tohome release: rifiuto di pubblicare il periodo {period}: insieme alle pubblicazioni già presenti "
                   "({others}) lascerebbe scoprire {n:p|valore nascosto|valori nascosti}. Per esempio:",
        "cell": "  - tabella «{table}», {where}: {why}",
        "why": {
            "vicino_a_zero": "chi legge capirebbe che non è zero (tra {low} e {high}): è un numero piccolo di nuclei",
            "sotto_soglia": "chi legge capirebbe che è sotto la soglia di {k} (tra {low} e {high})",
            "intervallo_stretto": "chi legge lo stringerebbe tra {low} e {high}: un intervallo troppo stretto",
            "zero_certo": "chi legge capirebbe che almeno uno dei valori nascosti collegati a questo è zero",
            "pochi_nascosti": "è nascosta da sola o con una sola altra casella collegata: chi legge capirebbe che "
                              "una delle due è piccola",
            "esatto": "chi legge lo ricaverebbe esattamente ({low})",
            "gruppo": "chi legge saprebbe che tutti i nuclei del gruppo stanno in questa categoria",
        },
        "refused_hint": "Nessun file è stato scritto. Di solito aiuta pubblicare periodi più lunghi (anni interi) o "
                        "aspettare che il periodo abbia più nuclei; se il problema nasce da una pubblicazione già "
                        "presente, ripubblicala o toglila.",
        "overlap": "tohome release: rifiuto di pubblicare il periodo {period}: si sovrappone a {others}, già "
                   "pubblicato. Un anno e i suoi semestri o trimestri, messi insieme, permettono di ricostruire per "
                   "differenza i valori nascosti (nuclei in carico e chiusi): si pubblica una sola suddivisione del "
                   "tempo. Nessun file è stato scritto. Togliere una pubblicazione non la ritira (chi l'ha scaricata "
                   "la conserva): cambiare suddivisione è una decisione del titolare del trattamento.",
        "audit_errors": {"inconsistent": "i valori pubblicati si contraddicono",
                         "no_answer": "il risolutore non dà una risposta",
                         "disagree": "i risolutori non trovano i valori veri"},
        "audit_failed": "tohome release: la verifica non può concludersi ({error}). Nessun file è stato scritto. "
                        "Se le pubblicazioni già presenti sono state fatte con schede diverse da quelle di oggi, "
                        "ripubblicale in ordine, dalla più vecchia.",
        "outside": "tohome release: il periodo {period} è fuori dalla finestra del programma ({start} - {end}): "
                   "non c'è niente da pubblicare.",
        "waiting": "tohome release: aspetto che finisca un'altra pubblicazione in corso in {folder}…",
        "done": "Pubblicato {period} in {folder}: {tables} tabelle, {hidden} valori soppressi ({primary} primari, "
                "{secondary} complementari) su {cells}; verifica: {checked} valori nascosti in tutte le pubblicazioni "
                "({periods}) controllati con {lps} programmi lineari ({ips} interi) in {lp} s; "
                "tempo totale {total} s.",
        "withheld": "Non pubblicate per questo periodo (non proteggibili, o con tutti i valori nascosti): {names}.",
        "synthetic": "Attenzione: dati sintetici (le schede sono inventate); la pubblicazione lo dichiara.",
        "none": "nessuna",
        "lot_level": "tohome release: questo è il repository del lotto {lot}: da un lotto non si pubblica. La "
                     "pubblicazione si fa a livello della città, che vede tutti i lotti.",
        "frozen": "tohome release: il periodo {period} resta pubblicato com'è ({folder}): contava {n:P|un nucleo "
                  "cancellato|{n} nuclei cancellati} (registro delle cancellazioni, erasures.yaml). Ripubblicarlo "
                  "senza {n:P|quel nucleo|quei nuclei} lascerebbe ricavare, per differenza con la versione già "
                  "pubblicata, proprio i dati cancellati. Nessun file è stato scritto.",
        "unchanged": "tohome release: il periodo {period} resta com'è ({folder}): quello che mostra è ancora "
                     "esatto con le schede di oggi. Dopo una cancellazione lo si ripubblica solo quando cambia.",
        "frozen_missing": "tohome release: il periodo {period} contava {n:P|un nucleo cancellato|{n} nuclei "
                          "cancellati} e non si può ripubblicare, ma i suoi file pubblicati mancano in {folder}. "
                          "Ripristinali dalla storia di git («git checkout -- release/{period}»).",
    },
    "en": {
        "period": "tohome release: invalid period '{period}'. Use YYYY (2020), YYYY-Hn (2020-H1) or YYYY-Qn (2020-Q4).",
        "invalid": "tohome release: the records have {n:p|validation error|validation errors}: nothing is published "
                   "until they are "
                   "fixed. Run 'tohome validate' to see them.",
        "empty": "tohome release: no records in {where}: nothing to publish.",
        "unreadable": "tohome release: a release already present cannot be read ({error}). Fix or remove it.",
        "not_allowed": "tohome release: a table uses the field '{field}', which the schema does not mark publishable. "
                       "Nothing is published.",
        "refused": "tohome release: refusing to publish {period}: together with the releases already present "
                   "({others}) it would disclose {n:p|hidden value|hidden values}. For example:",
        "cell": "  - table '{table}', {where}: {why}",
        "why": {
            "vicino_a_zero": "a reader would know it is not zero (between {low} and {high}): a small count",
            "sotto_soglia": "a reader would know it is below the threshold of {k} (between {low} and {high})",
            "intervallo_stretto": "a reader would narrow it to between {low} and {high}: too narrow a range",
            "zero_certo": "a reader would know that at least one of the hidden values linked to it is zero",
            "pochi_nascosti": "it is hidden alone or with a single linked cell: a reader would know one of them is small",
            "esatto": "a reader would compute it exactly ({low})",
            "gruppo": "a reader would know that every household of the group is in this category",
        },
        "refused_hint": "No file was written. Longer periods (whole years) or a period with more households usually "
                        "help; if a release already present causes it, re-issue or remove that release.",
        "overlap": "tohome release: refusing to publish {period}: it overlaps {others}, already published. A year "
                   "and its halves or quarters together let a reader recompute hidden values by difference "
                   "(households in charge and closed): one division of time is published. No file was written. "
                   "Removing a release does not withdraw it (whoever downloaded it keeps it): changing the "
                   "division is a decision for the data controller.",
        "audit_errors": {"inconsistent": "the published values contradict each other",
                         "no_answer": "the solver gives no answer",
                         "disagree": "the solvers miss the true values"},
        "audit_failed": "tohome release: the audit cannot conclude ({error}). No file was written. If the releases "
                        "already present were made from other records than today's, re-issue them in order, oldest "
                        "first.",
        "outside": "tohome release: the period {period} is outside the programme window ({start} - {end}): "
                   "nothing to publish.",
        "waiting": "tohome release: waiting for another release running in {folder}…",
        "done": "Published {period} in {folder}: {tables} tables, {hidden} values suppressed ({primary} primary, "
                "{secondary} complementary) out of {cells}; audit: {checked} hidden values across all releases "
                "({periods}) checked with {lps} linear programmes ({ips} integer) in {lp} s; "
                "total time {total} s.",
        "withheld": "Not published for this period (no pattern protects them, or every value would be hidden): {names}.",
        "synthetic": "Note: synthetic data (the records are invented); the release says so.",
        "none": "none",
        "lot_level": "tohome release: this is lot {lot}'s repository: a lot does not publish. Releases are made "
                     "at the city level, which sees every lot.",
        "frozen": "tohome release: period {period} stays published as it is ({folder}): it counted {n:p|erased "
                  "household|erased households} (erasures.yaml). Re-issued without them, its difference from the "
                  "published version would reveal the erased data. No file was written.",
        "unchanged": "tohome release: period {period} stays as it is ({folder}): what it shows is still exact "
                     "with today's records. After an erasure it is re-issued only when that changes.",
        "frozen_missing": "tohome release: period {period} counted {n:p|erased household|erased households} and "
                          "cannot be re-issued, but its published files are missing in {folder}. Restore them "
                          "from git history ('git checkout -- release/{period}').",
    },
}
_ALIASES = {"S": "H", "T": "Q"}   # Italian semestre/trimestre


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--period", required=True, metavar="PERIODO",
                        help="periodo da pubblicare: AAAA, AAAA-Hn (semestre) o AAAA-Qn (trimestre)")


def _period(text: str) -> periods.Period:
    text = text.strip().upper()
    if len(text) == 7 and text[5] in _ALIASES:
        text = text[:5] + _ALIASES[text[5]] + text[6]
    return periods.parse(text)


def _where(var) -> str:
    parts = ", ".join(f"{d} {c}" for d, c in var.filter) or TOTAL
    return f"{var.period}, {var.population}, {var.measure.replace('__somma', '')} ({parts})"


def _table_of(var, releases) -> str:
    for release in releases:
        for v, table, *_ in release.cells():
            if v == var:
                return table.name
    return "?"


def _number(value: float) -> str:
    return "∞" if value == float("inf") else f"{value:.0f}" if abs(value - round(value)) < 1e-6 else f"{value:.2f}"


@contextlib.contextmanager
def locked(folder: Path, text: dict):
    """One release at a time per release/ folder, from reading what is published to writing: two runs
    would otherwise each pass an audit that ignores the other's output. The lock is on the folder
    itself, so no lock file is published."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(text["waiting"].format(folder=folder), file=sys.stderr)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)   # closing releases the lock


def run(args: argparse.Namespace) -> int:
    extras.require("release")
    started = time.perf_counter()
    text = TEXT[args.lang]
    try:
        period = _period(args.period)
    except periods.PeriodError:
        print(text["period"].format(period=args.period), file=sys.stderr)
        return 2
    workspace = open_workspace(args.root)
    window = (workspace.programme.window_start, workspace.programme.window_end)
    if period.end < window[0] or period.start > window[1]:
        print(text["outside"].format(period=period.code, start=window[0].isoformat(), end=window[1].isoformat()),
              file=sys.stderr)
        return 2
    project = workspace.project
    if workspace.layout.level == "lot":
        print(text["lot_level"].format(lot=workspace.layout.lot), file=sys.stderr)
        return 2
    frozen = workspace.register.frozen_periods().get(period.code)
    if frozen:   # re-issued without the erased households, the difference would describe them
        kept = (project.releases / period.code / "datapackage.json").is_file()
        print(fmt(text["frozen" if kept else "frozen_missing"], period=period.code, n=frozen,
                  folder=project.releases / period.code), file=sys.stderr)
        return 0 if kept else 1
    report = validate(workspace.record_folders, workspace.settings, keep_data=True)   # one read of each record
    if report.errors():
        print(fmt(text["invalid"], n=len(report.errors())), file=sys.stderr)
        return 1
    records = list(report.data.values())   # in discovery order, as judged
    if not records:
        print(text["empty"].format(where=", ".join(str(f) for f in workspace.layout.record_folders)), file=sys.stderr)
        return 1
    with locked(project.releases, text):
        try:
            committed = reader.read_all(project.releases, skip=period.code)
            current = project.releases / period.code   # the version this run replaces, if any
            replaced = reader.read(current) if (current / "datapackage.json").is_file() else None
        except reader.ReleaseReadError as error:
            print(text["unreadable"].format(error=error), file=sys.stderr)
            return 1
        from tohome_tools.release import audit as auditing  # the solvers load only when a release is made
        from tohome_tools.release import build

        publication = workspace.programme.publication
        if replaced is not None and workspace.register.frozen_periods() and build.still_as_published(
                records, workspace.programme, load_schema(project.household_schema), period, current, replaced,
                publication["licence"], workspace.programme.keywords):
            print(text["unchanged"].format(period=period.code, folder=current), file=sys.stderr)
            return 0
        try:
            made = build.make(records, workspace.programme, load_schema(project.household_schema), period,
                              committed, replaced, frozenset(workspace.register.frozen_periods()))
        except PublicationError as error:
            print(text["not_allowed"].format(field=error), file=sys.stderr)
            return 1
        except auditing.AuditError as error:
            print(text["audit_failed"].format(error=text["audit_errors"].get(str(error), str(error))),
                  file=sys.stderr)
            return 1
        if made.overlapping:
            print(text["overlap"].format(period=period.code, others=", ".join(made.overlapping)), file=sys.stderr)
            return 1
        if not made.ok:
            failures = made.history.audit.failures or made.outcome.audit.failures
            others = ", ".join(sorted(r.period for r in committed)) or text["none"]
            print(fmt(text["refused"], period=period.code, others=others, n=len(failures)), file=sys.stderr)
            k = workspace.programme.threshold
            for failure in failures[:10]:
                why = text["why"][failure.why].format(low=_number(failure.low), high=_number(failure.high), k=k)
                print(text["cell"].format(table=_table_of(failure.var, committed + [made.release]),
                                          where=_where(failure.var), why=why), file=sys.stderr)
            print(text["refused_hint"], file=sys.stderr)
            return 1
        writer.write(project.releases, made.release, publication["licence"], workspace.programme.name,
                     workspace.programme.keywords)
    present = {var for var, *_ in made.release.cells()}
    audit = made.outcome.audit
    print(text["done"].format(period=period.code, folder=project.releases / period.code,
                              tables=len(made.release.tables), hidden=len(made.outcome.hidden & present),
                              primary=len(made.outcome.primary & present),
                              secondary=len(made.outcome.secondary & present),
                              cells=len(present), checked=made.history.audit.checked,
                              periods=", ".join(made.history.periods),
                              lps=audit.programmes + made.history.audit.programmes,
                              ips=audit.integer_programmes + made.history.audit.integer_programmes,
                              lp=seconds(audit.seconds + made.history.audit.seconds, args.lang),
                              total=seconds(time.perf_counter() - started, args.lang)))
    if made.withheld:
        print(text["withheld"].format(names=", ".join(made.withheld)))
    if made.release.synthetic:
        print(text["synthetic"])
    return 0
