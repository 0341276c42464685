"""The optional `publish` part of the install (release and site), checked before a command starts."""

from __future__ import annotations

import importlib.util

PUBLISH = {"release": ("scipy", "highspy"), "site": ("mkdocs", "material", "matplotlib")}
_MODULES = {module for modules in PUBLISH.values() for module in modules} | {"numpy"}   # numpy: under both


def is_publishing(module: str | None) -> bool:
    """True for a library (or one of its parts) that only the `publish` extra installs."""
    return module is not None and module.split(".")[0] in _MODULES


def require(command: str) -> None:
    """Raise ModuleNotFoundError (named) when a library `command` needs is not installed, before
    anything is read or written; the command line turns it into the install hint."""
    for module in PUBLISH[command]:
        if importlib.util.find_spec(module) is None:
            raise ModuleNotFoundError(f"No module named {module!r}", name=module)
