"""`aod export` and `aod import`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .session import JsonOpt, ProfileOpt, ShowOpt, session


def export(
    ctx: typer.Context,
    format: Annotated[str, typer.Option("--format", "-f", help="json or csv.")] = "json",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of stdout.")
    ] = None,
    show: ShowOpt = None,
    profile: ProfileOpt = None,
) -> None:
    """Export your progress (every event, with ids) as JSON or CSV.

    Examples: `aod export > progress.json`, `aod export --format csv -o progress.csv`
    """
    from ..errors import StoreError, UsageError
    from ..store import now_str
    from ..transfer import export_csv, export_json

    if format not in ("json", "csv"):
        raise UsageError(f"invalid --format {format!r}: use json or csv")
    s = session(ctx, False, False, show, profile)
    s.progress  # noqa: B018  (reads the store)
    if any(w for w in s.warnings) and not s.raw_events:
        raise StoreError(s.warnings[0])
    events = s.raw_events
    if format == "json":
        text = export_json(s.pack.show_id, s.profile, events, now_str())
    else:
        text = export_csv(events, lambda i: ep.code if (ep := s.pack.episode(i)) else None)
    if output is None:
        typer.echo(text, nl=False)
        return
    _write_new_file(output, text)
    typer.echo(f"Exported {len(events)} events of profile {s.profile} to {output}", err=True)


def _write_new_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (temp file + replace), 0600."""
    import os
    import tempfile

    from ..errors import AodError

    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as err:
        raise AodError(f"cannot write {path}: {err.strerror or err}") from None


def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A file made by aod export (JSON or CSV).")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
    json: JsonOpt = False,
    show: ShowOpt = None,
    profile: ProfileOpt = None,
) -> None:
    """Merge an export into your progress: new events are added, known ones skipped.

    All or nothing: a file with any bad event changes nothing.
    Examples: `aod import progress.json --dry-run`, `aod import progress.csv`
    """
    from .. import tracker
    from ..errors import AodError
    from ..output.doc import Doc, Result, Styled, Text
    from ..transfer import check_events, read_import

    s = session(ctx, json, False, show, profile)
    try:
        raw = file.read_bytes()
    except OSError as err:
        raise AodError(f"cannot read {file}: {err.strerror or err}") from None
    incoming = read_import(raw, str(file), s.pack.show_id)
    checked = check_events(s.pack, incoming, str(file))
    plan = tracker.import_events(s.pack, s.requested_profile, checked)
    change = s.commit(plan, dry_run=dry_run)
    verb = "Would add" if dry_run else "Added"
    doc = Doc().add(Text(Styled(f"{verb} {len(change.events)} events; {change.duplicates} already there.", "ok")))
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
