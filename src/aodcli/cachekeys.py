"""The one key rule of the disposable caches, importing nothing heavy.

Every cache file is a sealed copy (``sealed.py``, read and written by
``fileio/cachefile.py``) whose tag holds a key made by :func:`cache_key` from four
things: the kind of cache, the aodcli version, a hash of the source files of the
code that produces it (:data:`CACHE_SOURCES`, hashed by :func:`sources_hash`) and
the signature of its input. Nothing is bumped by hand: editing the code that makes
a cache, upgrading aodcli or changing the input gives a new key, and a copy under
any other key reads as "no cache". The caches (docs/design.md, "Caches"):

- ``packs``: the validated pack's parsed files (``pack/cache.py``), keyed by the
  pack's files (:func:`pack_key`);
- ``search``: the name index of a pack (``finder.py``), keyed by the pack's key;
- ``status``: the store's status file (``store/status.py``), keyed by the store's
  bytes (:func:`status_key`).

The full CLI writes them; the fast path of ``aod prompt`` and shell completion
(:mod:`aodcli.fastpath`) reads the pack copies and the status file through the
same functions, so the two can never disagree about which is current. Only ``os``,
``zlib`` and ``_blake2``/``hashlib`` are imported.
"""

from __future__ import annotations

import os
import zlib

from . import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

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
#: Each kind of cache and the source files (paths in the aodcli package; a name ending in
#: ``/`` is every ``.py`` file of that folder) of the code that produces its contents.
CACHE_SOURCES = {
    # the pack's reader and its validation rules: records, schemas, whole-pack checks, text rules
    "packs": (
        "pack/cache.py",
        "pack/load.py",
        "pack/model.py",
        "pack/schema.py",
        "pack/validate.py",
        "jsonkind.py",
        "safetext.py",
    ),
    # the name records, the index built from them, and the first-seen facts beside it
    "search": ("finder.py", "pack/build.py", "pack/model.py", "pack/pack.py", "search/"),
    # what the status holds: each profile's watched and done episodes
    "status": ("store/status.py", "progress_rules.py"),
}


_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def _blake2b_hex(data: bytes) -> str:
    try:  # the same function hashlib.blake2b is, without loading OpenSSL for it (nor at import: --version)
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - another Python
        from hashlib import blake2b
    return blake2b(data, digest_size=16).hexdigest()


def sources_hash(folder: str, names: Iterable[str]) -> str:
    """A hash of the files ``names`` of the package folder ``folder`` (name and bytes, in
    order). A file that cannot be read counts as empty: the aodcli version in every
    key still tells releases apart."""
    digest = []
    for name in names:
        try:
            with open(os.path.join(folder, name), "rb") as f:
                data = f.read()
        except OSError:  # pragma: no cover - an install without its sources
            data = b""
        digest.append(name.encode() + b"\0" + data)
    return _blake2b_hex(b"\0".join(digest))


def source_files(kind: str) -> list[str]:
    """The source files of the code that produces the cache ``kind`` (:data:`CACHE_SOURCES`
    with each folder spelt out, in a set order)."""
    found: list[str] = []
    for name in CACHE_SOURCES[kind]:
        if not name.endswith("/"):
            found.append(name)
            continue
        try:
            listed = os.listdir(os.path.join(_PACKAGE, name))
        except OSError:  # pragma: no cover - an install without its sources
            listed = []
        found += sorted(name + n for n in listed if n.endswith(".py"))
    return found


def cache_key(kind: str, signature: str) -> str:
    """The one key rule: the key of a cache of ``kind`` whose input has ``signature``.

    A hash of the kind, the aodcli version, the source of the code that produces the
    cache (:func:`source_files`: derived, never bumped by hand, so an edit in an
    editable install gives new keys too) and the input's signature. Hashing the
    source, not what it declares, keeps the fast path from importing it; an edit
    that changes nothing costs one rebuild."""
    code = sources_hash(_PACKAGE, source_files(kind))
    text = "\n".join(("aodcli cache", kind, __version__, code, signature))
    return _blake2b_hex(text.encode("utf-8", "surrogatepass"))


def pack_key(folder: str) -> str | None:
    """The key of the pack in ``folder``: its input signature is the folder's real path
    and each file's size, modification time (ns) and inode, so editing, replacing or
    touching a file gives a new key; None when a file cannot be stat'ed (validation
    reports why)."""
    parts = [os.path.realpath(folder)]
    for name in PACK_FILES:
        try:
            st = os.stat(os.path.join(folder, name))
        except OSError:
            return None
        parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}")
    return cache_key("packs", "\n".join(parts))


#: The sealed copy written last into a pack's folder of copies: the pack passed validation.
PACK_VALID = "valid"


def pack_copy_dir(cache_dir: str, key: str) -> str:
    """Where the sealed copies of the pack with key ``key`` are kept."""
    return os.path.join(cache_dir, "packs", key)


def status_key(raw: bytes) -> str:
    """The key of the status file that describes exactly the store bytes ``raw`` (their
    size and CRC-32 are its input signature)."""
    return cache_key("status", f"{len(raw)} {zlib.crc32(raw):08x}")


def status_path(store_dir: str, store_name: str) -> str:
    """The status file of the store file ``store_name`` in ``store_dir`` (``store/status.py``)."""
    return os.path.join(store_dir, "cache", f"{store_name}.status")


def cli_signature() -> str:
    """A hash of the CLI package's ``.py`` files, which the fast path's command table
    (``fastpath/table.py``) was written from: the fast path compares it before it
    answers a Tab, so a table not written again after a change to a command leaves
    completion to the full CLI instead of completing nothing (about 0.4 ms)."""
    folder = os.path.join(_PACKAGE, "cli")
    return sources_hash(folder, sorted(n for n in os.listdir(folder) if n.endswith(".py")))
