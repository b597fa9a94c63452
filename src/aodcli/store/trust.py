"""Skip re-validating a store file this aodcli wrote itself.

After each successful commit, the written file's *signature* (aodcli version,
size, modification time in ns, inode) goes into ``cache/<name>.valid`` next to
the store. A later load whose file still has that signature was validated
before it was written, so a plain parse is enough. Any other change to the file
(an edit, a restore, another program, a newer aodcli) changes the signature and
brings back the full strict load. The marker is disposable: missing or stale
means "validate".
"""

from __future__ import annotations

import os

from .. import __version__
from .layout import Store


def signature(store: Store) -> str | None:
    try:
        st = os.stat(store.path)
    except OSError:
        return None
    return f"{__version__}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def _marker(store: Store) -> str:
    return os.path.join(store.dir, "cache", f"{store.name}.valid")


def is_trusted(store: Store) -> str | None:
    """The current signature if the marker vouches for it, else None."""
    sig = signature(store)
    if sig is None:
        return None
    try:
        with open(_marker(store), encoding="utf-8") as fh:
            return sig if fh.read() == sig else None
    except OSError:
        return None


def remember(store: Store) -> None:
    """Vouch for the file just written (best effort)."""
    sig = signature(store)
    marker = _marker(store)
    try:
        if sig is None:
            os.unlink(marker)
            return
        os.makedirs(os.path.dirname(marker), mode=0o700, exist_ok=True)
        # Written in place on purpose: a torn or stale marker never equals a
        # signature, so the worst case is one full validation, and no temp
        # file is ever left behind by a crash.
        fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(sig)
    except OSError:
        pass
