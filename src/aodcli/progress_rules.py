"""The progress rules over plain data: which events count, and which episode is next.

Shared by :class:`aodcli.progress.Progress` and the fast path
(:mod:`aodcli.fastpath`), so ``aod prompt`` answers alike on both; it imports
nothing.

Events are applied in order; an ``undo`` event cancels its target event, or every
event of the batch it names (``aodcli.events``: an undo of an undo puts a batch
back). The next-up
rule: continue after the furthest episode that is watched or skipped; if
everything after it is done, go back to the earliest episode that is neither
watched nor skipped; a watched episode is never proposed.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Container, Iterable, Sequence
    from typing import Any


def undone_ids(raw: Iterable[dict[str, Any]]) -> set[str]:
    """The ids of the events that undos cancel (one by one, or by batch): ``events.undone_ids``."""
    from .events import undone_ids as rule

    return rule(raw if isinstance(raw, list) else list(raw))


def fold(
    raw: Iterable[dict[str, Any]],
    known: Container[str],
    undone: Container[str],
    effective: list[dict[str, Any]],
    views: dict[str, list[dict[str, Any]]],
    skipped: set[str],
    ratings: dict[str, int],
    notes: dict[str, list[dict[str, Any]]],
) -> None:
    """Apply ``raw`` (events of episodes in ``known`` whose ids are not ``undone``) to the
    effective events, the watches by episode id, the skipped ids, ratings and notes."""
    # One loop with everything in locals: a large store folds 5,000 events per command.
    for ev in raw:
        kind = ev.get("type")
        ep = ev.get("episode")
        if kind == "undo" or ep is None or ep not in known or ev.get("id") in undone:
            continue  # an episode this pack does not have: kept in the store, ignored here
        effective.append(ev)
        if kind == "watch":
            seen = views.get(ep)
            if seen is None:
                views[ep] = [ev]
            else:
                seen.append(ev)
            skipped.discard(ep)
        elif kind == "unwatch":
            views.pop(ep, None)
        elif kind == "skip":
            if ep not in views:
                skipped.add(ep)
        elif kind == "rate":
            ratings[ep] = ev["score"]
        elif kind == "note":
            notes.setdefault(ep, []).append(ev)
        elif kind == "unrate":
            ratings.pop(ep, None)
        elif kind == "unnote":
            notes.pop(ep, None)


def watched_and_done(raw: list[dict[str, Any]], known: Container[str]) -> tuple[set[str], set[str]]:
    """(ids of watched episodes, ids watched or skipped) after ``raw``."""
    views: dict[str, list[dict[str, Any]]] = {}
    skipped: set[str] = set()
    fold(raw, known, undone_ids(raw), [], views, skipped, {}, {})
    return set(views), set(views) | skipped


def next_index(order: Sequence[str], done: Container[str]) -> int | None:
    """The index in ``order`` (episode ids in show order) of the next episode, or None."""
    last = max((i for i, ep in enumerate(order) if ep in done), default=-1)
    for i in range(last + 1, len(order)):
        if order[i] not in done:
            return i
    for i, ep in enumerate(order):
        if ep not in done:
            return i
    return None
