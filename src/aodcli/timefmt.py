"""Times for display: the store keeps UTC ('Z'); people see local time."""

from __future__ import annotations

from .i18n import _


def local_text(text: str | None) -> str:
    """A stored UTC time shown in the local time zone, to the minute (in the interface language's form)."""
    if not text:
        return _("time unknown")
    from .i18n.formats import datetime_text
    from .store.clock import parse_utc

    try:
        when = parse_utc(text)
    except ValueError:
        return text
    return datetime_text(when.astimezone())
