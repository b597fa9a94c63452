"""The one bounded reader of regular files, importing nothing but ``os``, ``stat`` and ``errno``.

It lives apart from :mod:`aodcli.safeio` (which builds on it) so that the fast path
of ``aod prompt`` and shell completion (:mod:`aodcli.fastpath`) can read the cache
files through exactly the same code without paying for ``safeio``'s imports.
"""

from __future__ import annotations

import errno
import os
import stat

__all__ = ["CHUNK", "NotRegularFile", "read_regular"]

CHUNK = 1 << 20


class NotRegularFile(OSError):
    """What :func:`read_regular` opened is not a regular file; ``mode`` says what it is."""

    def __init__(self, path: str | os.PathLike[str], mode: int) -> None:
        super().__init__(errno.EINVAL, "not a regular file", str(path))
        self.mode = mode


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """At most ``limit + 1`` bytes of the regular file ``path`` (so a caller can tell "too
    large" without reading it all). Opened without blocking and checked on the open
    descriptor: a folder raises IsADirectoryError, a FIFO, device or socket
    :class:`NotRegularFile`, at once instead of hanging or streaming forever."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    try:
        st = os.fstat(fd)
        mode = st.st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, mode)
        chunks: list[bytes] = []
        left = limit + 1
        want = min(left, st.st_size + 1)  # the whole file in one buffer: no second copy to join
        while left > 0:
            chunk = os.read(fd, want)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
            want = min(left, CHUNK)  # a file that grew while it was read: the rest in chunks
        return b"".join(chunks)
    finally:
        os.close(fd)
