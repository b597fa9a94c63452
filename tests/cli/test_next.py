"""`aod next`: the next episode by the rule, and the "previously on" recap after a break."""

from __future__ import annotations

from datetime import date, timedelta

from ..support.helpers import BUNDLED, copy_pack, edit_json, ok


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


def test_previously_on_after_a_break(frozen, pack):
    frozen("2026-11-01T21:00:00")
    ok("watch", "1-4")
    frozen("2026-11-02T21:00:00")
    assert ok("next", "--json").json()["recap"] is None  # a day later: no recap
    frozen("2026-11-09T21:00:00")
    data = ok("next", "--json").json()
    story = data["recap"]["story"]
    assert story["episode"] == "S01E04" and story["id"] == "recap-s01e04" and data["recap"]["episodes"] == []
    assert data["days_since_last_watch"] == 8
    out = ok("next").stdout
    assert out.startswith("Previously on All of Us Are Dead")
    told = next(r for r in pack.seasons[0].recaps if r.episode == "s01e04")
    assert all(paragraph in out for paragraph in told.paragraphs)
    assert pack.seasons[0].recaps[4].paragraphs[0] not in out  # the story through episode 5
    assert pack.episode("s01e05").synopsis not in out
    assert "Next: S01E05" in out


def test_recap_keys_on_the_latest_viewing_not_the_latest_logging() -> None:
    ok("watch", "3")
    week_ago = (date.today() - timedelta(days=8)).isoformat()
    ok("watch", "1-2", "--at", week_ago)  # back-filled after watching 3 today
    data = ok("next", "--json").json()
    assert data["days_since_last_watch"] == 0 and data["recap"] is None
    assert "Previously on" not in ok("next").stdout


def test_recap_after_a_real_break() -> None:
    ok("watch", "1-2", "--at", (date.today() - timedelta(days=5)).isoformat())
    data = ok("next", "--json").json()
    assert data["days_since_last_watch"] == 5 and data["recap"]["story"]["episode"] == "S01E02"


def test_previously_on_a_pack_without_recaps_tells_the_last_two_episodes(tmp_path, pack) -> None:
    show = copy_pack(BUNDLED, tmp_path / "pack")
    edit_json(show / "seasons.json", lambda doc: doc["seasons"][0].pop("recaps"))
    ok("watch", "1-4", "--at", (date.today() - timedelta(days=5)).isoformat(), "--show", str(show))
    data = ok("next", "--json", "--show", str(show)).json()
    assert data["recap"]["story"] is None
    assert [e["code"] for e in data["recap"]["episodes"]] == ["S01E03", "S01E04"]
    out = ok("next", "--show", str(show)).stdout
    assert out.startswith("Previously on") and pack.episode("s01e04").synopsis in out


def test_previously_on_adds_the_episodes_a_lagging_recap_does_not_tell(tmp_path, pack) -> None:
    show = copy_pack(BUNDLED, tmp_path / "pack")
    edit_json(show / "seasons.json", lambda doc: doc["seasons"][0].update(recaps=doc["seasons"][0]["recaps"][:3]))
    ok("watch", "1-5", "--at", (date.today() - timedelta(days=5)).isoformat(), "--show", str(show))
    data = ok("next", "--json", "--show", str(show)).json()
    assert data["recap"]["story"]["episode"] == "S01E03"
    assert [e["code"] for e in data["recap"]["episodes"]] == ["S01E04", "S01E05"]
