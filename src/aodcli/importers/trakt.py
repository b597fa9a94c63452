"""Trakt: a history export in Trakt's API item format, read and written.

Trakt's "export your data" (Settings → Data → Export) gives a zip
(``trakt-export-SLUG.zip``) of the API's raw answers; the history is
``watched-history.json`` (``watched-history-2.json``… when paginated): a JSON
array of items ``{"id", "watched_at", "action", "type": "episode", "episode":
{"season", "number", "title", "ids"}, "show": {"title", "year", "ids": {"trakt",
"slug", "imdb", "tmdb", "tvdb"}}}``. Every item is one play (``watch``,
``scrobble`` or ``checkin``). The show is this one when its IMDb or TMDB id is
the pack's ``external_ids`` (an item that carries another id is another show),
else when its title and year are. ``watched_at`` is UTC; Trakt writes
``unknown`` for a play with no date (kept as a watch of unknown time) and
``released`` for one dated on the release (the episode's release day).

Several exports at once (a family's, each in its own folder of one zip or
folder) are several viewer profiles: each is named by its ``user-profile.json``
(``username``), else by its folder.

``export_trakt`` writes a profile's viewings in the same item format, which
Trakt's importer and ``aod import`` both read.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from ..transfer import BadImportFile
from .common import (
    DUPLICATES,
    NOT_VIEWINGS,
    OTHER_TITLES,
    Reading,
    ShowNames,
    Viewing,
    decode,
    episode_or_reason,
    parse_int,
    parse_time,
)

if TYPE_CHECKING:
    from ..pack.pack import Pack

KIND = "trakt"
NAME = "Trakt history (watched-history JSON)"
PLAYS = ("watch", "scrobble", "checkin")


def load_json(data: bytes, label: str) -> Any:
    text = decode(data, label)
    try:
        return json.loads(text, parse_constant=_reject)
    except (ValueError, RecursionError) as err:
        raise BadImportFile(f"{label}: not valid JSON ({str(err)[:80]})") from None


def _reject(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def looks_like_history(doc: Any) -> bool:
    """A JSON array of Trakt history items (at least one with ``watched_at``), or an empty page."""
    return isinstance(doc, list) and (
        not doc or any(isinstance(i, dict) and "watched_at" in i and ("show" in i or "movie" in i) for i in doc[:50])
    )


def profile_name(doc: Any) -> str | None:
    """The user a ``user-profile.json`` (or ``user-settings.json``) names."""
    if isinstance(doc, dict) and isinstance(doc.get("user"), dict):
        doc = doc["user"]
    if not isinstance(doc, dict):
        return None
    ids = doc.get("ids")
    slug = ids.get("slug") if isinstance(ids, dict) else None
    for value in (doc.get("username"), slug):
        if isinstance(value, str) and value.strip():
            return value.strip()[:64]
    return None


def _ext_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit() and len(value.strip()) < 12:
        return int(value.strip())
    return None


def is_this_show(names: ShowNames, show: dict[str, Any]) -> bool:
    """By IMDb id, else TMDB id (a different id is another show), else by title and year."""
    ids = show.get("ids")
    if not isinstance(ids, dict):
        ids = {}
    imdb = ids.get("imdb")
    if names.imdb and isinstance(imdb, str) and imdb.strip():
        return imdb.strip().lower() == names.imdb.lower()
    tmdb = _ext_id(ids.get("tmdb"))
    if names.tmdb and tmdb is not None:
        return tmdb == names.tmdb
    title = show.get("title")
    year = show.get("year")
    return isinstance(title, str) and names.is_title(title, year if isinstance(year, (int, str)) else None)


def read_history(files: list[tuple[str, str | None, Any]], pack: Pack) -> Reading:
    """``files``: (label, viewer profile or None, parsed JSON) for each history page."""
    names = ShowNames.of(pack)
    reading = Reading(KIND, NAME, profile_word="Trakt user")
    seen: set[str] = set()
    for label, profile, doc in files:
        if not isinstance(doc, list):
            raise BadImportFile(f"{label}: a Trakt history must be a JSON list of items")
        reading.files.append(label)
        for i, item in enumerate(doc, start=1):
            _item(reading, pack, names, f"{label}, item {i}", profile, item, seen)
    return reading


def _item(
    reading: Reading, pack: Pack, names: ShowNames, spot: str, profile: str | None, item: Any, seen: set[str]
) -> None:
    show = item.get("show") if isinstance(item, dict) else None
    episode = item.get("episode") if isinstance(item, dict) else None
    if not isinstance(item, dict) or not isinstance(show, dict) or not isinstance(episode, dict):
        is_title = isinstance(item, dict) and ("movie" in item or "show" in item)
        reading.seen_profile(profile, of_show=False)
        reading.ignore(OTHER_TITLES if is_title else NOT_VIEWINGS, profile)
        return
    if not is_this_show(names, show):
        reading.seen_profile(profile, of_show=False)
        reading.ignore(OTHER_TITLES, profile)
        return
    reading.seen_profile(profile, of_show=True)
    if item.get("action") not in (None, *PLAYS):
        reading.ignore(NOT_VIEWINGS, profile)
        return
    season, number = parse_int(episode.get("season")), parse_int(episode.get("number"))
    title = _title(show, episode)
    if season is None or number is None:
        reading.unplace(spot, title, "no season or episode number", profile)
        return
    placed = episode_or_reason(pack, season, number)
    if isinstance(placed, str):
        reading.unplace(spot, title, placed, profile)
        return
    stamp = item.get("watched_at")
    at: datetime | None
    if stamp == "unknown":
        at = None
    elif stamp == "released" and placed.release_date:
        at = datetime.fromisoformat(placed.release_date).astimezone().astimezone(timezone.utc)
    else:
        at = parse_time(stamp) if isinstance(stamp, str) else None
        if at is None:
            reading.unplace(spot, title, f"unreadable watched_at {str(stamp)[:30]!r}", profile)
            return
    ident = item.get("id")
    if isinstance(ident, (int, str)) and not isinstance(ident, bool) and str(ident).strip():
        key = f"{KIND}\x1f{profile or ''}\x1f{str(ident).strip()[:64]}"
    else:
        key = f"{KIND}\x1f{profile or ''}\x1f{season}x{number}\x1f{stamp}"
    if key in seen:
        reading.ignore(DUPLICATES, profile)
        return
    seen.add(key)
    reading.viewings.append(Viewing(placed.id, at, key, spot, profile))


def _title(show: dict[str, Any], episode: dict[str, Any]) -> str:
    name = show.get("title") if isinstance(show.get("title"), str) else "?"
    return f"{name} {episode.get('season')!s:.6}x{episode.get('number')!s:.6}"


# ---------------------------------------------------------------- export


def _watched_at(text: str | None) -> str:
    if not text:
        return "unknown"
    from ..store import parse_utc

    when = parse_utc(text)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def export_trakt(pack: Pack, events: list[dict[str, Any]]) -> str:
    """The profile's viewings as Trakt history JSON (see :func:`trakt_items`)."""
    return json.dumps(trakt_items(pack, events), ensure_ascii=False, indent=2) + "\n"


def trakt_items(pack: Pack, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The profile's viewings (rewatches included, undone and unwatched ones not) as Trakt history items."""
    from ..progress import Progress

    progress = Progress.from_events(pack, events)
    ext = pack.show.get("external_ids") or {}
    premiere = pack.show.get("premiere")
    show = {
        "title": pack.title,
        "year": int(premiere[:4]) if isinstance(premiere, str) else None,
        "ids": {k: ext.get(k) for k in ("trakt", "slug", "imdb", "tmdb", "tvdb")},
    }
    items = []
    for ep in pack.episodes:
        for ev in progress.views.get(ep.id, []):
            at = ev["at"] if "at" in ev else ev.get("recorded")
            items.append(
                {
                    "id": int(ev["id"][:13], 16),  # Trakt's ids are numbers; this one is stable per event
                    "watched_at": _watched_at(at),
                    "action": "watch",
                    "type": "episode",
                    "episode": {
                        "season": ep.season,
                        "number": ep.number,
                        "title": ep.title,
                        "ids": {"trakt": None, "tvdb": None, "imdb": None, "tmdb": None},
                    },
                    "show": show,
                }
            )
    items.sort(key=lambda i: (i["watched_at"] == "unknown", i["watched_at"]))
    return items
