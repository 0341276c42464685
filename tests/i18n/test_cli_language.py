"""The command line speaks the user's language, argparse's own words included."""

from __future__ import annotations

from helpers import tohome

ENGLISH_WORDS = ("usage:", "options:", "error:", "unrecognized", "required", "invalid", "show this help")


def test_usage_errors_and_help_are_in_italian(project_copy):
    for args, says in ((["validate", "--bogus"], "errore: argomenti non riconosciuti: --bogus"),
                       (["release"], "errore: mancano gli argomenti obbligatori: --period"),
                       (["validate", "--jobs", "x"], "argomento --jobs: valore non valido: 'x'"),
                       (["budget", "--format", "xml"], "scelta non valida: 'xml'")):
        done = tohome(*args, cwd=project_copy)
        assert done.returncode == 2, (args, done.stderr)
        assert says in done.stderr and done.stderr.startswith("uso: tohome"), done.stderr
        assert not any(word in done.stderr for word in ENGLISH_WORDS), done.stderr
    helped = tohome("validate", "--help", cwd=project_copy)
    assert helped.returncode == 0 and "opzioni:" in helped.stdout and "mostra questo aiuto ed esce" in helped.stdout
    assert not any(word in helped.stdout for word in ENGLISH_WORDS), helped.stdout


def test_english_keeps_argparse_english(project_copy):
    done = tohome("validate", "--lang", "en", "--bogus", cwd=project_copy)
    assert done.returncode == 2 and "error: unrecognized arguments: --bogus" in done.stderr
    assert done.stderr.startswith("usage: tohome")


def test_an_impossible_day_is_named_not_blamed_on_the_format(project_copy):
    import json

    from helpers import EXAMPLES

    text = (EXAMPLES / "valid" / "full" / "TH-4-0001.yaml").read_text(encoding="utf-8")
    assert '"2019-01-21"' in text
    (project_copy / "records" / "TH-4-0001.yaml").write_text(text.replace('"2019-01-21"', '"2019-02-30"', 1),
                                                           encoding="utf-8")
    findings = json.loads(tohome("validate", "--format", "json", cwd=project_copy).stdout)
    assert [f["code"] for f in findings] == ["invalid-date"], findings
    assert "Il giorno 30 del mese 2 del 2019 non esiste" in findings[0]["hint"]
    assert "AAAA-MM-GG" not in findings[0]["hint"]
    (project_copy / "records" / "TH-4-0001.yaml").write_text(text.replace('"2019-01-21"', '"21/01/2019"', 1),
                                                           encoding="utf-8")
    findings = json.loads(tohome("validate", "--format", "json", cwd=project_copy).stdout)
    assert "AAAA-MM-GG" in findings[0]["hint"], findings


def _titles(node, found):
    if isinstance(node, dict):
        if "title" in node:
            found.append((node["title"], node.get("x-title-en")))
        for value in node.values():
            _titles(value, found)
    elif isinstance(node, list):
        for value in node:
            _titles(value, found)
    return found


def test_english_messages_name_fields_in_english(project_copy):
    """`--lang en` used to quote the Italian field titles ("'Data della proposta': ...")."""
    import json

    from helpers import EXAMPLES, ROOT

    titles = _titles(json.loads((ROOT / "schemas" / "household.schema.json").read_text(encoding="utf-8")), [])
    assert all(english for _, english in titles), [it for it, english in titles if not english]
    text = (EXAMPLES / "valid" / "full" / "TH-4-0001.yaml").read_text(encoding="utf-8")
    broken = text.replace('"2019-01-21"', '"2019-02-30"', 1).replace("lot: 4\n", "lot: 4.5\n", 1)
    broken = broken.replace("level: secondary", "level: secondaria", 1)
    broken = broken.replace("monthly_amount: 250.00", "monthly_amount: 250.005", 1)
    (project_copy / "records" / "TH-4-0001.yaml").write_text(broken, encoding="utf-8")
    found = json.loads(tohome("validate", "--format", "json", "--lang", "en", cwd=project_copy).stdout)
    assert len(found) >= 3, found
    italian_only = {it for it, english in titles if it != english}
    for finding in found:
        said = finding["message"] + " " + finding["hint"]
        assert not any(f"'{title}'" in said or f"«{title}»" in said for title in italian_only), said
    assert any("'Lot'" in f["message"] for f in found), found


def test_english_help_is_english_for_every_command(project_copy):
    """Every command's --help with --lang en, read as a user reads it: no Italian word left."""
    import re

    from test_one_language import ITALIAN_ONLY

    listed = tohome("--help", cwd=project_copy, env_extra={"TOHOME_LANG": "en"})
    assert listed.returncode == 0 and "COMMAND" in listed.stdout and "Tools for" in listed.stdout, listed.stdout
    commands = re.findall(r"^    ([a-z]+)\b", listed.stdout, re.M)
    assert len(commands) >= 10, commands
    for command in commands:
        shown = tohome(command, "--lang", "en", "--help", cwd=project_copy)
        assert shown.returncode == 0, (command, shown.stderr)
        text = re.sub(r"\b\w+_\w+\b|«[^»]*»|'[^']*'|TH-4-0012\S*|th-4-0012", " ", shown.stdout)
        words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
        assert not words & (ITALIAN_ONLY | {"predefinito", "schede", "cartella", "scadenze", "nucleo"}), \
            (command, words & ITALIAN_ONLY)
        italian = tohome(command, "--help", cwd=project_copy, unset=("TOHOME_LANG", "CI", "GITHUB_ACTIONS"))
        assert "opzioni:" in italian.stdout and italian.stdout != shown.stdout, command


def test_the_language_may_come_before_the_command_and_the_version_speaks_it(project_copy):
    """`tohome --lang en --help` was an error (en taken for a command); --version's help was English."""
    for before in (["--lang", "en"], ["--lang=en"]):
        shown = tohome(*before, "--help", cwd=project_copy)
        assert shown.returncode == 0 and shown.stdout.startswith("usage: tohome"), shown.stderr
        assert "show the version and exit" in shown.stdout and "mostra" not in shown.stdout
        wrong = tohome(*before, "validate", "--bogus", cwd=project_copy)
        assert wrong.returncode == 2 and "error: unrecognized arguments: --bogus" in wrong.stderr
    italian = tohome("--help", cwd=project_copy)
    assert "mostra la versione ed esce" in italian.stdout and "show program" not in italian.stdout
    assert not any(word in italian.stdout for word in ENGLISH_WORDS), italian.stdout
    version = tohome("--lang", "en", "--version", cwd=project_copy)
    assert version.returncode == 0 and version.stdout.startswith("tohome ")
