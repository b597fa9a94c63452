"""Search over the loaded pack: people and characters by name, episodes by text.

Names go through ``aodcli.search`` (Korean-aware, any spelling). Episodes
match on title and blurb, which are always safe to show; a match inside a
synopsis counts only for watched episodes, and matches in unwatched synopses
are reported as a number, never shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

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


#: Stored indexes kept in ``<cache>/search``; older ones are deleted.
KEEP_INDEXES = 8

#: The last pack asked about and its index (a command asks once or twice).
_last: tuple[Pack, NameIndex] | None = None


def name_index(pack: Pack) -> NameIndex:
    """The name index of ``pack``: from the disk cache when the pack is unchanged.

    Building the index of a large pack costs far more than loading a stored
    one, so a built index is stored (``NameIndex.to_blob``) in
    ``<data dir>/cache/search/<key>.marshal``. The key (``cachekeys.cache_key``)
    covers the pack's key, the aodcli version and the code that makes the
    records and the index, so any change gives a new key. The cache is disposable: a file that cannot be read or
    loaded is rebuilt and replaced, and one that cannot be written is skipped.
    """
    global _last
    if _last is not None and _last[0] is pack:
        return _last[1]
    path = _cache_path(pack)

    def build() -> NameIndex:
        built = NameIndex(name_records(pack))
        if path is not None:
            _store(path, built)
        return built

    index = _load(path, build) if path is not None else None
    if index is None:
        index = build()
    _last = (pack, index)
    return index


def _cache_path(pack: Pack) -> Path | None:
    """The index file of ``pack``; None for a pack without a key."""
    from .cachekeys import cache_key
    from .paths import cache_dir

    if pack.key is None:
        return None
    return cache_dir() / "search" / f"{cache_key('search', pack.key)}.marshal"


def _load(path: Path, rebuild: Callable[[], NameIndex]) -> NameIndex | None:
    """The stored index, or None when it is missing, unreadable or not a valid index.

    Its parts are checked as queries first use them; one that fails then
    makes the index ``rebuild`` (which also replaces the file).
    """
    from .fileio import cachefile

    blob = cachefile.read(path)
    if blob is None:
        return None
    try:
        return NameIndex.from_blob(blob, rebuild=rebuild)
    except (ValueError, TypeError, EOFError, IndexError, MemoryError):
        return None  # another format, truncated or corrupt: rebuild and replace it


def _store(path: Path, index: NameIndex) -> None:
    """Write the index atomically (a temp file in the same folder, then a rename); never fails."""
    try:
        blob = index.to_blob()
    except ValueError:  # a value marshal cannot store
        return
    _write(path, blob)


def _write(path: Path, blob: bytes) -> None:
    """Write a cache file atomically, when the disk has room to spare, and prune the
    folder (``fileio/cachefile.py``); never fails: a read-only, full or unopenable
    cache folder means building every time."""
    from .fileio import cachefile
    from .paths import data_dir, store_path

    if cachefile.write(path, blob, root=data_dir(), store_file=store_path()):
        cachefile.prune(path.parent, KEEP_INDEXES, path)


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
        raise Ambiguous(
            f"{shown} matches {len(top)} {'people' if kind == 'person' else 'characters'}: {names}; be more specific",
            tuple(h.record.id for h in top),
        )
    suggestion = index.suggest(query)
    hint = f"; did you mean {suggestion.record.name}?" if suggestion else ""
    raise NotFound(f"no {label} matches {shown}{hint}")


def _show(query: str) -> str:
    text = " ".join(query.split())
    return repr(text if len(text) <= 40 else text[:37] + "...")


@dataclass(slots=True)
class EpisodeMatches:
    shown: list[tuple[Episode, str]] = field(default_factory=list)  # episode, where it matched


def search_episodes(pack: Pack, query: str, horizon: Horizon) -> EpisodeMatches:
    """Episodes whose title, blurb or (within the horizon) synopsis has every query word.

    A synopsis past the horizon is not searched at all: the answer for a word
    found only there is exactly the answer for a word found nowhere (a count
    of hidden matches would confirm that the word belongs to a later episode).
    """
    words = "".join(ch if ch.isalnum() else " " for ch in query.casefold()).split()[:20]
    result = EpisodeMatches()
    if not words:
        return result

    def has(text: str | None) -> bool:
        """Every query word starts a word of ``text`` (so "lee" does not hit "asleep").

        A word is a run of alphanumeric characters of the case-folded text, so
        a query word (alphanumeric itself) starts one exactly where it occurs
        with no alphanumeric character just before it.
        """
        if not text:
            return False
        folded = text.casefold()
        for w in words:
            at = folded.find(w)
            while at > 0 and folded[at - 1].isalnum():
                at = folded.find(w, at + 1)
            if at < 0:
                return False
        return True

    for ep in pack.episodes:
        if has(ep.title) or has(ep.code):
            result.shown.append((ep, "title"))
        elif has(ep.blurb):
            result.shown.append((ep, "blurb"))
        elif horizon.sees(ep) and has(ep.synopsis):
            result.shown.append((ep, "synopsis"))
    return result
