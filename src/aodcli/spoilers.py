"""The spoiler horizon: what a profile may see.

The horizon is the furthest episode the profile has watched (by position in
the show). Anything tied to a later episode is hidden and marked with the
episode that reveals it. An event whose episode is unknown is revealed only
once its whole season is watched. ``--spoilers`` lifts the horizon.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .i18n import _
from .pack.model import Character, Credit, Episode, Event
from .pack.pack import Pack


@dataclass(frozen=True, slots=True)
class Hidden:
    """A value withheld by the horizon; ``until`` is the episode code that reveals it."""

    until: str

    def __str__(self) -> str:
        """The marker as people read it. ``until`` is an episode code, or (for an event whose
        episode is unknown) ``season N``, or ``the end``: the JSON keeps those words as they are."""
        if self.until.startswith("season ") and self.until[7:].isdigit():
            return _("hidden until season {season}").format(season=int(self.until[7:]))
        if self.until == "the end":
            return _("hidden until the end")
        return _("hidden until {episode}").format(episode=self.until)

    def to_json(self) -> dict[str, object]:
        return {"hidden": True, "until": self.until}


@dataclass(frozen=True, slots=True)
class Horizon:
    position: int = -1  # position of the furthest watched episode; -1: none
    lifted: bool = False

    @classmethod
    def everything(cls) -> Horizon:
        return cls(position=-1, lifted=True)

    @classmethod
    def of_watched(cls, pack: Pack, watched: Iterable[str]) -> Horizon:
        """The horizon of a profile that watched the episodes ``watched`` (ids): the furthest of
        them in ``pack`` (ids the pack does not have count for nothing)."""
        far = pack.furthest(watched)
        return cls(position=far.position if far else -1)

    def sees(self, episode: Episode) -> bool:
        return self.lifted or episode.position <= self.position

    def reveal_episode(self, event: Event, pack: Pack) -> Episode | None:
        """The episode that reveals ``event``: its own (or its season's last), or the later
        episode where the viewer learns what it is (``reveals``: until then its type is a
        spoiler even where its text is careful)."""
        own = pack.episode(event.episode) if event.episode is not None else pack.last_episode_of(event.season)
        later = pack.episode(event.reveals) if event.reveals else None
        if own is None or later is None:
            return own or later
        return later if later.position > own.position else own

    def sees_event(self, event: Event, pack: Pack) -> bool:
        if self.lifted:
            return True
        ep = self.reveal_episode(event, pack)
        return ep is not None and self.sees(ep)

    def hidden_event(self, event: Event, pack: Pack) -> Hidden:
        ep = self.reveal_episode(event, pack)
        return Hidden(ep.code if ep else f"season {event.season}")

    # ---- later seasons: who returns is a spoiler of the season before --------

    def season_gate(self, season: int, pack: Pack) -> Episode | None:
        """The episode that reveals facts about ``season`` (None: no gate).

        A fact about a later season (who returns, a credit, a note) tells how
        the seasons before it end, so it waits for the last episode of the
        nearest earlier season that has episodes.
        """
        earlier = [n for n in pack.seasons_with_episodes() if n < season]
        return pack.last_episode_of(earlier[-1]) if earlier else None

    def sees_season(self, season: int, pack: Pack) -> bool:
        gate = self.season_gate(season, pack)
        return gate is None or self.sees(gate)

    def sees_credit(self, credit: Credit, pack: Pack) -> bool:
        """A credit is hidden when it tells that someone from an earlier season returns.

        A new character played by someone new is no spoiler; a returning actor
        or character is, until the season before has been watched. Crew
        credits are never hidden.
        """
        if self.lifted or credit.job != "actor" or self.sees_season(credit.season, pack):
            return True  # who directs or writes a later season tells nothing of the story
        earlier = [c for c in pack.roles_of(credit.person) if c.season < credit.season and c.job == "actor"]
        if credit.character is not None:
            earlier += [c for c in pack.actors_of(credit.character) if c.season < credit.season]
            char = pack.characters.get(credit.character)
            if char is not None and any(n < credit.season for n in char.seasons):
                return False
        return not earlier

    def seasons_of(self, character: Character, pack: Pack) -> list[int]:
        """The seasons of ``character`` this horizon may know of (the first always)."""
        if self.lifted or not character.seasons:
            return list(character.seasons)
        first = min(character.seasons)
        return [n for n in character.seasons if n == first or self.sees_season(n, pack)]

    def later_seasons(self, pack: Pack, season: int = 1) -> Hidden | None:
        """The one marker for what later seasons hold for anyone of ``season``.

        Like the fate marker, it is the same for everyone (returning or not),
        so its presence tells nothing.
        """
        if self.lifted:
            return None
        for s in pack.seasons:
            gate = self.season_gate(s.number, pack) if s.number > season else None
            if gate is not None and not self.sees(gate):
                return Hidden(gate.code)
        return None

    # ---- sources -----------------------------------------------------------

    def source_gate(self, key: str, pack: Pack) -> Episode | None:
        """The latest episode a source's title or address gives away (None: spoiler-free)."""
        reveals = (pack.sources.get(key) or {}).get("reveals")
        return pack.episode(reveals) if reveals else None

    def sees_source(self, key: str, pack: Pack) -> bool:
        gate = self.source_gate(key, pack)
        return gate is None or self.sees(gate)

    def source_keys(self, keys: object, pack: Pack) -> list[str]:
        """The keys of ``keys`` whose sources this horizon may see (the others are left out)."""
        if not isinstance(keys, (list, tuple)):
            return []
        return [k for k in keys if isinstance(k, str) and self.sees_source(k, pack)]

    def note(self, text: str | None, pack: Pack) -> str | None:
        """A note as this horizon may show it: None when it names a source key the horizon hides
        (a note is tied to what it discusses, and a hidden source's key is one such thing)."""
        if not text or self.lifted:
            return text
        import re

        keys = re.findall(r"\b[SNX][0-9]+[a-z]?\b", text)
        return None if any(k in pack.sources and not self.sees_source(k, pack) for k in keys) else text

    def sees_record(self, record: dict[str, object], pack: Pack) -> bool:
        """A pack record with an optional ``reveals`` episode id (a timeline entry…)."""
        reveals = record.get("reveals")
        if not reveals or not isinstance(reveals, str):
            return True
        ep = pack.episode(reveals)
        return ep is None or self.sees(ep)

    def describe(self, pack: Pack) -> str:
        if self.lifted:
            return _("spoilers shown (--spoilers)")
        if self.position < 0:
            return _("nothing watched yet: all spoilers hidden")
        return _("spoilers hidden after {episode}").format(episode=pack.episodes[self.position].code)
