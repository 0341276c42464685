"""History: a real git repository in a temporary folder, real commits by different people."""

from __future__ import annotations

import json
import shutil
import subprocess

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
    assert "11 agosto 2020, ore 16:40 (UTC+02:00) - Luca Verdi <luca@example.invalid>" in out
    assert "1 febbraio 2020, ore 10:15 (UTC+01:00) - Anna Bianchi" in out
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


def _edit(path, *pairs) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def _who_changed_what(revisions) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for revision in revisions:
        if not revision.created:
            out.setdefault(revision.author, set()).update(c.pointer for c in revision.changes)
    return out


@pytest.fixture
def merged(project_copy):
    """The staff guide's workflow: two case managers change one record on two branches, a third person
    merges them; then both change the same field and the merge resolves the conflict by hand."""
    root = project_copy
    git(root, "init", "-q", "-b", "main")
    target = root / "records" / "TH-4-0101.yaml"
    shutil.copy(GOLDEN_RECORDS / "TH-4-0101.yaml", target)
    git(root, "add", ".")
    git(root, "commit", "-qm", "Nuova scheda", author="Anna Bianchi", date="2020-02-01T10:00:00+01:00")
    git(root, "checkout", "-qb", "luca")
    _edit(target, ('signed_on: "2020-01-31"', 'signed_on: "2020-01-30"'), ("status: in_progress}", "status: achieved}"))
    git(root, "commit", "-qam", "Patto e obiettivo", author="Luca Verdi", date="2020-03-01T10:00:00+01:00")
    git(root, "checkout", "-q", "main")
    _edit(target, ("monthly_amount: 40.00", "monthly_amount: 45.50"),
          ('  - date: "2020-05-20"\n', '  - date: "2020-05-20"\n  - date: "2020-08-10"\n'))
    git(root, "commit", "-qam", "Compartecipazione e monitoraggio", author="Marta Neri",
        date="2020-04-01T10:00:00+02:00")
    git(root, "merge", "-q", "--no-ff", "luca", "-m", "Unione del ramo di Luca", author="Paolo Gialli",
        date="2020-05-01T10:00:00+02:00")
    return root, target


def test_a_merge_attributes_every_field_to_the_person_who_changed_it(merged):
    root, target = merged
    revisions = history(target)
    assert [r.author for r in revisions] == ["Paolo Gialli", "Marta Neri", "Luca Verdi", "Anna Bianchi"]
    assert _who_changed_what(revisions) == {
        "Paolo Gialli": set(),
        "Marta Neri": {"/co_participation/monthly_amount", "/monitoring/1/date"},
        "Luca Verdi": {"/pact/signed_on", "/project/objectives/0/status"},
    }
    merge = revisions[0]
    assert merge.merge and len(merge.parents) == 2 and not merge.created
    luca = {c.pointer: (c.before, c.after) for c in revisions[2].changes}
    assert luca == {"/pact/signed_on": ("2020-01-31", "2020-01-30"),
                    "/project/objectives/0/status": ("in_progress", "achieved")}
    assert revisions[3].created
    done = tohome("history", "TH-4-0101", cwd=root)
    assert done.returncode == 0, done.stderr
    merge_block = done.stdout.split("Paolo Gialli")[1].split("Marta Neri")[0]
    assert "unione di rami: nessun cambiamento proprio" in merge_block and "  cambiato «" not in merge_block
    luca_block = done.stdout.split("Luca Verdi")[1].split("Anna Bianchi")[0]
    assert "«Compartecipazione" not in luca_block and "monthly_amount" not in luca_block
    assert "da «in corso» a «raggiunto»" in luca_block   # the sheet's Italian words for the status


def test_a_conflict_resolved_in_the_merge_is_the_merger_s_own_change(merged):
    root, target = merged
    git(root, "checkout", "-qb", "sara")
    _edit(target, ("monthly_amount: 45.50", "monthly_amount: 50.00"))
    git(root, "commit", "-qam", "Compartecipazione aggiornata", author="Sara Blu", date="2020-06-01T10:00:00+02:00")
    git(root, "checkout", "-q", "main")
    _edit(target, ("monthly_amount: 45.50", "monthly_amount: 42.00"))
    git(root, "commit", "-qam", "Compartecipazione ridotta", author="Marta Neri", date="2020-06-02T10:00:00+02:00")
    merged_now = subprocess.run(["git", "merge", "-q", "sara"], cwd=root, capture_output=True, text=True)
    assert merged_now.returncode != 0 and "CONFLICT" in merged_now.stdout + merged_now.stderr
    text = target.read_text(encoding="utf-8")
    start, end = text.index("<<<<<<<"), text.index(">>>>>>>")
    text = text[:start] + "  monthly_amount: 48.00\n" + text[text.index("\n", end) + 1:]
    target.write_text(text, encoding="utf-8")
    git(root, "commit", "-qam", "Unione con il ramo di Sara: importo concordato", author="Paolo Gialli",
        date="2020-06-03T10:00:00+02:00")
    revisions = history(target)
    newest = revisions[0]
    assert newest.author == "Paolo Gialli" and newest.merge
    assert [(c.pointer, str(c.before), str(c.after)) for c in newest.changes] == [
        ("/co_participation/monthly_amount", "42.00", "48.00")]
    by_subject = {r.subject: r for r in revisions}
    assert [(c.pointer, str(c.before), str(c.after)) for c in by_subject["Compartecipazione aggiornata"].changes] \
        == [("/co_participation/monthly_amount", "45.50", "50.00")]
    assert [(c.pointer, str(c.before), str(c.after)) for c in by_subject["Compartecipazione ridotta"].changes] \
        == [("/co_participation/monthly_amount", "45.50", "42.00")]
    assert _who_changed_what(revisions)["Luca Verdi"] == {"/pact/signed_on", "/project/objectives/0/status"}


def test_history_takes_an_id_in_any_case_or_a_path(repo):
    for given in ("th-4-0101", "records/lotto4/TH-4-0101.yaml", str(repo / "records" / "lotto4" / "TH-4-0101.yaml")):
        done = tohome("history", given, cwd=repo)
        assert done.returncode == 0, (given, done.stderr)
        assert "Storia della scheda TH-4-0101" in done.stdout and done.stdout.count(" - commit ") == 3


def test_a_record_copied_from_another_begins_at_the_copy(repo):
    """git's --follow takes a new household made from another's file for a rename: the other household's
    commits, and its creation, were told as this one's (an outside adversary's case). Only renames are
    followed; the original keeps its own history."""
    source = repo / "records" / "lotto4" / "TH-4-0101.yaml"
    copy = repo / "records" / "lotto4" / "TH-4-0102.yaml"
    copy.write_text(source.read_text(encoding="utf-8").replace("TH-4-0101", "TH-4-0102"), encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Nuovo nucleo dal modello", author="Carla Neri", email="carla@example.invalid",
        date="2020-10-01T09:00:00+02:00")
    assert "C" in git(repo, "log", "--follow", "-M", "--name-status", "--format=", "--",
                      "records/lotto4/TH-4-0102.yaml")   # git does take it for a copy
    revisions = history(copy)
    assert [(r.author, r.created) for r in revisions] == [("Carla Neri", True)]
    assert revisions[0].path == "records/lotto4/TH-4-0102.yaml"
    assert len(history(source)) == 3   # the original's own history, unchanged
    shown = tohome("history", "TH-4-0102", cwd=repo)
    assert shown.returncode == 0 and "si chiamava" not in shown.stdout and "TH-4-0101" not in shown.stdout


@pytest.mark.parametrize("new_id, new_lot, followed", [
    ("TH-3-0101", 3, False),   # another lot, another ID: a new household made from the deleted one's file
    ("TH-4-0102", 4, True),    # the same lot: a misspelt name corrected
    ("TH-4-0101", 3, True),    # the same ID: moved to another lot by hand
])
def test_a_rename_is_followed_only_within_one_household(repo, new_id, new_lot, followed):
    """In one commit a household's file goes and another comes with nearly the same text: git calls it a
    rename. Across lots and IDs it is two households, and the new one's history must not tell the old one's."""
    old = repo / "records" / "lotto4" / "TH-4-0101.yaml"
    text = old.read_text(encoding="utf-8").replace("TH-4-0101", new_id).replace("\nlot: 4\n", f"\nlot: {new_lot}\n")
    old.unlink()
    new = repo / "records" / f"lotto{new_lot}" / f"{new_id}.yaml"   # each lot's folder
    new.parent.mkdir(exist_ok=True)
    new.write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Scheda sostituita", author="Carla Neri", email="carla@example.invalid",
        date="2020-10-01T09:00:00+02:00")
    assert git(repo, "log", "-1", "-M", "--name-status", "--format=").startswith("R")
    revisions = history(new)
    assert (len(revisions) > 1) is followed, [(r.subject, r.created) for r in revisions]
    if not followed:
        assert revisions[0].created and revisions[0].author == "Carla Neri"
