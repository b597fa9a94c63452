"""Remember which pack folders passed validation, so later runs skip it.

Validating a large pack costs far more than reading it. After a pack passes,
``<data dir>/cache/packs/<signature>/`` receives a sealed marshal copy of each
parsed file (see ``sealed.py``) and then a ``valid`` marker. The signature
covers the folder's real path, each file's size, modification time (ns) and
inode, the pack format and the aodcli version: editing, replacing or touching
any file, or upgrading aodcli, gives a new signature and a full validation.
Later runs read the copies, which marshal loads faster than JSON; a missing or
damaged copy falls back to the file itself. The cache is disposable; when it
cannot be written, every run validates. The newest KEEP_PACKS signatures are
kept.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..sealed import seal, unseal
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


KEEP_PACKS = 4


def _folder(sig: str) -> Path:
    from ..paths import cache_dir

    return cache_dir() / "packs" / sig


def _tag(sig: str, name: str) -> bytes:
    return f"aodcli pack copy 1 {sig} {name}".encode()


def known_valid(sig: str) -> bool:
    return (_folder(sig) / "valid").is_file()


def parsed_copy(sig: str, name: str) -> Any | None:
    """The parsed content of file ``name`` of the pack with signature ``sig``, or None."""
    try:
        blob = (_folder(sig) / f"{name}.marshal").read_bytes()
    except OSError:
        return None
    return unseal(blob, _tag(sig, name))


def remember_valid(sig: str, parsed: dict[str, Any]) -> None:
    """Record a pack that passed validation, with copies of its parsed files (best effort)."""
    import tempfile

    folder = _folder(sig)
    try:
        for parent in (folder.parent.parent.parent, folder.parent.parent, folder.parent, folder):
            if not parent.is_dir():
                parent.mkdir(mode=0o700)  # private like the store's folder, whatever the umask
                parent.chmod(0o700)
        for name, content in parsed.items():
            try:
                blob = seal(_tag(sig, name), content)
            except ValueError:  # nothing marshal cannot store comes out of JSON; be safe
                continue
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")  # mode 0600
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(blob)
                os.replace(tmp, folder / f"{name}.marshal")
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        (folder / "valid").touch(mode=0o600)
        _prune(folder.parent, keep=folder)
    except OSError:
        pass  # a read-only or missing data folder: validate every time


def _prune(packs: Path, keep: Path) -> None:
    """Remove all but the newest KEEP_PACKS signatures (and markers of older aodcli versions)."""
    import shutil

    found: list[tuple[float, Path]] = []
    for entry in os.scandir(packs):
        path = Path(entry.path)
        if not entry.is_dir(follow_symlinks=False):
            path.unlink(missing_ok=True)  # an older aodcli's empty marker file
        elif path != keep:
            found.append((entry.stat(follow_symlinks=False).st_mtime, path))
    for _, path in sorted(found, reverse=True)[KEEP_PACKS - 1 :]:
        shutil.rmtree(path, ignore_errors=True)
