"""A profile's progress, derived from its store events.

Events are applied in order; an ``undo`` event cancels its target. Nothing
here reads or writes files: ``Progress.from_events`` takes the event list.

The next-up rule: continue after the furthest episode that is watched or
skipped; if everything after it is done, go back to the earliest episode that
is neither watched nor skipped; a watched episode is never proposed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .pack.model import Episode
from .pack.pack import Pack
from .spoilers import Horizon


@dataclass(slots=True)
class Progress:
    pack: Pack
    events: list[dict[str, Any]] = field(default_factory=list)  # effective, in order
    views: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # ep id -> watch events
    skipped: set[str] = field(default_factory=set)
    ratings: dict[str, int] = field(default_factory=dict)
    notes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    undone: set[str] = field(default_factory=set)

    @classmethod
    def from_events(cls, pack: Pack, raw: list[dict[str, Any]]) -> Progress:
        undone = {e["target"] for e in raw if e.get("type") == "undo"}
        prog = cls(pack=pack, undone=undone)
        prog._fold(raw)
        return prog

    def apply(self, ev: dict[str, Any]) -> None:
        """Add one more event (not an undo: undo needs ``from_events``)."""
        self._fold((ev,))

    def _fold(self, raw: Iterable[dict[str, Any]]) -> None:
        # One loop with everything in locals: a large store folds 5,000 events per command.
        known, undone = self.pack.episode_ids(), self.undone
        effective, views, skipped, ratings, notes = self.events, self.views, self.skipped, self.ratings, self.notes
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

    @classmethod
    def empty(cls, pack: Pack) -> Progress:
        return cls(pack=pack)

    def watched(self, episode_id: str) -> bool:
        return episode_id in self.views

    def times_watched(self, episode_id: str) -> int:
        return len(self.views.get(episode_id, ()))

    @property
    def watched_ids(self) -> list[str]:
        return [e.id for e in self.pack.episodes if e.id in self.views]

    def furthest(self) -> Episode | None:
        """The furthest watched episode: the spoiler horizon."""
        best: Episode | None = None
        for ep_id in self.views:
            ep = self.pack.episode(ep_id)
            if ep is not None and (best is None or ep.position > best.position):
                best = ep
        return best

    def horizon(self, lifted: bool = False) -> Horizon:
        if lifted:
            return Horizon.everything()
        far = self.furthest()
        return Horizon(position=far.position if far else -1)

    def next_episode(self) -> Episode | None:
        done = set(self.views) | self.skipped
        eps = self.pack.episodes
        last = max((e.position for e in eps if e.id in done), default=-1)
        for ep in eps[last + 1 :]:
            if ep.id not in done:
                return ep
        for ep in eps:
            if ep.id not in done:
                return ep
        return None

    def latest_viewing(self) -> str | None:
        """When the latest viewing happened (UTC text), by viewing time, not recording order.

        A watch logged later can be an earlier viewing (``--at last week``); one
        whose time is unknown (``--at unknown``) does not count.
        """
        from .store.clock import parse_utc

        best: tuple[Any, str] | None = None
        for ev in self.events:
            if ev["type"] != "watch":
                continue
            stamp = ev["at"] if "at" in ev else ev.get("recorded")
            if not stamp:
                continue
            when = parse_utc(stamp)
            if best is None or when > best[0]:
                best = (when, stamp)
        return best[1] if best else None

    def nothing_next(self) -> str:
        """Why there is no next episode: all watched, or the rest skipped."""
        unseen = [e.id for e in self.pack.episodes if e.id not in self.views]
        if not unseen:
            return "You have seen every episode."
        from .specs import format_spec

        n = len(unseen)
        return (
            f"Nothing left to watch: the {n} episode{'s' if n > 1 else ''} you have not seen "
            f"{'are' if n > 1 else 'is'} skipped ({format_spec(unseen, self.pack)}); aod watch SPEC marks one."
        )

    def minutes(self, ids: list[str]) -> int:
        total = 0
        for ep_id in ids:
            ep = self.pack.episode(ep_id)
            if ep is not None and ep.runtime:
                total += ep.runtime
        return total
