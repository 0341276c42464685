"""Standard output written the way files are: in UTF-8 whatever the locale, in full, or an error.

A command's result on standard output is often a file (`budget --format csv > bilancio.csv`, the
sheet's HTML, a cron job's mail). Python's own stream encodes with the locale's character set (a
Latin-9 locale writes Latin-9 bytes into a page that declares UTF-8), and its last buffer is
flushed after the command has returned, where a full disk passes unnoticed and the run ends with
0 and a cut file. Here every byte is written with `os.write` until none is left, inside the
command's run; a failure is an `OSError` whose file name is `NAME`, which the command line words as
"standard output". A closed descriptor (cron with `>&-`) is put on /dev/null so that no file the
command opens takes its number, and every write to it fails the same way.
"""

from __future__ import annotations

import errno
import os

NAME = "<stdout>"   # the file name of a failed write to standard output (the face words it)
_CHUNK = 1 << 16    # bytes kept before a write, when the output is not a terminal


def reopen_closed() -> set[int]:
    """Descriptors 0, 1 and 2 that were closed, now opened on /dev/null (so that a file opened later
    can never become "standard output" by taking the lowest free number)."""
    closed = set()
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            closed.add(fd)
    for fd in sorted(closed):
        null = os.open(os.devnull, os.O_RDWR)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
    return closed


class StandardOutput:
    """A text stream over descriptor `fd` (None: closed) that writes UTF-8 and raises on any failure."""

    encoding = "utf-8"
    errors = "backslashreplace"

    def __init__(self, fd: int | None):
        self._fd = fd
        self._pending = bytearray()
        self._tty = fd is not None and os.isatty(fd)

    def write(self, text: str) -> int:
        if self._fd is None:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF), NAME)
        # a name with bytes that are not UTF-8 is shown escaped, never written as those bytes
        self._pending += text.encode("utf-8", "backslashreplace")
        if self._tty or len(self._pending) >= _CHUNK:
            self.flush()
        return len(text)

    def flush(self) -> None:
        view = memoryview(self._pending)
        done = 0
        try:
            while done < len(view):
                try:
                    done += os.write(self._fd, view[done:])
                except InterruptedError:
                    continue
                except BrokenPipeError:
                    raise   # the reader stopped reading (`| head`): not a failure of the output
                except OSError as error:
                    raise OSError(error.errno, error.strerror, NAME) from None
        finally:
            view.release()
            del self._pending[:done]

    def put_bytes(self, data: bytes) -> int:
        """Bytes as they are (a protocol on standard output: the language server)."""
        if self._fd is None:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF), NAME)
        self._pending += data
        if len(self._pending) >= _CHUNK:
            self.flush()
        return len(data)

    @property
    def buffer(self) -> "_Binary":
        return _Binary(self)

    def isatty(self) -> bool:
        return self._tty

    def fileno(self) -> int:
        if self._fd is None:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF), NAME)
        return self._fd

    def writable(self) -> bool:
        return True

    def close(self) -> None:   # the descriptor belongs to the process, not to this stream
        pass

    @property
    def closed(self) -> bool:
        return False


class _Binary:
    """The binary side of `StandardOutput` (what `sys.stdout.buffer` is for Python's own stream)."""

    def __init__(self, owner: StandardOutput):
        self._owner = owner

    def write(self, data: bytes) -> int:
        return self._owner.put_bytes(bytes(data))

    def flush(self) -> None:
        self._owner.flush()

    def fileno(self) -> int:
        return self._owner.fileno()

    def writable(self) -> bool:
        return True

    def close(self) -> None:
        pass
