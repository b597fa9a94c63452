"""aod undo and aod redo take back exactly one command, by its batch id, never by clock or file diff."""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from aodcli.store import clock as store_clock

from ..support.helpers import aod, fails, ok
from ..support.store_helpers import FIXTURES


def _store() -> dict[str, Any]:
    return json.loads((Path(os.environ["AOD_DATA_DIR"]) / "store.json").read_text(encoding="utf-8"))


def _state() -> dict[str, Any]:
    """What a user sees of every profile: who exists, who is active, and each one's episodes table."""
    profiles = ok("profile", "list", "--json").json()
    seen = {}
    for row in profiles["profiles"]:
        episodes = ok("episodes", "--profile", row["name"], "--json").json()["episodes"]
        notes = ok("notes", "--profile", row["name"], "--json").json()["notes"]
        seen[row["name"]] = (
            [(e["code"], e["watched"], e["times_watched"], e["skipped"], e["score"]) for e in episodes],
            [n["text"] for n in notes],
        )
    return {"active": profiles["active"], "profiles": seen}


def _export(profile: str = "default") -> str:
    return ok("export", "--profile", profile).stdout


# --------------------------------------------------------------------------- every kind of writing command

SETUP = [["watch", "1-2"], ["rate", "2", "7"], ["note", "2", "first"], ["profile", "add", "mina"]]
COMMANDS: list[list[str]] = [
    ["watch", "3"],
    ["watch", "1", "--rewatch"],
    ["watch", "3", "--with", "mina", "--jump"],
    ["unwatch", "2"],
    ["skip", "5"],
    ["rate", "1", "9"],
    ["rate", "2", "--clear"],
    ["note", "1", "nice"],
    ["note", "2", "--edit", "second"],
    ["note", "2", "--delete"],
    ["profile", "add", "bob"],
    ["profile", "use", "mina"],
    ["profile", "remove", "mina", "--yes"],
    ["import", "{export}", "--profile", "mina"],
]


@pytest.mark.parametrize("profile", [None, "mina"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_undo_takes_back_exactly_the_last_command_and_redo_puts_it_back(
    command: list[str], profile: str | None, tmp_path: Path
) -> None:
    for line in SETUP:
        ok(*line)
    export = tmp_path / "default.json"
    export.write_text(_export(), encoding="utf-8")
    argv = [str(export) if a == "{export}" else a for a in command]
    if profile is not None and argv[0] not in ("profile", "import") and "--with" not in argv:
        argv += ["--profile", profile]
        if argv[0] in ("unwatch", "rate", "note") and argv[1] in ("2",) and "--clear" not in argv:
            ok("watch", "2", "--profile", profile)
            ok("rate", "2", "7", "--profile", profile)
            ok("note", "2", "first", "--profile", profile)
        if "--clear" in argv or "--edit" in argv or "--delete" in argv:
            ok("rate", "2", "7", "--profile", profile)
            ok("note", "2", "first", "--profile", profile)
    before = _state()
    ok(*argv)
    after = _state()
    assert after != before, f"{argv} changed nothing to undo"
    undo = ["undo"] + (["--profile", profile] if profile and argv[0] != "profile" else [])
    out = ok(*undo).stdout
    assert out.startswith("Undid: ") and out.count("\n") == 2, out
    assert _state() == before
    ok("redo", *undo[1:])
    assert _state() == after
    ok(*undo)
    assert _state() == before


def test_undo_on_a_store_from_before_batches_takes_back_only_what_this_version_wrote() -> None:
    path = Path(os.environ["AOD_DATA_DIR"]) / "store.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "store-v2.json", path)
    before = _state()
    ok("watch", "12", "--profile", next(iter(before["profiles"])))
    ok("undo")
    assert _state() == before
    # with nothing of this device's own in its journal, an old store has nothing to undo
    assert "nothing to undo" in fails(1, "undo").stderr


# --------------------------------------------------------------------------- the measured failures, pinned


def test_undo_of_an_import_into_a_fresh_folder_takes_back_all_of_it(tmp_path: Path) -> None:
    ok("watch", "1-12")
    export = tmp_path / "all.json"
    export.write_text(_export(), encoding="utf-8")
    shutil.rmtree(os.environ["AOD_DATA_DIR"])  # a fresh folder: no store, no .bak
    ok("import", str(export))
    assert ok("progress", "--json").json()["watched"] == 12
    out = ok("undo").stdout
    assert out.startswith("Undid: the import of 12 viewings\n")
    assert ok("progress", "--json").json()["watched"] == 0


def test_undo_of_a_group_watch_that_changed_only_the_other_profile_takes_back_only_that() -> None:
    ok("watch", "1")
    ok("note", "1", "my own older note")
    ok("profile", "add", "mina")
    ok("watch", "1", "--with", "mina")  # already mine: only mina changes
    out = ok("undo").stdout
    assert out.startswith("Undid: watched S01E01 (for mina)")
    assert [n["text"] for n in ok("notes", "--json").json()["notes"]] == ["my own older note"]
    assert ok("progress", "--profile", "mina", "--json").json()["watched"] == 0
    assert ok("progress", "--json").json()["watched"] == 1


def test_a_command_that_wrote_nothing_makes_no_batch_and_undo_says_what_it_takes_back() -> None:
    ok("watch", "1")
    ok("rate", "1", "8")
    ok("watch", "1")  # already watched: nothing written
    ok("profile", "use", "default")  # already active: nothing written
    assert [b["command"] for b in ok("undo", "--list", "--json").json()["batches"]] == ["rate", "watch"]
    assert ok("undo").stdout.startswith("Undid: rated S01E01\n")
    assert ok("progress", "--json").json()["watched"] == 1


def test_undo_after_profile_add_and_use_takes_those_back_not_an_older_change() -> None:
    ok("watch", "1")
    ok("profile", "add", "mina")
    ok("profile", "use", "mina")
    assert ok("undo").stdout.startswith("Undid: switching to profile mina\n")
    assert ok("profile", "list", "--json").json()["active"] == "default"
    assert ok("undo").stdout.startswith("Undid: adding profile mina\n")
    assert [p["name"] for p in ok("profile", "list", "--json").json()["profiles"]] == ["default"]
    assert ok("progress", "--json").json()["watched"] == 1


def test_two_commands_recorded_at_the_same_instant_are_undone_one_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    frozen = datetime(2026, 12, 1, 21, 0, tzinfo=timezone.utc)
    monkeypatch.setattr(store_clock, "clock", lambda: frozen)  # every command recorded at one time
    ok("watch", "1")
    ok("watch", "2")
    ok("undo")
    assert [e["watched"] for e in ok("episodes", "--json").json()["episodes"][:3]] == [True, False, False]


def test_undo_of_a_large_import_costs_one_event_and_says_it_in_one_short_line(tmp_path: Path) -> None:
    ok("profile", "add", "big")
    events = []
    for i in range(1500):
        episode = f"s01e{i % 12 + 1:02d}"
        events.append(
            {
                "id": f"{i:032x}",
                "type": "watch",
                "episode": episode,
                "at": f"2026-0{i % 9 + 1}-1{i % 10}T{i % 24:02d}:00:00Z",
                "recorded": "2026-11-01T00:00:00Z",
                "rewatch": i >= 12,
            }
        )
    doc = {"format": "aodcli-export", "version": 1, "show": "all-of-us-are-dead", "profile": "x", "events": events}
    export = tmp_path / "big.json"
    export.write_text(json.dumps(doc), encoding="utf-8")
    ok("import", str(export), "--profile", "big")
    count = sum(len(s["events"]) for p in _store()["profiles"].values() for s in p["shows"].values())
    out = ok("undo").stdout
    assert out.startswith("Undid: the import of 1,500 viewings (for big)\n") and len(out) < 200
    after = sum(len(s["events"]) for p in _store()["profiles"].values() for s in p["shows"].values())
    assert after == count + 1
    assert ok("progress", "--profile", "big", "--json").json()["watched"] == 0


def test_redo_with_nothing_undone_says_so() -> None:
    ok("watch", "1")
    assert "nothing to redo" in fails(1, "redo").stderr
    ok("undo")
    ok("redo")
    assert "nothing to redo" in fails(1, "redo").stderr
    assert ok("progress", "--json").json()["watched"] == 1


def test_profile_names_match_ignoring_case_everywhere() -> None:
    ok("profile", "add", "Mina")
    ok("watch", "1", "--profile", "MINA")
    assert ok("progress", "--profile", "mina", "--json").json()["watched"] == 1
    assert "already exists" in fails(1, "profile", "add", "mINA").stderr
    ok("profile", "use", "MINA")
    assert ok("profile", "list", "--json").json()["active"] == "Mina"


def test_undo_list_shows_this_devices_recent_changes_newest_first() -> None:
    ok("watch", "1")
    ok("skip", "2")
    ok("undo")
    rows = ok("undo", "--list", "--json").json()["batches"]
    assert [(r["command"], r["undone"]) for r in rows] == [("undo", False), ("skip", True), ("watch", False)]
    assert "skip" in aod("undo", "--list").stdout


def test_undo_takes_back_exactly_the_last_command():
    ok("watch", "1")
    ok("watch", "2")
    ok("rate", "2", "8")
    ok("undo")
    data = ok("episodes", "--json").json()["episodes"]
    assert [e["watched"] for e in data[:3]] == [True, True, False]
    assert data[1]["score"] is None
    ok("undo")
    assert ok("progress", "--json").json()["watched"] == 1
    ok("undo")
    fails(1, "undo")  # nothing left


def test_undo_takes_back_a_whole_import() -> None:
    from ..support.helpers import aod

    ok("watch", "1-3")
    exported = ok("export").stdout
    ok("profile", "add", "z")
    assert "Added 3 events" in aod("import", "-", "--profile", "z", input=exported).stdout
    undone = ok("undo", "--profile", "z", "--json").json()
    assert sorted(e["episode"] for e in undone["undone"]) == ["s01e01", "s01e02", "s01e03"]
    assert ok("progress", "--profile", "z", "--json").json()["watched"] == 0
    assert ok("progress", "--json").json()["watched"] == 3  # the other profile untouched


def test_undo_brings_back_a_removed_profile_until_the_next_change() -> None:
    ok("profile", "add", "mina")
    ok("watch", "1-2", "--profile", "mina")
    out = ok("profile", "remove", "mina", "--yes").stdout
    assert "aod undo brings it back" in out and "store.json.bak" not in out
    data = ok("undo", "--json").json()
    assert data["restored_profile"] == "mina"
    assert ok("progress", "--profile", "mina", "--json").json()["watched"] == 2
    # undo walks back through later changes: first the watch, then the removal
    ok("profile", "remove", "mina", "--yes")
    ok("watch", "5")
    assert ok("undo", "--json").json()["restored_profile"] is None
    assert "mina" not in ok("profile", "list").stdout
    assert ok("undo", "--json").json()["restored_profile"] == "mina"
    assert ok("progress", "--profile", "mina", "--json").json()["watched"] == 2
