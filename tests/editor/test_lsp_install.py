"""The language server is an optional part (`pip install 'tohome-tools[editor]'`): without it `tohome
lsp` says what to install, and no other command ever loads pygls."""

from __future__ import annotations

import subprocess
import sys

from helpers import user_env, without

BLOCKED = without("pygls", "lsprotocol")


def run(project, *args):
    return subprocess.run([sys.executable, "-c", BLOCKED, *args], cwd=project, capture_output=True, text=True,
                          env=user_env(), timeout=120, stdin=subprocess.DEVNULL)


def test_lsp_without_the_editor_part_says_what_to_install(project_copy):
    for lang, words in (("it", "pip install 'tohome-tools[editor]'"), ("en", "Install the editor part")):
        done = run(project_copy, "lsp", "--lang", lang)
        assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr, done.stderr
        assert "«pygls»" in done.stderr or "'pygls'" in done.stderr


def test_the_other_commands_work_without_the_editor_part(project_copy):
    done = run(project_copy, "validate")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    done = run(project_copy, "lsp", "--help")
    assert done.returncode == 0 and "--as-of" in done.stdout


def test_no_command_but_lsp_loads_pygls():
    code = ("import sys; from tohome_tools.cli.main import build_parser; build_parser(); "
            "print(sorted(m for m in sys.modules if m.startswith(('pygls', 'lsprotocol', 'tohome_tools.editor'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=user_env(), timeout=120)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
