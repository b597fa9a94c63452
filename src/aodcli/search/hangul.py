"""Hangul arithmetic: syllable decomposition, 초성, keystroke jamo and names in RR.

A precomposed syllable is ``0xAC00 + (L * 21 + V) * 28 + T`` with ``L`` the
initial consonant (19), ``V`` the vowel (21) and ``T`` the final (28, 0 = none).
Users type *compatibility* jamo (U+3131-U+3163), so every table here is in
compatibility jamo; conjoining jamo (U+1100-U+11FF, what NFD produces) are
mapped onto them by :func:`conjoining_to_compat`.
"""

from __future__ import annotations

S_BASE = 0xAC00
S_LAST = 0xD7A3

CHO = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
JUNG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
JONG = (
    "", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ",
    "ㄿ", "ㅀ", "ㅁ", "ㅂ", "ㅄ", "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ",
)  # fmt: skip

#: Compound vowels and finals split into the keys typed on a 2-set keyboard.
#: (Double consonants ㄲ ㄸ ㅃ ㅆ ㅉ are one shifted key, so they stay whole.)
KEYSTROKES = {
    "ㅘ": "ㅗㅏ", "ㅙ": "ㅗㅐ", "ㅚ": "ㅗㅣ", "ㅝ": "ㅜㅓ", "ㅞ": "ㅜㅔ", "ㅟ": "ㅜㅣ",
    "ㅢ": "ㅡㅣ", "ㄳ": "ㄱㅅ", "ㄵ": "ㄴㅈ", "ㄶ": "ㄴㅎ", "ㄺ": "ㄹㄱ", "ㄻ": "ㄹㅁ",
    "ㄼ": "ㄹㅂ", "ㄽ": "ㄹㅅ", "ㄾ": "ㄹㅌ", "ㄿ": "ㄹㅍ", "ㅀ": "ㄹㅎ", "ㅄ": "ㅂㅅ",
}  # fmt: skip

# Revised Romanization, letter by letter (RR rule 3(4): no sound changes in names).
_RR_L = (
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t",
    "p", "h",
)  # fmt: skip
_RR_V = (
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo",
    "we", "wi", "yu", "eu", "ui", "i",
)  # fmt: skip
_RR_T = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p",
    "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t",
)  # fmt: skip

# Conjoining jamo -> compatibility jamo (finals start at index 1 of JONG).
_CONJ_L = 0x1100
_CONJ_V = 0x1161
_CONJ_T = 0x11A8


def is_syllable(c: str) -> bool:
    """True for a precomposed Hangul syllable (가 … 힣)."""
    return "\uac00" <= c <= "\ud7a3"


def is_compat_jamo(c: str) -> bool:
    """True for a modern compatibility jamo, consonant or vowel (ㄱ … ㅣ)."""
    return "\u3131" <= c <= "\u3163"


def is_compat_consonant(c: str) -> bool:
    """True for a compatibility consonant (ㄱ … ㅎ), what a 초성 query is made of."""
    return "\u3131" <= c <= "\u314e"


def is_hangul(c: str) -> bool:
    """A character the Hangul side of search keeps: a syllable or a modern jamo."""
    return is_syllable(c) or is_compat_jamo(c)


def decompose(c: str) -> tuple[int, int, int]:
    """Indexes (L, V, T) of a precomposed syllable."""
    i = ord(c) - S_BASE
    return i // 588, (i % 588) // 28, i % 28


def conjoining_to_compat(c: str) -> str:
    """Map one conjoining jamo to its compatibility form; '' when there is none."""
    o = ord(c)
    if _CONJ_L <= o < _CONJ_L + 19:
        return CHO[o - _CONJ_L]
    if _CONJ_V <= o < _CONJ_V + 21:
        return JUNG[o - _CONJ_V]
    if _CONJ_T <= o < _CONJ_T + 27:
        return JONG[o - _CONJ_T + 1]
    return ""


def choseong(s: str) -> str:
    """Initial consonants: '남온조' -> 'ㄴㅇㅈ'. Other characters are kept as they are."""
    return "".join([CHO[(ord(c) - S_BASE) // 588] if "\uac00" <= c <= "\ud7a3" else c for c in s])


def keystrokes(s: str) -> str:
    """Jamo in typing order, compounds split, so a name typed so far is a prefix.

    Typing 최 passes through 초 and typing 남온조 passes through 남옩; in this
    form both are prefixes of the finished name ('ㅊㅗ' of 'ㅊㅗㅣ…').
    """
    out: list[str] = []
    for c in s:
        keys = _keys_of.get(c)
        if keys is None:
            if is_syllable(c):
                lead, vowel, tail = decompose(c)
                v, t = JUNG[vowel], JONG[tail]
                keys = _keys_of[c] = CHO[lead] + KEYSTROKES.get(v, v) + KEYSTROKES.get(t, t)
            else:
                keys = KEYSTROKES.get(c, c)
        out.append(keys)
    return "".join(out)


#: Keystrokes of each syllable seen so far (at most 11,172 of them).
_keys_of: dict[str, str] = {}


def rr_syllable(c: str) -> str:
    """One syllable in Revised Romanization, lower case ('혁' -> 'hyeok')."""
    lead, vowel, tail = decompose(c)
    return _RR_L[lead] + _RR_V[vowel] + _RR_T[tail]


def rr_syllables(s: str) -> list[str]:
    """RR of every syllable of ``s``; anything that is not a syllable is skipped."""
    return [rr_syllable(c) for c in s if is_syllable(c)]


def rr_name(hangul: str, family_len: int) -> tuple[str | None, str]:
    """(surname, given) in RR, e.g. ('Choe', 'Nam-ra') for ('최남라', 1).

    With ``family_len`` 0 the whole name is one given part: '로몬' -> (None, 'Ro-mon').
    Given-name syllables are hyphenated, as on Wikipedia and in most credits.
    """
    syl = [c for c in hangul if is_syllable(c)]
    given = "-".join(rr_syllable(c) for c in syl[family_len:]).capitalize()
    if not family_len:
        return None, given
    return "".join(rr_syllable(c) for c in syl[:family_len]).capitalize(), given
