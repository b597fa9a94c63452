"""Shell completion for the Typer app: episode SPECs, profiles, people, characters, option values.

The candidates come from :mod:`aodcli.candidates` (shared with the fast path,
:mod:`aodcli.fastpath`); these functions feed it the loaded pack and store.
They never raise: a broken pack or store just completes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import candidates

if TYPE_CHECKING:
    from collections.abc import Callable


def _pack_files() -> Callable[[str], Any] | None:
    try:
        from ..pack import load_pack

        return load_pack().raw
    except Exception:  # completion must never break the shell
        return None


def _from_pack(pick: Callable[[str, Callable[[str], Any]], list[str]], incomplete: str) -> list[str]:
    read = _pack_files()
    if read is None:
        return []
    try:
        return pick(incomplete, read)
    except Exception:  # a pack that loads but cannot be read whole: complete nothing
        return []


def specs(incomplete: str) -> list[str]:
    return _from_pack(candidates.specs, incomplete)


def seasons(incomplete: str) -> list[str]:
    return _from_pack(candidates.seasons, incomplete)


def people(incomplete: str) -> list[str]:
    return _from_pack(candidates.people, incomplete)


def characters(incomplete: str) -> list[str]:
    return _from_pack(candidates.characters, incomplete)


def search_kinds(incomplete: str) -> list[str]:
    return candidates.matching(candidates.SEARCH_KINDS, incomplete)


#: The words of each completer made by :func:`choices` (the fast path's table names them).
CHOICE_WORDS: dict[Callable[[str], list[str]], tuple[str, ...]] = {}


def choices(words: tuple[str, ...]) -> Callable[[str], list[str]]:
    """A completer for an option with a fixed set of values."""

    def complete_choice(incomplete: str) -> list[str]:
        return candidates.matching(words, incomplete)

    CHOICE_WORDS[complete_choice] = words
    return complete_choice


def profiles(incomplete: str) -> list[str]:
    try:
        from ..store import open_for_read

        doc = open_for_read().doc
    except Exception:
        return []
    return candidates.profiles(incomplete, doc["profiles"] if doc else ())
