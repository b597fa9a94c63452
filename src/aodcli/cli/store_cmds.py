"""`aod store check|restore`: work whatever state the store is in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .session import JsonOpt, session

store_app = typer.Typer(
    help="Check the progress store or restore it from a backup.",
    no_args_is_help=True,
)


@store_app.command()
def check(ctx: typer.Context, json: JsonOpt = False) -> None:
    """Validate the store and list its backups (exit 1 if it has a problem).

    Examples: `aod store check`, `aod store check --json`
    """
    from ..reports.store import check_report
    from ..store import check as run_check

    report = run_check()
    session(ctx, json).emit(check_report(report.to_dict()))
    if not report.ok:
        raise typer.Exit(1)


@store_app.command()
def restore(
    ctx: typer.Context,
    from_file: Annotated[
        Path | None,
        typer.Option("--from", metavar="FILE", help="Restore from this file instead of the newest good backup."),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Restore the newest good backup (a bad store is first copied to corrupt/).

    Examples: `aod store restore`, `aod store restore --from backups/store.2026-11-20.json`
    """
    from ..output.doc import Doc, Result, Styled, Text
    from ..store import restore as run_restore

    report = run_restore(from_file=from_file)
    message = str(report)
    session(ctx, json).emit(Result(Doc().add(Text(Styled(message, "ok"))), {"restored": True, "report": message}))


def register(app: typer.Typer) -> None:
    app.add_typer(store_app, name="store")
