"""Entry point for ``aod`` and ``python -m aodcli``.

Only the CLI layer is imported here; the core loads inside each command.
``aod --version``, ``aod prompt`` and shell completion are answered first by
:mod:`aodcli.fastpath` when it can answer exactly as the CLI would, without
importing the CLI framework at all.

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


def _unraisable(info: sys.UnraisableHookArgs) -> None:
    """A Ctrl-C that lands in a finalizer (``__del__``, a weakref callback) cannot stop
    the command; Python would print it as "Exception ignored … KeyboardInterrupt" with
    a traceback. The command then simply finishes: say nothing."""
    if info.exc_type is not None and issubclass(info.exc_type, KeyboardInterrupt):
        return
    sys.__unraisablehook__(info)


def main() -> None:
    gc.disable()
    sys.unraisablehook = _unraisable
    try:
        from .fastpath import answer

        fast = answer(sys.argv[1:])
        if fast is not None:
            os._exit(fast)  # printed and flushed: nothing else to do
        from .cli.app import run

        code = run(standalone=False)
    except BaseException as err:  # Ctrl-C before the CLI's own error boundary is up
        from .errors import caused_by_interrupt

        if not caused_by_interrupt(err):
            raise
        sys.stderr.write("Aborted!\n")
        code = 130  # 128 + SIGINT, as the shell reports a Ctrl-C (errors.EXIT_INTERRUPTED)
    for stream in (sys.stdout, sys.stderr):  # the CLI checked stdout; this is the last word
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # said already (or the reader went away): just the exit code
            code = code or 1
    os._exit(code)


if __name__ == "__main__":
    main()
