"""What ``aod import`` shows for a history from another service: the diff, and why rows were left out.

Every text taken from the file (titles, profile names, file names inside a zip)
is escaped before it is shown (``safetext.escape_unsafe``): a hostile file
cannot send a terminal an escape sequence, in the table or in ``--json``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..output.doc import Column, Doc, Fields, Result, Styled, Table, Text
from ..safetext import escape_unsafe
from ..timefmt import local_text
from .common import REASONS

if TYPE_CHECKING:
    from ..pack.pack import Pack
    from ..tracker import Change
    from .common import Partial
    from .plan import Selection, Target

MAX_ROWS_SHOWN = 200  # viewings listed on screen (all are in --json)
MAX_LISTED = 50  # rows not placed / partial viewings listed on screen
MAX_LISTED_JSON = 1_000


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _safe(text: str | None) -> str | None:
    return None if text is None else escape_unsafe(text)


def _partial_json(pack: Pack, p: Partial) -> dict[str, Any]:
    from ..store import format_utc

    ep = pack.episode(p.episode)
    return {
        "episode": p.episode,
        "code": ep.code if ep else None,
        "source_profile": _safe(p.profile),
        "started": format_utc(p.at),
        "watched_minutes": round(p.seconds / 60, 1),
        "runtime": p.runtime,
    }


def import_result(
    pack: Pack,
    *,
    kind: str,
    name: str,
    label: str,
    selection: Selection,
    changes: list[Change],
    dry_run: bool,
    fallback_profile: str,
    word: str = "viewer profile",
) -> Result:
    """The ``aod import`` result for a Netflix, Trakt or TV Time history."""
    several = len(selection.targets) > 1
    doc = Doc().add(Text(f"Found {name} in {escape_unsafe(label)}."))
    for note in selection.notes:
        doc.add(Text(escape_unsafe(note) + "."))
    imports, all_events = [], []
    rows: list[list[Any]] = []
    for target, change in zip(selection.targets, changes, strict=True):
        events = change.events
        all_events += events
        imports.append(
            {
                "source_profile": _safe(target.source_profile),
                "profile": change.profile,
                "added": len(events),
                "already_present": change.duplicates,
            }
        )
        if target.viewings:
            doc.add(Text(Styled(_summary(target, change, dry_run, word), "ok")))
        for ev in events:
            ep = pack.episode(ev["episode"])
            row = [ep.code if ep else ev["episode"], local_text(ev.get("at")), "rewatch" if ev["rewatch"] else "first"]
            rows.append([*row, change.profile] if several else row)
    if not any(t.viewings for t in selection.targets):
        doc.add(Text(Styled(f"Nothing to import: no viewings of {pack.title} found.", "warn")))
    if rows:
        columns = [Column("Episode"), Column("Watched (local time)"), Column("Viewing")]
        if several:
            columns.append(Column("Profile"))
        shown = rows[:MAX_ROWS_SHOWN]
        title = "Would mark" if dry_run else "Marked"
        doc.add(Table(columns, shown, title=f"{title} ({_plural(len(rows), 'viewing')})"))
        if len(rows) > len(shown):
            doc.add(Text(f"… and {len(rows) - len(shown)} more (--json lists them all)", "dim"))
    if selection.partial:
        part_rows: list[list[Any]] = []
        for p in selection.partial[:MAX_LISTED]:
            ep = pack.episode(p.episode)
            row = [ep.code if ep else p.episode, local_text(_utc(p)), _watched(p)]
            part_rows.append([*row, _safe(p.profile) or ""] if several else row)
        columns = [Column("Episode"), Column("Started (local time)"), Column("Watched")]
        if several:
            columns.append(Column(word[:1].upper() + word[1:]))
        doc.add(Table(columns, part_rows, title="Started, not finished (not marked)"))
        _more(doc, len(selection.partial))
    if selection.unplaced:
        un_rows: list[list[Any]] = [
            [escape_unsafe(u.where), escape_unsafe(u.title[:80]), escape_unsafe(u.reason)]
            for u in selection.unplaced[:MAX_LISTED]
        ]
        doc.add(
            Table(
                [Column("Where"), Column("Title", max_width=50), Column("Why")],
                un_rows,
                title="Rows of this show not placed (not marked)",
            )
        )
        _more(doc, len(selection.unplaced))
    if selection.ignored:
        order = list(REASONS)
        left = sorted(selection.ignored.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))
        doc.add(Fields([(f"Left out: {REASONS.get(r, r)}", n) for r, n in left]))
    data = {
        "dry_run": dry_run,
        "format": kind,
        "format_name": name,
        "source": escape_unsafe(label),
        "profile": changes[0].profile if changes else fallback_profile,
        "added": len(all_events),
        "already_present": sum(c.duplicates for c in changes),
        "events": all_events,
        "imports": imports,
        "ignored": dict(sorted(selection.ignored.items())),
        "started_not_finished": [_partial_json(pack, p) for p in selection.partial[:MAX_LISTED_JSON]],
        "not_placed": [
            {
                "where": escape_unsafe(u.where),
                "title": escape_unsafe(u.title[:200]),
                "reason": escape_unsafe(u.reason),
                "source_profile": _safe(u.profile),
            }
            for u in selection.unplaced[:MAX_LISTED_JSON]
        ],
    }
    return Result(doc, data)


def _watched(p: Partial) -> str:
    """``12 of 71 min``; under a minute in seconds: ``14 s of 71 min``."""
    of = f" of {p.runtime}" if p.runtime else ""
    if p.seconds < 60:
        return f"{p.seconds} s{of} min" if of else f"{p.seconds} s"
    return f"{round(p.seconds / 60)}{of} min"


def _utc(p: Partial) -> str:
    from ..store import format_utc

    return format_utc(p.at)


def _more(doc: Doc, total: int) -> None:
    if total > MAX_LISTED:
        doc.add(Text(f"… and {total - MAX_LISTED} more (--json lists up to {MAX_LISTED_JSON})", "dim"))


def _summary(target: Target, change: Change, dry_run: bool, word: str) -> str:
    n = len(change.events)
    episodes = len({e["episode"] for e in change.events})
    verb = "Would add" if dry_run else "Added"
    name = target.source_profile
    source = f" from {word} '{escape_unsafe(name)}'" if name is not None else ""
    what = f"{_plural(n, 'viewing')} of {_plural(episodes, 'episode')}" if n else "no viewings"
    return f"{verb} {what} to profile {change.profile}{source}; {change.duplicates} already there."
