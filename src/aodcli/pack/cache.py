"""Remember which pack folders passed validation, so later runs skip it.

Validating a large pack costs far more than reading it. After a pack passes,
``<data dir>/cache/packs/<signature>/`` receives a sealed marshal copy of each
parsed file (see ``sealed.py``) and then a ``valid`` marker. The signature
covers the folder's real path, each file's size, modification time (ns) and
inode, the pack format, the aodcli version and the validation rules (a hash of
the code that declares and checks them, ``cachekeys.pack_rules``): editing,
replacing or touching any file, upgrading aodcli or changing a record's
declaration gives a new signature and a full validation.
Later runs read the copies, which marshal loads faster than JSON; a missing or
damaged copy falls back to the file itself. The cache is disposable: any error
reading or writing it (a file named ``cache``, a folder aod may not open, a full
disk) means "no cache", and every run validates; a copy is written only while
the disk keeps room for the store (``fileio/cachefile.py``), and a write that fails
leaves nothing behind. The newest KEEP_PACKS signatures are kept.
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path
from typing import Any

from ..cachekeys import pack_copy_dir, pack_copy_tag, pack_files_signature
from ..sealed import seal, unseal
from .schema import FILES


def signature(folder: Path) -> str | None:
    """The pack's signature, or None when a file cannot be stat'ed (validation reports why)."""
    return pack_files_signature(str(folder), FILES)


KEEP_PACKS = 4


def _folder(sig: str) -> Path:
    from ..paths import cache_dir

    return Path(pack_copy_dir(str(cache_dir()), sig))


def known_valid(sig: str) -> bool:
    from ..fileio import cachefile

    return cachefile.exists(_folder(sig) / "valid")


def parsed_copy(sig: str, name: str) -> Any | None:
    """The parsed content of file ``name`` of the pack with signature ``sig``, or None."""
    from ..fileio import cachefile

    blob = cachefile.read(_folder(sig) / f"{name}.marshal")
    return None if blob is None else unseal(blob, pack_copy_tag(sig, name))


def remember_valid(sig: str, parsed: dict[str, Any]) -> None:
    """Record a pack that passed validation, with copies of its parsed files (best effort:
    when any of them cannot be written, none is kept)."""
    from ..fileio import cachefile
    from ..paths import data_dir, store_path

    folder = _folder(sig)
    written: list[Path] = []
    for name, content in [*parsed.items(), ("valid", None)]:
        target = folder / ("valid" if content is None else f"{name}.marshal")
        try:
            blob = b"" if content is None else seal(pack_copy_tag(sig, name), content)
        except ValueError:  # nothing marshal cannot store comes out of JSON; be safe
            continue
        if not cachefile.write(target, blob, root=data_dir(), store_file=store_path()):
            for path in written:  # without its marker the rest is useless: leave nothing
                with suppress(OSError):
                    path.unlink()
            with suppress(OSError):
                folder.rmdir()  # only if empty
            return
        written.append(target)
    with suppress(OSError):  # pruning is tidying: the next run tries again
        _prune(folder.parent, keep=folder)


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
