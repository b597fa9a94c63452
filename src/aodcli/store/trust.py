"""Skip re-validating, and re-parsing, a store file this aodcli wrote itself.

After each successful commit, the written document goes into
``cache/<name>.valid`` next to the store, as a :mod:`marshal` copy headed by the
file's *signature* (aodcli version, size, modification time in ns, inode) and a
CRC-32 of the copy. A later load whose file still has that signature takes the
copy: it was validated before it was written, it is the canonical text's exact
document, and marshal reads it about three times faster than JSON. Any other
change to the file (an edit, a restore, another program, a newer aodcli)
changes the signature and brings back the full strict load of the JSON.

The copy is disposable: missing, stale, torn or damaged (the CRC) means
"validate the JSON". It is written under the store's lock, to a temp file that
then replaces it, so readers see a whole copy or the previous one.
"""

from __future__ import annotations

import os
from typing import Any

from .. import __version__
from ..sealed import seal, unseal
from .layout import Store

_MAGIC = b"aodcli store copy 1\n"


def signature(store: Store) -> str | None:
    try:
        st = os.stat(store.path)
    except OSError:
        return None
    return f"{__version__}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def _copy_path(store: Store) -> str:
    return os.path.join(store.dir, "cache", f"{store.name}.valid")


def _tag(sig: str) -> bytes:
    return _MAGIC + sig.encode("utf-8", "surrogatepass")


def trusted_copy(store: Store) -> tuple[str, dict[str, Any]] | None:
    """(signature, document) when the copy vouches for the file as it is now, else None.

    The caller checks the signature again after its own read of the file, so a
    commit landing in between is noticed.
    """
    sig = signature(store)
    if sig is None:
        return None
    try:
        with open(_copy_path(store), "rb") as fh:
            blob = fh.read()
    except OSError:
        return None
    doc = unseal(blob, _tag(sig))
    return (sig, doc) if type(doc) is dict else None


def remember(store: Store, doc: dict[str, Any]) -> None:
    """Vouch for the file just written, whose document is ``doc`` (best effort; under the lock)."""
    path = _copy_path(store)
    tmp = os.path.join(os.path.dirname(path), f".{store.name}.valid.tmp")
    try:
        sig = signature(store)
        if sig is None:
            os.unlink(path)
            return
        blob = seal(_tag(sig), doc)
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)  # no fsync: after a power loss a torn copy fails its CRC
    except (OSError, ValueError):
        pass
