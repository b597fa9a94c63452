"""`aod season [N] [--ics FILE]`: what is known about one season, and its release date as a calendar event."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ..errors import AodError
from ..i18n import _, ngettext
from ..i18n.formats import date_text, season_label
from ..output.doc import Doc, Fields, Heading, Hint, Result
from ..pack.model import Season
from ..pack.pack import Pack
from ..progress import Progress
from ..spoilers import Horizon
from .common import STATUS_WORDS, release_text, season_outlook, timeline_json, timeline_rows, word


def season_to_come(pack: Pack) -> int:
    """The season ``aod season`` shows with no number: the first with no episodes in the pack
    (the next to come), else the last one."""
    with_episodes = set(pack.seasons_with_episodes())
    coming = [s.number for s in pack.seasons if s.number not in with_episodes]
    return coming[0] if coming else max((s.number for s in pack.seasons), default=1)


def season_page(pack: Pack, horizon: Horizon, progress: Progress, profile: str, season: Season, today: date) -> Result:
    outlook = season_outlook(pack, horizon, season, today)
    ids = [e.id for e in pack.season_episodes(season.number)]
    watched = sum(1 for i in ids if progress.watched(i))
    doc = Doc().add(
        Heading(
            _("{title} — {season}").format(title=pack.shown_title, season=season_label(season.number)), season.summary
        )
    )
    if ids:
        episodes = ngettext("{watched} of {total} episode watched", "{watched} of {total} episodes watched", len(ids))
        episodes = episodes.format(watched=watched, total=len(ids))
    elif season.episode_count is not None:
        episodes = ngettext("{count} episode announced", "{count} episodes announced", season.episode_count).format(
            count=season.episode_count
        )
    else:
        episodes = _("not announced")
    fields: list[tuple[str, Any]] = [
        (_("Status"), word(STATUS_WORDS, season.status)),
        (_("Release"), release_text(outlook)),
        (_("Episodes"), episodes),
    ]
    if outlook["checked"]:
        fields.append((_("Last checked"), date_text(outlook["checked"])))
    doc.add(Fields(fields))
    if season.timeline:
        doc.add(Heading(_("Timeline")), Fields(timeline_rows(pack, horizon, season)))
    if outlook["days_to_release"] is not None and outlook["days_to_release"] >= 0:
        doc.add(
            Hint(
                _("aod season {season} --ics FILE puts the release day in your calendar.").format(season=season.number)
            )
        )
    elif ids:
        doc.add(Hint(_("aod episodes --season {season} lists its episodes.").format(season=season.number)))
    data = {
        "show": pack.show_id,
        "profile": profile,
        "season": season.number,
        "status": season.status,
        "release_date": season.release_date,
        "days_to_release": outlook["days_to_release"],
        "episode_count": season.episode_count,
        "episodes": len(ids),
        "watched": watched,
        "summary": season.summary,
        "checked": outlook["checked"],
        "timeline": timeline_json(pack, horizon, season),
        "sources": horizon.source_keys(season.sources, pack),
    }
    return Result(doc, data)


def release_calendar(pack: Pack, horizon: Horizon, season: Season, stamp: datetime) -> bytes:
    """The season's release day as an all-day calendar event (:mod:`aodcli.ics`); an ``AodError``
    when the pack has no release date. The UID is made of the show's id and the season, so
    importing a newer calendar moves the event instead of adding a second one."""
    from .. import __version__, ics

    outlook = season_outlook(pack, horizon, season, stamp.date())
    checked = date_text(outlook["checked"])
    if season.release_date is None:
        if checked:
            raise AodError(
                _(
                    "no release date is known yet for season {season} ({status}; the data was last checked "
                    "{date}): no calendar written"
                ).format(season=season.number, status=word(STATUS_WORDS, season.status), date=checked)
            )
        raise AodError(
            _("no release date is known yet for season {season} ({status}): no calendar written").format(
                season=season.number, status=word(STATUS_WORDS, season.status)
            )
        )
    summary = _("{title}: {season} comes out").format(title=pack.shown_title, season=season_label(season.number))
    said = _("Release date from aod's data, last checked {date}.").format(date=checked) if checked else ""
    event = ics.Event(
        uid=f"{pack.show_id}-season-{season.number}@aodcli",
        day=date.fromisoformat(season.release_date),
        summary=summary,
        description="\n\n".join(text for text in (season.summary, said) if text),
        stamp=stamp,
    )
    return ics.calendar(event, product=f"-//aodcli//aod {__version__}//EN")
