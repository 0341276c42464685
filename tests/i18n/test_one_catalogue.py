"""One catalogue: the project's own sentences live in `tohome_tools.i18n`, never in a switch on the
language written where they are used.

Read from the source: no module outside `i18n/` compares a language (`lang`, `args.lang`,
`self.lang`...) with a literal, every entry of the catalogue says the same things in Italian and
English (the same placeholders), and every entry is asked for somewhere.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

from tohome_tools.i18n import phrases

PACKAGE = Path(__file__).resolve().parents[2] / "tohome_tools"
I18N = PACKAGE / "i18n"


def _modules(outside: Path | None = None) -> dict[str, ast.Module]:
    return {str(path.relative_to(PACKAGE.parent)): ast.parse(path.read_text(encoding="utf-8"))
            for path in sorted(PACKAGE.rglob("*.py")) if outside is None or not path.is_relative_to(outside)}


def _is_language(node: ast.AST) -> bool:
    return (isinstance(node, ast.Name) and node.id == "lang") or (isinstance(node, ast.Attribute) and node.attr == "lang")


def _is_literal(node: ast.AST) -> bool:
    """A string, or a tuple, list or set of strings (`lang in ("it", "en")` names languages too)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    return isinstance(node, (ast.Tuple, ast.List, ast.Set)) and bool(node.elts) and all(map(_is_literal, node.elts))


def language_switches(tree: ast.Module) -> list[int]:
    """Lines comparing a language with a literal: `lang == "it"`, `args.lang != "en"`, `lang in (...)`."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(map(_is_language, operands)) and any(map(_is_literal, operands)):
                lines.append(node.lineno)
    return sorted(lines)


def test_the_scan_sees_every_shape_of_switch():
    code = ('a = "x" if lang == "it" else "y"\nb = args.lang != "en"\nc = "en" == self.lang\n'
            'd = lang in ("it", "en")\ne = lang == other\nf = language == "it"\n')
    assert language_switches(ast.parse(code)) == [1, 2, 3, 4]


def test_no_language_switch_outside_i18n():
    found = [f"{name}:{line}" for name, tree in _modules(outside=I18N).items() for line in language_switches(tree)]
    assert found == [], "say it through tohome_tools.i18n (phrases.say, languages.choose):\n" + "\n".join(found)


def placeholders(template: str) -> set[str]:
    """The names a template fills in; a counted word `{n:P|one|{n} many}` is the placeholder `n`
    (and the fields inside its forms count too)."""
    names = set()
    for _text, field, spec, _conversion in string.Formatter().parse(template):
        if field is None:
            continue
        names.add(field.split(".")[0].split("[")[0])
        if spec:
            names |= placeholders(spec[2:] if spec[:2] in ("p|", "P|") else spec)
    return names


def test_placeholders_of_a_counted_word():
    assert placeholders("{n:P|un nucleo|{n} nuclei} in {seconds} s") == {"n", "seconds"}
    assert placeholders("{n:p|record|records} left") == {"n"}


def test_every_entry_is_in_both_languages_with_the_same_placeholders():
    assert phrases.CATALOGUE
    for key, entry in phrases.CATALOGUE.items():
        assert set(entry) == {"it", "en"}, key
        assert all(isinstance(text, str) and text for text in entry.values()), key
        assert placeholders(entry["it"]) == placeholders(entry["en"]), (key, entry)


def _imports_say(tree: ast.Module) -> bool:
    return any(isinstance(node, ast.ImportFrom) and node.module == phrases.__name__
               and any(alias.name == "say" and alias.asname is None for alias in node.names) for node in ast.walk(tree))


def _asked_for() -> set[str]:
    """The keys the code passes to the catalogue's `say` (imported by name, or as `phrases.say`) as
    literals: a computed key could not be checked here."""
    keys = set()
    for tree in _modules().values():
        by_name = _imports_say(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
                continue
            func = node.func
            if (by_name and isinstance(func, ast.Name) and func.id == "say") or (
                    isinstance(func, ast.Attribute) and func.attr == "say"
                    and isinstance(func.value, ast.Name) and func.value.id == "phrases"):
                keys.add(node.args[0].value)
    return keys


def test_every_entry_is_used_and_every_key_used_exists():
    asked = _asked_for()
    assert sorted(set(phrases.CATALOGUE) - asked) == [], "entries no code asks for"
    assert sorted(asked - set(phrases.CATALOGUE)) == [], "keys the catalogue does not have"


def test_say_formats_counts_and_falls_back_to_italian():
    key = next(k for k, e in phrases.CATALOGUE.items() if not placeholders(e["it"]))
    assert phrases.say(key, "de") == phrases.say(key, "it") == phrases.CATALOGUE[key]["it"]
    assert phrases.say(key, "en") == phrases.CATALOGUE[key]["en"]
