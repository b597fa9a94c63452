"""Changes to a profile's progress, planned inside the store's lock.

Each function returns a ``mutate`` for ``store.commit``: it reads the current
document (under the lock), decides what to add from the events already there,
appends the new events and returns a ``Change``. Nothing here prints.

Events written by one command share one ``recorded`` time (to the
microsecond), so that ``aod undo`` takes back exactly that command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from .errors import AodError, UsageError
from .pack.pack import Pack
from .progress import Progress

Doc = dict[str, Any]


@dataclass(slots=True)
class Change:
    changed: list[str] = field(default_factory=list)  # episode ids that changed
    unchanged: list[str] = field(default_factory=list)  # asked for, nothing to do
    events: list[dict[str, Any]] = field(default_factory=list)
    duplicates: int = 0  # import: events already in the store
    profile: str = ""  # the profile changed (resolved under the lock)
    progress: Progress | None = None  # progress after the change
    jumped: list[str] = field(default_factory=list)  # watch --with --jump: unseen episodes passed over
    together: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # undo: other profiles' events taken back
    restored_profile: str | None = None  # undo of a profile removal: the profile brought back


@dataclass(frozen=True, slots=True)
class When:
    """``--at``: now, aired, unknown or a given date/time."""

    mode: str  # "now" | "aired" | "unknown" | "given"
    value: datetime | None = None


AT_HELP = (
    "use now, aired, unknown, today, yesterday, N days ago, a weekday (friday, last friday), "
    "a time (21:30, yesterday 21:30) or a date like 2026-11-20 or 2026-11-20T21:30"
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def parse_at(text: str, today: date | None = None) -> When:
    """Parse ``--at``: a keyword, a day in words, a time of day, or an ISO date / date-time.

    Days and times in words are local: ``yesterday`` is local midnight of
    yesterday, ``21:30`` today at 21:30, ``friday`` the latest Friday up to today
    and ``last friday`` the one before today. The value is kept in UTC.
    """
    low = " ".join(text.strip().lower().split())
    if low in ("now", "aired", "unknown"):
        return When(low)
    if not low or len(low) > 40 or not low.isascii():
        raise UsageError(f"invalid --at {text[:40]!r}: {AT_HELP}")
    try:
        value = _words_to_local(low, today or date.today())
        if value is None:
            raw = text.strip()
            value = datetime.fromisoformat(raw[:-1] + "+00:00" if raw.endswith(("Z", "z")) else raw)
        if value.tzinfo is None:
            value = value.astimezone()  # a naive time is local time
        return When("given", value.astimezone(timezone.utc))
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"invalid --at {text.strip()[:40]!r}: {AT_HELP}") from None


def _words_to_local(low: str, today: date) -> datetime | None:
    """``yesterday 21:30``, ``3 days ago``, ``last friday``… as a naive local time (None: not words)."""
    import re

    clock = re.fullmatch(r"(?:(.+) )?(\d{1,2}):(\d{2})", low)
    words = (clock.group(1) or "today" if clock else low).split()
    day: date | None = None
    if words == ["today"]:
        day = today
    elif words == ["yesterday"]:
        day = today - timedelta(days=1)
    elif len(words) == 3 and words[0].isdigit() and words[1] in ("day", "days") and words[2] == "ago":
        day = today - timedelta(days=int(words[0]))
    elif words and words[-1] in WEEKDAYS and words[:-1] in ([], ["last"]):
        back = (today.weekday() - WEEKDAYS.index(words[-1])) % 7
        if words[0] == "last" and back == 0:
            back = 7
        day = today - timedelta(days=back)
    if day is None:
        return None  # not words: an ISO date or date-time, or nothing we know
    if clock is None:
        return datetime.combine(day, time())
    return datetime.combine(day, time(int(clock.group(2)), int(clock.group(3))))


def _release_utc(pack: Pack, episode_id: str) -> datetime | None:
    ep = pack.episode(episode_id)
    if ep is None or ep.release_date is None:
        return None
    day = datetime.fromisoformat(ep.release_date)
    return day.astimezone().astimezone(timezone.utc)  # local midnight of the release day


def _at_for(pack: Pack, episode_id: str, when: When, now: datetime) -> dict[str, Any]:
    """The ``at`` field for a watch event (absent: the recorded time)."""
    from .store import format_utc

    if when.mode == "now":
        return {}
    if when.mode == "unknown":
        return {"at": None}
    if when.mode == "aired":
        aired = _release_utc(pack, episode_id)
        if aired is None:
            raise UsageError(f"--at aired: the release date of {pack.episode(episode_id).code} is unknown")  # type: ignore[union-attr]
        return {"at": format_utc(aired)}
    assert when.value is not None
    if when.value > now + timedelta(minutes=1):
        raise UsageError(f"--at {when.value.astimezone():%Y-%m-%d %H:%M} is in the future")
    released = _release_utc(pack, episode_id)
    if released is not None and when.value < released - timedelta(days=1):
        code = pack.episode(episode_id).code  # type: ignore[union-attr]
        raise UsageError(
            f"--at {when.value.astimezone():%Y-%m-%d} is before {code} was released "
            f"({pack.episode(episode_id).release_date})"  # type: ignore[union-attr]
        )
    return {"at": format_utc(when.value)}


def _profile_for_write(doc: Doc, profile: str | None) -> str:
    from .store import DEFAULT_PROFILE, active_profile, ensure_profile, get_profile, validate_profile_name

    name = validate_profile_name(profile) if profile else active_profile(doc)  # in NFC, as names are stored
    if name == DEFAULT_PROFILE:
        ensure_profile(doc, name)
    else:
        get_profile(doc, name)  # UsageError naming the known profiles
    return name


def _current(doc: Doc, pack: Pack, profile: str) -> tuple[list[dict[str, Any]], Progress]:
    from .store import profile_events

    events = profile_events(doc, profile, pack.show_id)
    return events, Progress.from_events(pack, events)


def _append(
    doc: Doc, pack: Pack, profile: str, events: list[dict[str, Any]], change: Change, before: Progress | None = None
) -> Change:
    """Add ``events`` to the profile; ``before`` (its progress so far) is updated in place when given."""
    from .store import add_events, profile_events

    if events:
        add_events(doc, profile, pack.show_id, events)
    change.events = events
    change.profile = profile
    if before is not None and all(e["type"] != "undo" for e in events):
        for ev in events:
            before.apply(ev)
        change.progress = before
    else:
        change.progress = Progress.from_events(pack, profile_events(doc, profile, pack.show_id))
    return change


def _finish(doc: Doc, pack: Pack, profile: str, added: list[dict[str, Any]], change: Change) -> Change:
    from .store import profile_events

    change.events = added
    change.profile = profile
    change.progress = Progress.from_events(pack, profile_events(doc, profile, pack.show_id))
    return change


def _batch(existing: list[dict[str, Any]]) -> str:
    """One recorded time for every event of this command: undo's unit.

    It is later than every event already in the profile (by a microsecond if
    the clock has not moved), so no two commands share a recorded time.
    """
    from .store import format_utc, parse_utc, utc_now

    now = utc_now()
    if existing:
        last = max(parse_utc(e["recorded"]) for e in existing[-50:])
        if now <= last:
            try:
                now = last + timedelta(microseconds=1)
            except OverflowError:  # a hand-edited store: an event at the end of the calendar
                raise AodError(
                    f"this profile has an event recorded at {format_utc(last)}, after which nothing can be "
                    "added; correct that time in the store (see 'aod history')"
                ) from None
    return format_utc(now)


def unseen_before(pack: Pack, progress: Progress, episode_id: str) -> list[str]:
    """Episodes before ``episode_id`` that ``progress`` has neither watched nor skipped."""
    ep = pack.episode(episode_id)
    if ep is None:
        return []
    return [e.id for e in pack.episodes[: ep.position] if not progress.watched(e.id) and e.id not in progress.skipped]


def watch(
    pack: Pack,
    profile: str | None,
    ids: list[str],
    *,
    when: When,
    rewatch: bool,
    together: list[str] | None = None,
    jump: bool = False,
) -> Callable[[Doc], list[Change]]:
    """Mark ``ids`` watched for ``profile`` and, watching together, for each of ``together``.

    Together, every member's events share one recorded time, so one ``undo``
    takes the whole command back for all of them; and no member is moved past
    an episode they have not seen unless ``jump`` says so (``Change.jumped``
    then lists what each one skipped over, for the warning).
    """

    def mutate(doc: Doc) -> list[Change]:
        from .store import new_event, utc_now

        names = [_profile_for_write(doc, profile)]
        names += [n for n in (_profile_for_write(doc, m) for m in together or []) if n not in names]
        current = [_current(doc, pack, name) for name in names]
        now = utc_now()
        batch = max(_batch(raw) for raw, _ in current)
        changes = []
        for name, (_, prog) in zip(names, current, strict=True):
            change, events = Change(), []
            for ep_id in ids:
                again = prog.watched(ep_id)
                if again and not rewatch:
                    change.unchanged.append(ep_id)
                    continue
                if together:  # episodes this very command marks are not passed over
                    passed = [e for e in unseen_before(pack, prog, ep_id) if e not in ids]
                    if passed and not jump:
                        raise UsageError(_jump_message(pack, name, ep_id, passed))
                    change.jumped += [e for e in passed if e not in change.jumped]
                fields = _at_for(pack, ep_id, when, now)
                events.append(new_event("watch", episode=ep_id, rewatch=again, recorded=batch, **fields))
                change.changed.append(ep_id)
            changes.append(_append(doc, pack, name, events, change, prog))
        return changes

    return mutate


def _jump_message(pack: Pack, name: str, episode_id: str, passed: list[str]) -> str:
    from .specs import codes_text

    code = pack.episode(episode_id).code  # type: ignore[union-attr]
    return (
        f"{name} has not seen {codes_text(passed, pack)} before {code}; watch those first, "
        f"or add --jump to mark {code} for {name} anyway"
    )


def _mark(
    kind: str, pack: Pack, profile: str | None, ids: list[str], done: Callable[[Progress, str], bool]
) -> Callable[[Doc], Change]:
    """One ``kind`` event per episode, except where ``done(progress, episode)`` says nothing is to do."""

    def mutate(doc: Doc) -> Change:
        from .store import new_event

        name = _profile_for_write(doc, profile)
        raw, prog = _current(doc, pack, name)
        batch, change, events = _batch(raw), Change(), []
        for ep_id in ids:
            if done(prog, ep_id):
                change.unchanged.append(ep_id)
                continue
            events.append(new_event(kind, episode=ep_id, recorded=batch))
            change.changed.append(ep_id)
        return _append(doc, pack, name, events, change, prog)

    return mutate


def unwatch(pack: Pack, profile: str | None, ids: list[str]) -> Callable[[Doc], Change]:
    return _mark("unwatch", pack, profile, ids, lambda prog, ep: not prog.watched(ep))


def skip(pack: Pack, profile: str | None, ids: list[str]) -> Callable[[Doc], Change]:
    return _mark("skip", pack, profile, ids, lambda prog, ep: prog.watched(ep) or ep in prog.skipped)


def _one(kind: str, pack: Pack, profile: str | None, episode_id: str, **fields: Any) -> Callable[[Doc], Change]:
    """One ``kind`` event about one episode (a score, a note)."""

    def mutate(doc: Doc) -> Change:
        from .store import new_event

        name = _profile_for_write(doc, profile)
        raw, prog = _current(doc, pack, name)
        events = [new_event(kind, episode=episode_id, recorded=_batch(raw), **fields)]
        return _append(doc, pack, name, events, Change(changed=[episode_id]), prog)

    return mutate


def parse_score(text: str) -> int:
    """A score as typed (``7``, ``７``): a whole number from 1 to 10, else a usage error."""
    import unicodedata

    digits = unicodedata.normalize("NFKC", text).strip()
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 3 and 1 <= int(digits) <= 10):
        shown = digits[:20] if digits.isascii() and digits.isdigit() else repr(text.strip()[:20])
        raise UsageError(f"invalid score {shown}: give a whole number from 1 to 10")
    return int(digits)


def rate(pack: Pack, profile: str | None, episode_id: str, score: int) -> Callable[[Doc], Change]:
    if not 1 <= score <= 10:
        raise UsageError(f"invalid score {score}: give a whole number from 1 to 10")
    return _one("rate", pack, profile, episode_id, score=score)


def clear(
    kind: str, pack: Pack, profile: str | None, episode_id: str, then: str | None = None
) -> Callable[[Doc], Change]:
    """Clear the episode's score (``unrate``) or delete its notes (``unnote``), in one batch with,
    for ``note --edit``, the note ``then`` that replaces them. AodError when there is nothing to clear."""
    from .store import note_text_problem

    if then is not None and (problem := note_text_problem(then)):
        raise UsageError(f"invalid note: {problem}")

    def mutate(doc: Doc) -> Change:
        from .store import new_event

        name = _profile_for_write(doc, profile)
        raw, prog = _current(doc, pack, name)
        has = episode_id in (prog.ratings if kind == "unrate" else prog.notes)
        code = pack.episode(episode_id).code  # type: ignore[union-attr]
        if not has and then is None:
            what = "score to clear" if kind == "unrate" else "note to delete"
            raise AodError(f"{code} has no {what}")
        batch = _batch(raw)
        events = [new_event(kind, episode=episode_id, recorded=batch)] if has else []
        if then is not None:
            events.append(new_event("note", episode=episode_id, recorded=batch, text=then))
        return _append(doc, pack, name, events, Change(changed=[episode_id]), prog)

    return mutate


def note(pack: Pack, profile: str | None, episode_id: str, text: str) -> Callable[[Doc], Change]:
    from .store import note_text_problem

    problem = note_text_problem(text)
    if problem:
        raise UsageError(f"invalid note: {problem}")
    return _one("note", pack, profile, episode_id, text=text)


def undo(pack: Pack, profile: str | None, previous: Doc | None = None) -> Callable[[Doc], Change]:
    """Take back the last change, all of it, exactly.

    ``previous`` is the store's previous version (``store.json.bak``). When it is
    exactly one revision behind, the last change is what lies between the two:
    a removed profile comes back whole, and events that one command added (an
    import of many, a watch for a group) are taken back together, in every
    profile. Otherwise — or when that change was another profile's, or an undo —
    the profile's last batch (the events sharing one recorded time, which a
    group command shares across profiles) is taken back.
    """

    def mutate(doc: Doc) -> Change:
        name = _profile_for_write(doc, profile)
        last = _last_change(doc, pack, previous)
        if isinstance(last, str):
            return _bring_back_profile(doc, pack, previous, last, name)
        raw, prog = _current(doc, pack, name)
        if isinstance(last, dict) and last.get(name):  # the last change was (also) this profile's
            taken = last
        else:
            live = [e for e in raw if e["type"] != "undo" and e["id"] not in prog.undone]
            if not live:
                raise AodError("nothing to undo")
            taken = _batch_everywhere(doc, pack, name, live[-1]["recorded"])
        return _take_back(doc, pack, name, taken)

    return mutate


def _last_change(doc: Doc, pack: Pack, previous: Doc | None) -> dict[str, list[dict[str, Any]]] | str | None:
    """What the last commit did, from the version before it: the name of a profile it
    removed, or the live events it added per profile (None: unknown, or only undos)."""
    from .store import profile_events
    from .store.document import SYNCED_REVISION

    if previous is None or previous.get("revision") != doc.get("revision", 0) - 1:
        return None
    if doc.get(SYNCED_REVISION) == doc.get("revision"):  # the last commit was a sync: not a change to take back
        return None
    gone = [str(p) for p in previous.get("profiles", {}) if p not in doc["profiles"]]
    if gone:
        return gone[0]
    added: dict[str, list[dict[str, Any]]] = {}
    for name in doc["profiles"]:
        if name not in previous.get("profiles", {}):
            continue  # a profile the last change added (or brought back): nothing of it to take back
        before = {e["id"] for e in profile_events(previous, name, pack.show_id)}
        events = profile_events(doc, name, pack.show_id)
        undone = Progress.from_events(pack, events).undone
        new = [e for e in events if e["id"] not in before and e["type"] != "undo" and e["id"] not in undone]
        if new:
            added[name] = new
    return added or None


def _batch_everywhere(doc: Doc, pack: Pack, name: str, when: str) -> dict[str, list[dict[str, Any]]]:
    """The live events recorded at ``when``: the profile's, and any other profile's from the same command."""
    from .store import profile_events

    taken: dict[str, list[dict[str, Any]]] = {}
    for other in [name, *(p for p in doc.get("profiles") or {} if p != name)]:
        events = profile_events(doc, other, pack.show_id)
        if other != name and not any(e["recorded"] == when for e in events):
            continue
        undone = Progress.from_events(pack, events).undone
        mine = [e for e in events if e["recorded"] == when and e["type"] != "undo" and e["id"] not in undone]
        if mine:
            taken[other] = mine
    return taken


def _take_back(doc: Doc, pack: Pack, name: str, taken: dict[str, list[dict[str, Any]]]) -> Change:
    """One undo event per event of ``taken``, in each profile, at one recorded time."""
    from .store import new_event, profile_events

    batch = max(_batch(profile_events(doc, n, pack.show_id)) for n in {name, *taken})
    for other, targets in taken.items():
        if other != name:
            _append(doc, pack, other, [new_event("undo", target=t["id"], recorded=batch) for t in targets], Change())
    targets = taken.pop(name, [])
    events = [new_event("undo", target=t["id"], recorded=batch) for t in targets]
    change = Change(changed=[t["episode"] for t in targets if t.get("episode")])
    change = _append(doc, pack, name, events, change)
    change.unchanged = []
    change.events = targets  # what was taken back
    change.together = taken
    return change


def _bring_back_profile(doc: Doc, pack: Pack, previous: Doc | None, removed: str, name: str) -> Change:
    """Undo of ``aod profile remove``: the profile comes back as it was."""
    from .store import bring_back_profile

    assert previous is not None
    bring_back_profile(doc, removed, previous["profiles"][removed])
    change = Change(changed=[], restored_profile=removed)
    change.profile = name
    change.progress = Progress.from_events(pack, _current(doc, pack, name)[0])
    return change


def import_events(pack: Pack, profile: str | None, incoming: list[dict[str, Any]]) -> Callable[[Doc], Change]:
    """Merge checked events into the profile: known ids are skipped, the rest added in time order.

    Event ids are unique in the whole store. An imported event whose id
    belongs to another profile (an export of one profile imported into
    another) gets an id derived from the profile name and the original id, so
    importing the same file again still adds nothing.
    """

    def mutate(doc: Doc) -> Change:
        from .store import event_ids
        from .transfer import merge, ordered

        name = _profile_for_write(doc, profile)
        existing, _ = _current(doc, pack, name)
        elsewhere = event_ids(doc) - {e["id"] for e in existing}
        new, dupes = merge(existing, _rekeyed(incoming, elsewhere, name))
        if new:
            shows = doc["profiles"][name]["shows"]
            shows.setdefault(pack.show_id, {"events": []})["events"] = ordered(existing + new)
        change = Change(changed=[e["episode"] for e in new if e.get("episode")], duplicates=dupes)
        return _finish(doc, pack, name, new, change)

    return mutate


def derived_id(profile: str, ident: str) -> str:
    """The id an event with id ``ident`` gets in ``profile`` when another profile holds ``ident``."""
    import uuid

    return uuid.uuid5(uuid.NAMESPACE_URL, f"aodcli:{profile}:{ident}").hex


def _rekeyed(events: list[dict[str, Any]], taken: set[str], profile: str) -> list[dict[str, Any]]:
    def key(ident: str) -> str:
        return ident if ident not in taken else derived_id(profile, ident)

    out = []
    for ev in events:
        ev = dict(ev, id=key(ev["id"]))
        if ev.get("target"):
            ev["target"] = key(ev["target"])
        out.append(ev)
    return out
