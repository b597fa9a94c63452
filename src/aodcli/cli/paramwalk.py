"""Visit every parameter of a Click command tree, the lazily made ``--help`` options included."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def on_every_param(command: Any, marker: str, fn: Callable[[Any], None]) -> None:
    """Apply ``fn`` to every parameter under ``command`` (once per command: ``marker`` records it).

    Click makes each command's ``--help`` option on first use, so ``fn`` is also
    applied to it then.
    """
    if getattr(command, marker, False):
        return  # a command run again in one process (tests) keeps what it has
    setattr(command, marker, True)

    def with_help(get_help_option: Any) -> Any:
        def wrapper(ctx: Any) -> Any:
            option = get_help_option(ctx)
            if option is not None:
                fn(option)
            return option

        return wrapper

    stack = [command]
    while stack:
        cmd = stack.pop()
        for param in getattr(cmd, "params", ()):
            fn(param)
        if hasattr(cmd, "get_help_option"):
            cmd.get_help_option = with_help(cmd.get_help_option)
        stack.extend(getattr(cmd, "commands", {}).values())
