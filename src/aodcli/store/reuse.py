"""Write a store by reusing the previous file's text for the events that did not change.

A command adds a few events to a list that may already hold thousands; encoding
them all again is most of the cost of a write on a large store. When the file
being replaced is one this aodcli wrote itself (so it is in the canonical form of
:func:`.document.dumps`), each events list whose old events are still, unchanged,
the start of the new list is written as the old file's text for them followed by
the new events. The result is byte-identical to ``dumps`` of the new document (a
property test holds it to that).

The previous bytes must be the canonical dump of the document the snapshot was
taken from: the store passes them only when its checked copy vouches for exactly
those bytes (``trust.py``: their size and CRC-32). Finding the old text relies on
the canonical layout: each show's events list opens on a line ``"events": [`` at a
fixed indentation, each event opens on a line ``{`` two spaces deeper, and a raw
newline never occurs inside a JSON string. Every list found is checked against
the document (the canonical text of its first and last events must be where the
list starts and ends); anything unexpected returns None and the caller encodes the
whole document instead.

The round-trip check of a write (parse the new bytes, compare with the document)
then covers what was newly encoded: :attr:`Reused.check` is the new file's text
without the reused runs, and :attr:`Reused.expected` the document without them.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from .document import Snapshot, Verbatim, dump_pieces, dump_text, unchanged_lists

__all__ = ["Reused", "Spans", "dumps_reusing", "find_spans"]

Pair = tuple[str, str]  # (profile, show id)
Spans = dict[Pair, tuple[int, int]]  # where each events list's text is, between its brackets

# The canonical layout: doc > "profiles" > profile > "shows" > show > "events" > event.
_LIST_INDENT = b"\n" + b" " * 10
_EVENTS_KEY = _LIST_INDENT + b'"events": ['
_LIST_END = _LIST_INDENT + b"]"
_EVENT_INDENT = b"\n" + b" " * 12
_EVENT_OPEN = _EVENT_INDENT + b"{"
_EVENT_CLOSE = _EVENT_INDENT + b"}"


class Reused(NamedTuple):
    data: bytes  # the new file
    check: bytes  # its text without the reused runs of events, to parse back
    expected: dict[str, Any]  # what ``check`` must parse to
    spans: dict[Pair, tuple[int, int]]  # where each reused list's text is in ``data``, for the next write


def dumps_reusing(
    doc: dict[str, Any],
    previous: bytes,
    old: Snapshot,
    unchanged: set[Pair] | None = None,
    known: dict[Pair, tuple[int, int]] | None = None,
) -> Reused | None:
    """The canonical bytes of ``doc``, reusing ``previous`` (canonical bytes of the
    document ``old`` is a snapshot of) where possible; None when nothing can be reused.
    ``unchanged``: the lists still starting with all their old events, if known
    (``document.unchanged_lists``). ``known``: where the lists are in ``previous``,
    as the write that made it said (:attr:`Reused.spans`); checked like found ones."""
    if unchanged is None:
        unchanged = unchanged_lists(doc, old)
    spans = (known is not None and _known_lists(previous, old, known)) or _old_lists(previous, old)
    if not spans:
        return None
    view = memoryview(previous)  # the reused runs are joined into the new file uncopied
    verbatim: dict[Pair, Any] = {}
    added: dict[Pair, Any] = {}
    for name, profile in doc["profiles"].items():
        for show_id, show in profile["shows"].items():
            pair = (name, show_id)
            span = spans.get(pair)
            if span is None:
                continue
            if pair not in unchanged:
                continue
            events = show["events"]
            n = len(old[pair])
            added[pair] = events[n:]
            new_text = _added_text(added[pair])
            verbatim[pair] = Verbatim(
                (b"[", view[span[0] : span[1]], b"," + new_text if new_text else b"", _LIST_END),
                b"[" + new_text + _LIST_END,
                pair,
            )
    if not verbatim:
        return None
    pieces = dump_pieces(_substitute(doc, verbatim))
    parts: list[bytes | memoryview] = []
    new_spans: dict[Pair, tuple[int, int]] = {}
    at = 0
    for piece in pieces:
        if isinstance(piece, Verbatim):
            size = sum(len(part) for part in piece.text)
            new_spans[piece.key] = (at + 1, at + size - len(_LIST_END))  # between the brackets
            parts += piece.text
        else:
            encoded = piece.encode("utf-8")
            size = len(encoded)
            parts.append(encoded)
        at += size
    check = b"".join(p.check if isinstance(p, Verbatim) else p.encode("utf-8") for p in pieces)
    return Reused(b"".join(parts), check, _substitute(doc, added), new_spans)


def _added_text(events: list[Any]) -> bytes:
    """The new events as they follow the reused ones: ``\n    {…},\n    {…}`` (no brackets)."""
    if not events:
        return b""
    return dump_text(events, _LIST_INDENT.decode())[1 : -len(_LIST_END)].encode("utf-8")


def _substitute(doc: dict[str, Any], lists: dict[Pair, Any]) -> dict[str, Any]:
    """A shallow copy of ``doc`` with the given events lists replaced."""
    profiles: dict[str, Any] = {}
    for name, profile in doc["profiles"].items():
        shows: dict[str, Any] = {}
        for show_id, show in profile["shows"].items():
            pair = (name, show_id)
            shows[show_id] = {**show, "events": lists[pair]} if pair in lists else show
        profiles[name] = {**profile, "shows": shows}
    return {**doc, "profiles": profiles}


def find_spans(data: bytes, doc: dict[str, Any]) -> Spans:
    """Where each events list of ``doc`` is in ``data``, its canonical bytes (after a
    write that encoded everything, so that the next one need not search)."""
    lists = {(name, sid): show["events"] for name, p in doc["profiles"].items() for sid, show in p["shows"].items()}
    return _old_lists(data, lists) or {}


def _known_lists(text: bytes, old: Snapshot, known: dict[Pair, tuple[int, int]]) -> dict[Pair, tuple[int, int]] | None:
    """The spans the last write recorded, if they cover every non-empty old list and
    each holds its list's first and last events where they should be."""
    spans: dict[Pair, tuple[int, int]] = {}
    for pair, events in old.items():
        if not events:
            continue
        span = known.get(pair)
        if span is None or not _matches(text, span[0], span[1], events):
            return None
        spans[pair] = span
    return spans


def _old_lists(text: bytes, old: Snapshot) -> dict[Pair, tuple[int, int]] | None:
    """For each non-empty old events list, where its text between the brackets is, checked."""
    pairs = sorted(old)  # the canonical file has profiles, then shows, in sorted order
    starts: list[int] = []
    at = text.find(_EVENTS_KEY)
    while at != -1:
        starts.append(at + len(_EVENTS_KEY))
        at = text.find(_EVENTS_KEY, at + 1)
    if len(starts) != len(pairs):
        return None  # not the canonical layout (or an unknown key holds "events")
    if not starts:
        return None
    # the last list ends before "profiles" closes: the first line indented by two after it
    profiles_end = text.find(b"\n  }", starts[-1])
    if profiles_end == -1:
        return None
    ends = [*starts[1:], profiles_end]
    spans: dict[Pair, tuple[int, int]] = {}
    for pair, start, limit in zip(pairs, starts, ends, strict=True):
        events = old[pair]
        if not events:
            if not text.startswith(b"]", start):
                return None
            continue
        # the list's closing bracket is the last line at its indentation before the next list
        end = text.rfind(_LIST_END, start, limit)
        if end == -1:
            return None
        if not _matches(text, start, end, events):
            return None
        spans[pair] = (start, end)
    return spans


def _matches(text: bytes, start: int, end: int, events: list[dict[str, Any]]) -> bool:
    """Does ``text[start:end]`` hold ``events`` in canonical form? Their first and last
    ones must have exactly their canonical text there. (The caller's bytes are the
    canonical dump of the document ``events`` come from; this catches a list found
    in the wrong place, not a file edited in the middle.)"""
    first = start + len(_EVENT_INDENT)
    first_end = text.find(_EVENT_CLOSE, start, end) + len(_EVENT_CLOSE)
    last = text.rfind(_EVENT_OPEN, start, end) + len(_EVENT_INDENT)
    return (
        text.startswith(_EVENT_OPEN, start)
        and text[first:first_end] == _event_text(events[0])
        and text[last:end] == _event_text(events[-1])
    )


def _event_text(event: dict[str, Any]) -> bytes:
    return dump_text(event, _EVENT_INDENT.decode()).encode("utf-8")
