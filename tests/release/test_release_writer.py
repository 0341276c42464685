"""The release writer: a period folder is replaced whole or not at all; the index follows the folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import ROOT

from tohome_tools.release import reader, writer


def test_write_folder_replaces_the_whole_folder(tmp_path: Path):
    target = tmp_path / "release" / "2020"
    writer.write_folder(target, {"a.csv": b"old\n", "stale.csv": b"gone soon\n"})
    writer.write_folder(target, {"a.csv": b"new\n"})
    assert sorted(p.name for p in target.iterdir()) == ["a.csv"]
    assert (target / "a.csv").read_bytes() == b"new\n"
    assert [p.name for p in target.parent.iterdir()] == ["2020"]   # no temporary or old folder left


def test_a_failed_write_keeps_the_old_release_and_leaves_nothing_behind(tmp_path: Path):
    target = tmp_path / "release" / "2020"
    writer.write_folder(target, {"a.csv": b"old\n"})
    with pytest.raises(OSError):
        writer.write_folder(target, {"a.csv": b"new\n", "missing/b.csv": b"x\n"})
    assert (target / "a.csv").read_bytes() == b"old\n"
    assert [p.name for p in target.parent.iterdir()] == ["2020"]


def test_index_lists_period_folders_in_time_order_and_skips_the_rest(tmp_path: Path):
    root = tmp_path / "release"
    for name in ("2020", "2019", "2020-Q1"):
        package = json.loads((ROOT / "release" / "2020" / "datapackage.json").read_text(encoding="utf-8"))
        package["x-periodo"] = name
        writer.write_folder(root / name, {"datapackage.json": writer.dumps(package)})
    (root / ".2021.abc.tmp").mkdir()
    (root / "appunti").mkdir()
    index = writer.index(root)
    assert [p["periodo"] for p in index["periodi"]] == ["2019", "2020", "2020-Q1"]
    assert [p["tipo"] for p in index["periodi"]] == ["anno", "anno", "trimestre"]


def test_published_release_reads_back_with_the_same_hidden_cells():
    release = reader.read(ROOT / "release" / "2020")
    hidden = [(t.name, k) for _, t, k, _, c in release.cells() if c.state == "soppresso"]
    package = json.loads((ROOT / "release" / "2020" / "datapackage.json").read_text(encoding="utf-8"))
    assert len(hidden) == package["x-celle-soppresse"] > 0
