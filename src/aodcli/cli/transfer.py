"""`aod export` and `aod import`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import _, ngettext
from . import complete
from .session import Session, root_options, session

if TYPE_CHECKING:
    from ..importers.detect import Found

EXPORT_FORMATS = ("json", "csv", "trakt")
DATE_ORDERS = ("dmy", "mdy", "ymd")


def export(
    ctx: typer.Context,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="json (the default), csv, or trakt (Trakt's history format).",
            autocompletion=complete.choices(EXPORT_FORMATS),
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to FILE (replaced atomically) instead of stdout; - is stdout."
        ),
    ] = None,
) -> None:
    """Export your progress (every event, with ids) as JSON or CSV, or your viewings for Trakt.

    FILE is replaced atomically; a symlink is followed (the file it points to is
    replaced, the link stays); a device or FIFO is written in place; a folder, a
    disk or anything inside aod's data folder is refused.

    Examples: `aod export > progress.json`, `aod export --format csv -o progress.csv`,
    `aod export --format trakt -o trakt.json`
    """
    from ..errors import StoreError, UsageError
    from ..paths import data_dir
    from ..safeio import file_target, write_output
    from ..safetext import escape_unsafe
    from ..store import now_str
    from ..transfer import export_csv, export_json

    if format not in (None, *EXPORT_FORMATS):
        raise UsageError(_("invalid --format {format!r}: use json, csv or trakt").format(format=format))
    if format in ("csv", "trakt") and root_options(ctx).json:
        raise UsageError(_("--json and --format {format} ask for two formats: give one").format(format=format))
    format = format or "json"
    target = None if output is None else file_target(output, data_dir=data_dir())  # None: stdout
    s = session(ctx)
    s.progress  # noqa: B018  (reads the store)
    if any(w for w in s.warnings) and not s.raw_events:
        raise StoreError(s.warnings[0])
    events = s.raw_events
    count = len(events)
    if format == "json":
        text = export_json(s.pack.show_id, s.profile, events, now_str())
    elif format == "trakt":
        import json as json_module

        from ..importers.trakt import trakt_items

        items = trakt_items(s.pack, events)
        count = len(items)
        text = json_module.dumps(items, ensure_ascii=False, indent=2) + "\n"
    else:
        text = export_csv(events, lambda i: ep.code if (ep := s.pack.episode(i)) else None)
    if target is None:
        typer.echo(text, nl=False)  # a failed write is reported where every command's output is flushed
        return
    write_output(target, text.encode("utf-8"), data_dir=data_dir())
    if format == "trakt":
        said = ngettext(
            "Exported {count} viewing of profile {profile} to {file}",
            "Exported {count} viewings of profile {profile} to {file}",
            count,
        )
    else:
        said = ngettext(
            "Exported {count} event of profile {profile} to {file}",
            "Exported {count} events of profile {profile} to {file}",
            count,
        )
    typer.echo(said.format(count=count, profile=s.profile, file=escape_unsafe(target)), err=True)


def import_(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="An aod export, a Netflix, Trakt or TV Time history: a file, a folder or a zip; - is stdin.",
        ),
    ],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
    source_profile: Annotated[
        str | None,
        typer.Option(
            "--source-profile",
            metavar="NAME",
            help="Import this viewer profile of a file that has several (Netflix, a family's Trakt exports).",
        ),
    ] = None,
    all_profiles: Annotated[
        bool,
        typer.Option("--all-profiles", help="Import each viewer profile into the aod profile of the same name."),
    ] = False,
    date_order: Annotated[
        str | None,
        typer.Option(
            "--date-order",
            metavar="ORDER",
            help="dmy, mdy or ymd: how a Netflix history (or a re-saved one) writes dates, when aod cannot tell.",
            autocompletion=complete.choices(DATE_ORDERS),
        ),
    ] = None,
) -> None:
    """Merge a history into your progress: new viewings are added, known ones skipped.

    FILE is an aod export (JSON or CSV), Netflix's ViewingActivity.csv (or the
    netflix-report folder or zip) or NetflixViewingHistory.csv, a Trakt
    history export (JSON, or its zip), or TV Time's GDPR export (its CSV files,
    folder or zip). The format is told from the content and named. All or
    nothing: a file aod cannot use changes nothing; importing it twice adds
    nothing the second time.

    Examples: `aod import progress.json --dry-run`, `aod import progress.csv`,
    `aod export | aod import - --profile mina`,
    `aod import netflix-report.zip --all-profiles --dry-run`,
    `aod import NetflixViewingHistory.csv --date-order dmy`
    """
    from ..errors import UsageError
    from ..importers import open_source
    from ..importers.detect import AODCLI

    if date_order is not None and date_order not in DATE_ORDERS:
        raise UsageError(_("invalid --date-order {value!r}: use dmy, mdy or ymd").format(value=date_order))
    from ..fileio import cachefile

    with cachefile.writes_held(dry_run):  # a dry run writes nothing at all: no store, no cache, no data folder
        s = session(ctx)
        found = open_source(str(file))
        try:
            if found.kind == AODCLI:
                given = [o for o, v in (("--source-profile", source_profile), ("--date-order", date_order)) if v]
                if given or all_profiles:
                    option = given[0] if given else "--all-profiles"
                    raise UsageError(
                        _("{option} is for other services' histories; {file} is an aod export").format(
                            option=option, file=found.label
                        )
                    )
                _import_export(s, found.parts[0].read(), found.parts[0].label, dry_run)
                return
            target = root_options(ctx).profile
            _import_history(s, found, dry_run, source_profile, all_profiles, date_order, target)
        finally:
            found.close()


def _import_export(s: Session, raw: bytes, label: str, dry_run: bool) -> None:
    """aod's own export: every event checked, merged by id."""
    from .. import tracker
    from ..output.doc import Doc, Result, Styled, Text
    from ..transfer import check_events, read_import

    incoming = read_import(raw, label, s.pack.show_id)
    checked = check_events(s.pack, incoming, label)
    plan = tracker.import_events(s.pack, s.requested_profile, checked)
    change = s.commit(plan, dry_run=dry_run)
    n = len(change.events)
    if dry_run:
        said = ngettext(
            "Would add {count} event; {duplicates} already there.",
            "Would add {count} events; {duplicates} already there.",
            n,
        )
    else:
        said = ngettext(
            "Added {count} event; {duplicates} already there.", "Added {count} events; {duplicates} already there.", n
        )
    doc = Doc().add(Text(Styled(said.format(count=n, duplicates=change.duplicates), "ok")))
    s.emit(
        Result(
            doc,
            {
                "dry_run": dry_run,
                "format": "aodcli",
                "profile": change.profile or s.profile,
                "added": len(change.events),
                "already_present": change.duplicates,
                "events": change.events,
            },
        )
    )


def _import_history(
    s: Session,
    found: Found,
    dry_run: bool,
    source_profile: str | None,
    all_profiles: bool,
    date_order: str | None,
    profile_given: str | None,
) -> None:
    """Netflix, Trakt or TV Time: viewings placed, profiles chosen, one commit."""
    from ..errors import UsageError
    from ..importers import detect, netflix
    from ..importers.plan import commit_plan, select, vet
    from ..importers.report import import_result

    if date_order is not None and found.kind not in (netflix.HISTORY, netflix.ACTIVITY):
        raise UsageError(
            _("--date-order is for Netflix's histories; {file} is {kind}").format(file=found.label, kind=found.name)
        )
    reading = detect.read(found, s.pack, date_order)
    vet(reading, s.pack)
    given = bool(profile_given)
    selection = select(
        reading, found.label, source_profile=source_profile, all_profiles=all_profiles, profile_given=given
    )
    nothing = not any(t.viewings for t in selection.targets)  # then nothing is written, not even a new store
    plan = commit_plan(s.pack, found.kind, selection.targets, s.requested_profile)
    changes = s.commit(plan, dry_run=dry_run or nothing)
    s.emit(
        import_result(
            s.pack,
            kind=found.kind,
            name=found.name,
            label=found.label,
            selection=selection,
            changes=changes,
            dry_run=dry_run,
            fallback_profile=s.requested_profile or "default",
            word=reading.profile_word,
        )
    )
