"""The JSON contract: every command's top-level keys, pinned (docs/json.md, "JSON keys")."""

from __future__ import annotations

import pytest

from .helpers import ok

EPISODE_KEYS = {
    "id",
    "code",
    "season",
    "number",
    "title",
    "release_date",
    "runtime",
    "blurb",
    "synopsis",
    "watched",
    "times_watched",
    "skipped",
    "score",
}
CHANGE = {"profile", "changed", "unchanged", "events", "with", "watched", "total", "next"}
CONTRACT: list[tuple[list[str], set[str]]] = [
    ([], {"show", "title", "profile", "watched", "total", "minutes_watched", "minutes_left", "next", "seasons"}),
    (["episodes"], {"show", "season", "filter", "episodes"}),
    (
        ["episode", "2"],
        EPISODE_KEYS
        | {"directors", "writers", "characters", "events", "runtime_sources", "sources", "notes", "history"},
    ),
    (["watch", "3"], CHANGE),
    (["unwatch", "3"], CHANGE),
    (["skip", "9"], CHANGE),
    (["undo"], {"profile", "summary", "undone", "with", "restored_profile", "watched", "next"}),
    (["undo", "--list"], {"batches"}),
    (["next"], {"profile", "group", "next", "days_since_last_watch", "recap", "rule"}),
    (
        ["progress"],
        {
            "show",
            "profile",
            "watched",
            "total",
            "percent",
            "minutes_watched",
            "minutes_rewatched",
            "minutes_left",
            "skipped",
            "seasons",
            "next",
        },
    ),
    (
        ["stats"],
        {
            "show",
            "profile",
            "episodes_watched",
            "total",
            "minutes_watched",
            "minutes_with_rewatches",
            "viewings",
            "minutes_left",
            "days",
            "longest_streak_days",
            "scores",
            "average_score",
            "viewings_time_unknown",
        },
    ),
    (["history"], {"show", "profile", "events"}),
    (["notes"], {"show", "profile", "notes"}),
    (["rate", "1", "7"], {"profile", "episode", "score", "events"}),
    (["note", "1", "hi"], {"profile", "episode", "events"}),
    (["search", "lee"], {"query", "total_results", "results", "episodes", "unsearched", "suggestion"}),
    (["person", "Lomon"], {"id", "name", "hangul", "aliases", "jobs", "credits", "later_seasons", "notes", "sources"}),
    (
        ["character", "On-jo"],
        {
            "id",
            "name",
            "hangul",
            "aliases",
            "group",
            "billing",
            "seasons",
            "later_seasons",
            "description",
            "played_by",
            "first_appears",
            "events",
            "later_events",
            "notes",
            "sources",
        },
    ),
    (["about"], {"id", "title", "show", "directors", "writers", "creators", "webtoon", "seasons"}),
    (
        ["about", "--sources"],
        {"id", "title", "show", "directors", "writers", "creators", "webtoon", "seasons", "sources"},
    ),
    (["cast"], {"show", "cast", "actor_unknown", "later_seasons"}),
    (["characters"], {"show", "spoilers", "characters"}),
    (["profile", "list"], {"active", "profiles"}),
]


@pytest.mark.parametrize(("args", "keys"), CONTRACT, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_top_level_keys(args, keys):
    ok("watch", "1-2")
    assert set(ok(*args, "--json").json()) == keys


def test_redo_keys_mirror_undo():
    ok("watch", "1-2")
    ok("undo")
    keys = {"profile", "summary", "redone", "with", "restored_profile", "watched", "next"}
    assert set(ok("redo", "--json").json()) == keys


def test_nested_keys():
    ok("watch", "1")
    assert set(ok("episodes", "--json").json()["episodes"][0]) == EPISODE_KEYS
    result = ok("search", "Soo-hyuk", "--json").json()["results"][0]
    assert set(result) == {
        "rank",
        "id",
        "kind",
        "name",
        "hangul",
        "link",
        "score",
        "tier",
        "matched_form",
        "reason",
        "appears_later",
    }
    cast = ok("cast", "--json").json()["cast"][0]
    assert set(cast) == {
        "person_id",
        "actor",
        "actor_hangul",
        "character_id",
        "character",
        "character_hangul",
        "billing",
        "seasons",
        "disputed",
        "notes",
    }
    prof = ok("progress", "--json").json()["seasons"][0]
    assert set(prof) == {"season", "watched", "total", "percent", "minutes_watched", "minutes_left"}


def test_hidden_values_have_one_shape():
    ep = ok("episode", "5", "--json").json()
    assert ep["synopsis"] == {"hidden": True, "until": "S01E05"}
    assert ep["characters"] == {"hidden": True, "until": "S01E05"}


def test_sync_keys(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    ok("watch", "1")
    synced = ok("sync", str(folder), "--json").json()
    assert set(synced) == {"folder", "device", "dry_run", "in", "out", "active_profile_now", "devices", "unread_files"}
    assert set(synced["in"]) == {"events", "by_profile", "profiles_added", "profiles_removed"}
    assert set(synced["out"]) == {"events", "profile_changes"}
    assert set(synced["devices"][0]) == {
        "file",
        "device",
        "name",
        "written",
        "events",
        "this_device",
        "state",
        "problem",
        "copy_of",
        "brought_back",
    }
    status = ok("sync", "--status", "--json").json()
    assert set(status) == {"folder", "device", "last_sync", "last_folder", "devices", "unread_files"}
