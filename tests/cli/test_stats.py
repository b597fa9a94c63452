"""`aod stats`: time watched, the binge timeline, the score chart, streaks, and never a word of the story."""

from __future__ import annotations

from ..support.helpers import ok


def test_stats_chart_and_streak(frozen):
    frozen("2026-11-12T23:00:00")
    ok("watch", "1-3", "--at", "2026-11-10T12:00:00Z")
    ok("watch", "4", "--at", "2026-11-11T12:00:00Z")
    ok("watch", "5-6", "--at", "2026-11-12T12:00:00Z")
    ok("watch", "1", "--rewatch", "--at", "2026-11-12T13:00:00Z")
    ok("rate", "1", "9")
    ok("rate", "4", "6")
    data = ok("stats", "--json").json()
    assert data["episodes_watched"] == 6
    assert data["minutes_watched"] == 66 + 70 + 62 + 71 + 56 + 66
    assert data["minutes_with_rewatches"] == data["minutes_watched"] + 66
    assert [d["episodes"] for d in data["days"]] == [3, 1, 3]
    assert data["longest_streak_days"] == 3
    assert data["average_score"] == 7.5
    out = ok("stats").stdout
    assert "Binge timeline" in out and "###" in out
    assert "Your scores (average 7.5)" in out
    assert "S01E01  " in out


def test_stats_never_mentions_the_story(pack):
    ok("watch", "1-12")
    out = ok("stats").stdout + ok("stats", "--json").stdout
    assert not any(ev.text in out for ev in pack.events)
    assert not any(c.name in out for c in pack.characters.values())
