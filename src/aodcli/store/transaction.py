"""The write path (RELIABILITY §4.3): lock, load strictly, mutate, validate, then
temp file + fsync + backup + ``os.replace`` + folder fsync.

Every call that changes files goes through :mod:`aodcli.store.io` (the fault
seam). Nothing is written until the whole change has been validated; a failure
before the replace leaves ``store.json`` byte-identical; a failure after it
(only the folder fsync can fail there) raises :class:`SaveUnconfirmed`, and the
new version stays: it is never rolled back by writing again.
"""

from __future__ import annotations

import errno
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar

from aodcli.errors import StoreError

from . import io, trust
from .clock import now_str, utc_now
from .document import (
    CorruptStore,
    NewerStore,
    Snapshot,
    dumps,
    empty_document,
    generator,
    snapshot_events,
    unchanged_lists,
    validate_document,
)
from .layout import Store
from .loader import DAILY_RE, MISSING, OK, Loaded, load, write_refusal
from .reuse import Spans, dumps_reusing, find_spans

__all__ = [
    "KEEP_DAILY",
    "LOCK_TIMEOUT",
    "SaveUnconfirmed",
    "cleanup_orphans",
    "commit",
    "commit_store",
    "ensure_dir",
    "finalize",
    "install",
    "locked",
    "os_problem",
    "quiet_unlink",
    "replace_file",
    "start",
    "write_file",
]

T = TypeVar("T")

#: Seconds to wait for another aod process to finish its commit.
LOCK_TIMEOUT = 5.0
#: Daily snapshots kept in ``backups/``.
KEEP_DAILY = 14
#: errnos meaning "this file system has no hard links": fall back to a copy.
_NO_LINK = frozenset(
    getattr(errno, name)
    for name in ("EPERM", "EOPNOTSUPP", "ENOTSUP", "EXDEV", "EMLINK", "ENOSYS")
    if hasattr(errno, name)
)
#: Windows: a reader holding the file open makes os.replace fail briefly (P3).
_WINDOWS_RETRY_DELAYS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.4)


class SaveUnconfirmed(StoreError):
    """The new version is in place but the folder fsync failed: it may not survive a
    power cut. ``doc`` and ``value`` are what the commit would have returned."""

    def __init__(self, message: str, doc: dict[str, Any], value: object) -> None:
        super().__init__(message)
        self.doc = doc
        self.value = value


def os_problem(err: OSError) -> str:
    """``No space left on device (ENOSPC)``."""
    text = err.strerror or str(err) or type(err).__name__
    code = errno.errorcode.get(err.errno) if isinstance(err.errno, int) else None
    return f"{text} ({code})" if code else text


# --------------------------------------------------------------------------- folders, lock


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


@contextmanager
def locked(store: Store) -> Iterator[None]:
    """Hold ``store.json.lock`` (creating the data folder first). Raises StoreError."""
    try:
        ensure_dir(store.dir)
    except OSError as err:
        raise StoreError(f"cannot create the data folder {store.dir}: {os_problem(err)}; nothing was changed") from err
    try:
        lock = io.ops.lock(str(store.lock_path), LOCK_TIMEOUT)
        lock.__enter__()
    except TimeoutError as err:  # filelock.Timeout is a TimeoutError
        raise StoreError(f"another aod process is updating {store.path}; try again") from err
    except OSError as err:
        raise StoreError(f"cannot lock {store.lock_path}: {os_problem(err)}; nothing was changed") from err
    try:
        yield
    finally:
        lock.__exit__(None, None, None)


def cleanup_orphans(store: Store) -> list[str]:
    """Remove temp files left by crashed commits. Only safe while holding the lock."""
    removed: list[str] = []
    for folder, prefix in store.temp_places():
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.startswith(prefix) and name.endswith(".tmp"):
                full = os.path.join(folder, name)
                try:
                    io.ops.unlink(full)
                except OSError:
                    continue  # a harmless leftover: the next commit tries again
                removed.append(full)
    return removed


# --------------------------------------------------------------------------- low-level writes


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


def _link_or_copy(src: str, link_name: str, data: bytes, folder: str, prefix: str) -> str:
    """A frozen copy of ``src`` under a temp name: a hard link (the file is never
    changed in place), or a synced copy of ``data`` where links are not supported."""
    try:
        io.ops.link(src, link_name)
    except FileExistsError:
        io.ops.unlink(link_name)  # a crash leftover that cleanup could not remove
        io.ops.link(src, link_name)
    except OSError as err:
        # Windows reports a file system without links as "incorrect function".
        if err.errno not in _NO_LINK and os.name != "nt":
            raise
        return write_file(folder, prefix, data)
    return link_name


def _frozen_copy(src: str, final: Path, data: bytes, prefix: str, tag: str) -> None:
    folder = str(final.parent)
    with suppress(OSError):
        if os.path.samefile(src, final):
            # Already a link to this very version (an earlier commit rotated it, then
            # failed before its replace). rename() of two links to one inode does
            # nothing and would leave the temp link behind.
            return
    tmp = _link_or_copy(src, os.path.join(folder, f"{prefix}{tag}.tmp"), data, folder, prefix)
    try:
        replace_file(tmp, str(final))
    except BaseException:
        quiet_unlink(tmp)
        raise


def _rotate_backups(store: Store, real: Path, previous: bytes) -> None:
    """``store.json.bak`` := the current (validated) version; and the daily snapshot."""
    _frozen_copy(str(real), store.bak_path, previous, store.temp_prefix, "bak")
    now = utc_now()
    day = f"{now.year:04d}-{now.month:02d}-{now.day:02d}"
    daily = store.backups_dir / f"{store.stem}.{day}.json"
    if not os.path.lexists(daily):
        ensure_dir(store.backups_dir)
        _frozen_copy(str(real), daily, previous, f".{store.stem}.", day)


def _unshare_bak(store: Store, real: Path, previous: bytes) -> None:
    """After a failed replace, the fresh ``.bak`` is a hard link to the live file: give it
    its own copy, so that damage done to the file in place (by another program, a
    failing disk) cannot reach the backup too. Best effort: the commit has failed anyway."""
    with suppress(OSError):
        if os.path.samefile(real, store.bak_path):
            copy = write_file(str(store.bak_path.parent), store.temp_prefix, previous)
            try:
                replace_file(copy, str(store.bak_path))
            except OSError:
                quiet_unlink(copy)


def _prune_daily(store: Store) -> None:
    try:
        names = os.listdir(store.backups_dir)
    except OSError:
        return
    daily = sorted(n for n in names if (m := DAILY_RE.fullmatch(n)) is not None and m["stem"] == store.stem)
    for name in daily[:-KEEP_DAILY]:
        quiet_unlink(str(store.backups_dir / name))


def install(store: Store, data: bytes, previous: bytes | None) -> OSError | None:
    """Write ``data`` as the new store file, under the lock.

    ``previous`` is the validated current content (None on a first run or when the
    current file is bad): only then is it rotated into the backups. Raises OSError
    (nothing changed) before the commit point; returns the folder-fsync error, if
    any, after it.
    """
    real = store.real_path()
    real_dir = str(real.parent)
    tmp = write_file(real_dir, store.temp_prefix, data)
    try:
        if previous is not None:
            _rotate_backups(store, real, previous)
        replace_file(tmp, str(real))  # the commit point
    except BaseException as err:
        quiet_unlink(tmp)
        if previous is not None and isinstance(err, OSError):
            _unshare_bak(store, real, previous)
        raise
    try:
        io.ops.fsync_dir(real_dir)
        if previous is not None and store.dir != real.parent:
            io.ops.fsync_dir(str(store.dir))  # the .bak lives next to the link
    except OSError as err:
        return err
    if previous is not None:
        _prune_daily(store)
    return None


# --------------------------------------------------------------------------- commit


def finalize(
    store: Store,
    doc: dict[str, Any],
    base_revision: int,
    trusted: Snapshot | None = None,
    previous: bytes | None = None,
    unchanged: set[tuple[str, str]] | None = None,
    spans: Spans | None = None,
) -> bytes:
    """Stamp revision/updated_at/generator, validate, dump, and check the round trip.

    ``trusted``: copies of the events as loaded (already validated); events
    still equal to them are not validated again. ``previous``: the file they were
    loaded from, when it is in canonical form (this aodcli wrote it); its text is
    reused for the events that did not change (:mod:`.reuse`). ``spans``: where its
    lists are, as the write that made it recorded; updated in place to where they
    are in the new bytes.
    """
    doc["revision"] = base_revision + 1
    doc["updated_at"] = now_str()
    doc["generator"] = generator()
    try:
        if trusted and unchanged is None:
            unchanged = unchanged_lists(doc, trusted)
        validate_document(doc, trusted, unchanged)
        reused = (
            dumps_reusing(doc, previous, trusted, unchanged or set(), spans)
            if previous is not None and trusted
            else None
        )
        # The round trip parses back what was encoded now (reuse checks the text it
        # takes over against the old document). Our own output: the plain C parser will do.
        if reused is not None:
            data = reused.data
            same = json.loads(reused.check) == reused.expected
        else:
            data = dumps(doc)
            same = json.loads(data) == doc
        if spans is not None:
            spans.clear()
            spans.update(reused.spans if reused is not None else find_spans(data, doc))
    except (CorruptStore, NewerStore) as err:
        raise StoreError(
            f"refusing to save {store.path}: the change would make it invalid ({err.problem}); nothing was changed"
        ) from err
    except (TypeError, ValueError) as err:
        raise StoreError(f"refusing to save {store.path}: the change is not JSON ({err}); nothing was changed") from err
    if not same:
        raise StoreError(f"refusing to save {store.path}: it does not read back the same")
    return data


def start(store: Store, *, verify: bool = False) -> Loaded:
    """Under the lock: clean up crash leftovers and load the current file."""
    cleanup_orphans(store)
    return load(store, verify=verify)


def _shape(doc: dict[str, Any]) -> tuple[Any, ...]:
    """Everything a command can change in a document but its events."""
    return (
        doc["active_profile"],
        [(name, p["created_at"], list(p["shows"])) for name, p in doc["profiles"].items()],
    )


def _same_events(doc: dict[str, Any], old: Snapshot, unchanged: set[tuple[str, str]]) -> bool:
    lists = [((name, sid), show["events"]) for name, p in doc["profiles"].items() for sid, show in p["shows"].items()]
    return len(lists) == len(old) and all(pair in unchanged and len(events) == len(old[pair]) for pair, events in lists)


class _Applied:
    """A command applied to the loaded document and checked: ``data`` is None when
    nothing changed (so there is nothing to write)."""

    __slots__ = ("data", "doc", "previous", "spans", "trusted", "unchanged", "value")

    def __init__(
        self,
        doc: dict[str, Any],
        value: Any,
        data: bytes | None,
        previous: bytes | None,
        trusted: Any,
        unchanged: set[tuple[str, str]],
        spans: Spans,
    ) -> None:
        self.doc, self.value, self.data, self.previous = doc, value, data, previous
        self.trusted, self.unchanged, self.spans = trusted, unchanged, spans


def _apply(store: Store, loaded: Loaded, mutate: Callable[[dict[str, Any]], Any]) -> _Applied:
    """Everything a commit does before it writes: refuse a bad store, mutate, validate, dump."""
    if loaded.state == MISSING:
        doc = empty_document(now_str())
        previous = None
    elif loaded.state == OK and loaded.doc is not None:
        doc = loaded.doc
        previous = loaded.raw
    else:
        raise StoreError(write_refusal(store, loaded))
    base_revision: int = doc["revision"]
    trusted = snapshot_events(doc) if previous is not None else None
    shape = _shape(doc)
    value = mutate(doc)
    unchanged = unchanged_lists(doc, trusted) if trusted is not None else set()
    if trusted is not None and _shape(doc) == shape and _same_events(doc, trusted, unchanged):
        return _Applied(doc, value, None, previous, trusted, unchanged, {})  # nothing changed
    spans = dict(loaded.spans or {})
    data = finalize(store, doc, base_revision, trusted, previous if loaded.vouched else None, unchanged, spans)
    return _Applied(doc, value, data, previous, trusted, unchanged, spans)


def commit_store(
    store: Store, mutate: Callable[[dict[str, Any]], T], *, dry_run: bool = False
) -> tuple[dict[str, Any], T]:
    if dry_run:  # every check a commit makes, without the lock and without writing
        done = _apply(store, load(store), mutate)
        return done.doc, done.value
    try:
        with locked(store):
            loaded = start(store)
            done = _apply(store, loaded, mutate)
            if done.data is None:
                return done.doc, done.value
            unconfirmed = install(store, done.data, done.previous)
            trust.remember(store, done.doc, done.data, done.trusted, loaded.blocks, done.unchanged, done.spans)
    except OSError as err:
        raise StoreError(f"could not save {store.path}: {os_problem(err)}; nothing was changed") from err
    if unconfirmed is not None:
        raise SaveUnconfirmed(
            f"saved, but could not confirm it reached the disk: {os_problem(unconfirmed)} ({store.path})",
            done.doc,
            done.value,
        )
    return done.doc, done.value


def commit(
    mutate: Callable[[dict[str, Any]], T], path: Path | None = None, *, dry_run: bool = False
) -> tuple[dict[str, Any], T]:
    """Apply ``mutate`` to the store in one atomic, locked commit.

    ``mutate`` gets a freshly loaded document (a new empty one on a first run),
    changes it in place and returns a value. Raising (an AodError, say) aborts with
    nothing written. Returns ``(new_doc, value)``. Raises StoreError when the store
    is bad, locked by another process, or cannot be written; SaveUnconfirmed when
    the new version is in place but the folder fsync failed. ``dry_run``: make every
    check of a commit (the document after ``mutate`` must validate) and write nothing.
    """
    return commit_store(Store(path), mutate, dry_run=dry_run)
