"""Shell completion: episode SPECs, profile names, people and characters.

Each function takes what the user has typed so far and returns candidates.
They never raise: a broken pack or store just completes nothing.
"""

from __future__ import annotations


def specs(incomplete: str) -> list[str]:
    try:
        from ..pack import load_pack

        pack = load_pack()
    except Exception:  # completion must never break the shell
        return []
    words = ["all", "next"]
    words += [f"s{n}" for n in pack.seasons_with_episodes()]
    words += [e.code for e in pack.episodes]
    low = incomplete.lower()
    return [w for w in words if w.lower().startswith(low)]


def profiles(incomplete: str) -> list[str]:
    try:
        from ..store import open_for_read

        doc = open_for_read().doc
    except Exception:
        return []
    names = sorted(doc["profiles"]) if doc else []
    return [n for n in names if n.startswith(incomplete)]


def names(incomplete: str) -> list[str]:
    """People and characters, by display name (case-insensitive prefix of any word)."""
    try:
        from ..pack import load_pack

        pack = load_pack()
    except Exception:
        return []
    low = incomplete.lower()
    found = []
    for record in [*pack.characters.values(), *pack.people.values()]:
        if any(part.lower().startswith(low) for part in [record.name, *record.name.split()]):
            found.append(record.name)
    return sorted(set(found))
