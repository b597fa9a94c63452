"""`aod unwatch` and `aod skip`: taking back a watch mark, skipping episodes."""

from __future__ import annotations

import pytest

from ..support.helpers import fails, ok


def test_unwatch_and_skip_messages():
    assert "S01E04: not watched" in ok("unwatch", "4").stdout
    ok("watch", "4")
    assert "Marked S01E04 unwatched" in ok("unwatch", "4").stdout
    assert ok("skip", "4").stdout.startswith("Marked S01E04 skipped")
    assert "already watched or skipped" in ok("skip", "4").stdout


def test_skipping_everything_is_not_being_caught_up() -> None:
    out = ok("skip", "all").stdout
    assert "caught up" not in out and "0/12 watched" in out
    assert "the 12 episodes you have not seen are skipped (1-12)" in out
    assert "seen every episode" not in ok("next").stdout
    assert "skipped" in ok().stdout
    ok("watch", "1-12")
    assert "You have seen every episode" in ok("next").stdout


@pytest.mark.parametrize("verb", ["unwatch", "skip"])
def test_a_command_without_a_spec_names_its_own_example(verb: str) -> None:
    err = fails(2, verb).stderr
    assert f"e.g. 'aod {verb} 3' or 'aod {verb} 1-4'" in err and "aod watch" not in err
