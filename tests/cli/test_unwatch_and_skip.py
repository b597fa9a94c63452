"""`aod unwatch` and `aod skip`: taking back a watch mark, skipping episodes."""

from __future__ import annotations

from ..support.helpers import ok


def test_unwatch_and_skip_messages():
    assert "S01E04: not watched" in ok("unwatch", "4").stdout
    ok("watch", "4")
    assert "Marked S01E04 unwatched" in ok("unwatch", "4").stdout
    assert ok("skip", "4").stdout.startswith("Marked S01E04 skipped")
    assert "already watched or skipped" in ok("skip", "4").stdout
