"""Query normalization (docs/search.md): the same steps for queries and indexed names.

NFC (never NFKC: it turns a typed ㄴ U+3134 into conjoining U+1102), full-width
ASCII folded by hand, casefold, Latin diacritics and apostrophes dropped (MR
``Ch'ŏl`` -> ``chol``). What is left is split into Latin tokens (runs of a-z)
and the Hangul characters (syllables and compatibility jamo); everything else
separates tokens. ``unicodedata`` is imported only for text that needs it.
"""

from __future__ import annotations

from types import ModuleType

from .hangul import conjoining_to_compat, is_hangul

#: Longest input looked at, in code points after stripping. No name comes close;
#: the cap keeps any pasted text cheap.
MAX_INPUT = 256
#: Longest Latin query (letters) and Hangul query (characters) matched.
MAX_LATIN = 64
MAX_HANGUL = 32

_APOSTROPHES = frozenset("'\u2019\u2018\u02bc\u02bb`\u00b4\u2032\uff07")
_LATIN_EXTRA = {
    "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "œ": "oe", "þ": "th", "ð": "d", "ı": "i",
    "ħ": "h", "ŧ": "t", "ŋ": "ng",
}  # fmt: skip


#: ASCII bytes after lower(): a-z kept, everything else a space (apostrophes are
#: deleted first, so MR "ch'ŏl" typed as "ch'ol" stays one token).
_ASCII_TABLE = bytes(c if 97 <= c <= 122 else 32 for c in range(256))


class Query:
    """A normalized query: Latin tokens, their separator-free spelling, Hangul."""

    __slots__ = ("hangul", "raw", "tokens")

    def __init__(self, tokens: tuple[str, ...], hangul: str) -> None:
        self.tokens = tokens
        self.raw = "".join(tokens)
        self.hangul = hangul


def _cheap(c: str) -> bool:
    """Non-ASCII characters handled without unicodedata."""
    return (
        is_hangul(c)
        or "\uff01" <= c <= "\uff5e"  # full-width ASCII
        or "\u2000" <= c <= "\u206f"  # general punctuation: dashes, quotes, spaces
        or "\u00a0" <= c <= "\u00bf"  # Latin-1 punctuation (nbsp, ·, ´)
        or c == "\u3000"
    )


def _unicodedata() -> ModuleType:
    import unicodedata

    return unicodedata


def normalize(text: str) -> str:
    """Lower-case a-z, Hangul and single spaces; every other character becomes a space."""
    text = text.strip()[:MAX_INPUT]
    if text.isascii():
        return " ".join(text.encode().lower().translate(_ASCII_TABLE, b"'`").decode().split())
    ud: ModuleType | None = None
    if any(c > "\x7f" and not _cheap(c) for c in text):
        ud = _unicodedata()
        text = ud.normalize("NFC", text)
    folded = "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in text).casefold()
    out: list[str] = []
    for c in folded:
        if "a" <= c <= "z" or is_hangul(c):
            out.append(c)
        elif c in _APOSTROPHES:
            continue
        elif c < "\x80":
            out.append(" ")
        elif "\u1100" <= c <= "\u11ff":
            out.append(conjoining_to_compat(c) or " ")
        elif c in _LATIN_EXTRA:
            out.append(_LATIN_EXTRA[c])
        elif ud is not None:
            out.append(_strip_marks(ud, c))
        else:
            out.append(" ")
    return " ".join("".join(out).split())


def _strip_marks(ud: ModuleType, c: str) -> str:
    """A Latin letter without its diacritics; '' for a bare combining mark, else ' '."""
    letters = "".join(d for d in ud.normalize("NFD", c) if "a" <= d <= "z")
    if letters:
        return letters
    return "" if ud.combining(c) else " "


_parsed: dict[str, Query] = {}
_PARSED_MAX = 2048


def parse(text: str) -> Query:
    """Normalize ``text`` and split it into Latin tokens and Hangul characters."""
    hit = _parsed.get(text)
    if hit is None:
        hit = _parse(text)
        if len(_parsed) < _PARSED_MAX and len(text) <= MAX_LATIN:
            _parsed[text] = hit
    return hit


def _parse(text: str) -> Query:
    norm = normalize(text)
    if norm.isascii():
        return _capped(norm.split(), "")
    tokens: list[str] = []
    hangul: list[str] = []
    current: list[str] = []
    for c in norm:
        if "a" <= c <= "z":
            current.append(c)
            continue
        if current:
            tokens.append("".join(current))
            current = []
        if c != " ":
            hangul.append(c)
    if current:
        tokens.append("".join(current))
    return _capped(tokens, "".join(hangul[:MAX_HANGUL]))


def _capped(tokens: list[str], hangul: str) -> Query:
    # Cap the work: keep whole tokens up to MAX_LATIN letters (the last one cut).
    if sum(map(len, tokens)) <= MAX_LATIN:
        return Query(tuple(tokens), hangul)
    kept: list[str] = []
    room = MAX_LATIN
    for t in tokens:
        if room <= 0:
            break
        kept.append(t[:room])
        room -= len(t)
    return Query(tuple(kept), hangul)
