"""Remember which pack folders passed validation, so later runs skip it.

Validating a large pack costs far more than reading it. After a pack passes,
an empty marker file named after its *signature* is written to
``<data dir>/cache/packs/``. The signature covers the folder's real path,
each file's size, modification time (ns) and inode, the pack format and the
aodcli version: editing, replacing or touching any file, or upgrading aodcli,
gives a new signature and a full validation. The cache is disposable; when it
cannot be written, every run validates.
"""

from __future__ import annotations

import os
from pathlib import Path

from .schema import FILES, FORMAT_VERSION


def signature(folder: Path) -> str | None:
    """The pack's signature, or None when a file cannot be stat'ed (validation reports why)."""
    import hashlib

    from .. import __version__

    parts = [str(folder.resolve()), __version__, str(FORMAT_VERSION)]
    for name in FILES:
        try:
            st = os.stat(folder / name)
        except OSError:
            return None
        parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}")
    return hashlib.blake2b("\n".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _marker(sig: str) -> Path:
    from ..paths import cache_dir

    return cache_dir() / "packs" / sig


def known_valid(sig: str) -> bool:
    return _marker(sig).is_file()


def remember_valid(sig: str) -> None:
    marker = _marker(sig)
    try:
        for folder in (marker.parent.parent.parent, marker.parent.parent, marker.parent):
            if not folder.is_dir():
                folder.mkdir(mode=0o700)  # private like the store's folder, whatever the umask
                folder.chmod(0o700)
        marker.touch(mode=0o600)
    except OSError:
        pass  # a read-only or missing data folder: validate every time
