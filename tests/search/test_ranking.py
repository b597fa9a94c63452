"""Ranking, ties, reasons, noise, suggestions and pick_one, on the hand-written cast."""

from __future__ import annotations

import pytest

from aodcli.search import Hit, NameIndex, NameRecord, pick_one
from aodcli.search.model import TIERS

from ..support.search_cast import BY_ID, INDEX, RECORDS


def names(hits: list[Hit]) -> list[str]:
    return [h.record.name for h in hits]


def test_hits_are_sorted_by_score_then_order_then_name() -> None:
    for query in ("Lee", "Nam", "Kim", "ㅇㅇㅅ", "Cheongsam", "Park Seo-joon", "이"):
        hits = INDEX.search(query)
        keys = [(-h.score, h.record.order, h.record.name) for h in hits]
        assert keys == sorted(keys), query
        assert all(h.tier in TIERS and isinstance(h.score, int) for h in hits)


def test_lee_is_a_tie_of_every_lee_at_the_surname_tier() -> None:
    hits = INDEX.search("Lee")
    lees = {r.id for r in RECORDS if r.family == "Lee"}
    top = [h for h in hits if h.score == 79]
    assert {h.record.id for h in top} == lees
    assert all(h.tier == "surname" and h.matched_form == "Lee" for h in top)
    assert all(h.score < 79 for h in hits if h.record.id not in lees)
    assert hits[0].reason == "surname Lee (이)"
    assert pick_one(hits) is None


@pytest.mark.parametrize("spelling", ["Yi", "Rhee", "I", "LEE", "이"])
def test_other_spellings_of_lee_give_the_same_tie(spelling: str) -> None:
    lees = {r.id for r in RECORDS if r.family == "Lee" and (spelling != "이" or r.hangul)}
    top = {h.record.id for h in INDEX.search(spelling) if h.score == 79}
    assert top == lees


def test_soo_hyuk_finds_lee_su_hyeok_first() -> None:
    hits = INDEX.search("Soo-hyuk")
    assert hits[0].record.id == "c-lee-su-hyeok"
    assert (hits[0].score, hits[0].tier) == (84, "given-variant")
    assert hits[0].reason == "spelling variant of given name 'Su-hyeok'"
    assert pick_one(hits) == hits[0]


def test_nam_era_finds_choi_nam_ra_as_a_known_misspelling() -> None:
    hits = INDEX.search("Nam-era")
    assert hits[0].record.id == "c-choi-nam-ra"
    assert "known misspelling 'Choi Nam-era'" in hits[0].reason
    full = INDEX.search("Choi Nam-era")[0]
    assert (full.record.id, full.tier, full.reason) == (
        "c-choi-nam-ra", "exact", "known misspelling 'Choi Nam-era'",
    )  # fmt: skip


def test_nam_era_without_the_alias_is_a_typo_hit() -> None:
    bare = [r for r in RECORDS if r.id != "c-choi-nam-ra"]
    bare.append(NameRecord("c-choi-nam-ra", "character", "Choi Nam-ra", "Choi", "최남라", "최"))
    hits = NameIndex(bare).search("Nam-era")
    assert hits[0].record.id == "c-choi-nam-ra"
    assert hits[0].tier == "typo" and hits[0].reason.startswith("typo-tolerant ≈ 'Nam-ra' (")


def test_park_solomon_finds_lomon() -> None:
    hits = INDEX.search("Park Solomon")
    assert names(hits) == ["Lomon"]
    assert (hits[0].tier, hits[0].matched_form) == ("exact", "Park Solomon")
    assert hits[0].reason == "alias 'Park Solomon' (legal name)"
    assert pick_one(hits) == hits[0]


def test_legal_name_parts_and_hangul_alias() -> None:
    assert INDEX.search("Solomon")[0].reason == ("given name 'Solomon' of alias 'Park Solomon' (legal name)")
    assert INDEX.search("박솔로몬")[0].tier == "hangul"
    assert INDEX.search("솔로몬")[0].record.id == "p-lomon"
    assert "p-lomon" in {h.record.id for h in INDEX.search("Park") if h.tier == "surname"}


def test_cheongsam_finds_lee_cheong_san_by_typo() -> None:
    hits = INDEX.search("Cheongsam")
    assert hits[0].record.id == "c-lee-cheong-san"
    assert hits[0].tier == "typo" and 40 <= hits[0].score <= 69
    assert hits[0].reason.startswith("typo-tolerant ≈ 'Cheong-san' (")
    assert hits[0].score - hits[1].score >= 1


def test_park_seo_joon_is_only_a_weak_suggestion() -> None:
    hits = INDEX.search("Park Seo-joon")
    assert hits and all(h.tier == "typo" and h.score < 70 for h in hits)
    assert pick_one(hits) is None
    suggestion = INDEX.suggest("Park Seo-joon")
    assert suggestion is not None and suggestion.score < 70
    assert (suggestion.record.id, suggestion.matched_form) == ("p-lomon", "Park Solomon")


def test_noise_rule_drops_weak_hits_when_a_strong_one_exists() -> None:
    for query in ("Nam", "Soo-hyuk", "ㅊㅅ", "Yoon Gwinam", "초"):
        hits = INDEX.search(query)
        assert hits[0].score >= 70 and all(h.score >= 70 for h in hits), query


def test_nam_ranks_surname_then_prefix_then_syllable() -> None:
    hits = INDEX.search("Nam")
    tiers = [(h.record.name, h.score, h.tier) for h in hits]
    assert tiers[:2] == [("Nam On-jo", 79, "surname"), ("Nam So-ju", 79, "surname")]
    assert ("Choi Nam-ra", 78, "prefix") in tiers  # a prefix of a name part, full or given alike
    assert ("Yoon Gwi-nam", 70, "syllable") in tiers


def test_lossy_surname_key_is_narrowed_by_an_exact_spelling() -> None:
    # Cho (조) and Joo (주) share the key 'jo'; "Cho" is spelled like 조.
    cho = {h.record.id for h in INDEX.search("Cho") if h.tier == "surname"}
    assert cho == {"p-cho-yi-hyun"}
    chu = {h.record.id for h in INDEX.search("Chu") if h.tier == "surname"}
    assert chu == {"p-cho-yi-hyun", "p-joo-dong-geun"}


def test_initials_reasons_and_ties() -> None:
    hits = INDEX.search("ㄴㅇㅈ")
    assert (hits[0].record.id, hits[0].tier, hits[0].reason) == (
        "c-nam-on-jo", "initials", "initials ㄴㅇㅈ = 남온조",
    )  # fmt: skip
    tie = INDEX.search("ㅂㅊ")
    assert {h.record.id for h in tie} == {"c-lee-byeong-chan", "p-kim-byung-chul"}
    assert {h.score for h in tie} == {82} and pick_one(tie) is None


def test_hangul_tiers() -> None:
    assert INDEX.search("이수혁")[0].reason == "한글 name 이수혁"
    assert INDEX.search("수혁")[0].reason == "한글 given name 수혁"
    assert INDEX.search("남라")[0].record.id == "c-choi-nam-ra"
    prefix = INDEX.search("윤구")[0]
    assert (prefix.record.id, prefix.tier, prefix.reason) == (
        "c-yoon-gwi-nam", "prefix", "한글 prefix 윤구… = 윤귀남",
    )  # fmt: skip
    assert INDEX.search("조이헌")[0].reason.startswith("typo-tolerant ≈ 조이현")


def test_rr_is_generated_from_hangul() -> None:
    odd = NameRecord("c-x", "character", "Tchoi Nammrah", "Tchoi", "최남라", "최")
    stage = NameRecord("p-lomon", "person", "Lomon", None, "로몬", None)
    index = NameIndex([odd, stage])
    exact = index.search("Choe Nam-ra")[0]
    assert (exact.record, exact.tier, exact.reason) == (odd, "exact", "RR name 'Choe Nam-ra'")
    assert index.search("Choi Namra")[0].tier == "variant"
    assert index.search("Romon")[0].record == stage


def test_kinds_filter_and_limit() -> None:
    people = INDEX.search("Lee", kinds={"person"})
    assert people and all(h.record.kind == "person" for h in people)
    assert INDEX.search("Lee", limit=3) == INDEX.search("Lee")[:3]
    assert INDEX.search("Lee", limit=0) == []
    chars = INDEX.search("Lomon", kinds={"character"})
    assert all(h.record.kind == "character" and h.score < 70 for h in chars)


def test_nothing_found_and_suggestions() -> None:
    assert INDEX.search("") == []
    assert INDEX.search("  -- ") == []
    assert INDEX.search("Qxzv Wbbt") == []
    assert INDEX.suggest("zzzz") is None
    lomon = INDEX.suggest("Lomn")
    assert lomon is not None and lomon.record.id == "p-lomon" and lomon.tier == "typo"
    role = INDEX.suggest("Lomn", kinds={"character"})
    assert role is None or role.record.kind == "character"
    assert INDEX.suggest("Park Seo-joon", kinds={"person"}) is not None


def test_empty_index() -> None:
    empty = NameIndex([])
    assert empty.search("Lee") == [] and empty.suggest("Lee") is None


def _hit(score: int, tier: str, rid: str = "c-nam-on-jo") -> Hit:
    return Hit(BY_ID[rid], score, tier, "x", "x")


def test_pick_one_rules() -> None:
    assert pick_one([]) is None
    assert pick_one([_hit(84, "given-variant")]) is not None
    assert pick_one([_hit(82, "initials-given")]) is None
    assert pick_one([_hit(100, "exact"), _hit(100, "exact", "c-choi-nam-ra")]) is None
    assert pick_one([_hit(100, "exact"), _hit(98, "hangul", "c-choi-nam-ra")]) is not None
    assert pick_one([_hit(67, "typo"), _hit(62, "typo", "c-choi-nam-ra")]) is not None
    assert pick_one([_hit(67, "typo"), _hit(63, "typo", "c-choi-nam-ra")]) is None
    assert pick_one([_hit(61, "typo")]) is None
    assert pick_one([_hit(79, "surname")]) is None
    assert pick_one(INDEX.search("Lomn")) is not None


def test_duplicate_records_tie_instead_of_hiding() -> None:
    a = NameRecord("c-a", "character", "Kim Min-ji", "Kim", "김민지", "김", order=2)
    b = NameRecord("p-b", "person", "Kim Min-ji", "Kim", "김민지", "김", order=1)
    hits = NameIndex([a, b]).search("Kim Minji")
    assert [h.record.id for h in hits] == ["p-b", "c-a"]
    assert hits[0].score == hits[1].score and pick_one(hits) is None
