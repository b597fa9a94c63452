"""`aod` alone: the dashboard, with your progress and the next episode."""

from __future__ import annotations

from ..support.helpers import ok


def test_dashboard_shows_progress_and_next():
    ok("watch", "1-2")
    data = ok("--json").json()
    assert data["watched"] == 2 and data["next"]["code"] == "S01E03"
    out = ok().stdout
    assert "2/12" in out and "Next up" in out and "S01E03" in out
