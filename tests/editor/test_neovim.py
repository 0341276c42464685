"""A real editor: Neovim (Debian's `neovim` package), headless, with its built-in LSP client set up by
editors/neovim/tohome.lua, the file the staff guide gives. It opens a bad record, and the
diagnostics read back from the editor are `tohome validate`'s; an unsaved edit that fixes the record
clears them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from helpers import COMMAND, EXAMPLES, NO_DEBUG_NO_LANG, ROOT, TESTS, copy_project, user_env
from lsp_client import validate_json

CASE = EXAMPLES / "invalid" / "housing-cap-planned" / "TH-4-0001.yaml"
NVIM = shutil.which("nvim")

pytestmark = pytest.mark.skipif(NVIM is None and os.environ.get("CI") != "true",
                                reason="Neovim is not installed (Debian: apt-get install neovim); CI installs it")


def run_neovim(root, record, lang: str, edit: dict | None = None) -> list[dict]:
    assert NVIM is not None, "Neovim must be installed in CI (.ci/run installs Debian's neovim)"
    out = root.parent / f"nvim-{lang}.json"
    env = user_env(NO_DEBUG_NO_LANG, {
        "TOHOME_NVIM_OUT": str(out), "XDG_STATE_HOME": str(root.parent / "state"),
        "XDG_CACHE_HOME": str(root.parent / "cache"), **({"TOHOME_NVIM_EDIT": json.dumps(edit)} if edit else {})})
    # the guide's set-up, with the server of this test run (the project copy has no .venv of its own)
    options = (f"let g:tohome_command = {json.dumps([*COMMAND, 'lsp'])} | let g:tohome_lang = '{lang}' | "
               f"luafile {ROOT / 'editors' / 'neovim' / 'tohome.lua'}")
    done = subprocess.run([NVIM, "--headless", "--clean", "--cmd", options, str(record.relative_to(root)),
                           "-c", f"luafile {TESTS / 'editor' / 'nvim_client.lua'}"],
                          cwd=root, env=env, capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
    assert out.exists(), (done.returncode, done.stdout[-2000:], done.stderr[-2000:])
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["it", "en"])
def test_neovim_shows_validate_findings_and_clears_them_on_an_unsaved_fix(tmp_path, lang):
    root = copy_project(tmp_path / "schede", "config", "schemas", empty_records=True)
    record = root / "records" / CASE.name
    shutil.copy(CASE, record)
    want = validate_json([(root, lang)])[0]
    assert want, "the example must give validate something to say"
    lines = record.read_text(encoding="utf-8").splitlines()
    row = next(n for n, line in enumerate(lines) if "monthly_amount: 50.01" in line)
    fixed = lines[row].replace("50.01", "50.00").split("#")[0].rstrip()

    first, after = run_neovim(root, record, lang, edit={"line": row, "text": fixed})

    assert first["clients"] == 1 and first["ok"], f"Neovim received no diagnostics: {first}"
    hint = {"it": "come correggere", "en": "how to fix"}[lang]
    got = sorted((d["lnum"] + 1, d["col"] + 1, d["code"], d["severity"], d["message"], d["source"])
                 for d in first["diagnostics"])
    assert got == sorted((f["line"], f["column"], f["code"], {"error": 1, "warning": 2}[f["severity"]],
                          f"{f['message']}\n{hint}: {f['hint']}", "tohome") for f in want)
    assert after["ok"] and after["diagnostics"] == [] and after["modified"], after
    assert record.read_text(encoding="utf-8") == CASE.read_text(encoding="utf-8"), "the record was not saved"
