"""Build model objects from the parsed files of a pack (already validated)."""

from __future__ import annotations

from typing import Any

from ..leanpack import in_show_order
from .model import Alias, Character, Credit, Episode, Event, Person, Season


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


def seasons(raw: list[dict[str, Any]]) -> list[Season]:
    built = [
        Season(
            s["id"], s["number"], s["status"], s["release_date"], s["episode_count"], s.get("summary"),
            tuple(s.get("timeline") or ()), _tup(s["sources"]),
        )
        for s in raw
    ]  # fmt: skip
    return sorted(built, key=lambda s: s.number)


def episodes(raw: list[dict[str, Any]]) -> list[Episode]:
    ordered = in_show_order(raw)
    return [
        Episode(
            e["id"], e["season"], e["number"], e["title"], e["release_date"], e["runtime"],
            _tup(e.get("runtime_sources")), _tup(e["directors"]), _tup(e["writers"]), e["blurb"],
            e["synopsis"], _tup(e["characters"]), _tup(e["sources"]), position,
        )
        for position, e in enumerate(ordered)
    ]  # fmt: skip


def people(raw: list[dict[str, Any]]) -> dict[str, Person]:
    return {p["id"]: Person(**_named(p), jobs=_tup(p["jobs"])) for p in raw}


def characters(raw: list[dict[str, Any]]) -> dict[str, Character]:
    return {
        c["id"]: Character(
            **_named(c), group=c["group"], billing=c["billing"], order=c["order"],
            description=c["description"], seasons=tuple(c["seasons"]),
        )
        for c in raw
    }  # fmt: skip


def credits(raw: list[dict[str, Any]]) -> list[Credit]:
    return [
        Credit(
            c["person"], c["character"], c["job"], c["season"], c["billing"], bool(c.get("disputed", False)),
            c.get("notes"), _tup(c["sources"]),
        )
        for c in raw
    ]  # fmt: skip


def events(raw: list[dict[str, Any]]) -> list[Event]:
    return [
        Event(
            id=ev["id"],
            character=ev["character"],
            type=ev["type"],
            season=ev["season"],
            episode=ev["episode"],
            text=ev["text"],
            confidence=ev["confidence"],
            sources=_tup(ev["sources"]),
            reveals=ev.get("reveals"),
        )
        for ev in raw
    ]
