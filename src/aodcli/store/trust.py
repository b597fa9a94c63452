"""Skip re-validating, and re-parsing, a store file this aodcli wrote itself.

After each successful commit, the written document goes into
``cache/<name>.valid`` next to the store as a sealed :mod:`marshal` copy
(``sealed.py``) whose tag names the aodcli version and the size and CRC-32 of
the bytes written. A later load whose file has exactly those bytes takes the
copy: it was validated before it was written, it is the exact document of the
file's canonical text, and marshal reads it about three times faster than JSON.
Any other change to the file (an edit, a restore, another program, bit rot, a
newer aodcli) fails the tag and brings back the full strict load of the JSON;
so does ``verify`` (``aod store check`` and ``restore``).

The copy holds the document without its events, and each events list as
blocks of BLOCK events, each block marshalled on its own. A commit that appends
to a list of thousands re-marshals only its last block and the blocks after it:
the others are taken over, as bytes, from the copy it loaded (:class:`Blocks`).

The copy is disposable: missing, stale, torn or damaged means "validate the
JSON". It is written under the store's lock, to a temp file that then replaces
it, so readers see a whole copy or the previous one; only while the disk has
room to spare, and never leaving a temp file behind (``cachefile.py``).

It is also the newest restore source there is: it holds the document of the
last file written, so when ``store.json`` is damaged or deleted,
:func:`last_written` rebuilds that file's exact bytes (checked against the size
and CRC-32 in the tag) for ``aod store restore``.
"""

from __future__ import annotations

import marshal
import os
import zlib
from contextlib import suppress
from pathlib import Path
from typing import Any

from .. import __version__
from ..cachekeys import STORE_COPY_MAGIC, store_copy_path, store_copy_tag
from ..cachekeys import Blocks as Blocks  # re-exported: the loader and the transaction name trust.Blocks
from ..cachekeys import Unloaded as Unloaded  # re-exported: the loader names trust.Unloaded
from ..cachekeys import open_store_copy as _open_copy
from ..sealed import seal
from . import cachefile
from .document import dumps
from .layout import Store

_MAGIC = STORE_COPY_MAGIC
BLOCK = 1024


def _copy_path(store: Store) -> str:
    return store_copy_path(str(store.dir), store.name)


_tag = store_copy_tag


def trusted_doc(
    store: Store, raw: bytes, *, lazy: bool = False
) -> tuple[dict[str, Any], Blocks, dict[tuple[str, str], tuple[int, int]]] | None:
    """The document of ``raw`` (the store file's bytes), its blocks and where its lists
    are in ``raw``, from the copy, if it vouches for those bytes; else None. ``lazy``: leave every events list
    :class:`Unloaded` (a read-only command needs one profile's of many)."""
    blob = cachefile.read(_copy_path(store))
    if blob is None:
        return None
    return _open_copy(blob, _tag(raw), lazy=lazy)


def copy_path(store: Store) -> Path:
    return Path(_copy_path(store))


def last_written(store: Store) -> bytes | None:
    """The exact bytes of the last store file this aodcli wrote, rebuilt from the copy
    (whatever ``store.json`` holds now), or None when there is no intact copy.

    The copy's tag names the size and CRC-32 of the bytes written; the document in
    it, dumped canonically, must give bytes of exactly that size and CRC. The caller
    still validates them (``load_bytes``) before it trusts them.
    """
    blob = cachefile.read(_copy_path(store))
    if blob is None or not blob.startswith(_MAGIC):
        return None
    tag = blob[: blob.find(b"\n")] if b"\n" in blob else b""
    try:
        version, size, crc = tag[len(_MAGIC) :].decode("utf-8", "surrogatepass").split(" ")
        want = (int(size), int(crc, 16))
    except ValueError:
        return None
    if version != __version__:
        return None
    found = _open_copy(blob, tag)
    if found is None:
        return None
    try:
        data = dumps(found[0])
    except (TypeError, ValueError, RecursionError):
        return None
    return data if (len(data), zlib.crc32(data)) == want else None


def remember(
    store: Store,
    doc: dict[str, Any],
    data: bytes,
    old: dict[tuple[str, str], list[dict[str, Any]]] | None = None,
    old_blocks: Blocks | None = None,
    unchanged: set[tuple[str, str]] | None = None,
    spans: dict[tuple[str, str], tuple[int, int]] | None = None,
) -> None:
    """Vouch for ``data``, just written, whose document is ``doc`` (best effort; under the lock).

    ``old`` and ``old_blocks``: the events and blocks of the copy the commit loaded;
    a block whose events are all still there, unchanged, is taken over as it is
    (``unchanged``: the lists that still start with all their old events).
    ``spans``: where the lists are in ``data`` (``reuse.Spans``), kept for the next write.
    """
    try:
        skeleton, blocks = _split(doc, old or {}, old_blocks or {}, unchanged or set())
        blob = seal(_tag(data), (skeleton, blocks, spans or {}))
    except ValueError:
        return
    # No fsync: after a power loss a torn copy fails its CRC. The temp name starts like
    # the store's temps, so a crash leftover is removed by the next commit.
    written = cachefile.write(copy_path(store), blob, root=store.dir, store_file=store.path, prefix=store.temp_prefix)
    if not written:
        forget(store)


def forget(store: Store) -> None:
    """Remove the copy (best effort) when it cannot be brought up to date: a stale copy
    would only be checked and passed over, but it holds space on a disk that has none
    to spare."""
    with suppress(OSError):
        os.unlink(_copy_path(store))


def _split(
    doc: dict[str, Any],
    old: dict[tuple[str, str], list[dict[str, Any]]],
    old_blocks: Blocks,
    unchanged: set[tuple[str, str]],
) -> tuple[dict[str, Any], Blocks]:
    """(the document without its events, the blocks of each events list)."""
    blocks: Blocks = {}
    profiles: dict[str, Any] = {}
    for name, profile in doc["profiles"].items():
        shows: dict[str, Any] = {}
        for show_id, show in profile["shows"].items():
            pair = (name, show_id)
            events = show["events"]
            before, reusable = old.get(pair, []), old_blocks.get(pair, [])
            kept = len(before) if pair in unchanged else 0
            blocks[pair] = [
                reusable[i // BLOCK]
                if i + BLOCK <= kept and i // BLOCK < len(reusable)
                else marshal.dumps(events[i : i + BLOCK])
                for i in range(0, len(events), BLOCK)
            ]
            shows[show_id] = {**show, "events": []}
        profiles[name] = {**profile, "shows": shows}
    return {**doc, "profiles": profiles}, blocks
