"""Sanity checks on the hand-written cast list (``tests/support/search_cast.py``) the search tests use."""

from __future__ import annotations

from ..support.search_cast import BY_ID, INDEX, RECORDS


def test_fixture_ids_are_unique() -> None:
    assert len(BY_ID) == len(RECORDS)


def test_every_record_finds_itself_by_display_name() -> None:
    for rec in RECORDS:
        hits = INDEX.search(rec.name)
        assert hits[0].record == rec
        assert (hits[0].score, hits[0].tier) == (100, "exact")


def test_every_hangul_name_finds_itself() -> None:
    for rec in RECORDS:
        if rec.hangul:
            hits = INDEX.search(rec.hangul)
            assert hits[0].record == rec, rec.hangul
            assert hits[0].tier == "hangul"
