"""The spoiler leaks found on the real pack, each pinned (the canary test proves the rule in general)."""

from __future__ import annotations

import re

import pytest

from aodcli.pack import load_pack

from ..support.helpers import BUNDLED, fails, ok

# Words that, in a source's title or address, tell how the story goes.
TELLING = re.compile(
    r"die|dead|death|alive|surviv|halfbie|hambie|immun|childbirth|ending|pregnan|kill|what-happened",
    re.IGNORECASE,
)
SHOW_NAME = re.compile(r"all[-_ ]?(of[-_ ]?)?us[-_ ]?(are[-_ ]?)?dead|(are|cast|us)[-_ ]dead", re.IGNORECASE)
RETURNING = ("c-nam-on-jo", "c-choi-nam-ra", "c-lee-su-hyeok")  # season 1 characters credited in season 2


@pytest.fixture(scope="module")
def pack():  # type: ignore[no-untyped-def]
    return load_pack(str(BUNDLED))


def _tells(text: str) -> bool:
    return bool(TELLING.search(SHOW_NAME.sub("", text)))


def test_about_sources_at_zero_progress_tells_nothing(pack) -> None:  # type: ignore[no-untyped-def]
    out = ok("about", "--sources").stdout
    table = out[out.index("Sources") :]
    assert "hidden until S01E" in table
    for url in ("does-na-yeon-die", "is-cheong-san-dead", "may-actually-still-be-alive", "halfbie", "immune"):
        assert url not in out
    assert not [line for line in table.splitlines() if _tells(line) and "hidden until" not in line]
    data = ok("about", "--sources", "--json").json()
    shown = {k: v for k, v in data["sources"].items() if not v.get("hidden")}
    assert not [v for v in shown.values() if _tells(f"{v['title']} {v['url']}")]
    # every source of the pack is listed: which records cite one is itself tied to episodes
    assert set(data["sources"]) == set(pack.sources)


def test_about_sources_show_everything_once_the_season_is_watched(pack) -> None:  # type: ignore[no-untyped-def]
    ok("watch", "1-12")
    data = ok("about", "--sources", "--json").json()
    assert not [k for k, v in data["sources"].items() if v.get("hidden")]
    assert "does-na-yeon-die" in ok("about", "--sources").stdout


def test_a_source_is_hidden_until_the_episode_it_gives_away(pack) -> None:  # type: ignore[no-untyped-def]
    gated = {k: v["reveals"] for k, v in pack.sources.items() if v.get("reveals")}
    assert gated, "the pack ties its telling sources to episodes"
    key, reveals = next(iter(sorted(gated.items())))
    n = pack.episode(reveals).position + 1
    if n > 1:
        ok("watch", f"1-{n - 1}")
        assert ok("about", "--sources", "--json").json()["sources"][key]["hidden"] is True
    ok("watch", str(n))
    assert "title" in ok("about", "--sources", "--json").json()["sources"][key]


def test_who_returns_in_season_two_waits_for_the_end_of_season_one() -> None:
    cast = ok("cast", "--json").json()
    assert all(row["seasons"] == [1] for row in cast["cast"] if row["character_id"] in RETURNING)
    assert cast["later_seasons"] == {"hidden": True, "until": "S01E12"}
    assert "\t2" not in "\n".join(
        line for line in ok("cast").stdout.splitlines() if line.split("\t")[2:3] in (["Nam On-jo"], ["Choi Nam-ra"])
    )
    nam_ra = ok("character", "Nam-ra", "--json").json()
    assert nam_ra["seasons"] == [1] and nam_ra["later_seasons"] == {"hidden": True, "until": "S01E12"}
    assert "Seasons:      1 (later seasons hidden until S01E12)" in ok("character", "Nam-ra").stdout
    person = ok("person", "Cho Yi-hyun", "--json").json()
    assert [c["season"] for c in person["credits"]] == [1]
    # every season-1 character carries the same marker, returning or not
    chars = ok("characters", "--json").json()["characters"]
    assert {str(c["later_seasons"]) for c in chars if 1 in c["seasons"]} == {str(nam_ra["later_seasons"])}
    # new season-2 characters played by new actors are no spoiler
    assert any(row["seasons"] == [2] for row in cast["cast"])

    ok("watch", "1-12")
    assert ok("character", "Nam-ra", "--json").json()["seasons"] == [1, 2]
    assert [c["season"] for c in ok("person", "Cho Yi-hyun", "--json").json()["credits"]] == [1, 2]
    assert ok("cast", "--json").json()["later_seasons"] is None


def test_cheong_san_is_a_season_one_character_and_his_actors_return_is_undisclosed(pack) -> None:  # type: ignore[no-untyped-def]
    assert pack.characters["c-lee-cheong-san"].seasons == (1,)
    assert "season 2" not in (pack.characters["c-lee-cheong-san"].notes or "")
    s2 = [c for c in pack.roles_of("p-yoon-chan-young") if c.season == 2]
    assert [(c.character, c.job) for c in s2] == [(None, "actor")]
    assert "season 2" not in ok("character", "Cheong-san").stdout
    ok("watch", "1-12")
    assert "role undisclosed" in ok("person", "Yoon Chan-young").stdout


@pytest.mark.parametrize("word", ["half-zombie", "quarantine", "kiss", "broadcasting"])
def test_search_past_the_horizon_answers_as_for_a_word_found_nowhere(word: str) -> None:
    found = fails(1, "search", word)
    nowhere = fails(1, "search", "xqzjv")

    def shape(stderr: str, query: str) -> str:  # the closest name suggested depends on the spelling only
        return re.sub(r"; did you mean [^?]*\?", "", stderr.replace(repr(query), "Q"))

    assert shape(found.stderr, word) == shape(nowhere.stderr, "xqzjv")
    assert "not watched yet" not in found.stderr
    assert found.stderr.rstrip().endswith("(episodes past your horizon are not searched; --spoilers searches all)")
    assert "hidden_episode_matches" not in ok("search", "lee", "--json").stdout


def test_watching_together_marks_the_groups_next_and_undoes_as_one() -> None:
    ok("profile", "add", "jun")
    ok("watch", "1-5")
    ok("watch", "1-2", "--profile", "jun")
    assert ok("next", "--with", "jun", "--json").json()["next"]["code"] == "S01E03"
    run = ok("watch", "next", "--with", "jun", "--json").json()
    assert run["with"] == {"jun": ["S01E03"]} and run["changed"] == []
    assert ok("progress", "--profile", "jun", "--json").json()["watched"] == 3
    # nobody is moved past an episode they have not seen without saying so
    before = ok("history", "--profile", "jun", "--json").json()
    refused = fails(2, "watch", "6", "--with", "jun")
    assert "jun has not seen S01E04, S01E05 before S01E06" in refused.stderr
    assert ok("history", "--profile", "jun", "--json").json() == before
    jumped = ok("watch", "6", "--with", "jun", "--jump")
    assert "Warning: jun had not seen S01E04, S01E05" in jumped.stderr
    # one undo takes the whole command back, for everyone it touched
    undone = ok("undo", "--json").json()
    assert [e["episode"] for e in undone["undone"]] == ["s01e06"]
    assert [e["episode"] for e in undone["with"]["jun"]] == ["s01e06"]
    assert ok("progress", "--profile", "jun", "--json").json()["watched"] == 3
    assert ok("progress", "--json").json()["watched"] == 5
    assert "--jump" in fails(2, "watch", "6", "--jump").stderr  # --jump alone means nothing


def test_event_texts_tell_only_their_own_episode(pack) -> None:  # type: ignore[no-untyped-def]
    events = {ev.id: ev for ev in pack.events}
    assert "9" not in events["ev-min-eun-ji-half-zombie"].text
    assert not re.search(r"father|his own|Byeong-chan'?s (virus|creation)", events["ev-lee-jin-su-turns"].text)
    hee_su = next(c for c in pack.characters.values() if c.name.endswith("Hee-su"))
    assert not re.search(r"pregnan|baby|child", hee_su.description, re.IGNORECASE)
    byeong_chan = [ev for ev in pack.events_of("c-lee-byeong-chan") if ev.episode == "s01e04"]
    assert byeong_chan and not [ev for ev in byeong_chan if re.search(r"\bends?\b|last", ev.text)]


def test_every_character_an_episode_lists_has_a_first_appearance(pack) -> None:  # type: ignore[no-untyped-def]
    chars = ok("characters", "--json", "--spoilers").json()["characters"]
    listed = {c for ep in pack.episodes for c in ep.characters}
    missing = [c["id"] for c in chars if c["id"] in listed and c["first_appears"] is None]
    assert not missing
    assert next(c for c in chars if c["id"] == "c-yang-dae-su")["first_appears"] == "S01E01"
    assert next(c for c in chars if c["id"] == "c-nam-so-ju")["first_appears"] == "S01E01"


def test_watching_a_range_together_is_not_passing_over_its_own_episodes() -> None:
    ok("profile", "add", "jun")
    ok("watch", "1-2", "--profile", "jun")
    ok("watch", "1-2")
    run = ok("watch", "3-5", "--with", "jun")
    assert run.stderr == "" and "Also for jun: S01E03, S01E04, S01E05 watched" in run.stdout
    assert "has not seen S01E06 before S01E07" in fails(2, "watch", "7-8", "--with", "jun").stderr
