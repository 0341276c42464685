"""`tohome release --period PERIOD`: publish anonymous aggregate tables under release/<period>/."""

from __future__ import annotations

import argparse
import sys
import time

from tohome_tools import loader
from tohome_tools.release import periods, reader, writer
from tohome_tools.release.allowlist import PublicationError, load_schema
from tohome_tools.release.model import TOTAL
from tohome_tools.validate import discover, validate
from tohome_tools.workspace import open_workspace

NAME = "release"
HELP = "pubblica le tabelle anonime di un periodo in release/<periodo>/ (con soppressione delle celle piccole)"

TEXT = {
    "it": {
        "period": "tohome release: periodo «{period}» non valido. Usa AAAA (2020), AAAA-Sn (2020-S1, anche 2020-H1) "
                  "oppure AAAA-Tn (2020-T4, anche 2020-Q4).",
        "invalid": "tohome release: le schede hanno {n} errori di validazione: non pubblico nulla finché non sono "
                   "corretti. Esegui «tohome validate» per vederli.",
        "empty": "tohome release: non ci sono schede in {where}: niente da pubblicare.",
        "unreadable": "tohome release: una pubblicazione già presente non si legge ({error}). Correggila o rimuovila.",
        "not_allowed": "tohome release: una tabella usa il campo «{field}», che lo schema non segna come "
                       "pubblicabile. Non pubblico nulla.",
        "refused": "tohome release: rifiuto di pubblicare il periodo {period}: insieme alle pubblicazioni già presenti "
                   "({others}) permetterebbe di ricostruire {n} valori nascosti. Per esempio:",
        "cell": "  - {where}: si ricava che sta tra {low} e {high}",
        "refused_hint": "Nessun file è stato scritto. Pubblica periodi che non si sovrappongono (per esempio solo anni "
                        "interi) oppure togli la pubblicazione che lo consente.",
        "done": "Pubblicato {period} in {folder}: {tables} tabelle, {hidden} valori soppressi ({primary} primari, "
                "{secondary} complementari) su {cells}; verifica: {checked} valori nascosti in tutte le pubblicazioni "
                "({periods}) controllati con {lps} programmi lineari ({ips} interi) in {lp:.2f} s; "
                "tempo totale {total:.2f} s.",
        "synthetic": "Attenzione: dati sintetici (le schede sono inventate); la pubblicazione lo dichiara.",
        "none": "nessuna",
    },
    "en": {
        "period": "tohome release: invalid period '{period}'. Use YYYY (2020), YYYY-Hn (2020-H1) or YYYY-Qn (2020-Q4).",
        "invalid": "tohome release: the records have {n} validation errors: nothing is published until they are "
                   "fixed. Run 'tohome validate' to see them.",
        "empty": "tohome release: no records in {where}: nothing to publish.",
        "unreadable": "tohome release: a release already present cannot be read ({error}). Fix or remove it.",
        "not_allowed": "tohome release: a table uses the field '{field}', which the schema does not mark publishable. "
                       "Nothing is published.",
        "refused": "tohome release: refusing to publish {period}: together with the releases already present "
                   "({others}) it would let a reader recompute {n} hidden values. For example:",
        "cell": "  - {where}: it lies between {low} and {high}",
        "refused_hint": "No file was written. Publish periods that do not overlap (e.g. whole years only) or remove "
                        "the release that allows it.",
        "done": "Published {period} in {folder}: {tables} tables, {hidden} values suppressed ({primary} primary, "
                "{secondary} complementary) out of {cells}; audit: {checked} hidden values across all releases "
                "({periods}) checked with {lps} linear programmes ({ips} integer) in {lp:.2f} s; "
                "total time {total:.2f} s.",
        "synthetic": "Note: synthetic data (the records are invented); the release says so.",
        "none": "none",
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


def _number(value: float) -> str:
    return "∞" if value == float("inf") else f"{value:.0f}" if abs(value - round(value)) < 1e-6 else f"{value:.2f}"


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    text = TEXT[args.lang]
    try:
        period = _period(args.period)
    except periods.PeriodError:
        print(text["period"].format(period=args.period), file=sys.stderr)
        return 2
    workspace = open_workspace(args.root, args.lang)
    project = workspace.project
    report = validate([project.records], workspace.settings)
    if report.errors():
        print(text["invalid"].format(n=len(report.errors())), file=sys.stderr)
        return 1
    files, _odd = discover([project.records])
    records = [loader.load_path(path).data for path in files]
    if not records:
        print(text["empty"].format(where=project.records), file=sys.stderr)
        return 1
    try:
        committed = reader.read_all(project.releases, skip=period.code)
    except reader.ReleaseReadError as error:
        print(text["unreadable"].format(error=error), file=sys.stderr)
        return 1
    from tohome_tools.release import build   # scipy loads only when a release is made

    try:
        made = build.make(records, workspace.programme, load_schema(project.household_schema), period, committed)
    except PublicationError as error:
        print(text["not_allowed"].format(field=error), file=sys.stderr)
        return 1
    if not made.ok:
        failures = made.history.audit.failures or made.outcome.audit.failures
        others = ", ".join(sorted(r.period for r in committed)) or text["none"]
        print(text["refused"].format(period=period.code, others=others, n=len(failures)), file=sys.stderr)
        for failure in failures[:10]:
            print(text["cell"].format(where=_where(failure.var), low=_number(failure.low),
                                      high=_number(failure.high)), file=sys.stderr)
        print(text["refused_hint"], file=sys.stderr)
        return 1
    publication = workspace.programme.raw["publication"]
    writer.write(project.releases, made.release, publication["licence"], workspace.programme.name)
    cells = sum(1 for _ in made.release.cells())
    audit = made.outcome.audit
    print(text["done"].format(period=period.code, folder=project.releases / period.code,
                              tables=len(made.release.tables), hidden=len(made.outcome.hidden),
                              primary=len(made.outcome.primary), secondary=len(made.outcome.secondary),
                              cells=cells, checked=made.history.audit.checked,
                              periods=", ".join(made.history.periods),
                              lps=audit.programmes + made.history.audit.programmes,
                              ips=audit.integer_programmes + made.history.audit.integer_programmes,
                              lp=audit.seconds + made.history.audit.seconds,
                              total=time.perf_counter() - started))
    if made.release.synthetic:
        print(text["synthetic"])
    return 0
