"""Every command reads each record file once: validation and the command's own work share one pass
(issue 11). Watched from outside the code under test: a Python audit hook counts every `open` of a
file under records/ while the real command runs in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import CI, NO_DEBUG_NO_LANG, copy_project, user_env

WATCH = r'''
import collections, json, os, sys
opens = collections.Counter()
records = os.path.realpath("records") + os.sep
def hook(event, args):
    if event == "open" and not isinstance(args[0], int):
        path = os.path.realpath(os.fsdecode(args[0]))
        if path.startswith(records):
            opens[os.path.relpath(path, records)] += 1
sys.addaudithook(hook)
from tohome_tools.cli.main import main
try:
    code = main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
sys.stdout.flush()
sys.stderr.write("\nOPENS " + json.dumps(dict(opens)) + "\n")
'''

COMMANDS = {
    "validate": ["validate", "--jobs", "1"],
    "validate-one": ["validate", "records/TH-4-0001.yaml", "--jobs", "1"],
    "budget": ["budget", "--as-of", "2019-06-30"],
    "deadlines": ["deadlines", "--as-of", "2019-06-30"],
    "indicators": ["indicators", "--period", "2019"],
    "sheet": ["sheet", "TH-4-0001", "--as-of", "2020-12-31", "--out", "scheda.html"],
    "release": ["release", "--period", "2019"],
}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("onepass") / "project", "config", "schemas", "records", "release")


def opens_of(root: Path, args: list[str]) -> dict[str, int]:
    done = subprocess.run([sys.executable, "-c", WATCH, *args], cwd=root, capture_output=True, text=True,
                          env=user_env(NO_DEBUG_NO_LANG),
                          timeout=600, stdin=subprocess.DEVNULL)
    marker = [line for line in done.stderr.splitlines() if line.startswith("OPENS ")]
    assert marker, done.stderr
    return json.loads(marker[-1][len("OPENS "):])


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_record_is_read_once(project, name):
    if name == "release":
        pytest.importorskip("scipy")
    opens = opens_of(project, COMMANDS[name])
    assert opens, "the watch saw no record: it would pass for nothing"
    assert max(opens.values()) == 1, {f: n for f, n in opens.items() if n > 1}
    # a named file is checked with the rules across records, so the others are read too (once); the
    # sheet reads the others once to be sure no other file holds its household's ID (issue 24)
    expected = len(list((project / "records").glob("*.yaml")))
    assert len(opens) == expected


def test_the_watch_counts_a_second_read(project):
    """The hook is not blind: reading a record twice in the watched process counts 2."""
    script = WATCH.replace("from tohome_tools.cli.main import main",
                           "open('records/TH-4-0001.yaml').read(); from tohome_tools.cli.main import main")
    done = subprocess.run([sys.executable, "-c", script, "validate", "records/TH-4-0001.yaml", "--jobs", "1"],
                          cwd=project, capture_output=True, text=True, env=user_env(CI), timeout=300)
    opens = json.loads([line for line in done.stderr.splitlines() if line.startswith("OPENS ")][-1][6:])
    assert opens["TH-4-0001.yaml"] == 2 and max(n for f, n in opens.items() if f != "TH-4-0001.yaml") == 1
