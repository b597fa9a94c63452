"""`aod` alone: the dashboard, with your progress and the next episode."""

from __future__ import annotations

import pytest

from ..support.helpers import ok
from ..support.terminal_support import lines as _lines
from ..support.terminal_support import needs_tmux


def test_dashboard_shows_progress_and_next():
    ok("watch", "1-2")
    data = ok("--json").json()
    assert data["watched"] == 2 and data["next"]["code"] == "S01E03"
    out = ok().stdout
    assert "2/12" in out and "Next up" in out and "S01E03" in out


@pytest.mark.heavy
@needs_tmux
def test_dashboard_on_screen(screen):
    out = screen.run()
    assert "All of Us Are Dead  지금 우리 학교는" in out
    assert "0/12 0%" in out
    assert "Next up" in out and "S01E01" in out
    assert all(len(line) <= screen.width for line in _lines(out))
