"""The one error family of aodcli.

Core code raises these; the CLI boundary (``aodcli.cli.app.run``) prints
``Error: <message>`` on stderr and exits with ``exit_code``. The message is the
user's sentence: what went wrong, where, and how to fix it.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
#: Ctrl-C: 128 + SIGINT, the shell's own convention.
EXIT_INTERRUPTED = 130


class AodError(Exception):
    """A failure the user can act on. ``str(err)`` is shown as is."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class UsageError(AodError):
    """Bad input on the command line (a SPEC, a score, a date): exit 2."""

    exit_code = EXIT_USAGE


class SpecError(UsageError):
    """An episode SPEC that does not parse or names no episode."""


class PackError(AodError):
    """A data pack that is missing or fails validation."""


class StoreError(AodError):
    """The progress store cannot be read or written."""


class NotFound(AodError):
    """A search or lookup found nothing: exit 1."""


class Ambiguous(UsageError):
    """A name that matches several people or characters: exit 2.

    ``candidates`` are the ids of the records that match, best first (at most a
    few: ``matches`` counts them all), so that a terminal session can ask which
    one was meant.
    """

    def __init__(self, message: str, candidates: tuple[str, ...] = (), matches: int = 0) -> None:
        super().__init__(message)
        self.candidates = candidates
        self.matches = max(matches, len(candidates))


def caused_by_interrupt(err: BaseException) -> bool:
    """Is ``err`` a Ctrl-C, or did one cause it? (Python wraps a KeyboardInterrupt
    raised inside a class body's ``__set_name__`` in a RuntimeError, for one.)"""
    seen: set[int] = set()
    cause: BaseException | None = err
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False
