"""The dashboard shown by `aod` alone."""

from __future__ import annotations

from ..i18n import _, ngettext
from ..output.doc import Bar, Doc, Fields, Heading, Hint, Result
from ..pack.pack import Pack
from ..progress import Progress
from .common import STATUS_WORDS, coming_blocks, coming_seasons, minutes_text, scrub_sources, word


def _season_text(pack: Pack, number: int, status: str) -> str:
    """``season 1: 12 episodes``, or a season not out yet with its status (``season 2: filming``)."""
    n = len(pack.season_episodes(number))
    if n:
        return ngettext("season {season}: {count} episode", "season {season}: {count} episodes", n).format(
            season=number, count=n
        )
    return _("season {season}: {status}").format(season=number, status=word(STATUS_WORDS, status))


def dashboard(pack: Pack, progress: Progress, profile: str) -> Result:
    title = pack.show["title"]
    heading = title["en"] + (f"  {title['ko']}" if title.get("ko") else "")
    seasons = ", ".join(_season_text(pack, s.number, s.status) for s in pack.seasons)
    doc = Doc().add(Heading(heading, seasons))
    watched = progress.watched_ids
    total = len(pack.episodes)
    left = [e.id for e in pack.episodes if not progress.watched(e.id)]
    doc.add(
        Bar(
            f"{profile}",
            len(watched),
            total,
            _("{watched} watched, {left} left").format(
                watched=minutes_text(progress.minutes(watched)), left=minutes_text(progress.minutes(left))
            ),
        )
    )
    nxt = progress.next_episode()
    fields = []
    if nxt is not None:
        fields.append((_("Next up"), f"{nxt.code} · {nxt.title} — {nxt.blurb}"))
    else:
        fields.append((_("Next up"), progress.nothing_next()))
    doc.add(Fields(fields))
    if not watched:
        doc.add(Hint(_("aod episodes lists the season; aod watch 1 marks your first episode.")))
    elif nxt is not None:
        doc.add(Hint(_("aod watch next marks {code} watched; aod progress shows more.").format(code=nxt.code)))
    else:
        from datetime import date

        coming = coming_seasons(pack, progress.horizon(), date.today())
        doc.add(*coming_blocks(coming))
        doc.add(Hint(_("aod stats shows your binge; aod season has the whole timeline.")))
    data = {
        "show": pack.show_id,
        "title": scrub_sources(title, progress.horizon(), pack),
        "profile": profile,
        "watched": len(watched),
        "total": total,
        "minutes_watched": progress.minutes(watched),
        "minutes_left": progress.minutes(left),
        "next": None if nxt is None else {"id": nxt.id, "code": nxt.code, "title": nxt.title, "blurb": nxt.blurb},
        "seasons": [
            {"number": s.number, "status": s.status, "episodes": len(pack.season_episodes(s.number))}
            for s in pack.seasons
        ],
    }
    return Result(doc, data)
