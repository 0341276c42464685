"""`tohome release` as a user runs it: a real subprocess on a real project folder with synthetic
records, real frictionless validation, and the refusals (validation errors, differencing)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import copy_project, tohome

# processes killed or run side by side, full releases, builds or Chromium: the full run only
pytestmark = pytest.mark.slow


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


MARKER = "ZQXMARKER"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project with 160 synthetic records whose free texts carry a marker, released for 2019."""

    root = copy_project(tmp_path_factory.mktemp("release") / "project", "config", "schemas", empty_records=True)
    done = tohome("synth", "--households", "160", "--seed", "11", cwd=root)
    assert done.returncode == 0, done.stderr
    for path in (root / "records").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = text.replace("(testo di esempio)", f"({MARKER} {path.stem})").replace("(esempio)", f"({MARKER})")
        path.write_text(text, encoding="utf-8")
    assert MARKER in (root / "records" / "TH-1-0001.yaml").read_text(encoding="utf-8")
    checked = tohome("validate", cwd=root)
    assert checked.returncode == 0, checked.stdout[-2000:]
    done = tohome("release", "--period", "2019", cwd=root)
    assert done.returncode == 0, done.stderr
    return root


def test_release_writes_tables_datapackage_and_index(project):
    folder = project / "release" / "2019"
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in package["resources"]]
    withheld = [t["nome"] for t in package["x-tabelle-non-pubblicate"]]
    assert "nuclei_per_lotto" in names and "importi_per_misura_e_lotto" in names
    assert len(names) + len(withheld) == 11 and not set(names) & set(withheld)
    for name in names:
        assert (folder / f"{name}.csv").is_file() and (folder / f"{name}.json").is_file()
    assert package["x-sintetici"] is True and "sintetici" in package["description"]
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    index = json.loads((project / "release" / "index.json").read_text(encoding="utf-8"))
    assert [p["periodo"] for p in index["periodi"]] == ["2019"] and index["sintetici"] is True
    assert not [p for p in (project / "release").iterdir() if p.name.startswith(".")]


def test_frictionless_validates_the_datapackage(project):
    from frictionless import validate

    report = validate(str(project / "release" / "2019" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    cli = Path(sys.executable).with_name("frictionless")
    done = subprocess.run([str(cli), "validate", "release/2019/datapackage.json"], cwd=project,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]


def test_second_run_is_byte_identical(project):
    before = snapshot(project / "release")
    done = tohome("release", "--period", "2019", cwd=project)
    assert done.returncode == 0, done.stderr
    assert snapshot(project / "release") == before


def test_suppressed_values_are_empty_in_csv_and_null_in_json(project):
    folder = project / "release" / "2019"
    seen = 0
    for path in folder.glob("*.json"):
        if path.name == "datapackage.json":
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        for row in data["righe"]:
            for m in data["misure"]:
                if row[f"{m['nome']}_stato"] == "soppresso":
                    assert row[m["nome"]] is None
                    seen += 1
                elif m["tipo"] == "conteggio":
                    assert not 0 < row[m["nome"]] < data["soglia"]
    assert seen > 0
    header, *lines = (folder / "importi_per_misura_e_lotto.csv").read_text(encoding="utf-8").splitlines()
    columns = header.split(",")
    for line in lines:
        cells = dict(zip(columns, line.split(",")))
        assert (cells["importo_pagato"] == "") == (cells["importo_pagato_stato"] == "soppresso")


def test_nothing_private_reaches_the_release(project):
    ids = {p.stem for p in (project / "records").glob("*.yaml")}
    for name, content in snapshot(project / "release").items():
        text = content.decode("utf-8")
        assert MARKER not in text, name
        for private in ("TH-", "CM-", "AS-C", "FD-C"):
            assert private not in text, (name, private)
        assert not any(i in text for i in ids), name
        assert '"M1"' not in text and ",M1," not in text, name


def test_refuses_while_records_have_validation_errors(project, tmp_path):
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(project / "config", broken / "config")
    shutil.copytree(project / "schemas", broken / "schemas")
    shutil.copytree(project / "records", broken / "records")
    path = broken / "records" / "TH-2-0003.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: ", "level: x", 1), encoding="utf-8")
    done = tohome("release", "--period", "2019", cwd=broken)
    assert done.returncode == 1
    # one error, in the singular (it used to say "1 errori ... per vederli")
    assert "le schede hanno 1 errore di validazione: non pubblico nulla finché non è corretto. " \
           "Esegui «tohome validate» per vederlo." in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert not (broken / "release").exists()


def test_bad_period_is_a_usage_error(project):
    done = tohome("release", "--period", "2019-Q7", cwd=project)
    assert done.returncode == 2 and "non valido" in done.stderr


def test_refuses_a_period_overlapping_one_already_published(project, tmp_path):
    import shutil

    root = tmp_path / "history"
    for part in ("config", "schemas", "records"):
        shutil.copytree(project / part, root / part)
    shutil.copytree(project / "release" / "2019", root / "release" / "2019")
    done = tohome("release", "--period", "2018", cwd=root)   # a disjoint period is fine
    assert done.returncode == 0, done.stderr
    index_before = (root / "release" / "index.json").read_bytes()
    # 2019-H1 beside 2019: H2 = 2019 - H1 for every flow, and stock and flow pin the rest
    for period in ("2019-H1", "2019-Q4", "2019-T2"):
        done = tohome("release", "--period", period, cwd=root)
        assert done.returncode == 1, done.stdout
        assert "si sovrappone a 2019" in done.stderr and "Nessun file è stato scritto" in done.stderr
        assert "Traceback" not in done.stderr
    assert sorted(p.name for p in (root / "release").iterdir()) == ["2018", "2019", "index.json"]
    assert (root / "release" / "index.json").read_bytes() == index_before
