"""Dates, times, durations, numbers and episode labels in the interface language.

English keeps aod's own compact forms (``2022-01-28``, ``21:30``, ``1 h 06 min``,
``S01E03``). Another language formats them with the patterns Babel's locale data
gives it (``locale/<lang>/formats.json``, written with the catalogs by
``aodcli.i18n.catalogs``): Korean shows ``2022. 1. 28.``, ``오후 9:30``,
``1시간 6분`` and ``3화``. JSON never goes through here: its values stay ISO
dates, UTC times, minutes and codes in every language.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date, datetime
from typing import Any

from . import _, language, ngettext

_loaded: tuple[str, dict[str, Any] | None] | None = None


def _formats() -> dict[str, Any] | None:
    """The locale patterns of the interface language (None: English, or none compiled)."""
    global _loaded
    code = language()
    if _loaded is None or _loaded[0] != code:
        found = None
        if code not in ("en", "qps"):
            path = os.path.join(os.path.dirname(os.path.dirname(__file__)), "locale", code, "formats.json")
            try:
                with open(path, encoding="utf-8") as f:
                    found = json.load(f)
            except (OSError, ValueError):
                found = None
        _loaded = (code, found)
    return _loaded[1]


_FIELD_RE = re.compile(r"y+|M+|d+|a+|h+|H+|m+|E+|'[^']*'|.", re.S)


def _pattern(pattern: str, when: datetime | date, fmt: dict[str, Any]) -> str:
    """``when`` through a CLDR pattern (the fields aod's patterns use)."""
    out = []
    for field in _FIELD_RE.findall(pattern):
        c, n = field[0], len(field)
        if c == "y":
            out.append(str(when.year))
        elif c == "M":
            out.append(str(when.month).zfill(n))
        elif c == "d":
            out.append(str(when.day).zfill(n))
        elif c == "E":
            out.append(fmt["weekdays"][when.weekday()])
        elif isinstance(when, datetime) and c == "a":
            out.append(fmt["am_pm"][when.hour >= 12])
        elif isinstance(when, datetime) and c == "h":
            out.append(str(when.hour % 12 or 12).zfill(n))
        elif isinstance(when, datetime) and c == "H":
            out.append(str(when.hour).zfill(n))
        elif isinstance(when, datetime) and c == "m":
            out.append(str(when.minute).zfill(n))
        elif c == "'":
            out.append(field[1:-1] or "'")
        else:
            out.append(field)
    return "".join(out)


def date_text(iso: str | None) -> str | None:
    """A date of the pack (``2022-01-28``) as people write it (None stays None)."""
    fmt = _formats()
    if iso is None or fmt is None:
        return iso
    try:
        return _pattern(fmt["date"], date.fromisoformat(iso), fmt)
    except ValueError:
        return iso


def datetime_text(when: datetime) -> str:
    """A local date and time to the minute."""
    fmt = _formats()
    if fmt is None:
        return when.strftime("%Y-%m-%d %H:%M")
    return _pattern(fmt["date"], when, fmt) + " " + _pattern(fmt["time"], when, fmt)


def minutes_text(minutes: int) -> str:
    """A duration in minutes: ``1 h 06 min``, ``1시간 6분``."""
    hours, mins = divmod(minutes, 60)
    fmt = _formats()
    if fmt is None:
        return _("{hours} h {minutes:02d} min").format(hours=hours, minutes=mins) if hours else runtime_text(mins)
    parts = [fmt["hours"].replace("{0}", number_text(hours))] if hours else []
    if mins or not hours:
        parts.append(fmt["minutes"].replace("{0}", str(mins)))
    return " ".join(parts)


def runtime_text(minutes: int | None) -> str:
    """An episode's runtime: ``66 min``, ``66분``; ``-`` when unknown."""
    if minutes is None:
        return "-"
    fmt = _formats()
    if fmt is None:
        return _("{minutes} min").format(minutes=minutes)
    return str(fmt["minutes"]).replace("{0}", number_text(minutes))


def days_text(days: int) -> str:
    fmt = _formats()
    if fmt is None:
        return ngettext("{days} day", "{days} days", days).format(days=days)
    return str(fmt["days"]).replace("{0}", number_text(days))


def number_text(n: int) -> str:
    """A whole number with the locale's grouping (``12,345``)."""
    fmt = _formats()
    group = fmt["group"] if fmt is not None else ","
    return f"{n:,}".replace(",", group)


def episode_label(season: int, number: int, *, seasons: int = 1) -> str:
    """How an episode is called in a sentence: ``S01E03`` in English; ``3화`` in Korean
    (``시즌 2 3화`` when the show has more than one season)."""
    if language() in ("en", "qps") or _formats() is None:
        return f"S{season:02d}E{number:02d}"
    label = _("Episode {number}").format(number=number)
    return label if seasons <= 1 else _("Season {season}").format(season=season) + " " + label


def season_label(season: int) -> str:
    """``Season 1``, ``시즌 1``."""
    return _("Season {season}").format(season=season)


def name_text(name: str, hangul: str | None) -> str:
    """A person's or character's name as the interface shows it in prose: ``Lee Cheong-san``;
    in Korean, Hangul first, ``이청산 (Lee Cheong-san)``, when the pack knows it."""
    if hangul and _formats() is not None:
        return f"{hangul} ({name})"
    return name


def short_name_text(name: str, hangul: str | None) -> str:
    """A name in a list of names (``aod recap``'s who is lost): ``Lee Cheong-san``; in Korean the
    Hangul alone, ``이청산``, when the pack knows it."""
    return hangul if hangul and _formats() is not None else name
