"""`aod card`: your progress as a small picture to share.

The figures are those of `aod progress` and `aod stats` (episodes watched, time
watched, the longest streak) and a favourite episode. The only episode a card
names is one you have watched, so a card is spoiler-free at your horizon: the
story itself never appears on it. ``output/card.py`` draws it as SVG.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..i18n import _, ngettext
from ..i18n.formats import days_text, episode_label, number_text
from ..output.doc import Bar, Doc, Fields, Heading, Hint, Result
from ..pack.model import Episode
from ..pack.pack import Pack
from ..progress import Progress
from .common import minutes_text, progress_figures
from .stats import counted_watches, longest_streak, watch_days


@dataclass(frozen=True, slots=True)
class Tile:
    """One figure of the card: what it is, the figure, a line under it."""

    label: str
    value: str
    detail: str
    said: str | None = None  # the figure in one line, for a terminal (default: value · detail)

    @property
    def line(self) -> str:
        return self.said or (f"{self.value} · {self.detail}" if self.detail else self.value)


@dataclass(frozen=True, slots=True)
class Card:
    """What a card shows, in the interface language, and its figures for ``--json``."""

    title: str
    profile: str
    done: int
    total: int
    summary: str  # "5 of 12 episodes"
    tiles: tuple[Tile, ...]
    data: dict[str, Any]

    @property
    def byline(self) -> str:
        return _("profile {profile}").format(profile=self.profile)

    def result(self, hint: bool = True) -> Result:
        """The card for a terminal: its figures as fields, and how to draw it."""
        doc = Doc().add(
            Heading(self.title, self.byline),
            Bar(_("Watched"), self.done, self.total),
            Fields([(t.label, t.line) for t in self.tiles]),
        )
        if hint:
            doc.add(Hint(_("aod card -o card.svg draws it as a picture to share.")))
        return Result(doc, self.data)


def favourite(pack: Pack, progress: Progress) -> tuple[Episode, str] | None:
    """The watched episode you like best and why (``"score"`` or ``"rewatches"``), or None.

    Your highest score; a tie goes to the one watched most often, then to the
    earliest. With nothing rated, the episode you watched most often, when you
    watched one more than once. Only watched episodes count: a score given ahead
    (``aod rate`` allows it) must not put a later episode on the card.
    """
    watched = [e for e in pack.episodes if progress.watched(e.id)]
    rated = [e for e in watched if e.id in progress.ratings]
    if rated:
        best = min(rated, key=lambda e: (-progress.ratings[e.id], -progress.times_watched(e.id), e.position))
        return best, "score"
    again = [e for e in watched if progress.times_watched(e.id) > 1]
    if again:
        return min(again, key=lambda e: (-progress.times_watched(e.id), e.position)), "rewatches"
    return None


def _favourite_tile(pack: Pack, progress: Progress, found: tuple[Episode, str] | None) -> Tile:
    if found is None:
        none = _("none rated yet")
        return Tile(_("Favourite episode"), "—", none, said=none)
    ep, by = found
    seasons = len({e.season for e in pack.episodes})
    value = episode_label(ep.season, ep.number, seasons=seasons)
    times = progress.times_watched(ep.id)
    if by == "score":
        label, why = _("Favourite episode"), f"{progress.ratings[ep.id]}/10"
    else:
        label = _("Most rewatched")
        why = ngettext("watched {count} time", "watched {count} times", times).format(count=number_text(times))
    detail = why if ep.title == value else _("{title} · {why}").format(title=ep.title, why=why)
    return Tile(label, value, detail)


def card(pack: Pack, progress: Progress, profile: str) -> Card:
    figures = progress_figures(pack, progress, profile)
    streak = longest_streak(list(watch_days(counted_watches(progress))))
    found = favourite(pack, progress)
    tiles = (
        Tile(
            _("Time watched"),
            minutes_text(figures["minutes_watched"]),
            _("{time} left").format(time=minutes_text(figures["minutes_left"])),
        ),
        Tile(
            _("Longest streak"),
            days_text(streak),
            _("in a row"),
            ngettext("{count} day in a row", "{count} days in a row", streak).format(count=streak),
        ),
        _favourite_tile(pack, progress, found),
    )
    summary = ngettext("{watched} of {total} episode", "{watched} of {total} episodes", figures["total"]).format(
        watched=number_text(figures["watched"]), total=number_text(figures["total"])
    )
    fav_json = None
    if found is not None:
        ep, by = found
        fav_json = {
            "code": ep.code,
            "title": ep.title,
            "score": progress.ratings.get(ep.id),
            "times_watched": progress.times_watched(ep.id),
            "chosen_by": by,
        }
    data = figures | {"longest_streak_days": streak, "favourite": fav_json}
    return Card(pack.shown_title, profile, figures["watched"], figures["total"], summary, tiles, data)
