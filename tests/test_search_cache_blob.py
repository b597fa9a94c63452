"""A stored name index (``NameIndex.to_blob`` / ``from_blob``) answers exactly like a fresh build.

Compared hit by hit (record, score, tier, matched form, reason) on the bundled
pack's records and on ~500 generated ones, for every typed query in the ranking tests,
the variant table, each record's own names, prefixes and near misses, and
hypothesis-generated text. A loaded index reads its parts lazily, so both
loading modes are checked: all at once, and part by part with a rebuild hook.
"""

from __future__ import annotations

import marshal
import random
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aodcli.search import Hit, NameIndex, NameRecord
from aodcli.search import hangul as hg

from .search_pack_records import RECORDS as PACK_RECORDS
from .search_pack_records import TYPED_QUERIES, VARIANTS

# --- ~500 generated records -------------------------------------------------------

#: (Hangul, usual spelling, other spellings)
_FAMILIES = [
    ("김", "Kim", ("Gim",)), ("이", "Lee", ("Yi", "Rhee")), ("박", "Park", ("Pak", "Bak")),
    ("최", "Choi", ("Choe",)), ("정", "Jung", ("Jeong", "Chung")), ("강", "Kang", ("Gang",)),
    ("조", "Cho", ("Jo",)), ("윤", "Yoon", ("Yun",)), ("장", "Jang", ("Chang",)), ("임", "Lim", ("Im",)),
    ("한", "Han", ()), ("오", "Oh", ("O",)), ("서", "Seo", ("Suh",)), ("신", "Shin", ("Sin",)),
    ("안", "Ahn", ("An",)), ("류", "Ryu", ("Yoo", "Yu")), ("남", "Nam", ()), ("노", "Noh", ("Roh",)),
    ("남궁", "Namgung", ()),
]  # fmt: skip
_LEADS = [0, 2, 3, 5, 6, 7, 9, 11, 12, 14, 15, 16, 17, 18]  # ㄱ ㄴ ㄷ ㄹ ㅁ ㅂ ㅅ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ
_VOWELS = [0, 1, 4, 6, 8, 9, 13, 14, 16, 17, 18, 20]  # ㅏ ㅐ ㅓ ㅕ ㅗ ㅘ ㅜ ㅝ ㅟ ㅠ ㅡ ㅣ
_TAILS = [0, 0, 0, 1, 4, 8, 16, 21]  # none, ㄱ ㄴ ㄹ ㅁ ㅇ
#: How people spell RR differently on posters and in credits.
_RESPELL = [("eo", "u"), ("u", "oo"), ("i", "ee"), ("g", "k"), ("j", "ch"), ("b", "p"), ("d", "t"), ("ae", "e")]


def _syllable(rnd: random.Random) -> str:
    return chr(hg.S_BASE + (rnd.choice(_LEADS) * 21 + rnd.choice(_VOWELS)) * 28 + rnd.choice(_TAILS))


def _respell(rnd: random.Random, text: str) -> str:
    a, b = rnd.choice(_RESPELL)
    return text.replace(a, b, 1)


def generated_records(count: int = 500, seed: int = 500) -> list[NameRecord]:
    """Korean names built from jamo, in the shapes the bundled pack has.

    Display name surname-first or given-first, hyphenated or run together,
    respelled or RR; stage names without a surname; aliases of every kind
    (short, stage, legal, Hangul, known misspelling); shared names and
    duplicates, so ties and lossy keys happen as they do in a real cast.
    """
    rnd = random.Random(seed)
    records: list[NameRecord] = []
    for n in range(count):
        fam_h, fam, others = rnd.choice(_FAMILIES)
        given_h = _syllable(rnd) + _syllable(rnd)
        if n % 23 == 0 and records:  # a name that another record already has
            prev = rnd.choice(records)
            if prev.family_hangul and prev.hangul:
                fam_h, given_h = prev.family_hangul, prev.hangul[len(prev.family_hangul) :]
        rr_given = hg.rr_name(fam_h + given_h, len(fam_h))[1]
        given = _respell(rnd, rr_given) if rnd.random() < 0.4 else rr_given
        if rnd.random() < 0.2:
            given = given.replace("-", "").capitalize()
        sur = rnd.choice(others) if others and rnd.random() < 0.2 else fam
        aliases: list[tuple[str, str]] = []
        kind = "character" if n % 2 else "person"
        shape = rnd.random()
        if shape < 0.08:  # a stage name: no surname at all
            name, family, hangul, family_hangul = given.replace("-", "").capitalize(), None, given_h, None
            aliases.append((f"{sur} {given}", "legal"))
            aliases.append((fam_h + given_h, "hangul"))
        elif shape < 0.12:  # no Hangul known
            name, family, hangul, family_hangul = f"{sur} {given}", sur, None, None
        elif shape < 0.25:  # given name first
            name, family, hangul, family_hangul = f"{given} {sur}", sur, fam_h + given_h, fam_h
        else:
            name, family, hangul, family_hangul = f"{sur} {given}", sur, fam_h + given_h, fam_h
        extra = rnd.random()
        if extra < 0.15:
            aliases.append((given.split("-")[0], "short"))
        elif extra < 0.25:
            aliases.append((f"{rnd.choice(others or (fam,))} {_respell(rnd, given)}", "spelling"))
        elif extra < 0.3:
            aliases.append((f"{sur} {_respell(rnd, given)}x", "error"))
        elif extra < 0.35:
            aliases.append((given_h, "short"))
        elif extra < 0.38:
            aliases.append(("Solomon Park", "stage"))
        order = rnd.randrange(1, 200) if kind == "character" else 1000
        link = rnd.choice(records).name if records and rnd.random() < 0.7 else None
        rid = f"{kind[0]}-{n}"
        records.append(NameRecord(rid, kind, name, family, hangul, family_hangul, tuple(aliases), order, link))
    return records


GENERATED = generated_records()


# --- queries ----------------------------------------------------------------------


def queries_for(records: list[NameRecord], seed: int, count: int) -> list[str]:
    """The typed queries and the variant table, then each sampled record's forms, cut and misspelled."""
    rnd = random.Random(seed)
    found = [*TYPED_QUERIES, *(q for q, _, _ in VARIANTS), "Lee", "Nam", "Park", "Yoon", "kim", "ㅇ", "김", "이"]
    for rec in rnd.sample(records, min(count, len(records))):
        names = [rec.name, *(a for a, _ in rec.aliases)]
        for text in names:
            found += [text, text.lower()[:4], text[: rnd.randrange(1, len(text) + 1)], text.replace("e", "a", 1)]
        if rec.hangul:
            h = rec.hangul
            found += [h, h[:2], hg.choseong(h), h[1:], hg.keystrokes(h)[:4]]
        words = rec.name.split()
        if len(words) > 1:
            found.append(" ".join(reversed(words)))
    return found


def summary(hits: list[Hit]) -> list[tuple[str, str, int, str, str, str]]:
    return [(h.record.id, h.record.name, h.score, h.tier, h.matched_form, h.reason) for h in hits]


def suggestion(index: NameIndex, query: str) -> list[tuple[str, str, int, str, str, str]]:
    return summary([s for s in [index.suggest(query)] if s])


def _no_rebuild() -> NameIndex:
    raise AssertionError("a valid blob must not be rebuilt")


def loaded_pair(records: list[NameRecord]) -> tuple[NameIndex, list[NameIndex]]:
    """A fresh index, and the same index loaded from its blob eagerly and lazily."""
    fresh = NameIndex(records)
    blob = fresh.to_blob()
    return fresh, [NameIndex.from_blob(blob), NameIndex.from_blob(blob, rebuild=_no_rebuild)]


def assert_same_answers(fresh: NameIndex, loaded: list[NameIndex], queries: list[str]) -> None:
    for n, query in enumerate(queries):
        for kinds in (None, {"person"} if n % 2 else {"character"}):
            want = summary(fresh.search(query, kinds=kinds))
            for other in loaded:
                assert summary(other.search(query, kinds=kinds)) == want, (query, kinds)
        want_s = suggestion(fresh, query)
        for other in loaded:
            assert suggestion(other, query) == want_s, query


PACK_FRESH, PACK_LOADED = loaded_pair(PACK_RECORDS)
GEN_FRESH, (GEN_EAGER, GEN_LAZY) = loaded_pair(GENERATED)
GEN_LOADED = [GEN_LAZY]  # as the CLI loads it; the eager load has the same code below the loading


def test_generated_records_look_like_a_cast() -> None:
    assert len(GENERATED) == 500
    assert len({r.id for r in GENERATED}) == 500
    assert sum(1 for r in GENERATED if r.family is None) > 10
    assert {k for r in GENERATED for _, k in r.aliases} >= {"short", "spelling", "error", "legal", "hangul", "stage"}
    hits = GEN_FRESH.search("Lee")
    assert hits and hits[0].tier == "surname" and len(hits) > 20


#: Records whose names are turned into queries: a sample in the default run, more with ``-m slow``.
SAMPLED = [pytest.param(12, id="sample"), pytest.param(None, id="all", marks=pytest.mark.slow)]


@pytest.mark.parametrize("records", SAMPLED)
def test_bundled_pack_answers_the_same_after_a_round_trip(records: int | None) -> None:
    queries = queries_for(PACK_RECORDS, seed=1, count=records or len(PACK_RECORDS))
    assert len(queries) > (300 if records is None else 200)
    assert_same_answers(PACK_FRESH, PACK_LOADED, queries)


@pytest.mark.parametrize("records", [pytest.param(4, id="sample"), pytest.param(15, id="more", marks=pytest.mark.slow)])
def test_generated_pack_answers_the_same_after_a_round_trip(records: int) -> None:
    queries = queries_for(GENERATED, seed=2, count=records)
    assert len(queries) > 120
    assert_same_answers(GEN_FRESH, GEN_LOADED, queries)
    assert_same_answers(GEN_FRESH, [GEN_EAGER], queries[::7])


_TEXT = st.sampled_from(
    [*"abcdeghijklmnoprstuwyz -'’", *"ㄱㄴㅇㅈㅊㅎㅏㅓㅗ김이박최남온조청산수혁윤귀", "ee", "oo", "eo", "ch", "ng"]
)


@settings(max_examples=100)
@given(st.one_of(st.text(max_size=30), st.lists(_TEXT, max_size=12).map("".join)))
def test_any_text_answers_the_same_after_a_round_trip(query: str) -> None:
    assert_same_answers(PACK_FRESH, PACK_LOADED, [query])
    assert_same_answers(GEN_FRESH, GEN_LOADED, [query])


@settings(max_examples=40)
@given(st.sampled_from(GENERATED), st.integers(0, 12))
def test_every_prefix_of_a_generated_name_answers_the_same(rec: NameRecord, cut: int) -> None:
    texts = [rec.name[:cut], rec.name[cut:]]
    if rec.hangul:
        texts += [hg.keystrokes(rec.hangul)[:cut], hg.choseong(rec.hangul)[:cut]]
    assert_same_answers(GEN_FRESH, GEN_LOADED, texts)


def test_empty_and_odd_indexes_round_trip() -> None:
    for records in ([], [NameRecord("c-x", "character", "", None, None, None)], PACK_RECORDS[:1]):
        fresh, loaded = loaded_pair(records)
        assert_same_answers(fresh, loaded, ["", "x", "Nam On-jo", "남온조", "ㄴㅇㅈ", "Namonjoo"])


def test_odd_text_in_records_round_trips() -> None:
    weird = NameRecord(
        "c-\t\n", "character", "Nam\tOn\njo \x00 ' \ud800", "Nam", "남온조\t", "남",
        (("a\nb", "sh\tort"), ("", ""), ("남\x00", "error")), -5, "\t",
    )  # fmt: skip
    fresh, loaded = loaded_pair([weird, *PACK_RECORDS[:5]])
    assert_same_answers(fresh, loaded, ["nam", "Nam On-jo", "남온조", "ㄴㅇㅈ", "onjo", "a b", "nam onjoo"])
    assert loaded[0].search("nam")[0].record == weird


# --- the blob ----------------------------------------------------------------------


def test_a_loaded_index_gives_back_the_same_blob() -> None:
    blob = GEN_FRESH.to_blob()
    assert NameIndex.from_blob(blob).to_blob() == blob
    lazy = NameIndex.from_blob(blob, rebuild=_no_rebuild)
    assert lazy.to_blob() == blob


def test_the_blob_is_plain_marshal_data() -> None:
    blob = GEN_FRESH.to_blob()
    size = int.from_bytes(blob[12:16], "big")
    _, count, where = marshal.loads(blob[20 : 20 + size])
    assert count == len(GENERATED)
    base = 20 + size
    for name, start, end, _ in where:
        if name != "records":  # the records part is an index and one payload per record
            value = marshal.loads(blob[base + start : base + end])
            assert isinstance(value, dict | list | tuple | str), name


def _damaged(blob: bytes) -> Iterator[bytes]:
    yield b""
    yield b"AODNAMEIDX"
    yield b"not a name index at all" * 10
    yield blob[:10] + (99).to_bytes(2, "big") + blob[12:]  # another format
    rnd = random.Random(3)
    for cut in sorted(rnd.sample(range(len(blob)), 40)):
        yield blob[:cut]
    for at in rnd.sample(range(len(blob)), 60):
        yield blob[:at] + bytes([blob[at] ^ (1 << rnd.randrange(8))]) + blob[at + 1 :]


def test_a_damaged_blob_is_refused_when_loaded_eagerly() -> None:
    blob = NameIndex(GENERATED[:80]).to_blob()
    for bad in _damaged(blob):
        with pytest.raises(ValueError):
            NameIndex.from_blob(bad)


def test_a_damaged_part_found_by_a_query_rebuilds_the_index() -> None:
    records = GENERATED[:80]
    fresh = NameIndex(records)
    blob = fresh.to_blob()
    queries = ["Lee", records[3].name, records[5].hangul or "김", "ㄱ", "Leee Sohyuk", "zzqqxx"]
    rebuilt = 0

    def rebuild() -> NameIndex:
        nonlocal rebuilt
        rebuilt += 1
        return NameIndex(records)

    for bad in _damaged(blob):
        rebuilt = 0
        try:
            index = NameIndex.from_blob(bad, rebuild=rebuild)
        except ValueError:
            continue  # the header itself was damaged: the caller rebuilds
        for query in queries:  # never an error, always the right answer
            assert summary(index.search(query)) == summary(fresh.search(query)), query
            assert suggestion(index, query) == suggestion(fresh, query), query
        assert rebuilt <= 1
