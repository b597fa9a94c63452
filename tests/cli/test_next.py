"""`aod next`: the next episode by the rule, and the "previously on" recap after a break."""

from __future__ import annotations

from ..support.helpers import ok


def test_next_rule_never_proposes_a_watched_episode():
    ok("watch", "1,2,4")
    assert ok("next", "--json").json()["next"]["code"] == "S01E05"
    ok("skip", "5")
    assert ok("next", "--json").json()["next"]["code"] == "S01E06"
    ok("watch", "6-12")
    assert ok("next", "--json").json()["next"]["code"] == "S01E03"  # the gap
    ok("watch", "next")
    nxt = ok("next", "--json").json()
    assert nxt["next"] is None
    assert "the 1 episode you have not seen is skipped (5)" in ok("next").stdout  # not "seen every episode"
