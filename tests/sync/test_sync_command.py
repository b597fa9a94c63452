"""`aod sync`: devices converge through a shared folder; a bad replica never changes the store.

Each device is a data folder of its own (AOD_DATA_DIR); the shared folder is
what a sync tool carries. Everything runs through the real CLI.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from ..support.helpers import Run, fails
from ..support.sync_support import env, run, seen


def sync(data: Path, folder: Path, *more: str) -> Run:
    return run(data, "sync", str(folder), *more)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (lock files aside) with its bytes."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.endswith(".lock"):
            out[str(path.relative_to(folder))] = path.read_bytes()
    return out


@pytest.fixture
def world(tmp_path: Path) -> tuple[Path, Path, Path]:
    shared = tmp_path / "shared"
    shared.mkdir()
    return tmp_path / "laptop", tmp_path / "desk", shared


def test_two_devices_converge_end_to_end(world: tuple[Path, Path, Path]) -> None:
    a, b, shared = world
    run(a, "watch", "1-3")
    run(a, "rate", "2", "8")
    run(a, "note", "3", "the library scene")
    run(b, "profile", "add", "jun")
    run(b, "watch", "1", "--profile", "jun")
    first = sync(a, shared, "--name", "laptop")
    assert first.stdout.startswith("Synced laptop through") and "(no other device there yet)" in first.stdout
    second = sync(b, shared, "--name", "desk")
    assert "with 1 other device" in second.stdout
    assert "In:  5 events (default: 3 watched, 1 score, 1 note)" in second.stdout
    third = sync(a, shared)
    assert "jun" in third.stdout and "New profiles" in third.stdout
    assert seen(a) == seen(b)
    assert run(b, "progress", "--json").json()["watched"] == 3
    assert run(a, "progress", "--json", "--profile", "jun").json()["watched"] == 1
    # a second sync with nothing new changes nothing in the store
    before = tree(a)
    again = sync(a, shared, "--json").json()
    assert again["in"]["events"] == 0 and again["out"]["events"] == 0
    assert {k: v for k, v in tree(a).items() if k != "sync.json"} == {
        k: v for k, v in before.items() if k != "sync.json"
    }


def test_unwatch_undo_and_ratings_travel(world: tuple[Path, Path, Path]) -> None:
    a, b, shared = world
    run(a, "watch", "1-4")
    sync(a, shared)
    sync(b, shared)
    run(b, "unwatch", "4")
    run(b, "rate", "1", "9")
    run(b, "undo")  # takes back the rating
    run(b, "watch", "5")
    sync(b, shared)
    sync(a, shared)
    assert seen(a) == seen(b)
    progress = run(a, "progress", "--json").json()
    assert progress["watched"] == 4  # 1-3 and 5
    assert run(a, "episodes", "--json").json()["episodes"][0]["score"] is None


def test_profile_removal_travels_and_undo_brings_it_back_everywhere(world: tuple[Path, Path, Path]) -> None:
    a, b, shared = world
    run(a, "profile", "add", "jun")
    run(a, "watch", "1-2", "--profile", "jun")
    sync(a, shared)
    sync(b, shared)
    assert "jun" in run(b, "profile", "list").stdout
    run(b, "profile", "remove", "jun", "--yes")
    sync(b, shared)
    gone = sync(a, shared, "--json").json()
    assert gone["in"]["profiles_removed"] == ["jun"]
    assert "jun" not in run(a, "profile", "list").stdout
    run(b, "undo")  # brings jun back on b, with its progress
    sync(b, shared)
    back = sync(a, shared, "--json").json()
    assert back["in"]["profiles_added"] == ["jun"]
    assert run(a, "progress", "--json", "--profile", "jun").json()["watched"] == 2
    assert seen(a) == seen(b)


def test_a_profile_removed_elsewhere_keeps_what_was_added_after(world: tuple[Path, Path, Path]) -> None:
    a, b, shared = world
    run(a, "profile", "add", "jun")
    run(a, "watch", "1", "--profile", "jun")
    sync(a, shared)
    sync(b, shared)
    run(a, "profile", "remove", "jun", "--yes")  # removed on a ...
    run(b, "watch", "2", "--profile", "jun")  # ... while b, not knowing, marks another
    sync(a, shared)
    sync(b, shared)
    sync(a, shared)
    assert seen(a) == seen(b)
    history = run(a, "history", "--json", "--profile", "jun").json()["events"]
    assert [e["code"] for e in history] == ["S01E02"]  # the removal took what it saw; the later mark stays


def test_removed_active_profile_switches_this_device_to_default(world: tuple[Path, Path, Path]) -> None:
    a, b, shared = world
    run(a, "profile", "add", "jun")
    sync(a, shared)
    sync(b, shared)
    run(b, "profile", "use", "jun")
    run(a, "profile", "remove", "jun", "--yes")
    sync(a, shared)
    out = sync(b, shared)
    assert "now uses default" in out.stdout
    assert run(b, "profile", "list", "--json").json()["active"] == "default"


def test_dry_run_writes_nothing_and_says_what_would_move(world: tuple[Path, Path, Path]) -> None:
    a, b, shared = world
    run(a, "watch", "1-2")
    sync(a, shared)
    run(b, "watch", "7")
    before_b, before_shared = tree(b), tree(shared)
    out = sync(b, shared, "--dry-run")
    assert out.stdout.startswith("Would sync")
    assert "In:  2 events (default: 2 watched)" in out.stdout
    assert "Out: 1 event" in out.stdout
    assert "Nothing was written" in out.stdout
    assert tree(b) == before_b and tree(shared) == before_shared
    data = sync(b, shared, "--dry-run", "--json").json()
    assert data["dry_run"] is True and data["in"]["events"] == 2 and data["out"]["events"] == 1


def test_status_lists_devices_and_needs_a_folder_first(world: tuple[Path, Path, Path]) -> None:
    a, b, shared = world
    err = fails(2, "sync", "--status", env=env(a))
    assert "has not synced yet" in err.stderr
    fails(2, "sync", env=env(a))  # no folder given, none remembered
    sync(a, shared, "--name", "laptop")
    sync(b, shared, "--name", "desk")
    before = tree(a)
    status = run(a, "sync", "--status")
    assert "laptop" in status.stdout and "desk" in status.stdout and "this device" in status.stdout
    data = run(a, "sync", "--status", "--json").json()
    assert data["folder"] == str(shared)
    assert sorted(d["name"] for d in data["devices"]) == ["desk", "laptop"]
    assert tree(a) == before  # --status only reads
    # the folder is remembered
    assert "with 1 other device" in run(a, "sync").stdout


def test_conflict_copy_is_read_and_left_alone(world: tuple[Path, Path, Path]) -> None:
    a, b, shared = world
    run(b, "watch", "1-5")
    sync(b, shared)
    (mine,) = list(shared.glob("*.json"))
    conflict = shared / (mine.stem + ".sync-conflict-20261203-101010-ABCDEFG.json")
    mine.rename(conflict)
    out = sync(a, shared)
    assert "In:  5 events" in out.stdout
    assert f"ok: a copy of {mine.name}" in out.stdout
    assert conflict.exists()
    assert run(a, "progress", "--json").json()["watched"] == 5


def _replica_of(tmp: Path, *commands: list[str]) -> bytes:
    """The replica a third device writes after ``commands``."""
    other, folder = tmp / "third", tmp / "third-folder"
    folder.mkdir()
    for args in commands:
        run(other, *args)
    sync(other, folder)
    (file,) = list(folder.glob("*.json"))
    return file.read_bytes()


def _edited(data: bytes, fn: Any) -> bytes:
    """``data`` changed by ``fn`` and sealed again, as a newer aodcli would write it."""
    from aodcli.store.document import CHECKSUM_PLACEHOLDER, dumps, seal_checksum

    doc = json.loads(data)
    fn(doc)
    doc["checksum"] = CHECKSUM_PLACEHOLDER
    return seal_checksum(dumps(doc))[0]


def test_bad_replicas_are_reported_and_never_change_the_store(world: tuple[Path, Path, Path], tmp_path: Path) -> None:
    a, _, shared = world
    run(a, "watch", "1")
    good = _replica_of(tmp_path, ["watch", "1-12"], ["rate", "3", "2"])
    doc = json.loads(good)
    flipped = good.replace(b'"s01e05"', b'"s01e06"', 1)
    assert flipped != good
    named = {  # files named like replicas (a device id first), as a sync tool leaves them
        "cut": good[: len(good) // 2],
        "flipped": flipped,
        "newer": _edited(good, lambda d: d.update(min_reader=9)),
        "other-show": _edited(good, lambda d: d.update(show="another-show")),
        "hand-edited": good.replace(doc["show"].encode(), b"another-show"),
        "foreign": b'{"hello": "world"}',
        "binary": b"\xff\xfe\x00garbage",
        "empty": b"",
    }
    files = {f"0123456789abcdef ({label}).json": data for label, data in named.items()}
    for name, data in files.items():
        (shared / name).write_bytes(data)
    (shared / "notes.json").write_bytes(b"not named like a replica: never read")
    os.mkfifo(shared / "0123456789abcdef (fifo).json")
    (shared / "0123456789abcdef (folder).json").mkdir()
    (shared / "0123456789abcdef (zero).json").symlink_to("/dev/zero")
    before = run(a, "history", "--json").json()
    out = sync(a, shared, "--json").json()
    states = {d["file"]: (d["state"], d["problem"]) for d in out["devices"]}
    for name in [*files, "0123456789abcdef (fifo).json", "0123456789abcdef (zero).json"]:
        assert states[name][0] == "skipped", (name, states[name])
    assert "notes.json" not in states
    assert "checksum" in states["0123456789abcdef (flipped).json"][1]
    assert "cannot read" in states["0123456789abcdef (newer).json"][1]
    assert "not 'all-of-us-are-dead'" in states["0123456789abcdef (other-show).json"][1]
    assert "not an aod replica" in states["0123456789abcdef (foreign).json"][1]
    assert out["in"]["events"] == 0
    assert run(a, "history", "--json").json() == before
    plain = sync(a, shared).stdout
    assert "skipped: does not match its checksum" in plain
    for name, data in files.items():  # nothing that is not ours is touched
        assert (shared / name).read_bytes() == data


def test_hostile_device_names_are_harmless(world: tuple[Path, Path, Path], tmp_path: Path) -> None:
    a, b, shared = world
    out = sync(b, shared, "--name", "\x1b]0;pwned\x07desk\u202e")
    assert "\x1b" not in out.stdout and "\u202e" not in out.stdout
    status = run(a, "sync", str(shared), "--status")
    assert "desk" in status.stdout and "\x1b" not in status.stdout


def test_own_replica_from_a_newer_aod_or_another_show_stops_the_sync(world: tuple[Path, Path, Path]) -> None:
    a, _, shared = world
    run(a, "watch", "1")
    sync(a, shared)
    (mine,) = list(shared.glob("*.json"))
    original = mine.read_bytes()
    mine.write_bytes(_edited(original, lambda d: d.update(min_reader=9)))
    before_a, before_shared = tree(a), tree(shared)
    err = fails(1, "sync", str(shared), env=env(a))
    assert "this device's replica" in err.stderr and "nothing was changed" in err.stderr
    assert tree(a) == before_a and tree(shared) == before_shared


def test_own_replica_replaced_by_a_link_is_refused(world: tuple[Path, Path, Path], tmp_path: Path) -> None:
    a, _, shared = world
    sync(a, shared)
    (mine,) = list(shared.glob("*.json"))
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    mine.unlink()
    mine.symlink_to(target)
    err = fails(1, "sync", str(shared), env=env(a))
    assert "not a regular file" in err.stderr
    assert target.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("where", ["data", "inside-data", "missing", "file", ""])
def test_bad_sync_folders_are_usage_errors(world: tuple[Path, Path, Path], where: str) -> None:
    a, _, shared = world
    run(a, "watch", "1")
    folder = {
        "data": str(a),
        "inside-data": str(a / "backups"),
        "missing": str(shared / "nope"),
        "file": str(a / "store.json"),
        "": "",
    }[where]
    before = tree(a)
    fails(2, "sync", folder, env=env(a))
    assert tree(a) == before


def test_undo_after_a_sync_takes_back_this_profiles_last_change_not_the_sync(world: tuple[Path, Path, Path]) -> None:
    a, b, shared = world
    run(a, "watch", "1-3")
    sync(a, shared)
    run(b, "watch", "1")
    sync(b, shared)  # brings in a's 1-3
    out = run(b, "undo", "--json").json()
    assert [e["episode"] for e in out["undone"]] == ["s01e01"], out  # b's own last mark, not the whole sync
    assert run(b, "progress", "--json").json()["watched"] == 3  # a's 1-3 stay


def test_sync_then_store_check_is_clean(world: tuple[Path, Path, Path]) -> None:
    a, b, shared = world
    run(a, "watch", "1-2")
    run(a, "profile", "add", "jun")
    run(a, "profile", "remove", "jun", "--yes")
    sync(a, shared)
    sync(b, shared)
    assert "is fine" in run(b, "store", "check").stdout
    shutil.rmtree(shared)
    shared.mkdir()
    sync(b, shared)  # a fresh folder: b's replica carries it all again
    sync(a, shared)
    assert seen(a) == seen(b)


def test_file_names_and_problems_never_reach_the_terminal_raw(world: tuple[Path, Path, Path]) -> None:
    a, _, shared = world
    (shared / "0123456789abcdef evil\x1b[2J\u202ename.json").write_bytes(b"{}")
    for args in ([], ["--json"]):
        out = sync(a, shared, *args).stdout
        assert "\x1b" not in out and "\u202e" not in out
        assert "evil" in out


def test_leftover_temp_files_of_this_device_are_removed_and_no_others(world: tuple[Path, Path, Path]) -> None:
    a, _, shared = world
    data = sync(a, shared, "--json").json()
    mine = data["device"]["id"] + ".json"
    leftover = shared / f".{mine}.abc123.tmp"
    leftover.write_bytes(b"half")
    someone_elses = shared / ".0123456789abcdef.json.abc123.tmp"
    someone_elses.write_bytes(b"theirs")
    sync(a, shared)
    assert not leftover.exists()
    assert someone_elses.read_bytes() == b"theirs"


@pytest.mark.heavy
def test_real_processes_two_data_folders_one_shared_folder(tmp_path: Path) -> None:
    """The installed command, as a user runs it on two machines."""
    import subprocess
    import sys

    shared = tmp_path / "Sync" / "aod"
    shared.mkdir(parents=True)

    def aod_on(machine: str, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "aodcli", *args],
            env={**os.environ, "AOD_DATA_DIR": str(tmp_path / machine)},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    aod_on("laptop", "watch", "1-4")
    aod_on("laptop", "sync", str(shared), "--name", "laptop")
    aod_on("desk", "sync", str(shared), "--name", "desk")
    aod_on("desk", "watch", "next")
    aod_on("desk", "sync")
    aod_on("laptop", "sync")
    assert json.loads(aod_on("laptop", "progress", "--json"))["watched"] == 5
    assert aod_on("laptop", "history", "--json") == aod_on("desk", "history", "--json")
    status = aod_on("laptop", "sync", "--status")
    assert "desk" in status and "laptop" in status


def test_a_replica_too_large_for_the_others_is_not_written(
    world: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from aodcli.sync import replica

    a, _, shared = world
    run(a, "watch", "1-12")
    monkeypatch.setattr(replica, "MAX_BYTES", 2000)  # what aod reads, shrunk to this test's size
    before = tree(a)
    err = fails(1, "sync", str(shared), env=env(a))
    assert "more than the" in err.stderr and "nothing was changed" in err.stderr
    assert list(shared.iterdir()) == []
    assert tree(a) == before


def _news_on_both_sides(world: tuple[Path, Path, Path]) -> tuple[Path, Path]:
    """b has synced marks a lacks, and a has one of its own: a sync of a would change both sides."""
    a, b, shared = world
    run(b, "watch", "1-3")
    sync(b, shared)
    run(a, "watch", "9")
    return a, shared


def test_a_sync_folder_that_cannot_be_written_changes_nothing(
    world: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from aodcli.fileio import atomic

    a, shared = _news_on_both_sides(world)
    before_a, before_shared = tree(a), tree(shared)
    real = atomic.write_file

    def full(folder: str, prefix: str, data: bytes) -> str:
        if Path(folder) == shared:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(folder, prefix, data)

    monkeypatch.setattr(atomic, "write_file", full)
    err = fails(1, "sync", str(shared), env=env(a))
    assert "cannot write to the sync folder" in err.stderr and "nothing was changed" in err.stderr
    assert tree(a) == before_a and tree(shared) == before_shared  # b's marks did not come in either


def test_a_store_that_cannot_be_saved_leaves_no_replica_behind(
    world: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from aodcli.store import transaction

    a, shared = _news_on_both_sides(world)
    before_a, before_shared = tree(a), tree(shared)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(transaction, "install", broken)
    fails(1, "sync", str(shared), env=env(a))
    assert tree(a) == before_a
    assert tree(shared) == before_shared and not [p for p in shared.iterdir() if p.name.startswith(".")]


@pytest.mark.heavy
def test_devices_syncing_at_the_same_moment_converge(tmp_path: Path) -> None:
    """Three real processes sync through one folder at once, again and again, while marking."""
    import subprocess
    import sys

    shared = tmp_path / "shared"
    shared.mkdir()
    machines = [tmp_path / name for name in ("laptop", "desk", "phone")]

    def start(data: Path, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "aodcli", *args],
            env={**os.environ, "AOD_DATA_DIR": str(data)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def together(*jobs: tuple[Path, tuple[str, ...]]) -> None:
        running = [start(data, *args) for data, args in jobs]
        for p in running:
            _, err = p.communicate(timeout=120)
            assert p.returncode == 0, err

    for episode in ("1", "2", "3"):
        together(*[(m, ("watch", str(int(episode) + 3 * i))) for i, m in enumerate(machines)])
        together(*[(m, ("sync", str(shared))) for m in machines])
    for _ in range(2):  # the final round, one device after another
        for m in machines:
            run(m, "sync", str(shared))
    views = [seen(m) for m in machines]
    assert views[0] == views[1] == views[2]
    assert run(machines[0], "progress", "--json").json()["watched"] == 9
