"""The records of a data pack — people, characters, credits, seasons (and their recaps), episodes, events —
each declared once.

A record class lists its keys once. ``key(spec)`` declares a key of the pack file:
its spec, in the validator's terms (``schema.py``: ``"str?"``, ``"slug"``,
``("list", "slug")``, a record class for a nested object…), and whether the
file must have it (a key with a ``default`` may be left out; the record then
holds the default). ``derived()`` declares a field that is not in the file but
computed when the record is built (an episode's ``code`` and ``position``).
From these declarations come the schema (``schema.EPISODE`` …), the building of
records from a file (``build.py``, by keyword; every list becomes a tuple) and
the key sets below, which the reports, the tests and docs/data-format.md use.
An episode's keys also say where ``--json`` prints them (``json=``) and whether
they are spoilers (``spoiler=True``: hidden until the episode is watched).

Adding an optional key to episodes is one line here, e.g.
``rating_kr: str | None = key("str?", default=None, json="listing")``.

Nothing changes a record once built, but the classes are not ``frozen``: a frozen
dataclass sets each field through ``object.__setattr__``, which makes building
the 1,000 episodes of a large pack about three times slower.
"""

from __future__ import annotations

import sys
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, Literal, TypeVar

if sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # pragma: no cover - only a marker for type checkers

    def dataclass_transform(**_: Any) -> Any:
        return lambda decorated: decorated


#: A value spec in the validator's language (``schema.check``).
Spec = Any
#: Where ``aod episodes --json`` / ``aod episode --json`` print an episode's key:
#: ``"listing"`` in every episode object (both commands), ``"page"`` only on ``aod episode``.
Shown = Literal["listing", "page"]

R = TypeVar("R")


def key(spec: Spec, *, default: Any = MISSING, json: Shown | None = None, spoiler: bool = False) -> Any:
    """A key of the pack file, checked against ``spec``; required unless it has a ``default``."""
    return field(default=default, metadata={"spec": spec, "json": json, "spoiler": spoiler})


def derived(*, json: Shown | None = None) -> Any:
    """A field computed when the record is built, not read from the file."""
    return field(metadata={"json": json})


@dataclass_transform(kw_only_default=True, field_specifiers=(key, derived))
def record(cls: type[R]) -> type[R]:
    """A pack record class: a slotted dataclass built by keyword only."""
    return dataclass(slots=True, kw_only=True)(cls)


def file_keys(cls: type) -> tuple[str, ...]:
    """The keys of ``cls``'s records in the pack file, in declaration order."""
    return tuple(f.name for f in fields(cls) if "spec" in f.metadata)


def json_keys(cls: type, *shown: Shown) -> tuple[str, ...]:
    """The fields of ``cls`` printed where ``shown`` says, in declaration order."""
    return tuple(f.name for f in fields(cls) if f.metadata.get("json") in shown)


# ---- the records ------------------------------------------------------------

JOBS = ("actor", "director", "writer", "creator", "author", "producer")
GROUPS = (
    "class-2-5",
    "students",
    "teachers",
    "family",
    "police",
    "military",
    "government",
    "rescue",
    "civilians",
    "online",
)
BILLING = ("enum", ("main", "supporting"))
EVENT_TYPES = (
    "first_appears",
    "infected",
    "turns",
    "half_zombie",
    "dies",
    "presumed_dead",
    "leaves",
    "survives",
)
#: A season's timeline entry; kept as the parsed object (the reports read it as JSON).
DATED = {
    "date": ("date?", True),
    "when": ("str?", False),
    "text": ("text", True),
    "sources": ("sources", True),
    "reveals": ("slug?", False),
}


@record
class Alias:
    name: str = key("text")
    kind: str = key(("enum", ("spelling", "stage", "legal", "hangul", "short", "error")))
    sources: tuple[str, ...] = key("sources", default=())


@record
class Named:
    """The name block people and characters share."""

    id: str = key("slug")
    name: str = key("text")
    family: str | None = key("str?")
    hangul: str | None = key("str?")
    family_hangul: str | None = key("str?")
    aliases: tuple[Alias, ...] = key(("list", Alias))
    notes: str | None = key("str?", default=None)
    sources: tuple[str, ...] = key("sources")


@record
class Person(Named):
    jobs: tuple[str, ...] = key(("list", ("enum", JOBS)))


@record
class Character(Named):
    group: str = key(("enum", GROUPS))
    billing: str = key(BILLING)
    order: int = key("int")
    description: str = key("text")
    seasons: tuple[int, ...] = key(("list", "int"))


@record
class Credit:
    person: str = key("slug")
    character: str | None = key("slug?")
    job: str = key(("enum", JOBS))
    season: int = key("int")
    billing: str = key(BILLING)
    disputed: bool = key("bool", default=False)
    notes: str | None = key("str?", default=None)
    sources: tuple[str, ...] = key("sources")


@record
class Recap:
    """The story so far, told through one episode of its season (``aod recap``, and ``aod next``'s
    "previously on"): hidden until that episode is watched, so it tells nothing after it."""

    id: str = key("slug")
    episode: str = key("slug")  # the episode it tells the story through (the spoiler horizon's tie)
    paragraphs: tuple[str, ...] = key(("list", "text"))  # a few short ones; pack texts hold no line breaks
    sources: tuple[str, ...] = key("sources")


@record
class Season:
    id: str = key("slug")
    number: int = key("int")
    status: str = key(("enum", ("released", "announced", "filming", "post-production")))
    release_date: str | None = key("date?")
    episode_count: int | None = key("int?")
    summary: str | None = key("str?", default=None)
    timeline: tuple[dict[str, Any], ...] = key(("list", ("obj", DATED)), default=())
    recaps: tuple[Recap, ...] = key(("list", Recap), default=())
    sources: tuple[str, ...] = key("sources")


@record
class Episode:
    id: str = key("slug", json="listing")
    code: str = derived(json="listing")  # S01E03, from season and number
    season: int = key("int", json="listing")
    number: int = key("int", json="listing")
    title: str = key("text", json="listing")
    release_date: str | None = key("date?", json="listing")
    runtime: int | None = key("int?", json="listing")
    runtime_sources: tuple[str, ...] = key("sources", default=(), json="page")
    directors: tuple[str, ...] = key(("list", "slug"), json="page")
    writers: tuple[str, ...] = key(("list", "slug"), json="page")
    blurb: str = key("text", json="listing")
    synopsis: str | None = key("str?", json="listing", spoiler=True)
    characters: tuple[str, ...] = key(("list", "slug"), json="page", spoiler=True)
    sources: tuple[str, ...] = key("sources", json="page")
    position: int = derived()  # 0-based order in the whole show: the spoiler horizon's scale


@record
class Event:
    id: str = key("slug")
    character: str = key("slug")
    type: str = key(("enum", EVENT_TYPES))
    season: int = key("int")
    episode: str | None = key("slug?")
    text: str = key("text")
    confidence: str = key(("enum", ("2+", "1", "disputed")))
    sources: tuple[str, ...] = key("sources")
    reveals: str | None = key("slug?", default=None)  # a later episode where the viewer learns what it is


# ---- key sets ----------------------------------------------------------------

#: The keys of an episode in episodes.json.
EPISODE_KEYS = file_keys(Episode)
#: The episode's own keys in every episode object ``aod episodes --json`` and ``aod episode --json``
#: print, in their order (the viewer's progress follows them: ``reports/episodes.py``).
EPISODE_LISTING_JSON_KEYS = json_keys(Episode, "listing")
#: The episode's own keys ``aod episode --json`` prints (the listing's and the page's).
EPISODE_JSON_KEYS = json_keys(Episode, "listing", "page")
#: The episode's keys hidden until the episode is watched.
EPISODE_SPOILER_KEYS = tuple(f.name for f in fields(Episode) if f.metadata.get("spoiler"))
PERSON_KEYS = file_keys(Person)
CHARACTER_KEYS = file_keys(Character)
CREDIT_KEYS = file_keys(Credit)
SEASON_KEYS = file_keys(Season)
EVENT_KEYS = file_keys(Event)
