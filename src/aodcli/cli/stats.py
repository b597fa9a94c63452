"""`aod stats`."""

from __future__ import annotations

import typer

from .session import session


def stats(ctx: typer.Context) -> None:
    """Time watched (with and without rewatches), your binge timeline, scores and streaks.

    Examples: `aod stats`, `aod stats --json`
    """
    from ..reports.stats import stats as report

    s = session(ctx)
    s.emit(report(s.pack, s.progress, s.profile))
