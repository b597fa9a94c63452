"""The show's data pack: loading, validation and the in-memory model.

``load_pack()`` is the one accessor for bundled data and for ``--show PATH``.
"""

from __future__ import annotations

from .load import load_pack, resolve_pack_dir
from .model import Character, Credit, Episode, Event, Person, Season
from .pack import Pack

__all__ = [
    "Character",
    "Credit",
    "Episode",
    "Event",
    "Pack",
    "Person",
    "Season",
    "load_pack",
    "resolve_pack_dir",
]
