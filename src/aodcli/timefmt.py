"""Times for display: the store keeps UTC ('Z'); people see local time."""

from __future__ import annotations


def local_text(text: str | None) -> str:
    """A stored UTC time shown in the local time zone, to the minute."""
    if not text:
        return "time unknown"
    from .store.clock import parse_utc

    try:
        when = parse_utc(text)
    except ValueError:
        return text
    return when.astimezone().strftime("%Y-%m-%d %H:%M")
