"""Shell completion: episode SPECs, profile names, people, characters and option values.

Each function takes what the user has typed so far and returns candidates.
They never raise: a broken pack or store just completes nothing. Bash inserts
a candidate as it is, so there names with spaces come back escaped
(``Choi\\ Nam-ra``); zsh and fish quote candidates themselves.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..pack.pack import Pack

_BASH_SPECIAL = set(" \t'\"\\$`!&;|<>()*?[]#~{}")


def _for_shell(word: str) -> str:
    if os.environ.get("_AOD_COMPLETE") != "complete_bash":
        return word
    return "".join("\\" + ch if ch in _BASH_SPECIAL else ch for ch in word)


def _typed(incomplete: str) -> str:
    """What was typed, without the shell's quoting (``Choi\\ Na``, ``"Choi Na``)."""
    return incomplete.replace("\\", "").lstrip("'\"")


def _pack() -> Pack | None:
    try:
        from ..pack import load_pack

        return load_pack()
    except Exception:  # completion must never break the shell
        return None


def _matching(words: list[str], incomplete: str) -> list[str]:
    low = _typed(incomplete).lower()
    return [w for w in words if w.lower().startswith(low)]


def specs(incomplete: str) -> list[str]:
    """SPECs and episode codes, in the case the user types them (``s01e03`` or ``S01E03``)."""
    pack = _pack()
    if pack is None:
        return []
    lower = _typed(incomplete)[:1].islower()
    words = ["all", "next"]
    words += [f"s{n}" for n in pack.seasons_with_episodes()]
    words += [e.code.lower() if lower else e.code for e in pack.episodes]
    return _matching(words, incomplete)


def seasons(incomplete: str) -> list[str]:
    pack = _pack()
    return _matching([str(s.number) for s in pack.seasons], incomplete) if pack else []


def search_kinds(incomplete: str) -> list[str]:
    return _matching(["people", "characters", "episodes"], incomplete)


def choices(words: tuple[str, ...]) -> Callable[[str], list[str]]:
    """A completer for an option with a fixed set of values."""
    return lambda incomplete: _matching(list(words), incomplete)


def profiles(incomplete: str) -> list[str]:
    try:
        from ..store import open_for_read

        doc = open_for_read().doc
    except Exception:
        return []
    names = sorted(doc["profiles"]) if doc else []
    return [_for_shell(n) for n in names if n.startswith(_typed(incomplete))]


def _names(records: list[tuple[str, list[str]]], incomplete: str) -> list[str]:
    """Display names any of whose words (or spellings) starts with what was typed."""
    low = _typed(incomplete).lower()
    found = {name for name, forms in records if any(f.lower().startswith(low) for f in forms)}
    return [_for_shell(n) for n in sorted(found)]


def people(incomplete: str) -> list[str]:
    pack = _pack()
    if pack is None:
        return []
    return _names([(p.name, [p.name, *p.name.split()]) for p in pack.people.values()], incomplete)


def characters(incomplete: str) -> list[str]:
    pack = _pack()
    if pack is None:
        return []
    return _names([(c.name, [c.name, *c.name.split()]) for c in pack.characters.values()], incomplete)
