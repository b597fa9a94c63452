"""`aod fates`: who is infected, turns, dies or leaves, episode by episode, only as far as the
profile has watched (``--spoilers`` lifts it), for everyone or one character."""

from __future__ import annotations

from ..support.helpers import ok


def _fates(*args: str) -> list[tuple[str, str, str]]:
    return [(f["episode"], f["character"], f["type"]) for f in ok("fates", *args, "--json").json()["fates"]]


def test_fates_show_only_what_the_episodes_watched_show() -> None:
    assert _fates() == []
    assert ok("fates", "--json").json()["later"] == {"hidden": True, "until": "S01E12"}
    ok("watch", "1-3")
    seen = _fates()
    assert seen and all(code in ("S01E01", "S01E02", "S01E03") for code, _c, _t in seen)
    assert ("S01E03", "c-park-sun-hwa", "dies") in seen
    everything = _fates("--spoilers")
    assert len(everything) > len(seen) and any(code == "S01E12" for code, _c, _t in everything)


def test_fates_of_one_character_in_episode_order() -> None:
    ok("watch", "1-12")
    nam_ra = _fates("--character", "남라")
    assert nam_ra[:2] == [("S01E06", "c-choi-nam-ra", "infected"), ("S01E06", "c-choi-nam-ra", "half_zombie")]
    assert ok("fates", "--json").json()["later"] is None
    page = ok("fates", "-c", "Nam-ra").stdout
    assert "what happens to Choi Nam-ra" in page and "Lee Cheong-san" not in page


def test_fates_in_korean_name_hangul_first() -> None:
    ok("watch", "1-3")
    page = ok("fates", env={"AOD_LANG": "ko"}).stdout
    assert "박선화 (Park Sun-hwa)" in page and "사망" in page
