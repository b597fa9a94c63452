"""Load states, backups listing, and the user messages.

Readers take no lock: the file is only ever replaced whole, so they see an old
or a new version, never a mix.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from aodcli import __version__

from ..fileio import ops as io
from ..fileio import phrase
from ..fileio.phrase import Phrase
from ..i18n import _
from .clock import now_str, parse_utc
from .document import WRITER, CorruptStore, NewerStore, empty_document, load_bytes
from .edits import profile_events
from .layout import Store

__all__ = [
    "CORRUPT",
    "EMPTY",
    "INVALID",
    "MISSING",
    "MISSING_WITH_BACKUPS",
    "NEWER_READER",
    "NEWER_WRITER",
    "OK",
    "UNREADABLE",
    "Backup",
    "Loaded",
    "ReadResult",
    "list_backups",
    "load",
    "newest_valid_backup",
    "open_for_read",
    "read_store",
    "read_warning",
    "write_refusal",
]

OK = "ok"
MISSING = "missing"  # first run: no store, no backups
MISSING_WITH_BACKUPS = "missing-with-backups"
EMPTY = "empty"  # 0 bytes, whitespace or NULs
CORRUPT = "corrupt"  # not UTF-8 / not strict JSON
INVALID = "invalid"  # JSON that fails the schema
NEWER_READER = "newer-reader"  # min_reader above ours: cannot read
NEWER_WRITER = "newer-writer"  # min_writer above ours: read-only
UNREADABLE = "unreadable"  # the OS refused (permissions, a folder, a dangling link)

DAILY_RE = re.compile(r"(?P<stem>.+)\.(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})\.json")


class Loaded:
    """What was found at the store path. ``raw`` holds the exact bytes read, if any;
    ``problem`` what is wrong with it, the phrase that follows the file's name (English
    as data, translated in a sentence: :class:`~aodcli.fileio.phrase.Phrase`)."""

    __slots__ = ("doc", "problem", "raw", "state")

    def __init__(
        self,
        state: str,
        *,
        doc: dict[str, Any] | None = None,
        raw: bytes | None = None,
        problem: Phrase | None = None,
    ) -> None:
        self.state = state
        self.doc = doc
        self.raw = raw
        self.problem = problem

    @property
    def writable(self) -> bool:
        return self.state in (OK, MISSING)


def has_backups(store: Store) -> bool:
    """Is there anything to restore? (Then a missing store is not a first run.)"""
    if os.path.lexists(store.bak_path):
        return True
    try:
        names = os.listdir(store.backups_dir)
    except OSError:
        names = []
    prefix = f"{store.stem}."
    return any(n.startswith(prefix) and n.endswith(".json") for n in names)


def load(store: Store) -> Loaded:
    """Classify the store file, parsed and validated strictly. Never raises for a bad
    file; never writes."""
    path = str(store.path)
    try:
        raw = io.ops.read(path)
    except FileNotFoundError:
        if os.path.islink(path):
            target = os.readlink(path)
            return Loaded(
                UNREADABLE,
                problem=phrase._(
                    "is a symbolic link to {target}, which does not exist; fix or remove the link", target=target
                ),
            )
        if has_backups(store):
            return Loaded(MISSING_WITH_BACKUPS, problem=phrase._("is missing but backups exist"))
        return Loaded(MISSING)
    except IsADirectoryError:
        return Loaded(UNREADABLE, problem=phrase._("is a folder, not a file"))
    except OSError as err:
        return Loaded(UNREADABLE, problem=_cannot_be_read(err))
    try:
        doc = load_bytes(raw)
    except CorruptStore as err:
        return Loaded(err.state, raw=raw, problem=err.problem)
    except NewerStore as err:
        return Loaded(NEWER_READER, raw=raw, problem=err.problem)
    if doc["min_writer"] > WRITER:
        return Loaded(
            NEWER_WRITER,
            doc=doc,
            raw=raw,
            problem=phrase._(
                "was written by {generator} (store format {schema}); "
                "this aodcli ({version}) can read it but not change it",
                generator=doc["generator"],
                schema=doc["schema"],
                version=__version__,
            ),
        )
    return Loaded(OK, doc=doc, raw=raw)


def _cannot_be_read(err: OSError) -> Phrase:
    from ..fileio.regular import NotRegularFile

    if isinstance(err, NotRegularFile):  # a FIFO, a device: the system's words are aod's own here
        return phrase._("cannot be read ({problem})", problem=phrase._("not a regular file"))
    return phrase._("cannot be read ({problem})", problem=str(err.strerror or err))


# --------------------------------------------------------------------------- backups


class Backup:
    """One backup file, validated. Valid ones carry the document's time and revision."""

    __slots__ = ("doc", "kind", "os_error", "path", "problem", "revision", "updated_at")

    def __init__(self, path: Path, kind: str) -> None:
        self.path = path
        self.kind = kind  # "bak", "daily" or "other"
        self.os_error: OSError | None = None  # the file could not be read at all
        self.doc: dict[str, Any] | None = None
        self.problem: Phrase | None = None
        self.updated_at: datetime | None = None
        self.revision: int | None = None
        try:
            self.doc = load_bytes(io.ops.read(str(path)))
        except (CorruptStore, NewerStore) as err:
            self.problem = err.problem
            return
        except OSError as err:
            self.os_error = err
            self.problem = _cannot_be_read(err)
            return
        self.updated_at = parse_utc(self.doc["updated_at"])
        self.revision = self.doc["revision"]
        if self.doc["min_writer"] > WRITER:
            self.problem = phrase._("was written by {generator}, a newer aodcli", generator=self.doc["generator"])

    @property
    def ok(self) -> bool:
        return self.problem is None

    def describe(self, store: Store) -> Phrase:
        """``store.json.bak (2026-11-20 21:14 UTC)``."""
        from ..i18n.formats import datetime_text

        try:
            name = str(self.path.relative_to(store.dir))
        except ValueError:
            name = str(self.path)
        if self.updated_at is None:
            return Phrase(name)
        when = Phrase(f"{self.updated_at:%Y-%m-%d %H:%M}", datetime_text(self.updated_at))
        return phrase._("{name} ({time} UTC)", name=name, time=when)


def _newest_first(b: Backup) -> tuple[int, int, float, int]:
    """Valid ones first; then by revision, which every write raises by one whatever the
    clock says (a write under a clock that ran ahead must not outrank later ones); then
    by time; ``.bak`` first."""
    stamp = b.updated_at.timestamp() if b.updated_at else 0.0
    return (0 if b.ok else 1, -(b.revision or 0), -stamp, 0 if b.kind == "bak" else 1)


def list_backups(store: Store) -> list[Backup]:
    """Every backup file, valid ones first, newest (highest revision) first (``.bak`` wins a tie)."""
    found: list[Backup] = []
    if os.path.isfile(store.bak_path):
        found.append(Backup(store.bak_path, "bak"))
    try:
        names = sorted(os.listdir(store.backups_dir))
    except OSError:
        names = []
    prefix = f"{store.stem}."
    for name in names:
        if name.startswith(prefix) and name.endswith(".json"):
            p = store.backups_dir / name
            if os.path.isfile(p):
                found.append(Backup(p, "daily" if DAILY_RE.fullmatch(name) else "other"))

    found.sort(key=_newest_first)
    return found


def newest_valid_backup(store: Store) -> Backup | None:
    for b in list_backups(store):
        if b.ok:
            return b
    return None


# --------------------------------------------------------------------------- messages


def write_refusal(store: Store, loaded: Loaded) -> Phrase:
    """The one-line message a mutating command stops with (also ``aod store check``'s message:
    English as data, translated in a sentence)."""
    path = str(store.path)
    state = loaded.state
    problem = loaded.problem or Phrase("")
    if state == NEWER_READER:
        return phrase._("{path} {problem}; upgrade aodcli. Nothing was changed.", path=path, problem=problem)
    if state == NEWER_WRITER:
        return phrase._(
            "{path} {problem}. Upgrade aodcli to make changes; nothing was changed.", path=path, problem=problem
        )
    if state == UNREADABLE:
        return phrase._("{path} {problem}. Nothing was changed; see 'aod store check'.", path=path, problem=problem)
    best = newest_valid_backup(store)
    if state == MISSING_WITH_BACKUPS:
        if best is not None:
            return phrase._(
                "{path} is missing but backups exist (newest good copy: {backup}); run 'aod store restore'.",
                path=path,
                backup=best.describe(store),
            )
        return phrase._("{path} is missing but backups exist; run 'aod store restore'.", path=path)
    if best is not None:
        return phrase._(
            "{path} {problem}; your last good copy is {backup}. Run 'aod store restore' or see 'aod store check'.",
            path=path,
            problem=problem,
            backup=best.describe(store),
        )
    return phrase._(
        "{path} {problem}; no valid backup was found and aod will not overwrite it. "
        "Fix or move the file by hand; see 'aod store check'.",
        path=path,
        problem=problem,
    )


def read_warning(store: Store, loaded: Loaded) -> str | None:
    """The warning a read-only command shows (None when the store is fine)."""
    path = store.path
    state = loaded.state
    if state in (OK, MISSING):
        return None
    if state == NEWER_WRITER:
        return _("{path} {problem}; showing your progress read-only. Upgrade aodcli.").format(
            path=path, problem=loaded.problem
        )
    if state == NEWER_READER:
        return _("{path} {problem}; showing the show data only, with spoilers hidden. Upgrade aodcli.").format(
            path=path, problem=loaded.problem
        )
    return _(
        "{path} {problem}; showing the show data only, with spoilers hidden. "
        "Run 'aod store restore' or see 'aod store check'."
    ).format(path=path, problem=loaded.problem)


class ReadResult:
    """What a read-only command gets. ``doc`` is None when the store is unreadable.

    ``ok`` is True when ``doc`` can be shown (a valid store, a first run, or a
    store from a newer aodcli that this one may read); ``warning`` is the text to
    show on stderr, or None. ``writable`` says whether a commit would proceed.
    """

    __slots__ = ("doc", "path", "problem", "state", "warning")

    def __init__(
        self,
        path: Path,
        state: str,
        doc: dict[str, Any] | None,
        warning: str | None,
        problem: Phrase | None,
    ) -> None:
        self.path = path
        self.state = state
        self.doc = doc
        self.warning = warning
        self.problem = problem

    @property
    def ok(self) -> bool:
        return self.doc is not None

    @property
    def writable(self) -> bool:
        return self.state in (OK, MISSING)

    def events(self, profile: str, show_id: str) -> list[dict[str, Any]]:
        """The events of one profile and show ([] if none)."""
        if self.doc is None:
            return []
        return profile_events(self.doc, profile, show_id)

    def __repr__(self) -> str:
        return f"ReadResult(path={str(self.path)!r}, state={self.state!r}, ok={self.ok})"


def read_store(store: Store) -> ReadResult:
    loaded = load(store)
    doc = loaded.doc
    if loaded.state == MISSING:
        doc = empty_document(now_str())
    return ReadResult(store.path, loaded.state, doc, read_warning(store, loaded), loaded.problem)


def open_for_read(path: Path | None = None) -> ReadResult:
    """Load the store for a read-only command. Never raises for a bad file; never writes."""
    return read_store(Store(path))
