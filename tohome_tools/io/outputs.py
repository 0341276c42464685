"""Where a command may write, checked before anything is written.

An output path given on the command line is never inside the project's private folders
(`records/`, `config/`, `schemas/`, `.git/`) or its sources (the site's theme `overrides/`, code,
CI), never replaces another kind of file of the project (`--out mkdocs.yml`), never the project
root or a folder above it, and
never anything but a regular file or folder (a pipe, a device, a socket or a symbolic link is
refused: printing is what a command does without `--out`). Outputs that carry personal data (the
project sheet, the calendar, the indicator report) are also kept out of what is published
(`release/`, `docs/`, `site/`, and any folder a site build made, wherever it is) and out of what git
would commit (a path inside a work tree that its .gitignore does not leave out). A folder output
(`--site-dir`) replaces only an empty folder or one the tool built (it carries the marker file
`.tohome-site`).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tohome_tools.core.safetext import visible
from tohome_tools.io import gitutil

PRIVATE = ("records", "config", "schemas", ".git")
PUBLIC = ("release", "docs", "site")
# the project's own sources: the site's theme (a page written there is on every published page), CI,
# code and its documentation
SOURCES = ("overrides", ".github", ".ci", "tohome_tools", "tests", "devdocs", "benchmarks")
SITE_MARKER = ".tohome-site"
PERSONAL_FOLDER = "riservato"   # inside a repository, the folder its .gitignore keeps personal outputs in

TEXT = {
    "it": {
        "private": "{path}: non scrivo qui: è dentro «{folder}/», che contiene le schede o la configurazione del "
                   "progetto. Scegli un file fuori da quella cartella.",
        "public": "{path}: non scrivo qui: «{folder}/» viene pubblicato, e questo file contiene dati personali. "
                  "Scegli un file fuori dalle cartelle pubblicate.",
        "root": "{path}: non scrivo qui: è la cartella del progetto o una cartella che la contiene. Scegli una "
                "cartella nuova o vuota.",
        "link": "{path}: è un collegamento simbolico: non lo seguo e non lo sostituisco. Indica il file vero.",
        "not_regular": "{path}: non è un file normale (una cartella, una pipe, un dispositivo): non lo sostituisco. "
                       "Per vedere il risultato a schermo, non indicare il file.",
        "not_folder": "{path}: esiste e non è una cartella: non lo sostituisco.",
        "source": "{path}: non scrivo qui: «{folder}/» fa parte del progetto (tema del sito, codice, CI). "
                  "Scegli un file fuori da quella cartella.",
        "other_kind": "{path}: esiste già nel progetto e non è un file {suffix}: non lo sostituisco. Scegli un "
                      "file nuovo o un {suffix} scritto prima da tohome.",
        "foreign": "{path}: la cartella non è vuota e non l'ha creata tohome (manca «{marker}»): non la "
                   "sostituisco. Indica una cartella nuova o vuota.",
        "zensical": "{path}: zensical costruisce il sito solo nella cartella indicata da mkdocs.yml (site_dir): "
                    "con --zensical non indicare --site-dir.",
        "built_site": "{path}: non scrivo qui: «{folder}» è un sito costruito da pubblicare, e questo file contiene "
                      "dati personali. Scegli un file fuori da quella cartella.",
        "committable": "{path}: non scrivo qui: è dentro il repository git «{folder}» e git non lo ignora, quindi "
                       "«git add -A» lo metterebbe in un commit con i dati personali. Scrivilo fuori dal repository, "
                       "o in una cartella che .gitignore esclude (per esempio {ignored}/).",
    },
    "en": {
        "private": "{path}: not writing here: it is inside '{folder}/', which holds the project's records or "
                   "configuration. Choose a file outside that folder.",
        "public": "{path}: not writing here: '{folder}/' is published, and this file holds personal data. Choose "
                  "a file outside the published folders.",
        "root": "{path}: not writing here: it is the project folder or a folder holding it. Choose a new or empty "
                "folder.",
        "link": "{path}: is a symbolic link: not followed, not replaced. Give the real file.",
        "not_regular": "{path}: is not a regular file (a folder, a pipe, a device): not replaced. To see the "
                       "result on screen, give no file.",
        "not_folder": "{path}: exists and is not a folder: not replaced.",
        "source": "{path}: not writing here: '{folder}/' is part of the project (site theme, code, CI). Choose a "
                  "file outside that folder.",
        "other_kind": "{path}: already exists in the project and is not a {suffix} file: not replaced. Choose a new "
                      "file or a {suffix} that tohome wrote before.",
        "foreign": "{path}: the folder is not empty and was not made by tohome ('{marker}' is missing): not "
                   "replaced. Give a new or empty folder.",
        "zensical": "{path}: zensical builds the site only in the folder mkdocs.yml names (site_dir): with "
                    "--zensical give no --site-dir.",
        "built_site": "{path}: not writing here: '{folder}' is a built site to be published, and this file holds "
                      "personal data. Choose a file outside that folder.",
        "committable": "{path}: not writing here: it is inside git repository '{folder}' and git does not ignore "
                       "it, so 'git add -A' would commit the personal data. Write it outside the repository, or in "
                       "a folder .gitignore leaves out (for example {ignored}/).",
    },
}


class OutputRefused(Exception):
    """An output path the command must not write to; `code` names the reason."""

    def __init__(self, code: str, path: Path, folder: str = "", suffix: str = ""):
        super().__init__(code)
        self.code, self.path, self.folder, self.suffix = code, path, folder, suffix

    def message(self, lang: str) -> str:
        return TEXT[lang][self.code].format(path=visible(str(self.path)), folder=visible(self.folder),
                                            marker=SITE_MARKER, suffix=self.suffix, ignored=PERSONAL_FOLDER)


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _resolved(path: Path) -> Path:
    # strict=False: the file itself may not exist yet; its folders are resolved through any link
    return Path(os.path.realpath(path))


def _guard_places(resolved: Path, given: Path, root: Path, folders: tuple[str, ...],
                  inputs: tuple[Path, ...] = ()) -> None:
    if _within(root, resolved):
        raise OutputRefused("root", given)
    for name in folders + SOURCES:   # resolved too: records/ may itself be a link to elsewhere
        if _within(resolved, root / name) or _within(resolved, _resolved(root / name)):
            kind = "private" if name in PRIVATE else "source" if name in SOURCES else "public"
            raise OutputRefused(kind, given, name)
    for folder in inputs:   # the records a command reads, wherever they are (--records, paths)
        place = _resolved(folder)
        if _within(resolved, place) or (place.is_file() and resolved == place):
            raise OutputRefused("private", given, str(folder).rstrip("/"))


def check_file(path: Path, root: Path, personal: bool, inputs: tuple[Path, ...] = (), suffix: str = "") -> Path:
    """The path to write a file to, or OutputRefused. `personal`: the file carries personal data;
    `inputs`: the records (folders or files) the command reads, which it must never overwrite;
    `suffix` (".html"): inside the project, an existing file is replaced only if it has it (so
    `--out mkdocs.yml` or `--out README.md` is refused)."""
    given = Path(path)
    root = _resolved(root)
    if given.is_symlink():
        raise OutputRefused("link", given)
    try:
        mode = given.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError:
        mode = None   # an unreadable parent: the write itself will say so
    if mode is not None and not stat.S_ISREG(mode):
        raise OutputRefused("not_regular", given)
    resolved = _resolved(given)
    _guard_places(resolved, given, root, PRIVATE + (PUBLIC if personal else ()), inputs)
    if mode is not None and suffix and _within(resolved, root) and resolved.suffix.lower() != suffix:
        raise OutputRefused("other_kind", given, suffix=suffix)
    if personal:
        site = next((f for f in resolved.parents if (f / SITE_MARKER).is_file() or _built_by_mkdocs(f)), None)
        if site is not None:   # a web root wherever it is (`tohome site --site-dir /srv/www`)
            raise OutputRefused("built_site", given, str(site))
        repository = gitutil.work_tree_taking(resolved)
        if repository is not None:
            raise OutputRefused("committable", given, str(repository))
    return given


def check_synthetic_folder(path: Path, root: Path) -> Path:
    """Where `tohome synth --out` may write invented records: not among the configuration, schemas,
    git's files or what is published, not the project root or above (records/ or a folder of its own)."""
    given = Path(path)
    root = _resolved(root)
    if given.is_symlink():
        raise OutputRefused("link", given)
    resolved = _resolved(given)
    _guard_places(resolved, given, root, ("config", "schemas", ".git") + PUBLIC)
    if given.exists() and not given.is_dir():
        raise OutputRefused("not_folder", given)
    return given


def check_folder(path: Path, root: Path) -> Path:
    """The folder a built site may replace, or OutputRefused."""
    given = Path(path)
    root = _resolved(root)
    if given.is_symlink():
        raise OutputRefused("link", given)
    resolved = _resolved(given)
    _guard_places(resolved, given, root, PRIVATE + ("release", "docs"))
    for name in PRIVATE + ("release", "docs"):
        if _within(root / name, resolved):
            raise OutputRefused("private" if name in PRIVATE else "public", given, name)
    if given.exists():
        if not given.is_dir():
            raise OutputRefused("not_folder", given)
        if any(given.iterdir()) and not (given / SITE_MARKER).is_file() and not _built_by_mkdocs(given):
            raise OutputRefused("foreign", given)
    return given


def _built_by_mkdocs(folder: Path) -> bool:
    """A site built before the marker existed: MkDocs's own search index and sitemap."""
    return (folder / "search" / "search_index.json").is_file() and (folder / "sitemap.xml").is_file()
