"""`aod` with no command: the dashboard."""

from __future__ import annotations

import typer

from .session import session


def dashboard(ctx: typer.Context) -> None:
    from ..reports.dashboard import dashboard as report

    s = session(ctx)
    s.emit(report(s.pack, s.progress, s.profile or "default"))
