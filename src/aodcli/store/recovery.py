"""``aod store check`` and ``aod store restore``.

Both work whatever state the store is in. ``check`` only reads. ``restore``
first copies a bad file byte for byte into ``corrupt/`` (never deleted by aod),
then writes the newest good state there is (or ``--from FILE``) through the
normal commit path: lock, validation, temp file, fsync, replace, folder fsync.
"Newest" is by revision, which every write raises by one whatever the clock
says; the candidates are ``store.json.bak`` and the copies in ``backups/``.

A ``store.json`` that is a symbolic link to a file that is not a valid store is
never written through: restore stops before anything is copied or written.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from aodcli.errors import StoreError

from ..fileio import ops as io
from ..fileio import phrase
from ..fileio.atomic import ensure_dir, os_problem, quiet_unlink, replace_file, write_file
from ..fileio.phrase import Phrase
from ..i18n import _
from . import status
from .clock import utc_now
from .document import WRITER, CorruptStore, NewerStore, load_bytes
from .layout import Store
from .loader import (
    MISSING,
    NEWER_READER,
    NEWER_WRITER,
    OK,
    UNREADABLE,
    Backup,
    list_backups,
    load,
    write_refusal,
)
from .transaction import (
    BackupFailed,
    SaveUnconfirmed,
    Waiting,
    finalize,
    install,
    locked,
    refuse_link,
    start,
)

__all__ = ["CheckReport", "RestoreReport", "check", "check_store", "restore", "restore_store"]


class CheckReport:
    """The result of ``aod store check``. ``ok`` is True for a valid store or a first run.

    ``message``, ``problem`` and ``warnings`` (and each backup's problem) are
    :class:`~aodcli.fileio.phrase.Phrase`: English in the JSON, translated when shown.
    """

    __slots__ = (
        "backups",
        "events",
        "generator",
        "message",
        "orphans",
        "path",
        "problem",
        "profiles",
        "revision",
        "state",
        "updated_at",
        "warnings",
    )

    def __init__(self, path: Path, state: str) -> None:
        self.path = path
        self.state = state
        self.problem: Phrase | None = None
        self.message = Phrase("")
        self.revision: int | None = None
        self.updated_at: str | None = None
        self.generator: str | None = None
        self.profiles: dict[str, int] = {}
        self.events = 0
        self.backups: list[Backup] = []
        self.orphans: list[str] = []
        self.warnings: list[Phrase] = []

    @property
    def ok(self) -> bool:
        return self.state in (OK, MISSING)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (stable keys)."""
        return {
            "path": str(self.path),
            "ok": self.ok,
            "state": self.state,
            "problem": self.problem,
            "message": self.message,
            "revision": self.revision,
            "updated_at": self.updated_at,
            "generator": self.generator,
            "profiles": dict(self.profiles),
            "events": self.events,
            "backups": [
                {
                    "path": str(b.path),
                    "kind": b.kind,
                    "ok": b.ok,
                    "revision": b.revision,
                    "updated_at": b.doc["updated_at"] if b.doc else None,
                    "problem": b.problem,
                }
                for b in self.backups
            ],
            "orphan_temps": list(self.orphans),
            "warnings": list(self.warnings),
        }


def _orphans(store: Store) -> list[str]:
    found: list[str] = []
    for folder, prefix in store.temp_places():
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        found += [str(folder / n) for n in names if n.startswith(prefix) and n.endswith(".tmp")]
    return sorted(found)


def _mode_warnings(store: Store) -> list[Phrase]:
    out: list[Phrase] = []
    if os.name == "nt":  # pragma: no cover - POSIX modes only
        return out
    for p, want in ((store.dir, 0o700), (store.path, 0o600)):
        try:
            mode = stat.S_IMODE(os.stat(p).st_mode)
        except OSError:
            continue
        if mode & 0o077:
            out.append(
                phrase._(
                    "{path} can be read by other users (mode {mode:04o}); run 'chmod {want:o} {path}'",
                    path=str(p),
                    mode=mode,
                    want=want,
                )
            )
    return out


def check_store(store: Store) -> CheckReport:
    loaded = load(store)
    report = CheckReport(store.path, loaded.state)
    report.problem = loaded.problem
    report.backups = list_backups(store)
    report.orphans = _orphans(store)
    report.warnings = _mode_warnings(store)
    doc = loaded.doc
    if doc is not None:
        report.revision = doc["revision"]
        report.updated_at = doc["updated_at"]
        report.generator = doc["generator"]
        for name, prof in doc["profiles"].items():
            report.profiles[name] = sum(len(s["events"]) for s in prof["shows"].values())
        report.events = sum(report.profiles.values())
    good = sum(1 for b in report.backups if b.ok)
    if loaded.state == OK:
        report.message = phrase._(
            "{path} is fine: revision {revision}, {profiles} profile(s), {events} event(s), {backups} good backup(s)",
            path=str(store.path),
            revision=report.revision,
            profiles=len(report.profiles),
            events=report.events,
            backups=good,
        )
    elif loaded.state == MISSING:
        report.message = phrase._("{path} does not exist yet; it is created on the first change", path=str(store.path))
    else:
        report.message = write_refusal(store, loaded)
    return report


def check(path: Path | None = None) -> CheckReport:
    """Validate the store and its backups; never writes."""
    return check_store(Store(path))


class RestoreReport:
    """What ``restore`` did: where the bad file was copied, what was restored.

    ``source_kind`` is ``bak``, ``daily``, ``other`` or ``file`` (``--from``); ``source_revision`` the revision it
    held; ``revision`` the new store's (higher than any before: revisions never go back).
    """

    __slots__ = ("doc", "path", "quarantined", "revision", "source", "source_kind", "source_revision")

    def __init__(
        self,
        path: Path,
        source: Path,
        quarantined: Path | None,
        doc: dict[str, Any],
        source_kind: str = "file",
        source_revision: int | None = None,
    ) -> None:
        self.path = path
        self.source = source
        self.quarantined = quarantined
        self.doc = doc
        self.revision: int = doc["revision"]
        self.source_kind = source_kind
        self.source_revision = source_revision

    def __repr__(self) -> str:
        return (
            f"RestoreReport(source={str(self.source)!r}, "
            f"quarantined={str(self.quarantined) if self.quarantined else None!r})"
        )


def quarantine(store: Store, raw: bytes) -> Path:
    """Copy the bad bytes to ``corrupt/<stem>.<UTC time>.json``, durably, byte for byte."""
    ensure_dir(store.corrupt_dir)
    now = utc_now()
    stamp = f"{now.year:04d}-{now.month:02d}-{now.day:02d}T{now.hour:02d}-{now.minute:02d}-{now.second:02d}Z"
    final = store.corrupt_dir / f"{store.stem}.{stamp}.json"
    n = 2
    while os.path.lexists(final):
        final = store.corrupt_dir / f"{store.stem}.{stamp}-{n}.json"
        n += 1
    tmp = write_file(str(store.corrupt_dir), f".{store.stem}.", raw)
    try:
        replace_file(tmp, str(final))
    except BaseException:
        quiet_unlink(tmp)
        raise
    io.ops.fsync_dir(str(store.corrupt_dir))
    if io.ops.read(str(final)) != raw:
        raise StoreError(
            _("could not copy {path} to {copy} exactly; nothing was changed").format(path=store.path, copy=final)
        )
    return final


def _source_from_file(from_file: Path) -> dict[str, Any]:
    try:
        raw = io.ops.read(str(from_file))
    except OSError as err:
        raise StoreError(
            _("cannot read {path}: {problem}; nothing was changed").format(path=from_file, problem=os_problem(err))
        ) from err
    try:
        doc = load_bytes(raw)
    except (CorruptStore, NewerStore) as err:
        raise StoreError(
            _("{path} {problem}; nothing was changed").format(path=from_file, problem=err.problem)
        ) from err
    if doc["min_writer"] > WRITER:
        raise StoreError(
            _(
                "{path} was written by {generator}, a newer aodcli; upgrade aodcli to restore it. Nothing was changed."
            ).format(path=from_file, generator=doc["generator"])
        )
    return doc


def restore_store(
    store: Store,
    from_file: Path | str | None = None,
    *,
    warnings: list[str] | None = None,
    waiting: Waiting | None = None,
) -> RestoreReport:
    source_path = Path(os.path.abspath(from_file)) if from_file is not None else None
    try:
        with locked(store, waiting):
            loaded = start(store)
            if loaded.state == UNREADABLE:
                raise StoreError(
                    _(
                        "{path} {problem}; restore copies it to corrupt/ before "
                        "anything else, so fix that first. Nothing was changed."
                    ).format(path=store.path, problem=loaded.problem)
                )
            if loaded.state != OK:
                refuse_link(store)  # before the quarantine: a failed restore changes nothing
            if source_path is None:
                if loaded.state == OK and loaded.doc is not None:
                    raise StoreError(
                        _(
                            "{path} is fine (revision {revision}); nothing to "
                            "restore. To go back to an older copy use 'aod store restore --from FILE'."
                        ).format(path=store.path, revision=loaded.doc["revision"])
                    )
                if loaded.state in (NEWER_READER, NEWER_WRITER):
                    raise StoreError(
                        _(
                            "{path} {problem}; upgrade aodcli instead of restoring an "
                            "older copy (or use 'aod store restore --from FILE'). Nothing was changed."
                        ).format(path=store.path, problem=loaded.problem)
                    )
                backups = list_backups(store)
                for b in backups:
                    if b.os_error is not None:  # do not fall back to an older copy silently
                        raise StoreError(
                            _("cannot read the backup {path}: {problem}; nothing was changed").format(
                                path=b.path, problem=os_problem(b.os_error)
                            )
                        )
                best = next((b for b in backups if b.ok), None)
                if best is None or best.doc is None:
                    raise StoreError(
                        _(
                            "no valid backup of {path} was found (looked for "
                            "{bak} and {folder}); nothing was changed. "
                            "See 'aod store check'."
                        ).format(path=store.path, bak=store.bak_path.name, folder=store.backups_dir)
                    )
                source_path, doc, kind = best.path, best.doc, best.kind
            else:
                doc, kind = _source_from_file(source_path), "file"
            source_revision: int = doc["revision"]
            quarantined = None
            if loaded.raw is not None and loaded.state != OK:
                quarantined = quarantine(store, loaded.raw)
            previous = loaded.raw if loaded.state == OK else None
            from_schema = loaded.doc["schema"] if loaded.state == OK and loaded.doc is not None else None
            base = doc["revision"]
            if loaded.state == OK and loaded.doc is not None:
                base = max(base, loaded.doc["revision"])
            data = finalize(store, doc, base)
            unconfirmed = install(store, data, previous, from_schema=from_schema, warnings=warnings)
            status.remember(store, doc, data)
    except BackupFailed as err:
        raise StoreError(
            _("could not update the backup {path}: {problem}; the store was not changed").format(
                path=err.path, problem=os_problem(err.cause)
            )
        ) from err
    except OSError as err:
        raise StoreError(
            _("could not restore {path}: {problem}; the store was not changed").format(
                path=store.path, problem=os_problem(err)
            )
        ) from err
    report = RestoreReport(store.path, source_path, quarantined, doc, kind, source_revision)
    if unconfirmed is not None:
        raise SaveUnconfirmed(
            _("restored, but could not confirm it reached the disk: {problem} ({path})").format(
                problem=os_problem(unconfirmed), path=store.path
            ),
            doc,
            report,
        )
    return report


def restore(
    path: Path | None = None,
    from_file: Path | str | None = None,
    *,
    warnings: list[str] | None = None,
    waiting: Waiting | None = None,
) -> RestoreReport:
    """Quarantine a bad store in ``corrupt/`` and restore the newest good state (by
    revision: ``store.json.bak`` or a copy in ``backups/``) or ``from_file``, through the
    normal commit path. ``warnings`` and ``waiting``: as for :func:`~.transaction.commit`."""
    return restore_store(Store(path), from_file, warnings=warnings, waiting=waiting)
