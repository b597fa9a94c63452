"""aod sync decides by what each device saw, never by a clock: no mark is lost that was not removed or undone."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from aodcli.store import clock as store_clock

from ..support.helpers import Run, fails, ok


def run(data: Path, *args: str) -> Run:
    return ok(*args, env={"AOD_DATA_DIR": str(data)})


def sync(data: Path, folder: Path, *more: str) -> Run:
    return run(data, "sync", str(folder), *more)


def watched(data: Path, profile: str) -> int:
    count: int = run(data, "progress", "--profile", profile, "--json").json()["watched"]
    return count


def profiles(data: Path) -> list[str]:
    return [p["name"] for p in run(data, "profile", "list", "--json").json()["profiles"]]


@pytest.fixture
def world(tmp_path: Path) -> tuple[Path, Path, Path]:
    shared = tmp_path / "shared"
    shared.mkdir()
    return tmp_path / "laptop", tmp_path / "desk", shared


def _clock(monkeypatch: pytest.MonkeyPatch, shift: timedelta) -> None:
    real = store_clock._system_clock
    monkeypatch.setattr(store_clock, "clock", lambda: real() + shift)


def test_a_profile_removed_and_made_again_keeps_what_is_imported_into_it(world: Any, tmp_path: Path) -> None:
    a, _, shared = world
    run(a, "profile", "add", "bob")
    run(a, "watch", "1-3", "--profile", "bob")
    export = tmp_path / "bob.json"
    export.write_text(run(a, "export", "--profile", "bob").stdout, encoding="utf-8")
    sync(a, shared)
    run(a, "profile", "remove", "bob", "--yes")
    run(a, "profile", "add", "bob")
    run(a, "import", str(export), "--profile", "bob")
    sync(a, shared)
    assert watched(a, "bob") == 3


def test_a_removal_under_a_clock_far_ahead_takes_only_what_it_saw(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, shared = world
    run(a, "profile", "add", "bob")
    run(a, "watch", "1", "--profile", "bob")
    sync(a, shared)
    sync(b, shared)
    _clock(monkeypatch, timedelta(days=400))  # b's clock runs more than a year ahead
    run(b, "profile", "remove", "bob", "--yes")
    sync(b, shared)
    monkeypatch.undo()
    sync(a, shared)
    assert "bob" not in profiles(a)  # the removal holds: it saw bob's watch
    run(a, "profile", "add", "bob")  # made again, and marked, after the removal
    run(a, "watch", "2-4", "--profile", "bob")
    sync(a, shared)
    sync(b, shared)
    sync(a, shared)
    assert watched(a, "bob") == watched(b, "bob") == 3
    # a removal under a clock running behind sticks just the same
    _clock(monkeypatch, timedelta(days=-400))
    run(b, "profile", "remove", "bob", "--yes")
    sync(b, shared)
    monkeypatch.undo()
    sync(a, shared)
    assert "bob" not in profiles(a) and "bob" not in profiles(b)


def test_a_mark_the_removing_device_never_saw_survives_on_every_device(world: Any) -> None:
    a, b, shared = world
    run(a, "profile", "add", "bob")
    run(a, "watch", "1", "--profile", "bob")
    sync(a, shared)
    sync(b, shared)
    run(b, "watch", "5", "--profile", "bob")  # not synced yet
    run(a, "profile", "remove", "bob", "--yes")  # a never saw episode 5
    sync(a, shared)
    sync(b, shared)
    sync(a, shared)
    for device in (a, b):
        episodes = run(device, "episodes", "--profile", "bob", "--json").json()["episodes"]
        assert [e["code"] for e in episodes if e["watched"]] == ["S01E05"]


def test_junk_files_in_the_folder_never_hide_a_device(world: Any) -> None:
    a, b, shared = world
    for i in range(300):
        (shared / f"{i:04d} junk.json").write_text("{}", encoding="utf-8")
    run(b, "watch", "1")
    sync(b, shared)
    out = sync(a, shared).stdout
    assert "with 1 other device" in out and "not read" not in out
    assert watched(a, "default") == 1


def test_profile_names_that_differ_in_case_are_one_profile_after_sync(world: Any) -> None:
    a, b, shared = world
    run(a, "profile", "add", "Mina")
    run(a, "watch", "1", "--profile", "Mina")
    run(b, "profile", "add", "mina")
    run(b, "watch", "2", "--profile", "mina")
    sync(a, shared)
    sync(b, shared)
    sync(a, shared)
    assert profiles(a) == ["Mina", "default"] and profiles(b) == ["default", "mina"]
    assert watched(a, "MINA") == watched(b, "MINA") == 2
    assert "already exists" in fails(1, "profile", "add", "MINA", env={"AOD_DATA_DIR": str(b)}).stderr


def test_viewings_are_not_doubled_when_the_profile_they_came_from_is_removed(world: Any, tmp_path: Path) -> None:
    a, b, shared = world
    run(a, "profile", "add", "ann")
    run(a, "watch", "1-2", "--profile", "ann")
    export = tmp_path / "ann.json"
    export.write_text(run(a, "export", "--profile", "ann").stdout, encoding="utf-8")
    run(a, "profile", "add", "zed")
    run(a, "import", str(export), "--profile", "zed")  # the ids are ann's: zed gets derived ids
    run(b, "profile", "add", "zed")
    run(b, "import", str(export), "--profile", "zed")  # no ann here: zed keeps the ids
    sync(a, shared)
    sync(b, shared)
    run(b, "profile", "remove", "ann", "--yes")
    sync(b, shared)
    sync(a, shared)
    for device in (a, b):
        stats = run(device, "stats", "--profile", "zed", "--json").json()
        assert stats["viewings"] == 2, device


def test_watches_dated_far_ahead_are_brought_back_to_a_day_ahead(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, shared = world
    _clock(monkeypatch, datetime(2099, 1, 1, tzinfo=timezone.utc) - store_clock._system_clock())
    run(b, "watch", "1-2")
    sync(b, shared)
    monkeypatch.undo()
    run(a, "watch", "3")
    out = sync(a, shared, "--json").json()
    row = next(d for d in out["devices"] if not d["this_device"])
    assert row["brought_back"] == 2 and out["in"]["events"] == 2
    assert "2099" not in run(a, "stats").stdout + run(a, "history").stdout
    assert "brought back" in sync(a, shared).stdout
    sync(b, shared)  # b keeps the copy brought back too: the devices agree
    assert "2099" not in run(b, "history").stdout
    assert json.loads((a / "store.json").read_text(encoding="utf-8"))["profiles"]["default"]


def test_forgetting_a_retired_device_removes_its_files_and_keeps_what_it_recorded(world: Any, tmp_path: Path) -> None:
    a, b, shared = world
    run(b, "watch", "1-2")
    sync(b, shared, "--name", "old-desk")
    sync(a, shared, "--name", "laptop")
    b_files = sorted(p.name for p in shared.glob("*.json") if p.name != f"{_device(a)}.json")
    assert len(b_files) == 1
    assert "cannot forget this device" in fails(1, "sync", "--forget", "laptop", env={"AOD_DATA_DIR": str(a)}).stderr
    assert "no device of that id or name" in fails(1, "sync", "--forget", "nobody", env={"AOD_DATA_DIR": str(a)}).stderr
    out = sync(a, shared, "--forget", "OLD-DESK", "--json").json()
    assert out["forgotten"] == {"device": b_files[0].removesuffix(".json"), "name": "old-desk", "files": b_files}
    assert not (shared / b_files[0]).exists() and (shared / f"{_device(a)}.json").exists()
    c = tmp_path / "phone"
    sync(c, shared)  # a new device still gets what the retired one recorded
    assert watched(c, "default") == 2


def _device(data: Path) -> str:
    return str(json.loads((data / "sync.json").read_text(encoding="utf-8"))["device"])


def _big_export(path: Path, first: int) -> Path:
    events = [
        {"id": f"{i:032x}", "type": "watch", "episode": f"s01e{i % 12 + 1:02d}", "at": None, "rewatch": True}
        | {"recorded": "2026-11-01T00:00:00Z"}
        for i in range(first, first + 1500)
    ]
    doc = {"format": "aodcli-export", "version": 2, "show": "all-of-us-are-dead", "profile": "x", "events": events}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_a_replica_that_would_overfill_the_store_is_left_out_by_name_and_the_rest_merges(
    world: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aodcli.store import document

    a, b, shared = world
    c = tmp_path / "phone"
    run(c, "watch", "7")
    sync(c, shared, "--name", "small")
    run(b, "import", str(_big_export(tmp_path / "b.json", 0)))
    sync(b, shared, "--name", "big")
    run(a, "import", str(_big_export(tmp_path / "a.json", 100_000)))
    each = max((a / "store.json").stat().st_size, (shared / f"{_device(b)}.json").stat().st_size)
    monkeypatch.setattr(document, "MAX_BYTES", each + 50_000)  # each fits; a's store and b's marks together do not
    out = sync(a, shared, "--json").json()
    states = {d["file"]: (d["state"], d["problem"]) for d in out["devices"] if not d["this_device"]}
    assert states[f"{_device(c)}.json"] == ("ok", None)
    big = states[f"{_device(b)}.json"]
    assert big[0] == "skipped" and "larger than aod reads back" in big[1], big
    assert out["in"]["events"] == 1  # the phone's mark came in


def test_removing_a_profile_two_devices_made_removes_it_everywhere(world: Any) -> None:
    a, b, shared = world
    run(a, "profile", "add", "Mina")
    run(b, "profile", "add", "mina")  # made on each device, not knowing
    run(b, "watch", "5", "--profile", "mina")
    sync(a, shared)
    sync(b, shared)
    sync(a, shared)
    run(a, "profile", "remove", "mina", "--yes")  # a has seen both, merged as one
    sync(a, shared)
    sync(b, shared)
    sync(a, shared)
    assert profiles(a) == profiles(b) == ["default"]


def test_a_replica_unchanged_since_the_last_sync_is_not_read_again(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from aodcli.sync import folder

    a, b, shared = world
    run(b, "watch", "1")
    sync(b, shared)
    sync(a, shared)  # reads b's replica (and its own, first made now)
    parsed: list[int] = []
    real = folder.parse

    def counting(data: bytes, show: str) -> Any:
        parsed.append(len(data))
        return real(data, show)

    monkeypatch.setattr(folder, "parse", counting)
    out = sync(a, shared, "--json").json()
    assert len(parsed) == 1  # its own replica only: b's has not changed
    assert [d["events"] for d in out["devices"] if not d["this_device"]] == [1]
    run(b, "watch", "2")
    sync(b, shared)
    parsed.clear()
    sync(a, shared)
    assert len(parsed) == 2 and watched(a, "default") == 2  # b's changed: read again
