"""The progress store: one JSON file of event-sourced watch progress.

How it behaves for users: docs/store.md. Public API::

    open_for_read(path=None) -> ReadResult        read-only commands; never raises for a bad file
    commit(mutate, path=None) -> (doc, value)     one locked, atomic, validated write
    new_event(type, *, episode=None, **fields)    an event with id and recorded time
    profile_events(doc, profile, show_id)         a profile's events for one show
    check(path=None) -> CheckReport               ``aod store check``
    restore(path=None, from_file=None)            ``aod store restore [--from FILE]``

Importing this package stays cheap: the lock, ``tempfile`` and ``uuid``
are imported only on the write path.
"""

from __future__ import annotations

from aodcli.errors import StoreError

from .clock import format_utc, now_str, parse_utc, utc_now
from .document import (
    MAX_NOTE_CHARS,
    READER,
    SCHEMA,
    WRITER,
    CorruptStore,
    NewerStore,
    dumps,
    empty_document,
    load_bytes,
    note_text_problem,
)
from .edits import (
    add_events,
    event_ids,
    every_profile,
    journal,
    new_event,
    profile_events,
    record_batch,
)
from .layout import Store
from .loader import (
    CORRUPT,
    EMPTY,
    INVALID,
    MISSING,
    MISSING_WITH_BACKUPS,
    NEWER_READER,
    NEWER_WRITER,
    OK,
    UNREADABLE,
    ReadResult,
    open_for_read,
)
from .recovery import CheckReport, RestoreReport, check, restore
from .transaction import KEEP_DAILY, LOCK_TIMEOUT, SaveUnconfirmed, StoreTooLarge, commit

__all__ = [
    "CORRUPT",
    "EMPTY",
    "INVALID",
    "KEEP_DAILY",
    "LOCK_TIMEOUT",
    "MAX_NOTE_CHARS",
    "MISSING",
    "MISSING_WITH_BACKUPS",
    "NEWER_READER",
    "NEWER_WRITER",
    "OK",
    "READER",
    "SCHEMA",
    "UNREADABLE",
    "WRITER",
    "CheckReport",
    "CorruptStore",
    "NewerStore",
    "ReadResult",
    "RestoreReport",
    "SaveUnconfirmed",
    "Store",
    "StoreError",
    "StoreTooLarge",
    "add_events",
    "check",
    "commit",
    "dumps",
    "empty_document",
    "event_ids",
    "every_profile",
    "format_utc",
    "journal",
    "load_bytes",
    "new_event",
    "note_text_problem",
    "now_str",
    "open_for_read",
    "parse_utc",
    "profile_events",
    "record_batch",
    "restore",
    "utc_now",
]
