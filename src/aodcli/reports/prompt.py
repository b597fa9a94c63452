"""The status-line string of `aod prompt`: no tables, no rich.

The template language and the line's fields live in :mod:`aodcli.promptline`,
shared with the fast path; this module feeds them a pack and a progress.
"""

from __future__ import annotations

from ..pack.pack import Pack
from ..progress import Progress
from ..promptline import FIELDS, MAX_OUTPUT, MAX_TEMPLATE, fill, initials, line_data, line_text

__all__ = ["FIELDS", "MAX_OUTPUT", "MAX_TEMPLATE", "fill", "initials", "prompt_data", "prompt_text"]


def prompt_data(pack: Pack, progress: Progress, profile: str, *, known: bool = True) -> dict[str, object]:
    """The status line's facts (``known=False``: the store could not be read, progress unknown)."""
    nxt = progress.next_episode()
    return line_data(
        pack.title, len(progress.watched_ids), len(pack.episodes), nxt.code if nxt else None, profile, known=known
    )


def prompt_text(pack: Pack, progress: Progress, profile: str, template: str, *, known: bool = True) -> str:
    """The status line; unknown progress shows as ``?``."""
    return line_text(prompt_data(pack, progress, profile, known=known), template)
