"""The `tohome` command line: parses options, calls the core, prints. Subcommands live in
`tohome_tools.cli.commands`, one module each, discovered at start-up (a run imports only its own)."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import signal
import sys
import threading

from tohome_tools.cli import commands, extras, formats, stdout
from tohome_tools.cli.texts import texts
from tohome_tools.core.errors import ConfigError, Terminated
from tohome_tools.core.findings import Report
from tohome_tools.core.safetext import SafeStream
from tohome_tools.i18n import argparse_words, help_words
from tohome_tools.i18n.phrases import os_reason
from tohome_tools.io import atomic
from tohome_tools.io.workers import WorkerLost
from tohome_tools.programme.project import ProjectNotFound

TEXT = {
    "it": {
        "no_project": "Non trovo il progetto: nessuna cartella da {where} in su contiene config/programme.yaml e schemas/. "
                      "Spostati nella cartella del repository o usa --root.",
        "config": "La configurazione del programma non è valida:",
        "environment": "tohome: {path}: {reason}. Nessun file è stato modificato a metà: controlla il percorso, lo "
                       "spazio libero e i permessi, poi riprova.",
        "internal": "Errore interno di tohome ({kind}: {error}). Rilancia con TOHOME_DEBUG=1 per i dettagli e segnalalo.",
        "stdout": "tohome: uscita standard: {reason}. Il risultato è incompleto o manca: controlla dove va l'uscita "
                  "(lo spazio libero, i permessi, un'uscita chiusa) e riprova.",
        "interrupted": "Interrotto.",
        "publish": "tohome: questo comando pubblica (release o sito) e ha bisogno di «{module}», che non è "
                   "installato. Installa la parte di pubblicazione: pip install 'tohome-tools[publish]' "
                   "(dalla cartella del progetto: pip install -e '.[publish]').",
        "pdf": "tohome: per scrivere il PDF serve «{module}», che non è installato. Installa la parte per i PDF: "
               "pip install 'tohome-tools[pdf]' (dalla cartella del progetto: pip install -e '.[pdf]'), oppure "
               "scrivi l'HTML con --out e stampalo dal browser.",
        "worker_lost": "tohome: un processo di controllo è stato fermato dal sistema ({why}), forse per mancanza "
                       "di memoria. Nessun file è stato modificato: riprova con --jobs 1.",
        "editor": "tohome: il server per gli editor ha bisogno di «{module}», che non è installato. Installa la parte "
                  "per gli editor: pip install 'tohome-tools[editor]' (dalla cartella del progetto: "
                  "pip install -e '.[editor]').",
    },
    "en": {
        "no_project": "Project not found: no folder from {where} upwards holds config/programme.yaml and schemas/. "
                      "Move into the repository folder or use --root.",
        "config": "The programme configuration is not valid:",
        "environment": "tohome: {path}: {reason}. No file was left half written: check the path, the free space "
                       "and the permissions, then try again.",
        "internal": "tohome internal error ({kind}: {error}). Run again with TOHOME_DEBUG=1 for details and report it.",
        "stdout": "tohome: standard output: {reason}. The result is incomplete or missing: check where the output "
                  "goes (free space, permissions, a closed output) and try again.",
        "interrupted": "Interrupted.",
        "publish": "tohome: this command publishes (release or site) and needs '{module}', which is not installed. "
                   "Install the publishing part: pip install 'tohome-tools[publish]' (from the project folder: "
                   "pip install -e '.[publish]').",
        "pdf": "tohome: writing the PDF needs '{module}', which is not installed. Install the PDF part: "
               "pip install 'tohome-tools[pdf]' (from the project folder: pip install -e '.[pdf]'), or write "
               "the HTML with --out and print it from the browser.",
        "worker_lost": "tohome: a checking process was stopped by the system ({why}), perhaps for lack of memory. "
                       "No file was changed: try again with --jobs 1.",
        "editor": "tohome: the editor server needs '{module}', which is not installed. Install the editor part: "
                  "pip install 'tohome-tools[editor]' (from the project folder: pip install -e '.[editor]').",
    },
}


def _language(argv: list[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1] if argv[i + 1] in TEXT else "it"
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in TEXT else "it"
    return os.environ.get("TOHOME_LANG", "it") if os.environ.get("TOHOME_LANG") in TEXT else "it"


def build_parser(lang: str = "it", command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of `command` alone (what a run of that command needs)."""
    parser = _build_parser(command)
    help_words.in_language(parser, lang)
    return parser


def _named_command(argv: list[str]) -> str | None:
    """The command an argument list names, when it is one of ours (it comes first: the options before
    it are only --help, --version and --lang)."""
    rest = argv[2:] if argv[:1] == ["--lang"] else argv[1:] if argv[:1] and argv[0].startswith("--lang=") else argv
    if rest and rest[0] in _command_names():
        return rest[0]
    return None


def _command_names() -> list[str]:
    return sorted(info.name for info in pkgutil.iter_modules(commands.__path__))


def _build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tohome", description=(
        "Strumenti per le schede dei progetti di inclusione abitativa: validazione, budget, scadenze, scheda di "
        "progetto, statistiche pubblicate."))
    parser.add_argument("--version", action="version", version="tohome 0.1.0", help="mostra la versione ed esce")
    # also before the command (`tohome --lang en --help`); `_language` reads it from the command line
    parser.add_argument("--lang", dest="global_lang", choices=sorted(TEXT), default=argparse.SUPPRESS,
                        help="lingua dei messaggi (it, en)")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=sorted(TEXT), default=None, help="lingua dei messaggi (it, en)")
    common.add_argument("--root", default=None, help="cartella del repository (di solito trovata da sola)")
    sub = parser.add_subparsers(dest="command", metavar="COMANDO")
    sub.required = True
    # a run imports only its own command: the others bring large libraries (scipy, matplotlib) with them
    for name in [only] if only else _command_names():
        module = importlib.import_module(f"{commands.__name__}.{name}")
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP, parents=[common])
        module.configure(command)
        command.set_defaults(handler=module.run)
    return parser


def _terminate(signum, frame):
    raise Terminated()


def _interrupt(signum, frame):
    raise KeyboardInterrupt()


def _signal_again(unraisable) -> None:
    """A signal whose exception landed where Python cannot raise it (a callback during an import,
    a finaliser) would be printed and lost: raise it again a moment later, in ordinary code."""
    global _pending
    if isinstance(unraisable.exc_value, (Terminated, KeyboardInterrupt)):
        _pending = unraisable.exc_value
        signal.signal(signal.SIGALRM, _raise_pending)
        signal.setitimer(signal.ITIMER_REAL, 0.01)
    else:
        sys.__unraisablehook__(unraisable)


_pending: BaseException | None = None


def _raise_pending(signum, frame):
    raise type(_pending)()


def run() -> int:
    """The `tohome` command. An interrupted run leaves without the interpreter's teardown: every
    `finally` (temporary files) has already run by then, and the teardown would wait on validation
    workers and pool threads that the interruption left in an unknown state."""
    code = main(exiting=True)
    if code in (130, 143):
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)
    return code


def main(argv: list[str] | None = None, exiting: bool = False) -> int:
    """Run one command. With `exiting` (the `tohome` process itself) signals stay ignored after it,
    so a late one cannot interrupt the interpreter's exit; an in-process caller (a test, a script)
    gets its own handlers back."""
    global _pending
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _language(argv)
    text = TEXT[lang]
    main_thread = threading.current_thread() is threading.main_thread()
    closed = stdout.reopen_closed() if exiting else set()   # cron's `>&-`: no file may take descriptor 1
    if exiting and sys.stderr is None:   # closed: its messages go to /dev/null, the exit code still tells
        sys.stderr = os.fdopen(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)
    if hasattr(sys.stderr, "reconfigure"):   # a terminal that cannot show «», € or è gets escapes
        sys.stderr.reconfigure(errors="backslashreplace")
    real_stdout, real_stderr = sys.stdout, sys.stderr
    if sys.stdout is None or sys.stdout is sys.__stdout__:   # not a test's capture: the real descriptor
        sys.stdout = stdout.StandardOutput(None if sys.stdout is None or 1 in closed else 1)
    sys.stderr = SafeStream(real_stderr)   # messages quote names and values: no escape code gets through
    before = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) if main_thread else None
    try:
        if main_thread:
            signal.signal(signal.SIGINT, _interrupt)
            signal.signal(signal.SIGTERM, _terminate)
            sys.unraisablehook = _signal_again
        code = _dispatch(argv, lang, text)
        if _pending is not None:   # a swallowed signal that the timer had no time to raise again
            raise type(_pending)()
        return code
    except (KeyboardInterrupt, Terminated) as stop:
        if main_thread:   # a second Ctrl-C must not interrupt the clean-up
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        atomic.remove_leftovers()
        print(text["interrupted"], file=sys.stderr)
        return 130 if isinstance(stop, KeyboardInterrupt) else 143
    finally:
        sys.stdout, sys.stderr = real_stdout, real_stderr
        if main_thread and _pending is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, signal.SIG_IGN)
            _pending = None
        if main_thread:   # the work is done: a late signal must not interrupt the interpreter's exit
            signal.signal(signal.SIGINT, signal.SIG_IGN if exiting else before[0])
            signal.signal(signal.SIGTERM, signal.SIG_IGN if exiting else before[1])
            sys.unraisablehook = sys.__unraisablehook__


def _interruption(error: BaseException) -> BaseException | None:
    """The Ctrl-C or SIGTERM behind an exception that Python raised in its place, if any."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, (KeyboardInterrupt, Terminated)):
            return error
        error = error.__cause__ or error.__context__
    return None


def _dispatch(argv: list[str], lang: str, text: dict) -> int:
    argparse_words.speak(lang)
    args = None
    try:
        try:
            args = build_parser(lang, _named_command(argv)).parse_args(argv)  # exits 2 on bad usage, as argparse does
        except SystemExit:   # --help and --version print first
            sys.stdout.flush()
            raise
        args.lang = args.lang or lang
        code = args.handler(args)
        sys.stdout.flush()   # here, not at exit: a full disk or a closed output is this run's failure
        return code
    except ProjectNotFound as error:
        print(text["no_project"].format(where=error), file=sys.stderr)
        return 2
    except ConfigError as error:
        words = texts(getattr(args, "lang", None) or lang)
        shape = getattr(args, "format", None)
        if shape in ("json", "github"):   # what the caller reads: the findings in the form it asked for
            sys.stdout.write(formats.render(Report(list(error.findings)), shape, words))
            sys.stdout.flush()
        print(text["config"], file=sys.stderr)
        for finding in error.findings:
            print("  " + formats.finding_line(finding, words), file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except OSError as error:   # the machine said no (disk full, read-only, permission, name too long)
        if os.environ.get("TOHOME_DEBUG"):
            raise
        reason = os_reason(error, lang)
        if error.filename == stdout.NAME:
            print(text["stdout"].format(reason=reason or error), file=sys.stderr)
        else:
            print(text["environment"].format(path=error.filename or "?", reason=reason or error), file=sys.stderr)
        return 2
    except WorkerLost as error:
        if error.signum == signal.SIGTERM:
            raise Terminated() from None
        if error.signum == signal.SIGINT:
            raise KeyboardInterrupt() from None
        why = f"signal {error.signum}" if error.signum else f"exit {error.exitcode}"
        print(text["worker_lost"].format(why=why), file=sys.stderr)
        return 2
    except Exception as error:  # noqa: BLE001 - the user gets a sentence, not a traceback
        stop = _interruption(error)
        if stop is not None:   # e.g. Ctrl-C while a class was being made, which Python re-wraps
            raise stop from None
        if isinstance(error, ModuleNotFoundError) and extras.extra_of(error.name):
            print(text[extras.extra_of(error.name)].format(module=error.name), file=sys.stderr)
            return 2
        if os.environ.get("TOHOME_DEBUG"):
            raise
        print(text["internal"].format(kind=type(error).__name__, error=error), file=sys.stderr)
        return 3
