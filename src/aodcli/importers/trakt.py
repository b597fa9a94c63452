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
``unknown`` for a play with no date, and its export writes the same play as
``1970-01-01T00:00:00.000Z`` (the Unix epoch): both are kept as a watch of
unknown time. ``released`` is a play dated on the release (the episode's
release day). The season and episode must be whole numbers (``1``, or ``"1"``);
an item with ``1.5`` or ``true`` there is listed as not placed.

The file is read by :func:`aodcli.transfer.load_json` (no key twice in an
object, no 40-digit numbers, nothing nested too deeply). :func:`looks_like_history`
is what makes a JSON list a Trakt history: items with ``watched_at`` and a
``show``/``episode`` or ``movie`` object.

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

from ..fileio import phrase
from ..fileio.phrase import Phrase
from ..i18n import N_, _
from ..transfer import BadImportFile
from ..transfer import load_json as load_json_text
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
    where,
)

if TYPE_CHECKING:
    from ..pack.pack import Pack

KIND = "trakt"
NAME = N_("Trakt history (watched-history JSON)")
PLAYS = ("watch", "scrobble", "checkin")
#: What Trakt's export writes for a play of unknown date (the API says ``unknown``).
UNKNOWN_DATE = datetime(1970, 1, 1, tzinfo=timezone.utc)


def load_json(data: bytes, label: str) -> Any:
    """A JSON file of a Trakt export (or any JSON import file), decoded and parsed strictly."""
    return load_json_text(decode(data, label), label)


def is_history_item(item: Any) -> bool:
    """A play as Trakt's history lists it: ``watched_at`` and a ``show`` or ``episode`` or ``movie``."""
    return isinstance(item, dict) and "watched_at" in item and any(k in item for k in ("show", "episode", "movie"))


def looks_like_history(doc: Any) -> bool:
    """A JSON array of Trakt history items (among its first 50), or an empty page."""
    return isinstance(doc, list) and (not doc or any(is_history_item(i) for i in doc[:50]))


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


def ext_id(value: Any) -> int | None:
    """An external id (TMDB, TVDB) written as a number or as digits, else None."""
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
    tmdb = ext_id(ids.get("tmdb"))
    if names.tmdb and tmdb is not None:
        return tmdb == names.tmdb
    title = show.get("title")
    year = show.get("year")
    return isinstance(title, str) and names.is_title(title, year if isinstance(year, (int, str)) else None)


def read_history(files: list[tuple[str, str | None, Any]], pack: Pack) -> Reading:
    """``files``: (label, viewer profile or None, parsed JSON) for each history page."""
    names = ShowNames.of(pack)
    reading = Reading(KIND, NAME, profile_word=N_("Trakt user"))
    seen: set[str] = set()
    for label, profile, doc in files:
        if not isinstance(doc, list):
            raise BadImportFile(_("{label}: a Trakt history must be a JSON list of items").format(label=label))
        reading.files.append(label)
        for i, item in enumerate(doc, start=1):
            _item(reading, pack, names, where(label, i, "item"), profile, item, seen)
    return reading


def _item(
    reading: Reading, pack: Pack, names: ShowNames, spot: Phrase, profile: str | None, item: Any, seen: set[str]
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
    title = _title(show, season, number)
    if season is None or number is None:
        reading.unplace(spot, title, _numbering_problem(episode), profile)
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
            unreadable = phrase._("unreadable watched_at ({value})", value=phrase.json_kind(stamp, quote_strings=True))
            reading.unplace(spot, title, unreadable, profile)
            return
        if at == UNKNOWN_DATE:
            at = None
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


def _title(show: dict[str, Any], season: int | None, number: int | None) -> str:
    title = show.get("title")
    name = title if isinstance(title, str) else "?"
    if season is None or number is None:
        return name
    return f"{name} S{season:02d}E{number:02d}"


def _numbering_problem(episode: dict[str, Any]) -> Phrase:
    """Why an item's season or episode is no number aod can place, in words (never the value itself)."""
    season = episode.get("season")
    if season is None:
        return phrase._("no season")
    if parse_int(season) is None:
        if isinstance(season, int) and not isinstance(season, bool):
            return phrase._("the season is out of range")
        if isinstance(season, float):
            return phrase._("the season must be a whole number (it is written with a fraction)")
        return phrase._("the season must be a whole number, not {kind}", kind=phrase.json_kind(season))
    number = episode.get("number")
    if number is None:
        return phrase._("no episode number")
    if parse_int(number) is None:
        if isinstance(number, int) and not isinstance(number, bool):
            return phrase._("the episode number is out of range")
        if isinstance(number, float):
            return phrase._("the episode number must be a whole number (it is written with a fraction)")
        return phrase._("the episode number must be a whole number, not {kind}", kind=phrase.json_kind(number))
    return phrase._("no season or episode number")


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
