"""The files of a sync: this device's state in the data folder, and the shared folder.

- ``<data dir>/sync.json``: this device's id and name, the folder it syncs through,
  when it last synced and the devices it saw then. Written atomically, 0600.
- ``<folder>/<device id>.json``: this device's replica, the only file it writes
  there (a temp file ``.<device id>.*.tmp`` next to it, renamed over it). Every
  other file named like a replica (``<device id>…json``: a sync tool's conflict
  copy too) is read, however many there are, up to :data:`MAX_TOTAL_BYTES` in one
  sync; one unchanged since the last sync is not read again (its content is in
  this device's own replica already). Nothing is deleted, but a retired device's
  files when the user says so (``aod sync --forget DEVICE``).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import AodError, UsageError
from ..fileio import phrase
from ..fileio.phrase import Phrase
from ..i18n import _
from .replica import DEVICE_RE, Replica, Unreadable, clean_name, parse

STATE_NAME = "sync.json"
LOCK_NAME = "sync.lock"
#: The most bytes of replicas read in one sync; files past it are listed and read by a later sync.
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_STATE_BYTES = 16 << 20
#: A file named like a replica: a device id first (``<id>.json``, ``<id> (conflicted copy).json``…).
REPLICA_NAME_RE = re.compile(r"[0-9a-f]{16}[^/]*\.json")


class SyncError(AodError):
    """A sync that cannot go ahead; nothing was changed."""


@dataclass
class State:
    """``sync.json``: who this device is and what it saw last time."""

    device: str
    name: str
    folder: str | None = None
    synced_at: str | None = None
    seen: dict[str, dict[str, str]] = field(default_factory=dict)  # device -> {name, written}
    #: file -> {sig, device, name, written, events}: the replicas read (or written) at the last sync
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the ``written`` of this device's last replicas (newest last), put in place or about to be:
    #: a replica with this device's id and another time was written by a copy of this data folder
    wrote: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "device": self.device,
            "name": self.name,
            "folder": self.folder,
            "synced_at": self.synced_at,
            "seen": self.seen,
            "files": self.files,
            "wrote": self.wrote,
        }


def state_path() -> Path:
    from ..paths import data_dir

    return data_dir() / STATE_NAME


def load_state() -> State | None:
    """This device's sync state; None before its first sync. SyncError if the file is damaged."""
    from ..safeio import ReadRefused, read_bounded
    from ..store.document import CorruptStore, parse_bytes

    path = state_path()
    try:
        data = read_bounded(path, MAX_STATE_BYTES)
    except ReadRefused as err:
        if err.reason == "missing":
            return None
        raise SyncError(_("cannot read {path}: {problem}").format(path=path, problem=err.problem)) from None
    try:
        doc = parse_bytes(data)
        return _state(doc)
    except (CorruptStore, KeyError, TypeError, ValueError) as err:
        problem = err.problem if isinstance(err, CorruptStore) else phrase._("is not a valid sync state")
        raise SyncError(
            _("{path} {problem}; remove it and run aod sync again (this device then joins as a new device)").format(
                path=path, problem=problem
            )
        ) from None


def _state(doc: Any) -> State:
    from ..store.clock import is_utc

    if type(doc) is not dict or not DEVICE_RE.fullmatch(str(doc["device"])):
        raise ValueError("no device id")
    name, folder, synced = doc["name"], doc.get("folder"), doc.get("synced_at")
    if type(name) is not str or clean_name(name) != name:
        raise ValueError("bad name")
    if folder is not None and type(folder) is not str:
        raise ValueError("bad folder")
    if synced is not None and not is_utc(synced):
        raise ValueError("bad time")
    seen = doc.get("seen") or {}
    if type(seen) is not dict or not all(
        DEVICE_RE.fullmatch(k) and type(v) is dict and all(type(x) is str for x in v.values()) for k, v in seen.items()
    ):
        raise ValueError("bad seen")
    files = doc.get("files") or {}
    if type(files) is not dict or not all(type(v) is dict and type(v.get("sig")) is str for v in files.values()):
        files = {}  # a record to skip re-reading by: without it, every replica is read
    wrote = doc.get("wrote") or []
    if type(wrote) is not list or not all(is_utc(w) for w in wrote):
        raise ValueError("bad wrote")
    return State(doc["device"], name, folder, synced, seen, files, wrote)


def new_state(name: str | None) -> State:
    import platform
    import uuid

    return State(uuid.uuid4().hex[:16], clean_name(name or platform.node() or "device"))


def save_state(state: State) -> None:
    from ..paths import data_dir
    from ..store.document import dump_text

    _write_atomic(data_dir(), STATE_NAME, (dump_text(state.to_dict()) + "\n").encode("utf-8"))


@contextmanager
def locked() -> Iterator[None]:
    """Hold ``<data dir>/sync.lock``: one sync at a time on this device."""
    from ..fileio.atomic import ensure_dir, lock_problem, os_problem
    from ..fileio.ops import ops
    from ..paths import data_dir
    from ..store import LOCK_TIMEOUT

    folder = data_dir()
    try:
        ensure_dir(folder)
    except OSError as err:
        raise SyncError(
            _("cannot create the data folder {folder}: {problem}; nothing was changed").format(
                folder=folder, problem=os_problem(err)
            )
        ) from None
    try:
        lock = ops.lock(str(folder / LOCK_NAME), LOCK_TIMEOUT)
        lock.__enter__()
    except TimeoutError:
        raise SyncError(
            _("another aod sync is running (waited {seconds:g} s); try again").format(seconds=LOCK_TIMEOUT)
        ) from None
    except OSError as err:
        raise SyncError(lock_problem(folder / LOCK_NAME, err)) from None
    try:
        yield
    finally:
        lock.__exit__(None, None, None)


def check_folder(folder: Path) -> Path:
    """The sync folder as an absolute path, if it is one aod may use; UsageError otherwise."""
    from ..paths import data_dir
    from ..safeio import inside

    folder = Path(os.path.abspath(folder.expanduser()))
    try:
        mode = os.stat(folder).st_mode
    except FileNotFoundError:
        raise UsageError(
            _("sync folder {folder} does not exist; create it inside the folder your sync tool carries").format(
                folder=folder
            )
        ) from None
    except OSError as err:
        raise UsageError(
            _("cannot use sync folder {folder}: {problem}").format(folder=folder, problem=err.strerror or err)
        ) from None
    if not stat.S_ISDIR(mode):
        raise UsageError(_("sync folder {folder} is not a folder").format(folder=folder))
    if inside(folder, data_dir()) or inside(data_dir(), folder):
        raise UsageError(
            _("sync folder {folder} is aod's own data folder (or holds it); choose a folder of its own").format(
                folder=folder
            )
        )
    return folder


@dataclass
class Found:
    """One replica-named file of the sync folder: a replica, or why it was skipped.
    ``unchanged``: as it was at the last sync, so not read again (``replica`` then holds
    what was recorded of it, with an empty pool)."""

    file: str
    replica: Replica | None = None
    problem: Unreadable | None = None
    unchanged: bool = False
    brought_back: int = 0  # events dated more than a day ahead of this device's clock, brought back
    sig: str | None = None
    size: int = 0  # bytes read


def signature(st: os.stat_result) -> str:
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def replica_names(folder: Path) -> list[str]:
    """The files of ``folder`` named like replicas, by name (any other file is not looked at)."""
    try:
        return sorted(
            e.name for e in os.scandir(folder) if REPLICA_NAME_RE.fullmatch(e.name) and not e.name.startswith(".")
        )
    except OSError as err:
        raise SyncError(
            _("cannot list sync folder {folder}: {problem}").format(folder=folder, problem=err.strerror or err)
        ) from None


def scan(
    folder: Path,
    show: str,
    known: dict[str, dict[str, Any]] | None = None,
    left_out: dict[str, Phrase] | None = None,
) -> Iterator[Found]:
    """The replicas (and unreadable files) of ``folder``, one at a time, by file name.

    ``known``: what the last sync recorded of each file (``State.files``); a file whose
    signature is unchanged is not read again. Reading stops at :data:`MAX_TOTAL_BYTES`:
    the files past it come as ``problem.kind == "later"``. ``left_out``: files not to read (name -> why).
    """
    from ..safeio import ReadRefused, read_bounded
    from .merge import Pool
    from .replica import MAX_BYTES

    total = 0
    for name in replica_names(folder):
        path = folder / name
        try:
            sig = signature(os.stat(path))
        except OSError:
            sig = None
        if left_out and name in left_out:
            yield Found(name, problem=Unreadable("left-out", left_out[name]))
            continue
        record = (known or {}).get(name)
        if record is not None and sig is not None and record.get("sig") == sig:
            replica = Replica(
                str(record.get("device", "")),
                str(record.get("name", "")),
                str(record.get("written", "")),
                show,
                "",
                Pool(),
                count=int(record.get("events") or 0),
            )
            back = record.get("brought_back")
            yield Found(name, replica=replica, unchanged=True, sig=sig, brought_back=back if type(back) is int else 0)
            continue
        if total >= MAX_TOTAL_BYTES:
            later = phrase._("not read yet: this sync read enough; the next one reads it")
            yield Found(name, problem=Unreadable("later", later))
            continue
        try:
            data = read_bounded(path, MAX_BYTES)
            total += len(data)
            yield Found(name, replica=parse(data, show), sig=sig, size=len(data))
        except ReadRefused as err:
            unread = phrase._("cannot be read ({problem})", problem=err.problem)
            yield Found(name, problem=Unreadable("damaged", unread), sig=sig)
        except Unreadable as err:
            yield Found(name, problem=err, sig=sig)


def own_file(device: str) -> str:
    return f"{device}.json"


def stage_replica(folder: Path, device: str, data: bytes) -> str:
    """Write this device's next replica to a synced temp file beside its place; return the
    temp file's path. SyncError (nothing left behind) if that place holds something else
    or the folder cannot be written."""
    from ..fileio.atomic import os_problem, write_file

    target = folder / own_file(device)
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as err:
        raise SyncError(
            _("cannot use {path}: {problem}; nothing was changed").format(path=target, problem=err.strerror or err)
        ) from None
    if mode is not None and not stat.S_ISREG(mode):
        raise SyncError(
            _(
                "{path} is not a regular file; aod writes only its own replica there: move it away. Nothing was changed"
            ).format(path=target)
        )
    _remove_own_leftovers(folder, own_file(device))
    try:
        return write_file(str(folder), f".{own_file(device)}.", data)
    except OSError as err:
        raise SyncError(
            _("cannot write to the sync folder {folder}: {problem}; nothing was changed").format(
                folder=folder, problem=os_problem(err)
            )
        ) from None


def install_replica(folder: Path, device: str, staged: str) -> None:
    """Put the staged replica in its place (rename, then sync the folder)."""
    from ..fileio.atomic import os_problem, quiet_unlink, replace_file
    from ..fileio.ops import ops

    try:
        try:
            replace_file(staged, str(folder / own_file(device)))
        except BaseException:
            quiet_unlink(staged)
            raise
        ops.fsync_dir(str(folder))
    except OSError as err:
        raise SyncError(
            _(
                "your store is merged, but this device's replica could not be put in {folder}: "
                "{problem}; run aod sync again"
            ).format(folder=folder, problem=os_problem(err))
        ) from None


def remove_replica(folder: Path, name: str) -> bool:
    """Remove one replica file of a retired device (a regular file, never through a link); True if gone."""
    path = folder / name
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        os.unlink(path)
    except OSError:
        return False
    return True


def discard_staged(staged: str | None) -> None:
    if staged is not None:
        from ..fileio.atomic import quiet_unlink

        quiet_unlink(staged)


def _remove_own_leftovers(folder: Path, name: str) -> None:
    """Temp files of this device's earlier, interrupted writes (``.<name>.*.tmp``, regular files):
    nobody else makes files by that name."""
    from contextlib import suppress

    with suppress(OSError):
        for entry in os.scandir(folder):
            if (
                entry.name.startswith(f".{name}.")
                and entry.name.endswith(".tmp")
                and entry.is_file(follow_symlinks=False)
            ):
                with suppress(OSError):
                    os.unlink(entry.path)


def _write_atomic(folder: Path, name: str, data: bytes) -> None:
    from ..fileio.atomic import ensure_dir, os_problem, quiet_unlink, replace_file, write_file
    from ..fileio.ops import ops

    try:
        ensure_dir(folder)
        tmp = write_file(str(folder), f".{name}.", data)
        try:
            replace_file(tmp, str(folder / name))
        except BaseException:
            quiet_unlink(tmp)
            raise
        ops.fsync_dir(str(folder))
    except OSError as err:
        raise SyncError(
            _("cannot write the sync state {path}: {problem}").format(path=folder / name, problem=os_problem(err))
        ) from None
