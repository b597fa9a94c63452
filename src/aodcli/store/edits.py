"""Helpers that read or change a store document's events and journal inside a ``commit`` mutate.

They raise :class:`~aodcli.errors.UsageError` for a bad event. Profiles (names, ids,
removal and the profile log) are :mod:`aodcli.profiles`'.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aodcli.errors import UsageError
from aodcli.i18n import _

from .clock import format_utc, now_str
from .document import JOURNAL_KEY, REMOVED_KEY, SLUG_RE

__all__ = [
    "JOURNAL_KEEP",
    "add_events",
    "event_ids",
    "every_profile",
    "journal",
    "new_event",
    "profile_events",
    "record_batch",
]

#: Entries of this device's journal kept (``aod undo --list`` shows the newest).
JOURNAL_KEEP = 200


def new_event(type: str, *, episode: str | None = None, **fields: Any) -> dict[str, Any]:
    """A new event with ``id`` (uuid4 hex) and ``recorded`` (now, UTC) filled in.

    ``watch`` defaults ``at`` to the recorded time and ``rewatch`` to false; pass
    ``at=None`` for an unknown time. ``at`` may be an aware datetime or a 'Z'
    string. ``id``, ``recorded`` and ``batch`` may be given. Raises UsageError
    naming the bad field (the rules are :mod:`aodcli.events`').
    """
    from aodcli.events import TYPES, known_fields, new_id, problem

    if type not in TYPES:
        raise UsageError(_("unknown event type {type!r}").format(type=type))
    ev: dict[str, Any] = {"type": type}
    if episode is not None:
        ev["episode"] = episode
    ev.update(fields)
    ev.setdefault("id", new_id())
    ev.setdefault("recorded", now_str())
    if type == "watch":
        ev.setdefault("at", ev["recorded"])
        ev.setdefault("rewatch", False)
    for key in ("at", "recorded"):
        if isinstance(ev.get(key), datetime):
            try:
                ev[key] = format_utc(ev[key])
            except ValueError as err:
                raise UsageError(_("event {field}: {problem}").format(field=key, problem=err)) from None
    extra = sorted(set(ev) - set(known_fields(type)), key=str)
    if extra:
        raise UsageError(_("a {type} event has no field {field!r}").format(type=type, field=extra[0]))
    wrong = problem(ev)
    if wrong:
        field, what = wrong
        if what == "missing":
            raise UsageError(_("a {type} event needs {field}").format(type=type, field=field))
        raise UsageError(_("event {field}: {problem}").format(field=field, problem=what))
    return ev


# --------------------------------------------------------------------------- journal


def journal(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """This device's commands, oldest first ([] if none)."""
    entries: list[dict[str, Any]] = doc.get(JOURNAL_KEY) or []
    return entries


def record_batch(doc: dict[str, Any], batch: str, command: str, **extra: str) -> None:
    """Note in this device's journal that ``command`` wrote ``batch`` (newest last)."""
    entry = {"batch": batch, "command": command, "recorded": now_str(), **extra}
    doc[JOURNAL_KEY] = [*journal(doc), entry][-JOURNAL_KEEP:]


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
    prof = doc["profiles"].get(profile)
    if prof is None:
        raise UsageError(_("unknown profile {profile!r}").format(profile=profile))
    if not SLUG_RE.fullmatch(show_id):
        raise UsageError(_("invalid show id {show!r}").format(show=show_id))
    show = prof["shows"].setdefault(show_id, {"events": []})
    show["events"].extend(events)
    return events


def every_profile(doc: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(name, profile) of every profile the store holds: the live ones, then the removed ones it
    keeps for ``aod undo`` (their events still count: a removal, once synced, takes only those)."""
    kept = [(k["name"], k["profile"]) for k in (doc.get(REMOVED_KEY) or {}).values()]
    return [*doc["profiles"].items(), *kept]


def event_ids(doc: dict[str, Any]) -> set[str]:
    """Every event id in the document, removed profiles' too."""
    return {ev["id"] for _, prof in every_profile(doc) for show in prof["shows"].values() for ev in show["events"]}
