"""The staff guide: editing a record in git, `tohome new`, `tohome validate`, reading the errors.

The examples are real: `run_examples` runs the `tohome` command in a throwaway project with
synthetic records (never the real records/) and `page` puts its output in the page, so the guide
always shows what the tool prints today.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tohome_tools.site.markdown import GENERATED, mask_record_ids

SEED = 11  # synthetic records for the examples: same seed, same page


@dataclass(frozen=True)
class Run:
    command: str
    output: str
    returncode: int


@dataclass(frozen=True)
class Examples:
    new: Run
    template_head: str
    clean: Run
    broken: Run
    broken_json: Run
    record_name: str
    example_id: str     # the shape of an ID in this programme, masked: TH-4-nnnn


# Runs the real command line (`tohome_tools.cli.main.main`, what the `tohome` script calls) for each
# command in one separate interpreter: one start-up instead of one per command, and the site's own
# process never imports the record machinery. Commands come as JSON lines on stdin; each answer is a
# JSON line with what the user would have seen on the terminal and the exit code.
_RUNNER = """
import contextlib, io, json, sys
from tohome_tools.cli.main import main
for line in sys.stdin:
    argv = json.loads(line)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = main(argv)
        except SystemExit as stop:
            code = stop.code
    print(json.dumps([out.getvalue(), code]), file=sys.__stdout__, flush=True)
"""


class _Session:
    def __init__(self, root: Path):
        env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "CI", "TOHOME_LANG")}
        self.root = root
        self.process = subprocess.Popen([sys.executable, "-c", _RUNNER], cwd=root, env=env, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, start_new_session=True)

    def run(self, *args: str) -> Run:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(list(args)) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"tohome {' '.join(args)}: the example runner stopped")
        output, code = json.loads(line)
        shown = mask_record_ids(output.replace(str(self.root) + os.sep, "").rstrip())
        return Run(mask_record_ids("tohome " + " ".join(args)), shown, code)

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=60)


def _break(text: str) -> str:
    """Two typical mistakes: an Italian word where the schema wants a code, a district of another lot."""
    text = re.sub(r"(prevention:\n  level: )\w+", r"\1primaria", text, count=1)
    return re.sub(r"^district: C\d+", "district: C8", text, count=1, flags=re.M)


def run_examples(project_root: Path, lot: int) -> Examples:
    """Run the real commands in a temporary copy of the configuration and schemas (`tohome new` for
    the given lot of the programme)."""
    with tempfile.TemporaryDirectory(prefix="tohome-guide-") as tmp:
        root = Path(tmp)
        shutil.copytree(project_root / "config", root / "config")
        shutil.copytree(project_root / "schemas", root / "schemas")
        (root / "records").mkdir()
        session = _Session(root)
        try:
            new = session.run("new", "--lot", str(lot))
            created = sorted((root / "records").glob("*.yaml"))[0]
            example_id = mask_record_ids(created.stem)
            head = mask_record_ids("\n".join(created.read_text(encoding="utf-8").splitlines()[:9]))
            created.unlink()
            session.run("synth", "--households", "2", "--seed", str(SEED))
            clean = session.run("validate")
            first = sorted((root / "records").glob("*.yaml"))[0]
            first.write_text(_break(first.read_text(encoding="utf-8")), encoding="utf-8")
            broken = session.run("validate")
            broken_json = session.run("validate", first.relative_to(root).as_posix(), "--format", "json")
        finally:
            session.close()
        return Examples(new, head, clean, broken, broken_json, mask_record_ids(first.name), example_id)


def _block(run: Run, language: str = "text") -> str:
    return f"```console\n$ {run.command}\n```\n\n```{language}\n{run.output}\n```\n"


def page(examples: Examples) -> str:
    name, example = examples.record_name, examples.example_id
    return "\n".join([
        GENERATED,
        "# Lavorare con le schede\n",
        "Una guida per gli operatori che compilano le schede dei nuclei. Gli esempi di questa pagina "
        "sono **veri**: sono stati prodotti eseguendo i comandi su schede sintetiche quando il sito è "
        "stato generato. Il sito pubblico non mostra codici di schede: nei codici le quattro cifre finali "
        "sono sostituite da `nnnn`.\n",
        "## Dove stanno le schede\n",
        "Ogni progetto di un nucleo è un file di testo (YAML) nella cartella `records/` di un archivio "
        f"git **privato**, chiamato con il codice del progetto: `records/{example}.yaml`. Le persone "
        "non sono mai indicate per nome: i componenti hanno chiavi come `M1`, `M2`, gli operatori i "
        "loro codici interni. I campi, i loro nomi in italiano e i valori ammessi sono nel "
        "[dizionario dei dati](dizionario.md) (per i campi pubblicabili) e nei commenti del modello.\n",
        "## Modificare una scheda con git\n",
        "1. Aggiorna la tua copia: `git pull`.\n"
        f"2. Apri una tua linea di lavoro: `git switch -c aggiorna-{example}`.\n"
        "3. Modifica il file con l'editor (VS Code suggerisce i campi e mostra i titoli in italiano).\n"
        f"4. Controlla la scheda: `tohome validate records/{example}.yaml` (vedi sotto).\n"
        f"5. Registra la modifica: `git add records/{example}.yaml` e "
        f"`git commit -m \"{example}: pagamento di marzo\"`.\n"
        "6. Invia e chiedi la revisione: `git push`, poi apri la richiesta di modifica.\n",
        "Il controllo automatico dell'archivio rifà lo stesso `tohome validate` su ogni modifica.\n",
        "## Creare una scheda nuova: `tohome new`\n",
        "`tohome new --lot N` sceglie il primo codice libero del lotto e scrive un modello commentato:\n",
        _block(examples.new),
        "Le prime righe del modello:\n",
        f"```yaml\n{examples.template_head}\n```\n",
        "## Controllare le schede: `tohome validate`\n",
        "Senza argomenti controlla tutta la cartella `records/`. Quando tutto va bene:\n",
        _block(examples.clean),
        "Il comando esce con codice 0 se non ci sono errori, 1 se ci sono errori (con `--strict` "
        "anche per i soli avvisi), 2 se il comando è usato male o la configurazione non è valida.\n",
        "## Leggere gli errori\n",
        f"Qui la scheda `{name}` contiene due errori tipici: il livello di prevenzione scritto in "
        "italiano (`primaria`) invece del codice (`primary`) e una circoscrizione che non appartiene "
        "al lotto della scheda.\n",
        _block(examples.broken),
        "Ogni riga dice, nell'ordine:\n\n"
        "- **dove**: file, riga e colonna (`records/...yaml:12:10`), da aprire nell'editor;\n"
        "- **quanto è grave**: `errore` (la scheda va corretta) o `avviso` (da verificare);\n"
        "- **quale controllo**: il codice della regola o dello schema, spiegato nelle "
        "[regole di controllo](regole.md);\n"
        "- **cosa non va** e, dopo, **come correggere**.\n",
        "Per altri programmi (fogli di calcolo, controlli automatici) lo stesso risultato è "
        "disponibile in JSON con `--format json`:\n",
        _block(examples.broken_json, "json"),
    ])
