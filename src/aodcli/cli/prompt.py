"""`aod prompt`."""

from __future__ import annotations

from typing import Annotated

import typer

from .session import session


def prompt(
    ctx: typer.Context,
    format: Annotated[
        str, typer.Option("--format", "-f", help="Template: {show} {watched} {total} {percent} {next} {profile}.")
    ] = "{show} {watched}/{total} ▸ {next}",
) -> None:
    """A tiny spoiler-free progress string for a shell prompt or tmux status line.

    Examples: `aod prompt` → `AOUAD 3/12 ▸ S01E04`; `aod prompt -f '{percent}%'`
    """
    from ..reports.prompt import prompt_data, prompt_text

    s = session(ctx)
    s.progress  # noqa: B018  (reads the store: its warnings say whether progress is known)
    known = not s.warnings
    text = prompt_text(s.pack, s.progress, s.profile, format, known=known)
    if s.opts.json:
        from ..output.doc import Doc, Result, Text

        s.emit(Result(Doc().add(Text(text)), prompt_data(s.pack, s.progress, s.profile, known=known)))
        return
    s.tell_warnings()  # the status line shows "?"; stderr says why
    typer.echo(text)
