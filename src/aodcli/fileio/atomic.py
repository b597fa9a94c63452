"""Atomic file writes through the fault seam (:mod:`.ops`): a synced temp file in the target's
folder, then ``os.replace``. The store's commit and sync's files are written this way."""

from __future__ import annotations

import errno
import os
import time
from contextlib import suppress
from pathlib import Path

from ..i18n import _
from . import ops as io

__all__ = ["ensure_dir", "lock_problem", "os_problem", "quiet_unlink", "replace_file", "write_file"]

#: Windows: a reader holding the file open makes os.replace fail briefly (P3).
_WINDOWS_RETRY_DELAYS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.4)


def os_problem(err: OSError) -> str:
    """``No space left on device (ENOSPC)``."""
    text = err.strerror or str(err) or type(err).__name__
    code = errno.errorcode.get(err.errno) if isinstance(err.errno, int) else None
    return f"{text} ({code})" if code else text


def ensure_dir(path: Path) -> None:
    """Create ``path`` as a 0700 folder if it is missing. Existing folders are left alone."""
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        return
    except FileNotFoundError:
        os.makedirs(path.parent, exist_ok=True)
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            return
    os.chmod(path, 0o700)  # the umask may have taken bits we need


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = io.ops.write(fd, view)
        if n <= 0:
            raise OSError(errno.EIO, "write made no progress")
        view = view[n:]


def _quiet_close(fd: int) -> None:
    with suppress(OSError):  # already closed, or the close failed: nothing more to do
        os.close(fd)


def quiet_unlink(path: str) -> None:
    """Remove a temp file if possible; a leftover is removed by the next commit."""
    with suppress(OSError):
        io.ops.unlink(path)


def write_file(folder: str, prefix: str, data: bytes) -> str:
    """Write ``data`` to a new synced 0600 temp file in ``folder``; return its name."""
    fd, tmp = io.ops.mkstemp(folder, prefix, ".tmp")
    closed = False
    try:
        _write_all(fd, data)
        io.ops.fsync(fd)
        closed = True  # a failed close is never retried: the descriptor is gone either way
        io.ops.close(fd)
    except BaseException:
        if not closed:
            _quiet_close(fd)
        quiet_unlink(tmp)
        raise
    return tmp


def replace_file(src: str, dst: str) -> None:
    attempt = 0
    while True:
        try:
            io.ops.replace(src, dst)
            return
        except PermissionError as err:
            if (
                os.name != "nt"
                or getattr(err, "winerror", None) not in (5, 32)
                or attempt >= len(_WINDOWS_RETRY_DELAYS)
            ):
                raise
            time.sleep(_WINDOWS_RETRY_DELAYS[attempt])
            attempt += 1


def lock_problem(path: Path, err: OSError) -> str:
    """The sentence for a lock file that cannot be created or opened: the OS's reason,
    never "another aod process" (the store's and sync's lock alike)."""
    if os.path.islink(path):  # the lock opens it with O_NOFOLLOW
        return _(
            "{path} is a symbolic link, and aod will not follow it; remove it "
            "(aod makes a new one) and try again. Nothing was changed."
        ).format(path=path)
    if os.path.lexists(path):
        return _("cannot use the lock file {path}: {problem}; nothing was changed").format(
            path=path, problem=os_problem(err)
        )
    return _("cannot create the lock file {path}: {problem}; nothing was changed").format(
        path=path, problem=os_problem(err)
    )
