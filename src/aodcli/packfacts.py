"""Plain views of a data pack's parsed files, shared by the model and the fast path.

:mod:`aodcli.pack` builds model objects from these files; the fast path of
``aod prompt`` and shell completion (:mod:`aodcli.fastpath`) reads the same
parsed files from their sealed copies and needs only a few facts from them.
Both take those facts from here. Nothing is imported.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def episode_code(season: int, number: int) -> str:
    """``S01E03``."""
    return f"S{season:02d}E{number:02d}"


def in_show_order(episodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The parsed episodes in the show's order (season, then number)."""
    return sorted(episodes, key=lambda e: (e["season"], e["number"]))


def show_title(show: dict[str, Any]) -> str:
    return str(show["title"]["en"])
