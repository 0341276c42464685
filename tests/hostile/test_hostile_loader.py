"""Hostile input straight into the loader and the validation core (no subprocess for most).

The alias bombs run in a child process with an address-space limit, so an expansion would fail there
instead of eating the machine; their cost is measured with `resource` against loading the clean
record in the same child.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import said
from hostile_cases import ALIAS_FLOOD, BASE, BILLION_LAUGHS, DEEP_BLOCK, DEEP_FLOW, HOSTILE, cases, record, where

from tohome_tools.io import loader
from tohome_tools.records.validate import discover, validate

MEASURE = r"""
import json, resource, sys, time
import yaml
from tohome_tools.io import loader
if sys.argv[1] == "python":
    loader._Loader = yaml.SafeLoader  # the pure-Python fallback used where libyaml is missing
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # an expansion dies here, not the machine
texts = json.loads(sys.stdin.read())

def cost(text, rounds=5):
    before = resource.getrusage(resource.RUSAGE_SELF)
    for _ in range(rounds):
        loaded = loader.load_text(text)
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / rounds
    return cpu, after.ru_maxrss, [p.code for p in loaded.problems], loaded.data is None

base_cpu, base_rss, base_codes, _ = cost(texts["clean"])
out = {"clean": [base_cpu, base_rss, base_codes]}
for name in ("bomb", "flood"):
    cpu, rss, codes, empty = cost(texts[name])
    out[name] = [cpu, rss, codes, empty]
print(json.dumps(out))
"""


@pytest.mark.parametrize("parser", ["libyaml", "python"])
def test_alias_bombs_fail_fast_with_bounded_memory(parser):
    if parser == "libyaml" and not hasattr(__import__("yaml"), "CSafeLoader"):
        pytest.skip("libyaml binding not installed")
    texts = {"clean": BASE, "bomb": BILLION_LAUGHS, "flood": ALIAS_FLOOD}
    done = subprocess.run([sys.executable, "-c", MEASURE, parser], input=json.dumps(texts), capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    clean_cpu, clean_rss, clean_codes = result["clean"]
    assert clean_codes == []
    for name in ("bomb", "flood"):
        cpu, rss, codes, empty = result[name]
        assert empty and codes and set(codes) == {"yaml-anchor"}, (name, codes)
        assert len(codes) <= loader.MAX_ANCHOR_FINDINGS
        # Expanded, the bomb is 10**9 strings and the flood 200 MB: either would blow the 1 GiB limit
        # above. Refused, each costs about what an 800 kB file costs to parse, nothing more.
        assert rss - clean_rss < 64 * 1024, (name, rss, clean_rss)  # ru_maxrss is in KiB on Linux
        assert cpu < 1.0, (name, cpu)


def test_billion_laughs_points_at_the_first_anchor():
    loaded = loader.load_text(BILLION_LAUGHS)
    assert loaded.data is None
    assert (loaded.problems[0].line, loaded.problems[0].column) == where(BILLION_LAUGHS, "&l0")


@pytest.mark.parametrize("text", [DEEP_BLOCK, DEEP_FLOW, "a: " + "{b: " * 3000 + "}" * 3000 + "\n",
                                  "- " * 3000 + "x\n"], ids=["block", "flow-list", "flow-map", "dash-list"])
@pytest.mark.parametrize("parser", ["libyaml", "python"])
def test_deep_nesting_is_a_located_problem_with_either_parser(text, parser, monkeypatch):
    import yaml

    if parser == "python":
        monkeypatch.setattr(loader, "_Loader", yaml.SafeLoader)
    loaded = loader.load_text(text)
    assert loaded.problems, "deep nesting must be refused"
    assert {p.code for p in loaded.problems} & {"yaml-too-deep", "yaml-syntax"}
    for problem in loaded.problems:
        assert problem.line >= 1 and problem.column >= 1
        assert "recursion" not in str(problem.params) and "exceeded" not in str(problem.params)


@pytest.mark.parametrize("case", [c for c in cases() if c.clean and c.files == (HOSTILE,)], ids=lambda c: c.name)
def test_clean_variants_load_as_the_same_data(case, tmp_path):
    """BOM, CRLF, CR, no final newline: the same data as the clean file, not just "no findings"."""
    case.build(tmp_path)
    got = loader.load_path(tmp_path / HOSTILE)
    want = loader.load_text(record(3))
    assert got.problems == []
    if case.name == "weird-unicode-in-quoted-text":
        assert got.data["intake"]["interviews"][0]["notes"] == "Primo \u202ecolloquio\u200b 🏠 \ufeff e\u0301"
        got.data["intake"]["interviews"][0]["notes"] = "Primo colloquio."
    assert got.data == want.data


def test_crlf_keeps_the_same_positions():
    clean = loader.load_text(record(3))
    crlf = loader.load_bytes(record(3).replace("\n", "\r\n").encode())
    bom = loader.load_bytes(b"\xef\xbb\xbf" + record(3).encode())
    assert crlf.positions == clean.positions == bom.positions


def test_a_file_that_disappears_during_a_run_is_reported_and_the_rest_checked(tmp_path, settings):
    records = tmp_path / "records"
    records.mkdir()
    for n in range(1, 6):
        (records / f"TH-4-{n:04d}.yaml").write_text(record(n), encoding="utf-8")
    victim = records / "TH-4-0003.yaml"

    def progress(done: int, total: int) -> None:
        if done == 2:  # files are checked in name order, one at a time with jobs=1
            victim.unlink()

    report = validate([records], settings, jobs=1, progress=progress)
    by_file = {(Path(f.file).name, f.code) for f in report.findings}
    assert by_file == {("TH-4-0003.yaml", "file-unreadable")}
    finding = report.findings[0]
    assert "non esiste più" in said(finding)
    assert report.files_checked == 5


def test_a_folder_that_disappears_is_not_a_crash(tmp_path, settings):
    records = tmp_path / "records"
    (records / "sotto").mkdir(parents=True)
    (records / "TH-4-0001.yaml").write_text(record(1), encoding="utf-8")
    (records / "sotto" / "TH-4-0002.yaml").write_text(record(2), encoding="utf-8")
    files, odd = discover([records])
    (records / "sotto" / "TH-4-0002.yaml").unlink()
    (records / "sotto").rmdir()
    report = validate([records], settings, jobs=1)
    assert report.findings == [] and report.files_checked == 1
    assert len(files) == 2 and odd == []


def test_temporary_files_of_atomic_writes_are_never_records(tmp_path):
    records = tmp_path / "records"
    records.mkdir()
    (records / "TH-4-0001.yaml").write_text(record(1), encoding="utf-8")
    (records / ".TH-4-0002.yaml.ab12cd.tmp").write_text(record(2)[:100], encoding="utf-8")
    (records / ".TH-4-0003.yaml").write_text(record(3)[:100], encoding="utf-8")
    (records / ".git").mkdir()
    (records / ".git" / "TH-4-0004.yaml").write_text("rotto: [", encoding="utf-8")
    files, odd = discover([records])
    assert [p.name for p in files] == ["TH-4-0001.yaml"] and odd == []


def test_loader_never_raises_on_any_single_byte_file():
    for value in range(256):
        loaded = loader.load_bytes(bytes([value]))
        assert loaded.problems or isinstance(loaded.data, dict)
        for problem in loaded.problems:
            assert problem.line >= 1


@pytest.mark.parametrize("lang, words", [("it", ("collegamento simbolico", "cartella", "permesso negato")),
                                         ("en", ("symbolic link", "folder", "Permission denied"))])
def test_entries_that_are_not_files_are_named_in_the_language_asked(tmp_path, lang, words):
    (tmp_path / "link.yaml").symlink_to(tmp_path / "altrove.yaml")
    (tmp_path / "cartella.yaml").mkdir()
    link = loader.to_findings(loader.load_path(tmp_path / "link.yaml"), "link.yaml")
    folder = loader.to_findings(loader.load_path(tmp_path / "cartella.yaml"), "cartella.yaml")
    denied = loader.Loaded(problems=[loader.Problem("file-unreadable", 0, 0, params={
        "detail": "Permission denied", "errno": __import__("errno").EACCES})])
    unreadable = loader.to_findings(denied, "x.yaml")
    assert words[0] in said(link[0], lang) and words[1] in said(folder[0], lang) and words[2] in said(unreadable[0], lang)


def test_parallel_workers_report_hostile_files_like_a_single_process(tmp_path, settings):
    """Enough files for the worker pool: hostile entries in workers give the same findings as in-process."""
    from tohome_tools.casework import synth
    from tohome_tools.records.validate import PARALLEL_FROM

    records = tmp_path / "records"
    records.mkdir()
    generated = synth.generate(settings.programme, PARALLEL_FROM + 20, 41)
    for item in generated:
        (records / f"{item['id']}.yaml").write_text(synth.render(item), encoding="utf-8")
    for case in cases():
        if not case.unprivileged:
            (records / case.name).mkdir()
            case.build(records / case.name)
    alone = validate([records], settings, jobs=1)
    pooled = validate([records], settings, jobs=2)
    assert sorted(pooled.findings, key=repr) == sorted(alone.findings, key=repr)
    assert pooled.files_checked == alone.files_checked > PARALLEL_FROM
    assert {f.code for f in alone.findings} >= {"yaml-anchor", "file-encoding", "not-a-file", "yaml-syntax"}
