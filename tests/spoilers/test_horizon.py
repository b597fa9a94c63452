"""The commands hide what lies past the horizon; --spoilers, before or after the command, shows it."""

from __future__ import annotations

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
