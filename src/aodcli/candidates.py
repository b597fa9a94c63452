"""Shell completion candidates: episode SPECs, profile names, people, characters, option values.

The one place that decides what Tab offers, shared by the Typer completers
(``cli/complete.py``, which read the loaded pack and store) and the fast path
(:mod:`aodcli.fastpath`, which reads their sealed copies). Each function takes
what the user has typed so far and the data, and returns candidates; the data
comes as ``read(name)``, the parsed content of a pack file. Only ``os`` is
imported.

Bash inserts a candidate as it is, so there names with spaces come back escaped
(``Choi\\ Nam-ra``); zsh and fish quote candidates themselves.
"""

from __future__ import annotations

import os

from .packfacts import episode_code, in_show_order

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

    Read = Callable[[str], Any]

_BASH_SPECIAL = set(" \t'\"\\$`!&;|<>()*?[]#~{}")
SEARCH_KINDS = ("people", "characters", "episodes")


def for_shell(word: str) -> str:
    if os.environ.get("_AOD_COMPLETE") != "complete_bash":
        return word
    return "".join("\\" + ch if ch in _BASH_SPECIAL else ch for ch in word)


def typed(incomplete: str) -> str:
    """What was typed, without the shell's quoting (``Choi\\ Na``, ``"Choi Na``)."""
    return incomplete.replace("\\", "").lstrip("'\"")


def matching(words: Iterable[str], incomplete: str) -> list[str]:
    low = typed(incomplete).lower()
    return [w for w in words if w.lower().startswith(low)]


def specs(incomplete: str, read: Read) -> list[str]:
    """SPECs and episode codes, in the case the user types them (``s01e03`` or ``S01E03``)."""
    episodes = in_show_order(read("episodes.json"))
    lower = typed(incomplete)[:1].islower()
    words = ["all", "next"]
    words += [f"s{n}" for n in sorted({e["season"] for e in episodes})]
    codes = [episode_code(e["season"], e["number"]) for e in episodes]
    words += [c.lower() for c in codes] if lower else codes
    return matching(words, incomplete)


def seasons(incomplete: str, read: Read) -> list[str]:
    return matching([str(n) for n in sorted(s["number"] for s in read("seasons.json"))], incomplete)


def profiles(incomplete: str, names: Iterable[str]) -> list[str]:
    """``names``: the store's profile names."""
    return [for_shell(n) for n in sorted(names) if n.startswith(typed(incomplete))]


def _names(records: list[dict[str, Any]], incomplete: str) -> list[str]:
    """Names any of whose words starts with what was typed: the romanized name (``Park Ji-hu``),
    or, for a Hangul start (``박``), the Hangul name (``박지후``, which every command takes too)."""
    low = typed(incomplete).lower()
    hangul = bool(low) and "\uac00" <= low[0] <= "\ud7a3"  # a Hangul syllable
    found = set()
    for r in records:
        if hangul:
            if r.get("hangul") and r["hangul"].startswith(low):
                found.add(r["hangul"])
        elif any(f.lower().startswith(low) for f in (r["name"], *r["name"].split())):
            found.add(r["name"])
    return [for_shell(n) for n in sorted(found)]


def people(incomplete: str, read: Read) -> list[str]:
    return _names(read("people.json"), incomplete)


def characters(incomplete: str, read: Read) -> list[str]:
    return _names(read("characters.json"), incomplete)
