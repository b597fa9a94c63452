"""`aod sync`: one history on every device, through a folder a sync tool carries."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from .session import session


def sync(
    ctx: typer.Context,
    folder: Annotated[
        str | None,
        typer.Argument(
            metavar="DIR",
            help="A folder that Syncthing, Dropbox, iCloud Drive, Nextcloud or a USB stick carries; "
            "remembered after the first sync.",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would come in and go out; write nothing.")
    ] = False,
    status: Annotated[
        bool, typer.Option("--status", help="Show the devices in the folder and when they last synced.")
    ] = False,
    name: Annotated[
        str | None,
        typer.Option("--name", metavar="NAME", help="What other devices call this one (default: the host name)."),
    ] = None,
    forget: Annotated[
        str | None,
        typer.Option(
            "--forget",
            metavar="DEVICE",
            help="After syncing, remove a retired device's files (by id or name) from the folder; "
            "what it recorded stays in every replica.",
        ),
    ] = None,
) -> None:
    """Sync your progress with your other devices through a shared folder.

    Each device writes only its own file in DIR and reads the others'; every
    event (watches, undos, ratings, notes, removed profiles) ends up on every
    device exactly once. A damaged replica, or one from a newer aod or for
    another show, is reported and skipped.

    Examples: `aod sync ~/Sync/aod`, `aod sync --dry-run`, `aod sync --status`, `aod sync --forget old-laptop`
    """
    from ..errors import UsageError
    from ..reports.sync import status_report, sync_report
    from ..sync import locked, prepare
    from ..sync import run as run_sync
    from ..sync import status as read_status

    if folder is not None and not folder.strip():
        raise UsageError(_("DIR is empty: name the folder to sync through"))
    where = Path(folder) if folder is not None else None
    s = session(ctx)
    if status:
        if dry_run or name is not None or forget is not None:
            raise UsageError(_("--status only reads: leave out --dry-run, --name and --forget"))
        s.emit(status_report(read_status(where, s.pack.show_id)))
        return
    show_id = s.pack.show_id
    if dry_run:
        plan = prepare(where, show_id, name)
        if forget is not None:
            plan.retired(forget)  # the same checks; nothing is removed
        outcome = s.commit(plan.mutate(stage=False), dry_run=True)
        s.emit(sync_report(plan.report(outcome, None, True)))
        return
    with locked():
        report = run_sync(where, show_id, name, s.commit, forget)
    s.emit(sync_report(report))
