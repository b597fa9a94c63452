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

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from .errors import UsageError
from .i18n import N_, _
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
    note: str | None = None  # said beside the command: a local time the clocks went back over


#: ``--at``'s error for what it cannot read (the whole input named).
AT_ERROR = N_(
    "invalid --at {text!r}: use now, aired, unknown, today, yesterday, N days ago, a weekday (friday, last friday), "
    "a time (21:30, yesterday 21:30) or a date like 2026-11-20 or 2026-11-20T21:30"
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
KOREAN_WEEKDAYS = ("월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일")
MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
#: ``last night`` (``어젯밤``: 지난 밤) is yesterday at this local time, in minutes after midnight.
LAST_NIGHT = 21 * 60
#: Every word ``--at`` reads, in every language (the Korean ones beside the English), as
#: (kind, value): ``day`` (days back from today), ``weekday`` (Monday is 0), ``last``,
#: ``days``, ``weeks``, ``hours``, ``minute`` (after a number: ``3 days ago``, ``2 hours ago``,
#: ``3일 전``), ``ago``; ``month`` (``Dec 3``, ``3 December``), ``night`` (``last night``);
#: ``ampm`` (``9pm``); ``future`` (``tomorrow``: refused, with the reason); and for a Korean time
#: of day (``오후 9시 30분``) ``half`` (hours to add), ``hour`` and ``minute`` (after a number), ``half-hour``.
AT_WORDS: dict[str, tuple[str, int]] = {
    "today": ("day", 0),
    "오늘": ("day", 0),
    "yesterday": ("day", 1),
    "어제": ("day", 1),
    "그저께": ("day", 2),
    "그제": ("day", 2),
    **{name: ("weekday", i) for i, name in enumerate(WEEKDAYS)},
    **{name: ("weekday", i) for i, name in enumerate(KOREAN_WEEKDAYS)},
    "last": ("last", 0),
    "지난": ("last", 0),
    "day": ("days", 0),
    "days": ("days", 0),
    "일": ("days", 0),
    "ago": ("ago", 0),
    "전": ("ago", 0),
    "오전": ("half", 0),
    "오후": ("half", 12),
    "시": ("hour", 0),
    "분": ("minute", 0),
    "반": ("half-hour", 30),
    "tomorrow": ("future", 1),
    "내일": ("future", 1),
    "모레": ("future", 2),
    "hour": ("hours", 0),
    "hours": ("hours", 0),
    "hr": ("hours", 0),
    "hrs": ("hours", 0),
    "시간": ("hours", 0),
    "minute": ("minute", 0),
    "minutes": ("minute", 0),
    "min": ("minute", 0),
    "mins": ("minute", 0),
    "week": ("weeks", 0),
    "weeks": ("weeks", 0),
    "주": ("weeks", 0),
    "am": ("ampm", 0),
    "pm": ("ampm", 12),
    "night": ("night", LAST_NIGHT),
    "밤": ("night", LAST_NIGHT),
    **{name: ("month", i + 1) for i, name in enumerate(MONTHS)},
    **{name[:3]: ("month", i + 1) for i, name in enumerate(MONTHS)},
    "sept": ("month", 9),
}
#: The Korean forms, as the error for a Korean ``--at`` it cannot read shows them.
AT_KOREAN_EXAMPLES = "오늘, 어제, 그저께, 3일 전, 지난 금요일, 오후 9시, 오전 9시 30분, 어제 오후 9시 30분, 21시 30분"


def parse_at(text: str, today: date | None = None) -> When:
    """Parse ``--at``: a keyword, a day in words, a time of day, or an ISO date / date-time.

    Days and times in words are local: ``yesterday`` is local midnight of
    yesterday, ``21:30`` (or ``9:30pm``) the latest 21:30 (today's, or yesterday's when it
    is not yet 21:30), ``friday`` the latest Friday up to today
    and ``last friday`` the one before today; the Korean words of :data:`AT_WORDS`
    (``어제 오후 9시 30분``) the same. The value is kept in UTC.
    """
    low = " ".join(unicodedata.normalize("NFKC", text).strip().lower().split())
    if low in ("now", "aired", "unknown"):
        return When(low)
    shown = text.strip()[:40]
    if not low or len(low) > 40:
        raise UsageError(_(AT_ERROR).format(text=text[:40]))
    try:
        value = _words_to_local(low, today or date.today())
        if value is None:
            raw = unicodedata.normalize("NFKC", text).strip()  # ２０２６-１１-２０ as typed with an IME
            value = datetime.fromisoformat(raw[:-1] + "+00:00" if raw.endswith(("Z", "z")) else raw)
        note = None
        if value.tzinfo is None:  # a naive time is local time
            value, note = _local(value, shown)
        return When("given", value.astimezone(timezone.utc), note)
    except _Future:
        raise UsageError(_("invalid --at {text!r}: a viewing cannot be in the future").format(text=shown)) from None
    except _BadWords as bad:
        if bad.time:
            message = _("invalid --at {text!r}: {part!r} is not a time of day")
        else:
            message = _("invalid --at {text!r}: {part!r} is not a day or a time (as in {examples})")
        raise UsageError(message.format(text=shown, part=bad.part, examples=AT_KOREAN_EXAMPLES)) from None
    except (ValueError, OverflowError, OSError):
        raise UsageError(_(AT_ERROR).format(text=shown)) from None


def _local(naive: datetime, shown: str) -> tuple[datetime, str | None]:
    """A naive local time as an aware one. A time the clocks skip (a spring-forward gap) is
    refused; one they pass twice (falling back) is the first, and the note says so."""
    first, second = naive.replace(fold=0).astimezone(), naive.replace(fold=1).astimezone()
    if first.replace(tzinfo=None) != naive and second.replace(tzinfo=None) != naive:
        message = _("invalid --at {text!r}: {time} does not exist here (the clocks skip it that day)")
        raise UsageError(message.format(text=shown, time=naive.strftime("%Y-%m-%d %H:%M")))
    if first.utcoffset() != second.utcoffset():
        note = _("{time} happened twice here (the clocks went back): took the first").format(
            time=naive.strftime("%Y-%m-%d %H:%M")
        )
        return first, note
    return first, None


class _BadWords(Exception):
    """Words ``--at`` cannot read, in a text that cannot be a date either (it has Korean words):
    ``part`` is the part to name, ``time`` says it is a time of day out of range."""

    def __init__(self, part: str, time: bool = False) -> None:
        super().__init__(part)
        self.part = part
        self.time = time


_AT_TOKEN = re.compile(r"([0-9]{1,2}):([0-9]{2})|[0-9]+|[a-z]+|[\uac00-\ud7a3]+|\S")
_KOREAN_AT_WORDS = sorted((w for w in AT_WORDS if not w.isascii()), key=len, reverse=True)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # a kind of AT_WORDS, "number" or "clock"
    value: int  # clock: minutes after midnight, or -1 for no such time
    start: int  # where it begins in the text


def _at_tokens(low: str) -> list[_Token] | None:
    """``low`` as words of :data:`AT_WORDS`, numbers and clock times; a run of Hangul is
    split into the words it is made of (``3일전``: 일, 전). None: something else (an ISO
    date); _BadWords naming the word when the text has Korean (then it is no date)."""
    tokens: list[_Token] = []
    for found in _AT_TOKEN.finditer(low):
        word, begin = found.group(), found.start()
        if found.group(1) is not None:
            hour, minute = int(found.group(1)), int(found.group(2))
            tokens.append(_Token("clock", hour * 60 + minute if hour < 24 and minute < 60 else -1, begin))
        elif word.isdigit():
            tokens.append(_Token("number", int(word), begin))
        elif word in AT_WORDS:
            tokens.append(_Token(*AT_WORDS[word], begin))
        elif "\uac00" <= word[0] <= "\ud7a3":
            at = 0
            while at < len(word):
                known = next((w for w in _KOREAN_AT_WORDS if word.startswith(w, at)), None)
                if known is None:
                    raise _BadWords(word)
                tokens.append(_Token(*AT_WORDS[known], begin + at))
                at += len(known)
        elif low.isascii():
            return None
        else:
            raise _BadWords(low[begin:].split(" ", 1)[0])
    return tokens


class _Future(Exception):
    """``tomorrow``: a viewing that has not happened."""


def _words_to_local(low: str, today: date, now: datetime | None = None) -> datetime | None:
    """``yesterday 21:30``, ``3 days ago``, ``last friday``, ``어제 오후 9시 30분``… as a naive
    local time (None: not words: an ISO date, or nothing we know)."""
    tokens = _at_tokens(low)
    if not tokens:
        return None
    kinds = [t.kind for t in tokens]
    at = 0

    def take(*want: str) -> bool:
        nonlocal at
        if kinds[at : at + len(want)] == list(want):
            at += len(want)
            return True
        return False

    day: date | None = None
    if take("future"):
        raise _Future
    if take("number", "hours", "ago") or take("number", "minute", "ago"):
        if at < len(tokens):
            raise ValueError(low)
        span = timedelta(hours=tokens[0].value) if kinds[1] == "hours" else timedelta(minutes=tokens[0].value)
        return (now or datetime.now()) - span
    if take("number", "weeks", "ago"):
        day = today - timedelta(weeks=tokens[0].value)
    elif take("last", "night"):
        day = today - timedelta(days=1)
        if at == len(tokens):
            return datetime.combine(day, time(*divmod(LAST_NIGHT, 60)))
    elif take("month", "number") or take("number", "month"):
        month, number = (
            (tokens[0].value, tokens[1].value) if kinds[0] == "month" else (tokens[1].value, tokens[0].value)
        )
        day = date(today.year, month, number)  # ValueError for 31 February
        if day > today:  # Dec 3 in January: the one before
            day = date(today.year - 1, month, number)
    elif take("day") or take("number", "days", "ago"):
        try:
            day = today - timedelta(days=tokens[0].value)
        except OverflowError:  # before year 1
            if low.isascii():
                raise
            raise _BadWords(low[: tokens[at].start if at < len(tokens) else len(low)].strip()) from None
    elif take("weekday") or take("last", "weekday"):
        back = (today.weekday() - tokens[at - 1].value) % 7
        day = today - timedelta(days=7 if at == 2 and back == 0 else back)
    begins = at
    minutes: int | None = None
    if take("clock", "ampm") or take("number", "ampm"):  # 9:30pm, 9 pm
        clock, shift = tokens[at - 2], tokens[at - 1].value
        hour, minute = divmod(clock.value, 60) if clock.kind == "clock" else (clock.value, 0)
        minutes = (hour % 12 + shift) * 60 + minute if 1 <= hour <= 12 and clock.value != -1 else -1
    elif take("clock"):
        minutes = tokens[at - 1].value
    elif take("half", "number", "hour") or take("number", "hour"):  # 오후 9시, 21시
        half, hour = (tokens[begins].value if at - begins == 3 else None), tokens[at - 2].value
        minute = tokens[at - 2].value if take("number", "minute") else 30 if take("half-hour") else 0
        if half is not None:
            hour = hour % 12 + half if 1 <= hour <= 12 else 24  # 오전 12시 is midnight, 오후 12시 noon
        minutes = hour * 60 + minute if hour < 24 and minute < 60 else -1
    if at < len(tokens) or begins == at == 0:
        if low.isascii():
            return None
        raise _BadWords(low[tokens[at if at < len(tokens) else 0].start :])
    if minutes == -1:
        if low.isascii():
            raise ValueError(low)
        raise _BadWords(low[tokens[begins].start :], time=True)
    moment = datetime.combine(day or today, time(*divmod(minutes or 0, 60)))
    if day is None and moment > (now or datetime.now()):  # 9pm at 5pm: the last 9pm, yesterday's
        moment -= timedelta(days=1)
    return moment


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
            code = pack.episode(episode_id).code  # type: ignore[union-attr]
            raise UsageError(_("--at aired: the release date of {code} is unknown").format(code=code))
        return {"at": format_utc(aired)}
    assert when.value is not None
    if when.value > now + timedelta(minutes=1):
        from .i18n.formats import datetime_text

        shown = datetime_text(when.value.astimezone())
        raise UsageError(_("--at {when} is in the future").format(when=shown))
    released = _release_utc(pack, episode_id)
    if released is not None and when.value < released - timedelta(days=1):
        from .i18n.formats import date_text

        ep = pack.episode(episode_id)
        assert ep is not None
        raise UsageError(
            _("--at {day} is before {code} was released ({release})").format(
                day=date_text(f"{when.value.astimezone():%Y-%m-%d}"), code=ep.code, release=date_text(ep.release_date)
            )
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
    for _name, profile in every_profile(doc):
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
        for name, (_events, prog) in zip(names, current, strict=True):
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
    return _(
        "{name} has not seen {codes} before {code}; watch those first, or add --jump to mark {code} for {name} anyway"
    ).format(name=name, codes=codes_text(passed, pack), code=code)


def _mark(
    kind: str, pack: Pack, profile: str | None, ids: list[str], done: Callable[[Progress, str], bool]
) -> Callable[[StoreDoc], Change]:
    """One ``kind`` event per episode, except where ``done(progress, episode)`` says nothing is to do."""

    def mutate(doc: StoreDoc) -> Change:
        name = profile_for_write(doc, profile)
        _events, prog = _current(doc, pack, name)
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
        _events, prog = _current(doc, pack, name)
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
        raise UsageError(_("invalid score {score}: give a whole number from 1 to 10").format(score=shown))
    return int(digits)


def rate(pack: Pack, profile: str | None, episode_id: str, score: int) -> Callable[[StoreDoc], Change]:
    if not 1 <= score <= 10:
        raise UsageError(_("invalid score {score}: give a whole number from 1 to 10").format(score=score))
    return _one("rate", pack, profile, episode_id, score=score)


def clear(
    kind: str, pack: Pack, profile: str | None, episode_id: str, then: str | None = None
) -> Callable[[StoreDoc], Change]:
    """Clear the episode's score (``unrate``) or delete its notes (``unnote``), in one batch with,
    for ``note --edit``, the note ``then`` that replaces them. Nothing to clear is no change: the
    episode is ``unchanged`` (the command says so and succeeds, as for any other removal)."""
    from .store import note_text_problem

    if then is not None and (problem := note_text_problem(then) or _hidden_problem(then)):
        raise UsageError(_("invalid note: {problem}").format(problem=problem))

    def mutate(doc: StoreDoc) -> Change:
        name = profile_for_write(doc, profile)
        _events, prog = _current(doc, pack, name)
        has = episode_id in (prog.ratings if kind == "unrate" else prog.notes)
        if not has and then is None:
            return Change(unchanged=[episode_id], profile=name, progress=prog)
        batch = Batch(doc, "note edit" if then is not None else kind)
        events = [batch.event(kind, episode=episode_id)] if has else []
        if then is not None:
            events.append(batch.event("note", episode=episode_id, text=then))
        batch.close(doc, bool(events))
        return _append(doc, pack, name, events, Change(changed=[episode_id]), prog)

    return mutate


def note(pack: Pack, profile: str | None, episode_id: str, text: str) -> Callable[[StoreDoc], Change]:
    from .store import note_text_problem

    problem = note_text_problem(text) or _hidden_problem(text)
    if problem:
        raise UsageError(_("invalid note: {problem}").format(problem=problem))
    return _one("note", pack, profile, episode_id, text=text)


def _hidden_problem(text: str) -> str | None:
    from .safetext import hidden_char_problem

    problem = hidden_char_problem(text)
    return _("{problem}: a note shows as it reads").format(problem=problem) if problem else None


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
        existing, _progress = _current(doc, pack, name)
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
