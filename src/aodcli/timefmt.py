"""Times: UTC ISO-8601 with 'Z' in the store, local time for display."""

from __future__ import annotations

from datetime import datetime, timezone


def parse_utc(text: str) -> datetime:
    """Parse ``2026-11-21T22:30:05Z`` (or with microseconds) as an aware UTC time."""
    if not text.endswith("Z"):
        raise ValueError(f"{text!r} is not a UTC time ending in Z")
    return datetime.fromisoformat(text[:-1]).replace(tzinfo=timezone.utc)


def local_text(text: str | None) -> str:
    """A stored UTC time shown in the local time zone, to the minute."""
    if not text:
        return "time unknown"
    try:
        when = parse_utc(text)
    except ValueError:
        return text
    return when.astimezone().strftime("%Y-%m-%d %H:%M")
