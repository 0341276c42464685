"""Exceptions that carry findings: what stops a command, as data the face renders."""

from __future__ import annotations

from tohome_tools.core.findings import Finding


class ConfigError(Exception):
    """The project cannot be used as it is (configuration, schema): its findings say where."""

    def __init__(self, findings: list[Finding]):
        super().__init__("\n".join(f"{f.file}:{f.line}:{f.column}: {f.code}" for f in findings))
        self.findings = findings


class Terminated(BaseException):
    """SIGTERM, turned into an exception so that every `finally` (temporary files) still runs; raised
    by the command line's signal handler, or where a child process was stopped by one."""
