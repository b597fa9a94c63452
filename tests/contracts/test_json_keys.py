"""The JSON contract: every command's top-level keys, pinned (docs/json.md, "JSON keys")."""

from __future__ import annotations

from pathlib import Path

import pytest

from aodcli.cli.registry import ABOUT, COMMANDS, Command
from aodcli.pack.model import EPISODE_JSON_KEYS, EPISODE_LISTING_JSON_KEYS

from ..support.helpers import ok

PROGRESS_KEYS = {"watched", "times_watched", "skipped", "score"}  # an episode's, for the profile
EPISODE_KEYS = {*EPISODE_LISTING_JSON_KEYS, *PROGRESS_KEYS}  # one episode of `aod episodes`
#: Runs the registry does not list first, with their keys.
MORE: list[tuple[list[str], set[str]]] = [
    (["undo", "--list"], {"batches"}),
    (["about", "--sources"], {*ABOUT, "sources", "texts"}),
]
PLUS = {"episode": set(EPISODE_JSON_KEYS)}  # keys the data pack declares (Command.plus)
CONTRACT = [(c, list(c.runs[0]), set(c.json) | PLUS.get(c.plus or "", set())) for c in COMMANDS if c.json] + [
    (None, args, keys) for args, keys in MORE
]


@pytest.mark.parametrize(("command", "args", "keys"), CONTRACT, ids=[" ".join(a) or "aod" for _, a, _ in CONTRACT])
def test_top_level_keys(command: Command | None, args: list[str], keys: set[str], tmp_path: Path) -> None:
    ok("watch", "1-2")
    ok("profile", "add", "pal")
    (tmp_path / "folder").mkdir()
    ok("export", "-o", str(tmp_path / "export.json"))
    for line in command.setup if command else ():
        ok(*line)
    places = {"{other}": "pal", "{export}": str(tmp_path / "export.json"), "{folder}": str(tmp_path / "folder")}
    run = ok(*[places.get(a, a) for a in args], "--json")
    assert set(run.json()) == keys


def test_the_dashboard_keys() -> None:
    ok("watch", "1-2")
    keys = {"show", "title", "profile", "watched", "total", "minutes_watched", "minutes_left", "next", "seasons"}
    assert set(ok("--json").json()) == keys


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


def test_the_json_guide_lists_every_command_s_keys() -> None:
    """docs/json.md has a row for every command that prints JSON, naming each of its top-level keys."""
    from ..support.helpers import REPO

    rows = [
        line
        for line in (REPO / "docs" / "json.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| `aod")
    ]
    same_as = {"character": "characters"}  # "as one entry of `aod characters`"
    for command in COMMANDS:
        if command.json is None:
            continue
        path = same_as.get(command.path, command.path)
        row = next((r for r in rows if f"`aod {path}`" in r.split("|")[1] or f"`{path}`" in r.split("|")[1]), None)
        assert row is not None, f"docs/json.md has no row for aod {command.path}"
        keys = command.json if path == command.path else set()
        missing = sorted(k for k in keys if f"`{k}`" not in row and f"`{k}[]`" not in row)
        assert not missing, f"docs/json.md's row for aod {command.path} lacks {missing}"
