"""The optional `publish` part of the install (release and site), checked before a command starts."""

from __future__ import annotations

import importlib.util

PUBLISH = {"release": ("scipy", "highspy"), "site": ("mkdocs", "material", "matplotlib")}


def require(command: str) -> None:
    """Raise ModuleNotFoundError (named) when a library `command` needs is not installed, before
    anything is read or written; the command line turns it into the install hint."""
    for module in PUBLISH[command]:
        if importlib.util.find_spec(module) is None:
            raise ModuleNotFoundError(f"No module named {module!r}", name=module)
