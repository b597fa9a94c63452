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
it, so readers see a whole copy or the previous one.
"""

from __future__ import annotations

import marshal
import os
import zlib
from typing import Any

from .. import __version__
from ..sealed import seal, unseal
from .layout import Store

_MAGIC = b"aodcli store copy 4 "
BLOCK = 1024

#: (profile, show id) -> the marshalled blocks of its events list, as in a copy
Blocks = dict[tuple[str, str], list[bytes]]


def _copy_path(store: Store) -> str:
    return os.path.join(store.dir, "cache", f"{store.name}.valid")


def _tag(raw: bytes) -> bytes:
    return _MAGIC + f"{__version__} {len(raw)} {zlib.crc32(raw):08x}".encode("utf-8", "surrogatepass")


class Unloaded:
    """An events list still in its marshalled blocks, in a document read with ``lazy``:
    not a list, so that nothing can mistake it for an empty one
    (``ReadResult.events`` loads it)."""

    __slots__ = ("blocks",)

    def __init__(self, blocks: list[bytes]) -> None:
        self.blocks = blocks

    def load(self) -> list[Any]:
        events: list[Any] = []
        for block in self.blocks:
            events += marshal.loads(block)
        return events


def trusted_doc(
    store: Store, raw: bytes, *, lazy: bool = False
) -> tuple[dict[str, Any], Blocks, dict[tuple[str, str], tuple[int, int]]] | None:
    """The document of ``raw`` (the store file's bytes), its blocks and where its lists
    are in ``raw``, from the copy, if it vouches for those bytes; else None. ``lazy``: leave every events list
    :class:`Unloaded` (a read-only command needs one profile's of many)."""
    try:
        with open(_copy_path(store), "rb") as fh:
            blob = fh.read()
    except OSError:
        return None
    found = unseal(blob, _tag(raw))
    if type(found) is not tuple or len(found) != 3:
        return None
    doc, blocks, spans = found
    try:
        for name, profile in doc["profiles"].items():
            for show_id, show in profile["shows"].items():
                events = Unloaded(blocks[(name, show_id)])
                show["events"] = events if lazy else events.load()
    except (KeyError, TypeError, AttributeError, ValueError, EOFError):
        return None
    return doc, blocks, spans if type(spans) is dict else {}


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
    path = _copy_path(store)
    tmp = os.path.join(os.path.dirname(path), f".{store.name}.valid.tmp")
    try:
        skeleton, blocks = _split(doc, old or {}, old_blocks or {}, unchanged or set())
        blob = seal(_tag(data), (skeleton, blocks, spans or {}))
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)  # no fsync: after a power loss a torn copy fails its CRC
    except (OSError, ValueError):
        pass


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
