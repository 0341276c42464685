"""File names that are not UTF-8 (a folder copied from an old Windows share, a Latin-1 tarball):
every command still reads them, names them, and `--changed-since` finds them in git's answer."""

from __future__ import annotations

import json
import os

from helpers import EXAMPLES, copy_project, git, tohome

RECORD = (EXAMPLES / "valid" / "full" / "TH-4-0001.yaml").read_bytes()
UTF8 = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}


def test_names_that_are_not_utf8_are_checked_named_and_found_as_changed(tmp_path):
    root = copy_project(tmp_path / "progetto", "config", "schemas", empty_records=True)
    (root / "records" / "TH-4-0001.yaml").write_bytes(RECORD)
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "prima")
    records = os.fsencode(root / "records")
    os.mkdir(records + b"/vecchi\xe9")
    with open(records + b"/caf\xe9.yaml", "wb") as out:   # a copy, under a Latin-1 name
        out.write(RECORD)
    with open(records + b"/vecchi\xe9/rotto.yaml", "wb") as out:
        out.write(b"id: [\n")
    before = {name: open(records + b"/" + name, "rb").read() if name.endswith(b".yaml") else None
              for name in os.listdir(records)}

    done = tohome("validate", "--format", "json", cwd=root, env_extra=UTF8)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    files = {f["file"] for f in json.loads(done.stdout)}
    assert len(files) == 2 and all(name.startswith("records/") for name in files), files
    assert {f["code"] for f in json.loads(done.stdout)} >= {"yaml-syntax", "file-name"}

    # uncommitted, then committed: both times the two new files are the ones checked
    for since in ("HEAD", "HEAD~1"):
        if since == "HEAD~1":
            git(root, "add", "-A")
            git(root, "commit", "-qm", "seconda")
        done = tohome("validate", "--changed-since", since, cwd=root, env_extra=UTF8)
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        assert "File controllati: 2;" in done.stdout, done.stdout
        assert "yaml-syntax" in done.stdout and "file-name" in done.stdout

    for command in (["budget"], ["deadlines"], ["history", "TH-4-0001"]):
        done = tohome(*command, cwd=root, env_extra=UTF8)
        assert done.returncode in (0, 1) and "Traceback" not in done.stderr, (command, done.stderr)
        assert "Errore interno" not in done.stderr
    after = {name: open(records + b"/" + name, "rb").read() if name.endswith(b".yaml") else None
             for name in os.listdir(records)}
    assert after == before
