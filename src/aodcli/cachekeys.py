"""Names and tags of the disposable cached copies, importing nothing heavy.

The one place that knows how a data pack's signature is made and how the sealed
copies of packs (``pack/cache.py``) and the store's status file
(``store/status.py``) are named and tagged. Those modules write them; the fast
path of ``aod prompt`` and shell completion (:mod:`aodcli.fastpath`) reads them
through the same functions, so the two can never disagree about which is current.
Only ``os``, ``zlib`` and ``_blake2``/``hashlib`` are imported.
"""

from __future__ import annotations

import os
import zlib

from . import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

#: The pack format this aodcli reads (``show.json``'s ``format``).
PACK_FORMAT = 1
#: The modules that declare and check what a valid pack is (paths in the aodcli package):
#: the record declarations, the schemas, the whole-pack checks, the file reader and the text rules.
PACK_RULE_SOURCES = ("pack/model.py", "pack/schema.py", "pack/validate.py", "pack/load.py", "safetext.py")
#: The files of a pack, in the order the signature covers them (``pack/schema.FILES``; a test holds them equal).
PACK_FILES = (
    "show.json",
    "seasons.json",
    "episodes.json",
    "people.json",
    "characters.json",
    "credits.json",
    "events.json",
    "sources.json",
)
STATUS_MAGIC = b"aodcli store status 1 "


_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def _blake2b_hex(data: bytes) -> str:
    try:  # the same function hashlib.blake2b is, without loading OpenSSL for it
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - another Python
        from hashlib import blake2b
    return blake2b(data, digest_size=16).hexdigest()


def pack_files_signature(folder: str, names: Iterable[str] = PACK_FILES) -> str | None:
    """The signature of the pack files in ``folder``: its real path, each file's size,
    modification time (ns) and inode, the pack format and the aodcli version; None
    when a file cannot be stat'ed (validation reports why)."""
    parts = [os.path.realpath(folder), __version__, str(PACK_FORMAT)]
    for name in names:
        try:
            st = os.stat(os.path.join(folder, name))
        except OSError:
            return None
        parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}")
    return _blake2b_hex("\n".join(parts).encode("utf-8", "surrogatepass"))


def sources_hash(folder: str, names: Iterable[str]) -> str:
    """A hash of the files ``names`` of the package folder ``folder`` (name and bytes, in
    order). A file that cannot be read counts as empty: the aodcli version in every
    signature still tells releases apart."""
    digest = []
    for name in names:
        try:
            with open(os.path.join(folder, name), "rb") as f:
                data = f.read()
        except OSError:  # pragma: no cover - an install without its sources
            data = b""
        digest.append(name.encode() + b"\0" + data)
    return _blake2b_hex(b"\0".join(digest))


def pack_rules() -> str:
    """Names the pack validation rules: a hash of the files of :data:`PACK_RULE_SOURCES`.

    Derived, never bumped by hand: a new key declared in ``pack/model.py``, a changed
    schema or check gives new rules, in an editable install too. (Hashing the
    source, not the declarations, keeps the fast path from importing them; an edit
    that changes no rule costs one validation.)"""
    return sources_hash(_PACKAGE, PACK_RULE_SOURCES)


def cli_signature() -> str:
    """A hash of the CLI package's ``.py`` files, which the fast path's command table
    (``fastpath/table.py``) was written from: the fast path compares it before it
    answers a Tab, so a table not written again after a change to a command leaves
    completion to the full CLI instead of completing nothing (about 0.4 ms)."""
    folder = os.path.join(_PACKAGE, "cli")
    return sources_hash(folder, sorted(n for n in os.listdir(folder) if n.endswith(".py")))


def pack_signature(folder: str) -> str | None:
    """The cache's signature of the pack in ``folder``, tied to the validation rules: a
    pack found valid under other rules (:func:`pack_rules`) is validated again."""
    sig = pack_files_signature(folder)
    return None if sig is None else _blake2b_hex(f"{sig}\n{pack_rules()}".encode())


def pack_copy_dir(cache_dir: str, sig: str) -> str:
    """Where the copies of the pack with signature ``sig`` are kept."""
    return os.path.join(cache_dir, "packs", sig)


def pack_copy_tag(sig: str, name: str) -> bytes:
    return f"aodcli pack copy 1 {sig} {name}".encode()


def status_path(store_dir: str, store_name: str) -> str:
    """The status file of the store file ``store_name`` in ``store_dir`` (``store/status.py``)."""
    return os.path.join(store_dir, "cache", f"{store_name}.status")


def status_tag(raw: bytes) -> bytes:
    """The tag of the status file that describes exactly the store bytes ``raw``."""
    return STATUS_MAGIC + f"{__version__} {len(raw)} {zlib.crc32(raw):08x}".encode("utf-8", "surrogatepass")
