"""Netflix: the full data download's ``ViewingActivity.csv`` and the activity page's
``NetflixViewingHistory.csv``.

**ViewingActivity.csv** (Account → Security & privacy → Download your personal
information; ``netflix-report/CONTENT_INTERACTION/``) has one row per play
session of every profile of the account: ``Profile Name, Start Time, Duration,
Attributes, Title, Supplemental Video Type, Device Type, Bookmark, Latest
Bookmark, Country``. ``Start Time`` is UTC; ``Duration`` and ``Bookmark`` are
``H:MM:SS``. A row with a ``Supplemental Video Type`` (a trailer, hook, teaser,
recap…) is no viewing. An episode counts as watched when a session's duration
or bookmark reaches :data:`WATCHED_SHARE` of its runtime; sessions of one
episode on one (local) day add up; what stays below that is reported as
"started, not finished" and not marked. The watch time kept is the start of
the first session that counts.

**NetflixViewingHistory.csv** (Account → a profile → Viewing activity →
Download all) is ``Title,Date`` for one profile, one row per title and day,
with the date in the account's locale (``1/29/22``, ``29/01/2022``,
``2022. 1. 29.``): the order of day, month and year is found from the whole
file (every row must read as a real date, none in the future, and this
show's rows not before it was released) and asked for (``--date-order``) when
more than one order fits. A date has no time of day: it is recorded as local
midnight, as ``aod watch --at 2026-11-20`` does.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..transfer import BadImportFile
from .common import (
    DUPLICATES,
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
ACTIVITY_NAME = "Netflix viewing activity (ViewingActivity.csv, full data download)"
HISTORY_NAME = "Netflix viewing history (NetflixViewingHistory.csv, one profile)"
ACTIVITY_NEEDS = ("profile name", "start time", "duration", "title")
#: The share of an episode's runtime a viewing must cover to count as watched.
WATCHED_SHARE = 0.8
ORDERS = ("dmy", "mdy", "ymd")
ORDER_WORDS = {"dmy": "day/month/year", "mdy": "month/day/year", "ymd": "year/month/day"}


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


def read_activity(tables: list[Table], pack: Pack) -> Reading:
    names = ShowNames.of(pack)
    reading = Reading(ACTIVITY, ACTIVITY_NAME, profile_word="Netflix profile")
    sessions: dict[tuple[str, str], list[tuple[datetime, int, int, str, str]]] = {}
    for table in tables:
        missing = [c for c in ACTIVITY_NEEDS if c not in table.header]
        if missing:
            raise BadImportFile(
                f"{table.label}: a Netflix ViewingActivity.csv without the column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(_title_case(m) for m in missing)}"
            )
        reading.files.append(table.label)
        for line, row in table.rows():
            profile = row["profile name"].strip()
            title = row["title"]
            spot = where(table.label, line)
            placed = place_title(names, pack, title)
            if placed is None:
                reading.seen_profile(profile, of_show=False)
                reading.ignore(OTHER_TITLES, profile)
                continue
            reading.seen_profile(profile, of_show=True)
            if (row.get("supplemental video type") or "").strip():
                reading.ignore(EXTRAS, profile)
                continue
            if isinstance(placed, str):
                reading.unplace(spot, title, placed, profile)
                continue
            start = parse_time(row["start time"])
            duration = _seconds(row["duration"])
            if start is None or duration is None:
                bad = "start time" if start is None else "duration"
                reading.unplace(spot, title, f"unreadable {bad} {row[bad][:30]!r}", profile)
                continue
            bookmark = _seconds(row.get("bookmark") or "") or 0
            key = f"{profile}\x1f{row['start time'].strip()}\x1f{title}"
            sessions.setdefault((profile, placed.id), []).append((start, duration, bookmark, key, spot))
    for (profile, episode_id), found in sessions.items():
        _viewings_of(reading, pack, profile, episode_id, found)
    return reading


def _viewings_of(
    reading: Reading,
    pack: Pack,
    profile: str,
    episode_id: str,
    found: list[tuple[datetime, int, int, str, str]],
) -> None:
    """Turn one episode's sessions into viewings: each day's sessions add up (see the module doc)."""
    ep = pack.episode(episode_id)
    runtime = ep.runtime if ep is not None else None
    needed = WATCHED_SHARE * runtime * 60 if runtime else 0  # runtime unknown: every session counts
    found.sort(key=lambda s: (s[0], s[3]))
    seen_keys: set[str] = set()
    day: date | None = None
    run: list[tuple[datetime, int, int, str, str]] = []

    def close() -> None:
        if run:
            start, _, _, _, spot = run[0]
            reading.partial.append(Partial(episode_id, start, sum(s[1] for s in run), runtime, spot, profile))
            reading.ignore(PARTIAL, profile, len(run))

    for session in found:
        start, _, bookmark, key, _ = session
        if key in seen_keys:
            reading.ignore(DUPLICATES, profile)
            continue
        seen_keys.add(key)
        local_day = _local_day(start)
        if local_day != day:
            close()
            day, run = local_day, []
        run.append(session)
        if sum(s[1] for s in run) >= needed or bookmark >= needed:
            first = run[0]
            reading.viewings.append(Viewing(episode_id, first[0], f"{ACTIVITY}\x1f{first[3]}", first[4], profile))
            run = []
    close()


def _local_day(when: datetime) -> date:
    try:
        return when.astimezone().date()
    except (OverflowError, ValueError, OSError):  # the first or last day of the calendar: a hostile file
        return when.date()


def _title_case(column: str) -> str:
    return " ".join(w.capitalize() for w in column.split())


# ---------------------------------------------------------------- NetflixViewingHistory.csv

_DATE_RE = re.compile(r"\s*(\d{1,4})\s*[./\-년]\s*(\d{1,4})\s*[./\-월]\s*(\d{1,4})\s*[.일]?\s*")


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


def date_order(rows: list[tuple[str, bool]], release: date | None, given: str | None, label: str) -> str:
    """The order of the dates in ``rows`` (``(date text, of this show)``); UsageError when it is unclear.

    It is unclear when more than one order reads every date and the orders give
    different days for one of this show's rows (``1/1/22`` is the same day in all).
    """
    if given is not None:
        return given
    latest = date.today() + timedelta(days=1)
    possible = set(ORDERS)
    shapes: dict[frozenset[str], str] = {}
    for text, of_show in rows:
        fits = _fits(text, _earliest(of_show, release), latest)
        if fits:  # an unreadable date is reported (this show's rows) or ignored (others') when read
            shapes.setdefault(frozenset(fits), text.strip())
            possible &= fits
    if len(possible) == 1 or not shapes:
        return min(possible or {"ymd"})
    if not possible:
        samples = ", ".join(repr(s[:20]) for s in list(shapes.values())[:3])
        raise UsageError(
            f"{label}: the dates do not all read in one order ({samples}); "
            "give the order with --date-order dmy, mdy or ymd"
        )
    for text, of_show in rows:
        parts = _parts(text) if of_show else None
        if parts and len({_as_date(parts, o) for o in possible}) > 1:
            choices = sorted(possible)
            raise UsageError(
                f"{label}: the dates (e.g. {text.strip()[:20]!r}) read as "
                f"{' or '.join(ORDER_WORDS[c] for c in choices)}; say which with "
                f"--date-order {' or --date-order '.join(choices)}"
            )
    return min(possible)


def _earliest(of_show: bool, release: date | None) -> date:
    return release - timedelta(days=1) if (of_show and release) else date(2000, 1, 1)


def read_history(table: Table, pack: Pack, order: str | None) -> Reading:
    names = ShowNames.of(pack)
    reading = Reading(HISTORY, HISTORY_NAME, files=[table.label])
    rows = [(line, row.get("title") or "", row.get("date") or "") for line, row in table.rows()]
    placed = [place_title(names, pack, title) for _, title, _ in rows]
    release = _first_release(pack)
    chosen = date_order(
        [(text, p is not None) for (_, _, text), p in zip(rows, placed, strict=True)], release, order, table.label
    )
    seen: set[tuple[str, str]] = set()
    for (line, title, text), found in zip(rows, placed, strict=True):
        spot = where(table.label, line)
        if found is None:
            reading.ignore(OTHER_TITLES)
            continue
        if isinstance(found, str):
            reading.unplace(spot, title, found)
            continue
        parts = _parts(text)
        day = _as_date(parts, chosen) if parts else None
        if day is None:
            reading.unplace(spot, title, f"unreadable date {text[:30]!r} (read as {ORDER_WORDS[chosen]})")
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
