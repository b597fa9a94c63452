"""Small helpers shared by the reports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from ..i18n import N_, _, formats, ngettext
from ..i18n.formats import date_text, season_label
from ..output.doc import Heading, Styled, Text
from ..pack.model import Character, Episode, Event, Season
from ..pack.pack import Pack
from ..pack.schema import SOURCE_LIST_KEYS
from ..spoilers import Hidden, Horizon

if TYPE_CHECKING:
    from ..progress import Progress

#: What an event of each type is called (translated where shown: ``word(EVENT_WORDS, type)``).
EVENT_WORDS = {
    "first_appears": N_("first appears"),
    "infected": N_("infected"),
    "turns": N_("turns"),
    "half_zombie": N_("becomes a half-zombie"),
    "dies": N_("dies"),
    "presumed_dead": N_("presumed dead"),
    "leaves": N_("leaves"),
    "survives": N_("survives"),
}

#: The pack's words for a season's status, a job and a billing, as people read them.
STATUS_WORDS = {
    "released": N_("released"),
    "announced": N_("announced"),
    "filming": N_("filming"),
    "post-production": N_("post-production"),
}
JOB_WORDS = {
    "actor": N_("actor"),
    "director": N_("director"),
    "writer": N_("writer"),
    "creator": N_("creator"),
    "author": N_("author"),
    "producer": N_("producer"),
}
BILLING_WORDS = {"main": N_("main"), "supporting": N_("supporting")}


def word(words: dict[str, str], key: str) -> str:
    """``key`` (a value of the pack or the store) in the interface language; an unknown one as it is."""
    return _(words[key]) if key in words else key


def progress_figures(pack: Pack, progress: Progress, profile: str) -> dict[str, Any]:
    """A profile's progress in figures, as ``--json`` gives them (the keys of ``registry.FIGURES``):
    ``aod progress`` and ``aod card`` both start from these."""
    done = progress.watched_ids
    left = [e.id for e in pack.episodes if not progress.watched(e.id)]
    total = len(pack.episodes)
    return {
        "show": pack.show_id,
        "profile": profile,
        "watched": len(done),
        "total": total,
        "percent": round(100 * len(done) / total, 1) if total else 0.0,
        "minutes_watched": progress.minutes(done),
        "minutes_left": progress.minutes(left),
    }


def minutes_text(minutes: int) -> str:
    """``1 h 06 min`` (``1시간 6분``)."""
    return formats.minutes_text(minutes)


def runtime_text(ep: Episode) -> str:
    """``66 min`` (``66분``), ``-`` when unknown."""
    return formats.runtime_text(ep.runtime)


def show_end(pack: Pack) -> Episode | None:
    return pack.episodes[-1] if pack.episodes else None


def fate_marker(pack: Pack, horizon: Horizon) -> Hidden | None:
    """The uniform marker for what happens to anyone after the horizon.

    Every character gets the same marker (hidden until the show's last
    episode), whether or not something happens to them later: a marker only
    on the characters who have a later event would itself be a spoiler.
    """
    end = show_end(pack)
    if end is None or horizon.sees(end):
        return None
    return Hidden(end.code)


def visible_events(pack: Pack, horizon: Horizon, character: Character) -> list[Event]:
    return [ev for ev in pack.events_of(character.id) if horizon.sees_event(ev, pack)]


#: The events that are a character's fate (``aod fates``, ``aod recap``), as the pack's event types name them.
FATES = ("infected", "turns", "half_zombie", "dies", "presumed_dead", "leaves", "survives")


def fate_events(pack: Pack, horizon: Horizon, character: Character | None = None) -> list[Event]:
    """The fates the horizon sees (only ``character``'s when given), in show order: by episode (those
    whose episode is unknown last), then by the characters' order, then as the pack lists them."""
    order = {e.id: e.position for e in pack.episodes}
    events = [
        ev
        for ev in pack.events
        if ev.type in FATES
        and horizon.sees_event(ev, pack)
        and (character is None or ev.character == character.id)
        and ev.character in pack.characters
    ]
    events.sort(key=lambda ev: (order.get(ev.episode or "", 10**9), ev.season, pack.characters[ev.character].order))
    return events


def event_code(pack: Pack, ev: Event) -> str:
    """Where an event happens, for people: its episode's code, or its season when the episode is unknown."""
    ep = pack.episode(ev.episode) if ev.episode else None
    return ep.code if ep else _("season {season}, episode unknown").format(season=ev.season)


def event_json(pack: Pack, horizon: Horizon, ev: Event) -> dict[str, Any]:
    ep = pack.episode(ev.episode) if ev.episode else None
    return {
        "type": ev.type,
        "episode": (ep.code if ep else f"season {ev.season}, episode unknown") if ev.episode else None,
        "season": ev.season,
        "text": ev.text,
        "confidence": ev.confidence,
        "sources": horizon.source_keys(ev.sources, pack),
    }


def fate_json(pack: Pack, horizon: Horizon, ev: Event) -> dict[str, Any]:
    """A fate as ``--json`` gives it (``aod fates``' rows, ``aod recap``'s standing): whose, and the event."""
    return {"character": ev.character, "name": pack.characters[ev.character].name, **event_json(pack, horizon, ev)}


def first_seen(pack: Pack, character: Character) -> Episode | None:
    """Where a character is first seen (``Pack.first_appearances``)."""
    found = pack.first_appearances().get(character.id)
    return pack.episode(found) if found else None


def appears_later(horizon: Horizon, first: Episode) -> bool:
    """Is a first appearance in ``first`` past the horizon? (Who is there when the
    show starts is no spoiler.)"""
    return not horizon.sees(first) and first.position > 0


def first_seen_hidden(pack: Pack, horizon: Horizon, character: Character) -> bool:
    """Is where a character is first seen withheld? When it is past the horizon, and also when it is
    unknown while their season is still being watched: "unknown" and "later" must look alike, or a
    later episode's list would show through."""
    first = pack.first_appearances().get(character.id)
    return hidden_first_seen(pack, horizon, first, min(character.seasons, default=1))


def hidden_first_seen(pack: Pack, horizon: Horizon, first: str | None, season: int) -> bool:
    """:func:`first_seen_hidden` from its facts (``finder.first_seen_facts``): the id of the episode
    where the character is first seen (None: unknown) and the first season they are in."""
    ep = pack.episode(first) if first else None
    if ep is not None:
        return appears_later(horizon, ep)
    last = pack.last_episode_of(season)
    return last is not None and not horizon.sees(last)


def introduced(pack: Pack, horizon: Horizon, character: Character) -> bool:
    """Has the viewer met this character? Until then the roster gives their name only: their group
    and description would tell what is coming (a commander, a lawmaker)."""
    return horizon.lifted or not first_seen_hidden(pack, horizon, character)


def first_seen_cell(pack: Pack, horizon: Horizon, character: Character) -> Any:
    """``S01E03``, "appears later" (withheld), or None (unknown)."""
    if first_seen_hidden(pack, horizon, character):
        return Styled(_("appears later"), "hidden")
    ep = first_seen(pack, character)
    return ep.code if ep is not None else None


def first_seen_json(pack: Pack, horizon: Horizon, character: Character) -> Any:
    """The JSON of :func:`first_seen_cell`: a code, ``{"hidden": true}`` (never where), or null."""
    if first_seen_hidden(pack, horizon, character):
        return {"hidden": True}
    ep = first_seen(pack, character)
    return ep.code if ep is not None else None


def played_by(pack: Pack, horizon: Horizon, character: Character) -> list[str]:
    seen: list[str] = []
    for credit in pack.actors_of(character.id):
        if not horizon.sees_credit(credit, pack):
            continue
        name = pack.person_name(credit.person)
        if name not in seen:
            seen.append(name)
    return seen


def status_cell(pack: Pack, horizon: Horizon, character: Character) -> Any:
    """What has happened to a character so far (within the horizon)."""
    shown = [
        _("{event} ({episode})").format(event=word(EVENT_WORDS, ev.type), episode=event_code(pack, ev))
        for ev in visible_events(pack, horizon, character)
        if ev.type != "first_appears"
    ]
    marker = fate_marker(pack, horizon)
    if shown and marker:
        return _("{events}; rest {marker}").format(events="; ".join(shown), marker=marker)
    if shown:
        return "; ".join(shown)
    return marker


def scrub_sources(value: Any, horizon: Horizon, pack: Pack) -> Any:
    """``value`` (pack JSON) with the source keys the horizon hides left out of every ``sources`` list,
    and every note that names one left out too (a ``note`` becomes null; an entry whose ``text`` names
    one is dropped from its list)."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            if k in SOURCE_LIST_KEYS:
                out[k] = horizon.source_keys(v, pack)
            elif k == "note" and isinstance(v, str):
                out[k] = horizon.note(v, pack)
            else:
                out[k] = scrub_sources(v, horizon, pack)
        return out
    if isinstance(value, list):
        return [
            scrub_sources(v, horizon, pack)
            for v in value
            if not (isinstance(v, dict) and isinstance(v.get("text"), str) and horizon.note(v["text"], pack) is None)
        ]
    return value


def when_text(entry: dict[str, Any]) -> str:
    """A timeline entry's date: the day, else the month or year in words, else "date unknown"."""
    if entry.get("date"):
        return date_text(entry["date"]) or entry["date"]
    return str(entry.get("when") or _("date unknown"))


def hidden_record(pack: Pack, record: dict[str, Any]) -> Hidden:
    """The marker of a record (a timeline entry) the horizon withholds: until the episode it ``reveals``."""
    ep = pack.episode(str(record.get("reveals")))
    return Hidden(ep.code if ep else "the end")


def timeline_rows(
    pack: Pack, horizon: Horizon, season: Season, cite: Callable[[dict[str, Any]], str] = lambda _entry: ""
) -> list[tuple[str, Any]]:
    """A season's timeline for people, (date, text) per entry; one the horizon withholds shows its
    marker in place of its text. ``cite``: what follows a shown text (its source keys)."""
    return [
        (
            when_text(t),
            t["text"] + cite(t) if horizon.sees_record(t, pack) else Styled(str(hidden_record(pack, t)), "hidden"),
        )
        for t in season.timeline
    ]


def timeline_json(pack: Pack, horizon: Horizon, season: Season) -> list[dict[str, Any]]:
    """A season's timeline as JSON: each entry (hidden source keys left out), or its hidden marker."""
    return [
        scrub_sources(t, horizon, pack) if horizon.sees_record(t, pack) else hidden_record(pack, t).to_json()
        for t in season.timeline
    ]


def season_outlook(pack: Pack, horizon: Horizon, season: Season, today: date) -> dict[str, Any]:
    """What is known about ``season``, as the horizon allows: its status, its release date and the
    days to it (negative once out), the date the data was last checked (the newest dated entry the
    horizon shows) and ``news``, the timeline entries the horizon shows."""
    news = [t for t in season.timeline if horizon.sees_record(t, pack)]
    dated = [t["date"] for t in news if t.get("date")]
    days = None
    if season.release_date:
        days = (date.fromisoformat(season.release_date) - today).days
    return {
        "season": season.number,
        "status": season.status,
        "release_date": season.release_date,
        "days_to_release": days,
        "checked": max(dated) if dated else None,
        "news": news,
    }


def coming_seasons(pack: Pack, horizon: Horizon, today: date) -> list[dict[str, Any]]:
    """:func:`season_outlook` of each season after the last one with episodes, with the texts of its
    two newest news entries. Shown once every episode is seen."""
    last = max((e.season for e in pack.episodes), default=0)
    out = []
    for season in pack.seasons:
        if season.number > last:
            outlook = season_outlook(pack, horizon, season, today)
            out.append(outlook | {"news": [t["text"] for t in outlook["news"][-2:]]})
    return out


def release_text(outlook: dict[str, Any]) -> str:
    """When a season of :func:`season_outlook` comes out: ``out 6 Nov 2026, in 40 days``, ``out
    today``, ``out 28 Jan 2022``, or ``no release date yet``."""
    days, day = outlook["days_to_release"], outlook["release_date"]
    if day is None or days is None:
        return _("no release date yet")
    if days > 0:
        return ngettext("out {date}, in {days} day", "out {date}, in {days} days", days).format(
            date=date_text(day), days=days
        )
    if days == 0:
        return _("out today, {date}").format(date=date_text(day))
    return _("out {date}").format(date=date_text(day))


def coming_blocks(coming: list[dict[str, Any]]) -> list[Any]:
    """:func:`coming_seasons` for people: a heading per season, then its latest news."""
    blocks: list[Any] = []
    for c in coming:
        status = word(STATUS_WORDS, c["status"])
        when = release_text(c)
        sub = _("{status}, {when}").format(status=status, when=when)
        if c["checked"]:
            sub = _("{status}, {when} (as last checked, {date})").format(
                status=status, when=when, date=date_text(c["checked"])
            )
        blocks.append(Heading(season_label(c["season"]), sub))
        blocks.extend(Text("• " + news) for news in c["news"])
    return blocks
