"""Search against the real data pack (data/all-of-us-are-dead), read as plain JSON.

The records and the query tables are in ``tests/support/search_pack_records.py``.
"""

from __future__ import annotations

import pytest

from ..support.search_cast import INDEX as FIXTURE_INDEX
from ..support.search_pack_records import BY_ID, INDEX, RECORDS, TIED, TYPED_QUERIES, VARIANTS, rank, sole_top


def test_pack_loads() -> None:
    assert len(RECORDS) >= 60
    assert len(BY_ID) == len(RECORDS)
    assert BY_ID["c-lee-su-hyeok"].link == "Lomon"
    assert BY_ID["p-lomon"].link == "Lee Su-hyeok"


def test_every_pack_record_finds_itself() -> None:
    for rec in RECORDS:
        hits = INDEX.search(rec.name)
        assert sole_top(hits, rec.id) and hits[0].tier == "exact", rec.name
        if rec.hangul:
            hits = INDEX.search(rec.hangul)
            assert sole_top(hits, rec.id) and hits[0].tier == "hangul", rec.hangul


@pytest.mark.parametrize(("query", "target"), TYPED_QUERIES.items())
def test_a_typed_query_finds_its_target_first(query: str, target: str) -> None:
    hits = INDEX.search(query)
    assert rank(hits, target) == 1, [(h.record.name, h.score) for h in hits[:3]]
    if query in TIED:
        assert len([h for h in hits if h.score == hits[0].score]) > 1
    else:
        assert sole_top(hits, target), [(h.record.name, h.score) for h in hits[:3]]


@pytest.mark.parametrize("surname", ["Lee", "Nam", "Park", "Yoon"])
def test_a_bare_surname_ties_everyone_who_bears_it(surname: str) -> None:
    hits = INDEX.search(surname)
    top = [h for h in hits if h.score == hits[0].score]
    assert len(top) > 1
    assert all(h.tier == "surname" and h.score == 79 for h in top)
    expected = {r.id for r in RECORDS if r.family == surname}
    assert expected <= {h.record.id for h in top}


@pytest.mark.parametrize(("query", "target", "tier"), VARIANTS)
def test_variant_on_fixture(query: str, target: str, tier: str) -> None:
    hits = FIXTURE_INDEX.search(query)
    assert sole_top(hits, target), [(h.record.name, h.score, h.tier) for h in hits[:3]]
    assert hits[0].tier == tier, hits[0].reason


@pytest.mark.parametrize(("query", "target", "tier"), VARIANTS)
def test_variant_on_pack(query: str, target: str, tier: str) -> None:
    hits = INDEX.search(query)
    assert sole_top(hits, target), [(h.record.name, h.score, h.tier) for h in hits[:3]]
    assert hits[0].score >= 40 if tier == "typo" else hits[0].score >= 70
