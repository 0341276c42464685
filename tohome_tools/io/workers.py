"""Run a function over many tasks in forked worker processes, results in task order.

Why not `multiprocessing.Pool`: its helper threads replace a worker that died by forking a new one
from a thread (the child may inherit a lock held elsewhere and hang at exit), a task lost with a
killed worker is waited for forever, and its finaliser joins workers that may never end. Here the
parent has no threads, forks only from its main thread, notices a worker's death at once and ends
every worker however the run ends.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:   # multiprocessing (and pickle with it) is imported when workers start, not by every command
    from multiprocessing.connection import Connection

STOPS = {signal.SIGINT, signal.SIGTERM}


class WorkerLost(Exception):
    """A worker ended without finishing its tasks; `signum` is the signal that ended it, if any."""

    def __init__(self, signum: int | None, exitcode: int | None):
        super().__init__(f"worker ended (signal {signum}, exit code {exitcode})")
        self.signum = signum
        self.exitcode = exitcode


class _Failure:
    """An exception raised by the function in a worker, carried back to be raised in the parent."""

    def __init__(self, error: BaseException):
        self.error = error


def _stop_now(signum, frame):   # pragma: no cover - runs in a worker
    # nothing in a worker is worth finishing: no flush, no clean-up that could wait on a lock
    os._exit(128 + signum)


def _worker_main(conn: Connection, initializer: Callable[[], None], function: Callable) -> None:  # pragma: no cover
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the parent's to report, once
    signal.signal(signal.SIGTERM, _stop_now)
    _die_with_parent()
    null = os.open(os.devnull, os.O_WRONLY)        # results and errors travel through the pipe
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPS)   # born with them held back (see `ordered_map`)
    code = 1
    try:
        initializer()
        while True:
            chunk = conn.recv()
            if chunk is None:
                code = 0
                break
            index, tasks = chunk
            try:
                conn.send((index, [function(task) for task in tasks]))
            except Exception as error:  # noqa: BLE001 - carried to the parent, which decides
                conn.send((index, _Failure(error)))
    finally:   # the parent gone, a result that cannot travel: the parent sees the worker end
        os._exit(code)


def _die_with_parent() -> None:  # pragma: no cover - runs in a worker
    """Linux: a worker gets SIGKILL when the parent's main thread (the one that forked it) ends."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class _Worker:
    def __init__(self, pid: int, conn: Connection):
        self.pid = pid
        self.conn = conn

    def end(self, kill: bool) -> None:
        """Make sure the process is gone and reaped."""
        if kill:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.conn.close()
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def _lost(worker: _Worker) -> WorkerLost:
    """What ended a worker whose pipe closed (it is ending, so waiting for it is short)."""
    try:
        status = os.waitpid(worker.pid, 0)[1]
    except ChildProcessError:
        return WorkerLost(None, None)
    if os.WIFSIGNALED(status):
        return WorkerLost(os.WTERMSIG(status), None)
    code = os.WEXITSTATUS(status)
    return WorkerLost(code - 128 if code > 128 else None, code)


def ordered_map(function: Callable, tasks: list, jobs: int, initializer: Callable[[], None],
                chunk_size: int) -> Iterator:
    """`map(function, tasks)` over `jobs` forked workers, each running `initializer` first.

    Raises WorkerLost when a worker ends early (killed, out of memory), and re-raises an exception
    raised by `function`. Every worker is ended and reaped before this returns or raises."""
    chunks = [tasks[i:i + chunk_size] for i in range(0, len(tasks), chunk_size)]
    workers: list[_Worker] = []
    held = signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)
    clean = False
    try:
        # Started with Ctrl-C and SIGTERM held back: a worker must not run the parent's handling
        # before it has its own, and a signal must not leave a half-started set of workers.
        for _ in range(min(jobs, len(chunks))):
            workers.append(_start(function, initializer))
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        yield from _drive(workers, chunks)
        clean = True
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        for worker in workers:
            worker.end(kill=not clean)


def _start(function: Callable, initializer: Callable[[], None]) -> _Worker:
    import multiprocessing

    ours, theirs = multiprocessing.Pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        ours.close()
        _worker_main(theirs, initializer, function)
    theirs.close()
    return _Worker(pid, ours)


def _drive(workers: list[_Worker], chunks: list[list]) -> Iterator:
    from multiprocessing.connection import wait

    done: dict[int, list] = {}
    following = 0   # next chunk to hand out
    wanted = 0      # next chunk to yield

    def hand_out(worker: _Worker) -> None:
        nonlocal following
        if following < len(chunks):
            try:
                worker.conn.send((following, chunks[following]))
            except OSError:   # a closed pipe: the worker has ended
                raise _lost(worker) from None
            following += 1

    for _ in range(2):   # two chunks each: a worker never waits for the parent between chunks
        for worker in workers:
            hand_out(worker)
    by_conn = {worker.conn: worker for worker in workers}
    while wanted < len(chunks):
        for conn in wait(list(by_conn)):
            worker = by_conn[conn]
            try:
                index, results = conn.recv()
            except (EOFError, OSError):
                raise _lost(worker) from None
            if isinstance(results, _Failure):
                raise results.error
            done[index] = results
            hand_out(worker)
        while wanted in done:
            yield from done.pop(wanted)
            wanted += 1
