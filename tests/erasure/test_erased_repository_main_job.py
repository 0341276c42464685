"""After an erasure, the README's main job still runs on the repository, and changes nothing that is
published: the periods that counted the erased households stay as they were published (re-issuing
them without those households would let a reader compute them by difference), the later periods are
re-issued by an audit that still reads the earlier ones, the site builds, and `git status` stays
clean. Budget, deadlines and indicators say how many households are missing from their counts."""

from __future__ import annotations

import json
import shutil

import pytest
from helpers import ROOT, git, tohome
from repos_helpers import bare_server, clone, commit_all

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("erased-main-job")]

PARTS = ("config", "schemas", "records", "release", "docs", "overrides", "mkdocs.yml", ".gitignore")


@pytest.fixture(scope="module")
def erased(tmp_path_factory):
    top = tmp_path_factory.mktemp("main-job")
    server = bare_server(top / "server.git")
    admin = clone(server, top / "admin", "Ada")
    for part in PARTS:
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, admin / part)
    commit_all(admin, "Il programma, le schede sintetiche e le pubblicazioni 2018-2020")
    git(admin, "push", "--quiet", "origin", "main")
    git(admin, "branch", "--quiet", "--set-upstream-to=origin/main")
    plan = tohome("erase", "--expired", "--as-of", "2025-11-21", "--format", "json", cwd=admin)
    households = json.loads(plan.stdout)["households"]
    done = tohome("erase", "--expired", "--as-of", "2025-11-21", "--apply", cwd=admin)
    assert done.returncode == 0, done.stdout + done.stderr
    return admin, households


def test_the_main_job_runs_and_leaves_git_status_clean(erased):
    admin, households = erased
    assert len(households) == 3 and all(h["periods"] == ["2018"] for h in households)
    assert tohome("validate", cwd=admin).returncode == 0
    kept = tohome("release", "--period", "2018", cwd=admin)
    assert kept.returncode == 0 and "resta pubblicato com'è" in kept.stderr and "3 nuclei cancellati" in kept.stderr
    for period in ("2019", "2020"):   # they did not count the erased households: still exact, kept
        done = tohome("release", "--period", period, cwd=admin)
        assert done.returncode == 0 and "resta com'è" in done.stderr and "ancora esatto" in done.stderr, \
            done.stdout + done.stderr
    built = tohome("site", "--site-dir", str(admin.parent / "sito"), cwd=admin, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    assert git(admin, "status", "--porcelain") == ""


def test_counts_say_how_many_households_are_missing(erased):
    admin, _ = erased
    budget = json.loads(tohome("budget", "--format", "json", cwd=admin).stdout)
    assert budget["erased"] == 3
    table = tohome("budget", cwd=admin).stdout
    assert "3 nuclei cancellati" in table
    deadlines = json.loads(tohome("deadlines", "--all", "--format", "json", cwd=admin).stdout)
    assert deadlines["erased"] == 3
    indicators = json.loads(tohome("indicators", "--period", "2018", "--format", "json", cwd=admin).stdout)
    assert indicators["erased_households"] == 3
    later = json.loads(tohome("indicators", "--period", "2020", "--format", "json", cwd=admin).stdout)
    assert later["erased_households"] == 0   # none of them was in the programme in 2020


def test_an_erased_id_is_explained_not_missing(erased):
    admin, households = erased
    gone = households[0]["id"]
    for command in (["sheet", gone, "--out", str(admin.parent / "x.html")], ["history", gone],
                    ["budget", "--household", gone]):
        done = tohome(*command, cwd=admin)
        assert done.returncode == 2 and "è stato cancellato il" in done.stderr, (command, done.stderr)


def test_a_later_period_is_audited_with_the_frozen_ones(erased, tmp_path):
    """A period issued after the erasure (here 2020 issued afresh) is audited together with the
    frozen 2018 as published, whose truth today's records no longer hold."""
    admin, _ = erased
    copy = tmp_path / "copia"
    shutil.copytree(admin, copy)
    shutil.rmtree(copy / "release" / "2020")
    done = tohome("release", "--period", "2020", cwd=copy)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Pubblicato 2020" in done.stdout and "(2018, 2019, 2020)" in done.stdout
    assert (copy / "release" / "2020" / "datapackage.json").is_file()
    assert tohome("release", "--period", "2018", cwd=copy).returncode == 0   # still kept as published
    assert git(copy, "status", "--porcelain", "release/2018", "release/2019") == ""
