"""Property tests: robustness on any input, the bit-parallel LCS, typing in progress."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aodcli.search import NameIndex, NameRecord, pick_one
from aodcli.search import hangul as hg
from aodcli.search.lcs import char_masks, lcs_length, similarity
from aodcli.search.normalize import normalize

from ..support.search_cast import INDEX as FIXTURE_INDEX
from ..support.search_cast import RECORDS as FIXTURE_RECORDS
from ..support.search_pack_records import INDEX as PACK_INDEX
from ..support.search_pack_records import RECORDS as PACK_RECORDS

# --- any input returns a list and never raises ----------------------------------

#: Characters that exercise every branch of normalization.
_TRICKY = st.sampled_from(
    list("aAzZ -‐–—_.,/·'’`ʼŏŭÉæßİﬁ\u3000\u0306\u0301\u200b")
    + list("ㄱㄴㅇㅈㅊㅎㅏㅓㅗㅚㄳㅄ남온조이청산최")
    + ["\u1102", "\u1161", "\u11ab", "\u115f", "\u1160", "Ｌ", "－", "ｅ", "\ufeff", "\U0001f600"]
)


@given(st.text(max_size=10_000))
def test_any_text_is_safe(query: str) -> None:
    hits = PACK_INDEX.search(query)
    assert isinstance(hits, list)
    pick_one(hits)
    PACK_INDEX.suggest(query)


@given(st.text(_TRICKY, max_size=200), st.sampled_from([None, {"person"}, {"character"}]))
def test_tricky_text_is_safe(query: str, kinds: set[str] | None) -> None:
    hits = FIXTURE_INDEX.search(query, kinds=kinds, limit=5)
    assert len(hits) <= 5
    assert all(kinds is None or h.record.kind in kinds for h in hits)
    if hits and hits[0].score >= 70:
        assert all(h.score >= 70 for h in hits)
    s = FIXTURE_INDEX.suggest(query)
    assert s is None or (s.tier == "typo" and 40 <= s.score <= 69)


@given(st.text(_TRICKY, max_size=60))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert all(c == " " or "a" <= c <= "z" or hg.is_hangul(c) for c in once)


@given(st.text("abcdefghijklmnopqrstuvwxyz -", max_size=30))
def test_case_and_spacing_do_not_matter(query: str) -> None:
    base = FIXTURE_INDEX.search(query)
    assert FIXTURE_INDEX.search(query.upper()) == base
    assert FIXTURE_INDEX.search(f"  {query}\t") == base


@given(
    st.lists(
        st.tuples(
            st.text(_TRICKY, min_size=1, max_size=12),
            st.sampled_from(["spelling", "stage", "legal", "hangul", "short", "error"]),
        ),
        max_size=4,
    ),
    st.text(_TRICKY, max_size=16),
    st.one_of(st.none(), st.text(_TRICKY, max_size=8)),
    st.one_of(st.none(), st.text(_TRICKY, max_size=3)),
    st.text(_TRICKY, max_size=16),
)
def test_odd_records_index_and_search(
    aliases: list[tuple[str, str]], name: str, hangul: str | None, fam: str | None, query: str
) -> None:
    rec = NameRecord("c-odd", "character", name, fam, hangul, fam, tuple(aliases))
    index = NameIndex([rec, *FIXTURE_RECORDS[:3]])
    assert isinstance(index.search(query), list)
    assert isinstance(index.search(name), list)


# --- the bit-parallel LCS ----------------------------------------------------------


def dp_lcs(a: str, b: str) -> int:
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0]
        for j, cb in enumerate(b):
            cur.append(prev[j] + 1 if ca == cb else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


@given(st.text("abcde", max_size=40), st.text("abcde", max_size=40))
def test_bit_parallel_lcs_equals_dp(a: str, b: str) -> None:
    assert lcs_length(char_masks(a), len(a), b) == dp_lcs(a, b)


@given(st.text(max_size=30), st.text(max_size=30))
def test_lcs_on_any_text_and_ratio_is_symmetric(a: str, b: str) -> None:
    assert lcs_length(char_masks(a), len(a), b) == dp_lcs(a, b)
    assert similarity(a, b) == similarity(b, a)
    assert 0.0 <= similarity(a, b) <= 1.0


# --- typing in progress: every keystroke prefix finds the name -------------------

_VOWELS = {v: i for i, v in enumerate(hg.JUNG)}
_FINALS = {t: i for i, t in enumerate(hg.JONG) if t}
_JOIN = {pair: whole for whole, pair in hg.KEYSTROKES.items()}


def ime_compose(keys: str) -> str:
    """What a 2-set Korean IME shows after typing ``keys`` (compatibility jamo)."""
    out: list[str] = []
    lead = vowel = tail = ""

    def flush() -> None:
        nonlocal lead, vowel, tail
        if lead and vowel:
            code = ((hg.CHO.index(lead) * 21 + _VOWELS[vowel]) * 28) + hg.JONG.index(tail)
            out.append(chr(hg.S_BASE + code))
        else:
            out.append(lead + vowel)
        lead = vowel = tail = ""

    for k in keys:
        if k in _VOWELS:
            if lead and not vowel:
                vowel = k
            elif lead and vowel and not tail and vowel + k in _JOIN:
                vowel = _JOIN[vowel + k]
            elif lead and vowel and tail:  # the last final moves to the new syllable
                pair = hg.KEYSTROKES.get(tail)  # a compound final splits: ㄵ -> ㄴ | ㅈ
                tail, move = (pair[0], pair[1]) if pair else ("", tail)
                flush()
                lead, vowel = move, k
            else:
                flush()
                vowel = k
        elif not lead or not vowel:
            if lead or vowel:
                flush()
            lead = k
        elif not tail and k in _FINALS:
            tail = k
        elif tail and tail + k in _JOIN:
            tail = _JOIN[tail + k]
        else:
            flush()
            lead = k
    if lead or vowel:
        flush()
    return "".join(out)


def assert_prefixes_find(index: NameIndex, rec: NameRecord, text: str) -> None:
    keys = hg.keystrokes(text)
    assert ime_compose(keys) == text
    for n in range(2, len(keys)):
        query = ime_compose(keys[:n])
        ids = [h.record.id for h in index.search(query)]
        assert rec.id in ids, (text, keys[:n], query)


def test_ime_composer() -> None:
    assert ime_compose("ㄴㅏㅁㅇㅗㄴㅈ") == "남옩"
    assert ime_compose("ㅊㅗ") == "초"
    assert ime_compose("ㅇㅣㅊ") == "잋"
    assert ime_compose("ㄱㅏㄱㅅㅏ") == "각사"


def test_every_keystroke_prefix_of_every_name_finds_it() -> None:
    for index, records in ((FIXTURE_INDEX, FIXTURE_RECORDS), (PACK_INDEX, PACK_RECORDS)):
        for rec in records:
            if rec.hangul:
                assert_prefixes_find(index, rec, rec.hangul)


_SYLLABLE = st.integers(0xAC00, 0xD7A3).map(chr)


@given(st.lists(_SYLLABLE, min_size=2, max_size=4).map("".join), st.booleans())
def test_keystroke_prefixes_of_random_names(name: str, with_family: bool) -> None:
    rec = NameRecord("c-r", "character", "Someone", None, name, name[0] if with_family else None)
    index = NameIndex([rec, *FIXTURE_RECORDS])
    assert_prefixes_find(index, rec, name)
    if with_family:
        assert_prefixes_find(index, rec, name[1:])
