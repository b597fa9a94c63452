"""Entry point for ``aod`` and ``python -m aodcli``.

Only the CLI layer is imported here; the core loads inside each command.

``aod`` is a short-lived process, so two start-up/shut-down costs that only
matter to long-running programs are skipped: the cyclic garbage collector
(whose passes over the freshly parsed store and pack are pure overhead for a
process that ends in a fraction of a second; reference counting still frees
memory) and the interpreter's tear-down of every object at exit. Output is
flushed first, and every file the store writes is already fsynced and
replaced by then.
"""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    gc.disable()
    from .cli.app import run

    code = run(standalone=False)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        code = code or 1
    os._exit(code)


if __name__ == "__main__":
    main()
