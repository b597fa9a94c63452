"""Remember which packs passed validation, as sealed copies of their parsed files.

Validating a large pack costs far more than reading it (on the benchmark's pack of
1,000 episodes and 5,000 names: 231 ms to read and validate, 13 ms to read the
sealed copies of all eight files). After a pack passes, ``<data dir>/cache/packs/<key>/``
receives a sealed copy of each parsed file (``<file>.marshal``), then the sealed copy
``valid`` that says the pack passed: a run that finds it skips validation and reads
each file as the command needs it, from its copy (marshal loads it two to four times
faster than JSON); a missing or damaged copy falls back to the file itself.

The key (``cachekeys.pack_key``, the one key rule) covers the folder's real path,
each file's size, modification time (ns) and inode, the aodcli version and the code
that reads and validates a pack: editing, replacing or touching any file, upgrading
aodcli or changing a record's declaration gives a new key and a full validation.
Written, read and pruned as every cache is (``fileio/cachefile.py``): any error means
"no cache" and every run validates; the newest KEEP_PACKS entries are kept.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Any

from ..cachekeys import PACK_VALID, pack_copy_dir
from ..fileio import cachefile

KEEP_PACKS = 4


def _folder(key: str) -> Path:
    from ..paths import cache_dir

    return Path(pack_copy_dir(str(cache_dir()), key))


def known_valid(key: str) -> bool:
    return cachefile.read_sealed(_folder(key) / PACK_VALID, key) is True


def parsed_copy(key: str, name: str) -> Any | None:
    """The parsed content of file ``name`` of the pack with key ``key``, or None."""
    return cachefile.read_sealed(_folder(key) / f"{name}.marshal", key)


def remember_valid(key: str, parsed: dict[str, Any]) -> None:
    """Record a pack that passed validation, with sealed copies of its parsed files (best
    effort: when any of them cannot be written, none is kept)."""
    from ..paths import data_dir, store_path

    folder = _folder(key)
    written: list[Path] = []
    copies = [(folder / f"{name}.marshal", content) for name, content in parsed.items()]
    for target, content in [*copies, (folder / PACK_VALID, True)]:
        if not cachefile.write_sealed(target, key, content, root=data_dir(), store_file=store_path()):
            for path in written:  # without its marker the rest is useless: leave nothing
                with suppress(OSError):
                    path.unlink()
            with suppress(OSError):
                folder.rmdir()  # only if empty
            return
        written.append(target)
    cachefile.prune(folder.parent, KEEP_PACKS, folder)
