"""`aod stats`."""

from __future__ import annotations

from typing import Annotated

import typer

from ..i18n import _
from .session import root_options, session


def stats(ctx: typer.Context) -> None:
    """Time watched (with and without rewatches), your binge timeline, scores and streaks.

    Examples: `aod stats`, `aod stats --json`
    """
    from ..reports.stats import stats as report

    s = session(ctx)
    s.emit(report(s.pack, s.progress, s.profile))


def card(
    ctx: typer.Context,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the picture to FILE (replaced atomically); - is stdout."
        ),
    ] = None,
) -> None:
    """Draw your progress, time watched, favourite episode and longest streak as a small SVG picture.

    Spoiler-free: the only episode a card names is one you have watched. Without
    -o, a terminal shows the card's figures and a pipe gets the picture;
    --json gives the figures. FILE is written as `aod export -o` writes.

    Examples: `aod card -o card.svg`, `aod card > card.svg`, `aod card --json`
    """
    from ..errors import StoreError, UsageError
    from ..output.card import svg
    from ..output.render import pick_mode, show
    from ..paths import data_dir
    from ..reports.card import card as report
    from ..safeio import file_target, write_output
    from ..safetext import escape_unsafe

    opts = root_options(ctx)
    target = None if output is None else file_target(output, data_dir=data_dir(), example="card.svg")
    to_stdout = output is not None and target is None  # -o - (or /dev/stdout)
    if to_stdout and opts.json:
        raise UsageError(_("--json and -o - both ask for standard output: give one"))
    s = session(ctx)
    drawn = report(s.pack, s.progress, s.profile)
    if target is None and not to_stdout and pick_mode(opts.json) != "plain":  # --json, or a terminal
        s.emit(drawn.result())
        return
    if s.warnings and not s.raw_events:  # the store could not be read: no empty card in its place
        raise StoreError(s.warnings[0])
    s.tell_warnings()
    picture = svg(drawn)
    if target is None:
        typer.echo(picture, nl=False)
        return
    write_output(target, picture.encode("utf-8"), data_dir=data_dir(), example="card.svg")
    if opts.json:
        show(drawn.result(hint=False), "json")
        return
    said = _("Drew the card of profile {profile} to {file}")
    typer.echo(said.format(profile=s.profile, file=escape_unsafe(target)), err=True)
