"""Name search: find a person or character by any spelling (SPEC.md §6, SEARCH.md).

Stdlib only. Build a :class:`NameIndex` from :class:`NameRecord` values, call
:meth:`NameIndex.search` for ranked :class:`Hit` values (each with its tier and
reason) and :func:`pick_one` when a command needs exactly one entity.
"""

from __future__ import annotations

from .index import Hit, NameIndex, NameRecord, pick_one

__all__ = ["Hit", "NameIndex", "NameRecord", "pick_one"]
