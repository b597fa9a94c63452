"""Search over the loaded pack: people and characters by name, episodes by text.

Names go through ``aodcli.search`` (Korean-aware, any spelling). Episodes
match on title and blurb, which are always safe to show; a match inside a
synopsis counts only for watched episodes, and matches in unwatched synopses
are reported as a number, never shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import Ambiguous, NotFound
from .pack.model import Character, Episode, Person
from .pack.pack import Pack
from .search import Hit, NameIndex, NameRecord, pick_one
from .spoilers import Horizon

KINDS = {"people": {"person"}, "characters": {"character"}, "episodes": set()}


def name_records(pack: Pack) -> list[NameRecord]:
    """Every person and character of the pack as a searchable record."""
    records: list[NameRecord] = []
    actor_of: dict[str, str] = {}
    role_of: dict[str, tuple[int, str]] = {}
    for credit in pack.credits:
        if not credit.character or credit.character not in pack.characters:
            continue
        char = pack.characters[credit.character]
        actor_of.setdefault(char.id, pack.person_name(credit.person))
        best = role_of.get(credit.person)
        if best is None or char.order < best[0]:
            role_of[credit.person] = (char.order, char.name)
    for c in pack.characters.values():
        records.append(_record(c, "character", c.order, actor_of.get(c.id)))
    for p in pack.people.values():
        order, role = role_of.get(p.id, (5000, None))
        records.append(_record(p, "person", order, role))
    return records


def _record(item: Character | Person, kind: str, order: int, link: str | None) -> NameRecord:
    return NameRecord(
        id=item.id,
        kind=kind,
        name=item.name,
        family=item.family,
        hangul=item.hangul,
        family_hangul=item.family_hangul,
        aliases=tuple((a.name, a.kind) for a in item.aliases),
        order=order,
        link=link,
    )


def name_index(pack: Pack) -> NameIndex:
    return NameIndex(name_records(pack))


def find_one(pack: Pack, query: str, kind: str) -> Hit:
    """Exactly one person or character for ``query``; Ambiguous (exit 2) or NotFound (exit 1)."""
    label = "person" if kind == "person" else "character"
    index = name_index(pack)
    hits = index.search(query, kinds={kind})
    chosen = pick_one(hits)
    if chosen is not None and chosen.tier != "typo":
        return chosen
    shown = _show(query)
    if hits:
        top = [h for h in hits if h.score == hits[0].score] or hits[:1]
        names = ", ".join(h.record.name for h in top[:6]) + (", …" if len(top) > 6 else "")
        if hits[0].tier == "typo":
            raise NotFound(f"no {label} matches {shown}; did you mean {hits[0].record.name}?")
        raise Ambiguous(f"{shown} matches {len(top)} {label}s: {names}; be more specific")
    suggestion = index.suggest(query)
    hint = f"; did you mean {suggestion.record.name}?" if suggestion else ""
    raise NotFound(f"no {label} matches {shown}{hint}")


def _show(query: str) -> str:
    text = " ".join(query.split())
    return repr(text if len(text) <= 40 else text[:37] + "...")


@dataclass(slots=True)
class EpisodeMatches:
    shown: list[tuple[Episode, str]] = field(default_factory=list)  # episode, where it matched
    hidden: int = 0  # matches inside synopses of episodes not yet watched


def search_episodes(pack: Pack, query: str, horizon: Horizon) -> EpisodeMatches:
    words = "".join(ch if ch.isalnum() else " " for ch in query.casefold()).split()[:20]
    result = EpisodeMatches()
    if not words:
        return result

    def has(text: str | None) -> bool:
        """Every query word starts a word of ``text`` (so "lee" does not hit "asleep")."""
        have = "".join(ch if ch.isalnum() else " " for ch in (text or "").casefold()).split()
        return all(any(h.startswith(w) for h in have) for w in words)

    for ep in pack.episodes:
        if has(ep.title) or has(ep.code):
            result.shown.append((ep, "title"))
        elif has(ep.blurb):
            result.shown.append((ep, "blurb"))
        elif has(ep.synopsis):
            if horizon.sees(ep):
                result.shown.append((ep, "synopsis"))
            else:
                result.hidden += 1
    return result
