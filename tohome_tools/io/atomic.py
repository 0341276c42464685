"""Atomic file output: write a temporary file beside the target, flush it to disk, then rename.

A reader (or a crash) sees the old file or the new one, never half of one. Two writers racing on the
same target each write their own temporary file; the last rename wins whole.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import re
import shutil
import signal
import tempfile
from pathlib import Path


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def mode_for(path: Path, private: bool = False) -> int:
    """The permissions a written file gets: an existing target's own; for a new file, 0600 when it
    carries personal data (`private`), else what the umask allows of 0666."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        return 0o600 if private else 0o666 & ~_umask()


def write_bytes(path: Path, data: bytes, private: bool = False) -> None:
    try:
        _write_bytes(Path(path), data, private)
    except OSError as error:   # name the file the user asked for, not our temporary one
        raise OSError(error.errno, error.strerror, str(path)) from error


# Temporary files and folders made by this run. Each is created with Ctrl-C and SIGTERM held back and
# noted here before they can arrive, so that an interruption at any instant (even between creating
# a name and the `try` that would remove it) leaves nothing: the command removes what is still
# noted before it exits (`remove_leftovers`). The next run's clean-up is only a fallback.
_MADE: set[str] = set()
_STOPS = {signal.SIGINT, signal.SIGTERM}


def _noted(make):
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        made = make()
        _MADE.add(made[1] if isinstance(made, tuple) else made)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    return made


def remove_leftovers() -> None:
    """Remove what this run made and did not put in place (called when the command is interrupted)."""
    for name in sorted(_MADE, reverse=True):
        if os.path.isdir(name) and not os.path.islink(name):
            shutil.rmtree(name, ignore_errors=True)
        else:
            try:
                os.unlink(name)
            except OSError:
                pass
    _MADE.clear()


def _write_bytes(path: Path, data: bytes, private: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = mode_for(path, private)
    fd, tmp = _noted(lambda: tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    finally:
        _MADE.discard(tmp)   # in place or removed: nothing left to clean up


def write_text(path: Path, text: str, private: bool = False) -> None:
    write_bytes(path, text.encode("utf-8"), private)


def create_exclusive(path: Path, text: str) -> bool:
    """Write a new file only if none exists (atomically); False when the name is taken."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _noted(lambda: tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        try:
            os.link(tmp, path)  # fails if the target exists: no overwrite, no half file
        except FileExistsError:
            return False
        return True
    finally:
        os.unlink(tmp)
        _MADE.discard(tmp)


# --- Whole folders -------------------------------------------------------------------------------
#
# `replace_folder(new, target)` makes `target` become the fully written folder `new`. On Linux the
# two folders are swapped in one step with renameat2(RENAME_EXCHANGE), so a reader always sees the
# old complete folder or the new one. Where that call is missing (other OS, glibc < 2.28, or a
# filesystem answering EINVAL) we fall back to two renames (target -> .<name>.old, new -> target):
# between them `target` briefly does not exist, and a kill at that instant leaves only the `.old`
# copy. The next replace_folder / recover_folder on that target moves such a leftover back first.
# Temporary folders from killed runs (`.<name>.<random>.tmp` / `.<name>.<random>.old`, made by
# `temp_folder` below) are removed on the next run; nothing else is touched.


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_renameat2 = None
_renameat2_looked = False


def _libc_renameat2():
    """libc's renameat2, or None where this platform lacks it."""
    global _renameat2, _renameat2_looked
    if not _renameat2_looked:
        _renameat2_looked = True
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
            func = libc.renameat2
            func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
            func.restype = ctypes.c_int
            _renameat2 = func
        except (OSError, AttributeError):
            _renameat2 = None
    return _renameat2


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one atomic step; False when the platform cannot do it."""
    func = _libc_renameat2()
    if func is None:
        return False
    if func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(a), None, str(b))


def _ours(target: Path) -> re.Pattern:
    # Exactly the names tempfile.mkdtemp gives with our prefix/suffixes (8 random [a-z0-9_] chars).
    return re.compile(rf"\.{re.escape(target.name)}\.[a-z0-9_]{{8}}\.(tmp|old)")


def _old_name(target: Path) -> Path:
    return target.parent / f".{target.name}.old"


def recover_folder(target: Path) -> None:
    """Undo what a killed run may have left beside `target`.

    A leftover `.<name>.old` with no `<name>` (a fallback run killed between its two renames) is
    moved back; then our own stray temporary folders are removed. Racing runs on the same target
    are the caller's business (the commands hold their own locks)."""
    target = Path(target)
    old = _old_name(target)
    if old.is_dir() and not os.path.lexists(target):
        os.rename(old, target)
    if not target.parent.is_dir():
        return
    pattern = _ours(target)
    for entry in [old, *target.parent.iterdir()]:
        if entry == old or pattern.fullmatch(entry.name):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)


def temp_folder(target: Path, suffix: str = ".tmp") -> Path:
    """A new empty hidden folder beside `target`, named so that recover_folder can clean it up."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(_noted(lambda: tempfile.mkdtemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)))


def replace_folder(new: Path, target: Path, *, allow_exchange: bool = True) -> None:
    """Make `target` the folder `new` (fully written, beside `target`), with no instant where a
    reader sees neither the old nor the new complete folder (on Linux; see the module notes for the
    fallback). `allow_exchange=False` forces the fallback (tests)."""
    new, target = Path(new), Path(target)
    old = _old_name(target)
    if old.is_dir() and not os.path.lexists(target):
        os.rename(old, target)  # a fallback run died between its renames: put the old one back
    if not os.path.lexists(target):
        os.rename(new, target)  # nothing to replace: one rename is already atomic
        return
    if allow_exchange and exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # `new` now holds the old folder
        return
    if os.path.lexists(old):
        shutil.rmtree(old)
    os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        if not os.path.lexists(target):
            os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
