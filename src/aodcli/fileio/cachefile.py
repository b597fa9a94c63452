"""Reading and writing the disposable files in ``<data dir>/cache/``.

The store's status file (``store/status.py``), the data packs' validated copies
(``pack/cache.py``) and the search index (``finder.py``) are speed-ups that
every command can do without. So, for all of them alike:

- any OSError, or a file that is not a regular file (a FIFO, a device, a
  symbolic link to one), means "no cache": :func:`read` returns None and
  :func:`write` returns False, silently;
- a write goes to a new temp file (``mkstemp``: never through an existing
  name or link) that then replaces the target; if it fails, the temp file is
  removed: a full disk leaves nothing behind;
- the user's change comes first: a cache file is written only while the
  volume keeps room for the next save of the store (:func:`has_room`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

__all__ = ["FLOOR", "exists", "has_room", "read", "write", "writes_held"]

#: Free space a cache write must leave, on top of :func:`has_room`'s three copies of the store.
FLOOR = 16 * 1024 * 1024
#: The largest cache file read back (larger: no cache): twice the store's ``MAX_BYTES``
#: (a test holds them so, and the fast path's ``READ_LIMIT`` to this).
READ_LIMIT = 128 * 1024 * 1024

_writes_held = False


@contextmanager
def writes_held(hold: bool = True) -> Iterator[None]:
    """While it lasts (and ``hold``), no cache file is written: a ``--dry-run`` writes nothing at all."""
    global _writes_held
    before, _writes_held = _writes_held, _writes_held or hold
    try:
        yield
    finally:
        _writes_held = before


def read(path: Path | str, limit: int = READ_LIMIT) -> bytes | None:
    """The bytes of a cache file, or None when it is missing, unreadable, not a regular
    file or over ``limit`` bytes."""
    from .regular import read_regular

    try:
        data = read_regular(str(path), limit)
    except OSError:
        return None
    return data if len(data) <= limit else None


def exists(path: Path | str) -> bool:
    """Is there a regular file at ``path``? (False, not an error, when it cannot be looked at.)"""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def has_room(folder: Path | str, size: int, store_file: Path | str) -> bool:
    """Will the volume of ``folder`` still have room to save the store after ``size`` more
    bytes? Room means three copies of the store (the next version's temp file, and the
    backup copies a file system without hard links needs) plus :data:`FLOOR`."""
    import shutil

    try:
        store_size = os.stat(store_file).st_size
    except OSError:
        store_size = 0
    at = Path(folder)
    try:
        while not at.is_dir() and at.parent != at:  # a folder still to be made: its volume
            at = at.parent
        free = shutil.disk_usage(at).free
    except OSError:
        return False
    return free - size >= 3 * store_size + FLOOR


def _make_folders(folder: Path, root: Path) -> None:
    """Create ``folder`` and any missing parent up to ``root`` (included), each 0700."""
    missing: list[Path] = []
    at = folder
    while not at.is_dir():
        missing.append(at)
        if at == root or at.parent == at:
            break
        at = at.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700)
        path.chmod(0o700)  # private like the store's folder, whatever the umask


def write(path: Path, blob: bytes, *, root: Path, store_file: Path | str, prefix: str = ".") -> bool:
    """Write a cache file atomically; True if it was written. Creates missing folders
    from ``root`` down (0700). False, with nothing left behind, when it cannot be
    written or there is no room to spare (see :func:`has_room`): never raises OSError."""
    import tempfile

    folder = path.parent
    if _writes_held:
        return False
    try:
        if not has_room(folder, len(blob), store_file):
            return False
        _make_folders(folder, root)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp")  # 0600, O_EXCL
    except OSError:
        return False
    try:
        try:
            view = memoryview(blob)
            while view:
                written = os.write(fd, view)
                if written <= 0:
                    raise OSError("write made no progress")
                view = view[written:]
        finally:
            os.close(fd)
        os.replace(tmp, path)  # replaces a link at ``path`` itself, never its target
    except BaseException as err:
        with suppress(OSError):
            os.unlink(tmp)
        if isinstance(err, OSError):
            return False
        raise
    return True
