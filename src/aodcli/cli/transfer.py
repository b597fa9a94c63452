"""`aod export` and `aod import`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import complete
from .session import JsonOpt, ProfileOpt, ShowOpt, root_options, session


def export(
    ctx: typer.Context,
    format: Annotated[
        str | None,
        typer.Option("--format", "-f", help="json (the default) or csv.", autocompletion=complete.export_formats),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to FILE (replaced atomically) instead of stdout; - is stdout."
        ),
    ] = None,
    show: ShowOpt = None,
    profile: ProfileOpt = None,
) -> None:
    """Export your progress (every event, with ids) as JSON or CSV.

    FILE is replaced atomically; a symlink is followed (the file it points to is
    replaced, the link stays); a device or FIFO is written in place; a folder, a
    disk or anything inside aod's data folder is refused.

    Examples: `aod export > progress.json`, `aod export --format csv -o progress.csv`
    """
    from ..errors import StoreError, UsageError
    from ..paths import data_dir
    from ..safeio import check_target, stdio_fd, write_output
    from ..safetext import escape_unsafe
    from ..store import now_str
    from ..transfer import export_csv, export_json

    if format not in (None, "json", "csv"):
        raise UsageError(f"invalid --format {format!r}: use json or csv")
    if format == "csv" and root_options(ctx).json:
        raise UsageError("--json and --format csv ask for two formats: give one")
    format = format or "json"
    target = None if output is None or output == "-" or stdio_fd(output) == 1 else output  # None: stdout
    if target is not None:
        check_target(target, data_dir=data_dir())  # usage errors before any work
    s = session(ctx, False, False, show, profile)
    s.progress  # noqa: B018  (reads the store)
    if any(w for w in s.warnings) and not s.raw_events:
        raise StoreError(s.warnings[0])
    events = s.raw_events
    if format == "json":
        text = export_json(s.pack.show_id, s.profile, events, now_str())
    else:
        text = export_csv(events, lambda i: ep.code if (ep := s.pack.episode(i)) else None)
    if target is None:
        typer.echo(text, nl=False)  # a failed write is reported where every command's output is flushed
        return
    write_output(target, text.encode("utf-8"), data_dir=data_dir())
    n = len(events)
    typer.echo(f"Exported {n} event{'s' if n != 1 else ''} of profile {s.profile} to {escape_unsafe(target)}", err=True)


def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="An aod export (JSON or CSV); - is stdin.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
    json: JsonOpt = False,
    show: ShowOpt = None,
    profile: ProfileOpt = None,
) -> None:
    """Merge an export into your progress: new events are added, known ones skipped.

    All or nothing: a file with any bad event changes nothing.

    Examples: `aod import progress.json --dry-run`, `aod import progress.csv`,
    `aod export | aod import - --profile mina`
    """
    from .. import tracker
    from ..output.doc import Doc, Result, Styled, Text
    from ..safeio import read_bounded, read_stream_bounded
    from ..transfer import MAX_IMPORT_BYTES, check_events, read_import

    s = session(ctx, json, False, show, profile)
    if str(file) == "-":
        import sys

        raw = read_stream_bounded(sys.stdin.buffer, "standard input", MAX_IMPORT_BYTES)
    else:
        raw = read_bounded(file, MAX_IMPORT_BYTES)  # a regular file, at most the limit (a FIFO or device: refused)
    incoming = read_import(raw, str(file), s.pack.show_id)
    checked = check_events(s.pack, incoming, str(file))
    plan = tracker.import_events(s.pack, s.requested_profile, checked)
    change = s.commit(plan, dry_run=dry_run)
    verb = "Would add" if dry_run else "Added"
    n = len(change.events)
    doc = Doc().add(Text(Styled(f"{verb} {n} event{'s' if n != 1 else ''}; {change.duplicates} already there.", "ok")))
    s.emit(
        Result(
            doc,
            {
                "dry_run": dry_run,
                "profile": change.profile or s.profile,
                "added": len(change.events),
                "already_present": change.duplicates,
                "events": change.events,
            },
        )
    )


def register(app: typer.Typer) -> None:
    app.command()(export)
    app.command("import")(import_)
