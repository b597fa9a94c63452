"""A profile's progress, derived from its store events.

The rules (which events count, the next-up rule) are in :mod:`aodcli.progress_rules`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .i18n import _, ngettext
from .pack.model import Episode
from .pack.pack import Pack
from .progress_rules import fold, next_index, undone_ids
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
        undone = undone_ids(raw)
        prog = cls(pack=pack, undone=undone)
        prog._fold(raw)
        return prog

    def apply(self, ev: dict[str, Any]) -> None:
        """Add one more event (not an undo: undo needs ``from_events``)."""
        self._fold((ev,))

    def _fold(self, raw: Iterable[dict[str, Any]]) -> None:
        fold(raw, self.pack.episode_ids(), self.undone, self.events, self.views, self.skipped, self.ratings, self.notes)

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
        return self.pack.furthest(self.views)

    def horizon(self, lifted: bool = False) -> Horizon:
        if lifted:
            return Horizon.everything()
        return Horizon.of_watched(self.pack, self.views)

    def next_episode(self) -> Episode | None:
        eps = self.pack.episodes
        i = next_index([e.id for e in eps], set(self.views) | self.skipped)
        return None if i is None else eps[i]

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
            return _("You have seen every episode.")
        from .episode_specs import format_spec

        n = len(unseen)
        return ngettext(
            "Nothing left to watch: the {count} episode you have not seen is skipped ({episodes}); "
            "aod watch SPEC marks one.",
            "Nothing left to watch: the {count} episodes you have not seen are skipped ({episodes}); "
            "aod watch SPEC marks one.",
            n,
        ).format(count=n, episodes=format_spec(unseen, self.pack))

    def minutes(self, ids: list[str]) -> int:
        total = 0
        for ep_id in ids:
            ep = self.pack.episode(ep_id)
            if ep is not None and ep.runtime:
                total += ep.runtime
        return total
