"""TV Time's library export from its app: ``tvtime-series-episodes.csv`` and ``tvtime-series.json``.

Besides the GDPR export (:mod:`.tvtime`), TV Time users exported their library
from the app (app.tvtime.com) before it closed, with the export tools made for
it (the TV Time Out browser extension, TV Time Liberator), as files named
``tvtime-series-DATE.json``, ``tvtime-series-episodes-DATE.csv``,
``tvtime-series-DATE.csv``, ``tvtime-movies-DATE.json``/``.csv`` and
``tvtime-lists-DATE.json``. Two of them hold the episodes, the same ones:

- ``tvtime-series-episodes.csv``: one row per episode of every show followed,
  watched or not: ``series_tvdb_id, series_imdb_id, series_uuid, title, season,
  episode, tvdb_id, is_watched, watched_at, rewatch_count, special``, where
  ``title`` is the *show's* name and ``tvdb_id`` the episode's;
- ``tvtime-series.json``: a JSON list of shows ``{"uuid", "id": {"tvdb",
  "imdb"}, "title", "status", "seasons": [{"number", "is_specials", "episodes":
  [{"id", "number", "name", "special", "is_watched", "watched_at",
  "rewatch_count", "watched_count"}]}]}``.

The other files hold no viewings of episodes (films, the list of shows, lists):
in a folder they are passed over; named alone, they are refused saying so.
Only the columns above are read, so the older TV Time Liberator CSV (``title,
season, episode, is_watched, watched_at``, without the show's ids) reads too.

The rules:

- **The show** is this one by ``series_tvdb_id`` (JSON: ``id.tvdb``) when the
  data pack's ``external_ids`` has a TVDB id, else by ``series_imdb_id``
  (``id.imdb``) against its IMDb id, else by name, as every title of the pack
  (localised ones included) matches. A row whose id is another is another show.
- **Viewings.** A row with ``is_watched`` true is a viewing at ``watched_at``
  (UTC: ``2022-01-29 14:03:12`` or ISO 8601). When ``watched_at`` is empty the
  row's ``watch_date_range_key``, if the file has one, gives the time
  (:func:`.tvtime.range_key_time`); else the viewing's time is unknown (a watch
  with no time, as Trakt's ``unknown``). TV Time keeps one time per episode:
  ``rewatch_count`` N is N more viewings, of unknown time (they are never given
  the one time the row has). At most :data:`MAX_REWATCHES` are taken from a row.
- A row with ``is_watched`` false is no viewing; a row of this show whose
  season and episode aod does not know (a special, ``S00E01``), or whose
  ``watched_at``, ``is_watched`` or ``rewatch_count`` is unreadable, is listed
  as not placed.
- **Identity.** A viewing's key is the episode and its place among the row's
  viewings (the first, the first rewatch, …), not its time: the CSV and the JSON
  of one export, or a later export of the same library, give the same viewings
  again, counted as already there.

A TV Time export is one person's: it has no viewer profiles.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from ..fileio import phrase
from ..fileio.phrase import Phrase
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
    starts_as_json,
    where,
)
from .trakt import ext_id
from .tvtime import RANGE_KEY, range_key_time

if TYPE_CHECKING:
    from ..pack.pack import Pack
    from .detect import Part

KIND = "tvtime-app"
NAME = N_("TV Time app export (tvtime-series-episodes.csv / tvtime-series.json)")
#: The columns that make a CSV TV Time's episodes file (with ``watched_at``, read when present).
EPISODE_COLUMNS = ("title", "season", "episode", "is_watched")
#: The most viewings one row's ``rewatch_count`` may add (a hostile file could say 9,999).
MAX_REWATCHES = 99
#: A time no viewing has: JavaScript's ``new Date(0)``, written by a tool that had none.
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
TRUE = ("true", "1", "yes", "t", "y")
FALSE = ("false", "0", "no", "f", "n", "")
#: TV Time's other files, by what only they have, and what they hold (for messages: translated there).
OTHER_CSV = (
    ({"uuid", "title", "year", "is_watched"}, N_("TV Time's list of films (tvtime-movies.csv)")),
    ({"uuid", "title", "status"}, N_("TV Time's list of shows (tvtime-series.csv), without episodes")),
    ({"tvdb_id", "title", "status"}, N_("TV Time's list of shows (watched-series.csv), without episodes")),
    ({"list_id", "list_name", "item_type"}, N_("TV Time's lists (tvtime-lists.csv)")),
)


def no_viewings(label: str, other: str) -> BadImportFile:
    """The error for one of TV Time's files without viewings of episodes (``other``: what it holds,
    from :func:`other_csv` or :func:`other_json`), saying what to import instead."""
    return BadImportFile(
        _(
            "{label}: {what}: no viewings of episodes in it; "
            "import tvtime-series-episodes.csv or tvtime-series.json (or the whole export's folder)"
        ).format(label=label, what=_(other))
    )


# ---------------------------------------------------------------- telling the files


def looks_like_episodes(header: list[str]) -> bool:
    """The header of ``tvtime-series-episodes.csv`` (or TV Time Liberator's CSV)."""
    return set(EPISODE_COLUMNS) <= set(header)


def other_csv(header: list[str]) -> str | None:
    """What one of TV Time's CSV files without viewings of episodes holds (None: not one)."""
    have = set(header)
    return next((what for needs, what in OTHER_CSV if needs <= have), None)


def looks_like_series(item: Any) -> bool:
    """The first show of ``tvtime-series.json`` (its keys are enough: ``seasons`` may be cut off).

    Trakt's ``watched-shows.json`` has ``seasons`` too, under a ``show`` object: it is not one."""
    return (
        isinstance(item, dict)
        and "seasons" in item
        and "show" not in item
        and any(k in item for k in ("title", "id", "uuid"))
    )


def other_json(item: Any) -> str | None:
    """What one of TV Time's JSON files without viewings of episodes holds, from its first item."""
    if not isinstance(item, dict) or "seasons" in item:
        return None
    if "items" in item and "name" in item:
        return N_("TV Time's lists (tvtime-lists.json)")
    if "is_watched" in item and "title" in item and ("year" in item or "uuid" in item):
        return N_("TV Time's list of films (tvtime-movies.json)")
    return None


# ---------------------------------------------------------------- rows


@dataclass(slots=True)
class Row:
    """One episode as either file gives it (raw values: cells, or JSON values)."""

    spot: Phrase
    show: Any
    tvdb: Any
    imdb: Any
    season: Any
    number: Any
    watched: Any
    at: Any
    range_key: Any
    rewatches: Any


def csv_rows(table: Table) -> Iterator[Row]:
    for line, cells in table.rows():
        yield Row(
            where(table.label, line),
            cells.get("title", ""),
            cells.get("series_tvdb_id", ""),
            cells.get("series_imdb_id", ""),
            cells.get("season", ""),
            cells.get("episode", ""),
            cells.get("is_watched", ""),
            cells.get("watched_at", ""),
            cells.get(RANGE_KEY, ""),
            cells.get("rewatch_count", ""),
        )


def json_rows(doc: Any, label: str) -> Iterator[Row]:
    """The episodes of ``tvtime-series.json``, one Row each (a show or season that is not an object: none)."""
    if not isinstance(doc, list):
        raise BadImportFile(_("{label}: TV Time's tvtime-series.json must be a JSON list of shows").format(label=label))
    for i, show in enumerate(doc, start=1):
        if not isinstance(show, dict):
            continue
        ids, seasons = show.get("id"), show.get("seasons")
        if not isinstance(ids, dict):
            ids = {}
        for season in seasons if isinstance(seasons, list) else []:
            episodes = season.get("episodes") if isinstance(season, dict) else None
            for ep in episodes if isinstance(episodes, list) else []:
                if not isinstance(ep, dict):
                    continue
                yield Row(
                    where(label, i, "show"),
                    show.get("title"),
                    ids.get("tvdb"),
                    ids.get("imdb"),
                    season.get("number"),
                    ep.get("number"),
                    ep.get("is_watched"),
                    ep.get("watched_at"),
                    ep.get(RANGE_KEY),
                    ep.get("rewatch_count"),
                )


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, str):
        text = value.strip().lower()
        return True if text in TRUE else False if text in FALSE else None
    return None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def is_this_show(names: ShowNames, row: Row) -> bool:
    """By the show's TVDB id, else its IMDb id (another id: another show), else by name."""
    tvdb, ours = ext_id(row.tvdb), ext_id(names.tvdb)
    if ours is not None and tvdb is not None:
        return tvdb == ours
    imdb = _text(row.imdb)
    if names.imdb and imdb:
        return imdb.lower() == names.imdb.lower()
    return isinstance(row.show, str) and names.is_title(row.show)


def _time(row: Row) -> tuple[datetime | None, Phrase | None]:
    """The row's viewing time (None: unknown), or the reason it is unreadable."""
    stamp = row.at if isinstance(row.at, str) else None
    if row.at is not None and stamp is None:
        return None, phrase._("unreadable watched_at ({value})", value=phrase.json_kind(row.at))
    if stamp and stamp.strip():
        at = parse_time(stamp)
        if at is None:
            return None, phrase._(
                "unreadable watched_at ({value})", value=phrase.json_kind(stamp.strip(), quote_strings=True)
            )
        return (None if at == EPOCH else at), None
    key = _text(row.range_key)
    return (range_key_time(key) if key else None), None


def _rewatches(value: Any) -> tuple[int, Phrase | None]:
    """How many more viewings ``rewatch_count`` says, or the reason it is unreadable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0, None
    more = parse_int(value)
    if more is None:
        return 0, phrase._("unreadable rewatch_count ({value})", value=phrase.json_kind(value))
    if more > MAX_REWATCHES:
        return 0, phrase._(
            "rewatch_count {count} is more than aod takes from one row ({most})", count=more, most=MAX_REWATCHES
        )
    return more, None


# ---------------------------------------------------------------- reading


def read_files(parts: list[Part], pack: Pack) -> Reading:
    """Each episodes CSV (read as a stream) or series JSON of an export (one export may give both)."""
    names = ShowNames.of(pack)
    reading = Reading(KIND, NAME)
    seen: set[str] = set()
    for part in parts:
        label = part.label
        rows: Iterator[Row]
        if starts_as_json(part.head):
            rows = json_rows(part.json(), label)
        else:
            table = part.table()
            if not looks_like_episodes(table.header):
                missing = [c for c in EPISODE_COLUMNS if c not in table.header]
                raise BadImportFile(
                    _("{label}: a TV Time file aod cannot read: no {columns} column").format(
                        label=label, columns=_(", no ").join(missing)
                    )
                )
            if table.note:
                reading.notes.append(_("{label}: {note}").format(label=label, note=table.note))
            rows = csv_rows(table)
        reading.files.append(label)
        for row in rows:
            _row(reading, pack, names, row, seen)
    return reading


def _row(reading: Reading, pack: Pack, names: ShowNames, row: Row, seen: set[str]) -> None:
    if not is_this_show(names, row):
        reading.ignore(OTHER_TITLES)
        return
    season, number = parse_int(row.season), parse_int(row.number)
    name = row.show if isinstance(row.show, str) else "?"
    title = f"{name} S{season:02d}E{number:02d}" if season is not None and number is not None else name
    watched = _flag(row.watched)
    if watched is None:
        reading.unplace(
            row.spot,
            title,
            phrase._("is_watched is neither true nor false ({value})", value=phrase.json_kind(row.watched)),
        )
        return
    if not watched:
        reading.ignore(NOT_VIEWINGS)  # an episode of a show followed, not seen
        return
    if season is None or number is None:
        reading.unplace(row.spot, title, phrase._("no season or episode number (whole numbers)"))
        return
    placed = episode_or_reason(pack, season, number)
    if isinstance(placed, str):
        reading.unplace(row.spot, title, placed)
        return
    at, problem = _time(row)
    more, count_problem = _rewatches(row.rewatches)
    if problem or count_problem:
        reading.unplace(row.spot, title, problem or count_problem or phrase.Phrase(""))
        return
    for n in range(1 + more):
        key = f"{KIND}\x1f{placed.id}\x1f{n}"
        if key in seen:
            reading.ignore(DUPLICATES)
            continue
        seen.add(key)
        reading.viewings.append(Viewing(placed.id, at if n == 0 else None, key, row.spot))
