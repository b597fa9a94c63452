"""`aod browse`: the whole guide in one full-screen view (Textual, loaded by this command only)."""

from __future__ import annotations

import typer

from ..i18n import _
from .session import session


def browse(
    ctx: typer.Context,
) -> None:
    """Browse the guide full-screen: episodes, characters, cast and search; mark as you go.

    Keys: arrows or j/k move, Tab switches pane, w watched, W watched up to here,
    s skip, r rate, n note, u undo, / search, p profile, ? help, q quit. Changes are
    saved at once, as the commands save them; spoilers stay hidden past your progress
    (--spoilers shows them).

    Examples: `aod browse`, `aod browse --profile mina`, `aod browse --spoilers`
    """
    import sys

    from ..errors import AodError, UsageError

    s = session(ctx)
    if s.opts.json:
        raise UsageError(_("aod browse is a full-screen view and prints no JSON; try 'aod episodes --json'"))
    s.pack  # noqa: B018  (a bad pack is an error before the screen opens)
    s.profile  # noqa: B018  (so is an unknown profile)
    if not all(_on_terminal(stream) for stream in (sys.stdin, sys.stdout, sys.stderr)):  # Textual draws on stderr
        raise AodError(_("aod browse needs a terminal (it is a full-screen view); piped, use 'aod episodes'"))
    from ..browse.app import BrowseApp
    from ..browse.state import Guide

    BrowseApp(Guide(s.pack, s.requested_profile, lifted=s.opts.spoilers)).run()


def _on_terminal(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return False
