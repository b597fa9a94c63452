"""Episode SPECs: ``3``, ``1-4``, ``1,3,5``, ``s1e3``, ``S01E03``, ``1x03``,
ranges of codes (``s1e1-s1e3``, ``S01E01-12``, ``1x01-1x04``), ``s1`` (a whole
season), ``all`` and ``next``; full-width forms (``３``) are read as typed.

``parse_spec`` turns a SPEC into episode ids in show order, without
duplicates. A bare number ``N`` is the N-th episode of the show (while only one
season has episodes, that is episode N of it). Errors are ``SpecError`` (exit
2) naming the bad part.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from .errors import SpecError
from .pack.model import Episode
from .pack.pack import Pack

MAX_DIGITS = 6
MAX_SPEC = 1000


def _number(text: str, spec: str, what: str = "an episode number") -> int:
    if not text or not text.isascii() or not text.isdigit():
        raise SpecError(f"invalid SPEC {spec!r}: {text!r} is not {what}")
    if len(text) > MAX_DIGITS:
        raise SpecError(f"invalid SPEC {spec!r}: {text!r} is too large")
    return int(text)


def _split_code(item: str) -> tuple[str, str] | None:
    """``s1e3``/``S01E03`` -> ("1", "3"); ``1x03`` -> ("1", "03"); else None."""
    low = item.lower()
    if low.startswith("s") and "e" in low:
        season, _, episode = low[1:].partition("e")
        return season, episode
    if "x" in low:
        season, _, episode = low.partition("x")
        return season, episode
    return None


def _show(spec: str) -> str:
    return spec if len(spec) <= 40 else spec[:37] + "..."


class _Resolver:
    def __init__(self, pack: Pack, spec: str) -> None:
        self.pack = pack
        self.spec = _show(spec)

    def nth(self, n: int) -> Episode:
        eps = self.pack.episodes
        if n < 1 or n > len(eps):
            if not eps:
                raise SpecError(f"invalid SPEC {self.spec!r}: this show has no episodes yet")
            raise SpecError(f"invalid SPEC {self.spec!r}: there is no episode {n} (episodes run 1-{len(eps)})")
        return eps[n - 1]

    def season(self, n: int) -> list[Episode]:
        eps = self.pack.season_episodes(n)
        if eps:
            return eps
        season = self.pack.season(n)
        if season is None:
            have = ", ".join(f"s{s.number}" for s in self.pack.seasons) or "none"
            raise SpecError(f"invalid SPEC {self.spec!r}: there is no season {n} (seasons: {have})")
        raise SpecError(f"invalid SPEC {self.spec!r}: season {n} has no episodes yet ({season.status})")

    def code(self, s: int, e: int) -> Episode:
        found = self.pack.episode_at(s, e)
        if found is None:
            count = len(self.season(s))
            raise SpecError(
                f"invalid SPEC {self.spec!r}: there is no S{s:02d}E{e:02d} (season {s} has {count} episodes)"
            )
        return found


def parse_spec(spec: str, pack: Pack, *, next_episode: Callable[[], Episode | None] | None = None) -> list[str]:
    """Episode ids named by ``spec``, in show order, each once."""
    text = unicodedata.normalize("NFKC", spec).strip()  # full-width ３ or Ｓ０１Ｅ０３, as typed with an IME
    if not text:
        raise SpecError("empty SPEC: give an episode like 3, 1-4, s1e3 or all")
    if len(text) > MAX_SPEC:
        raise SpecError(f"invalid SPEC: longer than {MAX_SPEC} characters")
    res = _Resolver(pack, text)
    low = text.lower()
    if low == "all":
        if not pack.episodes:
            raise SpecError("invalid SPEC 'all': this show has no episodes yet")
        return [e.id for e in pack.episodes]
    if low == "next":
        found = next_episode() if next_episode else None
        if found is None:
            raise SpecError("invalid SPEC 'next': there is no next episode (all watched)")
        return [found.id]
    chosen: dict[str, Episode] = {}
    for raw_item in text.split(","):
        item = "".join(raw_item.split())
        if not item:
            raise SpecError(f"invalid SPEC {res.spec!r}: empty item between commas")
        for ep in _item(item, res):
            chosen[ep.id] = ep
    return [e.id for e in sorted(chosen.values(), key=lambda e: e.position)]


def _item(item: str, res: _Resolver) -> list[Episode]:
    low = item.lower()
    if low in ("all", "next"):
        raise SpecError(f"invalid SPEC {res.spec!r}: {item!r} must be used on its own")
    if "-" in item:
        start, _, end = item.partition("-")
        if not start:
            raise SpecError(f"invalid SPEC {res.spec!r}: a range needs a start, as in 1-4")
        if not end:
            raise SpecError(f"invalid SPEC {res.spec!r}: a range needs an end, as in 1-4")
        first = _endpoint(start, res)
        code = _split_code(start)  # after a code, a bare number is an episode of its season: S01E01-12
        last = _endpoint(end, res, season=first.season if code and all(code) else None)
        if last.position < first.position:
            raise SpecError(f"invalid SPEC {res.spec!r}: range {item!r} ends before it starts")
        return res.pack.episodes[first.position : last.position + 1]
    if low.startswith("s") and "e" not in low:
        return res.season(_number(item[1:], res.spec, "a season number"))
    parts = _split_code(item)
    if parts is not None:
        season, episode = parts
        s = _number(season, res.spec, "a season number")
        e = _number(episode, res.spec)
        return [res.code(s, e)]
    return [res.nth(_number(item, res.spec))]


def _endpoint(text: str, res: _Resolver, season: int | None = None) -> Episode:
    """One end of a range: ``3``, ``s1e3``, ``S01E03``, ``1x03`` (a number alone is
    the N-th episode of the show, or of ``season`` when the range started with a code)."""
    parts = _split_code(text)
    if parts is not None and all(parts):
        return res.code(_number(parts[0], res.spec, "a season number"), _number(parts[1], res.spec))
    n = _number(text, res.spec)
    return res.code(season, n) if season is not None else res.nth(n)


def parse_one(spec: str, pack: Pack, **kwargs: Callable[[], Episode | None] | None) -> str:
    """Exactly one episode id, for commands about a single episode."""
    ids = parse_spec(spec, pack, **kwargs)
    if len(ids) != 1:
        raise SpecError(f"SPEC {_show(spec.strip())!r} names {len(ids)} episodes; give just one")
    return ids[0]


def codes_text(ids: list[str], pack: Pack) -> str:
    """Episode codes for people: ``S01E01, S01E03`` or, past four, ``S01E01…S01E06 (1-6)``."""
    codes = [ep.code for i in ids if (ep := pack.episode(i)) is not None]
    if len(codes) <= 4:
        return ", ".join(codes)
    return f"{codes[0]}…{codes[-1]} ({format_spec(ids, pack)})"


def format_spec(ids: list[str], pack: Pack) -> str:
    """A canonical SPEC for a set of episode ids (ranges of bare numbers)."""
    positions = sorted({ep.position + 1 for i in ids if (ep := pack.episode(i)) is not None})
    parts: list[str] = []
    i = 0
    while i < len(positions):
        j = i
        while j + 1 < len(positions) and positions[j + 1] == positions[j] + 1:
            j += 1
        parts.append(str(positions[i]) if i == j else f"{positions[i]}-{positions[j]}")
        i = j + 1
    return ",".join(parts)
