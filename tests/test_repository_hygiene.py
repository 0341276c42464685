"""What the repository holds: source, documentation, synthetic data and its publications; never a
package, an archive or a binary someone dropped in (a 2.9 MB profiler wheel once sat at the root)."""

from __future__ import annotations

import subprocess

from helpers import ROOT

BINARY_SUFFIXES = (".whl", ".egg", ".zip", ".tar.gz", ".tgz", ".gz", ".7z", ".exe", ".so", ".dll", ".pdf", ".ics")


def tracked() -> list[str]:
    return subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, text=True,
                          check=True).stdout.split("\0")


def test_no_package_or_binary_is_committed():
    found = [p for p in tracked() if p.lower().endswith(BINARY_SUFFIXES) and not p.startswith("tests/")]
    assert found == []


def test_no_large_file_is_committed():
    """Nothing over 1 MB: the largest legitimate files (releases, the schema, docs) are far smaller."""
    large = [p for p in tracked() if p and (ROOT / p).is_file() and (ROOT / p).stat().st_size > 1_000_000]
    assert large == []


def test_the_ignore_file_keeps_packages_out():
    ignored = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", "py_spy-0.4.3-py2.py3-none-any.whl"])
    assert ignored.returncode == 0
