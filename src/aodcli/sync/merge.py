"""Merging histories: a grow-only pool of everything known, and the store it implies.

A :class:`Pool` holds, for one show, every event of every profile, every time a
profile was created and every entry of the ``profile_log`` (removals of profiles
and undos of them) that any device has had. Pools only grow, and joining two is
a set union keyed by ids, so it commutes, associates and repeats harmlessly.

What the store holds is a function of the pool alone (:func:`view`), which is
why every device that has seen the same pool shows the same progress and
history:

- A profile's *cut* is the time of its latest removal that no undo took back.
  Its events recorded after the cut are its history; the ones before are gone
  (the removal took them). The profile exists if it was created after the cut,
  has an event after it, or was never removed.
- Events are in one canonical order: by recorded time, then within one time
  (one command's batch) undos first, then events that clear (``unwatch``,
  ``unrate``, ``unnote``), then the rest, by viewing time, episode id and id.
  An undo always follows its target; an undo whose target is gone is dropped.
- An id taken by two profiles (one export imported into two profiles on two
  devices) stays with the first profile by name; the others get the id
  :func:`aodcli.tracker.derived_id` gives, as ``aod import`` does on one device.
- Two copies of one event that differ (a clock put right on one device) are
  settled by the earlier recorded time, then the canonical text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..store import parse_utc
from ..store.document import PROFILE_LOG_KEY, SYNCED_REVISION, dump_text

Event = dict[str, Any]

#: Within one recorded time: undos, then events that clear, then the rest.
_RANK = {"undo": 0, "unwatch": 1, "unrate": 1, "unnote": 1}


def _preferred(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """The copy of one event (or log entry) every device keeps when two differ."""
    if a == b:
        return a
    key_a = (parse_utc(a["recorded"]), dump_text(a))
    key_b = (parse_utc(b["recorded"]), dump_text(b))
    return a if key_a <= key_b else b


@dataclass
class Pool:
    """Everything known about one show's history, from any device (see the module docstring)."""

    events: dict[str, dict[str, Event]] = field(default_factory=dict)  # profile -> id -> event
    created: dict[str, set[str]] = field(default_factory=dict)  # profile -> creation times
    log: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> profile_log entry

    def add_profile(self, name: str, created: Iterable[str], events: Iterable[Event]) -> None:
        self.created.setdefault(name, set()).update(created)
        mine = self.events.setdefault(name, {})
        for ev in events:
            old = mine.get(ev["id"])
            mine[ev["id"]] = ev if old is None else _preferred(old, ev)

    def add_log(self, entries: Iterable[dict[str, Any]]) -> None:
        for entry in entries:
            old = self.log.get(entry["id"])
            self.log[entry["id"]] = entry if old is None else _preferred(old, entry)

    def absorb(self, other: Pool) -> None:
        """Join ``other`` into this pool (a set union)."""
        for name in other.created.keys() | other.events.keys():
            self.add_profile(name, other.created.get(name, ()), other.events.get(name, {}).values())
        self.add_log(other.log.values())

    def event_keys(self) -> set[tuple[str, str]]:
        return {(name, ident) for name, events in self.events.items() for ident in events}

    def log_entries(self) -> list[dict[str, Any]]:
        """The profile log in its canonical order (by time, an undo after its removal)."""
        return _in_order(self.log.values(), lambda e: (parse_utc(e["recorded"]), e["id"]))

    def cut(self, name: str) -> datetime | None:
        """The time of the profile's latest removal that is not undone (None: none)."""
        undone = {e["target"] for e in self.log.values() if e["type"] == "undo"}
        times = [
            parse_utc(e["recorded"])
            for e in self.log.values()
            if e["type"] == "remove" and e["profile"] == name and e["id"] not in undone
        ]
        return max(times, default=None)


def pool_of_store(doc: dict[str, Any], show_id: str) -> Pool:
    """The pool of one store document: its profiles, their events of ``show_id``, its log."""
    pool = Pool()
    for name, profile in doc["profiles"].items():
        show = profile["shows"].get(show_id)
        pool.add_profile(name, [profile["created_at"]], show["events"] if show else [])
    pool.add_log(doc.get(PROFILE_LOG_KEY) or [])
    return pool


@dataclass
class Profile:
    """One profile as the pool implies it."""

    created_at: str
    events: list[Event]


def view(pool: Pool) -> dict[str, Profile]:
    """The profiles that exist, with their ordered events (see the module docstring)."""
    out: dict[str, Profile] = {}
    taken: set[str] = set()
    for name in sorted(pool.created.keys() | pool.events.keys()):
        cut = pool.cut(name)
        events = [e for e in pool.events.get(name, {}).values() if cut is None or parse_utc(e["recorded"]) > cut]
        created = [c for c in pool.created.get(name, ()) if cut is None or parse_utc(c) > cut]
        if not created and not events:  # removed, or nothing ever known of it
            continue
        events = _rekeyed(events, taken, name)
        taken.update(e["id"] for e in events)
        first = min(created, key=parse_utc) if created else min((e["recorded"] for e in events), key=parse_utc)
        out[name] = Profile(first, canonical_order(events))
    return out


def _rekeyed(events: list[Event], taken: set[str], name: str) -> list[Event]:
    """Events whose ids an earlier profile holds, with the ids ``aod import`` would give them."""
    if taken.isdisjoint(e["id"] for e in events):
        return events
    from ..tracker import derived_id

    clash = {e["id"] for e in events} & taken
    out: dict[str, Event] = {}
    for ev in events:
        if ev["id"] in clash or ev.get("target") in clash:
            ev = dict(ev)
            if ev["id"] in clash:
                ev["id"] = derived_id(name, ev["id"])
            if ev.get("target") in clash:
                ev["target"] = derived_id(name, ev["target"])
        old = out.get(ev["id"])  # this device may already hold it under the derived id
        out[ev["id"]] = ev if old is None else _preferred(old, ev)
    return list(out.values())


def _event_key(ev: Event) -> tuple[Any, ...]:
    return (
        parse_utc(ev["recorded"]),
        _RANK.get(ev["type"], 2),
        ev.get("at") or "",
        ev.get("episode") or "",
        ev["id"],
    )


def canonical_order(events: Iterable[Event]) -> list[Event]:
    """``events`` in the one order every device uses (see the module docstring)."""
    return _in_order(events, _event_key)


def _in_order(items: Iterable[dict[str, Any]], key: Any) -> list[dict[str, Any]]:
    """Sorted by ``key``, each undo moved after its target; undos of missing targets dropped."""
    ordered = sorted(items, key=key)
    present = {e["id"] for e in ordered}
    out: list[dict[str, Any]] = []
    placed: set[str] = set()
    waiting: dict[str, list[dict[str, Any]]] = {}
    for item in ordered:
        target = item.get("target") if item["type"] == "undo" else None
        if target is not None and target not in present:
            continue
        if target is not None and target not in placed:
            waiting.setdefault(target, []).append(item)
            continue
        ready = [item]
        while ready:
            now = ready.pop(0)
            out.append(now)
            placed.add(now["id"])
            ready.extend(waiting.pop(now["id"], []))
    return out


@dataclass
class Applied:
    """What applying a pool changed in the store."""

    added: dict[str, list[Event]] = field(default_factory=dict)  # profile -> events new to it
    new_profiles: list[str] = field(default_factory=list)
    removed_profiles: list[str] = field(default_factory=list)
    switched_to: str | None = None  # the active profile was removed elsewhere: now this one


def apply(doc: dict[str, Any], pool: Pool, show_id: str) -> Applied:
    """Make the store document show what ``pool`` implies (its other shows stay as they are).
    A ``default`` profile made for a device whose active profile was removed joins ``pool``."""
    from ..store import DEFAULT_PROFILE, now_str

    profiles = view(pool)
    done = Applied()
    for name in list(doc["profiles"]):
        if name not in profiles:
            del doc["profiles"][name]
            done.removed_profiles.append(name)
    for name, prof in profiles.items():
        entry = doc["profiles"].get(name)
        if entry is None:
            entry = doc["profiles"][name] = {"created_at": prof.created_at, "shows": {}}
            done.new_profiles.append(name)
        entry["created_at"] = prof.created_at
        show = entry["shows"].get(show_id)
        before = {e["id"] for e in show["events"]} if show else set()
        new = [e for e in prof.events if e["id"] not in before]
        if new:
            done.added[name] = new
        if prof.events or show is not None:
            entry["shows"][show_id] = {"events": prof.events}
    log = pool.log_entries()
    if log:
        doc[PROFILE_LOG_KEY] = log
    doc[SYNCED_REVISION] = doc["revision"] + 1  # the revision this commit writes
    if doc["active_profile"] not in doc["profiles"]:
        if DEFAULT_PROFILE not in doc["profiles"]:  # made here: the pool (and so the replica) has it too
            created = now_str()
            doc["profiles"][DEFAULT_PROFILE] = {"created_at": created, "shows": {}}
            pool.add_profile(DEFAULT_PROFILE, [created], [])
        doc["active_profile"] = done.switched_to = DEFAULT_PROFILE
    return done
