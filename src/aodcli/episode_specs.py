"""Episode SPECs: ``3``, ``1-4``, ``1,3,5``, ``s1e3``, ``S01E03``, ``1x03``,
ranges of codes (``s1e1-s1e3``, ``S01E01-12``, ``1x01-1x04``), ``s1`` (a whole
season), ``all`` and ``next``; full-width forms (``３``) are read as typed.
The Korean forms are read in every language (:data:`KOREAN_WORDS`): ``3화`` is
``3``, ``3화-5화`` and ``3-5화`` are ``3-5``, ``시즌1 3화`` (or ``시즌 1 3화``) is
``s1e3`` and ``시즌1`` alone is ``s1``; ``~`` is a range sign as ``-`` is (``3~5화``).

``parse_spec`` turns a SPEC into episode ids in show order, without
duplicates. A bare number ``N`` is the N-th episode of the show (while only one
season has episodes, that is episode N of it). Errors are ``SpecError`` (exit
2) naming the bad part.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from .errors import SpecError
from .i18n import N_, _, ngettext
from .pack.model import Episode
from .pack.pack import Pack

MAX_DIGITS = 6
MAX_SPEC = 1000

#: The Korean words of the grammar: ``화`` after an episode number, ``시즌`` before a season number.
KOREAN_WORDS = {"episode": "화", "season": "시즌"}
_EPISODE, _SEASON = KOREAN_WORDS["episode"], KOREAN_WORDS["season"]
#: ``시즌1``, ``시즌 1 3화`` (season, episode) or ``3화`` (episode), in a SPEC whose spaces are single.
_KOREAN = re.compile(f"{_SEASON} ?([0-9]+)(?: ([0-9]+) ?{_EPISODE})?|([0-9]+) ?{_EPISODE}")
#: ``시즌13화``: the season and the episode run together (season 1, episode 3, or season 13?).
_KOREAN_GLUED = re.compile(f"{_SEASON} ?[0-9]+ ?{_EPISODE}")


def _number(text: str, spec: str, season: bool = False) -> int:
    if not text or not text.isascii() or not text.isdigit():
        if season:
            raise SpecError(_("invalid SPEC {spec!r}: {part!r} is not a season number").format(spec=spec, part=text))
        raise SpecError(_("invalid SPEC {spec!r}: {part!r} is not an episode number").format(spec=spec, part=text))
    if len(text) > MAX_DIGITS:
        raise SpecError(_("invalid SPEC {spec!r}: {part!r} is too large").format(spec=spec, part=text))
    return int(text)


def _split_code(item: str) -> tuple[str, str] | None:
    """``s1e3``/``S01E03`` -> ("1", "3"); ``1x03`` -> ("1", "03"); else None."""
    low = item.lower()
    if low.startswith("s") and "e" in low:
        season, _e, episode = low[1:].partition("e")
        return season, episode
    if "x" in low:
        season, _x, episode = low.partition("x")
        return season, episode
    return None


def _show(spec: str) -> str:
    return spec if len(spec) <= 40 else spec[:37] + "..."


class _Resolver:
    def __init__(self, pack: Pack, spec: str) -> None:
        self.pack = pack
        self.spec = _show(spec)

    def error(self, message: str, **fields: object) -> SpecError:
        """``message`` (a message id whose ``{spec!r}`` is this SPEC) as a SpecError, in the interface language."""
        return SpecError(_(message).format(spec=self.spec, **fields))

    def nth(self, n: int) -> Episode:
        eps = self.pack.episodes
        if n < 1 or n > len(eps):
            if not eps:
                raise self.error(N_("invalid SPEC {spec!r}: this show has no episodes yet"))
            raise self.error(
                N_("invalid SPEC {spec!r}: there is no episode {number} (episodes run 1-{count})"),
                number=n,
                count=len(eps),
            )
        return eps[n - 1]

    def season(self, n: int) -> list[Episode]:
        eps = self.pack.season_episodes(n)
        if eps:
            return eps
        season = self.pack.season(n)
        if season is None:
            have = ", ".join(f"s{s.number}" for s in self.pack.seasons) or _("none")
            raise self.error(
                N_("invalid SPEC {spec!r}: there is no season {season} (seasons: {seasons})"), season=n, seasons=have
            )
        raise self.error(
            N_("invalid SPEC {spec!r}: season {season} has no episodes yet ({status})"), season=n, status=season.status
        )

    def code(self, s: int, e: int) -> Episode:
        found = self.pack.episode_at(s, e)
        if found is None:
            count = len(self.season(s))
            raise SpecError(
                ngettext(
                    "invalid SPEC {spec!r}: there is no {code} (season {season} has {count} episode)",
                    "invalid SPEC {spec!r}: there is no {code} (season {season} has {count} episodes)",
                    count,
                ).format(spec=self.spec, code=f"S{s:02d}E{e:02d}", season=s, count=count)
            )
        return found


def parse_spec(spec: str, pack: Pack, *, next_episode: Callable[[], Episode | None] | None = None) -> list[str]:
    """Episode ids named by ``spec``, in show order, each once."""
    text = unicodedata.normalize("NFKC", spec).strip()  # full-width ３ or Ｓ０１Ｅ０３, as typed with an IME
    if not text:
        raise SpecError(_("empty SPEC: give an episode like 3, 1-4, s1e3 or all"))
    if len(text) > MAX_SPEC:
        raise SpecError(_("invalid SPEC: longer than {limit} characters").format(limit=MAX_SPEC))
    res = _Resolver(pack, text)
    low = text.lower()
    if low == "all":
        if not pack.episodes:
            raise res.error(N_("invalid SPEC {spec!r}: this show has no episodes yet"))
        return [e.id for e in pack.episodes]
    if low == "next":
        found = next_episode() if next_episode else None
        if found is None:
            raise res.error(N_("invalid SPEC {spec!r}: there is no next episode (all watched)"))
        return [found.id]
    chosen: dict[str, Episode] = {}
    for raw_item in text.split(","):
        plain = _from_korean(raw_item, res)
        item = "".join(plain.split())
        if not item:
            raise res.error(N_("invalid SPEC {spec!r}: empty item between commas"))
        typed = item if plain == raw_item else " ".join(raw_item.split())  # 3화-5화 as typed, not 3-5
        for ep in _item(item, res, typed):
            chosen[ep.id] = ep
    return [e.id for e in sorted(chosen.values(), key=lambda e: e.position)]


def _from_korean(item: str, res: _Resolver) -> str:
    """One item of a SPEC with its Korean forms in the grammar's own (``시즌1 3화-5화`` -> ``s1e3-5``);
    ``~`` becomes ``-``. SpecError naming a Korean part that is none of those forms."""
    if _EPISODE not in item and _SEASON not in item:
        return item.replace("~", "-")
    words = " ".join(item.split())
    glued = _KOREAN_GLUED.search(words)
    if glued:
        raise res.error(
            N_("invalid SPEC {spec!r}: in {part!r} write the season and the episode apart, as in {example}"),
            part=glued.group(),
            example=f"{_SEASON}1 3{_EPISODE}",
        )

    def code(found: re.Match[str]) -> str:
        season, in_season, episode = found.groups()
        if season is None:
            return episode
        return f"s{season}" if in_season is None else f"s{season}e{in_season}"

    plain = _KOREAN.sub(code, words).replace("~", "-")
    for part in re.split(r"[ \-]", plain):
        if part.isascii():
            continue
        if part == _SEASON:
            raise res.error(
                N_("invalid SPEC {spec!r}: {part!r} needs a number, as in {example}"), part=part, example=f"{_SEASON}1"
            )
        if part == _EPISODE:
            raise res.error(
                N_("invalid SPEC {spec!r}: {part!r} needs a number, as in {example}"), part=part, example=f"3{_EPISODE}"
            )
        if part.startswith(_SEASON):
            _number(part[len(_SEASON) :], res.spec, season=True)
        _number(part.removesuffix(_EPISODE), res.spec)  # names the part that is not a number
    return plain


def join_korean(args: list[str]) -> list[str]:
    """SPEC arguments with a Korean season put back together with its episode: the shell
    splits ``aod watch 시즌1 3화`` into ``시즌1`` and ``3화`` (and ``시즌 1 3화`` into three),
    which name one episode, not season 1 and episode 3."""
    out: list[str] = []
    for arg in args:
        last = " ".join(unicodedata.normalize("NFKC", out[-1]).rsplit(",", 1)[-1].split()) if out else ""
        word = unicodedata.normalize("NFKC", arg).strip()
        if last == _SEASON and word[:1].isdigit() and word[:1].isascii():
            out[-1] += " " + arg  # 시즌 1
        elif re.fullmatch(f"{_SEASON} ?[0-9]+", last) and re.match(f"[0-9]+ ?{_EPISODE}", word):
            out[-1] += " " + arg  # 시즌1 3화
        else:
            out.append(arg)
    return out


def _item(item: str, res: _Resolver, typed: str) -> list[Episode]:
    """The episodes of one item of a SPEC (``typed``: as the user wrote it, for errors)."""
    low = item.lower()
    if low in ("all", "next"):
        raise res.error(N_("invalid SPEC {spec!r}: {part!r} must be used on its own"), part=item)
    if "-" in item:
        start, _sign, end = item.partition("-")
        if not start:
            raise res.error(N_("invalid SPEC {spec!r}: a range needs a start, as in 1-4"))
        if not end:
            raise res.error(N_("invalid SPEC {spec!r}: a range needs an end, as in 1-4"))
        first = _endpoint(start, res)
        code = _split_code(start)  # after a code, a bare number is an episode of its season: S01E01-12
        last = _endpoint(end, res, season=first.season if code and all(code) else None)
        if last.position < first.position:
            raise res.error(N_("invalid SPEC {spec!r}: range {part!r} ends before it starts"), part=typed)
        return res.pack.episodes[first.position : last.position + 1]
    if low.startswith("s") and "e" not in low:
        return res.season(_number(item[1:], res.spec, season=True))
    parts = _split_code(item)
    if parts is not None:
        season, episode = parts
        s = _number(season, res.spec, season=True)
        e = _number(episode, res.spec)
        return [res.code(s, e)]
    return [res.nth(_number(item, res.spec))]


def _endpoint(text: str, res: _Resolver, season: int | None = None) -> Episode:
    """One end of a range: ``3``, ``s1e3``, ``S01E03``, ``1x03`` (a number alone is
    the N-th episode of the show, or of ``season`` when the range started with a code)."""
    parts = _split_code(text)
    if parts is not None and all(parts):
        return res.code(_number(parts[0], res.spec, season=True), _number(parts[1], res.spec))
    n = _number(text, res.spec)
    return res.code(season, n) if season is not None else res.nth(n)


def parse_one(spec: str, pack: Pack, **kwargs: Callable[[], Episode | None] | None) -> str:
    """Exactly one episode id, for commands about a single episode."""
    ids = parse_spec(spec, pack, **kwargs)
    if len(ids) != 1:
        raise SpecError(
            ngettext(
                "SPEC {spec!r} names {count} episode; give just one",
                "SPEC {spec!r} names {count} episodes; give just one",
                len(ids),
            ).format(spec=_show(spec.strip()), count=len(ids))
        )
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
