"""The spoiler horizon: what a profile may see.

The horizon is the furthest episode the profile has watched (by position in
the show). Anything tied to a later episode is hidden and marked with the
episode that reveals it. An event whose episode is unknown is revealed only
once its whole season is watched. ``--spoilers`` lifts the horizon.
"""

from __future__ import annotations

from dataclasses import dataclass

from .pack.model import Episode, Event
from .pack.pack import Pack


@dataclass(frozen=True, slots=True)
class Hidden:
    """A value withheld by the horizon; ``until`` is the episode code that reveals it."""

    until: str

    def __str__(self) -> str:
        return f"hidden until {self.until}"

    def to_json(self) -> dict[str, object]:
        return {"hidden": True, "until": self.until}


@dataclass(frozen=True, slots=True)
class Horizon:
    position: int = -1  # position of the furthest watched episode; -1: none
    lifted: bool = False

    @classmethod
    def everything(cls) -> Horizon:
        return cls(position=-1, lifted=True)

    def sees(self, episode: Episode) -> bool:
        return self.lifted or episode.position <= self.position

    def reveal_episode(self, event: Event, pack: Pack) -> Episode | None:
        """The episode that reveals ``event`` (its own, or its season's last)."""
        if event.episode is not None:
            return pack.episode(event.episode)
        return pack.last_episode_of(event.season)

    def sees_event(self, event: Event, pack: Pack) -> bool:
        if self.lifted:
            return True
        ep = self.reveal_episode(event, pack)
        return ep is not None and self.sees(ep)

    def hidden_event(self, event: Event, pack: Pack) -> Hidden:
        ep = self.reveal_episode(event, pack)
        return Hidden(ep.code if ep else f"season {event.season}")

    def describe(self, pack: Pack) -> str:
        if self.lifted:
            return "spoilers shown (--spoilers)"
        if self.position < 0:
            return "nothing watched yet: every spoiler is hidden"
        return f"spoilers hidden after {pack.episodes[self.position].code}"
