"""Texts that are not tied to an episode tell only what episode 1 tells: the premise, help, empty-state hints
and the show's title object (whose sources can name a later episode's cast)."""

from __future__ import annotations

import json

from ..support.helpers import ok

LATER = ("fire hose", "quarantine", "cordon", "military", "half-zombie", "helicopter")


def test_the_premise_and_the_notes_hints_tell_nothing_past_episode_one() -> None:
    texts = [
        ok("about").stdout,
        ok("note", "--help").stdout,
        ok("notes").stdout,
        ok("about", "--json").json()["show"]["premise"],
    ]
    for text in texts:
        assert not [w for w in LATER if w in text.lower()], text


def test_the_title_object_lists_no_source_the_horizon_hides() -> None:
    hidden = "S74"  # the romanization's source: its address names season 2's cast (hidden until S01E12)
    assert hidden not in json.dumps(ok("about", "--json").json()["title"])
    assert hidden not in json.dumps(ok("--json").json()["title"])
    ok("watch", "1-12")
    assert hidden in json.dumps(ok("about", "--json").json()["title"])
