"""The fault seam: every file-system call that changes files (the store's, sync's).

The write paths call ``io.ops.<name>(...)`` (this module imported as ``io``) and
nothing else, looking the table up at call time, so a test can swap :data:`ops`
for a wrapper that records the calls or makes the k-th one fail
(``monkeypatch.setattr(io, "ops", faulty)``).
That is how the syscall order (T1) and the I/O-fault loop (T2) are tested
without patching ``os`` itself.

The defaults import ``tempfile`` (and, on Windows, ``filelock``) lazily: reading
the store must not pay for them. On POSIX the lock is ``fcntl.flock`` itself:
filelock 4 imports about 20 ms of modules (hashlib, logging, decimal…) on every
write, a tenth of the framework floor, for the one call it makes there.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from typing import Any

__all__ = ["OPS", "IOTable", "default_ops", "ops", "read_bounded"]

#: Names of the operations in the table, in the order a commit first uses them.
OPS: tuple[str, ...] = (
    "lock",
    "read",
    "unlink",
    "mkstemp",
    "write",
    "fsync",
    "close",
    "link",
    "replace",
    "fsync_dir",
)


#: Seconds before the first retry while another process holds the lock; each retry
#: waits about 1.5 times as long (with jitter), up to LOCK_POLL_CAP. A commit holds the lock
#: for milliseconds, so a lone short wait ends within a few ms; a long queue of waiters
#: sleeps instead of polling (50 waiters at a fixed 5 ms kept a core busy).
LOCK_POLL = 0.002
#: The longest sleep between two attempts.
LOCK_POLL_CAP = 0.15


def _lock_delays(first: float, cap: float) -> Iterator[float]:
    """Sleeps between lock attempts: growing by half each time from ``first`` to ``cap``
    (the cap is reached after about half a second), each drawn at random from the upper
    half of its range so that waiters started together spread out."""
    import random

    ceiling = first
    while True:
        yield random.uniform(ceiling / 2, ceiling)
        ceiling = min(ceiling * 1.5, cap)


def _wait_for(attempt: Callable[[], bool], timeout: float, path: str) -> None:
    """Call ``attempt`` until it takes the lock, sleeping :func:`_lock_delays` between tries;
    TimeoutError after ``timeout`` seconds."""
    import time

    deadline = time.monotonic() + timeout
    delays = _lock_delays(LOCK_POLL, LOCK_POLL_CAP)
    while not attempt():
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"{path} stays locked")
        time.sleep(min(next(delays), left))


@contextmanager
def _lock(path: str, timeout: float) -> Iterator[object]:
    """An exclusive inter-process lock on ``path`` (``flock`` on POSIX, filelock's LockFileEx on
    Windows; released by the kernel if the process dies), waited for up to ``timeout``
    seconds with growing sleeps between attempts (:func:`_lock_delays`). Raises
    TimeoutError when it stays held, OSError at once when the lock file cannot be created
    or opened (a symbolic link is refused: ``O_NOFOLLOW``)."""
    if os.name == "nt":  # pragma: no cover - not run on Linux CI
        with _windows_lock(path, timeout) as lock:
            yield lock
        return
    import fcntl

    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags | os.O_NONBLOCK, 0o600)
    try:
        with suppress(OSError):
            if os.fstat(fd).st_uid == os.getuid():
                os.fchmod(fd, 0o600)  # the umask may have taken bits we need

        def attempt() -> bool:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True

        _wait_for(attempt, timeout, path)
        try:
            yield fd
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextmanager
def _windows_lock(path: str, timeout: float) -> Iterator[object]:  # pragma: no cover - Windows only
    from filelock import FileLock, Timeout

    lock = FileLock(path, mode=0o600)

    def attempt() -> bool:
        try:
            lock.acquire(blocking=False)
        except Timeout:
            return False
        return True

    _wait_for(attempt, timeout, path)
    try:
        yield lock
    finally:
        lock.release()


def read_bounded(path: str, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of the regular file ``path``; OSError for anything else
    (:func:`aodcli.fileio.regular.read_regular`, the one bounded reader)."""
    from .regular import read_regular

    return read_regular(path, limit)


def _read(path: str) -> bytes:
    from ..store.document import MAX_BYTES  # the largest store file aod reads (and writes)

    return read_bounded(path, MAX_BYTES)


def _mkstemp(dir: str, prefix: str, suffix: str) -> tuple[int, str]:
    """A new 0600 file, opened for writing, in ``dir``."""
    import tempfile

    return tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=dir)


def _fsync(fd: int) -> None:
    """Flush a file to stable storage (``F_FULLFSYNC`` on macOS, where fsync is weaker)."""
    if sys.platform == "darwin":  # pragma: no cover - not run on Linux CI
        import fcntl

        full = getattr(fcntl, "F_FULLFSYNC", None)
        if full is not None:
            try:
                fcntl.fcntl(fd, full)
                return
            except OSError:
                pass  # not supported by this file system: plain fsync below
    os.fsync(fd)


def _fsync_dir(path: str) -> None:
    """Make a rename in ``path`` durable. POSIX only; a no-op on Windows."""
    if os.name == "nt":  # pragma: no cover - Windows has no folder fsync
        return
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# Thin wrappers look ``os.*`` up at call time, so monkeypatching ``os`` works too.
def _write(fd: int, data: bytes | memoryview) -> int:
    return os.write(fd, data)


def _close(fd: int) -> None:
    os.close(fd)


def _unlink(path: str) -> None:
    os.unlink(path)


def _link(src: str, dst: str) -> None:
    os.link(src, dst)


def _replace(src: str, dst: str) -> None:
    os.replace(src, dst)


class IOTable:
    """The table of operations. Build a changed copy with :meth:`with_ops`."""

    __slots__ = OPS

    lock: Callable[[str, float], AbstractContextManager[Any]]
    read: Callable[[str], bytes]
    unlink: Callable[[str], None]
    mkstemp: Callable[[str, str, str], tuple[int, str]]
    write: Callable[[int, bytes | memoryview], int]
    fsync: Callable[[int], None]
    close: Callable[[int], None]
    link: Callable[[str, str], None]
    replace: Callable[[str, str], None]
    fsync_dir: Callable[[str], None]

    def __init__(self, **impl: Callable[..., Any]) -> None:
        missing = set(OPS) - set(impl)
        unknown = set(impl) - set(OPS)
        if missing or unknown:
            raise TypeError(f"IOTable: missing {sorted(missing)}, unknown {sorted(unknown)}")
        for name in OPS:
            object.__setattr__(self, name, impl[name])

    def get(self, name: str) -> Callable[..., Any]:
        fn: Callable[..., Any] = getattr(self, name)
        return fn

    def with_ops(self, **changes: Callable[..., Any]) -> IOTable:
        """A copy with some operations replaced."""
        impl = {name: self.get(name) for name in OPS}
        impl.update(changes)
        return IOTable(**impl)


def default_ops() -> IOTable:
    """The real operations."""
    return IOTable(
        lock=_lock,
        read=_read,
        unlink=_unlink,
        mkstemp=_mkstemp,
        write=_write,
        fsync=_fsync,
        close=_close,
        link=_link,
        replace=_replace,
        fsync_dir=_fsync_dir,
    )


#: The table the store uses. Tests replace it; production code never does.
ops: IOTable = default_ops()
