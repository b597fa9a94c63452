"""Skeleton keys (docs/search.md): romanization variants of one name compare equal.

``skeleton_token`` is a left-to-right scanner over one lower-case a-z token:

1. pre-collapse aa, nn, mm, hh;
2. drop a silent h after a vowel unless a vowel or glide follows (Ahn, Hah, Suh);
3. drop the r of "ar" before a consonant or at the end (Park, Bark);
4. digraphs: tch/ch -> j, sh -> s, ph -> b, rh -> l, kh/gh/ck -> g, th -> d;
5. vowel clusters, longest first, -> o yo ya ye e i a wa wo we wi
   (eo/eu/u/oo/ou -> o; yeo/yu/yoo/you -> yo; ae/ai/ay -> e; oe/oi/oy/wae -> we; ...);
6. consonants k/c/q -> g, t -> d, p/f/v -> b, r -> l, z -> j, x -> s.

Joined keys then collapse runs of one letter (within the given name). ``surname_key`` adds the
initial-sound rule for the surname position (Lee/Yi/Rhee/I -> i, Lim/Im -> im,
Roh/Noh -> no). The key is deliberately lossy; the index guards against that.
"""

from __future__ import annotations

from itertools import groupby

_PRE = (("aa", "a"), ("nn", "n"), ("mm", "m"), ("hh", "h"))
_DI = {"ch": "j", "sh": "s", "ph": "b", "rh": "l", "kh": "g", "th": "d", "ck": "g", "gh": "g"}
_V3 = {
    "yeo": "yo", "yoo": "yo", "you": "yo", "yae": "ye", "yea": "ye", "wae": "we",
    "weo": "wo", "woo": "o", "wee": "wi", "eui": "wi",
}  # fmt: skip
_V2 = {
    "yo": "yo", "yu": "yo", "ya": "ya", "ye": "ye", "yi": "i", "wa": "wa", "wo": "wo",
    "wu": "o", "we": "we", "wi": "wi", "ui": "wi", "oe": "we", "oi": "we", "oy": "we",
    "eo": "o", "eu": "o", "oo": "o", "ou": "o", "ae": "e", "ai": "e", "ay": "e", "ey": "e",
    "ee": "i", "ea": "i",
}  # fmt: skip
#: Vowel + y read as one vowel only when no vowel follows (Jay, Choy; not Na-yeon).
_Y_ENDED = frozenset({"ay", "ey", "oy"})
_V1 = {"a": "a", "e": "e", "i": "i", "o": "o", "u": "o"}
_C1 = {"k": "g", "c": "g", "q": "g", "t": "d", "p": "b", "f": "b", "v": "b", "r": "l", "z": "j",
       "x": "s"}  # fmt: skip
_VOWELS = frozenset("aeiou")
_SOFT = frozenset("aeiouyw")

#: Surname spellings the scanner cannot reach on its own (measured misses).
_SURNAME_FIX = {"joe": "jo", "whang": "hwang", "back": "baek", "hur": "heo", "rhie": "i",
                "ie": "i"}  # fmt: skip

#: Latin spellings of common Korean surnames, for splitting a run-together query
#: ("leecheongsan") and finding the surname in an alias ("Park Solomon").
_SURNAME_SPELLINGS = """
    kim gim kym lee yi rhee ri li rhie park pak bak bahk choi choe chwe choy jung jeong chung
    chong joung kang gang cho jo joe yoon yun youn jang chang lim im yim rim han hahn oh seo
    suh seoh shin sin kwon gwon kwan hwang whang ahn an song jeon jun chun cheon hong yoo yu
    ryu you ko go koh moon mun yang son sohn bae pae bai baek paik back baik heo hur huh nam
    nahm noh roh no ro ha hah kwak gwak sung seong cha joo ju chu woo koo gu ku min na ra
    jin chin ji jee um eom chae won bang gong kong hyun hyeon ham hahm byun byeon pyun pyon
    yeom yum yeo yuh choo do doh seok suk seon sun sul seol ma gil kil yeon wi wee pyo myung
    myeong ki gi kee ban pan wang geum keum ok yook yuk maeng je mo tak kook guk yong shim sim
"""
SURNAMES = frozenset(_SURNAME_SPELLINGS.split())

_cache: dict[str, str] = {}
_CACHE_MAX = 16384  # room for the tokens of a large pack's index


def skeleton_token(t: str) -> str:
    """The skeleton of one lower-case a-z token: 'cheong' -> 'jong', 'hyeok' -> 'hyog'."""
    hit = _cache.get(t)
    if hit is not None:
        return hit
    s = t
    for a, b in _PRE:
        s = s.replace(a, b)
    out: list[str] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        silent = i > 0 and s[i - 1] in _VOWELS and (i + 1 == n or s[i + 1] not in _SOFT)
        if silent and (c == "h" or (c == "r" and s[i - 1] == "a")):  # Ahn, Hah; Park
            i += 1
            continue
        if c == "t" and s.startswith("tch", i):
            out.append("j")
            i += 3
            continue
        two = s[i : i + 2]
        m = _DI.get(two) or _V3.get(s[i : i + 3])
        if m:
            out.append(m)
            i += 2 if two in _DI else 3
            continue
        m = _V2.get(two)
        if m is not None and (two not in _Y_ENDED or i + 2 == n or s[i + 2] not in _VOWELS):
            out.append(m)
            i += 2
            continue
        out.append(_V1.get(c) or _C1.get(c, c))
        i += 1
    key = "".join(out)
    if len(_cache) < _CACHE_MAX:
        _cache[t] = key
    return key


def surname_key(t: str) -> str:
    """Skeleton of a token in surname position, with the initial-sound rule.

    A leading l before i/y is dropped (Lee, Rhee, Ryu -> i, yo) and before any
    other vowel becomes n (Roh -> no, Ra -> na).
    """
    s = skeleton_token(_SURNAME_FIX.get(t, t))
    if s[:1] == "l" and len(s) > 1:
        s = s[1:] if s[1] in "iy" else "n" + s[1:]
    return s


def collapse(s: str) -> str:
    """Collapse runs of one letter: 'jongsanni' -> 'jongsani'."""
    if not any(map(str.__eq__, s, s[1:])):  # most keys have no run: skip the slow path
        return s
    return "".join(k for k, _ in groupby(s))


def given_keys(tokens: tuple[str, ...]) -> set[str]:
    """Keys of a given name: token by token and run together (Ga-i / Gai)."""
    keys = {collapse("".join(skeleton_token(t) for t in tokens))}
    if len(tokens) > 1:
        keys.add(collapse(skeleton_token("".join(tokens))))
    return keys


def full_keys(surname: str, given: set[str], *, surname_first: bool) -> set[str]:
    """Keys of a full name in one order, from the given-name keys.

    The surname token is keyed by :func:`surname_key`. Runs are not collapsed
    across the surname/given boundary, so a full name never shares a key with
    a given name alone (Lee I-sak: 'i' + 'isag', not 'isag').
    """
    sk = surname_key(surname)
    return {sk + g if surname_first else g + sk for g in given}


def plain_key(tokens: tuple[str, ...]) -> str:
    """Skeleton of every token joined and collapsed (no surname rule)."""
    return collapse("".join(skeleton_token(t) for t in tokens))


def query_keys(tokens: tuple[str, ...]) -> set[str]:
    """Every key a Latin query may stand for, to look up among full names.

    Plain keys, then the first or last token read as a surname; for one
    run-together token, a leading or trailing surname spelling split off.
    """
    keys = given_keys(tokens)
    if len(tokens) > 1:
        keys |= full_keys(tokens[0], given_keys(tokens[1:]), surname_first=True)
        keys |= full_keys(tokens[-1], given_keys(tokens[:-1]), surname_first=False)
    elif tokens:
        t = tokens[0]
        for k in range(2, min(6, len(t) - 1)):
            if t[:k] in SURNAMES:
                keys.add(surname_key(t[:k]) + collapse(skeleton_token(t[k:])))
            if t[-k:] in SURNAMES:
                keys.add(collapse(skeleton_token(t[:-k])) + surname_key(t[-k:]))
    return keys
