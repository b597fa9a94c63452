"""The records of a data pack: people, characters, episodes, events… Read-only.

Nothing changes a record once built, but the classes are not ``frozen``: a frozen
dataclass sets each field through ``object.__setattr__``, which makes building
the 1,000 episodes of a large pack about three times slower.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..leanpack import episode_code


@dataclass(slots=True)
class Alias:
    name: str
    kind: str


@dataclass(slots=True)
class Named:
    id: str
    name: str
    family: str | None
    hangul: str | None
    family_hangul: str | None
    aliases: tuple[Alias, ...]
    notes: str | None
    sources: tuple[str, ...]


@dataclass(slots=True)
class Person(Named):
    jobs: tuple[str, ...]


@dataclass(slots=True)
class Character(Named):
    group: str
    billing: str
    order: int
    description: str
    seasons: tuple[int, ...]


@dataclass(slots=True)
class Credit:
    person: str
    character: str | None
    job: str
    season: int
    billing: str
    disputed: bool
    notes: str | None
    sources: tuple[str, ...]


@dataclass(slots=True)
class Season:
    id: str
    number: int
    status: str
    release_date: str | None
    episode_count: int | None
    summary: str | None
    timeline: tuple[dict[str, Any], ...]
    sources: tuple[str, ...]


@dataclass(slots=True)
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
        return episode_code(self.season, self.number)


@dataclass(slots=True)
class Event:
    id: str
    character: str
    type: str
    season: int
    episode: str | None
    text: str
    confidence: str
    sources: tuple[str, ...]
    reveals: str | None = None  # a later episode where the viewer learns what it is (its type, its label)
