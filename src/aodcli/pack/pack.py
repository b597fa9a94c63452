"""``Pack``: one show's data with lookups, each file loaded on first use."""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable
from typing import Any, cast

from ..packfacts import show_title
from . import build
from .model import Character, Credit, Episode, Event, Person, Season


class Pack:
    """A data pack with lookups. Build it with ``load_pack``.

    Each file is read and turned into model objects on first use, so a command
    pays only for the parts of the pack it shows.
    """

    def __init__(
        self,
        path: str,
        read: Callable[[str], Any],
        key: str | None = None,
        english: Callable[[str], Any] | None = None,
    ) -> None:
        self.path = path
        #: The pack's cache key (``cachekeys.pack_key``), which the caches built from it are keyed by;
        #: None when the pack's files could not all be stat'ed (then nothing is cached).
        self.key = key
        self._read = read  # file name -> parsed (and, on a first load, validated) content
        #: The files as they are, in English, when ``read`` gives them in another language.
        self.english = english or read
        self._memo: dict[str, Any] = {}

    def raw(self, name: str) -> Any:
        """The parsed content of the pack file ``name`` (as the model is built from)."""
        return self._read(name)

    def _part(self, name: str, build: Callable[[Any], Any]) -> Any:
        if name not in self._memo:
            self._memo[name] = build(self._read(name))
        return self._memo[name]

    @property
    def show(self) -> dict[str, Any]:
        return cast(dict[str, Any], self._part("show.json", lambda raw: raw))

    @property
    def seasons(self) -> list[Season]:
        return cast(list[Season], self._part("seasons.json", build.seasons))

    @property
    def episodes(self) -> list[Episode]:
        return cast(list[Episode], self._part("episodes.json", build.episodes))

    @property
    def people(self) -> dict[str, Person]:
        return cast(dict[str, Person], self._part("people.json", build.people))

    @property
    def characters(self) -> dict[str, Character]:
        return cast(dict[str, Character], self._part("characters.json", build.characters))

    @property
    def credits(self) -> list[Credit]:
        return cast(list[Credit], self._part("credits.json", build.credits))

    @property
    def events(self) -> list[Event]:
        return cast(list[Event], self._part("events.json", build.events))

    @property
    def sources(self) -> dict[str, dict[str, Any]]:
        return cast(dict[str, dict[str, Any]], self._part("sources.json", lambda raw: raw))

    @property
    def _by_id(self) -> dict[str, Episode]:
        if "_by_id" not in self._memo:
            self._memo["_by_id"] = {e.id: e for e in self.episodes}
        return cast(dict[str, Episode], self._memo["_by_id"])

    @property
    def _by_code(self) -> dict[tuple[int, int], Episode]:
        if "_by_code" not in self._memo:
            self._memo["_by_code"] = {(e.season, e.number): e for e in self.episodes}
        return cast(dict[tuple[int, int], Episode], self._memo["_by_code"])

    @property
    def show_id(self) -> str:
        return str(self.show["id"])

    @property
    def title(self) -> str:
        return show_title(self.show)

    @property
    def shown_title(self) -> str:
        """The show's title in the interface language (its English title when the pack has none)."""
        from ..i18n import language

        titles = self.show["title"]
        shown = titles.get(language()) if isinstance(titles, dict) else None
        return shown if isinstance(shown, str) and shown else self.title

    def episode(self, episode_id: str) -> Episode | None:
        return self._by_id.get(episode_id)

    def furthest(self, ids: Iterable[str]) -> Episode | None:
        """The furthest in show order of the episodes ``ids`` (ids it does not have count for nothing)."""
        found = [ep for ep in map(self._by_id.get, ids) if ep is not None]
        return max(found, key=lambda ep: ep.position, default=None)

    def episode_ids(self) -> Container[str]:
        """Every episode id, for fast membership tests."""
        return self._by_id.keys()

    def episode_at(self, season: int, number: int) -> Episode | None:
        return self._by_code.get((season, number))

    def season(self, number: int) -> Season | None:
        for s in self.seasons:
            if s.number == number:
                return s
        return None

    def season_episodes(self, number: int) -> list[Episode]:
        return [e for e in self.episodes if e.season == number]

    def seasons_with_episodes(self) -> list[int]:
        if "_seasons_with_episodes" not in self._memo:  # asked once per credit by the spoiler horizon
            self._memo["_seasons_with_episodes"] = sorted({e.season for e in self.episodes})
        return list(self._memo["_seasons_with_episodes"])

    def last_episode_of(self, season: int) -> Episode | None:
        eps = self.season_episodes(season)
        return eps[-1] if eps else None

    def actors_of(self, character_id: str, season: int | None = None) -> list[Credit]:
        return [c for c in self.credits if c.character == character_id and (season is None or c.season == season)]

    def roles_of(self, person_id: str) -> list[Credit]:
        return [c for c in self.credits if c.person == person_id]

    def events_of(self, character_id: str) -> list[Event]:
        if "_events_by_character" not in self._memo:
            index: dict[str, list[Event]] = {}
            for ev in self.events:
                index.setdefault(ev.character, []).append(ev)
            self._memo["_events_by_character"] = index
        return list(self._memo["_events_by_character"].get(character_id, ()))

    def first_appearances(self) -> dict[str, str]:
        """Character id -> id of the earliest episode where they are seen: their ``first_appears``
        event or an episode whose list names them, whichever comes first (so a later record
        never hides an earlier one)."""
        if "_first_appearances" not in self._memo:
            first: dict[str, Episode] = {}

            def seen(character: str, episode: Episode | None) -> None:
                if episode is not None and (character not in first or episode.position < first[character].position):
                    first[character] = episode

            for ev in self.events:
                if ev.type == "first_appears" and ev.episode:
                    seen(ev.character, self.episode(ev.episode))
            for ep in self.episodes:
                for char in ep.characters:
                    seen(char, ep)
            self._memo["_first_appearances"] = {c: ep.id for c, ep in first.items()}
        return cast(dict[str, str], self._memo["_first_appearances"])

    def person_name(self, person_id: str) -> str:
        p = self.people.get(person_id)
        return p.name if p else person_id
