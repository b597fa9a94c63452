"""Whole-pack checks: unique ids, and every reference resolves.

Runs on the parsed, schema-checked files (``load.read_file``). Each problem is
a ``PackError`` naming the file and the JSON path.
"""

from __future__ import annotations

from typing import Any

from ..i18n import N_, _, ngettext
from . import schema


def check_pack(raw: dict[str, Any]) -> None:
    show = raw["show.json"]
    if show["format"] != schema.FORMAT_VERSION:
        problem = _("format {format} is not supported (this aodcli reads format {supported}); upgrade aodcli")
        raise schema.fail("show.json", "format", problem.format(format=show["format"], supported=schema.FORMAT_VERSION))
    sources = raw["sources.json"]
    if not isinstance(sources, dict):
        raise schema.fail("sources.json", "sources", _("expected an object of source keys"))
    for key, value in sources.items():
        try:
            schema.check_object(value, schema.SOURCE, f"sources.{key}")
        except schema.Invalid as err:
            raise schema.fail("sources.json", err.path, err.problem) from None
    refs = _Refs(sources)

    seasons = raw["seasons.json"]
    _unique(seasons, "seasons.json", "seasons")
    numbers: set[int] = set()
    for i, s in enumerate(seasons):
        where = f"seasons[{i}]"
        if s["number"] < 1 or s["number"] in numbers:
            raise schema.fail("seasons.json", f"{where}.number", _("must be unique and at least 1"))
        numbers.add(s["number"])
        refs.sources("seasons.json", where, s)
        for j, item in enumerate(s.get("timeline") or []):
            refs.sources("seasons.json", f"{where}.timeline[{j}]", item)

    people = _unique(raw["people.json"], "people.json", "people")
    for i, p in enumerate(raw["people.json"]):
        refs.sources("people.json", f"people[{i}]", p)
    characters = _unique(raw["characters.json"], "characters.json", "characters")
    for i, c in enumerate(raw["characters.json"]):
        where = f"characters[{i}]"
        refs.sources("characters.json", where, c)
        for j, n in enumerate(c["seasons"]):
            if n not in numbers:
                raise schema.fail("characters.json", f"{where}.seasons[{j}]", _("no season {season}").format(season=n))

    episodes = raw["episodes.json"]
    episode_season = {}
    _unique(episodes, "episodes.json", "episodes")
    slots: set[tuple[int, int]] = set()
    for i, e in enumerate(episodes):
        where = f"episodes[{i}]"
        if e["season"] not in numbers:
            problem = _("no season {season} in seasons.json").format(season=e["season"])
            raise schema.fail("episodes.json", f"{where}.season", problem)
        if e["number"] < 1 or (e["season"], e["number"]) in slots:
            raise schema.fail("episodes.json", f"{where}.number", _("must be unique in its season and at least 1"))
        slots.add((e["season"], e["number"]))
        episode_season[e["id"]] = e["season"]
        refs.sources("episodes.json", where, e)
        refs.sources("episodes.json", where, e, key="runtime_sources")
        for key in ("directors", "writers"):
            refs.ids("episodes.json", f"{where}.{key}", e[key], people, "person")
        refs.ids("episodes.json", f"{where}.characters", e["characters"], characters, "character")
    for i, s in enumerate(seasons):
        count = sum(1 for season in episode_season.values() if season == s["number"])
        if s["status"] == "released" and s["episode_count"] not in (None, count):
            said = s["episode_count"]
            problem = ngettext(
                "says {count} episode but episodes.json lists {listed}",
                "says {count} episodes but episodes.json lists {listed}",
                said,
            ).format(count=said, listed=count)
            raise schema.fail("seasons.json", f"seasons[{i}].episode_count", problem)

    _recaps(seasons, episode_season, refs)

    for key, value in sources.items():
        _reveals("sources.json", f"sources.{key}", value, episode_season)
    for i, s in enumerate(seasons):
        for j, item in enumerate(s.get("timeline") or []):
            _reveals("seasons.json", f"seasons[{i}].timeline[{j}]", item, episode_season)
    for i, ev in enumerate(raw["events.json"]):
        _reveals("events.json", f"events[{i}]", ev, episode_season)

    for i, c in enumerate(raw["credits.json"]):
        where = f"credits[{i}]"
        refs.sources("credits.json", where, c)
        refs.one("credits.json", f"{where}.person", c["person"], people, "person")
        if c["character"] is not None:
            refs.one("credits.json", f"{where}.character", c["character"], characters, "character")
        if c["season"] not in numbers:
            raise schema.fail("credits.json", f"{where}.season", _("no season {season}").format(season=c["season"]))

    _unique(raw["events.json"], "events.json", "events")
    for i, ev in enumerate(raw["events.json"]):
        where = f"events[{i}]"
        refs.sources("events.json", where, ev)
        refs.one("events.json", f"{where}.character", ev["character"], characters, "character")
        if ev["season"] not in numbers:
            raise schema.fail("events.json", f"{where}.season", _("no season {season}").format(season=ev["season"]))
        if ev["episode"] is not None:
            if ev["episode"] not in episode_season:
                problem = _("no episode {episode!r}").format(episode=ev["episode"])
                raise schema.fail("events.json", f"{where}.episode", problem)
            if episode_season[ev["episode"]] != ev["season"]:
                problem = _("episode {episode} is in season {season}")
                problem = problem.format(episode=ev["episode"], season=episode_season[ev["episode"]])
                raise schema.fail("events.json", f"{where}.season", problem)

    for key in ("directors", "writers", "creators"):
        refs.ids("show.json", key, show.get(key) or [], people, "person")
    work = show.get("source_work")
    if work and work.get("author"):
        refs.one("show.json", "source_work.author", work["author"], people, "person")
    for i, award in enumerate(show.get("awards") or []):
        if award.get("person"):
            refs.one("show.json", f"awards[{i}].person", award["person"], people, "person")
    _unique(show.get("terms") or [], "show.json", "terms")
    for i, term in enumerate(show.get("terms") or []):
        if term["episode"] is not None and term["episode"] not in episode_season:
            raise schema.fail(
                "show.json", f"terms[{i}].episode", _("no episode {episode!r}").format(episode=term["episode"])
            )
    refs.nested_sources("show.json", show)


def _recaps(seasons: list[dict[str, Any]], episodes: dict[str, int], refs: _Refs) -> None:
    """A season's recaps: ids unique in the pack, each told through an episode of that season (one
    recap per episode), with at least one paragraph and sources that exist."""
    ids: set[str] = set()
    for i, s in enumerate(seasons):
        told: set[str] = set()
        for j, recap in enumerate(s.get("recaps") or []):
            where = f"seasons[{i}].recaps[{j}]"
            refs.sources("seasons.json", where, recap)
            if recap["id"] in ids:
                raise schema.fail("seasons.json", f"{where}.id", _("duplicate id {id!r}").format(id=recap["id"]))
            ids.add(recap["id"])
            if episodes.get(recap["episode"]) != s["number"]:
                problem = _("no episode {episode!r} in season {season}").format(
                    episode=recap["episode"], season=s["number"]
                )
                raise schema.fail("seasons.json", f"{where}.episode", problem)
            if recap["episode"] in told:
                problem = _("a second recap through episode {episode!r}").format(episode=recap["episode"])
                raise schema.fail("seasons.json", f"{where}.episode", problem)
            told.add(recap["episode"])
            if not recap["paragraphs"]:
                raise schema.fail("seasons.json", f"{where}.paragraphs", _("must not be empty"))


def _reveals(file: str, where: str, record: dict[str, Any], episodes: dict[str, int]) -> None:
    """``reveals`` names the latest episode a record gives away: it must be an episode of the pack."""
    if record.get("reveals") is not None and record["reveals"] not in episodes:
        raise schema.fail(file, f"{where}.reveals", _("no episode {episode!r}").format(episode=record["reveals"]))


def _unique(items: list[dict[str, Any]], file: str, key: str) -> dict[str, int]:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if item["id"] in seen:
            raise schema.fail(file, f"{key}[{i}].id", _("duplicate id {id!r}").format(id=item["id"]))
        seen[item["id"]] = i
    return seen


#: What an id that names nothing is called, by the kind of record it should name.
UNKNOWN_ID = {"person": N_("unknown person id {id!r}"), "character": N_("unknown character id {id!r}")}


class _Refs:
    """Checks that source keys and ids point at something that exists."""

    def __init__(self, sources: dict[str, Any]) -> None:
        self._sources = sources

    def sources(self, file: str, where: str, record: dict[str, Any], key: str = "sources") -> None:
        for j, src in enumerate(record.get(key) or []):
            if src not in self._sources:
                path = f"{where}.{key}[{j}]" if where else f"{key}[{j}]"
                problem = _("unknown source key {key!r} (add it to sources.json)").format(key=src)
                raise schema.fail(file, path, problem)

    def nested_sources(self, file: str, value: Any, where: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                path = f"{where}.{k}" if where else k
                if k == "sources" and isinstance(v, list):
                    self.sources(file, where, value)
                else:
                    self.nested_sources(file, v, path)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                self.nested_sources(file, v, f"{where}[{i}]")

    @staticmethod
    def ids(file: str, where: str, values: list[str], table: dict[str, Any], kind: str) -> None:
        for j, value in enumerate(values):
            if value not in table:
                raise schema.fail(file, f"{where}[{j}]", _(UNKNOWN_ID[kind]).format(id=value))

    @staticmethod
    def one(file: str, where: str, value: str, table: dict[str, Any], kind: str) -> None:
        if value not in table:
            raise schema.fail(file, where, _(UNKNOWN_ID[kind]).format(id=value))
