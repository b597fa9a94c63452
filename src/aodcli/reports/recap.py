"""``aod recap``: the story so far, as far as you have watched, and where everyone stands.

The text is the pack's recap told through the furthest episode the horizon sees
(``Season.recaps``: each one is tied to the episode it tells the story through,
so a later one never shows); who has been lost, has turned, is missing or bitten
comes from the same fates ``aod fates`` lists, each character by their latest.
``aod next`` tells the same story as its "previously on" after a break.
"""

from __future__ import annotations

from typing import Any

from ..i18n import N_, _
from ..i18n.formats import short_name_text
from ..output.doc import Doc, Fields, Heading, Hint, Result, Styled, Text
from ..pack.model import Episode, Event, Recap
from ..pack.pack import Pack
from ..spoilers import Horizon
from .common import event_code, fate_events, fate_json, fate_marker

#: Where a character stands after their latest fate: the pack's event type -> the group it puts them in.
STANDING = {
    "dies": "lost",
    "turns": "turned",
    "half_zombie": "turned",
    "presumed_dead": "missing",
    "leaves": "missing",
    "infected": "bitten",
    "survives": "alive",
}
#: The groups, in the order shown, as people read them (the JSON keys of ``standing``).
GROUPS = {
    "lost": N_("Lost"),
    "turned": N_("Turned"),
    "missing": N_("Missing"),
    "bitten": N_("Bitten"),
    "alive": N_("Alive"),
}
#: How a character came into a group that holds several ways in.
HOW = {"half_zombie": N_("half-zombie"), "presumed_dead": N_("presumed dead"), "leaves": N_("separated")}
#: How sure the sources are, when fewer than two agree.
SURE = {"1": N_("one source"), "disputed": N_("disputed")}

Story = tuple[Recap, Episode]


def story_at(pack: Pack, horizon: Horizon, season: int | None = None) -> Story | None:
    """The pack's recap told through the furthest episode ``horizon`` sees (of ``season`` only, when
    given), with that episode; None when the pack has none that far."""
    best: Story | None = None
    for s in pack.seasons:
        if season is not None and s.number != season:
            continue
        for recap in s.recaps:
            ep = pack.episode(recap.episode)
            if ep is not None and horizon.sees(ep) and (best is None or ep.position > best[1].position):
                best = (recap, ep)
    return best


def story_json(pack: Pack, horizon: Horizon, story: Story | None) -> dict[str, Any] | None:
    if story is None:
        return None
    recap, ep = story
    return {
        "id": recap.id,
        "episode": ep.code,
        "paragraphs": list(recap.paragraphs),
        "sources": horizon.source_keys(recap.sources, pack),
    }


def story_blocks(story: Story) -> list[Text]:
    """The recap's paragraphs for people, a blank line between them."""
    blocks: list[Text] = []
    for paragraph in story[0].paragraphs:
        blocks += [Text(""), Text(paragraph)] if blocks else [Text(paragraph)]
    return blocks


def bounded(horizon: Horizon, last: Episode | None) -> Horizon:
    """``horizon`` no further than ``last`` (the end of the season, or the episode asked for)."""
    if last is None:
        return horizon
    return Horizon(position=last.position if horizon.lifted else min(horizon.position, last.position))


def standing(pack: Pack, horizon: Horizon) -> dict[str, list[Event]]:
    """Each character with a fate the horizon sees, in the group their latest one puts them in
    (in the order of those latest fates)."""
    latest: dict[str, Event] = {}
    for ev in fate_events(pack, horizon):
        latest.pop(ev.character, None)
        latest[ev.character] = ev
    groups: dict[str, list[Event]] = {group: [] for group in GROUPS}
    for ev in latest.values():
        groups[STANDING[ev.type]].append(ev)
    return groups


def _entry(pack: Pack, ev: Event) -> str:
    who = pack.characters[ev.character]
    details = [_(HOW[ev.type])] if ev.type in HOW else []
    details.append(event_code(pack, ev))
    if ev.confidence in SURE:
        details.append(_(SURE[ev.confidence]))
    return _("{name} ({details})").format(name=short_name_text(who.name, who.hangul), details=", ".join(details))


def recap(pack: Pack, horizon: Horizon, *, season: int | None = None, through: Episode | None = None) -> Result:
    """The story so far at ``horizon``: up to the end of ``season``, or up to ``through``, when given."""
    bound = bounded(horizon, through or (pack.last_episode_of(season) if season is not None else None))
    furthest = _furthest(pack, bound)
    scope = pack.season_episodes(season) if season is not None else pack.episodes
    seen = furthest is not None and any(bound.sees(ep) for ep in scope)
    story = story_at(pack, bound, season) if seen else None
    groups = standing(pack, bound) if seen else {group: [] for group in GROUPS}
    marker = fate_marker(pack, horizon)

    title = _("{title} — the story so far").format(title=pack.shown_title)
    sub = _("through {episode}").format(episode=story[1].code) if story else horizon.describe(pack)
    doc = Doc().add(Heading(title, sub))
    if not seen or furthest is None:
        doc.add(Text(_nothing_seen(pack, season, horizon)))
        if horizon.position < 0 and not horizon.lifted:
            doc.add(Hint(_("aod next shows where to start; aod watch 1 marks the first episode watched.")))
    else:
        if through is not None and not horizon.sees(through):
            stops = _("You have watched up to {episode}: the story stops there.").format(episode=furthest.code)
            doc.add(Text(stops, "dim"), Text(""))
        if story is not None:
            doc.add(*story_blocks(story))
        else:
            doc.add(Text(_("The data pack has no recap up to {episode} yet.").format(episode=furthest.code), "dim"))
        shown = [(_(GROUPS[g]), ", ".join(_entry(pack, ev) for ev in evs)) for g, evs in groups.items() if evs]
        if shown:
            doc.add(Text(""), Fields(shown))
        if marker:
            doc.add(Text(Styled(_("Anything later: {marker}").format(marker=marker), "hidden")))
        doc.add(Hint(_("aod fates lists what happened to each of them, episode by episode.")))
    data = {
        "show": pack.show_id,
        "spoilers": "shown" if horizon.lifted else "hidden",
        "season": season,
        "through": furthest.code if seen and furthest is not None else None,
        "recap": story_json(pack, bound, story),
        "standing": {g: [fate_json(pack, bound, ev) for ev in evs] for g, evs in groups.items()},
        "later": marker.to_json() if marker else None,
    }
    return Result(doc, data)


def _furthest(pack: Pack, horizon: Horizon) -> Episode | None:
    """The furthest episode ``horizon`` sees (the last one when it is lifted), or None."""
    if horizon.lifted:
        return pack.episodes[-1] if pack.episodes else None
    return pack.episodes[horizon.position] if 0 <= horizon.position < len(pack.episodes) else None


def _nothing_seen(pack: Pack, season: int | None, horizon: Horizon) -> str:
    """Why there is no story to tell yet: nothing watched (of ``season``), or no episodes."""
    if season is not None and not pack.season_episodes(season):
        return _("Season {season} has no episodes yet.").format(season=season)
    if season is not None and horizon.position >= 0:
        return _("You have not watched any of season {season} yet, so it has no story so far.").format(season=season)
    return _("You have not watched anything yet, so there is no story so far.")
