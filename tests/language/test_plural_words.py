"""Counts of one read in the singular: "1 viewing", not "1 viewings" (the catalog's ngettext).

Right after a first watch, ``aod stats`` used to say "(1 viewings)" and "1 episodes on …".
"""

from __future__ import annotations

from ..support.helpers import ok

EN = {"AOD_LANG": "en"}


def test_stats_after_a_first_watch_counts_in_the_singular() -> None:
    ok("watch", "1", env=EN)
    out = ok("stats", env=EN).stdout
    assert "(1 viewing)" in out, out
    assert "1 episode on " in out, out
    assert "1 day in a row" in out, out
    assert "1 ep, 1 h 06 min" in out, out
    assert "1 viewings" not in out and "1 episodes" not in out, out


def test_stats_counts_several_in_the_plural() -> None:
    ok("watch", "1-2", env=EN)
    ok("watch", "1", "--rewatch", env=EN)
    out = ok("stats", env=EN).stdout
    assert "(3 viewings)" in out, out
    assert "3 episodes on " in out, out


def test_other_pages_count_one_in_the_singular() -> None:
    ok("watch", "1", env=EN)
    assert "1 episode, 1 h 06 min" in ok("episodes", "--watched", env=EN).stdout
    assert "1 event," in ok("history", env=EN).stdout
    ok("note", "1", "again with subtitles", env=EN)
    assert "profile default, 1 note" in ok("notes", env=EN).stdout
    first = ok("store", "check", env=EN).stdout.splitlines()[0]
    assert first.endswith(", 1 profile, 2 events, 2 good backups"), first
