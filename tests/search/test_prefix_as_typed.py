"""A name part that starts as typed outranks what matches only through the lossy key.

"Cheong" begins Lee Cheong-san's given name as typed, while it reaches the surname
Jung (정) and the names Jong-a and Kim Jong-tae only through the skeleton key
(cheong ~ jong): those rank below, and say how they matched (issue 24).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aodcli.search import Hit, NameIndex, NameRecord
from aodcli.search.model import PREFIX, PREFIX_VARIANT, SURNAME, SURNAME_VARIANT
from aodcli.search.normalize import parse

from ..support.search_pack_records import INDEX, RECORDS


def rows(query: str, n: int = 8) -> list[tuple[str, int, str]]:
    return [(h.record.name, h.score, h.tier) for h in INDEX.search(query)[:n]]


def only_through_the_key(hit: Hit) -> bool:
    """A surname reached only through its key, or a prefix matched only as a key."""
    return (hit.tier, hit.score) in (("surname", SURNAME_VARIANT), ("prefix", PREFIX_VARIANT))


def test_cheong_finds_lee_cheong_san_first() -> None:
    hits = INDEX.search("Cheong")
    assert rows("Cheong") == [
        ("Lee Cheong-san", 78, "prefix"),  # main cast: billing breaks the tie
        ("Cheong-san's mother", 78, "prefix"),
        ("Jung Yi-seo", 76, "surname"),
        ("Jung Min-jae", 76, "surname"),
        ("Kim Jong-tae", 74, "prefix"),
        ("Jong-a", 74, "prefix"),
    ]
    reasons = {h.record.name: h.reason for h in hits}
    assert reasons["Lee Cheong-san"] == "prefix of given name 'Cheong-san'"
    assert reasons["Jung Min-jae"] == "surname Jung (정)"
    assert reasons["Jong-a"] == "spelling variant of a prefix of 'Jong-a'"
    assert reasons["Kim Jong-tae"] == "spelling variant of a prefix of given name 'Jong-tae'"


def test_a_prefix_of_a_name_part_ties_full_and_given_names() -> None:
    # "Jong" starts the given name Jong-tae and the whole name Jong-a, as typed.
    assert rows("Jong", 3) == [("Kim Jong-tae", 78, "prefix"), ("Jong-a", 78, "prefix"), ("Jung Yi-seo", 76, "surname")]
    che = [name for name, score, _ in rows("Che") if score == PREFIX]
    assert che[0] == "Lee Cheong-san" and "Cheong-san's mother" in che


@pytest.mark.parametrize(
    ("query", "top", "reason"),
    [
        ("Su", "Lee Su-hyeok", "prefix of given name 'Su-hyeok'"),
        ("Suhy", "Lee Su-hyeok", "prefix of given name 'Su-hyeok'"),
        ("Soo", "Lee Su-hyeok", "prefix of alias 'Soo-hyuk' (spelling)"),
        ("On", "Nam On-jo", "prefix of given name 'On-jo'"),
        ("Gwi", "Yoon Gwi-nam", "prefix of given name 'Gwi-nam'"),
        ("Na", "Lee Na-yeon", "prefix of given name 'Na-yeon'"),
        ("청", "Lee Cheong-san", "한글 prefix 청… = 청산 (given name)"),
    ],
)
def test_a_first_syllable_or_prefix_finds_its_name_first(query: str, top: str, reason: str) -> None:
    hits = INDEX.search(query)
    assert (hits[0].record.name, hits[0].score, hits[0].tier, hits[0].reason) == (top, PREFIX, "prefix", reason)
    assert len(hits) == 1 or hits[1].score < PREFIX


def test_su_puts_the_surname_reached_by_key_below_and_other_syllables_last() -> None:
    hits = INDEX.search("Su")
    assert [(h.record.name, h.score) for h in hits[:2]] == [("Lee Su-hyeok", 78), ("Seo Hyo-ryung", 76)]
    assert all(h.tier == "syllable" and h.score == 70 for h in hits[2:])  # Dae-su, Gyeong-su, ...
    suhy = INDEX.search("Suhy")
    assert [(h.record.name, h.score) for h in suhy] == [("Lee Su-hyeok", 78), ("Seo Hyo-ryung", 74)]
    assert suhy[1].reason == "spelling variant of a prefix of 'Seo Hyo-ryung'"


def test_nam_keeps_the_surname_first_then_the_names_that_start_with_it() -> None:
    assert rows("Nam") == [
        ("Nam On-jo", 79, "surname"),
        ("Nam So-ju", 79, "surname"),
        ("Choi Nam-ra", 78, "prefix"),
        ("Kim Nam-su", 78, "prefix"),
        ("Yoon Gwi-nam", 70, "syllable"),
    ]


@pytest.mark.parametrize("spelling", ["Lee", "Yi", "Rhee", "I", "이"])
def test_lee_spellings_still_list_the_lees_first(spelling: str) -> None:
    lees = {r.id for r in RECORDS if r.family == "Lee" and (spelling != "이" or r.hangul)}
    hits = INDEX.search(spelling)
    top = [h for h in hits if h.score == hits[0].score]
    assert hits[0].score == SURNAME and {h.tier for h in top} == {"surname"}
    assert {h.record.id for h in top} == lees
    assert all(h.score < SURNAME for h in hits[len(top) :])
    assert hits[0].reason == "surname Lee (이)"


def test_yi_puts_names_that_start_with_yi_after_the_lees() -> None:
    after = [(h.record.name, h.score) for h in INDEX.search("Yi") if h.score < SURNAME]
    assert after == [("Cho Yi-hyun", 78), ("Yoon I-sak", 78), ("Jung Yi-seo", 78)]


def test_hangul_prefix_and_given_name() -> None:
    assert rows("청산", 1) == [("Lee Cheong-san", 86, "given")]
    assert rows("이청", 1) == [("Lee Cheong-san", 78, "prefix")]


# --- the property -------------------------------------------------------------


def _given_name(rec: NameRecord) -> str:
    """The display given name: the name without its surname word (the whole name when none)."""
    words = rec.name.split()
    if rec.family and len(words) > 1 and words[0] == rec.family:
        return " ".join(words[1:])
    if rec.family and len(words) > 1 and words[-1] == rec.family:
        return " ".join(words[:-1])
    return rec.name


def _literal_prefixes(text: str) -> list[str]:
    """Every start of ``text`` with at least three letters, as typed."""
    return [text[:k] for k in range(1, len(text) + 1) if len(parse(text[:k]).raw) >= 3]


def _holds(index: NameIndex, rec: NameRecord, query: str) -> None:
    hits = index.search(query)
    at = next(i for i, h in enumerate(hits) if h.record.id == rec.id)
    assert hits[at].score >= PREFIX, (query, hits[at])
    assert not any(only_through_the_key(h) for h in hits[:at]), (query, hits[: at + 1])


CHARACTERS = [r for r in RECORDS if r.kind == "character" and _literal_prefixes(_given_name(r))]


@given(st.sampled_from(CHARACTERS), st.data())
def test_a_literal_prefix_of_a_given_name_ranks_its_character_above_key_only_hits(
    rec: NameRecord, data: st.DataObject
) -> None:
    query = data.draw(st.sampled_from(_literal_prefixes(_given_name(rec))))
    _holds(INDEX, rec, query)


_SURNAMES = ["Lee", "Yi", "Kim", "Park", "Jung", "Jeong", "Cheong", "Chung", "Seo", "Suh", "Oh", "Yoon", "Nam", "Cho"]
_SYLLABLES = ["su", "hyeok", "cheong", "san", "on", "jo", "nam", "ra", "gwi", "jong", "a", "min", "jae", "yi", "seo"]
_GIVEN = st.lists(st.sampled_from(_SYLLABLES), min_size=1, max_size=3).map(lambda s: "-".join(s).capitalize())
_PERSON = st.tuples(st.one_of(st.none(), st.sampled_from(_SURNAMES)), _GIVEN)


@settings(max_examples=150)
@given(st.lists(_PERSON, min_size=1, max_size=12, unique=True), st.data())
def test_the_property_holds_on_any_cast(people: list[tuple[str | None, str]], data: st.DataObject) -> None:
    records = [
        NameRecord(f"c-{i}", "character", f"{fam} {given}" if fam else given, fam, None, None, order=i)
        for i, (fam, given) in enumerate(people)
    ]
    rec = data.draw(st.sampled_from(records))
    starts = _literal_prefixes(_given_name(rec))
    if starts:
        _holds(NameIndex(records), rec, data.draw(st.sampled_from(starts)))
