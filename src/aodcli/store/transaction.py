"""The write path: lock, load strictly, mutate, validate, then
temp file + fsync + backup + ``os.replace`` + folder fsync.

Every call that changes files goes through :mod:`aodcli.fileio.ops` (the fault
seam). Nothing is written until the whole change has been validated (and fits
the size aod reads back); a failure before the replace leaves ``store.json``
byte-identical; a failure after it (only the folder fsync can fail there) raises
:class:`SaveUnconfirmed`, and the new version stays: it is never rolled back by
writing again.

The daily snapshot in ``backups/`` (and the copy kept before a schema upgrade)
is best effort: when it cannot be written the change is still saved, and the
caller gets a warning (``warnings``) to show. ``store.json.bak`` is not: it is
the previous version, and a commit that cannot keep it fails.

Symbolic links: a ``store.json`` that is a link is followed only to a file this
transaction loaded and validated as a store; a write never goes through a link
to anything else (:func:`install`). Every other name is written by replacing it
(``os.replace`` replaces a link itself, never its target), and temp files are
created new (``mkstemp``), never opened through an existing name.
"""

from __future__ import annotations

import errno
import json
import marshal
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from aodcli.errors import StoreError

from ..fileio import ops as io
from ..fileio.atomic import ensure_dir, lock_problem, os_problem, quiet_unlink, replace_file, write_file
from ..i18n import _
from . import document, status
from .clock import format_utc, now_str, utc_now
from .document import (
    SCHEMA,
    CorruptStore,
    NewerStore,
    dumps,
    empty_document,
    generator,
    seal_checksum,
    size_text,
    upgrade,
    validate_document,
)
from .layout import Store
from .loader import DAILY_RE, MISSING, OK, Loaded, load, write_refusal

__all__ = [
    "KEEP_DAILY",
    "LOCK_TIMEOUT",
    "WAIT_NOTICE",
    "SaveUnconfirmed",
    "StoreTooLarge",
    "Waiting",
    "cleanup_orphans",
    "commit",
    "commit_store",
    "finalize",
    "install",
    "locked",
    "start",
]

T = TypeVar("T")

#: Seconds to wait for other aod processes to finish their commits. A commit holds
#: the lock for milliseconds; a burst of hundreds of writers queues for seconds.
LOCK_TIMEOUT = 60.0
#: After this many seconds of waiting, ``waiting`` (if given) is told once.
WAIT_NOTICE = 1.0
#: Told once when a commit has waited WAIT_NOTICE seconds for the lock (the CLI
#: shows it on a terminal); gets the sentence to show.
Waiting = Callable[[str], None]
#: Daily snapshots kept in ``backups/``.
KEEP_DAILY = 14
#: errnos meaning "this file system has no hard links": fall back to a copy.
_NO_LINK = frozenset(
    getattr(errno, name)
    for name in ("EPERM", "EOPNOTSUPP", "ENOTSUP", "EXDEV", "EMLINK", "ENOSYS")
    if hasattr(errno, name)
)


class StoreTooLarge(StoreError):
    """The change would make the store larger than aod reads back; nothing was written."""


class SaveUnconfirmed(StoreError):
    """The new version is in place but the folder fsync failed: it may not survive a
    power cut. ``doc`` and ``value`` are what the commit would have returned."""

    def __init__(self, message: str, doc: dict[str, Any], value: object) -> None:
        super().__init__(message)
        self.doc = doc
        self.value = value


# --------------------------------------------------------------------------- folders, lock


def _acquire(store: Store, waiting: Waiting | None) -> AbstractContextManager[Any]:
    """The lock, entered: waited for up to LOCK_TIMEOUT seconds, telling ``waiting``
    once after WAIT_NOTICE. Raises TimeoutError or OSError."""
    total = LOCK_TIMEOUT
    first = min(WAIT_NOTICE, total) if waiting is not None else total
    lock = io.ops.lock(str(store.lock_path), first)
    try:
        lock.__enter__()
        return lock
    except TimeoutError:
        if waiting is None or first >= total:
            raise
    waiting(_("Waiting for another aod process to finish updating {path}…").format(path=store.path))
    lock = io.ops.lock(str(store.lock_path), total - first)
    lock.__enter__()
    return lock


@contextmanager
def locked(store: Store, waiting: Waiting | None = None) -> Iterator[None]:
    """Hold ``store.json.lock`` (creating the data folder first). Raises StoreError."""
    try:
        ensure_dir(store.dir)
    except OSError as err:
        raise StoreError(
            _("cannot create the data folder {folder}: {problem}; nothing was changed").format(
                folder=store.dir, problem=os_problem(err)
            )
        ) from err
    try:
        lock = _acquire(store, waiting)
    except TimeoutError as err:  # (filelock.Timeout, on Windows, is one too)
        raise StoreError(
            _("another aod process is updating {path} (waited {seconds:g} s); try again").format(
                path=store.path, seconds=LOCK_TIMEOUT
            )
        ) from err
    except OSError as err:
        raise StoreError(lock_problem(store.lock_path, err)) from err
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
        if os.path.samestat(os.stat(src), os.lstat(final)):
            # Already a link to this very version (an earlier commit rotated it, then
            # failed before its replace). rename() of two links to one inode does
            # nothing and would leave the temp link behind. (``lstat``: a symbolic
            # link named like the backup is replaced, not taken for the backup.)
            return
    tmp = _link_or_copy(src, os.path.join(folder, f"{prefix}{tag}.tmp"), data, folder, prefix)
    try:
        replace_file(tmp, str(final))
    except BaseException:
        quiet_unlink(tmp)
        raise


class BackupFailed(OSError):
    """``store.json.bak`` could not be updated (raised before the commit point)."""

    def __init__(self, path: Path, err: OSError) -> None:
        super().__init__(err.errno, err.strerror)
        self.path = path
        self.cause = err


def _today(store: Store) -> str:
    now = utc_now()
    return f"{now.year:04d}-{now.month:02d}-{now.day:02d}"


def _rotate_backups(store: Store, real: Path, previous: bytes, from_schema: int | None, warnings: list[str]) -> None:
    """``store.json.bak`` := the current (validated) version (a failure raises
    :class:`BackupFailed`); then, best effort, the daily snapshot and the copy kept
    before a schema upgrade (a failure is a warning: the change is saved anyway)."""
    try:
        _frozen_copy(str(real), store.bak_path, previous, store.temp_prefix, "bak")
    except OSError as err:
        raise BackupFailed(store.bak_path, err) from err
    day = _today(store)
    wanted: list[tuple[Path, str]] = []
    if from_schema is not None and from_schema < SCHEMA:
        stamp = format_utc(utc_now().replace(microsecond=0)).replace(":", "-")
        wanted.append((store.backups_dir / f"{store.stem}.pre-schema-{from_schema}-to-{SCHEMA}.{stamp}.json", "pre"))
    daily = store.backups_dir / f"{store.stem}.{day}.json"
    if not os.path.lexists(daily):
        wanted.append((daily, day))
    for final, tag in wanted:
        try:
            ensure_dir(store.backups_dir)
            _frozen_copy(str(real), final, previous, f".{store.stem}.", tag)
        except OSError as err:
            warnings.append(
                _(
                    "could not save a backup copy in {folder} ({problem}); "
                    "your change was saved, and {bak} holds the previous version"
                ).format(folder=store.backups_dir, problem=os_problem(err), bak=store.bak_path.name)
            )
            return


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
    """Keep KEEP_DAILY daily snapshots: today's and the newest days before it. A snapshot
    dated after today (made under a clock that ran ahead) ranks below all of them, so
    it can never push today's out, and goes first."""
    try:
        names = os.listdir(store.backups_dir)
    except OSError:
        return
    today = _today(store)
    days = {n: m["day"] for n in names if (m := DAILY_RE.fullmatch(n)) is not None and m["stem"] == store.stem}
    ahead = sorted((n for n in days if days[n] > today), key=days.__getitem__, reverse=True)
    ranked = sorted((n for n in days if days[n] <= today), key=days.__getitem__, reverse=True) + ahead
    for name in ranked[KEEP_DAILY:]:
        quiet_unlink(str(store.backups_dir / name))


def refuse_link(store: Store) -> None:
    """StoreError if ``store.json`` is a symbolic link: a write that has not just loaded
    a valid store through it must not write into whatever it points at."""
    if os.path.islink(store.path):
        target = os.readlink(store.path)
        raise StoreError(
            _(
                "{path} is a symbolic link to {target}, which is not a valid aod store, and aod "
                "will not write through it; remove the link (or point it at your store) and try again. "
                "Nothing was changed."
            ).format(path=store.path, target=target)
        )


def install(
    store: Store,
    data: bytes,
    previous: bytes | None,
    *,
    from_schema: int | None = None,
    warnings: list[str] | None = None,
) -> OSError | None:
    """Write ``data`` as the new store file, under the lock.

    ``previous`` is the validated current content (None on a first run or when the
    current file is bad): only then is it rotated into the backups, and only then
    may ``store.json`` be a symbolic link (to the file just validated). ``from_schema``:
    the schema it had (an older one is also copied into ``backups/``). Backup copies
    that could not be made add a sentence to ``warnings``. Raises OSError (nothing
    changed) before the commit point; returns the folder-fsync error, if any, after it.
    """
    if previous is None:
        refuse_link(store)
    real = store.real_path()
    real_dir = str(real.parent)
    tmp = write_file(real_dir, store.temp_prefix, data)
    missed: list[str] = []  # backup copies not made: told only if the change is saved
    try:
        if previous is not None:
            _rotate_backups(store, real, previous, from_schema, missed)
        replace_file(tmp, str(real))  # the commit point
    except BaseException as err:
        quiet_unlink(tmp)
        if previous is not None and isinstance(err, OSError):
            _unshare_bak(store, real, previous)
        raise
    if warnings is not None:
        warnings += missed
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
    store: Store, doc: dict[str, Any], base_revision: int, checked: dict[int, dict[str, Any]] | None = None
) -> bytes:
    """Stamp revision/updated_at/generator/checksum, validate the whole document (events
    still equal to ``checked``'s, checked when the store was loaded, are not checked
    again), dump it, and check the round trip and the size (never more than aod reads
    back: ``document.MAX_BYTES``)."""
    doc["revision"] = base_revision + 1
    doc["updated_at"] = now_str()
    doc["generator"] = generator()
    upgrade(doc)
    doc[document.CHECKSUM_KEY] = document.CHECKSUM_PLACEHOLDER
    try:
        validate_document(doc, checked)
        data = dumps(doc)
        same = json.loads(data) == doc  # our own output: the plain C parser will do
    except (CorruptStore, NewerStore) as err:
        raise StoreError(
            _("refusing to save {path}: the change would make it invalid ({problem}); nothing was changed").format(
                path=store.path, problem=err.problem
            )
        ) from err
    except (TypeError, ValueError) as err:
        raise StoreError(
            _("refusing to save {path}: the change is not JSON ({problem}); nothing was changed").format(
                path=store.path, problem=err
            )
        ) from err
    if not same:
        raise StoreError(_("refusing to save {path}: it does not read back the same").format(path=store.path))
    if len(data) > document.MAX_BYTES:
        raise StoreTooLarge(
            _(
                "refusing to save {path}: it would grow to {size}, more than the "
                "{limit} aod reads back; nothing was changed"
            ).format(path=store.path, size=size_text(len(data)), limit=size_text(document.MAX_BYTES))
        )
    data, doc[document.CHECKSUM_KEY] = seal_checksum(data)
    return data


def start(store: Store) -> Loaded:
    """Under the lock: clean up crash leftovers and load the current file."""
    cleanup_orphans(store)
    return load(store)


class _Applied(NamedTuple):
    """A command applied to the loaded document and checked: ``data`` is None when
    nothing changed (so there is nothing to write)."""

    doc: dict[str, Any]
    value: Any
    data: bytes | None
    previous: bytes | None


def _apply(store: Store, loaded: Loaded, mutate: Callable[[dict[str, Any]], Any]) -> _Applied:
    """Everything a commit does before it writes: refuse a bad store, mutate, validate, dump."""
    if loaded.state == MISSING:
        doc = empty_document(now_str())
        previous = None
    elif loaded.state == OK and loaded.doc is not None:
        doc = loaded.doc
        previous = loaded.raw
    else:
        raise StoreError(write_refusal(store, loaded).shown())
    base_revision: int = doc["revision"]
    before = marshal.loads(marshal.dumps(doc)) if previous is not None else None  # a deep copy, fast
    checked: dict[int, dict[str, Any]] = {}  # the loaded events (the load checked them), by id()
    if before is not None:
        for now, then in zip(document.event_lists(doc), document.event_lists(before), strict=True):
            checked.update(zip(map(id, now), then, strict=True))
    value = mutate(doc)
    if before is not None and doc == before:
        return _Applied(doc, value, None, previous)  # nothing changed: nothing to write
    return _Applied(doc, value, finalize(store, doc, base_revision, checked), previous)


def commit_store(
    store: Store,
    mutate: Callable[[dict[str, Any]], T],
    *,
    dry_run: bool = False,
    warnings: list[str] | None = None,
    waiting: Waiting | None = None,
) -> tuple[dict[str, Any], T]:
    if dry_run:  # every check a commit makes, without the lock and without writing
        done = _apply(store, load(store), mutate)
        return done.doc, done.value
    try:
        with locked(store, waiting):
            loaded = start(store)
            from_schema = loaded.doc["schema"] if loaded.doc is not None else None
            done = _apply(store, loaded, mutate)
            if done.data is None:
                return done.doc, done.value
            unconfirmed = install(store, done.data, done.previous, from_schema=from_schema, warnings=warnings)
            status.remember(store, done.doc, done.data)
    except BackupFailed as err:
        raise StoreError(
            _("could not update the backup {path}: {problem}; nothing was changed").format(
                path=err.path, problem=os_problem(err.cause)
            )
        ) from err
    except OSError as err:
        raise StoreError(
            _("could not save {path}: {problem}; nothing was changed").format(path=store.path, problem=os_problem(err))
        ) from err
    if unconfirmed is not None:
        raise SaveUnconfirmed(
            _("saved, but could not confirm it reached the disk: {problem} ({path})").format(
                problem=os_problem(unconfirmed), path=store.path
            ),
            done.doc,
            done.value,
        )
    return done.doc, done.value


def commit(
    mutate: Callable[[dict[str, Any]], T],
    path: Path | None = None,
    *,
    dry_run: bool = False,
    warnings: list[str] | None = None,
    waiting: Waiting | None = None,
) -> tuple[dict[str, Any], T]:
    """Apply ``mutate`` to the store in one atomic, locked commit.

    ``mutate`` gets a freshly loaded document (a new empty one on a first run),
    changes it in place and returns a value. Raising (an AodError, say) aborts with
    nothing written. Returns ``(new_doc, value)``. Raises StoreError when the store
    is bad, locked by another process for LOCK_TIMEOUT seconds, too large, or cannot
    be written; SaveUnconfirmed when the new version is in place but the folder fsync
    failed. ``dry_run``: make every check of a commit (the document after ``mutate``
    must validate) and write nothing.

    ``warnings``: a list that gets one sentence for each thing that went wrong but did
    not stop the save (a backup copy that could not be made), for the caller to show.
    ``waiting``: called once, with a sentence, when the commit has waited WAIT_NOTICE
    seconds for another aod process.
    """
    return commit_store(Store(path), mutate, dry_run=dry_run, warnings=warnings, waiting=waiting)
