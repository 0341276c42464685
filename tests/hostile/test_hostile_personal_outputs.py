"""Personal outputs (the sheet, the calendar, the indicator report) never land where they get
published or committed: not in a folder a site build made and marked as a web root, wherever it
is, and not inside a git work tree where `git add -A` would take them. The repository's .gitignore
and the lots' template leave out where they may go. `tohome site --zensical` goes through the same
folder guard as MkDocs. Real subprocesses, real git repositories, `git add -A` run for real."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import ROOT, copy_project, git, tohome

from tohome_tools.lots import split

HOUSEHOLD = "TH-4-0001"
PERSONAL = {
    "sheet": lambda target: ["sheet", HOUSEHOLD, "--out", target],
    "calendar": lambda target: ["deadlines", "--all", "--as-of", "2019-06-30", "--ics", target],
    "indicators": lambda target: ["indicators", "--period", "2019", "--format", "csv", "--out", target],
}
SUFFIX = {"sheet": ".html", "calendar": ".ics", "indicators": ".csv"}


def project_at(root: Path, ignore: str | None) -> Path:
    copy_project(root, "config", "schemas", empty_records=True)
    for name in ("TH-4-0001", "TH-4-0002", "TH-1-0001"):
        shutil.copy(ROOT / "records" / f"{name}.yaml", root / "records")
    if ignore is not None:
        (root / ".gitignore").write_text(ignore, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "schede")
    return root


def staged(root: Path) -> list[str]:
    git(root, "add", "-A")
    return [n for n in git(root, "diff", "--cached", "--name-only").splitlines() if n]


@pytest.fixture(scope="module")
def repository(tmp_path_factory) -> Path:
    """A records repository with the shipped .gitignore."""
    return project_at(tmp_path_factory.mktemp("personali") / "p", (ROOT / ".gitignore").read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind", sorted(PERSONAL))
@pytest.mark.parametrize("marked", ["marker", "mkdocs"])
def test_a_built_site_anywhere_is_refused_for_personal_outputs(repository, tmp_path, kind, marked):
    www = tmp_path / "www"
    (www / "pagine").mkdir(parents=True)
    if marked == "marker":   # what `tohome site --site-dir www` leaves
        (www / ".tohome-site").write_text("Cartella costruita da «tohome site».\n", encoding="utf-8")
    else:                     # what a MkDocs build leaves
        (www / "search").mkdir()
        (www / "search" / "search_index.json").write_text("{}", encoding="utf-8")
        (www / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    for target in (www / f"x{SUFFIX[kind]}", www / "pagine" / f"x{SUFFIX[kind]}"):
        done = tohome(*PERSONAL[kind](str(target)), cwd=repository)
        assert done.returncode == 2 and "è un sito costruito da pubblicare" in done.stderr, done.stderr
        assert not target.exists()


@pytest.mark.parametrize("kind", sorted(PERSONAL))
def test_inside_the_repository_where_git_would_take_it_is_refused(repository, kind):
    # *.ics is ignored wherever it is: a calendar under another name is not
    target = "calendario.txt" if kind == "calendar" else f"fuori-posto{SUFFIX[kind]}"
    done = tohome(*PERSONAL[kind](target), cwd=repository)
    assert done.returncode == 2 and "«git add -A» lo metterebbe in un commit" in done.stderr, done.stderr
    assert "riservato/" in done.stderr and not (repository / target).exists()
    english = tohome(*PERSONAL[kind](target), "--lang", "en", cwd=repository)
    assert english.returncode == 2 and "'git add -A' would commit the personal data" in english.stderr


def test_a_tracked_file_is_refused_even_where_the_patterns_ignore_it(repository):
    tracked = repository / "riservato" / "scheda.html"
    tracked.parent.mkdir(exist_ok=True)
    tracked.write_text("vecchia\n", encoding="utf-8")
    git(repository, "add", "-f", str(tracked))
    git(repository, "commit", "-qm", "una scheda per errore")
    done = tohome("sheet", HOUSEHOLD, "--out", str(tracked), cwd=repository)
    assert done.returncode == 2 and "git add -A" in done.stderr
    assert tracked.read_text(encoding="utf-8") == "vecchia\n"
    git(repository, "rm", "-q", "--cached", str(tracked))
    git(repository, "commit", "-qm", "tolta")


IGNORES = {
    "the repository's .gitignore": (ROOT / ".gitignore").read_text(encoding="utf-8"),
    "a lot's template": split.GITIGNORE,
    # what the split adds to the city's .gitignore (before issue 24: its clones only)
    "the city's additions": "".join(f"{line}\n" for line in getattr(split, "CITY_IGNORES", ("/lotti/",))),
}


@pytest.mark.parametrize("ignore", sorted(IGNORES))
def test_where_the_commands_write_inside_a_repository_git_add_takes_nothing(tmp_path, ignore):
    """Each kind written where the .gitignore leaves it (riservato/, and a calendar anywhere), then
    `git add -A`: nothing of it is staged. Where git would take a file, the refusal is tested above."""
    root = project_at(tmp_path / "p", IGNORES[ignore])
    (root / "riservato").mkdir()
    targets = [(kind, f"riservato/{kind}{SUFFIX[kind]}") for kind in PERSONAL] + [("calendar", "scadenze.ics")]
    for kind, target in targets:
        done = tohome(*PERSONAL[kind](target), cwd=root)
        assert done.returncode == 0 and (root / target).is_file(), (ignore, target, done.stderr)
    assert staged(root) == []


def test_outside_any_repository_the_outputs_are_written(tmp_path):
    root = project_at(tmp_path / "p", None)
    elsewhere = tmp_path / "fuori"
    elsewhere.mkdir()
    for kind, make in PERSONAL.items():
        assert tohome(*make(str(elsewhere / f"x{SUFFIX[kind]}")), cwd=root).returncode == 0


# --- tohome site --zensical: the same folder guard ----------------------------------------------------

@pytest.fixture
def site_project(tmp_path) -> Path:
    root = copy_project(tmp_path / "sito", "config", "schemas", "docs", "release", "overrides")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def test_zensical_refuses_a_folder_tohome_did_not_build(site_project):
    pytest.importorskip("zensical")
    foreign = site_project / "site"
    foreign.mkdir()
    (foreign / "appunti.txt").write_text("non è un sito\n", encoding="utf-8")
    done = tohome("site", "--zensical", cwd=site_project)
    assert done.returncode == 2 and "non l'ha creata tohome" in done.stderr, done.stdout + done.stderr
    assert (foreign / "appunti.txt").read_text(encoding="utf-8") == "non è un sito\n"


def test_zensical_says_it_cannot_build_elsewhere(site_project, tmp_path):
    pytest.importorskip("zensical")
    done = tohome("site", "--zensical", "--site-dir", str(tmp_path / "altrove"), cwd=site_project)
    assert done.returncode == 2 and "con --zensical non indicare --site-dir" in done.stderr, done.stderr
    assert not (tmp_path / "altrove").exists() and not (site_project / "site").exists()


@pytest.mark.slow
def test_a_zensical_build_is_marked_and_may_be_rebuilt(site_project):
    pytest.importorskip("zensical")
    for _ in range(2):
        done = tohome("site", "--zensical", cwd=site_project, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
        assert (site_project / "site" / ".tohome-site").is_file()
