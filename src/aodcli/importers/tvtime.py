"""TV Time's GDPR export: ``seen_episode.csv`` and ``tracking-prod-records*.csv``.

(The export made from TV Time's app, ``tvtime-series-episodes.csv`` and
``tvtime-series.json``, is another format: :mod:`.tvtime_app`.)

TV Time (shut down on 15 July 2026) sent its users a zip of CSV files on
request (a GDPR data request to support@tvtime.com; the zip came with a
password in a second mail). Two kinds of file hold episode viewings, and their
headers changed over the years; aod takes the first column it finds of each:

- the show: ``tv_show_name`` or ``series_name``;
- the season: ``episode_season_number`` or ``season_number``;
- the episode: ``episode_number``;
- the time: ``created_at``, else ``watch_date_range_key``, else ``updated_at``
  (``2022-01-29 14:03:12``, UTC). The first of them a row fills is its time.
  ``watch_date_range_key`` is how the older ``tracking-prod-records.csv`` ("v1")
  keys a viewing by its date, ``watch-date-1643465000`` (Unix seconds); some of
  its rows carry their time only there. A key that holds a date
  (``watch-date-2022-01-29``) is read too; see :func:`range_key_time`.

``tracking-prod-records*.csv`` also holds rows that are no viewings: with a
``key`` column only ``watch-episode…`` and ``rewatch-episode…`` rows are, with
a ``type`` column only ``watch``/``rewatch``; films (``movie_name``) are other
titles. One viewing often appears in both files: it is imported once. A TV
Time export is one person's: it has no viewer profiles.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from ..fileio import phrase
from ..i18n import N_, _
from ..transfer import BadImportFile
from .common import (
    DUPLICATES,
    NOT_VIEWINGS,
    OTHER_TITLES,
    Reading,
    ShowNames,
    Table,
    Viewing,
    episode_or_reason,
    parse_int,
    parse_time,
    where,
)

if TYPE_CHECKING:
    from ..pack.pack import Pack

KIND = "tvtime"
NAME = N_("TV Time GDPR export (seen_episode.csv / tracking-prod-records*.csv)")
SHOW = ("tv_show_name", "series_name")
SEASON = ("episode_season_number", "season_number")
EPISODE = ("episode_number",)
RANGE_KEY = "watch_date_range_key"
TIME = ("created_at", RANGE_KEY, "updated_at")
NEEDED = {"show": SHOW, "season": SEASON, "episode": EPISODE, "time": TIME}
#: What a TV Time file lacks, for each of NEEDED (translated where shown).
MISSING = {
    "show": N_("no show column ({columns})"),
    "season": N_("no season column ({columns})"),
    "episode": N_("no episode column ({columns})"),
    "time": N_("no time column ({columns})"),
}
#: Columns only TV Time's files have: a CSV with one of them is read as TV Time's.
MARKERS = ("tv_show_name", "series_name", "episode_season_number")
#: The files that hold viewings, inside an export's folder or zip (other files, such as
#: episode_emotion.csv, have the same columns and are no viewings).
FILE_RE = re.compile(r"(seen_episode.*|tracking-prod-records.*)\.csv", re.IGNORECASE)


def looks_like_tvtime(header: list[str]) -> bool:
    return any(m in header for m in MARKERS)


#: Columns of TV Time's files about reactions and ratings, which have the viewing columns too.
NOT_VIEWING_COLUMNS = ("emotion_id", "rating", "rate", "vote")


def missing_columns(header: list[str]) -> list[str]:
    """What a TV Time file lacks to be read, in words (empty: nothing)."""
    have = set(header)
    return [
        _(MISSING[what]).format(columns=_(" or ").join(names))
        for what, names in NEEDED.items()
        if not have & set(names)
    ]


def read_files(tables: list[Table], pack: Pack) -> Reading:
    names = ShowNames.of(pack)
    reading = Reading(KIND, NAME)
    seen: set[str] = set()
    for table in tables:
        other = next((c for c in NOT_VIEWING_COLUMNS if c in table.header), None)
        if other is not None:
            raise BadImportFile(
                _(
                    "{label}: a TV Time file of reactions or ratings ({column}), not of viewings; "
                    "import seen_episode.csv or tracking-prod-records*.csv (or the whole export)"
                ).format(label=table.label, column=other)
            )
        missing = missing_columns(table.header)
        if missing:
            raise BadImportFile(
                _("{label}: a TV Time file aod cannot read: {missing}").format(
                    label=table.label, missing="; ".join(missing)
                )
            )
        reading.files.append(table.label)
        show_col, season_col = table.has(*SHOW), table.has(*SEASON)
        times = [c for c in TIME if c in table.header]
        id_col = table.has("tv_show_id", "s_id", "series_id")
        for line, row in table.rows():
            spot = where(table.label, line)
            if not _is_viewing(row):
                reading.ignore(NOT_VIEWINGS)
                continue
            name = (row.get(show_col or "") or "").strip()
            film = (row.get("movie_name") or "").strip() and not (row.get("episode_number") or "").strip()
            if not name or film:
                reading.ignore(OTHER_TITLES)
                continue
            tvdb = parse_int(row.get(id_col or "") or "") if id_col else None
            ours = (tvdb == names.tvdb) if (names.tvdb and tvdb is not None) else names.is_title(name)
            if not ours:
                reading.ignore(OTHER_TITLES)
                continue
            season, number = parse_int(row.get(season_col or "")), parse_int(row.get("episode_number"))
            title = f"{name} {row.get(season_col or '', '')[:6]}x{row.get('episode_number', '')[:6]}"
            if season is None or number is None:
                reading.unplace(spot, title, phrase._("no season or episode number"))
                continue
            placed = episode_or_reason(pack, season, number)
            if isinstance(placed, str):
                reading.unplace(spot, title, placed)
                continue
            column, stamp = next(((c, row[c].strip()) for c in times if row.get(c, "").strip()), ("", ""))
            at = range_key_time(stamp) if column == RANGE_KEY else parse_time(stamp)
            if at is None:
                if stamp:
                    reading.unplace(spot, title, phrase._("unreadable time {value!r}", value=stamp[:30]))
                else:
                    reading.unplace(spot, title, phrase._("no time"))
                continue
            key = f"{KIND}\x1f{placed.id}\x1f{at.isoformat()}"
            if key in seen:
                reading.ignore(DUPLICATES)
                continue
            seen.add(key)
            reading.viewings.append(Viewing(placed.id, at, key, spot))
    return reading


_RANGE_EPOCH_RE = re.compile(r"(?:[a-z]+-)*(\d{9,13})")
_RANGE_DATE_RE = re.compile(r"(?:[a-z]+-)*(\d{4}-\d{2}-\d{2}(?:[ t]\d{2}:\d{2}(?::\d{2})?)?)")
#: The years a TV Time viewing can have (the app started in 2014; older or later values are no dates).
_YEARS = range(2000, 2100)


def range_key_time(text: str) -> datetime | None:
    """The time a TV Time range key holds (``watch-date-1643465000`` in seconds or milliseconds,
    ``watch-date-2022-01-29``), in UTC; None when it holds none."""
    raw = text.strip().lower()
    found = _RANGE_EPOCH_RE.fullmatch(raw)
    if found:
        number = int(found.group(1))
        seconds = number / 1000 if len(found.group(1)) > 11 else number
        try:
            when = datetime.fromtimestamp(seconds, timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
        return when if when.year in _YEARS else None
    found = _RANGE_DATE_RE.fullmatch(raw)
    day = parse_time(found.group(1).replace("t", " ")) if found else None
    return day if day is not None and day.year in _YEARS else None


def _is_viewing(row: dict[str, str]) -> bool:
    key = (row.get("key") or "").strip().lower()
    if "key" in row and key:
        return key.startswith(("watch-episode", "rewatch-episode"))
    kind = (row.get("type") or "").strip().lower()
    return not kind or kind in ("watch", "rewatch", "seen", "watched")
