"""Name search: find a person or character by any spelling (docs/search.md).

Stdlib only (and aod's i18n, for the reasons' words), no printing. Build a
:class:`NameIndex` from :class:`NameRecord` values, call :meth:`NameIndex.search`
for ranked :class:`Hit` values (each with its tier and a reason: English in
--json, the interface language's words when shown) and :func:`pick_one` when a command needs exactly
one entity. :meth:`NameIndex.suggest` gives the closest spelling for
"did you mean". :meth:`NameIndex.to_payload` gives a built index as plain
:mod:`marshal` data and :meth:`NameIndex.from_payload` takes it back, far
faster than a build on a large pack, with the same answers.
"""

from __future__ import annotations

from .index import NameIndex
from .model import Hit, NameRecord, pick_one

__all__ = ["Hit", "NameIndex", "NameRecord", "pick_one"]
