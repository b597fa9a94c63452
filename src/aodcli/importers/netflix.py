"""Netflix: the full data download's ``ViewingActivity.csv`` and the activity page's
``NetflixViewingHistory.csv``, in every language of :mod:`.languages`.

Titles name the show in the profile's language (``Estamos muertos: Temporada
1: Episodio 1 (Capítulo 1)``, ``All of Us Are Dead: 1. Sezon: 1. Bölüm``): the
show by any title in the pack (``title.netflix`` holds the localised ones), the
season and episode as :mod:`.languages` reads them. A trailer or clip
(``Season 1 Trailer: All of Us Are Dead``) is an extra; a row whose title is
the show's but whose numbering aod cannot read is listed as not placed, with
its title, never counted as another show.

**ViewingActivity.csv** (Account → Security & privacy → Download your personal
information; ``netflix-report/CONTENT_INTERACTION/``) has one row per play
session of every profile of the account: ``Profile Name, Start Time, Duration,
Attributes, Title, Supplemental Video Type, Device Type, Bookmark, Latest
Bookmark, Country``. ``Start Time`` is UTC; ``Duration`` and ``Bookmark`` are
``H:MM:SS``. A row with a ``Supplemental Video Type`` (a trailer, hook, teaser,
recap…) is no viewing. When is a session a viewing: see ``_viewings_of`` (the
time watched must reach :data:`WATCHED_SHARE` of the runtime, or the bookmark
must and the time watched :data:`PLAUSIBLE_SHARE`). A file a spreadsheet
re-saved (``5/10/2022 20:47``, ``18.03.21 14:53``) is read when the day order
is certain from the whole file, as below; else one line asks for
``--date-order`` or the original file.

**NetflixViewingHistory.csv** (Account → a profile → Viewing activity →
Download all) is ``Title,Date`` for one profile, one row per *title*, dated
the last day it was watched: a title watched twice appears once, so the file
has no first viewings and no rewatches. The date is in the account's locale
(``1/29/22``, ``29/01/2022``, ``2022. 1. 29.``): the order of day, month and
year is found from the whole file (every row must read as a real date, none in
the future, and this show's rows not before it was released) and asked for
(``--date-order``) when more than one order fits. A date has no time of day: it
is recorded as local midnight, as ``aod watch --at 2026-11-20`` does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..fileio import phrase
from ..fileio.phrase import Phrase
from ..i18n import N_, _, ngettext
from ..pack.model import Episode
from ..transfer import BadImportFile
from .common import (
    DUPLICATES,
    EXTRA,
    EXTRAS,
    OTHER_TITLES,
    PARTIAL,
    Partial,
    Reading,
    ShowNames,
    Table,
    Viewing,
    parse_time,
    place_title,
    where,
)

if TYPE_CHECKING:
    from ..pack.pack import Pack

ACTIVITY = "netflix-activity"
HISTORY = "netflix-history"
ACTIVITY_NAME = N_("Netflix viewing activity (ViewingActivity.csv, full data download)")
HISTORY_NAME = N_("Netflix viewing history (NetflixViewingHistory.csv, one profile)")
ACTIVITY_NEEDS = ("profile name", "start time", "duration", "title")
#: The share of an episode's runtime a viewing must cover to count as watched.
WATCHED_SHARE = 0.8
ORDERS = ("dmy", "mdy", "ymd")
ORDER_WORDS = {"dmy": N_("day/month/year"), "mdy": N_("month/day/year"), "ymd": N_("year/month/day")}


def looks_like_activity(header: list[str]) -> bool:
    return {"profile name", "start time", "title"} <= set(header)


def looks_like_history(header: list[str]) -> bool:
    return header[:2] == ["title", "date"] and all(not h for h in header[2:])


# ---------------------------------------------------------------- ViewingActivity.csv


def _seconds(text: str) -> int | None:
    found = re.fullmatch(r"\s*(\d{1,4}):(\d{1,2}):(\d{1,2})\s*", text or "")
    if found is None:
        return None
    h, m, s = (int(g) for g in found.groups())
    return h * 3600 + m * 60 + s if m < 60 and s < 60 else None


def read_activity(tables: list[Table], pack: Pack, order: str | None = None) -> Reading:
    names = ShowNames.of(pack)
    reading = Reading(ACTIVITY, ACTIVITY_NAME, profile_word=N_("Netflix profile"))
    found: dict[tuple[str, str], list[Session]] = {}
    resaved = DateOrders(_first_release(pack))  # Start Times a spreadsheet rewrote (``5/10/2022 20:47``)
    for table in tables:
        missing = [c for c in ACTIVITY_NEEDS if c not in table.header]
        if missing:
            raise BadImportFile(
                ngettext(
                    "{label}: a Netflix ViewingActivity.csv without the column {columns}",
                    "{label}: a Netflix ViewingActivity.csv without the columns {columns}",
                    len(missing),
                ).format(label=table.label, columns=", ".join(_title_case(m) for m in missing))
            )
        reading.files.append(table.label)
        for line, row in table.rows():
            profile = row["profile name"].strip()
            title = row["title"]
            spot = where(table.label, line)
            stamp = row["start time"].strip()
            start = parse_time(stamp)
            placed = place_title(names, pack, title)
            if start is None:
                resaved.add(_date_part(stamp), of_show=isinstance(placed, Episode))
            if placed is None:
                reading.seen_profile(profile, of_show=False)
                reading.ignore(OTHER_TITLES, profile)
                continue
            if placed is EXTRA or (row.get("supplemental video type") or "").strip():
                reading.seen_profile(profile, of_show=False)
                reading.ignore(EXTRAS, profile)
                continue
            reading.seen_profile(profile, of_show=True)
            if not isinstance(placed, Episode):
                assert isinstance(placed, Phrase)  # an extra was passed over above
                reading.unplace(spot, title, placed, profile)
                continue
            duration = _seconds(row["duration"])
            if duration is None:
                unreadable = phrase._("unreadable duration {value!r}", value=row["duration"][:30])
                reading.unplace(spot, title, unreadable, profile)
                continue
            bookmark = _seconds(row.get("bookmark") or "") or 0
            key = f"{profile}\x1f{stamp}\x1f{title}"
            session = Session(start, stamp, duration, bookmark, key, spot, title)
            found.setdefault((profile, placed.id), []).append(session)
    chosen = resaved.order(order, reading.files[0] if reading.files else "", resaved=True)
    for (profile, episode_id), sessions in found.items():
        timed = []
        for session in sessions:
            if session.start is None:
                session.start = _resaved_time(session.stamp, chosen)
            if session.start is None:
                unreadable = phrase._("unreadable start time {value!r}", value=session.stamp[:30])
                reading.unplace(session.spot, session.title, unreadable, profile)
            else:
                timed.append(session)
        _viewings_of(reading, pack, profile, episode_id, timed)
    return reading


@dataclass(slots=True)
class Session:
    """One ViewingActivity row of an episode: a play session."""

    start: datetime | None  # UTC; None until a re-saved Start Time is read in the file's order
    stamp: str  # the Start Time as written
    seconds: int
    bookmark: int
    key: str
    spot: Phrase
    title: str


#: Sessions of one episode within this long before a viewing count towards it (see ``_viewings_of``).
CARRY = timedelta(days=7)
#: The share of the runtime a viewing's sessions must add up to when the bookmark, not the time
#: watched, reaches the end (a 12-second skip to the credits is no viewing).
PLAUSIBLE_SHARE = 0.5


def _viewings_of(reading: Reading, pack: Pack, profile: str, episode_id: str, found: list[Session]) -> None:
    """Turn one episode's sessions into viewings.

    The sessions of one local day add up. A day's sessions are a viewing when
    they add up to WATCHED_SHARE of the runtime, or when the bookmark reaches
    it and the time watched (that day's, plus that of the episode's unfinished
    days in the CARRY before) adds up to PLAUSIBLE_SHARE. Unfinished days that
    such a viewing finishes are part of it; the others are listed as started,
    not finished. The watch time kept is the start of the day's first session.
    """
    ep = pack.episode(episode_id)
    runtime = ep.runtime if ep is not None else None
    needed = WATCHED_SHARE * runtime * 60 if runtime else 0  # runtime unknown: every session counts
    plausible = PLAUSIBLE_SHARE * runtime * 60 if runtime else 0
    found.sort(key=lambda s: (s.start, s.key))
    seen_keys: set[str] = set()
    unfinished: list[list[Session]] = []  # earlier days' runs, not (yet) part of a viewing
    run: list[Session] = []
    day: date | None = None

    def left_over(before: datetime | None) -> None:
        """The unfinished runs that started more than CARRY before ``before`` (all: None) are partial."""
        while unfinished and (before is None or _first(unfinished[0]) < before - CARRY):
            part = unfinished.pop(0)
            first = part[0]
            assert first.start is not None
            reading.partial.append(
                Partial(episode_id, first.start, sum(s.seconds for s in part), runtime, first.spot, profile)
            )
            reading.ignore(PARTIAL, profile)

    def close() -> None:
        if run:
            unfinished.append(list(run))

    for session in found:
        if session.key in seen_keys:
            reading.ignore(DUPLICATES, profile)
            continue
        seen_keys.add(session.key)
        assert session.start is not None
        local_day = _local_day(session.start)
        if local_day != day:
            close()
            day, run = local_day, []
            left_over(session.start)
        run.append(session)
        watched = sum(s.seconds for s in run)
        carried = sum(s.seconds for part in unfinished for s in part)
        if watched >= needed or (session.bookmark >= needed and watched + carried >= plausible):
            first = run[0]
            assert first.start is not None
            key = f"{ACTIVITY}\x1f{first.key}"
            reading.viewings.append(Viewing(episode_id, first.start, key, first.spot, profile))
            if watched < plausible:
                unfinished.clear()  # those days were the start of this viewing
            run = []
    close()
    left_over(None)


def _local_day(when: datetime) -> date:
    try:
        return when.astimezone().date()
    except (OverflowError, ValueError, OSError):  # the first or last day of the calendar: a hostile file
        return when.date()


def _first(run: list[Session]) -> datetime:
    assert run[0].start is not None
    return run[0].start


def _title_case(column: str) -> str:
    return " ".join(w.capitalize() for w in column.split())


# ---------------------------------------------------------------- NetflixViewingHistory.csv

_DATE_RE = re.compile(r"\s*(\d{1,4})\s*[./\-년]\s*(\d{1,4})\s*[./\-월]\s*(\d{1,4})\s*[.일]?\s*")
#: A Start Time a spreadsheet rewrote: ``5/10/2022 20:47``, ``2/3/22 2:28 PM``, ``2022-01-29 9:03``.
_RESAVED_RE = re.compile(
    r"\s*(?P<date>\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4})[ T]+(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?"
    r"(?:\.\d+)?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?\s*"
)


def _parts(text: str) -> tuple[str, str, str] | None:
    found = _DATE_RE.fullmatch(text or "")
    return (found.group(1), found.group(2), found.group(3)) if found else None


def _as_date(parts: tuple[str, str, str], order: str) -> date | None:
    y, m, d = (parts[order.index(c)] for c in "ymd")
    if len(y) not in (2, 4) or len(m) > 2 or len(d) > 2:
        return None
    year = int(y) + (2000 if len(y) == 2 else 0)
    try:
        return date(year, int(m), int(d))
    except ValueError:
        return None


def _fits(text: str, earliest: date, latest: date) -> set[str]:
    """The orders in which ``text`` reads as a date between ``earliest`` and ``latest``."""
    parts = _parts(text)
    if parts is None:
        return set()
    out = set()
    for order in ORDERS:
        day = _as_date(parts, order)
        if day is not None and earliest <= day <= latest:
            out.add(order)
    return out


def _date_part(stamp: str) -> str:
    found = _RESAVED_RE.fullmatch(stamp)
    return found.group("date") if found else stamp


def _resaved_time(stamp: str, order: str) -> datetime | None:
    """A re-saved Start Time (still UTC, as Netflix wrote it) read in the file's day order."""
    found = _RESAVED_RE.fullmatch(stamp)
    parts = _parts(found.group("date")) if found else None
    day = _as_date(parts, order) if (found and parts) else None
    if found is None or day is None:
        return None
    hour, minute, second = int(found.group("h")), int(found.group("m")), int(found.group("s") or 0)
    ampm = (found.group("ampm") or "").lower().replace(".", "")
    if ampm and not 1 <= hour <= 12:
        return None
    hour = hour % 12 + (12 if ampm == "pm" else 0) if ampm else hour
    if hour > 23 or minute > 59 or second > 59:
        return None
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=timezone.utc)


class DateOrders:
    """The day/month/year orders the dates of a whole file fit, gathered row by row.

    Every date must read as a real day (none in the future, and none of this
    show's before it was released); only this show's rows are kept, to tell
    whether the orders left give them different days.
    """

    def __init__(self, release: date | None) -> None:
        self.possible = set(ORDERS)
        self.shapes: dict[frozenset[str], str] = {}
        self.show_dates: list[str] = []
        self._latest = date.today() + timedelta(days=1)
        self._release = release

    def add(self, text: str, *, of_show: bool) -> None:
        earliest = self._release - timedelta(days=1) if (of_show and self._release) else date(2000, 1, 1)
        fits = _fits(text, earliest, self._latest)
        if fits:  # an unreadable date is reported (this show's rows) or ignored (others') when read
            self.shapes.setdefault(frozenset(fits), text.strip())
            self.possible &= fits
            if of_show:
                self.show_dates.append(text)

    def order(self, given: str | None, label: str, *, resaved: bool) -> str:
        """The order (``given`` if any); UsageError when the dates fit none, or several that disagree.
        ``resaved``: the Start Times of a ViewingActivity.csv a spreadsheet rewrote (else the dates
        of NetflixViewingHistory.csv): the message says so."""
        if given is not None:
            return given
        if len(self.possible) == 1 or not self.shapes:
            return min(self.possible or {"ymd"})
        if not self.possible:
            samples = ", ".join(repr(s[:20]) for s in list(self.shapes.values())[:3])
            if resaved:
                message = _(
                    "{label}: the dates do not all read in one order ({samples}); the file was re-saved by a "
                    "spreadsheet, which rewrote its Start Times; import the ViewingActivity.csv of Netflix's "
                    "download as it came, or give --date-order dmy, mdy or ymd"
                )
            else:
                message = _(
                    "{label}: the dates do not all read in one order ({samples}); "
                    "give the order with --date-order dmy, mdy or ymd"
                )
            raise UsageError(message.format(label=label, samples=samples))
        for text in self.show_dates:
            parts = _parts(text)
            if parts and len({_as_date(parts, o) for o in self.possible}) > 1:
                choices = sorted(self.possible)
                if resaved:
                    message = _(
                        "{label}: the dates (e.g. {sample!r}) read as {orders}; the file was re-saved by a "
                        "spreadsheet, which rewrote its Start Times; import the ViewingActivity.csv of Netflix's "
                        "download as it came, or give {options}"
                    )
                else:
                    message = _("{label}: the dates (e.g. {sample!r}) read as {orders}; give the order with {options}")
                raise UsageError(
                    message.format(
                        label=label,
                        sample=text.strip()[:20],
                        orders=either(_(ORDER_WORDS[c]) for c in choices),
                        options=either(f"--date-order {c}" for c in choices),
                    )
                )
        return min(self.possible)


def either(items: Iterable[str]) -> str:
    """``a or b or c``, in the interface language."""
    out = ""
    for item in items:
        out = _("{first} or {second}").format(first=out, second=item) if out else item
    return out


#: What an import of NetflixViewingHistory.csv can and cannot bring.
HISTORY_NOTE = N_(
    "This file lists each title once, on the last day it was watched: an episode watched twice shows once, "
    "and no time of day is given (kept as local midnight). Netflix's full data download has every viewing"
)


def read_history(table: Table, pack: Pack, order: str | None) -> Reading:
    """One profile's titles, each once, at the last day it was watched (see the module doc)."""
    names = ShowNames.of(pack)
    reading = Reading(HISTORY, HISTORY_NAME, files=[table.label], notes=[_(HISTORY_NOTE)])
    orders = DateOrders(_first_release(pack))
    for _line, row in table.rows():  # the first pass: the file's day order
        orders.add(row.get("date") or "", of_show=isinstance(place_title(names, pack, row.get("title") or ""), Episode))
    chosen = orders.order(order, table.label, resaved=False)
    seen: set[tuple[str, str]] = set()
    for line, row in table.rows():
        title, text = row.get("title") or "", row.get("date") or ""
        spot = where(table.label, line)
        found = place_title(names, pack, title)
        if found is None:
            reading.ignore(OTHER_TITLES)
            continue
        if found is EXTRA:
            reading.ignore(EXTRAS)
            continue
        if not isinstance(found, Episode):
            assert isinstance(found, Phrase)  # an extra was passed over above
            reading.unplace(spot, title, found)
            continue
        parts = _parts(text)
        day = _as_date(parts, chosen) if parts else None
        if day is None:
            unreadable = phrase._(
                "unreadable date {value!r} (read as {order})", value=text[:30], order=phrase._(ORDER_WORDS[chosen])
            )
            reading.unplace(spot, title, unreadable)
            continue
        if (found.id, day.isoformat()) in seen:
            reading.ignore(DUPLICATES)
            continue
        seen.add((found.id, day.isoformat()))
        at = datetime.combine(day, datetime.min.time()).astimezone().astimezone(timezone.utc)  # local midnight
        reading.viewings.append(Viewing(found.id, at, f"{HISTORY}\x1f{title}\x1f{day.isoformat()}", spot))
    return reading


def _first_release(pack: Pack) -> date | None:
    days = [e.release_date for e in pack.episodes if e.release_date]
    return date.fromisoformat(min(days)) if days else None
