"""The commands hide what lies past the horizon; --spoilers, before or after the command, shows it."""

from __future__ import annotations

import pytest

from ..support.helpers import ok


def test_spoilers_follow_the_horizon(pack):
    ok("watch", "1-3")
    chars = {c["name"]: c for c in ok("characters", "--json").json()["characters"]}
    gyeong = [e["episode"] for e in chars["Han Gyeong-su"]["events"]]
    assert "S01E03" in gyeong
    assert chars["Lee Cheong-san"]["events"] == []
    assert chars["Lee Cheong-san"]["later_events"] == {"hidden": True, "until": "S01E12"}
    later = [ev.text for ev in pack.events if ev.episode and pack.episode(ev.episode).position > 2]
    out = ok("characters", "--json").stdout + ok("characters").stdout + ok("episode", "4").stdout
    assert not any(text in out for text in later)
    assert pack.episode("s01e03").synopsis in ok("episode", "3").stdout
    assert "hidden until S01E04" in ok("episode", "4").stdout


def _spoiler_texts(pack):
    texts = [ev.text for ev in pack.events if ev.type != "first_appears"]
    texts += [ep.synopsis for ep in pack.episodes if ep.synopsis]
    return texts


@pytest.mark.parametrize(
    "args", [[], ["episodes"], ["characters"], ["cast"], ["about"], *[["episode", str(n)] for n in range(1, 13)]]
)
@pytest.mark.parametrize("json_flag", [False, True])
def test_no_fate_without_spoilers(pack, args, json_flag):
    out = ok(*args, *(["--json"] if json_flag else [])).stdout
    for text in _spoiler_texts(pack):
        assert text not in out
    for word in ("dies (", "turns (", "infected (", "presumed dead (", "half-zombie ("):
        assert word not in out


def test_spoilers_flag_shows_fates(pack):
    data = ok("characters", "--json", "--spoilers").json()
    shown = {ev["text"] for c in data["characters"] for ev in c["events"]}
    assert {ev.text for ev in pack.events if ev.type != "first_appears"} <= shown
    ep = ok("episode", "11", "--spoilers").stdout
    assert pack.episode("s01e11").synopsis in ep
    table = ok("characters", "--spoilers").stdout
    assert "(S01E11)" in table


def test_spoilers_before_the_command_too(pack):
    assert pack.episode("s01e03").synopsis in ok("--spoilers", "episode", "3").stdout
