"""The signature of the CLI's source files, which the command table was written from.

``python -m aodcli.cli.cmdtable`` writes it into ``table.py`` beside the table;
the fast path compares it with the files as they are before it answers a Tab.
An edited command module (a new option, a renamed command) without a table
written again is then seen at once: the fast path steps aside and the full CLI
completes, instead of completing nothing. Imports only ``os``.
"""

from __future__ import annotations

import os

CLI_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "cli")


def cli_signature(folder: str = CLI_DIR) -> str:
    """A hash of every ``.py`` file in the CLI package (names and bytes, in name order)."""
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - another Python
        from hashlib import blake2b
    digest = blake2b(digest_size=16)
    for name in sorted(n for n in os.listdir(folder) if n.endswith(".py")):
        with open(os.path.join(folder, name), "rb") as f:
            digest.update(name.encode() + b"\0" + f.read() + b"\0")
    return digest.hexdigest()
