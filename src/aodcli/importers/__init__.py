"""Histories from other services: Netflix, Trakt and TV Time (``aod import``).

One module per source (``netflix``, ``trakt``, ``tvtime``) turns its files into
a :class:`~aodcli.importers.common.Reading`; ``detect`` tells the source from
the content (``files`` reads folders and zips within limits); ``plan`` picks
the viewer profiles and turns the viewings into one all-or-nothing store
commit; ``report`` shows the diff. Nothing here prints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .detect import Found


def open_source(file: str) -> Found:
    """What ``aod import FILE`` names: a file, ``-`` (standard input) or a folder, read within limits."""
    from ..safeio import read_stream_bounded
    from ..transfer import MAX_IMPORT_BYTES
    from .detect import from_bytes, from_file, from_folder
    from .files import is_folder

    if file == "-":  # read into memory: at most 32 MiB (name the file for a larger one)
        import sys

        from ..fileio import phrase

        label = phrase._("standard input")  # English in the JSON's "source", translated in messages
        return from_bytes(read_stream_bounded(sys.stdin.buffer, label, MAX_IMPORT_BYTES), label)
    if is_folder(file):
        return from_folder(file)
    return from_file(file)  # a FIFO or device: refused
