"""The leak test: records whose every free-text property carries a unique marker go through the
real pipeline (`tohome release`, then `tohome site`); no marker, record ID, staff code or member key
may appear in anything published (release files, generated pages, built site: HTML, search index,
CSV, JSON, SVG)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from helpers import ROOT
from site_helpers import site_project, tohome

# processes killed or run side by side, full releases, builds or Chromium: the full run only
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("leak")]   # one release and build, four readers

SCHEMA = json.loads((ROOT / "schemas" / "household.schema.json").read_text(encoding="utf-8"))
MARKER = "QXLEAK"
HOUSEHOLDS = 160
PERIODS = ("2019", "2020")


def _resolve(node: dict) -> dict:
    ref = node.get("$ref")
    if ref and ref.startswith("#/$defs/"):
        merged = dict(SCHEMA["$defs"][ref.split("/")[-1]])
        merged.update({k: v for k, v in node.items() if k != "$ref"})
        return merged
    return node


def _free_text(node: dict) -> bool:
    """A string the schema does not constrain to a code, a pattern or a format: where people write.
    Publishable strings (the funding line code, checked against the configuration) may be published."""
    return (node.get("type") == "string" and not ({"enum", "pattern", "format", "const"} & set(node))
            and node.get("x-publication") != "publishable")


class Planter:
    def __init__(self):
        self.count = 0

    def plant(self, value, node: dict):
        node = _resolve(node)
        if isinstance(value, dict):
            props = node.get("properties", {})
            return {k: self.plant(v, props.get(k, {})) for k, v in value.items()}
        if isinstance(value, list):
            items = node.get("items", {})
            return [self.plant(v, items) for v in value]
        if isinstance(value, str) and _free_text(node):
            self.count += 1
            return f"{MARKER}{self.count:06d}Z"
        return value


def _collect(value, key_name: str, out: set):
    if isinstance(value, dict):
        for k, v in value.items():
            if k == key_name and isinstance(v, str):
                out.add(v)
            _collect(v, key_name, out)
    elif isinstance(value, list):
        for v in value:
            _collect(v, key_name, out)


def _staff_codes(record: dict) -> set[str]:
    staff = record.get("staff", {})
    return set(staff.get("case_managers", [])) | ({staff["social_worker"]} if staff.get("social_worker") else set())


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    if not (ROOT / "tohome_tools" / "cli" / "commands" / "release.py").is_file():
        pytest.skip("tohome release does not exist yet")
    root = site_project(tmp_path_factory.mktemp("leak") / "project", None)
    done = tohome("synth", "--households", str(HOUSEHOLDS), "--seed", "4242", cwd=root)
    assert done.returncode == 0, done.stderr
    planter, ids, keys, staff = Planter(), set(), set(), set()
    for path in sorted((root / "records").glob("*.yaml")):
        record = planter.plant(yaml.safe_load(path.read_text(encoding="utf-8")), SCHEMA)
        ids.add(record["id"])
        _collect(record.get("household", {}), "key", keys)
        staff |= _staff_codes(record)
        path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert planter.count > HOUSEHOLDS * 5, "markers in every free-text property of every record"
    checked = tohome("validate", cwd=root)
    assert checked.returncode == 0, checked.stdout[-2000:]
    for period in PERIODS:
        released = tohome("release", "--period", period, cwd=root)
        assert released.returncode == 0, released.stdout + released.stderr
    built = tohome("site", cwd=root)
    assert built.returncode == 0, built.stdout + built.stderr
    return root, ids, keys, staff, planter.count


def _published_files(root: Path) -> list[Path]:
    folders = [root / "release", root / "site", root / "docs" / "statistiche", root / "docs" / "riferimenti"]
    return sorted(p for folder in folders for p in folder.rglob("*") if p.is_file())


def test_pipeline_published_every_period_and_file_kind(published):
    root, *_ = published
    files = _published_files(root)
    suffixes = {p.suffix for p in files}
    assert {".html", ".json", ".csv", ".svg"} <= suffixes
    assert (root / "site" / "search" / "search_index.json").is_file()
    for period in PERIODS:
        assert (root / "site" / "statistiche" / period / "index.html").is_file()
        assert (root / "site" / "statistiche" / "dati" / period / "datapackage.json").is_file()


def test_no_marker_or_record_id_anywhere(published):
    root, ids, _, _, planted = published
    assert planted and ids
    needles = [MARKER.encode()] + [i.encode() for i in sorted(ids)]
    id_shape = re.compile(rb"TH-[1-9][0-9]?-[0-9]{4}")
    leaks = []
    for path in _published_files(root):
        data = path.read_bytes()
        leaks += [(path.relative_to(root).as_posix(), n.decode()) for n in needles if n in data]
        leaks += [(path.relative_to(root).as_posix(), m.decode()) for m in id_shape.findall(data)]
    assert leaks == [], leaks[:20]


def test_no_staff_code_in_the_statistics(published):
    """Staff codes are identifiers too. Checked on everything built from the release (hand-written
    pages may show an example code in a command line)."""
    root, _, _, staff, _ = published
    assert staff
    data_files = [p for p in _published_files(root)
                  if p.is_relative_to(root / "release") or "statistiche" in p.relative_to(root).parts]
    assert len(data_files) > 50
    leaks = [(p.name, code) for p in data_files for code in sorted(staff) if code.encode() in p.read_bytes()]
    assert leaks == [], leaks[:20]
    index = json.loads((root / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = " ".join(e["title"] + " " + e["text"] for e in index["docs"] if e["location"].startswith("statistiche/"))
    assert texts and not [code for code in staff if code in texts]


def _cells(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _cells(v)
    elif isinstance(value, list):
        for v in value:
            yield from _cells(v)
    else:
        yield value


def test_no_member_key_in_data_files_or_statistics_text(published):
    root, _, keys, _, _ = published
    assert keys
    member = re.compile(r"^M[0-9]{1,2}$")
    for path in _published_files(root):
        if path.suffix == ".csv":
            cells = [c for line in path.read_text(encoding="utf-8").splitlines() for c in line.split(",")]
        elif path.suffix == ".json" and "search" not in path.parts:
            cells = list(_cells(json.loads(path.read_text(encoding="utf-8"))))
        else:
            continue
        found = [c for c in cells if isinstance(c, str) and (c in keys or member.match(c) or c in ("key", "chiave"))]
        assert found == [], (path, found[:5])
    index = json.loads((root / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    token = re.compile(r"\bM[0-9]{1,2}\b")
    for entry in index["docs"]:
        if entry["location"].startswith("statistiche/"):
            assert not token.search(entry["text"] + entry["title"]), entry["location"]
    for page in (root / "site" / "statistiche").rglob("*.html"):
        text = re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))
        assert not token.search(text), page
