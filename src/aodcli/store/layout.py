"""Where the store's files live, and the :class:`Store` handle.

::

    <data dir>/store.json          the document (0600)
               store.json.lock     lock file, never deleted (0600)
               store.json.bak      the previous good version (hard link or copy)
               backups/            store.YYYY-MM-DD.json, first write of each UTC day, keep 14
                                   store.pre-schema-1-to-2.<time>.json, before an upgrade, kept
               corrupt/            store.<time>.json, quarantined bad files, never deleted
               cache/store.json.status  what the prompt and Tab read (status.py)

Temp files are ``.store.json.<random>.tmp`` next to the *real* file (after
symlinks), and ``.store.*.tmp`` inside ``backups/`` and ``corrupt/``.
"""

from __future__ import annotations

import os
from pathlib import Path

from aodcli import paths

__all__ = ["Store"]


class Store:
    """A store file and the files around it. Cheap to build; touches no disk."""

    __slots__ = (
        "backups_dir",
        "bak_path",
        "corrupt_dir",
        "dir",
        "lock_path",
        "name",
        "path",
        "stem",
        "temp_prefix",
    )

    def __init__(self, path: Path | str | None = None) -> None:
        raw = Path(path) if path is not None else paths.store_path()
        self.path = Path(os.path.abspath(raw.expanduser()))
        self.dir = self.path.parent
        self.name = self.path.name
        self.stem = self.path.stem or self.name
        self.lock_path = self.dir / f"{self.name}.lock"
        self.bak_path = self.dir / f"{self.name}.bak"
        self.backups_dir = self.dir / "backups"
        self.corrupt_dir = self.dir / "corrupt"
        self.temp_prefix = f".{self.name}."

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    def temp_places(self) -> list[tuple[Path, str]]:
        """(folder, name prefix) of every temp file a write makes (they all end in ``.tmp``):
        where crash leftovers are looked for."""
        stem_prefix = f".{self.stem}."
        places = {
            (self.real_path().parent, self.temp_prefix),
            (self.dir, self.temp_prefix),
            (self.backups_dir, stem_prefix),
            (self.corrupt_dir, stem_prefix),
            (self.dir / "cache", self.temp_prefix),  # the status file's (status.py)
        }
        return sorted(places, key=str)

    def real_path(self) -> Path:
        """The file a write replaces: ``path`` with symlinks resolved."""
        return Path(os.path.realpath(self.path))
