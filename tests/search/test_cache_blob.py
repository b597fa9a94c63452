"""A stored name index (``NameIndex.to_payload`` / ``from_payload``) answers exactly like a fresh build.

Compared hit by hit (record, score, tier, matched form, reason) on the bundled
pack's records and on ~500 generated ones, for every typed query in the ranking tests,
the variant table, each record's own names, prefixes and near misses, and
hypothesis-generated text. The payload goes through :mod:`marshal`, as in its
sealed copy; a loaded index decodes each record as a query first reaches it.
"""

from __future__ import annotations

import marshal
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aodcli.search import Hit, NameIndex, NameRecord
from aodcli.search import hangul as hg

from ..support.search_pack_records import RECORDS as PACK_RECORDS
from ..support.search_pack_records import TYPED_QUERIES, VARIANTS

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


def loaded(index: NameIndex) -> NameIndex:
    """``index`` as a run loads it from its sealed copy: its payload through marshal."""
    return NameIndex.from_payload(marshal.loads(marshal.dumps(index.to_payload())))


def loaded_pair(records: list[NameRecord]) -> tuple[NameIndex, list[NameIndex]]:
    """A fresh index, and the same index loaded from its payload."""
    fresh = NameIndex(records)
    return fresh, [loaded(fresh)]


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
GEN_FRESH, GEN_LOADED = loaded_pair(GENERATED)


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


# --- the payload -------------------------------------------------------------------


def test_a_loaded_index_gives_back_the_same_payload() -> None:
    payload = marshal.loads(marshal.dumps(GEN_FRESH.to_payload()))
    again = NameIndex.from_payload(marshal.loads(marshal.dumps(payload)))
    assert again.to_payload() == payload
    again.search("Lee")  # records decoded by a query are stored as they were
    assert again.to_payload() == payload


def test_the_payload_is_plain_marshal_data() -> None:
    kinds, records, tables, typo, h_forms = GEN_FRESH.to_payload()
    assert kinds == [r.kind for r in GENERATED]
    assert len(records) == len(GENERATED)
    # the rest is decoded part by part, as a query first needs it
    assert all(isinstance(marshal.loads(r), tuple) for r in records)
    assert set(tables) == set(GEN_FRESH._tables) and all(isinstance(marshal.loads(t), dict) for t in tables.values())
    assert isinstance(marshal.loads(typo), tuple) and isinstance(marshal.loads(h_forms), str)


@pytest.mark.parametrize(
    "payload",
    [None, (), "index", ([], [], {}, b"", b""), (["person"], [], {}, b"", b"")],
    ids=["None", "empty tuple", "text", "no tables", "kinds without records"],
)
def test_a_payload_of_another_shape_is_refused(payload: object) -> None:
    with pytest.raises(ValueError):
        NameIndex.from_payload(payload)
