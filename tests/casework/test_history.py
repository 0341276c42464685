"""History: a real git repository in a temporary folder, real commits by different people."""

from __future__ import annotations

import json
import shutil

import pytest
from casework_helpers import GOLDEN_RECORDS, git, in_process, tohome

from tohome_tools.casework.history import compare, history


@pytest.fixture
def repo(project_copy):
    """A project whose record TH-4-0101 went through four commits: created, edited, renamed, broken."""
    git(project_copy, "init", "-q", "-b", "main")
    target = project_copy / "records" / "TH-4-0101.yaml"
    shutil.copy(GOLDEN_RECORDS / "TH-4-0101.yaml", target)
    git(project_copy, "add", ".")
    git(project_copy, "commit", "-q", "-m", "Nuova scheda TH-4-0101", author="Anna Bianchi",
        email="anna@example.invalid", date="2020-02-01T10:15:00+01:00")
    text = target.read_text(encoding="utf-8")
    text = text.replace('signed_on: "2020-01-31"', 'signed_on: "2020-01-30"')
    text = text.replace("monitoring:\n  - date: \"2020-05-20\"\n",
                        "monitoring:\n  - date: \"2020-05-20\"\n  - date: \"2020-08-10\"\n")
    text = text.replace("monthly_amount: 40.00", "monthly_amount: 45.50")
    target.write_text(text, encoding="utf-8")
    git(project_copy, "commit", "-q", "-am", "Corretta la data del patto, nuovo monitoraggio", author="Luca Verdi",
        email="luca@example.invalid", date="2020-08-11T16:40:00+02:00")
    (project_copy / "records" / "lotto4").mkdir()
    git(project_copy, "mv", "records/TH-4-0101.yaml", "records/lotto4/TH-4-0101.yaml")
    git(project_copy, "commit", "-q", "-m", "Schede del lotto 4 in una cartella", author="Anna Bianchi",
        email="anna@example.invalid", date="2020-09-01T09:00:00+02:00")
    return project_copy


def test_history_follows_renames_and_tells_field_changes(repo):
    revisions = history(repo / "records" / "lotto4" / "TH-4-0101.yaml")
    assert [(r.author, r.subject) for r in revisions] == [
        ("Anna Bianchi", "Schede del lotto 4 in una cartella"),
        ("Luca Verdi", "Corretta la data del patto, nuovo monitoraggio"),
        ("Anna Bianchi", "Nuova scheda TH-4-0101")]
    assert revisions[0].changes == () and revisions[0].path == "records/lotto4/TH-4-0101.yaml"
    assert revisions[2].created and revisions[2].path == "records/TH-4-0101.yaml"
    edit = {(c.kind, c.pointer): (c.before, c.after) for c in revisions[1].changes}
    assert edit[("changed", "/pact/signed_on")] == ("2020-01-31", "2020-01-30")
    assert edit[("added", "/monitoring/1/date")] == (None, "2020-08-10")
    assert str(edit[("changed", "/co_participation/monthly_amount")][1]) == "45.50"
    assert len(edit) == 3


def test_command_in_italian(repo):
    done = tohome("history", "TH-4-0101", cwd=repo)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Storia della scheda TH-4-0101" in out
    assert "11 agosto 2020, ore 16:40 - Luca Verdi <luca@example.invalid>" in out
    assert "1 febbraio 2020, ore 10:15 - Anna Bianchi" in out
    assert "cambiato «Data di firma del patto» (/pact/signed_on): da «2020-01-31» a «2020-01-30»" in out
    assert "aggiunto «Data dell'incontro» (/monitoring/1/date): «2020-08-10»" in out
    assert "cambiato «Importo mensile della compartecipazione» (/co_participation/monthly_amount): da 40.00 a 45.50" in out
    assert "il file si chiamava records/TH-4-0101.yaml" in out
    assert "creata la scheda" in out
    assert out.index("Luca Verdi") < out.index("creata la scheda")  # newest first


def test_json_and_broken_yaml_versions(repo, capsys, monkeypatch):
    target = repo / "records" / "lotto4" / "TH-4-0101.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("lot: 4", "lot: [4"), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Errore di battitura", author="Marta Neri", email="marta@example.invalid")
    done = in_process(capsys, monkeypatch, repo, "history", "TH-4-0101", "--format", "json")
    data = json.loads(done.stdout)
    latest = data["revisions"][0]
    assert latest["author"] == "Marta Neri"
    assert {c["kind"] for c in latest["changes"]} == {"text"}  # not YAML: shown line by line
    assert [c["after"] for c in latest["changes"]] == ["-lot: 4", "+lot: [4"]
    assert len(data["revisions"]) == 4


def test_uncommitted_record_and_no_repository(project_copy, capsys, monkeypatch):
    shutil.copy(GOLDEN_RECORDS / "TH-4-0102.yaml", project_copy / "records")
    done = in_process(capsys, monkeypatch, project_copy, "history", "TH-4-0102")
    assert done.returncode == 2 and "non riesco a leggere la storia da git" in done.stderr
    git(project_copy, "init", "-q", "-b", "main")
    done = in_process(capsys, monkeypatch, project_copy, "history", "TH-4-0102")
    assert done.returncode == 0 and "non è ancora stata registrata in git" in done.stdout


def test_compare_lists_removed_fields():
    changes = compare({"a": {"b": 1, "c": [1, 2]}}, {"a": {"b": 1, "c": [1]}})
    assert [(c.kind, c.pointer, c.before) for c in changes] == [("removed", "/a/c/1", 2)]
