"""UTC time for the store: one clock seam and the 'Z' string format.

Every time the store writes is a UTC string ``YYYY-MM-DDTHH:MM:SS[.ffffff]Z``.
Python 3.10's ``datetime.fromisoformat`` does not accept the ``Z`` suffix, so
parsing is done here by hand and behaves the same on every supported version.

Tests fix the time by replacing :data:`clock` (``monkeypatch.setattr(clock_module,
"clock", ...)``); nothing else in the store reads the system time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timezone

__all__ = ["clock", "format_utc", "is_utc", "now_str", "parse_utc", "utc_now"]


def _system_clock() -> datetime:
    return datetime.now(timezone.utc)


#: The one time source of the store. Must return an aware datetime.
clock: Callable[[], datetime] = _system_clock

# ASCII digits only: ``\d`` would also match other scripts' digits.
_UTC_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,6}))?Z")


# The same format with field ranges, for the fast validity check.
_STRICT_RE = re.compile(
    r"(?!0000)[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,6})?Z"
)


def is_utc(text: object) -> bool:
    """True if ``text`` is a valid store time (as :func:`parse_utc` would accept), fast."""
    if type(text) is not str or _STRICT_RE.fullmatch(text) is None:
        return False
    if text[8:10] <= "28":
        return True
    try:
        parse_utc(text)  # the 29th to 31st: does the month have that day?
    except ValueError:
        return False
    return True


def utc_now() -> datetime:
    """The current time as an aware UTC datetime (from :data:`clock`)."""
    now = clock()
    if now.tzinfo is None:
        raise ValueError("the store clock returned a naive datetime")
    return now.astimezone(timezone.utc)


def format_utc(dt: datetime) -> str:
    """``2026-11-20T21:14:00Z`` (microseconds only when non-zero). Naive input is an error."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("format_utc needs an aware datetime, got a naive one")
    u = dt.astimezone(timezone.utc)
    text = f"{u.year:04d}-{u.month:02d}-{u.day:02d}T{u.hour:02d}:{u.minute:02d}:{u.second:02d}"
    if u.microsecond:
        text += f".{u.microsecond:06d}"
    return text + "Z"


def parse_utc(text: str) -> datetime:
    """Parse a store time string; raise ``ValueError`` unless it is a real UTC time ending in Z."""
    m = _UTC_RE.fullmatch(text) if isinstance(text, str) else None
    if m is None:
        raise ValueError("expected a UTC time like 2026-11-20T21:14:00Z (ending in Z)")
    year, month, day, hour, minute, second, frac = m.groups()
    micro = int(frac.ljust(6, "0")) if frac else 0
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            micro,
            tzinfo=timezone.utc,
        )
    except ValueError:
        raise ValueError(f"{text!r} is not a real date and time") from None


def now_str() -> str:
    """:func:`utc_now` formatted for the store."""
    return format_utc(utc_now())
