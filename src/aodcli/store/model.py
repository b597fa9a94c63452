"""Helpers that read or change a store document inside a ``commit`` mutate.

They raise :class:`~aodcli.errors.UsageError` for bad input the user typed (a
profile name, a score, a note) and :class:`~aodcli.errors.AodError` for a state
that forbids the change; raising aborts the commit with nothing written.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from aodcli.errors import AodError, UsageError

from .clock import format_utc, is_utc, now_str, parse_utc
from .document import EVENT_FIELDS, ID_RE, PROFILE_LOG_KEY, PROFILE_RE, SLUG_RE, Snapshot, note_text_problem

__all__ = [
    "DEFAULT_PROFILE",
    "active_profile",
    "add_events",
    "add_profile",
    "bring_back_profile",
    "ensure_profile",
    "event_ids",
    "get_profile",
    "hold_to_clock",
    "new_event",
    "profile_events",
    "profile_log",
    "profile_names",
    "remove_profile",
    "use_profile",
    "validate_profile_name",
]

DEFAULT_PROFILE = "default"

#: How far after the clock of the write a new event may be recorded: another machine's
#: clock may run ahead (an import accepts times up to a day ahead, as ``transfer`` does).
FUTURE_SKEW = timedelta(days=1)


def validate_profile_name(name: str) -> str:
    """``name`` in NFC if it is a valid profile name (letters of any script, 민아 too,
    digits, '-' and '_', up to 32, starting with a letter or digit), else UsageError."""
    import unicodedata

    if isinstance(name, str) and len(name) <= 64:
        name = unicodedata.normalize("NFC", name)
    if not isinstance(name, str) or not PROFILE_RE.fullmatch(name):
        shown = name[:40] if isinstance(name, str) else name
        raise UsageError(
            f"invalid profile name {shown!r}: use up to 32 letters (any script), digits, '-' or '_', "
            "starting with a letter or digit"
        )
    return name


def new_event(type: str, *, episode: str | None = None, **fields: Any) -> dict[str, Any]:
    """A new event with ``id`` (uuid4 hex) and ``recorded`` (now, UTC) filled in.

    ``watch`` defaults ``at`` to the recorded time and ``rewatch`` to false; pass
    ``at=None`` for an unknown time. ``at`` may be an aware datetime or a 'Z'
    string. ``id`` and ``recorded`` may be given (imports, tests). Raises
    UsageError naming the bad field.
    """
    if type not in EVENT_FIELDS:
        raise UsageError(f"unknown event type {type!r}")
    ev: dict[str, Any] = {"type": type}
    if episode is not None:
        ev["episode"] = episode
    ev.update(fields)
    if "id" not in ev:
        import uuid

        ev["id"] = uuid.uuid4().hex
    ev.setdefault("recorded", now_str())
    if type == "watch":
        ev.setdefault("at", ev["recorded"])
        ev.setdefault("rewatch", False)
    for key in ("at", "recorded"):
        if isinstance(ev.get(key), datetime):
            try:
                ev[key] = format_utc(ev[key])
            except ValueError as err:
                raise UsageError(f"event {key}: {err}") from None
    _check_event(ev)
    return ev


def _check_event(ev: dict[str, Any]) -> None:
    etype = ev["type"]
    keys = EVENT_FIELDS[etype]
    missing = sorted(keys - ev.keys())
    extra = sorted(ev.keys() - keys)
    if missing:
        raise UsageError(f"a {etype} event needs {', '.join(missing)}")
    if extra:
        raise UsageError(f"a {etype} event has no field {extra[0]!r}")
    if not isinstance(ev["id"], str) or not ID_RE.fullmatch(ev["id"]):
        raise UsageError("event id must be 32 lowercase hex digits")
    times = ["recorded"] + (["at"] if etype == "watch" and ev["at"] is not None else [])
    for key in times:
        try:
            parse_utc(ev[key])
        except (ValueError, TypeError):
            raise UsageError(f"event {key}: expected a UTC time ending in Z") from None
    if etype == "undo":
        if not isinstance(ev["target"], str) or not ID_RE.fullmatch(ev["target"]):
            raise UsageError("undo target must be an event id")
        return
    if not isinstance(ev["episode"], str) or not SLUG_RE.fullmatch(ev["episode"]):
        raise UsageError(f"invalid episode id {ev['episode']!r}")
    if etype == "watch" and type(ev["rewatch"]) is not bool:
        raise UsageError("rewatch must be true or false")
    if etype == "rate" and (type(ev["score"]) is not int or not 1 <= ev["score"] <= 10):
        raise UsageError(f"score must be a whole number from 1 to 10, got {ev['score']!r}")
    if etype == "note":
        problem = note_text_problem(ev["text"])
        if problem:
            raise UsageError(f"invalid note: {problem}")


# --------------------------------------------------------------------------- profiles


def profile_names(doc: dict[str, Any]) -> list[str]:
    return sorted(doc["profiles"])


def active_profile(doc: dict[str, Any]) -> str:
    name: str = doc["active_profile"]
    return name


def get_profile(doc: dict[str, Any], name: str) -> dict[str, Any]:
    name = validate_profile_name(name)
    profiles: dict[str, Any] = doc["profiles"]
    if name not in profiles:
        known = ", ".join(sorted(profiles))
        raise UsageError(f"unknown profile {name!r} (profiles: {known}); create it with 'aod profile add {name}'")
    profile: dict[str, Any] = profiles[name]
    return profile


def ensure_profile(doc: dict[str, Any], name: str) -> dict[str, Any]:
    """The profile ``name``, created empty if it does not exist."""
    name = validate_profile_name(name)
    profiles: dict[str, Any] = doc["profiles"]
    if name not in profiles:
        profiles[name] = {"created_at": now_str(), "shows": {}}
    profile: dict[str, Any] = profiles[name]
    return profile


def add_profile(doc: dict[str, Any], name: str) -> dict[str, Any]:
    """Create a new empty profile; AodError if it exists."""
    name = validate_profile_name(name)
    same = [p for p in doc["profiles"] if p.casefold() == name.casefold()]
    if same:
        raise AodError(f"profile {same[0]!r} already exists" + ("" if same[0] == name else " (names ignore case)"))
    return ensure_profile(doc, name)


def use_profile(doc: dict[str, Any], name: str) -> None:
    """Make ``name`` the active profile (it must exist)."""
    get_profile(doc, name)
    doc["active_profile"] = name


def remove_profile(doc: dict[str, Any], name: str) -> dict[str, Any]:
    """Remove a profile and return it. The active profile cannot be removed."""
    get_profile(doc, name)
    if name == doc["active_profile"]:
        raise AodError(f"profile {name!r} is the active profile; switch first with 'aod profile use NAME'")
    removed: dict[str, Any] = doc["profiles"].pop(name)
    _log(doc, {"type": "remove", "profile": name})
    return removed


def bring_back_profile(doc: dict[str, Any], name: str, profile: dict[str, Any]) -> None:
    """Put back a removed profile (``aod undo``) and record that its last removal is undone,
    so that ``aod sync`` brings it back on the other devices too."""
    doc["profiles"][name] = profile
    log = profile_log(doc)
    undone = {e["target"] for e in log if e["type"] == "undo"}
    live = [e for e in log if e["type"] == "remove" and e["profile"] == name and e["id"] not in undone]
    if live:
        _log(doc, {"type": "undo", "target": live[-1]["id"]})


def profile_log(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's ``profile_log`` (removals of profiles and their undos; [] if none)."""
    log: list[dict[str, Any]] = doc.get(PROFILE_LOG_KEY) or []
    return log


def _log(doc: dict[str, Any], entry: dict[str, Any]) -> None:
    import uuid

    entry = {"id": uuid.uuid4().hex, **entry, "recorded": now_str()}
    doc[PROFILE_LOG_KEY] = [*profile_log(doc), entry]


# --------------------------------------------------------------------------- events


def profile_events(doc: dict[str, Any], profile: str, show_id: str) -> list[dict[str, Any]]:
    """The events of one profile and show in the order they were recorded ([] if none).

    The list returned is the document's own list when it exists, so a mutate may
    read it; use :func:`add_events` to append.
    """
    prof = doc["profiles"].get(profile)
    if prof is None:
        return []
    show = prof["shows"].get(show_id)
    if show is None:
        return []
    events: list[dict[str, Any]] = show["events"]
    return events


def add_events(doc: dict[str, Any], profile: str, show_id: str, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Append events to a profile's show (the profile must exist); return them."""
    prof = get_profile(doc, profile)
    if not SLUG_RE.fullmatch(show_id):
        raise UsageError(f"invalid show id {show_id!r}")
    show = prof["shows"].setdefault(show_id, {"events": []})
    show["events"].extend(events)
    return events


def event_ids(doc: dict[str, Any]) -> set[str]:
    """Every event id in the document."""
    return {ev["id"] for prof in doc["profiles"].values() for show in prof["shows"].values() for ev in show["events"]}


def hold_to_clock(doc: dict[str, Any], old: Snapshot | None, unchanged: set[tuple[str, str]], now: datetime) -> int:
    """Keep the events this write adds from being recorded in the future; return how many moved.

    A command records its events later than the profile's last one (so that no two
    commands share a time, and undo takes back exactly one). After one write under
    a clock that ran ahead (years, say), that rule would record every later event
    in that future too. So a new event recorded more than :data:`FUTURE_SKEW` after
    ``now`` (the clock of this write) is recorded at the write's time instead: later
    than every plausible event already in its list, events that shared a time still
    sharing one, and a watch's ``at`` that was its recorded time moving with it.
    The event already recorded in the future is history and stays as it is.
    ``old`` and ``unchanged`` tell the events the write found from the new ones.
    """
    cut = format_utc(now + FUTURE_SKEW)[:19]  # fixed-width text: compared as text to the second
    late: dict[str, list[dict[str, Any]]] = {}
    found_in: list[list[dict[str, Any]]] = []
    for name, profile in doc["profiles"].items():
        for show_id, show in profile["shows"].items():
            events = show["events"]
            known = old.get((name, show_id)) if old else None
            if not known:
                known, new = [], events
            elif (name, show_id) in unchanged:
                new = events[len(known) :]
            else:  # reordered (an import merges by time): the new ones by id
                ids = {ev["id"] for ev in known}
                new = [ev for ev in events if type(ev) is not dict or ev.get("id") not in ids]
            hit = False
            for ev in new:
                rec = ev.get("recorded") if type(ev) is dict else None
                if type(rec) is str and rec[:19] > cut and is_utc(rec):
                    late.setdefault(rec, []).append(ev)
                    hit = True
            if hit:
                found_in.append(known)
    if not late:
        return 0
    tick = timedelta(microseconds=1)
    latest_plausible = now + FUTURE_SKEW
    when = now
    for known in found_in:
        for ev in known[-50:]:
            t = parse_utc(ev["recorded"])
            if when <= t <= latest_plausible:
                when = t + tick
    moved = 0
    for value in sorted(late, key=parse_utc):
        text = format_utc(when)
        for ev in late[value]:
            ev["recorded"] = text
            if ev.get("type") == "watch" and ev.get("at") == value:
                ev["at"] = text
            moved += 1
        when += tick
    return moved
