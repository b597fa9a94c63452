"""Changes to a profile's progress, planned inside the store's lock.

Each function returns a ``mutate`` for ``store.commit``: it reads the current
document (under the lock), decides what to add from the events already there,
appends the new events and returns a ``Change``. Nothing here prints.

Events written by one command share one ``batch`` id, in every profile they
touch, and the command is noted in this device's journal, so that ``aod undo``
takes back exactly that command (:mod:`aodcli.undo`). A command that writes
nothing makes no batch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from .errors import AodError, UsageError
from .pack.pack import Pack
from .progress import Progress

#: The parsed store (``store/document.py``); ``output.doc.Doc`` is what a command shows people.
StoreDoc = dict[str, Any]


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
    summary: str = ""  # undo/redo: what was taken back or put back, in a few words


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


def profile_for_write(doc: StoreDoc, profile: str | None) -> str:
    from .profiles import (
        DEFAULT_PROFILE,
        active_profile,
        ensure_profile,
        get_profile,
        resolve_profile,
        validate_profile_name,
    )

    name = validate_profile_name(profile) if profile else active_profile(doc)  # in NFC, as names are stored
    if name == DEFAULT_PROFILE:
        ensure_profile(doc, name)
    else:
        get_profile(doc, name)  # UsageError naming the known profiles
    return resolve_profile(doc, name) or name  # the stored name (names match ignoring case)


def _current(doc: StoreDoc, pack: Pack, profile: str) -> tuple[list[dict[str, Any]], Progress]:
    from .store import profile_events

    events = profile_events(doc, profile, pack.show_id)
    return events, Progress.from_events(pack, events)


def _append(
    doc: StoreDoc,
    pack: Pack,
    profile: str,
    events: list[dict[str, Any]],
    change: Change,
    before: Progress | None = None,
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


def _finish(doc: StoreDoc, pack: Pack, profile: str, added: list[dict[str, Any]], change: Change) -> Change:
    from .store import profile_events

    change.events = added
    change.profile = profile
    change.progress = Progress.from_events(pack, profile_events(doc, profile, pack.show_id))
    return change


class Batch:
    """The batch one command writes: its id, its one recorded time and its ``seq`` (one more
    than any this store has seen: a later command's events always order after the events
    it saw, whatever the clocks say). :meth:`close` notes it in this device's journal when
    the command wrote anything."""

    __slots__ = ("command", "extra", "id", "recorded", "seq")

    def __init__(self, doc: StoreDoc, command: str, **extra: str) -> None:
        from .events import new_id
        from .store import now_str

        self.id = new_id()
        self.recorded = now_str()
        self.seq = next_seq(doc)
        self.command = command
        self.extra = extra

    def event(self, kind: str, **fields: Any) -> dict[str, Any]:
        from .store import new_event

        fields.setdefault("seq", self.seq)
        return new_event(kind, batch=self.id, recorded=self.recorded, **fields)

    def close(self, doc: StoreDoc, wrote: bool) -> None:
        from .store import record_batch

        if wrote:
            record_batch(doc, self.id, self.command, **self.extra)


def next_seq(doc: StoreDoc) -> int:
    """One more than the highest ``seq`` of any event in the store (removed profiles' too)."""
    from .store import every_profile

    top = 0
    for _, profile in every_profile(doc):
        for show in profile["shows"].values():
            for ev in show["events"]:
                seq = ev.get("seq")
                if type(seq) is int and seq > top:
                    top = seq
    return top + 1


def add_profile(name: str) -> Callable[[StoreDoc], str]:
    """``aod profile add``: a new empty profile (undo removes it again)."""

    def mutate(doc: StoreDoc) -> str:
        from .profiles import add_profile as add

        add(doc, name)
        Batch(doc, "profile add", profile=name).close(doc, True)
        return name

    return mutate


def use_profile(name: str) -> Callable[[StoreDoc], str]:
    """``aod profile use``: make a profile the active one (undo switches back); returns its stored name."""

    def mutate(doc: StoreDoc) -> str:
        from .profiles import use_profile as use

        before = doc["active_profile"]
        found = use(doc, name)
        Batch(doc, "profile use", profile=found, **{"from": before}).close(doc, found != before)
        return found

    return mutate


def remove_profile(name: str) -> Callable[[StoreDoc], str]:
    """``aod profile remove``: remove a profile and its progress (undo brings it back)."""

    def mutate(doc: StoreDoc) -> str:
        from .profiles import remove_profile as remove
        from .profiles import resolve_profile

        found = resolve_profile(doc, name) or name
        batch = Batch(doc, "profile remove", profile=found)
        remove(doc, found, batch.id)
        batch.close(doc, True)
        return found

    return mutate


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
) -> Callable[[StoreDoc], list[Change]]:
    """Mark ``ids`` watched for ``profile`` and, watching together, for each of ``together``.

    Together, every member's events share one batch, so one ``undo``
    takes the whole command back for all of them; and no member is moved past
    an episode they have not seen unless ``jump`` says so (``Change.jumped``
    then lists what each one skipped over, for the warning).
    """

    def mutate(doc: StoreDoc) -> list[Change]:
        from .store import utc_now

        names = [profile_for_write(doc, profile)]
        names += [n for n in (profile_for_write(doc, m) for m in together or []) if n not in names]
        current = [_current(doc, pack, name) for name in names]
        now = utc_now()
        batch = Batch(doc, "watch")
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
                events.append(batch.event("watch", episode=ep_id, rewatch=again, **fields))
                change.changed.append(ep_id)
            changes.append(_append(doc, pack, name, events, change, prog))
        batch.close(doc, any(c.events for c in changes))
        return changes

    return mutate


def _jump_message(pack: Pack, name: str, episode_id: str, passed: list[str]) -> str:
    from .episode_specs import codes_text

    code = pack.episode(episode_id).code  # type: ignore[union-attr]
    return (
        f"{name} has not seen {codes_text(passed, pack)} before {code}; watch those first, "
        f"or add --jump to mark {code} for {name} anyway"
    )


def _mark(
    kind: str, pack: Pack, profile: str | None, ids: list[str], done: Callable[[Progress, str], bool]
) -> Callable[[StoreDoc], Change]:
    """One ``kind`` event per episode, except where ``done(progress, episode)`` says nothing is to do."""

    def mutate(doc: StoreDoc) -> Change:
        name = profile_for_write(doc, profile)
        _, prog = _current(doc, pack, name)
        batch, change, events = Batch(doc, kind), Change(), []
        for ep_id in ids:
            if done(prog, ep_id):
                change.unchanged.append(ep_id)
                continue
            events.append(batch.event(kind, episode=ep_id))
            change.changed.append(ep_id)
        batch.close(doc, bool(events))
        return _append(doc, pack, name, events, change, prog)

    return mutate


def unwatch(pack: Pack, profile: str | None, ids: list[str]) -> Callable[[StoreDoc], Change]:
    return _mark("unwatch", pack, profile, ids, lambda prog, ep: not prog.watched(ep))


def skip(pack: Pack, profile: str | None, ids: list[str]) -> Callable[[StoreDoc], Change]:
    return _mark("skip", pack, profile, ids, lambda prog, ep: prog.watched(ep) or ep in prog.skipped)


def _one(kind: str, pack: Pack, profile: str | None, episode_id: str, **fields: Any) -> Callable[[StoreDoc], Change]:
    """One ``kind`` event about one episode (a score, a note)."""

    def mutate(doc: StoreDoc) -> Change:
        name = profile_for_write(doc, profile)
        _, prog = _current(doc, pack, name)
        batch = Batch(doc, kind)
        events = [batch.event(kind, episode=episode_id, **fields)]
        batch.close(doc, True)
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


def rate(pack: Pack, profile: str | None, episode_id: str, score: int) -> Callable[[StoreDoc], Change]:
    if not 1 <= score <= 10:
        raise UsageError(f"invalid score {score}: give a whole number from 1 to 10")
    return _one("rate", pack, profile, episode_id, score=score)


def clear(
    kind: str, pack: Pack, profile: str | None, episode_id: str, then: str | None = None
) -> Callable[[StoreDoc], Change]:
    """Clear the episode's score (``unrate``) or delete its notes (``unnote``), in one batch with,
    for ``note --edit``, the note ``then`` that replaces them. AodError when there is nothing to clear."""
    from .store import note_text_problem

    if then is not None and (problem := note_text_problem(then)):
        raise UsageError(f"invalid note: {problem}")

    def mutate(doc: StoreDoc) -> Change:
        name = profile_for_write(doc, profile)
        _, prog = _current(doc, pack, name)
        has = episode_id in (prog.ratings if kind == "unrate" else prog.notes)
        code = pack.episode(episode_id).code  # type: ignore[union-attr]
        if not has and then is None:
            what = "score to clear" if kind == "unrate" else "note to delete"
            raise AodError(f"{code} has no {what}")
        batch = Batch(doc, "note edit" if then is not None else kind)
        events = [batch.event(kind, episode=episode_id)] if has else []
        if then is not None:
            events.append(batch.event("note", episode=episode_id, text=then))
        batch.close(doc, bool(events))
        return _append(doc, pack, name, events, Change(changed=[episode_id]), prog)

    return mutate


def note(pack: Pack, profile: str | None, episode_id: str, text: str) -> Callable[[StoreDoc], Change]:
    from .store import note_text_problem

    problem = note_text_problem(text)
    if problem:
        raise UsageError(f"invalid note: {problem}")
    return _one("note", pack, profile, episode_id, text=text)


def import_events(
    pack: Pack, profile: str | None, incoming: list[dict[str, Any]], batch: Batch | None = None
) -> Callable[[StoreDoc], Change]:
    """Merge checked events into the profile: known ids are skipped, the rest added in time order.

    The events added get the import's batch (``batch``: one shared by several
    profiles' imports; else one of its own, noted in the journal).
    Event ids are unique in the whole store. An imported event whose id
    belongs to another profile (an export of one profile imported into
    another) gets an id derived from the profile name and the original id, so
    importing the same file again still adds nothing.
    """

    def mutate(doc: StoreDoc) -> Change:
        from .store import event_ids
        from .transfer import merge

        name = profile_for_write(doc, profile)
        existing, _ = _current(doc, pack, name)
        # ids held elsewhere, removed profiles' too (their removal, when synced, takes those ids' batches)
        elsewhere = event_ids(doc) - {e["id"] for e in existing}
        from .events import live

        # What the file shows (its undos applied): the import is then one batch of this device.
        shown = [{k: v for k, v in ev.items() if k not in ("batch", "seq")} for ev in live(incoming)]
        new, dupes = merge(existing, _rekeyed(shown, elsewhere, name))
        mine = batch or Batch(doc, "import")
        from .transfer import ordered as in_time

        base = max(mine.seq, next_seq(doc))  # in the file's order, after everything already here
        new = [{**ev, "batch": mine.id, "seq": base + i} for i, ev in enumerate(in_time(new))]
        if batch is None:
            mine.close(doc, bool(new))
        if new:
            shows = doc["profiles"][name]["shows"]
            shows.setdefault(pack.show_id, {"events": []})["events"] = existing + new
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
