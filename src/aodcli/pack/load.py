"""Find, read and validate a data pack folder; build the model.

Resolution order: ``--show PATH``, then ``AOD_SHOW``, then the bundled default
named by ``data/packs.json``. Every problem is a ``PackError`` naming the file,
the JSON path inside it and what is wrong.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..errors import PackError
from . import schema
from .model import Alias, Character, Credit, Episode, Event, Pack, Person, Season

MAX_FILE_BYTES = 64 * 1024 * 1024


def resolve_pack_dir(show: str | None = None) -> Path:
    """The pack folder to load: ``show``, ``$AOD_SHOW`` or the bundled default."""
    chosen = show or os.environ.get("AOD_SHOW") or None
    if chosen:
        path = Path(chosen).expanduser()
        if path.is_file() and path.name == "show.json":
            path = path.parent
        if not path.is_dir():
            raise PackError(f"data pack not found: {chosen} is not a folder (check --show/AOD_SHOW)")
        return path
    from ..paths import bundled_data_dir

    base = bundled_data_dir()
    index = _read_json(base / "packs.json", "packs.json")
    default = index.get("default") if isinstance(index, dict) else None
    if not isinstance(default, str) or not default or "/" in default or default.startswith("."):
        raise schema.fail("packs.json", "default", "expected the name of a pack folder")
    return base / default


def _read_json(path: Path, label: str) -> Any:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise schema.fail(label, "", f"file is larger than {MAX_FILE_BYTES} bytes")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PackError(f"invalid data pack: {label} is missing ({path})") from None
    except OSError as err:
        raise PackError(f"cannot read data pack file {path}: {err.strerror or err}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise schema.fail(label, "", f"not UTF-8 (byte {err.start})") from None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as err:
        raise schema.fail(label, "", f"not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})") from None
    except (ValueError, RecursionError) as err:
        raise schema.fail(label, "", f"not valid JSON ({err})") from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def load_pack(show: str | None = None) -> Pack:
    """Load and validate the pack chosen by ``show`` / ``AOD_SHOW`` / the default."""
    folder = resolve_pack_dir(show)
    raw: dict[str, Any] = {}
    for name, (key, spec) in schema.FILES.items():
        doc = _read_json(folder / name, name)
        try:
            if key is None:
                schema.check(doc, spec, "")
                raw[name] = doc
            else:
                schema.check_object(doc, {key: (spec, True)}, "")
                raw[name] = doc[key]
        except schema.Invalid as err:
            raise schema.fail(name, err.path, err.problem) from None
    return _build(str(folder), raw)


def _tup(values: Any) -> tuple[str, ...]:
    return tuple(values or ())


def _named(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": d["id"],
        "name": d["name"],
        "family": d["family"],
        "hangul": d["hangul"],
        "family_hangul": d["family_hangul"],
        "aliases": tuple(Alias(a["name"], a["kind"]) for a in d["aliases"]),
        "notes": d.get("notes"),
        "sources": _tup(d["sources"]),
    }


def _unique(items: list[dict[str, Any]], file: str, key: str) -> dict[str, int]:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if item["id"] in seen:
            raise schema.fail(file, f"{key}[{i}].id", f"duplicate id {item['id']!r}")
        seen[item["id"]] = i
    return seen


def _build(path: str, raw: dict[str, Any]) -> Pack:
    show = raw["show.json"]
    if show["format"] != schema.FORMAT_VERSION:
        raise schema.fail(
            "show.json",
            "format",
            f"format {show['format']} is not supported (this aodcli reads format "
            f"{schema.FORMAT_VERSION}); upgrade aodcli",
        )
    sources = raw["sources.json"]
    if not isinstance(sources, dict):
        raise schema.fail("sources.json", "sources", "expected an object of source keys")
    for key, value in sources.items():
        try:
            schema.check_object(value, schema.SOURCE, f"sources.{key}")
        except schema.Invalid as err:
            raise schema.fail("sources.json", err.path, err.problem) from None

    refs = _Refs(sources)
    refs.sources("show.json", "", show)
    seasons_raw = raw["seasons.json"]
    _unique(seasons_raw, "seasons.json", "seasons")
    numbers: set[int] = set()
    seasons: list[Season] = []
    for i, s in enumerate(seasons_raw):
        where = f"seasons[{i}]"
        if s["number"] < 1 or s["number"] in numbers:
            raise schema.fail("seasons.json", f"{where}.number", "must be unique and at least 1")
        numbers.add(s["number"])
        refs.sources("seasons.json", where, s)
        for j, item in enumerate(s.get("timeline") or []):
            refs.sources("seasons.json", f"{where}.timeline[{j}]", item)
        seasons.append(
            Season(
                s["id"],
                s["number"],
                s["status"],
                s["release_date"],
                s["episode_count"],
                s.get("summary"),
                tuple(s.get("timeline") or ()),
                _tup(s["sources"]),
            )
        )
    seasons.sort(key=lambda s: s.number)

    people_raw = raw["people.json"]
    _unique(people_raw, "people.json", "people")
    people = {}
    for i, p in enumerate(people_raw):
        refs.sources("people.json", f"people[{i}]", p)
        people[p["id"]] = Person(**_named(p), jobs=_tup(p["jobs"]))
    chars_raw = raw["characters.json"]
    _unique(chars_raw, "characters.json", "characters")
    characters = {}
    for i, c in enumerate(chars_raw):
        where = f"characters[{i}]"
        refs.sources("characters.json", where, c)
        for j, n in enumerate(c["seasons"]):
            if n not in numbers:
                raise schema.fail("characters.json", f"{where}.seasons[{j}]", f"no season {n}")
        characters[c["id"]] = Character(
            **_named(c),
            group=c["group"],
            billing=c["billing"],
            order=c["order"],
            description=c["description"],
            seasons=tuple(c["seasons"]),
        )

    eps_raw = raw["episodes.json"]
    _unique(eps_raw, "episodes.json", "episodes")
    slots: set[tuple[int, int]] = set()
    for i, e in enumerate(eps_raw):
        where = f"episodes[{i}]"
        if e["season"] not in numbers:
            raise schema.fail("episodes.json", f"{where}.season", f"no season {e['season']} in seasons.json")
        if e["number"] < 1 or (e["season"], e["number"]) in slots:
            raise schema.fail("episodes.json", f"{where}.number", "must be unique in its season and at least 1")
        slots.add((e["season"], e["number"]))
        refs.sources("episodes.json", where, e)
        refs.sources("episodes.json", where, e, key="runtime_sources")
        for key in ("directors", "writers"):
            refs.ids("episodes.json", f"{where}.{key}", e[key], people, "person")
        refs.ids("episodes.json", f"{where}.characters", e["characters"], characters, "character")
    ordered = sorted(eps_raw, key=lambda e: (e["season"], e["number"]))
    episodes = [
        Episode(
            e["id"],
            e["season"],
            e["number"],
            e["title"],
            e["release_date"],
            e["runtime"],
            _tup(e.get("runtime_sources")),
            _tup(e["directors"]),
            _tup(e["writers"]),
            e["blurb"],
            e["synopsis"],
            _tup(e["characters"]),
            _tup(e["sources"]),
            pos,
        )
        for pos, e in enumerate(ordered)
    ]
    for i, s in enumerate(seasons_raw):
        count = sum(1 for e in episodes if e.season == s["number"])
        if s["status"] == "released" and s["episode_count"] not in (None, count):
            raise schema.fail(
                "seasons.json",
                f"seasons[{i}].episode_count",
                f"says {s['episode_count']} episodes but episodes.json lists {count}",
            )

    credits = []
    for i, c in enumerate(raw["credits.json"]):
        where = f"credits[{i}]"
        refs.sources("credits.json", where, c)
        refs.one("credits.json", f"{where}.person", c["person"], people, "person")
        if c["character"] is not None:
            refs.one("credits.json", f"{where}.character", c["character"], characters, "character")
        if c["season"] not in numbers:
            raise schema.fail("credits.json", f"{where}.season", f"no season {c['season']}")
        credits.append(
            Credit(
                c["person"],
                c["character"],
                c["job"],
                c["season"],
                c["billing"],
                bool(c.get("disputed", False)),
                c.get("notes"),
                _tup(c["sources"]),
            )
        )

    by_id = {e.id: e for e in episodes}
    events_raw = raw["events.json"]
    _unique(events_raw, "events.json", "events")
    events = []
    for i, ev in enumerate(events_raw):
        where = f"events[{i}]"
        refs.sources("events.json", where, ev)
        refs.one("events.json", f"{where}.character", ev["character"], characters, "character")
        if ev["season"] not in numbers:
            raise schema.fail("events.json", f"{where}.season", f"no season {ev['season']}")
        if ev["episode"] is not None:
            target = by_id.get(ev["episode"])
            if target is None:
                raise schema.fail("events.json", f"{where}.episode", f"no episode {ev['episode']!r}")
            if target.season != ev["season"]:
                raise schema.fail(
                    "events.json", f"{where}.season", f"episode {ev['episode']} is in season {target.season}"
                )
        events.append(
            Event(
                ev["id"],
                ev["character"],
                ev["type"],
                ev["season"],
                ev["episode"],
                ev["text"],
                ev["confidence"],
                _tup(ev["sources"]),
            )
        )

    for key in ("directors", "writers", "creators"):
        refs.ids("show.json", key, show.get(key) or [], people, "person")
    work = show.get("source_work")
    if work and work.get("author"):
        refs.one("show.json", "source_work.author", work["author"], people, "person")
    for i, award in enumerate(show.get("awards") or []):
        if award.get("person"):
            refs.one("show.json", f"awards[{i}].person", award["person"], people, "person")
    refs.nested_sources("show.json", show)

    return Pack(
        path=path,
        show=show,
        seasons=seasons,
        episodes=episodes,
        people=people,
        characters=characters,
        credits=credits,
        events=events,
        sources=sources,
    )


class _Refs:
    """Checks that source keys and ids point at something that exists."""

    def __init__(self, sources: dict[str, Any]) -> None:
        self._sources = sources

    def sources(self, file: str, where: str, record: dict[str, Any], key: str = "sources") -> None:
        for j, src in enumerate(record.get(key) or []):
            if src not in self._sources:
                path = f"{where}.{key}[{j}]" if where else f"{key}[{j}]"
                raise schema.fail(file, path, f"unknown source key {src!r} (add it to sources.json)")

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
                raise schema.fail(file, f"{where}[{j}]", f"unknown {kind} id {value!r}")

    @staticmethod
    def one(file: str, where: str, value: str, table: dict[str, Any], kind: str) -> None:
        if value not in table:
            raise schema.fail(file, where, f"unknown {kind} id {value!r}")
