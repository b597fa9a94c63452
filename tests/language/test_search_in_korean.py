"""Search finds the show by any of its titles, its places and words (효산고, 절비 once its episode
is watched), Korean blurbs in Korean, and takes ``N화`` as an episode, never part of a name."""

from __future__ import annotations

import json
from pathlib import Path

from ..support.helpers import aod, ok
from ..support.search_json import QUERIES, SNAPSHOT, documents

KO = {"AOD_LANG": "ko"}


def test_the_show_is_found_by_any_of_its_titles() -> None:
    for title in ("지금 우리 학교는", "지우학", "All of Us Are Dead", "Estamos muertos", "jigeum uri"):
        terms = ok("search", title, "--json").json()["terms"]
        assert [t["kind"] for t in terms] == ["show"], title


def test_places_are_found_before_anything_is_watched() -> None:
    terms = ok("search", "효산", "--json").json()["terms"]
    assert [t["hangul"] for t in terms] == ["효산", "효산고등학교"]  # the exact name first
    assert ok("search", "효산고", "--json").json()["terms"][0]["name"] == "Hyosan High School"
    korean = ok("search", "효산", "--json", env=KO).json()["episodes"]
    assert any(e["matched"] == "blurb" for e in korean)  # the Korean blurbs are searched in Korean


def test_a_word_of_a_later_episode_is_searched_as_a_word_found_nowhere() -> None:
    early = aod("search", "절비")
    nowhere = aod("search", "쀍쀍")
    assert early.code == nowhere.code == 1
    assert early.stderr.replace("'절비'", "Q") == nowhere.stderr.replace("'쀍쀍'", "Q")
    assert ok("--spoilers", "search", "절비", "--json").json()["terms"][0]["first_episode"] == "S01E05"
    ok("watch", "1-5")
    found = ok("search", "절비", "--json").json()["terms"]
    assert found[0]["name"] == "hambie" and found[0]["first_episode"] == "S01E05"


def test_an_episode_number_in_korean_is_that_episode_and_never_a_name() -> None:
    data = ok("search", "1화", "--json").json()
    assert data["results"] == [] and [e["code"] for e in data["episodes"]] == ["S01E01"]
    assert data["episodes"][0]["matched"] == "number"
    assert "Park Sun-hwa" not in ok("search", "1화").stdout
    assert [e["code"] for e in ok("search", "시즌1 3화", "--json").json()["episodes"]] == ["S01E03"]
    run = aod("search", "13화")
    assert run.code == 1 and run.stderr == "Error: nothing matches '13화'\n"


def _matched(query: str, name: str, env: dict[str, str] = KO) -> str:
    """The Matched column of ``name``'s row in ``aod search QUERY`` (piped: one row a line, by tabs)."""
    for line in ok("search", query, "--limit", "50", env=env).stdout.splitlines():
        cells = line.split("\t")
        if len(cells) == 6 and cells[2] == name:
            return cells[5]
    raise AssertionError(f"{name} is not among the names {query!r} finds")


def test_each_tier_says_why_it_matched_in_korean() -> None:
    said = {
        ("Lomon", "Lomon"): "정확한 이름 'Lomon'",  # exact
        ("Cheong-san Lee", "Lee Cheong-san"): "정확한 이름 'Lee Cheong-san' (이름·성 순)",
        ("남온조", "Nam On-jo"): "한글 성명 남온조",  # hangul
        ("Lee Chungsan", "Lee Cheong-san"): "'Lee Cheong-san'의 철자 변형",  # variant
        ("ㄴㅇㅈ", "Nam On-jo"): "초성 ㄴㅇㅈ = 남온조",  # initials
        ("남ㅇㅈ", "Nam On-jo"): "초성 남ㅇㅈ = 남온조",
        ("namra", "Choi Nam-ra"): "이름 'Nam-ra'",  # given
        ("청산", "Lee Cheong-san"): "한글 이름 청산",
        ("Ji-hu", "Ahn Ji-ho"): "이름 'Ji-ho'의 철자 변형",  # given-variant
        ("ㅊㅅ", "Lee Cheong-san"): "초성 ㅊㅅ = 청산(이름)",  # initials-given
        ("lee", "Lee Su-hyeok"): "성 Lee(이)",  # surname
        ("Cheong", "Jung Min-jae"): "성 Jung(정)",
        ("Cheong", "Lee Cheong-san"): "이름 'Cheong-san'의 앞부분",  # prefix, as typed
        ("Cheong", "Cheong-san's mother"): "'Cheong-san's mother'의 앞부분",
        ("Cheong", "Kim Jong-tae"): "이름 'Jong-tae'의 앞부분(철자 변형)",  # prefix, through the key
        ("청", "Lee Cheong-san"): "한글 앞부분 청… = 청산(이름)",
        ("ㄴㅇ", "Nam On-jo"): "초성 앞부분 ㄴㅇ… = 남온조",
        ("Su", "Yang Dae-su"): "이름 'Dae-su'의 음절 'su'",  # syllable
        ("Su", "Yoo In-soo"): "표준 로마자 이름 'In-su'의 음절 'su'",
        ("이", "Yoon Ga-i"): "윤가이의 음절 이",
        ("Nam-ruh", "Choi Nam-ra"): "오타 허용 ≈ 'Nam-ra' (84%)",  # typo
        ("남온저", "Nam On-jo"): "오타 허용 ≈ 남온조 (88%)",
    }
    for (query, name), reason in said.items():
        assert _matched(query, name) == reason, (query, name)


def test_aliases_and_known_misspellings_are_named_in_korean() -> None:
    said = {
        ("Park Solomon", "Lomon"): "별칭 'Park Solomon'(본명)",
        ("J.Q. Lee", "Lee Jae-kyoo"): "별칭 'Lee JQ'(예명) (이름·성 순)",
        ("JQ", "Lee Jae-kyoo"): "별칭 'Lee JQ'(예명)의 이름 'JQ'",
        ("Banjang", "Choi Nam-ra"): "별칭 'Banjang'(줄인 이름)",
        ("Soo-hyuk", "Lee Su-hyeok"): "별칭 'Soo-hyuk'(다른 표기)",
        ("Park Solomun", "Lomon"): "별칭 'Park Solomon'(본명)의 철자 변형",
        ("Park Solomn", "Lomon"): "알려진 오표기 'Park Solomn'",
        ("Chang Young", "Yoon Chan-young"): "알려진 오표기 'Yoon Chang Young'의 이름",
        ("김지후", "Park Ji-hu"): "알려진 오표기 '김지후'(한글)",
        ("Yu In-su", "Yoo In-soo"): "표준 로마자 성명 'Yu In-su'",
    }
    for (query, name), reason in said.items():
        assert _matched(query, name) == reason, (query, name)


def test_the_tie_hint_says_the_reason_in_korean_and_english_reads_as_before() -> None:
    hint = ok("search", "Cheong", env=KO).stdout.splitlines()[0]
    assert (
        hint
        == "이름 2개가 똑같이 맞습니다(이름 'Cheong-san'의 앞부분). 이름을 더 입력해 보세요. 예: \"Lee Cheong-san\""
    )
    assert "(성 Lee(이))" in ok("search", "lee", env=KO).stdout.splitlines()[0]
    english = ok("search", "Cheong").stdout
    assert english.startswith("2 names match equally (prefix of given name 'Cheong-san');")
    assert _matched("Cheong", "Kim Jong-tae", {}) == "spelling variant of a prefix of given name 'Jong-tae'"
    assert _matched("ㅊㅅ", "Lee Cheong-san", {}) == "initials ㅊㅅ = 청산 (given name)"


def test_search_json_is_the_same_bytes_in_korean_as_in_english_and_as_before(tmp_path: Path) -> None:
    """The reasons in --json stay English, as they were before they were translated (the snapshot)."""
    want = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    got = documents(tmp_path / "data")
    for query in QUERIES:
        assert got[query] == want[query], query
    assert all(list(by) == ["*"] for q, by in got.items() if q not in ("Su", "청")), "episodes searched in Korean aside"
