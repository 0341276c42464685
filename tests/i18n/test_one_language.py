"""Every finding reads in one language: the one asked for, from the first word to the last.

Run from outside, as a user would: `tohome validate --format json` over every invalid example (one
per rule and per kind of mistake) and over hostile YAML, in Italian and in English. The words a
user wrote (quoted in the message) are set aside; what is left must belong to the language asked.
"""

from __future__ import annotations

import json
import re
import shutil

from helpers import EXAMPLES, tohome

# Short words that only one of the two languages uses (none is a field name or a code).
ITALIAN_ONLY = {"il", "lo", "la", "della", "del", "dei", "delle", "non", "è", "dentro", "manca", "campo",
                "valore", "scheda", "oppure", "mese", "giorno", "prima", "dopo", "riga", "tra", "che"}
ENGLISH_ONLY = {"the", "is", "of", "not", "inside", "missing", "field", "value", "record", "before",
                "after", "line", "month", "day", "which", "and", "or"}
QUOTED = re.compile(r"\b\w+_\w+\b|«[^»]*»|'[^']*'|\"[^\"]*\"|\b[A-Z]{2,}-[0-9]-[0-9]{4}\S*|\S+\.ya?ml\S*")

HOSTILE_YAML = {
    "colon.yaml": "id: TH-1-0001\nnote: affitto: arretrato\n",
    "indent.yaml": "id: TH-1-0001\nhousehold:\n  members:\n    - key: A\n   role: x\n",
    "dash.yaml": "id: TH-1-0001\nlist:\n- a\n  - b\n",
    "bracket.yaml": "id: [TH-1-0001\n",
    "quote.yaml": "id: \"TH-1-0001\n",
    "tab.yaml": "id: TH-1-0001\nhousehold:\n\tmembers: []\n",
    "list.yaml": "- a\n- b\n",
    "empty.yaml": "",
    "twice.yaml": "id: a\nid: b\n",
    "bom.yaml": "# scheda\n\ufeffid: TH-4-0001\nlot: 4\n",
}


def _findings(project, lang: str) -> list[dict]:
    done = tohome("validate", "--lang", lang, "--format", "json", "records", cwd=project)
    assert done.returncode == 1, done.stderr
    return json.loads(done.stdout)


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[^\W\d_]+", QUOTED.sub(" ", text))}


def _project_with_every_mistake(project_copy):
    records = project_copy / "records"
    shutil.rmtree(records)
    for case in sorted((EXAMPLES / "invalid").iterdir()):
        shutil.copytree(case, records / case.name)
    for name, text in HOSTILE_YAML.items():
        (records / "hostile").mkdir(exist_ok=True)
        (records / "hostile" / name).write_text(text, encoding="utf-8")
    return project_copy


def test_each_finding_is_worded_in_the_language_asked_and_only_in_it(project_copy):
    project = _project_with_every_mistake(project_copy)
    italian, english = _findings(project, "it"), _findings(project, "en")
    assert len(italian) == len(english) > 60
    codes = {f["code"] for f in italian}
    assert {"yaml-syntax", "yaml-tabs", "yaml-not-mapping", "file-empty", "yaml-duplicate-key",
            "schema-required", "housing-cap", "duplicate-id"} <= codes, codes
    for it, en in zip(italian, english):
        assert (it["file"], it["line"], it["code"]) == (en["file"], en["line"], en["code"])
        for key in ("message", "hint"):
            assert not re.search(r"\{[a-z_]+\}", it[key] + en[key]), (it, en)   # every placeholder filled
        said_it, said_en = it["message"] + " " + it["hint"], en["message"] + " " + en["hint"]
        assert it["message"] != en["message"], it
        assert not _words(said_en) & ITALIAN_ONLY, (en, _words(said_en) & ITALIAN_ONLY)
        assert not _words(said_it) & ENGLISH_ONLY, (it, _words(said_it) & ENGLISH_ONLY)
        assert "«" not in QUOTED.sub("", en["message"]), en   # Italian quotes only around the user's words
        # every mistake here has a name: none falls back to quoting the YAML reader's English
        assert "il lettore YAML dice" not in it["message"] and "the YAML reader says" not in en["message"], (it, en)


def test_money_and_dates_take_the_language_format(project_copy):
    project = _project_with_every_mistake(project_copy)
    cap_it = next(f for f in _findings(project, "it") if f["code"] == "work-cap")
    cap_en = next(f for f in _findings(project, "en") if f["code"] == "work-cap")
    assert "600,01\xa0€" in cap_it["message"] and "€600.01" in cap_en["message"], (cap_it, cap_en)


def test_every_schema_title_has_its_english_title():
    """A field is named by its title in the reader's language: every schema the project reads
    (records, programme, indicator sets) gives both."""
    from helpers import ROOT

    for path in sorted((ROOT / "schemas").glob("*.schema.json")):
        missing = []

        def walk(node, where=""):
            if isinstance(node, dict):
                if isinstance(node.get("title"), str) and "x-title-en" not in node:
                    missing.append(f"{where}: {node['title']}")
                for key, value in node.items():
                    walk(value, f"{where}/{key}")
            elif isinstance(node, list):
                for i, value in enumerate(node):
                    walk(value, f"{where}/{i}")

        walk(json.loads(path.read_text(encoding="utf-8")))
        assert not missing, (path.name, missing)


def test_national_holidays_are_named_in_english(tmp_path):
    from helpers import copy_project

    project_copy = copy_project(tmp_path / "project", "config", "schemas", "records")
    shown = tohome("deadlines", "--lang", "en", "--all", cwd=project_copy).stdout
    assert "moved from" in shown and ("Republic Day" in shown or "All Saints' Day" in shown), shown[:2000]
    for italian in ("Capodanno", "Ognissanti", "Festa della Repubblica", "Pasquetta", "Ferragosto", "Natale"):
        assert italian not in shown, italian
    assert "Ognissanti" in tohome("deadlines", "--all", cwd=project_copy).stdout
