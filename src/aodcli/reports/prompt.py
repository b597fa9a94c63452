"""The status-line string of `aod prompt`: no tables, no rich."""

from __future__ import annotations

from ..errors import UsageError
from ..pack.pack import Pack
from ..progress import Progress

FIELDS = ("show", "watched", "total", "percent", "next", "profile")


def initials(title: str) -> str:
    """'All of Us Are Dead' -> 'AOUAD'."""
    return "".join(word[0] for word in title.split() if word[:1].isalnum()).upper() or title


def prompt_text(pack: Pack, progress: Progress, profile: str, template: str) -> str:
    watched, total = len(progress.watched_ids), len(pack.episodes)
    nxt = progress.next_episode()
    values = {
        "show": initials(pack.title),
        "watched": str(watched),
        "total": str(total),
        "percent": str(round(100 * watched / total)) if total else "0",
        "next": nxt.code if nxt else "done",
        "profile": profile,
    }
    try:
        return template.format_map(values)
    except (KeyError, ValueError, IndexError, AttributeError) as err:
        raise UsageError(
            f"invalid --format {template[:60]!r} ({type(err).__name__}: {err}); fields are "
            + ", ".join("{" + f + "}" for f in FIELDS)
        ) from None
