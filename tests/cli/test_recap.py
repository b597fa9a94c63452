"""`aod recap`: the story so far, told through the furthest episode watched (never later), with who
has been lost, turned, gone missing or bitten; `--season N` and `--through SPEC` stop earlier,
`--spoilers` tells it to the end."""

from __future__ import annotations

import re

from ..support.helpers import BUNDLED, copy_pack, edit_json, fails, ok


def _names(data: dict, group: str) -> list[str]:
    return [row["character"] for row in data["standing"][group]]


def test_nothing_watched_says_so_kindly_and_succeeds() -> None:
    run = ok("recap")
    assert "You have not watched anything yet, so there is no story so far." in run.stdout
    assert "aod watch 1" in run.stdout and run.stderr == ""
    data = ok("recap", "--json").json()
    assert data["recap"] is None and data["through"] is None
    assert data["standing"] == {"lost": [], "turned": [], "missing": [], "bitten": [], "alive": []}
    assert data["later"] == {"hidden": True, "until": "S01E12"}


def test_the_story_is_told_through_the_furthest_episode_watched(pack) -> None:
    ok("watch", "1-5")
    out = ok("recap").stdout
    recaps = {r.episode: r for r in pack.seasons[0].recaps}
    assert out.startswith("All of Us Are Dead — the story so far\nthrough S01E05\n")
    assert "\n\n".join(recaps["s01e05"].paragraphs) in out  # a blank line between paragraphs
    assert not any(p in out for p in recaps["s01e06"].paragraphs + recaps["s01e12"].paragraphs)
    assert "Lost:   Park Sun-hwa (S01E03)" in out
    assert "Yoon Gwi-nam (half-zombie, S01E05)" in out and "presumed dead" not in out
    assert "Anything later: hidden until S01E12" in out and "\x1b[" not in out
    data = ok("recap", "--json").json()
    assert data["through"] == "S01E05" and data["season"] is None and data["spoilers"] == "hidden"
    assert data["recap"]["id"] == "recap-s01e05" and data["recap"]["episode"] == "S01E05"
    assert data["recap"]["paragraphs"] == list(recaps["s01e05"].paragraphs)
    assert "c-han-gyeong-su" in _names(data, "turned") and "c-lee-cheong-san" not in str(data)
    assert data["standing"]["missing"] == [] and data["standing"]["alive"] == []


def test_each_character_stands_where_their_latest_fate_puts_them() -> None:
    ok("watch", "1-3")
    data = ok("recap", "--json").json()
    assert "c-han-gyeong-su" in _names(data, "bitten")  # scratched in 3, turns in 4
    assert _names(data, "lost") == ["c-park-sun-hwa"]
    gyeong_su = next(r for r in data["standing"]["bitten"] if r["character"] == "c-han-gyeong-su")
    assert gyeong_su["type"] == "infected" and gyeong_su["episode"] == "S01E03" and "sources" in gyeong_su
    ok("watch", "4-12")
    data = ok("recap", "--json").json()
    assert "c-han-gyeong-su" in _names(data, "turned")
    assert {"c-lee-cheong-san", "c-yoon-gwi-nam"} <= set(_names(data, "missing"))
    assert "c-nam-on-jo" in _names(data, "alive") and "c-choi-nam-ra" in _names(data, "alive")
    assert data["later"] is None and data["recap"]["episode"] == "S01E12"
    assert "Anything later" not in ok("recap").stdout


def test_spoilers_tell_the_story_to_the_end() -> None:
    data = ok("recap", "--spoilers", "--json").json()
    assert data["spoilers"] == "shown" and data["recap"]["episode"] == "S01E12" and data["through"] == "S01E12"
    assert "c-lee-cheong-san" in _names(data, "missing")
    assert "Season 1 ends four months on." in ok("recap", "--spoilers").stdout


def test_season_tells_the_story_up_to_its_end_or_as_far_as_watched() -> None:
    ok("watch", "1-4")
    assert ok("recap", "--season", "1", "--json").json()["recap"]["episode"] == "S01E04"
    assert ok("recap", "--season", "1", "--spoilers", "--json").json()["recap"]["episode"] == "S01E12"
    out = ok("recap", "--season", "2").stdout
    assert "Season 2 has no episodes yet." in out
    data = ok("recap", "--season", "2", "--json").json()
    assert data["season"] == 2 and data["recap"] is None and data["through"] is None
    assert "there is no season 3 (seasons: 1, 2)" in fails(2, "recap", "--season", "3").stderr


def test_through_stops_earlier_never_later(pack) -> None:
    ok("watch", "1-5")
    data = ok("recap", "--through", "3", "--json").json()
    assert data["recap"]["episode"] == "S01E03" and data["through"] == "S01E03"
    assert "c-han-gyeong-su" in _names(data, "bitten")  # his turn (episode 4) is after the story
    out = ok("recap", "--through", "s1e8").stdout
    assert "You have watched up to S01E05: the story stops there." in out
    assert "through S01E05" in out and pack.seasons[0].recaps[7].paragraphs[0] not in out
    assert ok("recap", "--through", "8", "--json").json()["recap"]["episode"] == "S01E05"
    assert "give --season or --through, not both" in fails(2, "recap", "--season", "1", "--through", "2").stderr
    fails(2, "recap", "--through", "13")


def test_the_bundled_pack_tells_every_episode_in_english_and_korean(pack) -> None:
    for n in range(1, 13):
        english = ok("recap", "--through", str(n), "--spoilers", "--json").json()["recap"]
        korean = ok("recap", "--through", str(n), "--spoilers", "--json", env={"AOD_LANG": "ko"}).json()["recap"]
        assert english["episode"] == korean["episode"] == f"S01E{n:02d}"
        assert len(english["paragraphs"]) == len(korean["paragraphs"]) >= 2
        assert all(re.search("[가-힣]{2}", p) for p in korean["paragraphs"]), f"episode {n} is not in Korean"
        assert not any(p in english["paragraphs"] for p in korean["paragraphs"])


def test_in_korean() -> None:
    ok("watch", "1-3")
    out = ok("recap", env={"AOD_LANG": "ko"}).stdout
    assert out.startswith("지금 우리 학교는 — 지금까지의 이야기\nS01E03까지\n")
    assert "박 선생님은 나연을 구하고 목숨을 잃었다." in out and "사망:" in out and "박선화 (S01E03)" in out
    assert "You have" not in out and "Lost" not in out


def test_a_pack_whose_recaps_lag_tells_the_latest_it_has(tmp_path) -> None:
    show = copy_pack(BUNDLED, tmp_path / "pack")
    edit_json(show / "seasons.json", lambda doc: doc["seasons"][0].update(recaps=doc["seasons"][0]["recaps"][:3]))
    ok("watch", "1-5", "--show", str(show))
    data = ok("recap", "--json", "--show", str(show)).json()
    assert data["recap"]["episode"] == "S01E03" and data["through"] == "S01E05"
    assert "c-yoon-gwi-nam" in _names(data, "turned")  # the fates run to the horizon
    edit_json(show / "seasons.json", lambda doc: doc["seasons"][0].pop("recaps"))
    out = ok("recap", "--show", str(show)).stdout
    assert "The data pack has no recap up to S01E05 yet." in out and "Yoon Gwi-nam" in out


def test_at_80_columns_in_colour_nothing_runs_past_the_edge() -> None:
    ok("watch", "1-6")
    out = ok("recap", env={"COLUMNS": "80", "FORCE_COLOR": "1"}).stdout
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "\x1b[" in out and max(len(line.rstrip()) for line in plain.splitlines()) <= 80
    assert "the story so far" in plain and "Turned" in plain
