"""Search finds the show by any of its titles, its places and words (효산고, 절비 once its episode
is watched), Korean blurbs in Korean, and takes ``N화`` as an episode, never part of a name."""

from __future__ import annotations

from ..support.helpers import aod, ok

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
