"""Search over the loaded pack: people and characters by name, episodes by text, the show and
its places and words by their names (``search_terms``), an episode by its Korean number (``3화``).

Names go through ``aodcli.search`` (Korean-aware, any spelling). Episodes
match on title and blurb, which are always safe to show; a match inside a
synopsis counts only for watched episodes, and matches in unwatched synopses
are reported as a number, never shown.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Ambiguous, NotFound
from .pack.model import Character, Episode, Person
from .pack.pack import Pack
from .search import Hit, NameIndex, NameRecord, pick_one
from .spoilers import Horizon

#: Character id -> (first-seen episode id or None, the season that gates it): :func:`first_seen_facts`.
FirstSeen = dict[str, tuple[str | None, int]]

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


def first_seen_facts(pack: Pack) -> FirstSeen:
    """Character id -> (id of the episode where they are first seen or None, the season whose
    last episode gates an unknown first appearance): what ``reports.common.hidden_first_seen``
    needs to tell whether showing a character's first appearance would spoil, without
    loading every character and event of the pack."""
    first = pack.first_appearances()
    return {c.id: (first.get(c.id), min(c.seasons, default=1)) for c in pack.characters.values()}


#: At most this many matches are offered to choose from when a name is not picked.
CHOICES = 9

#: Sealed copies of the index kept in ``<cache>/search``; older ones are pruned.
KEEP_INDEXES = 8

#: The last pack asked about, its index and first-seen facts (a command asks once or twice).
_last: tuple[Pack, tuple[NameIndex, FirstSeen]] | None = None


def name_index(pack: Pack) -> NameIndex:
    """The name index of ``pack``: from its sealed copy when the pack is unchanged."""
    return _search_data(pack)[0]


def first_seen(pack: Pack) -> FirstSeen:
    """:func:`first_seen_facts` of ``pack``, from the same sealed copy as its name index."""
    return _search_data(pack)[1]


def _search_data(pack: Pack) -> tuple[NameIndex, FirstSeen]:
    """The pack's name index and first-seen facts, kept together as one sealed copy.

    Building the index of a large pack costs far more than loading a stored one (on the
    benchmark's pack of 5,000 names: about 540 ms to build, 9 ms to load), so it is kept
    in ``<data dir>/cache/search/<key>.marshal`` (``fileio/cachefile.py``), with the facts
    the search report needs about characters (which would otherwise load the pack's
    characters, events and episodes: about 40 ms). The key (``cachekeys.cache_key``)
    covers the pack's key, the aodcli version and the code that makes the records, the
    index and the facts, so any change gives a new key. A copy that cannot be read is
    built again and replaced; one that cannot be written is skipped.
    """
    global _last
    if _last is not None and _last[0] is pack:
        return _last[1]
    path = _cache_path(pack)
    found = _load(path) if path is not None else None
    if found is None:
        found = (NameIndex(name_records(pack)), first_seen_facts(pack))
        if path is not None:
            _store(path, found)
    _last = (pack, found)
    return found


def _cache_path(pack: Pack) -> tuple[Path, str] | None:
    """The sealed copy of ``pack``'s search data and its key; None for a pack without a key."""
    from .cachekeys import cache_key
    from .paths import cache_dir

    if pack.key is None:
        return None
    key = cache_key("search", pack.key)
    return cache_dir() / "search" / f"{key}.marshal", key


def _load(path: tuple[Path, str]) -> tuple[NameIndex, FirstSeen] | None:
    """The index and facts of the sealed copy at ``path``, or None when there is none."""
    from .fileio import cachefile

    found = cachefile.read_sealed(*path)
    if not (isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], dict)):
        return None
    try:
        return NameIndex.from_payload(found[0]), found[1]
    except ValueError:
        return None


def _store(path: tuple[Path, str], data: tuple[NameIndex, FirstSeen]) -> None:
    """Keep the index and facts as a sealed copy, and prune the folder; never fails: a
    read-only, full or unopenable cache folder means building every time."""
    from .fileio import cachefile
    from .paths import data_dir, store_path

    target, key = path
    payload = (data[0].to_payload(), data[1])
    if cachefile.write_sealed(target, key, payload, root=data_dir(), store_file=store_path()):
        cachefile.prune(target.parent, KEEP_INDEXES, target)


def find_one(pack: Pack, query: str, kind: str) -> Hit:
    """Exactly one person or character for ``query``; Ambiguous (exit 2) or NotFound (exit 1)."""
    from .i18n import _, ngettext
    from .i18n.formats import name_text

    person = kind == "person"
    index = name_index(pack)
    hits = index.search(query, kinds={kind})
    chosen = pick_one(hits)
    if chosen is not None and chosen.tier != "typo":
        return chosen
    shown = _show(query)
    if hits:
        if hits[0].tier == "typo":
            closest = name_text(hits[0].record.name, hits[0].record.hangul)
            said = (
                _("no person matches {query}; did you mean {name}?")
                if person
                else _("no character matches {query}; did you mean {name}?")
            )
            raise NotFound(said.format(query=shown, name=closest))
        # Not picked: a tie, or a partial match (a surname, a prefix...). Every match is
        # named and counted, best first: a weak top hit alone is no tie, so counting only
        # the top score said "matches 1 character: Jung Min-jae; be more specific".
        choices = tuple(h.record.id for h in hits[:CHOICES])
        if len(hits) == 1:
            said = _("{query} is only part of a name: did you mean {name}?")
            raise Ambiguous(
                said.format(query=shown, name=name_text(hits[0].record.name, hits[0].record.hangul)), choices
            )
        n = len(hits)
        names = ", ".join(name_text(h.record.name, h.record.hangul) for h in hits[:6]) + (", …" if n > 6 else "")
        many = (
            ngettext(
                "{query} matches {count} person: {names}; be more specific",
                "{query} matches {count} people: {names}; be more specific",
                n,
            )
            if person
            else ngettext(
                "{query} matches {count} character: {names}; be more specific",
                "{query} matches {count} characters: {names}; be more specific",
                n,
            )
        )
        raise Ambiguous(many.format(query=shown, count=n, names=names), choices, n)
    suggestion = index.suggest(query)
    if suggestion:
        said = (
            _("no person matches {query}; did you mean {name}?")
            if person
            else _("no character matches {query}; did you mean {name}?")
        )
        raise NotFound(said.format(query=shown, name=name_text(suggestion.record.name, suggestion.record.hangul)))
    nothing = _("no person matches {query}") if person else _("no character matches {query}")
    raise NotFound(nothing.format(query=shown))


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


#: A query that is an episode in Korean (``3화``, ``시즌1 3화``): the episode, never part of a name.
_EPISODE_QUERY = re.compile(r"(?:시즌\s*[0-9]+\s*)?[0-9]+\s*화")


def episode_query(pack: Pack, query: str) -> tuple[bool, Episode | None]:
    """Is the query an episode in Korean (``3화``, ``시즌1 3화``), and which (None: not in the pack)."""
    text = " ".join(unicodedata.normalize("NFKC", query).split())
    if not _EPISODE_QUERY.fullmatch(text):
        return False, None
    from .episode_specs import parse_one
    from .errors import AodError

    try:
        return True, pack.episode(parse_one(text, pack))
    except AodError:
        return True, None


@dataclass(frozen=True, slots=True)
class Term:
    """The show itself, or a place or word of it (``show.json``'s ``terms``), as a search found it."""

    kind: str  # "show" | "place" | "term"
    name: str
    hangul: str | None
    text: str | None
    episode: Episode | None  # the first episode that shows it (None: the show, or the premise tells it)


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def search_terms(pack: Pack, query: str, horizon: Horizon) -> list[Term]:
    """The show (by any of its titles: 지금 우리 학교는, 지우학, Estamos muertos…) and the places and
    words of it (효산고, 절비) whose name or spelling is, or begins with, the query. A term first
    shown past the horizon is not searched (as a word that is nowhere in the show)."""
    want = _fold(query)
    if len(want) < 2:
        return []
    found: list[tuple[int, Term]] = []
    show = pack.show
    title = show.get("title") or {}
    forms = [title.get("en"), title.get("ko"), title.get("short_ko"), title.get("literal")]
    romanized = title.get("romanized")
    if isinstance(romanized, dict):
        forms += [v.get("value") for v in romanized.get("versions") or [] if isinstance(v, dict)]
    forms += [t.get("value") for t in title.get("netflix") or [] if isinstance(t, dict)]
    rank = _rank(want, forms)
    if rank is not None:
        found.append((rank, Term("show", pack.title, title.get("ko"), show.get("premise"), None)))
    for term in show.get("terms") or []:
        ep = pack.episode(term["episode"]) if term["episode"] is not None else None
        if term["episode"] is not None and (ep is None or not horizon.sees(ep)):
            continue
        rank = _rank(want, [term["name"], term["hangul"], *term["aliases"]])
        if rank is not None:
            found.append((rank, Term(term["kind"], term["name"], term["hangul"], term["text"], ep)))
    return [t for _, t in sorted(found, key=lambda f: f[0])]


def _rank(want: str, forms: list[object]) -> int | None:
    """0: a form is the query; 1: a form begins with it; None: no form does."""
    folded = [_fold(f) for f in forms if isinstance(f, str) and f]
    if want in folded:
        return 0
    if any(f.startswith(want) for f in folded):
        return 1
    return None
