"""From a Reading to one store commit: which viewer profiles, which events, all or nothing.

- **Profiles.** A source with several viewer profiles (Netflix's full
  download, a family's Trakt exports) needs ``--source-profile NAME`` (that
  profile, into the aod profile in use) or ``--all-profiles`` (each into the aod
  profile of the same name, created if need be; a name aod cannot take is an
  error naming it). Without either, the import stops (exit 2) and lists them.
- **Checks.** A viewing dated in the future or more than a day before its
  episode's release cannot be right: it is listed with the rows not placed.
- **Events.** Each viewing becomes a ``watch`` event whose id is a uuid5 of the
  show, the source kind, its viewer profile and the source row, so importing
  the same file again adds nothing. A viewing the profile already has (the
  same episode in the same minute, say from another source) is counted as
  already there, not added twice. All events of one import share one recorded
  time (``aod undo`` takes the whole import back) and keep the real viewing
  time in ``at`` (UTC).
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from ..fileio import phrase
from ..fileio.phrase import Phrase
from ..i18n import _, ngettext
from .common import NOT_PLACED, OTHER_PROFILES, Partial, Reading, Unplaced, Viewing, profile_words

if TYPE_CHECKING:
    from ..pack.pack import Pack
    from ..tracker import Change

#: How far in the future a viewing may be dated (another machine's clock may run ahead).
CLOCK_SKEW = timedelta(days=1)
MAX_PROFILES_SHOWN = 12


@dataclass(slots=True)
class Target:
    """The viewings going into one aod profile."""

    source_profile: str | None
    profile: str | None  # None: --profile / AOD_PROFILE, else the active profile
    create: bool  # --all-profiles: create the profile if need be
    viewings: list[Viewing] = field(default_factory=list)


@dataclass(slots=True)
class Selection:
    targets: list[Target]
    partial: list[Partial]
    unplaced: list[Unplaced]
    ignored: Counter[str]  # reason -> rows
    notes: list[str] = field(default_factory=list)  # about the source, and how its viewer profile was chosen


def _day(iso: str) -> Phrase:
    """A date in a reason: ISO in the JSON, as people write it when shown."""
    from ..i18n.formats import date_text

    return Phrase(iso, date_text(iso))


def vet(reading: Reading, pack: Pack, now: datetime | None = None) -> None:
    """Move viewings dated in the future or before their episode's release to the rows not placed."""
    latest = (now or datetime.now(timezone.utc)) + CLOCK_SKEW
    kept = []
    for v in reading.viewings:
        ep = pack.episode(v.episode)
        code = ep.code if ep else v.episode
        if v.at is not None and v.at > latest:
            future = phrase._(
                "dated {date} {time:%H:%M} UTC, in the future", date=_day(v.at.date().isoformat()), time=v.at
            )
            reading.unplace(v.where, code, future, v.profile)
            continue
        if v.at is not None and ep is not None and ep.release_date:
            released = datetime.fromisoformat(ep.release_date).astimezone().astimezone(timezone.utc)
            if v.at < released - timedelta(days=1):
                early = phrase._(
                    "dated {date}, before {code} was released ({release})",
                    date=_day(v.at.date().isoformat()),
                    code=code,
                    release=_day(ep.release_date),
                )
                reading.unplace(v.where, code, early, v.profile)
                continue
        kept.append(v)
    reading.viewings = kept
    plausible = []
    for p in reading.partial:  # not marked, but shown: a time no viewing can have is a row not placed
        if p.at > latest or p.at.year < 2000:
            impossible = phrase._("dated {date}, which cannot be a viewing", date=_day(p.at.date().isoformat()))
            reading.unplace(p.where, p.episode, impossible, p.profile)
        else:
            plausible.append(p)
    reading.partial = plausible


def _profile_list(reading: Reading) -> str:
    shown = []
    for p in reading.all_rows:
        n = reading.profiles.get(p, 0)
        shown.append(
            ngettext("{name!r} ({count} row of this show)", "{name!r} ({count} rows of this show)", n).format(
                name=p, count=n
            )
        )
    more = len(shown) - MAX_PROFILES_SHOWN
    listed = ", ".join(shown[:MAX_PROFILES_SHOWN])
    return _("{listed} and {more} more").format(listed=listed, more=more) if more > 0 else listed


def profile_name_for(name: str, taken: set[str]) -> str:
    """The aod profile a source's viewer profile goes into: its own name when aod can take it
    (``Wojtuś``), else its letters and digits joined by '-' (``Brother & Wife`` → ``Brother-Wife``;
    ``.`` → ``profile``), made unique against the folded names in ``taken``."""
    import unicodedata

    from ..profiles import fold, validate_profile_name

    text = unicodedata.normalize("NFC", unicodedata.normalize("NFKC", name)).strip()
    base = text if _takes(text) else re.sub(r"[\W_]+", "-", text).strip("-")[:32].strip("-")
    base = validate_profile_name(base) if _takes(base) else "profile"
    candidate, n = base, 2
    while fold(candidate) in taken:
        candidate, n = f"{base[:28]}-{n}", n + 1
    return candidate


def _takes(name: str) -> bool:
    from ..profiles import validate_profile_name

    try:
        validate_profile_name(name)
    except UsageError:
        return False
    return True


def _pick(reading: Reading, name: str, label: str) -> str:
    if name in reading.all_rows:
        return name
    folded = [p for p in reading.all_rows if p.casefold() == name.casefold()]
    if len(folded) == 1:
        return folded[0]
    known = _profile_list(reading)
    raise UsageError(
        _("--source-profile {name!r}: {label} has no such {word} ({known})").format(
            name=name, label=label, word=_(reading.profile_word), known=known
        )
    )


def select(
    reading: Reading,
    label: str,
    *,
    source_profile: str | None,
    all_profiles: bool,
    profile_given: bool,
) -> Selection:
    """Which viewer profiles go where (the usage errors of profile selection)."""
    from ..profiles import fold

    word = reading.profile_word
    several = len(reading.all_rows) > 1
    if all_profiles and (source_profile is not None or profile_given):
        other = "--source-profile" if source_profile is not None else "--profile"
        raise UsageError(
            _("--all-profiles imports each {word} into the aod profile of its name: drop {option}").format(
                word=_(word), option=other
            )
        )
    if (all_profiles or source_profile is not None) and not reading.all_rows:
        option = "--all-profiles" if all_profiles else "--source-profile"
        if not (reading.viewings or reading.unplaced or reading.partial or reading.ignored):
            raise UsageError(
                _("{option}: {label} has no viewings in it (no rows under its header)").format(
                    option=option, label=label
                )
            )
        raise UsageError(
            _("{option}: {label} is one person's history (it has no viewer profiles); leave it out").format(
                option=option, label=label
            )
        )
    targets: list[Target]
    note = None
    with_show = [p for p in reading.all_rows if reading.profiles.get(p)]
    if all_profiles:
        taken: set[str] = set()
        named: dict[str, str] = {}
        for as_is in (True, False):  # names aod takes as they are first: 'Jun' stays Jun beside '\u202eJun'
            for name in with_show:  # a profile with no rows of this show: no profile to create
                if name not in named and (not as_is or _takes(name)):
                    named[name] = profile_name_for(name, taken)
                    taken.add(fold(named[name]))
        targets = [Target(name, named[name], True) for name in with_show]
    elif source_profile is not None:
        targets = [Target(_pick(reading, source_profile, label), None, False)]
    elif several and len(with_show) > 1:
        raise UsageError(
            _(
                "{label} has {count} {words} with rows of this show: {profiles}; choose one "
                "with --source-profile NAME, or import each into the aod profile of the same name with --all-profiles"
            ).format(label=label, count=len(with_show), words=profile_words(word), profiles=_profile_list(reading))
        )
    elif several:
        targets = [Target(p, None, False) for p in with_show]
        if with_show:
            note = _(
                "Of the {count} {words} in {label}, only '{name}' has rows of this show: "
                "imported it (--source-profile picks another)"
            ).format(count=len(reading.all_rows), words=profile_words(word), label=label, name=with_show[0])
        else:
            note = _("None of the {count} {words} in {label} has rows of this show").format(
                count=len(reading.all_rows), words=profile_words(word), label=label
            )
    else:
        only = next(iter(reading.all_rows), None)
        targets = [Target(only, None, False)]
    chosen: set[str | None] = set(reading.all_rows) if all_profiles else {t.source_profile for t in targets}
    chosen.add(None)
    by_profile = {t.source_profile: t for t in targets}
    for v in reading.viewings:
        if v.profile in by_profile:
            by_profile[v.profile].viewings.append(v)
    ignored: Counter[str] = Counter()
    for (profile, reason), n in reading.ignored.items():
        if profile in chosen and n:
            ignored[reason] += n
    others = sum(n for p, n in reading.all_rows.items() if p not in chosen)
    if others:
        ignored[OTHER_PROFILES] += others
    unplaced = [u for u in reading.unplaced if u.profile in chosen]
    if unplaced:
        ignored[NOT_PLACED] += len(unplaced)
    partial = sorted((p for p in reading.partial if p.profile in chosen), key=lambda p: (p.at, p.episode))
    notes = [*reading.notes, *([note] if note else [])]
    return Selection([t for t in targets if t.viewings or not all_profiles], partial, unplaced, ignored, notes)


def event_id(pack: Pack, kind: str, viewing: Viewing) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"aodcli:import:{pack.show_id}:{kind}:{viewing.key}").hex


def _minute(stamp: str | None) -> str | None:
    return stamp[:16] if stamp else None


def commit_plan(
    pack: Pack, kind: str, targets: list[Target], requested: str | None
) -> Callable[[dict[str, Any]], list[Change]]:
    """The ``mutate`` for ``store.commit``: each target's new viewings merged into its profile."""

    def mutate(doc: dict[str, Any]) -> list[Change]:
        from ..profiles import DEFAULT_PROFILE, active_profile, ensure_profile, get_profile, resolve_profile
        from ..progress import Progress
        from ..store import format_utc, new_event, profile_events
        from ..tracker import Batch, import_events

        names = []
        for t in targets:
            name = t.profile or requested or active_profile(doc)
            if t.create:
                ensure_profile(doc, name)
            elif name != DEFAULT_PROFILE:
                get_profile(doc, name)  # UsageError naming the known profiles
            names.append(resolve_profile(doc, name) or name)  # names match ignoring case
        if not names:
            return []
        batch = Batch(doc, "import")
        changes = []
        for t, name in zip(targets, names, strict=True):
            existing = profile_events(doc, name, pack.show_id)
            progress = Progress.from_events(pack, existing)
            have: set[tuple[str, str]] = set()
            unknown: Counter[str] = Counter()  # viewings of unknown time, by episode: matched by count
            for ep, views in progress.views.items():
                for ev in views:
                    minute = _minute(ev["at"] if "at" in ev else ev["recorded"])
                    if minute is None:
                        unknown[ep] += 1
                    else:
                        have.add((ep, minute))
            watched = set(progress.views)
            events, same = [], 0
            for v in sorted(t.viewings, key=lambda v: (v.at is None, v.at.timestamp() if v.at else 0.0, v.key)):
                at = format_utc(v.at) if v.at is not None else None
                minute = _minute(at)
                if minute is None and unknown[v.episode] > 0:
                    unknown[v.episode] -= 1  # the profile has this many viewings of unknown time already
                    same += 1
                    continue
                if minute is not None and (v.episode, minute) in have:
                    same += 1
                    continue
                if minute is not None:
                    have.add((v.episode, minute))
                rewatch = v.episode in watched
                fields = {"id": event_id(pack, kind, v), "recorded": batch.recorded, "at": at, "rewatch": rewatch}
                events.append(new_event("watch", episode=v.episode, **fields))
                watched.add(v.episode)
            change = import_events(pack, name, events, batch)(doc)
            change.duplicates += same
            changes.append(change)
        batch.close(doc, any(c.events for c in changes))
        return changes

    return mutate
