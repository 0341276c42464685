"""`tohome validate` as a user runs it: a real subprocess, real files, a real git repository."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import helpers
import pytest
from helpers import ROOT, git

# outside CI's variables only (TOHOME_DEBUG and TOHOME_LANG pass through), 120 s at most
tohome = functools.partial(helpers.tohome, unset=helpers.CI, timeout=120)


@pytest.fixture
def records(project_copy: Path, base_record_text: str) -> Path:
    for n in (1, 2, 3):
        text = base_record_text.replace("id: TH-4-0001", f"id: TH-4-000{n}")
        (project_copy / "records" / f"TH-4-000{n}.yaml").write_text(text, encoding="utf-8")
    return project_copy


def break_record(root: Path, number: int) -> None:
    path = root / "records" / f"TH-4-000{number}.yaml"
    path.write_text(path.read_text().replace("level: primary", "level: primaria"), encoding="utf-8")


def test_clean_records_exit_zero(records):
    done = tohome("validate", cwd=records)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "errori: 0" in done.stdout


def test_text_format_gives_file_line_column_and_exit_one(records):
    break_record(records, 2)
    done = tohome("validate", cwd=records)
    assert done.returncode == 1
    first = done.stdout.splitlines()[0]
    assert first.startswith("records/TH-4-0002.yaml:12:10: errore schema-enum «Livello di prevenzione»")
    assert "Traceback" not in done.stderr


def test_json_format_has_the_documented_keys(records):
    break_record(records, 1)
    done = tohome("validate", "--format", "json", "--lang", "en", cwd=records)
    data = json.loads(done.stdout)
    assert done.returncode == 1
    assert {"file", "line", "column", "code", "severity", "message", "pointer"} <= set(data[0])
    assert data[0]["pointer"] == "/prevention/level"
    assert "not one of the allowed values" in data[0]["message"]


def test_github_format_escapes_and_summarises(records):
    for n in (1, 2, 3):
        path = records / "records" / f"TH-4-000{n}.yaml"
        text = path.read_text()
        for month, code in (("2019-03", "H9"), ("2019-04", "H8")):   # two codes: two findings (one per code)
            text = text.replace(f'{{month: "{month}", measure: H1', f'{{month: "{month}", measure: {code}')
        text = text.replace("measure: W1,", "measure: W9,")
        path.write_text(text)
        break_record(records, n)
    done = tohome("validate", cwd=records, env_extra={"GITHUB_ACTIONS": "true"})
    lines = done.stdout.splitlines()
    annotations = [line for line in lines if line.startswith("::error ")]
    assert len(annotations) == 10
    assert annotations[0].startswith("::error file=records/TH-4-0001.yaml,line=")
    assert "%0A" in annotations[0] and "\n" not in annotations[0]
    assert any(line.startswith("::notice title=tohome::Altri ") for line in lines)


def test_strict_fails_on_warnings(records):
    path = records / "records" / "TH-4-0001.yaml"
    path.write_text(path.read_text().replace('  - date: "2019-07-01"\n', ""))
    assert tohome("validate", cwd=records).returncode == 0
    assert tohome("validate", "--strict", cwd=records).returncode == 1


def test_bad_usage_exits_two(records):
    assert tohome("validate", "--format", "xml", cwd=records).returncode == 2
    missing = tohome("validate", "records/nope.yaml", cwd=records)
    assert missing.returncode == 2 and "non esiste" in missing.stderr


@pytest.mark.parametrize("jobs", ["0", "-1"])
def test_jobs_below_one_is_refused_like_any_bad_argument(records, jobs):
    done = tohome("validate", "--jobs", jobs, cwd=records, unset=helpers.NO_DEBUG_NO_LANG)
    assert done.returncode == 2 and done.stdout == "" and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("uso: tohome validate"), done.stderr
    assert f"tohome validate: errore: argomento --jobs: «{jobs}»: il numero deve essere 1 o più" in done.stderr
    english = tohome("validate", "--lang", "en", f"--jobs={jobs}", cwd=records, unset=helpers.NO_DEBUG_NO_LANG)
    assert english.returncode == 2 and english.stderr.startswith("usage: tohome validate"), english.stderr
    assert f"error: argument --jobs: '{jobs}': the number must be 1 or more" in english.stderr
    assert tohome("validate", "--jobs", "1", cwd=records).returncode == 0


def test_broken_file_does_not_hide_the_others(records):
    (records / "records" / "TH-4-0002.yaml").write_bytes(b"id: [unclosed\n")
    break_record(records, 3)
    done = tohome("validate", "--format", "json", cwd=records)
    files = {f["file"] for f in json.loads(done.stdout)}
    assert files == {"records/TH-4-0002.yaml", "records/TH-4-0003.yaml"}


def test_broken_configuration_is_located(records):
    config = records / "config" / "programme.yaml"
    config.write_text(config.read_text().replace("threshold: 5", "threshold: 2"))
    done = tohome("validate", cwd=records)
    assert done.returncode == 2
    assert "config/programme.yaml:" in done.stderr and "threshold" not in done.stdout
    assert "Traceback" not in done.stderr


def test_changed_since_checks_changed_records_and_keeps_collection_checks(records):
    git(records, "init", "-q", "-b", "main")
    git(records, "add", "-A")
    git(records, "commit", "-qm", "initial")
    base = git(records, "rev-parse", "HEAD").strip()
    break_record(records, 1)  # committed later
    git(records, "commit", "-qam", "edit 1")
    break_record(records, 2)  # left uncommitted
    new = records / "records" / "TH-4-0009.yaml"
    new.write_text((records / "records" / "TH-4-0003.yaml").read_text())  # untracked copy: same ID as 3
    done = tohome("validate", "--format", "json", "--changed-since", base, cwd=records)
    found = {(f["file"], f["code"]) for f in json.loads(done.stdout)}
    assert found == {
        ("records/TH-4-0001.yaml", "schema-enum"),
        ("records/TH-4-0002.yaml", "schema-enum"),
        ("records/TH-4-0009.yaml", "file-name"),
        ("records/TH-4-0009.yaml", "duplicate-id"),
    }
    everything = {(f["file"], f["code"]) for f in json.loads(tohome("validate", "--format", "json", cwd=records).stdout)}
    assert found <= everything


@pytest.mark.parametrize("changed", ["config/programme.yaml", "schemas/household.schema.json"])
def test_changed_since_checks_every_record_when_the_programme_or_a_schema_changed(records, changed):
    """Only the programme file (or a schema) changed since REV: every record is judged anew by it."""
    git(records, "init", "-q", "-b", "main")
    git(records, "add", "-A")
    git(records, "commit", "-qm", "initial")
    base = git(records, "rev-parse", "HEAD").strip()
    unchanged = tohome("validate", "--changed-since", base, cwd=records)
    assert unchanged.returncode == 0 and "File controllati: 0;" in unchanged.stdout, unchanged.stdout
    target = records / changed
    if changed.startswith("config/"):   # the housing cap lowered below what the records plan (250.00 a month)
        old = "{from: \"2018-01-01\", to: null, amount: 300.00}"
        text = target.read_text(encoding="utf-8")
        assert text.count(old) == 1
        target.write_text(text.replace(old, old.replace("300.00", "100.00")), encoding="utf-8")
    else:   # any edit: the schema is what every record is checked against
        target.write_text(target.read_text(encoding="utf-8").replace("{", "{\n", 1), encoding="utf-8")
    git(records, "commit", "-qam", f"edit {changed}")
    done = tohome("validate", "--changed-since", base, cwd=records)
    assert "File controllati: 3;" in done.stdout, done.stdout + done.stderr
    found = {(f["file"], f["code"]) for f in json.loads(
        tohome("validate", "--format", "json", "--changed-since", base, cwd=records).stdout)}
    if changed.startswith("config/"):
        assert done.returncode == 1
        assert found == {(f"records/TH-4-000{n}.yaml", "housing-cap") for n in (1, 2, 3)}, found
    else:
        assert done.returncode == 0 and found == set(), found


def test_changed_since_unknown_revision_is_a_usage_error(records):
    git(records, "init", "-q")
    done = tohome("validate", "--changed-since", "no-such-rev", cwd=records)
    assert done.returncode == 2 and "no-such-rev" in done.stderr


def test_new_writes_next_free_id_as_a_template(records):
    done = tohome("new", "--lot", "4", cwd=records)
    assert done.returncode == 0, done.stderr
    path = records / "records" / "TH-4-0004.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../schemas/household.schema.json")
    report = json.loads(tohome("validate", "--format", "json", str(path), cwd=records).stdout)
    # the template is valid but for its placeholder date (today), outside the 2018-2020 window
    assert {f["code"] for f in report} <= {"programme-window"}
    assert tohome("new", "--lot", "4", cwd=records).returncode == 0
    assert (records / "records" / "TH-4-0005.yaml").exists()
    assert tohome("new", "--lot", "9", cwd=records).returncode == 2


def test_example_records_are_all_valid_and_shipped_records_too(workspace):
    done = tohome("validate", "--strict", cwd=ROOT)
    assert done.returncode == 0, done.stdout[-2000:]


def test_synth_is_deterministic_and_valid(project_copy):
    a, b = project_copy / "a", project_copy / "b"
    assert tohome("synth", "--households", "40", "--seed", "7", "--out", str(a), cwd=project_copy).returncode == 0
    assert tohome("synth", "--households", "40", "--seed", "7", "--out", str(b), cwd=project_copy).returncode == 0
    names = sorted(p.name for p in a.iterdir())
    assert len(names) == 40
    assert all((a / n).read_bytes() == (b / n).read_bytes() for n in names)
    assert tohome("validate", "--strict", str(a), cwd=project_copy).returncode == 0
    assert all((a / n).read_text().startswith("# DATI SINTETICI") for n in names)


def test_the_template_shows_every_section_and_uncommented_it_fits_the_schema(records):
    """What case managers fill in most (work support, payments, monitoring, actions, closure) is in
    the template; with every commented line opened and the date placeholders filled, the whole
    template is a record the schema accepts (allowed values and field names are right)."""
    import re

    import yaml

    schema = json.loads((ROOT / "schemas" / "household.schema.json").read_text(encoding="utf-8"))
    done = tohome("new", "--lot", "4", cwd=records)
    assert done.returncode == 0, done.stderr
    path = Path(done.stdout.strip())
    path = path if path.is_absolute() else records / path
    lines = path.read_text(encoding="utf-8").splitlines()
    opened = [re.sub(r"^# ?", "", line) if re.match(r"^# ?( {2,}|[a-z_]+:|- )", line) else line for line in lines]
    text = "\n".join(opened).replace("AAAA-MM-GG", "2019-03-01").replace("AAAA-MM", "2019-03") + "\n"
    data = yaml.safe_load(text)
    missing = set(schema["properties"]) - {"synthetic"} - set(data)
    assert missing == set(), missing
    assert set(data["measures"]) == set(schema["properties"]["measures"]["properties"])
    path.write_text(text, encoding="utf-8")
    found = json.loads(tohome("validate", "--format", "json", str(path), cwd=records).stdout)
    schema_codes = {f["code"] for f in found if f["code"].startswith(("schema-", "yaml-", "invalid-", "amount-"))}
    assert schema_codes == set(), [f for f in found if f["code"] in schema_codes]


def test_an_in_process_run_gives_the_caller_its_signal_handlers_back(project_copy, monkeypatch):
    """A script or a test that calls `main()` keeps its own Ctrl-C and SIGTERM (CI stops a run
    with SIGTERM); only the `tohome` process itself ignores late signals on its way out."""
    import signal

    from tohome_tools.cli.main import main

    def mine(signum, frame):
        return None

    monkeypatch.chdir(project_copy)
    previous = signal.signal(signal.SIGINT, mine), signal.signal(signal.SIGTERM, mine)
    try:
        assert main(["validate", "--format", "json"]) == 0
        assert signal.getsignal(signal.SIGINT) is mine and signal.getsignal(signal.SIGTERM) is mine
    finally:
        signal.signal(signal.SIGINT, previous[0])
        signal.signal(signal.SIGTERM, previous[1])


@pytest.mark.parametrize("schema", ["household", "programme"])
def test_a_schema_that_breaks_the_meta_schema_is_a_located_configuration_error(records, schema):
    """The fast check judges a schema file with the Rust engine's meta-schema check; one it refuses
    goes to the detailed check, which refuses it: exit 2, the file named, never a traceback."""
    path = records / "schemas" / f"{schema}.schema.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["properties"]["lot" if schema == "household" else "lots"]["type"] = "nonsense"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = tohome("validate", cwd=records)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"{schema}.schema.json" in done.stderr and "non è un JSON Schema valido" in done.stderr
    assert "Traceback" not in done.stderr
