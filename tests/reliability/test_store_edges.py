"""The store's edge cases from issue 11: never harm what is not ours, never write what
we cannot read back, caches never in the way, clocks that jump, the newest restore.

Items: 2 (symbolic links), 5 (size limit on write), 9 (unopenable cache/), 10
(unwritable backups/), 11 (tiny or full volume), 12 (clocks), 13 (restore the
newest good state). Each test fails on the code before the fix.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from aodcli.errors import StoreError
from aodcli.fileio import cachefile
from aodcli.store import KEEP_DAILY, commit, document, load_bytes, restore

from ..support.helpers import aod, fails, ok
from ..support.store_helpers import (
    DAY0,
    SHOW,
    add_watch,
    child_env,
    hexid,
    install_clock,
    snapshot,
    store_ids,
    temps,
)

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def data(_isolated_user_files: Path) -> Path:
    return _isolated_user_files


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _watched() -> int:
    watched: int = ok("progress", "--json").json()["watched"]
    return watched


# --------------------------------------------------------------------------- 2: symbolic links


def test_restore_never_writes_through_a_link_to_a_file_that_is_not_a_store(data: Path, tmp_path: Path) -> None:
    ok("watch", "1")
    ok("watch", "2")
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"my own notes, not a store\n")
    (data / "store.json").unlink()
    (data / "store.json").symlink_to(notes)
    before = snapshot(data)
    for args in (["store", "restore"], ["store", "restore", "--from", str(data / "store.json.bak")]):
        run = fails(1, *args)
        assert "is a symbolic link to" in run.stderr and "remove the link" in run.stderr, run.stderr
        assert notes.read_bytes() == b"my own notes, not a store\n"  # the link's target is untouched
        assert (data / "store.json").is_symlink() and snapshot(data) == before  # nothing quarantined either
    assert aod("watch", "3").code == 1 and notes.read_bytes() == b"my own notes, not a store\n"
    (data / "store.json").unlink()  # what the message says to do
    ok("store", "restore")
    assert _watched() == 1  # the newest backup: .bak


def test_a_link_to_a_valid_store_is_still_followed(data: Path, tmp_path: Path) -> None:
    """A store kept elsewhere (a synced folder) behind a link keeps working."""
    synced = tmp_path / "synced"
    ok("watch", "1", env={"AOD_DATA_DIR": str(synced)})
    ok("watch", "2", env={"AOD_DATA_DIR": str(synced)})
    data.mkdir(mode=0o700)
    (data / "store.json").symlink_to(synced / "store.json")
    ok("watch", "3")
    assert _watched() == 3 and (data / "store.json").is_symlink()
    older = load_bytes((synced / "store.json.bak").read_bytes())  # [1]
    ok("store", "restore", "--from", str(synced / "store.json.bak"))
    assert (data / "store.json").is_symlink()
    assert load_bytes((synced / "store.json").read_bytes())["profiles"] == older["profiles"]
    assert _watched() == 1


def test_names_aod_writes_that_are_links_are_replaced_never_written_through(data: Path, tmp_path: Path) -> None:
    ok("watch", "1")
    outside = {name: tmp_path / f"outside-{i}" for i, name in enumerate(["store.json.bak", "cache/store.json.status"])}
    for name, target in outside.items():
        target.write_bytes(b"keep me")
        (data / name).unlink(missing_ok=True)
        (data / name).symlink_to(target)
    previous = (data / "store.json").read_bytes()
    ok("watch", "2")
    assert all(target.read_bytes() == b"keep me" for target in outside.values())
    assert not (data / "store.json.bak").is_symlink() and (data / "store.json.bak").read_bytes() == previous
    assert not (data / "cache" / "store.json.status").is_symlink()


def test_a_lock_file_that_is_a_link_is_refused_with_the_way_out(data: Path, tmp_path: Path) -> None:
    ok("watch", "1")
    target = tmp_path / "target"
    target.write_bytes(b"keep me")
    (data / "store.json.lock").unlink()
    (data / "store.json.lock").symlink_to(target)
    before = (data / "store.json").read_bytes()
    run = fails(1, "watch", "2")
    assert "store.json.lock is a symbolic link" in run.stderr and "remove it" in run.stderr
    assert target.read_bytes() == b"keep me" and (data / "store.json").read_bytes() == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_store_or_restore_source_that_is_not_a_regular_file_is_refused_at_once(data: Path, tmp_path: Path) -> None:
    """Reads of the store are bounded and never block: a FIFO or a device is refused
    with one line (before: a FIFO hung the command until something wrote to it)."""
    ok("watch", "1")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    env = child_env(data)
    for args in (["store", "restore", "--from", str(fifo)], ["store", "restore", "--from", os.devnull]):
        r = subprocess.run([sys.executable, "-m", "aodcli", *args], env=env, capture_output=True, text=True, timeout=60)
        assert r.returncode == 1 and "not a regular file" in r.stderr and r.stderr.count("\n") == 1, r.stderr
    (data / "store.json").unlink()
    os.mkfifo(data / "store.json")
    r = subprocess.run(
        [sys.executable, "-m", "aodcli", "progress"], env=env, capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 0 and "cannot be read (not a regular file)" in r.stderr


# --------------------------------------------------------------------------- 5: size limit


def _export_of(events: int, tmp_path: Path) -> Path:
    other = {"AOD_DATA_DIR": str(tmp_path / "other")}
    ok("watch", "1-12", env=other)
    for _ in range(events // 12):
        ok("watch", "1-12", "--rewatch", env=other)
    out = tmp_path / "export.json"
    ok("export", "-o", str(out), env=other)
    return out


def test_a_store_larger_than_aod_reads_is_never_written(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read limit (64 MiB) is one constant that the write path enforces too; made
    small here so that a few events cross it."""
    export = _export_of(60, tmp_path)
    monkeypatch.setattr(document, "MAX_BYTES", 12_000)
    ok("watch", "1-3")
    before = snapshot(data)
    run = fails(1, "import", str(export))
    assert "refusing to save" in run.stderr and "more than the 11.7 KiB aod reads back" in run.stderr, run.stderr
    assert "nothing was changed" in run.stderr
    assert snapshot(data) == before
    shutil.rmtree(data / "cache")  # always safe: the store never depended on it
    assert _watched() == 3
    ok("store", "check")
    # the read path: the same constant
    (data / "store.json").write_bytes(b"[" * 12_001)
    assert "is larger than the 11.7 KiB aod reads" in aod("store", "check").stdout


@pytest.mark.slow
def test_a_real_store_over_64_mib_is_refused(data: Path) -> None:
    from aodcli.store import add_events, new_event

    commit(add_watch(0))
    before = snapshot(data)
    text = "x" * 2000

    def huge(doc: dict[str, Any]) -> None:
        notes = [new_event("note", episode="s01e01", text=text) for _ in range(34_000)]  # about 68 MB
        add_events(doc, "default", SHOW, notes)

    with pytest.raises(StoreError, match=r"would grow to [0-9.]+ MiB, more than the 64 MiB aod reads back"):
        commit(huge)
    assert snapshot(data) == before


# --------------------------------------------------------------------------- 9: unopenable cache/


@contextmanager
def _unopenable(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Iterator[None]:
    """Every file-system call on ``folder`` or inside it fails with EACCES, as for a cache/
    of mode 000 or owned by another user: what root, which ignores permission bits,
    cannot be shown for real (the chmod test below runs it for real as a user)."""
    prefix = str(folder)

    def blocked(path: object) -> bool:
        if isinstance(path, int):
            return False
        try:
            text = os.fsdecode(path)  # type: ignore[arg-type]
        except TypeError:
            return False
        return text == prefix or text.startswith(prefix + os.sep)

    def deny(path: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))  # type: ignore[arg-type]

    def one(fn: Callable[..., Any]) -> Callable[..., Any]:
        def call(path: Any, *args: Any, **kwargs: Any) -> Any:
            if blocked(path):
                deny(path)
            return fn(path, *args, **kwargs)

        return call

    def two(fn: Callable[..., Any]) -> Callable[..., Any]:
        def call(src: Any, dst: Any, *args: Any, **kwargs: Any) -> Any:
            for path in (src, dst):
                if blocked(path):
                    deny(path)
            return fn(src, dst, *args, **kwargs)

        return call

    with monkeypatch.context() as m:
        for name in ("stat", "lstat", "open", "mkdir", "scandir", "listdir", "unlink", "rmdir", "chmod", "statvfs"):
            m.setattr(os, name, one(getattr(os, name)))
        for name in ("replace", "rename", "link"):
            m.setattr(os, name, two(getattr(os, name)))
        m.setattr(io, "open", one(io.open))
        m.setattr(builtins, "open", one(builtins.open))
        yield


COMMANDS = [["episodes"], ["watch", "1"], ["search", "hyosan"], ["progress"], [], ["store", "check"], ["watch", "2"]]


def test_an_unopenable_cache_folder_is_no_cache(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with _unopenable(monkeypatch, data / "cache"):
        for args in COMMANDS:
            run = aod(*args)
            assert run.code == 0 and "Error" not in run.stderr, (args, run.stderr)
    assert not (data / "cache").exists()
    assert _watched() == 2


@pytest.mark.skipif(IS_ROOT or os.name != "posix", reason="root ignores permission bits (the test above covers it)")
def test_a_cache_folder_of_mode_000_is_no_cache(data: Path) -> None:
    (data / "cache").mkdir(parents=True)
    (data / "cache").chmod(0)
    try:
        for args in COMMANDS:
            run = aod(*args)
            assert run.code == 0 and "Error" not in run.stderr, (args, run.stderr)
    finally:
        (data / "cache").chmod(0o700)


@pytest.mark.parametrize("shape", ["a file named cache", "cache/packs a file", "cache/search a link loop"])
def test_a_cache_that_cannot_be_a_folder_is_no_cache(data: Path, shape: str) -> None:
    (data / "cache").parent.mkdir(parents=True)
    if shape == "a file named cache":
        (data / "cache").write_bytes(b"not a folder")
    else:
        (data / "cache").mkdir()
        if shape == "cache/packs a file":
            (data / "cache" / "packs").write_bytes(b"not a folder")
        else:
            (data / "cache" / "search").symlink_to(data / "cache" / "search")
    for args in COMMANDS:
        run = aod(*args)
        assert run.code == 0 and "Error" not in run.stderr, (args, run.stderr)
    assert _watched() == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_in_the_cache_never_hangs(data: Path) -> None:
    """A FIFO where the store's status file goes: opened without blocking and passed over
    (before the fix, a read opened such a cache file and waited for a writer forever)."""
    assert subprocess.run([sys.executable, "-m", "aodcli", "watch", "1"], env=child_env(data)).returncode == 0
    status = data / "cache" / "store.json.status"
    status.unlink()
    os.mkfifo(status)
    for args in (["prompt"], ["progress"], ["watch", "2"]):
        r = subprocess.run(
            [sys.executable, "-m", "aodcli", *args], env=child_env(data), capture_output=True, text=True, timeout=60
        )
        assert r.returncode == 0 and r.stderr == "", (args, r.stderr)
    assert stat.S_ISREG(status.lstat().st_mode)  # the next save replaced it with a real file


# --------------------------------------------------------------------------- 10: unwritable backups/


def test_an_unwritable_backups_folder_is_a_warning_and_the_change_is_saved(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = install_clock(monkeypatch)
    commit(add_watch(0))
    (data / "backups").write_bytes(b"not a folder")
    previous = (data / "store.json").read_bytes()
    clock.set(DAY0 + timedelta(days=1))  # the first write of a day makes a daily copy
    warnings: list[str] = []
    doc, ident = commit(add_watch(1), warnings=warnings)
    assert store_ids(doc) == [hexid(0), ident]
    assert load_bytes((data / "store.json").read_bytes()) == doc
    assert (data / "store.json.bak").read_bytes() == previous  # the previous version is kept all the same
    assert (data / "backups").read_bytes() == b"not a folder"
    assert len(warnings) == 1 and str(data / "backups") in warnings[0] and "your change was saved" in warnings[0]
    assert "store.json:" not in warnings[0]
    assert temps(data) == []


def test_restore_with_an_unwritable_backups_folder_warns_in_one_line(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = install_clock(monkeypatch)
    ok("watch", "1")
    ok("watch", "2")
    source = tmp_path / "older.json"
    shutil.copyfile(data / "store.json.bak", source)
    shutil.rmtree(data / "backups")
    (data / "backups").write_bytes(b"not a folder")
    clock.set(DAY0 + timedelta(days=1))
    run = aod("store", "restore", "--from", str(source))
    assert run.code == 0, run.stderr
    assert run.stderr.startswith("Warning: could not save a backup copy in ") and run.stderr.count("\n") == 1
    assert _watched() == 1


def test_watch_with_an_unwritable_backups_folder_saves_and_warns_in_one_line(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = install_clock(monkeypatch)
    ok("watch", "1")
    (data / "backups").write_bytes(b"not a folder")
    clock.set(DAY0 + timedelta(days=1))
    run = aod("watch", "2")
    assert run.code == 0 and "Error" not in run.stderr, run.stderr
    assert run.stderr.startswith("Warning: could not save a backup copy in ") and run.stderr.count("\n") == 1
    assert _watched() == 2


# --------------------------------------------------------------------------- 11: tiny and full volumes


@contextmanager
def _tmpfs(tmp_path: Path, size: str) -> Iterator[Path]:
    if not sys.platform.startswith("linux") or not IS_ROOT or shutil.which("mount") is None:
        pytest.skip("a small tmpfs needs Linux and root")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(mnt)], capture_output=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.decode().strip() or r.returncode}")
    try:
        yield mnt
    finally:
        if subprocess.run(["umount", str(mnt)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def _free(folder: Path) -> int:
    return shutil.disk_usage(folder).free


def test_on_a_tiny_volume_the_store_is_saved_and_caches_wait_for_room(tmp_path: Path) -> None:
    """64 KiB: less than the pack cache needs. Before the fix the pack cache took the
    space first and no change could ever be saved."""
    with _tmpfs(tmp_path, "64k") as mnt:
        env = {"AOD_DATA_DIR": str(mnt / "data")}
        for args in (["watch", "1"], ["watch", "2"], ["search", "hyosan"], ["episodes"], ["rate", "2", "9"]):
            run = aod(*args, env=env)
            assert run.code == 0, (args, run.stderr)
        assert ok("progress", "--json", env=env).json()["watched"] == 2
        files = snapshot(mnt / "data")
        assert not [n for n in files if n.startswith("cache/")]  # no room to spare: no caches
        assert temps(mnt / "data") == []


def test_a_full_disk_while_writing_the_stores_copy_leaves_no_temp_file(tmp_path: Path) -> None:
    """Room for the new store file, none for its status file: the change is saved and
    nothing is left behind (before the fix: a '.store.json.….tmp' in cache/)."""
    with _tmpfs(tmp_path, "1m") as mnt:
        data = mnt / "data"
        env = {"AOD_DATA_DIR": str(data)}
        ok("watch", "1", env=env)
        filler = mnt / "filler"
        filler.write_bytes(b"\0" * (_free(mnt) - 4096))  # one page left: the new store file's
        run = aod("watch", "2", env=env)
        assert run.code == 0, run.stderr
        assert temps(data) == [] and not (data / "cache" / "store.json.status").exists()
        filler.unlink()
        assert ok("progress", "--json", env=env).json()["watched"] == 2


def test_cache_files_are_read_up_to_twice_the_stores_limit() -> None:
    """(The fast path reads them through cachefile too: one limit for both paths.)"""
    assert cachefile.READ_LIMIT == 2 * document.MAX_BYTES


def test_a_cache_write_that_runs_out_of_space_removes_its_temp_file(tmp_path: Path) -> None:
    """The room check passed, then the disk filled up (another program): ENOSPC, no leftover."""
    with _tmpfs(tmp_path, "64k") as mnt:
        (mnt / "filler").write_bytes(b"\0" * _free(mnt))
        folder = mnt / "cache"
        with pytest.MonkeyPatch.context() as m:
            m.setattr(cachefile, "has_room", lambda *args: True)
            assert cachefile.write(folder / "index.marshal", b"x" * 20_000, root=mnt, store_file=mnt / "none") is False
        assert [p.name for p in folder.iterdir()] == []


def test_cache_writes_leave_room_for_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store_file = tmp_path / "store.json"
    store_file.write_bytes(b"x" * 1000)
    monkeypatch.setattr(shutil, "disk_usage", lambda folder: shutil._ntuple_diskusage(10**9, 0, cachefile.FLOOR + 3500))  # type: ignore[attr-defined]
    assert cachefile.has_room(tmp_path, 500, store_file)  # 3 copies of the store + the floor stay free
    assert not cachefile.has_room(tmp_path, 501, store_file)
    assert not cachefile.write(tmp_path / "cache" / "big", b"y" * 600, root=tmp_path, store_file=store_file)
    assert not (tmp_path / "cache").exists()  # not even its folder


# --------------------------------------------------------------------------- 12: clocks


def test_restore_picks_the_newest_revision_not_the_newest_clock(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = data / "store.json"
    clock = install_clock(monkeypatch)
    commit(add_watch(0))
    commit(add_watch(1))
    clock.set(datetime(2099, 1, 1, tzinfo=timezone.utc))  # one write under a clock far ahead
    commit(add_watch(2))
    clock.set(DAY0 + timedelta(days=1))  # back to the right time
    commit(add_watch(3))  # today's daily copy holds the 2099 version
    commit(add_watch(4))  # .bak: [0, 1, 2, 3]
    path.write_bytes(b"{ damaged")
    rep = restore()
    assert rep.source == data / "store.json.bak"
    assert store_ids(rep.doc) == [hexid(0), hexid(1), hexid(2), hexid(3)]


def test_a_clock_that_ran_ahead_leaves_later_events_at_their_own_time(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = install_clock(monkeypatch, datetime(2099, 1, 1, tzinfo=timezone.utc))
    ok("watch", "1")  # recorded in 2099: the clock said so
    clock.set(DAY0)
    ok("watch", "2")
    ok("rate", "2", "9")
    events = load_bytes((data / "store.json").read_bytes())["profiles"]["default"]["shows"][SHOW]["events"]
    times = [_time(e["recorded"]) for e in events]
    assert times[0].year == 2099
    assert all(DAY0 <= t < DAY0 + timedelta(minutes=5) for t in times[1:]), times
    assert events[1]["at"] == events[1]["recorded"]  # a watch "now" is at its recorded time
    assert events[0]["seq"] < events[1]["seq"] < events[2]["seq"]  # order by what was seen, not by clock
    ok("undo")  # takes back the rating, and only it
    after = load_bytes((data / "store.json").read_bytes())["profiles"]["default"]["shows"][SHOW]["events"]
    assert [e["type"] for e in after] == ["watch", "watch", "rate", "undo"] and after[3]["undoes"] == events[2]["batch"]
    assert _time(after[3]["recorded"]) < DAY0 + timedelta(minutes=5)
    assert ok("progress", "--json").json()["watched"] == 2


def test_backups_dated_in_the_future_never_push_out_todays(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = install_clock(monkeypatch)
    commit(add_watch(0))
    commit(add_watch(1))
    backups = data / "backups"
    some = next(backups.iterdir()).read_bytes()
    for day in range(1, KEEP_DAILY + 1):  # fourteen days of writes under a clock years ahead
        (backups / f"store.2099-01-{day:02d}.json").write_bytes(some)
    clock.set(DAY0 + timedelta(days=1))
    commit(add_watch(2))
    names = sorted(p.name for p in backups.iterdir())
    assert "store.2026-11-21.json" in names and "store.2026-11-20.json" in names
    assert len(names) == KEEP_DAILY
    assert "store.2099-01-14.json" in names and "store.2099-01-01.json" not in names  # dated ahead: out first


# --------------------------------------------------------------------------- 13: the newest good state


@pytest.mark.parametrize("damage", ["garbage", "deleted"])
def test_restore_brings_back_the_newest_backup(data: Path, damage: str) -> None:
    for spec in ("1", "2", "3"):
        ok("watch", spec)
    path = data / "store.json"
    if damage == "deleted":
        path.unlink()
    else:
        path.write_bytes(b'{"schema": 2, "broken')
    run = ok("store", "restore")
    assert "from store.json.bak (revision 2)" in run.stdout
    assert _watched() == 2  # .bak: the version before the last save (cache/ is no restore source)
    ok("store", "check")
    ok("watch", "4")
    assert _watched() == 3


def test_a_deleted_store_after_its_first_save_is_a_first_run(data: Path) -> None:
    """After a single save there is no backup yet, and cache/ is no record of the store:
    nothing to restore, so the next change starts a new store."""
    ok("watch", "1")
    (data / "store.json").unlink()
    assert "does not exist yet" in ok("store", "check").stdout
    ok("watch", "2")
    assert _watched() == 1


@pytest.mark.parametrize(
    "spoil",
    [
        lambda ev: ev.__setitem__("episode", 5),  # an existing event changed in place
        lambda ev: ev.__setitem__("at", "yesterday"),
        lambda ev: ev.pop("recorded"),
    ],
)
def test_a_change_that_spoils_an_event_already_in_the_store_is_refused(spoil: Callable[[dict[str, Any]], Any]) -> None:
    """A commit checks again only the events its change added or altered; one it altered in
    place is checked like a new one (and the store stays as it was)."""
    ok("watch", "1-3")
    store = Path(os.environ["AOD_DATA_DIR"]) / "store.json"
    before = store.read_bytes()

    def mutate(doc: dict[str, Any]) -> None:
        spoil(doc["profiles"]["default"]["shows"]["all-of-us-are-dead"]["events"][1])

    with pytest.raises(StoreError, match="would make it invalid"):
        commit(mutate)
    assert store.read_bytes() == before
