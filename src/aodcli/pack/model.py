"""In-memory model of a validated data pack. Read-only once built."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Alias:
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class Named:
    id: str
    name: str
    family: str | None
    hangul: str | None
    family_hangul: str | None
    aliases: tuple[Alias, ...]
    notes: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Person(Named):
    jobs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Character(Named):
    group: str
    billing: str
    order: int
    description: str
    seasons: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Credit:
    person: str
    character: str | None
    job: str
    season: int
    billing: str
    disputed: bool
    notes: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Season:
    id: str
    number: int
    status: str
    release_date: str | None
    episode_count: int | None
    summary: str | None
    timeline: tuple[dict[str, Any], ...]
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Episode:
    id: str
    season: int
    number: int
    title: str
    release_date: str | None
    runtime: int | None
    runtime_sources: tuple[str, ...]
    directors: tuple[str, ...]
    writers: tuple[str, ...]
    blurb: str
    synopsis: str | None
    characters: tuple[str, ...]
    sources: tuple[str, ...]
    position: int  # 0-based order in the whole show: the spoiler horizon's scale

    @property
    def code(self) -> str:
        return f"S{self.season:02d}E{self.number:02d}"


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    character: str
    type: str
    season: int
    episode: str | None
    text: str
    confidence: str
    sources: tuple[str, ...]


@dataclass(slots=True)
class Pack:
    """A loaded pack with lookups. Build it with ``load_pack``."""

    path: str
    show: dict[str, Any]
    seasons: list[Season]
    episodes: list[Episode]
    people: dict[str, Person]
    characters: dict[str, Character]
    credits: list[Credit]
    events: list[Event]
    sources: dict[str, dict[str, Any]]
    _by_id: dict[str, Episode] = field(default_factory=dict)
    _by_code: dict[tuple[int, int], Episode] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_id = {e.id: e for e in self.episodes}
        self._by_code = {(e.season, e.number): e for e in self.episodes}

    @property
    def show_id(self) -> str:
        return str(self.show["id"])

    @property
    def title(self) -> str:
        return str(self.show["title"]["en"])

    def episode(self, episode_id: str) -> Episode | None:
        return self._by_id.get(episode_id)

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
        return sorted({e.season for e in self.episodes})

    def last_episode_of(self, season: int) -> Episode | None:
        eps = self.season_episodes(season)
        return eps[-1] if eps else None

    def actors_of(self, character_id: str, season: int | None = None) -> list[Credit]:
        return [c for c in self.credits if c.character == character_id and (season is None or c.season == season)]

    def roles_of(self, person_id: str) -> list[Credit]:
        return [c for c in self.credits if c.person == person_id]

    def events_of(self, character_id: str) -> list[Event]:
        return [e for e in self.events if e.character == character_id]

    def person_name(self, person_id: str) -> str:
        p = self.people.get(person_id)
        return p.name if p else person_id
