"""`aod store check|restore`: work whatever state the store is in."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import N_, _
from .session import session

if TYPE_CHECKING:
    from ..store import RestoreReport

store_app = typer.Typer(
    help="Check the progress store or restore it from a backup.",
    no_args_is_help=True,
)


def check(ctx: typer.Context) -> None:
    """Validate the store and list its backups (exit 1 if it has a problem).

    Examples: `aod store check`, `aod store check --json`
    """
    from ..reports.store import check_report
    from ..store import check as run_check

    report = run_check()
    session(ctx).emit(check_report(report.to_dict()))
    if not report.ok:
        raise typer.Exit(1)


def restore(
    ctx: typer.Context,
    from_file: Annotated[
        Path | None,
        typer.Option("--from", metavar="FILE", help="Restore from this file instead of the newest good backup."),
    ] = None,
) -> None:
    """Restore the newest good backup (a bad store is first copied to corrupt/).

    FILE may be named as `aod store check` lists it (backups/…): it is looked for in the data folder too.

    Examples: `aod store restore`, `aod store restore --from backups/store.2026-11-20.json`
    """
    from ..output.doc import Doc, Result, Styled, Text
    from ..store import restore as run_restore

    s = session(ctx)
    if from_file is not None and not from_file.is_absolute() and not from_file.exists():
        from ..paths import data_dir

        if (data_dir() / from_file).exists():  # `backups/store.….json`, as store check lists it
            from_file = data_dir() / from_file
    report = run_restore(from_file=from_file, warnings=s.warnings, waiting=lock_wait_notice)
    message, fields = _restored_text(report)
    data = {
        "restored": True,
        "path": str(report.path),
        "source": str(report.source),
        "source_kind": report.source_kind,
        "source_revision": report.source_revision,
        "revision": report.revision,
        "quarantined": str(report.quarantined) if report.quarantined is not None else None,
        "message": message.format(**fields),  # JSON: in English, in every language
    }
    s.emit(Result(Doc().add(Text(Styled(_(message).format(**fields), "ok"))), data))


def _restored_text(report: RestoreReport) -> tuple[str, dict[str, object]]:
    """``Restored …/store.json from store.json.bak (revision 7); the bad file is kept as …``:
    the message id and its fields."""
    folder = report.path.parent
    source = os.path.relpath(report.source, folder) if report.source.is_relative_to(folder) else str(report.source)
    fields: dict[str, object] = {
        "path": report.path,
        "revision": report.source_revision,
        "source": source,
        "bad": report.quarantined,
    }
    if report.source_kind == "copy":
        if report.quarantined is not None:
            return N_(
                "Restored {path} to your last save (revision {revision}, from {source}); the bad file is kept as {bad}"
            ), fields
        return N_("Restored {path} to your last save (revision {revision}, from {source})"), fields
    if report.quarantined is not None:
        return N_("Restored {path} from {source} (revision {revision}); the bad file is kept as {bad}"), fields
    return N_("Restored {path} from {source} (revision {revision})"), fields


def lock_wait_notice(text: str) -> None:
    """Show the store's "waiting for another aod process" sentence, on a terminal only
    (piped or captured output stays quiet; the wait itself is the same)."""
    import sys

    if sys.stderr.isatty():
        typer.echo(text, err=True)
