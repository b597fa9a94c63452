"""A calendar (RFC 5545) holding one all-day event: what ``aod season N --ics FILE`` writes.

Written by hand, not with the ``icalendar`` package: one event of a few text
properties needs only the TEXT escaping (section 3.3.11), CRLF line ends and the
75-octet folding (section 3.1), which fit in this module; a runtime dependency
would be one more install and import for every user, for one command.

Core code: no printing, no typer or rich.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

#: Octets of a content line, the CRLF aside (RFC 5545, 3.1); a folded line's leading space counts.
LINE_OCTETS = 75
_ESCAPES = {"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"}
_NEWLINES = re.compile(r"\r\n|\r|\n")
_CONTROLS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")  # TEXT may hold no control character but a tab


@dataclass(frozen=True, slots=True)
class Event:
    """One all-day event: ``uid`` names it for good (importing it again updates it, never doubles it)."""

    uid: str
    day: date
    summary: str
    description: str
    stamp: datetime  # when the calendar was made (DTSTAMP), an aware datetime


def escape(text: str) -> str:
    """``text`` as a TEXT value: ``\\``, ``;`` and ``,`` escaped, any newline as ``\\n``, other
    control characters left out."""
    escaped = "".join(_ESCAPES.get(ch, ch) for ch in _NEWLINES.sub("\n", text))
    return _CONTROLS.sub("", escaped)  # no raw newline is left: each became "\\n"


def fold(line: str) -> str:
    """One content line folded into lines of at most :data:`LINE_OCTETS` octets of UTF-8, joined by
    CRLF and a space; a character is never split between two lines."""
    lines: list[str] = []
    current: list[str] = []
    size = 0
    for ch in line:
        octets = len(ch.encode("utf-8"))
        if size + octets > LINE_OCTETS:
            lines.append("".join(current))
            current, size = [" "], 1
        current.append(ch)
        size += octets
    lines.append("".join(current))
    return "\r\n".join(lines)


def _utc(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def calendar(event: Event, *, product: str) -> bytes:
    """A VCALENDAR with ``event`` in it, as the bytes of a ``.ics`` file (UTF-8, CRLF line ends).
    ``product``: who made it (PRODID)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{product}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{escape(event.uid)}",
        f"DTSTAMP:{_utc(event.stamp)}",
        f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{event.day + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape(event.summary)}",
        f"DESCRIPTION:{escape(event.description)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")
