"""What ``aod import`` shows for a history from another service: the diff, and why rows were left out.

Every text taken from the file (titles, profile names, file names inside a zip)
is escaped before it is shown (``safetext.escape_unsafe``): a hostile file
cannot send a terminal an escape sequence, in the table or in ``--json``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..fileio.phrase import shown
from ..i18n import _, ngettext
from ..output.doc import Column, Doc, Fields, Result, Styled, Table, Text
from ..safetext import escape_unsafe
from ..timefmt import local_text
from .common import REASONS, VIEWER_PROFILE

if TYPE_CHECKING:
    from ..pack.pack import Pack
    from ..tracker import Change
    from .common import Partial
    from .plan import Selection, Target

MAX_ROWS_SHOWN = 200  # viewings listed on screen (all are in --json)
MAX_LISTED = 50  # rows not placed / partial viewings listed on screen
MAX_LISTED_JSON = 1_000


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
    word: str = VIEWER_PROFILE,
) -> Result:
    """The ``aod import`` result for a Netflix, Trakt or TV Time history. ``name`` and
    ``word`` are English (``name`` is the JSON's ``format_name``); the page translates them."""
    several = len(selection.targets) > 1
    shown_label = escape_unsafe(shown(label))  # "standard input" is translated here, English in the JSON
    doc = Doc().add(Text(_("Found {name} in {label}.").format(name=_(name), label=shown_label)))
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
            row = [
                ep.code if ep else ev["episode"],
                local_text(ev.get("at")),
                _("rewatch") if ev["rewatch"] else _("first"),
            ]
            rows.append([*row, change.profile] if several else row)
    if not any(t.viewings for t in selection.targets):
        nothing = _("Nothing to import: no viewings of {title} found.").format(title=pack.shown_title)
        doc.add(Text(Styled(nothing, "warn")))
    if rows:
        columns = [Column(_("Episode")), Column(_("Watched (local time)")), Column(_("Viewing"))]
        if several:
            columns.append(Column(_("Profile")))
        listed = rows[:MAX_ROWS_SHOWN]
        n = len(rows)
        if dry_run:
            title = ngettext("Would mark ({count} viewing)", "Would mark ({count} viewings)", n)
        else:
            title = ngettext("Marked ({count} viewing)", "Marked ({count} viewings)", n)
        doc.add(Table(columns, listed, title=title.format(count=n)))
        if len(rows) > len(listed):
            doc.add(Text(_("… and {count} more (--json lists them all)").format(count=len(rows) - len(listed)), "dim"))
    if selection.partial:
        part_rows: list[list[Any]] = []
        for p in selection.partial[:MAX_LISTED]:
            ep = pack.episode(p.episode)
            row = [ep.code if ep else p.episode, local_text(_utc(p)), _watched(p)]
            part_rows.append([*row, _safe(p.profile) or ""] if several else row)
        columns = [Column(_("Episode")), Column(_("Started (local time)")), Column(_("Watched"))]
        if several:
            header = _(word)
            columns.append(Column(header[:1].upper() + header[1:]))
        doc.add(Table(columns, part_rows, title=_("Started, not finished (not marked)")))
        _more(doc, len(selection.partial))
    if selection.unplaced:
        un_rows: list[list[Any]] = [
            [escape_unsafe(shown(u.where)), escape_unsafe(u.title[:80]), escape_unsafe(shown(u.reason))]
            for u in selection.unplaced[:MAX_LISTED]
        ]
        doc.add(
            Table(
                [Column(_("Where")), Column(_("Title"), max_width=50), Column(_("Why"))],
                un_rows,
                title=_("Rows of this show not placed (not marked)"),
            )
        )
        _more(doc, len(selection.unplaced))
    if selection.ignored:
        order = list(REASONS)
        left = sorted(selection.ignored.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))
        doc.add(Fields([(_("Left out: {reason}").format(reason=_(REASONS.get(r, r))), n) for r, n in left]))
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
    if p.seconds < 60:
        if p.runtime:
            return _("{seconds} s of {runtime} min").format(seconds=p.seconds, runtime=p.runtime)
        return _("{seconds} s").format(seconds=p.seconds)
    minutes = round(p.seconds / 60)
    if p.runtime:
        return _("{minutes} of {runtime} min").format(minutes=minutes, runtime=p.runtime)
    return _("{minutes} min").format(minutes=minutes)


def _utc(p: Partial) -> str:
    from ..store import format_utc

    return format_utc(p.at)


def _more(doc: Doc, total: int) -> None:
    if total > MAX_LISTED:
        more = _("… and {count} more (--json lists up to {most})").format(
            count=total - MAX_LISTED, most=MAX_LISTED_JSON
        )
        doc.add(Text(more, "dim"))


def _summary(target: Target, change: Change, dry_run: bool, word: str) -> str:
    n = len(change.events)
    episodes = len({e["episode"] for e in change.events})
    if n:
        what = _("{viewings} of {episodes}").format(
            viewings=ngettext("{count} viewing", "{count} viewings", n).format(count=n),
            episodes=ngettext("{count} episode", "{count} episodes", episodes).format(count=episodes),
        )
    else:
        what = _("no viewings")
    name = target.source_profile
    fields = {"what": what, "profile": change.profile, "duplicates": change.duplicates}
    if name is None:
        if dry_run:
            return _("Would add {what} to profile {profile}; {duplicates} already there.").format(**fields)
        return _("Added {what} to profile {profile}; {duplicates} already there.").format(**fields)
    fields.update(word=_(word), name=escape_unsafe(name))
    if dry_run:
        return _("Would add {what} to profile {profile} from {word} '{name}'; {duplicates} already there.").format(
            **fields
        )
    return _("Added {what} to profile {profile} from {word} '{name}'; {duplicates} already there.").format(**fields)
