"""At 12/12, `aod next` and the dashboard say what is known about season 2 (its status, the date
the data was last checked, the newest news the horizon allows) instead of a dead end; a release
date in the pack gives a countdown."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from ..support.helpers import BUNDLED, ok, season_variant


def test_next_after_the_last_episode_tells_what_is_known_about_season_2() -> None:
    assert ok("next", "--json").json()["coming"] == []  # not before everything is seen
    ok("watch", "1-12")
    coming = ok("next", "--json").json()["coming"]
    timeline = json.loads((BUNDLED / "seasons.json").read_text(encoding="utf-8"))["seasons"][1]["timeline"]
    assert coming[0]["season"] == 2 and coming[0]["release_date"] is None
    assert coming[0]["checked"] == max(t["date"] for t in timeline if t.get("date"))
    assert coming[0]["news"] == [t["text"] for t in timeline[-2:]]
    page = ok("next").stdout
    assert "Season 2" in page and f"as last checked, {coming[0]['checked']}" in page and "no release date yet" in page
    assert "Season 2" in ok().stdout


def test_a_release_date_in_the_pack_gives_a_countdown(tmp_path: Path) -> None:
    out = (date.today() + timedelta(days=40)).isoformat()
    pack = season_variant(tmp_path / "pack", 2, release_date=out)
    ok("watch", "1-12", "--show", str(pack))
    coming = ok("next", "--json", "--show", str(pack)).json()["coming"][0]
    assert coming["days_to_release"] == 40
    assert f"out {out}, in 40 days" in ok("next", "--show", str(pack)).stdout
