"""Build model objects from the parsed files of a pack (already validated).

Each record is built by keyword from the keys its class declares (``model.py``):
a key the file leaves out takes the declared default, a list becomes a tuple
(of records, for a nested record class).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any, TypeVar

from ..packfacts import episode_code, in_show_order
from .model import Character, Credit, Episode, Event, Person, Season, Spec

R = TypeVar("R")


def _converter(spec: Spec) -> Callable[[Any], Any] | None:
    """How a parsed value of ``spec`` is stored: lists as tuples; None when as it is."""
    if spec == "sources":
        return tuple
    if isinstance(spec, tuple) and spec[0] == "list":
        item = spec[1]
        if isinstance(item, type):
            return lambda values: tuple(make(item, value) for value in values)
        return tuple
    return None


_CONVERTERS: dict[type, tuple[tuple[str, Callable[[Any], Any]], ...]] = {}


def _converters(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """The keys of ``cls`` stored converted, each with its converter (worked out once per class)."""
    if cls not in _CONVERTERS:
        found = ((f.name, _converter(f.metadata["spec"])) for f in fields(cls) if "spec" in f.metadata)
        _CONVERTERS[cls] = tuple((name, convert) for name, convert in found if convert is not None)
    return _CONVERTERS[cls]


def make(cls: type[R], raw: dict[str, Any], **derived: Any) -> R:
    """The record ``cls`` of the parsed object ``raw``, with its ``derived`` fields. ``raw`` has
    passed the schema, which allows only the declared keys: each becomes a keyword argument."""
    values = {**raw, **derived}
    for name, convert in _converters(cls):
        if name in values:
            values[name] = convert(values[name])
    return cls(**values)


def seasons(raw: list[dict[str, Any]]) -> list[Season]:
    return sorted((make(Season, s) for s in raw), key=lambda s: s.number)


def episodes(raw: list[dict[str, Any]]) -> list[Episode]:
    return [
        make(Episode, e, code=episode_code(e["season"], e["number"]), position=position)
        for position, e in enumerate(in_show_order(raw))
    ]


def people(raw: list[dict[str, Any]]) -> dict[str, Person]:
    return {p["id"]: make(Person, p) for p in raw}


def characters(raw: list[dict[str, Any]]) -> dict[str, Character]:
    return {c["id"]: make(Character, c) for c in raw}


def credits(raw: list[dict[str, Any]]) -> list[Credit]:
    return [make(Credit, c) for c in raw]


def events(raw: list[dict[str, Any]]) -> list[Event]:
    return [make(Event, ev) for ev in raw]
