"""The optional parts of the install, checked before a command starts.

`publish` (release and site: solvers, MkDocs, charts), `pdf` (the printable sheet as PDF) and
`editor` (the language server) are extras, so that a case manager who validates records installs
only the core.
"""

from __future__ import annotations

import importlib.util

# what a command needs: (extra, modules)
NEEDS = {"release": ("publish", ("scipy", "highspy")), "site": ("publish", ("mkdocs", "material", "matplotlib")),
         "sheet-pdf": ("pdf", ("weasyprint",)), "lsp": ("editor", ("pygls", "lsprotocol"))}
_EXTRA_OF = {module: extra for extra, modules in NEEDS.values() for module in modules} | {"numpy": "publish"}


def extra_of(module: str | None) -> str | None:
    """The extra that installs a library (or one of its parts), None for any other module."""
    return None if module is None else _EXTRA_OF.get(module.split(".")[0])


def is_publishing(module: str | None) -> bool:
    """True for a library (or one of its parts) that only the `publish` extra installs."""
    return extra_of(module) == "publish"


def require(command: str) -> None:
    """Raise ModuleNotFoundError (named) when a library `command` needs is not installed, before
    anything is read or written; the command line turns it into the install hint."""
    for module in NEEDS[command][1]:
        if importlib.util.find_spec(module) is None:
            raise ModuleNotFoundError(f"No module named {module!r}", name=module)
