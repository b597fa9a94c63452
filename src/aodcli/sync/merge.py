"""Merging histories: a grow-only pool of everything known, and the store it implies.

A :class:`Pool` holds, for one show, every event of every profile, every creation
of a profile (its id, name and creation time) and every entry of the
``profile_log`` (removals of profiles and undos of them) that any device has had.
Profiles are keyed by their name's NFKC case-fold (``Mina`` and ``mina`` are one
profile). Pools only grow, and joining two is a set union keyed by ids, so it
commutes, associates and repeats harmlessly.

What the store holds is a function of the pool alone (:func:`view`), which is
why every device that has seen the same pool shows the same progress and
history. No wall-clock time decides anything:

- A removal takes what its device had *seen* of the profile: the batches of its
  events and the profile's ids (``seen``). Events of other batches — marks
  another device made that the removing device never saw, or made after, even
  under a profile re-created with the same name — stay (add wins), and so does
  a creation it had not seen. A removal taken back by an undo (and not redone)
  takes nothing. (A removal written by an aodcli before ``seen`` existed takes,
  of the events and creations of that time, those recorded before it.)
- A profile exists while a creation or an event of it stays.
- Events are in one canonical order: by ``seq`` (a Lamport clock: an event made
  after another was seen orders after it), events from before ``seq`` first, by
  their recorded time; then within one ``seq`` events that clear (``unwatch``,
  ``unrate``, ``unnote``) first, then the rest, by viewing time, episode id and
  id. An undo of one event follows its target, and one whose target is gone is
  dropped. (Undos of batches need no order.)
- An id held by two profiles (one export imported into two profiles on two
  devices) stays with the first profile by key; the others get the id
  :func:`aodcli.tracker.derived_id` gives, as ``aod import`` does on one device.
  Every profile the pool has ever held counts, removed ones too, so removing a
  profile never changes another's ids.
- Two copies of one event that differ are settled by the earlier times (a time
  more than a day ahead of a reader's clock is brought back to it), then by
  their canonical text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..store.document import PROFILE_LOG_KEY, dump_text

Event = dict[str, Any]

#: Within one ``seq`` (one command): events that clear, then the rest.
_RANK = {"undo": 0, "unwatch": 1, "unrate": 1, "unnote": 1}


def _preferred(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """The copy of one event (or log entry) every device keeps when two differ: the one with
    the earlier times (a time brought back from a clock that ran ahead), then by canonical text.
    (A minimum in one total order: so joining pools commutes, associates and repeats.)"""
    if a == b:
        return a
    return a if _rank(a) <= _rank(b) else b


def _rank(ev: dict[str, Any]) -> tuple[Any, ...]:
    from ..store import parse_utc

    at = ev.get("at")
    return (parse_utc(ev.get("recorded") or ev["created_at"]), at if type(at) is str else "", dump_text(ev))


def key_of(name: str) -> str:
    from ..profiles import fold

    return fold(name)


@dataclass
class Pool:
    """Everything known about one show's history, from any device (see the module docstring)."""

    events: dict[str, dict[str, Event]] = field(default_factory=dict)  # key -> id -> event
    creations: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)  # key -> id -> {name, created_at}
    log: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> profile_log entry

    def add_profile(self, key: str, creations: Iterable[dict[str, str]], events: Iterable[Event]) -> None:
        mine = self.creations.setdefault(key, {})
        for c in creations:
            old = mine.get(c["id"])
            mine[c["id"]] = c if old is None else _preferred(old, c)
        held = self.events.setdefault(key, {})
        for ev in events:
            old = held.get(ev["id"])
            held[ev["id"]] = ev if old is None else _preferred(old, ev)

    def add_log(self, entries: Iterable[dict[str, Any]]) -> None:
        for entry in entries:
            old = self.log.get(entry["id"])
            self.log[entry["id"]] = entry if old is None else _preferred(old, entry)

    def absorb(self, other: Pool) -> None:
        """Join ``other`` into this pool (a set union)."""
        for key in other.creations.keys() | other.events.keys():
            self.add_profile(key, other.creations.get(key, {}).values(), other.events.get(key, {}).values())
        self.add_log(other.log.values())

    def bring_back(self, latest: datetime) -> int:
        """Bring times after ``latest`` (recorded, or watched) back to it; return how many events had one.
        The copy brought back is the earlier one, which every device keeps (:func:`_preferred`)."""
        from ..store import format_utc, parse_utc

        moved = 0
        for events in self.events.values():
            for ident, ev in list(events.items()):
                late = [k for k in ("recorded", "at") if type(ev.get(k)) is str and parse_utc(ev[k]) > latest]
                if late:
                    events[ident] = {**ev, **{k: format_utc(latest) for k in late}}
                    moved += 1
        return moved

    def profile_keys(self) -> list[str]:
        return sorted(self.creations.keys() | self.events.keys())

    def event_keys(self) -> set[tuple[str, str]]:
        return {(key, ident) for key, events in self.events.items() for ident in events}

    def log_entries(self) -> list[dict[str, Any]]:
        """The profile log in its canonical order (an undo after the entry it takes back)."""
        from ..store import parse_utc

        return _in_order(self.log.values(), lambda e: (parse_utc(e["recorded"]), e["id"]))


def creation(name: str, profile: dict[str, Any]) -> dict[str, str]:
    """A store profile's creation, as a pool holds it."""
    from ..profiles import profile_id

    return {"id": profile_id(name, profile), "name": name, "created_at": profile["created_at"]}


def pool_of_store(doc: dict[str, Any], show_id: str) -> Pool:
    """The pool of one store document: its profiles (removed ones kept for undo too), their
    events of ``show_id``, its log."""
    from ..store import every_profile

    pool = Pool()
    for name, profile in every_profile(doc):
        show = profile["shows"].get(show_id)
        pool.add_profile(key_of(name), [creation(name, profile)], show["events"] if show else [])
    pool.add_log(doc.get(PROFILE_LOG_KEY) or [])
    return pool


@dataclass
class Profile:
    """One profile as the pool implies it."""

    name: str
    id: str
    created_at: str
    events: list[Event]
    ids: list[str] = field(default_factory=list)  # every creation of it that stays, its own id among them


class _Cut:
    """What the live removals of one profile take: the ids they had seen, and (removals from
    before ``seen``) a time before which the events and creations of that time are taken."""

    def __init__(self, removals: list[dict[str, Any]]) -> None:
        from ..store import parse_utc

        self.seen: set[str] = set()
        legacy = []
        for entry in removals:
            if "seen" in entry:
                self.seen.update(entry["seen"])
            else:
                legacy.append(parse_utc(entry["recorded"]))
        self.before = max(legacy, default=None)

    def takes_event(self, ev: Event) -> bool:
        from ..events import batch_of
        from ..store import parse_utc

        if batch_of(ev) in self.seen:
            return True
        return self.before is not None and "batch" not in ev and parse_utc(ev["recorded"]) <= self.before

    def takes_creation(self, c: dict[str, str]) -> bool:
        from ..events import legacy_batch
        from ..store import parse_utc

        if c["id"] in self.seen:
            return True
        legacy = c["id"] == legacy_batch(f"profile {c['name']} {c['created_at']}")
        return self.before is not None and legacy and parse_utc(c["created_at"]) <= self.before


def view(pool: Pool) -> dict[str, Profile]:
    """The profiles that exist, by key, with their ordered events (see the module docstring)."""
    from ..events import dead_entries

    dead = dead_entries(pool.log.values())
    removals: dict[str, list[dict[str, Any]]] = {}
    for entry in pool.log.values():
        if entry["type"] == "remove" and entry["id"] not in dead:
            removals.setdefault(key_of(entry["profile"]), []).append(entry)
    out: dict[str, Profile] = {}
    taken: set[str] = set()
    for key in pool.profile_keys():
        made = list(pool.creations.get(key, {}).values())
        name = min((c["name"] for c in made), default=key)
        events = _rekeyed(list(pool.events.get(key, {}).values()), taken, name)
        taken.update(e["id"] for e in events)
        cut = _Cut(removals.get(key, []))
        events = [e for e in events if not cut.takes_event(e)]
        staying = [c for c in made if not cut.takes_creation(c)]
        if not staying and not events:  # removed, or nothing ever known of it
            continue
        first = min(staying or made, key=lambda c: (c["created_at"], c["id"]), default=None)
        created = first["created_at"] if first else min(e["recorded"] for e in events)
        ident = first["id"] if first else key
        out[key] = Profile(
            min((c["name"] for c in staying), default=name),
            ident,
            created,
            canonical_order(events),
            sorted({c["id"] for c in staying} - {ident}),
        )
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
    from datetime import timezone

    from ..store import parse_utc

    seq = ev.get("seq")
    return (
        seq if type(seq) is int else 0,
        parse_utc(ev["recorded"]) if seq is None else datetime.min.replace(tzinfo=timezone.utc),
        _RANK.get(ev["type"], 2),
        ev.get("at") or "",
        ev.get("episode") or "",
        ev["id"],
    )


def canonical_order(events: Iterable[Event]) -> list[Event]:
    """``events`` in the one order every device uses (see the module docstring)."""
    return _in_order(events, _event_key)


def _in_order(items: Iterable[dict[str, Any]], key: Any) -> list[dict[str, Any]]:
    """Sorted by ``key``, each undo of one item moved after its target; undos of missing targets dropped."""
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
    A ``default`` profile made for a device whose active profile was removed joins ``pool``.
    A profile keeps the spelling of its name this device has."""
    from ..profiles import DEFAULT_PROFILE, ensure_profile

    profiles = view(pool)
    done = Applied()
    here = {key_of(name): name for name in doc["profiles"]}
    for key, name in here.items():
        if key not in profiles:
            del doc["profiles"][name]
            done.removed_profiles.append(name)
    for key, prof in profiles.items():
        name = here.get(key, prof.name)
        entry = doc["profiles"].get(name)
        if entry is None:
            entry = doc["profiles"][name] = {"id": prof.id, "created_at": prof.created_at, "shows": {}}
            done.new_profiles.append(name)
        entry["created_at"] = prof.created_at
        entry["id"] = prof.id
        if prof.ids:
            entry["ids"] = prof.ids
        else:
            entry.pop("ids", None)
        show = entry["shows"].get(show_id)
        before = {e["id"] for e in show["events"]} if show else set()
        new = [e for e in prof.events if e["id"] not in before]
        if new:
            done.added[name] = new
        if prof.events or show is not None:
            entry["shows"][show_id] = {**(show or {}), "events": prof.events}
    log = pool.log_entries()
    if log:
        doc[PROFILE_LOG_KEY] = log
    if doc["active_profile"] not in doc["profiles"]:
        if DEFAULT_PROFILE not in doc["profiles"]:  # made here: the pool (and so the replica) has it too
            made = ensure_profile(doc, DEFAULT_PROFILE)
            pool.add_profile(key_of(DEFAULT_PROFILE), [creation(DEFAULT_PROFILE, made)], [])
        doc["active_profile"] = done.switched_to = DEFAULT_PROFILE
    return done
