"""Where the global options go on the command line; imports nothing.

Shared by the CLI (``AodGroup.main``) and the fast path (:mod:`aodcli.fastpath`),
which must read a command line exactly as the CLI does.
"""

from __future__ import annotations

__all__ = ["GLOBAL_FLAGS", "GLOBAL_VALUES", "command_word", "hoist_global_options"]

GLOBAL_FLAGS = ("--json", "--spoilers", "--debug", "--no-pager")
GLOBAL_VALUES = ("--show", "--profile", "--lang")


def hoist_global_options(argv: list[str]) -> list[str]:
    """``argv`` with the global options moved before the command name.

    The one mechanism that makes ``--json``, ``--spoilers``, ``--debug``,
    ``--no-pager``, ``--show PATH``, ``--profile NAME`` and ``--lang LANG`` work anywhere on the line
    (``aod episodes --debug``, ``aod profile list --show PATH``): the root
    command parses them. Nothing after ``--`` moves (``aod note 3 -- --json``
    is a note), and a value option without its value stays for Click to report.
    """
    front, rest = _split(argv)
    return front + rest


def _split(argv: list[str]) -> tuple[list[str], list[str]]:
    """(the global options of ``argv`` with their values, everything else in its order)."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest += argv[i:]
            break
        name = arg.split("=", 1)[0]
        if arg in GLOBAL_FLAGS or (name in GLOBAL_VALUES and "=" in arg):
            front.append(arg)
        elif arg in GLOBAL_VALUES and i + 1 < len(argv):
            front += argv[i : i + 2]
            i += 1
        else:
            rest.append(arg)
        i += 1
    return front, rest


def command_word(argv: list[str], known: frozenset[str]) -> str | None:
    """The first word of the command ``argv`` runs, when ``known`` has it; ``""`` for a line of
    global options alone (the dashboard); None for anything else (``--help``, ``--version``, a
    word that is no command): the whole program answers those."""
    rest = _split(argv)[1]
    if not rest:
        return ""
    return rest[0] if rest[0] in known else None
