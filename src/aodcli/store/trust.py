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

The copy is disposable: missing, stale, torn or damaged means "validate the
JSON". It is written under the store's lock, to a temp file that then replaces
it, so readers see a whole copy or the previous one.
"""

from __future__ import annotations

import os
import zlib
from typing import Any

from .. import __version__
from ..sealed import seal, unseal
from .layout import Store

_MAGIC = b"aodcli store copy 2 "


def _copy_path(store: Store) -> str:
    return os.path.join(store.dir, "cache", f"{store.name}.valid")


def _tag(raw: bytes) -> bytes:
    return _MAGIC + f"{__version__} {len(raw)} {zlib.crc32(raw):08x}".encode("utf-8", "surrogatepass")


def trusted_doc(store: Store, raw: bytes) -> dict[str, Any] | None:
    """The document of ``raw`` (the store file's bytes) from the copy, if it vouches for them."""
    try:
        with open(_copy_path(store), "rb") as fh:
            blob = fh.read()
    except OSError:
        return None
    doc = unseal(blob, _tag(raw))
    return doc if type(doc) is dict else None


def remember(store: Store, doc: dict[str, Any], data: bytes) -> None:
    """Vouch for ``data``, just written, whose document is ``doc`` (best effort; under the lock)."""
    path = _copy_path(store)
    tmp = os.path.join(os.path.dirname(path), f".{store.name}.valid.tmp")
    try:
        blob = seal(_tag(data), doc)
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)  # no fsync: after a power loss a torn copy fails its CRC
    except (OSError, ValueError):
        pass
