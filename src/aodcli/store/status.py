"""The store's status file: what ``aod prompt`` and shell completion read without the CLI.

After each write (a commit, ``aod store restore``) the store puts into
``cache/<name>.status`` a sealed copy (``fileio/cachefile.py``) of the little the
fast path (:mod:`aodcli.fastpath`) needs: the active profile and, for each profile
and show, the ids of the episodes watched and of those watched or skipped, found by
``progress_rules.watched_and_done``, the rule the full CLI applies too. Its key
(``cachekeys.status_key``, the one key rule) covers the size and CRC-32 of the store
bytes it describes, the aodcli version and this code: for any other ``store.json``
(an edit, a restore by hand, another aodcli, bit rot) the fast path finds no status
and leaves the answer to the full CLI.

A cache file like the others, written under the store's lock, only while the disk
has room to spare, and never a reason for a write to fail. It has one name per store
and is replaced at every commit, so there is nothing to prune; its temp files are
named like the store's, so a crash leftover is removed by the next commit. When it
cannot be brought up to date it is removed.
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path
from typing import Any

from ..cachekeys import status_key, status_path
from ..fileio import cachefile
from ..progress_rules import watched_and_done
from .layout import Store

__all__ = ["remember", "summary", "watched"]


class _Every:
    """Every episode id: the status holds a show's episodes whatever pack is loaded."""

    def __contains__(self, item: object) -> bool:
        return True


def summary(doc: dict[str, Any]) -> dict[str, Any]:
    """``{"active": name, "profiles": {name: {show id: (watched ids, done ids)}}}`` (sorted lists)."""
    profiles: dict[str, Any] = {}
    for name, profile in doc["profiles"].items():
        shows: dict[str, Any] = {}
        for show_id, show in profile["shows"].items():
            watched, done = watched_and_done(show["events"], _Every())
            shows[show_id] = (sorted(watched), sorted(done))
        profiles[name] = shows
    return {"active": doc["active_profile"], "profiles": profiles}


def remember(store: Store, doc: dict[str, Any], data: bytes) -> None:
    """Describe ``data``, just written, whose document is ``doc`` (best effort; under the lock)."""
    path = Path(status_path(str(store.dir), store.name))
    # No fsync: after a power loss a torn file fails its CRC.
    written = cachefile.write_sealed(
        path, status_key(data), summary(doc), root=store.dir, store_file=store.path, prefix=store.temp_prefix
    )
    if not written:
        with suppress(OSError):  # a stale status would only be passed over; it holds space
            os.unlink(path)


def watched(store: Store, requested: str | None, show_id: str) -> list[str] | None:
    """The ids of the show's episodes the profile watched, from the status file, when it
    describes exactly the store file there is and holds the profile (``requested``, else the
    active one, matched as :func:`~aodcli.profiles.resolve_profile` matches); None otherwise,
    and the store itself is read. A command that needs only the spoiler horizon skips reading
    and folding every event (with 2,000 events, about 30 ms)."""
    from ..profiles import resolve_profile

    found = cachefile.read_status(str(store.path))
    if found is None:
        return None
    name = resolve_profile(found, requested or found["active"])
    if name is None:
        return None
    return list(found["profiles"][name].get(show_id, ((), ()))[0])
