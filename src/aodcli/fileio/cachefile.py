"""The disposable cache files in ``<data dir>/cache/``: one format, one key rule, one prune.

Every cache file is a *sealed copy* (``sealed.py``): a tag line, the CRC-32 of the
payload and a :mod:`marshal` payload, written by :func:`write_sealed` and read back
by :func:`read_sealed`, nothing else. Its tag is ``aodcli <key> <file name>``, the
key made by the one key rule (``cachekeys.cache_key``: the kind of cache, the aodcli
version, the source of the code that produces it, the input's signature). The
caches, each a speed-up that every command can do without:

- ``cache/packs/<key>/``: the validated pack's parsed files (``pack/cache.py``);
- ``cache/search/<key>.marshal``: the pack's name index (``finder.py``);
- ``cache/<store name>.status``: what ``aod prompt``, Tab and the spoiler horizon
  need of the store (``store/status.py``; read by :func:`read_status`), one per
  store, replaced at every commit.

So, for all of them alike:

- a copy that is damaged, torn, stale, of another kind or written by another
  aodcli reads as "no cache" (:func:`read_sealed` returns None), as does any
  OSError or a file that is not a regular file (a FIFO, a device, a symbolic
  link to one); the caller builds the data from the original instead;
- a write goes to a new temp file (``mkstemp``: never through an existing
  name or link) that then replaces the target; if it fails, the temp file is
  removed: a full disk leaves nothing behind, and a write never fails a command;
- the user's change comes first: a cache file is written only while the
  volume keeps room for the next save of the store (:func:`has_room`), and
  never under ``--dry-run`` (:func:`writes_held`);
- after a write, :func:`prune` keeps the newest entries of the cache's folder and
  removes temp files a crash left behind. (The status file has one fixed name per
  store, so it has nothing to prune; its temp files are the store's, removed by
  the store's next commit.)

Only ``os``, ``stat`` and the two modules above are imported up front: the fast path
(:mod:`aodcli.fastpath`) reads the pack copies and the status file with
:func:`read_sealed` too.
"""

from __future__ import annotations

import os
import stat

from ..sealed import seal, unseal
from .regular import read_regular

TYPE_CHECKING = False
if TYPE_CHECKING:  # pathlib, typing and contextlib cost the fast path more than all the rest
    from pathlib import Path
    from typing import Any

__all__ = ["FLOOR", "READ_LIMIT", "has_room", "prune", "read_sealed", "write", "write_sealed", "writes_held"]

#: Free space a cache write must leave, on top of :func:`has_room`'s three copies of the store.
FLOOR = 16 * 1024 * 1024
#: The largest cache file read back (larger: no cache): twice the store's ``MAX_BYTES``
#: (a test holds them so).
READ_LIMIT = 128 * 1024 * 1024
#: A temp file (``.<name>.tmp``) older than this (seconds) was left by a crash: :func:`prune` removes it.
STALE_TEMP = 3600

_writes_held = False


class _Held:
    def __init__(self, hold: bool) -> None:
        self._hold = hold
        self._before = False

    def __enter__(self) -> None:
        global _writes_held
        self._before, _writes_held = _writes_held, _writes_held or self._hold

    def __exit__(self, *exc: object) -> None:
        global _writes_held
        _writes_held = self._before


def writes_held(hold: bool = True) -> _Held:
    """While it lasts (``with``, and ``hold``), no cache file is written: a ``--dry-run`` writes nothing at all."""
    return _Held(hold)


def _tag(path: Path | str, key: str) -> bytes:
    """The tag of the sealed copy at ``path`` under ``key``: the copy is of this key and this file."""
    return f"aodcli {key} {os.path.basename(path)}".encode("utf-8", "surrogatepass")


def read_sealed(path: Path | str, key: str) -> Any | None:
    """The data of the sealed copy at ``path`` made under ``key``, or None: missing,
    unreadable, not a regular file, over :data:`READ_LIMIT`, damaged, torn, or made
    under another key (another kind of cache, another aodcli, another input)."""
    try:
        blob = read_regular(path, READ_LIMIT)
    except OSError:
        return None
    return None if len(blob) > READ_LIMIT else unseal(blob, _tag(path, key))


def read_status(store_file: str) -> dict[str, Any] | None:
    """The status file (``store/status.py``) of the store file ``store_file``, when it describes
    exactly the bytes that file holds now; None otherwise (no store, another store, a stale or
    damaged status). The fast path and a read that needs only the horizon both ask it."""
    from ..cachekeys import status_key, status_path

    try:
        raw = read_regular(store_file, READ_LIMIT)
    except OSError:
        return None
    found = read_sealed(status_path(os.path.dirname(store_file), os.path.basename(store_file)), status_key(raw))
    return found if type(found) is dict else None


def write_sealed(path: Path, key: str, data: Any, *, root: Path, store_file: Path | str, prefix: str = ".") -> bool:
    """Write ``data`` as the sealed copy at ``path`` under ``key`` (through :func:`write`);
    True if it was written. Never raises OSError; False when it cannot be written, or
    marshal cannot store ``data``. The caller then calls :func:`prune` on its folder."""
    try:
        blob = seal(_tag(path, key), data)
    except ValueError:  # nothing marshal cannot store comes out of JSON; be safe
        return False
    return write(path, blob, root=root, store_file=store_file, prefix=prefix)


def prune(folder: Path, keep: int, current: Path) -> None:
    """Keep the newest ``keep`` (at least 1) entries of the cache folder ``folder``, files or
    folders, ``current`` (just written) among them, and remove the rest (a link itself,
    never what it points to), and temp files (``.*.tmp``) older than :data:`STALE_TEMP`
    seconds, which a crash left. Tidying only: any error is passed over (the next write
    tries again)."""
    import time

    found: list[tuple[float, str]] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    mtime = entry.stat(follow_symlinks=False).st_mtime
                except OSError:
                    continue
                if entry.name.startswith("."):
                    if entry.name.endswith(".tmp") and mtime < time.time() - STALE_TEMP:
                        _remove(entry.path)
                elif entry.path != str(current):
                    found.append((mtime, entry.path))
    except OSError:
        return
    found.sort(reverse=True)
    for _, stale in found[keep - 1 :]:
        _remove(stale)


def _remove(path: str) -> None:
    """Remove a file or link, or a folder and what it holds (never what a link points to)."""
    import shutil
    from contextlib import suppress

    with suppress(OSError):
        if stat.S_ISDIR(os.lstat(path).st_mode):
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)


def has_room(folder: Path | str, size: int, store_file: Path | str) -> bool:
    """Will the volume of ``folder`` still have room to save the store after ``size`` more
    bytes? Room means three copies of the store (the next version's temp file, and the
    backup copies a file system without hard links needs) plus :data:`FLOOR`."""
    import shutil
    from pathlib import Path

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
    """Write the bytes of a cache file atomically (what :func:`write_sealed` writes through);
    True if it was written. Creates missing folders from ``root`` down (0700). False, with
    nothing left behind, when it cannot be written, writes are held or there is no room to
    spare (see :func:`has_room`): never raises OSError."""
    import tempfile
    from contextlib import suppress

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
