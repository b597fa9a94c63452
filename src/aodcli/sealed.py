"""The sealed copy: the one format of every cache file (``fileio/cachefile.py``).

A sealed copy is ``tag`` (what it is a copy of: ``cachefile`` puts the cache's
key and the file's name in it), a newline, the CRC-32 of the payload in 8 hex
digits, a newline, then the :mod:`marshal` payload. :func:`unseal` gives the data
back only when the tag is the expected one and the CRC matches, so a stale, torn,
damaged or foreign copy reads as "no copy" and the caller builds the data from
the original instead. Marshal reads plain data (dicts, lists, str, bytes, int,
bool, None) two to four times faster than :mod:`json`.
"""

from __future__ import annotations

import marshal
import zlib

TYPE_CHECKING = False
if TYPE_CHECKING:  # importing typing costs the fast path (``aodcli.fastpath``) more than the rest
    from typing import Any

__all__ = ["seal", "unseal"]


def seal(tag: bytes, data: Any) -> bytes:
    """The sealed copy of ``data``; ValueError if marshal cannot store it."""
    payload = marshal.dumps(data)
    return tag + b"\n" + f"{zlib.crc32(payload):08x}\n".encode() + payload


def unseal(blob: bytes, tag: bytes) -> Any | None:
    """The data of a sealed copy made with ``tag``, or None when it is not one."""
    start = len(tag) + 10
    if not blob.startswith(tag) or blob[len(tag) : len(tag) + 1] != b"\n" or blob[start - 1 : start] != b"\n":
        return None
    payload = memoryview(blob)[start:]
    try:
        if zlib.crc32(payload) != int(blob[len(tag) + 1 : start - 1], 16):
            return None
        return marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
