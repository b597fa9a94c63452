"""Search from the command line: ranked, explained, spoiler-safe, clean errors."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..support.helpers import aod, fails, ok


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Soo-hyuk", "Lee Su-hyeok"),
        ("남온조", "Nam On-jo"),
        ("ㄴㅇㅈ", "Nam On-jo"),
        ("Park Solomon", "Lomon"),
        ("Chung-san", "Lee Cheong-san"),
        ("Nam-era", "Choi Nam-ra"),
        ("Jihoo Park", "Park Ji-hu"),
    ],
)
def test_search_finds_at_rank_one_with_a_reason(query, name):
    data = ok("search", query, "--json").json()
    top = data["results"][0]
    assert top["name"] == name and top["rank"] == 1
    assert top["reason"] and top["tier"] and top["score"] >= 70


def test_surname_is_a_tie_with_a_hint():
    data = ok("search", "Lee", "--json", "--limit", "100").json()
    lees = [r for r in data["results"] if r["tier"] == "surname"]
    assert len(lees) >= 10 and {r["rank"] for r in lees} == {1}
    assert "match equally" in ok("search", "Lee").stdout


def test_in_filters_kinds():
    people = ok("search", "Lee", "--in", "people", "--json").json()["results"]
    assert people and {r["kind"] for r in people} == {"person"}
    chars = ok("search", "Lee", "--in", "characters", "--json").json()["results"]
    assert chars and {r["kind"] for r in chars} == {"character"}


def test_episode_search_past_the_horizon_answers_as_for_a_word_found_nowhere(pack):
    word = "broadcasting"  # appears in the synopsis of episode 3, not in titles or blurbs
    assert word in (pack.episode("s01e03").synopsis or "").lower()
    found = fails(1, "search", word, "--in", "episodes")
    nowhere = fails(1, "search", "zzyzxq", "--in", "episodes")
    assert found.stderr.replace(word, "<q>") == nowhere.stderr.replace("zzyzxq", "<q>")
    assert "not searched; --spoilers searches all" in found.stderr
    assert "not watched yet" not in found.stderr and "match" not in found.stderr.split("(")[-1]
    ok("watch", "1-3")
    data = ok("search", word, "--in", "episodes", "--json").json()
    assert any(e["code"] == "S01E03" and e["matched"] == "synopsis" for e in data["episodes"])


def test_character_appearing_later_is_marked(pack):
    data = ok("search", "Woo-jin", "--json").json()
    top = data["results"][0]
    assert top["name"] == "Jang Woo-jin"
    first = [e for e in pack.events_of(top["id"]) if e.type == "first_appears"]
    if first and first[0].episode != "s01e01":
        assert top["appears_later"]["hidden"] is True
    out = ok("search", "Woo-jin").stdout
    assert "dies" not in out and "killed" not in out


def test_person_and_character_pages():
    assert "Nam On-jo" in ok("person", "박지후").stdout
    page = ok("character", "Chung-san", "--json").json()
    assert page["name"] == "Lee Cheong-san" and page["events"] == []
    assert page["later_events"] == {"hidden": True, "until": "S01E12"}
    spoiled = ok("character", "Chung-san", "--json", "--spoilers").json()
    assert any(e["episode"] == "S01E11" for e in spoiled["events"])


def test_ambiguous_and_missing_names():
    run = fails(2, "character", "lee")
    assert "matches" in run.stderr and "Lee Cheong-san" in run.stderr
    run = fails(1, "character", "Cheongsam")
    assert "did you mean Lee Cheong-san?" in run.stderr
    fails(1, "search", "qqqqxxxx")
    fails(2, "search", "   ")
    fails(2, "search", "lee", "--in", "planets")


def test_cheong_lists_lee_cheong_san_first_and_says_how_the_others_matched():
    lines = ok("search", "Cheong", "--in", "characters").stdout.splitlines()
    rows = [line.split("\t") for line in lines[lines.index("#\tScore\tName\t한글\tWho\tMatched") + 1 :] if line]
    assert [(r[0], r[1], r[2], r[5]) for r in rows] == [
        ("1", "78", "Lee Cheong-san", "prefix of given name 'Cheong-san'"),
        ("1", "78", "Cheong-san's mother", "prefix of 'Cheong-san's mother'"),
        ("3", "76", "Jung Min-jae", "surname Jung (정)"),
        ("4", "74", "Jong-a", "spelling variant of a prefix of 'Jong-a'"),
    ]


def test_a_name_not_picked_names_every_match_best_first():
    run = fails(2, "character", "Cheong")
    assert run.stderr == (
        "Error: 'Cheong' matches 4 characters: Lee Cheong-san, Cheong-san's mother, Jung Min-jae, Jong-a;"
        " be more specific\n"
    )
    run = aod("character", "Cheong", env={"AOD_LANG": "ko"})
    assert run.code == 2 and run.stderr.startswith(
        "오류: 'Cheong'에 맞는 등장인물이 4명입니다: 이청산 (Lee Cheong-san), "
    )
    assert fails(2, "person", "Su").stderr.startswith("Error: 'Su' matches ")


@pytest.mark.parametrize(("query", "name"), [("Gwi", "Yoon Gwi-nam"), ("On", "Nam On-jo"), ("청", "Lee Cheong-san")])
def test_a_partial_name_alone_asks_did_you_mean(query, name):
    run = fails(2, "character", query)
    assert run.stderr == f"Error: '{query}' is only part of a name: did you mean {name}?\n"


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=10_000))
def test_any_query_is_results_or_a_clean_no_match(query):
    run = aod("search", query)
    assert run.code in (0, 1, 2), run
    assert "Traceback" not in run.stderr
    if run.code:
        assert run.stdout == "" and run.stderr.startswith("Error: ")


# --- episode text search: the word-prefix rule -----------------------------------


def _reference_episode_search(pack, query, horizon):  # type: ignore[no-untyped-def]
    """The first implementation of ``finder.search_episodes``: split every text into words."""
    words = "".join(ch if ch.isalnum() else " " for ch in query.casefold()).split()[:20]
    shown = []
    if not words:
        return shown

    def has(text):  # type: ignore[no-untyped-def]
        have = "".join(ch if ch.isalnum() else " " for ch in (text or "").casefold()).split()
        return all(any(h.startswith(w) for h in have) for w in words)

    for ep in pack.episodes:
        if has(ep.title) or has(ep.code):
            shown.append((ep.id, "title"))
        elif has(ep.blurb):
            shown.append((ep.id, "blurb"))
        elif has(ep.synopsis) and horizon.sees(ep):
            shown.append((ep.id, "synopsis"))
    return shown


class _Episode:
    def __init__(self, n: int, title: str, blurb: str, synopsis: str | None) -> None:
        self.id, self.code, self.position = f"e{n}", f"S01E{n:02d}", n
        self.title, self.blurb, self.synopsis = title, blurb, synopsis


class _Pack:
    def __init__(self, episodes: list[_Episode]) -> None:
        self.episodes = episodes


class _Horizon:
    """Sees every other episode."""

    def sees(self, ep: _Episode) -> bool:
        return ep.position % 2 == 0


_WORDY = st.text(st.sampled_from([*"abcLEE lee sleep-Lee's ßẞİı12½", "\u0301", "Ⅻ", "ﬁ", "가", "_", "\t"]), max_size=40)


@settings(max_examples=300)
@given(st.lists(st.tuples(_WORDY, _WORDY, st.one_of(st.none(), _WORDY)), max_size=6), _WORDY, st.integers(0, 30))
def test_episode_search_matches_the_word_by_word_rule(texts, query, cut):  # type: ignore[no-untyped-def]
    from aodcli.finder import search_episodes

    pack = _Pack([_Episode(n, *t) for n, t in enumerate(texts, start=1)])
    queries = [query, *(f"{t[0][cut : cut + 4]} {t[1][:cut]}" for t in texts)]
    for q in queries:
        got = search_episodes(pack, q, _Horizon())  # type: ignore[arg-type]
        assert [(e.id, where) for e, where in got.shown] == _reference_episode_search(pack, q, _Horizon())


@pytest.mark.parametrize("query", ["lee", "rooftop", "s01e03", "S01", "broadcast", "the", "on-jo", "zzz", "1", "E0"])
def test_episode_search_on_the_bundled_pack_matches_the_word_by_word_rule(pack, query):
    from aodcli.finder import search_episodes

    horizon = _Horizon()
    got = search_episodes(pack, query, horizon)  # type: ignore[arg-type]
    assert [(e.id, where) for e, where in got.shown] == _reference_episode_search(pack, query, horizon)


@pytest.mark.parametrize(("query", "form"), [("onjoo", "On Joo"), ("on joo", "On Joo"), ("Cheongsak", "Cheong-sak")])
def test_search_reasons_name_the_misspelling(query: str, form: str) -> None:
    top = ok("search", query, "--json").json()["results"][0]
    assert top["reason"] == f"known misspelling '{form}'"
    assert "''" not in ok("search", query).stdout


def test_search_with_no_result_still_prints_the_json_document() -> None:
    run = fails_with_stdout(1, "search", "xyzzy", "--json")
    assert run["results"] == [] and run["total_results"] == 0 and run["query"] == "xyzzy"


def fails_with_stdout(code: int, *args: str) -> dict:  # type: ignore[type-arg]
    from ..support.helpers import aod

    run = aod(*args)
    assert run.code == code and run.stderr.startswith("Error: nothing matches")
    return run.json()  # type: ignore[no-any-return]
