"""A progress bar on stderr, shown only to a person at a terminal (never in CI logs or JSON runs)."""

from __future__ import annotations

import os
import sys
import time


def wanted(fmt: str = "text") -> bool:
    return fmt == "text" and sys.stderr.isatty() and not os.environ.get("CI")


class Bar:
    def __init__(self, label: str, minimum: int = 200):
        self.label = label
        self.minimum = minimum
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if total < self.minimum:
            return
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        width = 30
        filled = width * done // total
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done == total:
            sys.stderr.write("\r" + " " * (len(self.label) + width + 20) + "\r")
        sys.stderr.flush()
