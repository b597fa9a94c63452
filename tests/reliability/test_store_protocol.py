"""The write protocol: the order of the system calls of a commit, what a failure at
each step leaves (nothing changed, no temp file), a full disk, file modes,
symbolic links, Windows' busy files, and the backups a commit keeps.

Faults are injected through the store's seam (``aodcli.fileio.ops.ops``) or by
monkeypatching ``os`` itself; the seam's defaults look ``os.*`` up at call time.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from aodcli.errors import StoreError
from aodcli.fileio import atomic
from aodcli.fileio import ops as store_io
from aodcli.store import (
    KEEP_DAILY,
    SaveUnconfirmed,
    check,
    commit,
    open_for_read,
    transaction,
)

from ..support.store_helpers import (
    DAY0,
    FaultyIO,
    add_watch,
    build_store,
    child_env,
    hexid,
    install_clock,
    seam,
    sha256,
    snapshot,
    store_ids,
    temps,
)

WRITE_OPS = frozenset({"mkstemp", "write", "fsync", "close", "link", "replace", "fsync_dir"})


@pytest.fixture
def path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("AOD_DATA_DIR", str(data))
    return data / "store.json"


# --- the order of the calls -----------------------------------------------------------


def _write_calls(spy: FaultyIO) -> list[tuple[str, tuple[Any, ...]]]:
    return [(name, args) for name, args in spy.calls if name in WRITE_OPS]


def test_a_first_commit_writes_a_temp_flushes_it_replaces_then_flushes_the_folder(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_clock(monkeypatch)
    spy = FaultyIO()
    with seam(monkeypatch, spy.table()):
        commit(add_watch(0))
    calls = _write_calls(spy)
    names = [n for n, _ in calls]
    assert names == ["mkstemp", "write", "fsync", "close", "replace", "fsync_dir"]
    real_dir = os.path.realpath(path.parent)
    (_, (mk_dir, prefix, suffix)), (_, (fd, _data)), (_, (fsync_fd,)), (_, (close_fd,)) = calls[:4]
    assert (mk_dir, prefix, suffix) == (real_dir, ".store.json.", ".tmp")
    assert fd == fsync_fd == close_fd
    replace_src, replace_dst = calls[4][1]
    assert Path(replace_src).parent == Path(real_dir) and replace_dst == str(path)
    assert calls[5][1] == (real_dir,)
    # the lock was taken before anything, and the current file read under it
    assert spy.names()[:2] == ["lock", "read"]


def test_a_later_commit_rotates_the_backups_before_the_replace(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = install_clock(monkeypatch)
    commit(add_watch(0))
    clock.set(DAY0 + timedelta(days=1))  # first write of a new UTC day: daily snapshot too
    spy = FaultyIO()
    with seam(monkeypatch, spy.table()):
        commit(add_watch(1))
    calls = _write_calls(spy)
    assert [n for n, _ in calls] == [
        "mkstemp",
        "write",
        "fsync",
        "close",
        "link",  # store.json -> .store.json.bak.tmp (a frozen copy: files are never edited)
        "replace",  # -> store.json.bak
        "link",  # store.json -> backups/.store.2026-11-21.tmp
        "replace",  # -> backups/store.2026-11-21.json
        "replace",  # temp -> store.json: the commit point
        "fsync_dir",
    ]
    data = str(path.parent)
    assert calls[4][1] == (str(path), f"{data}/.store.json.bak.tmp")
    assert calls[5][1] == (f"{data}/.store.json.bak.tmp", f"{data}/store.json.bak")
    assert calls[7][1][1] == f"{data}/backups/store.2026-11-21.json"
    assert calls[8][1][1] == str(path)
    # same day again: no second daily snapshot
    spy = FaultyIO()
    with seam(monkeypatch, spy.table()):
        commit(add_watch(2))
    assert [n for n, _ in _write_calls(spy)] == [
        "mkstemp",
        "write",
        "fsync",
        "close",
        "link",
        "replace",
        "replace",
        "fsync_dir",
    ]


# --- a failure at any step changes nothing --------------------------------------------


@pytest.mark.parametrize("code", [errno.EIO, errno.EXDEV, errno.EACCES])
def test_a_failed_replace_changes_nothing_and_leaves_no_temp(
    path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    build_store(path)
    before = snapshot(path.parent)
    real_replace = os.replace

    def replace(src: str, dst: str) -> None:
        if dst == str(path):
            raise OSError(code, os.strerror(code))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(StoreError, match=r"could not save .*nothing was changed") as info:
        commit(add_watch(9))
    monkeypatch.undo()
    assert os.strerror(code) in str(info.value)
    assert snapshot(path.parent)["store.json"] == before["store.json"]
    assert temps(path.parent) == []


def test_a_failed_flush_is_not_retried_and_changes_nothing(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_store(path)
    before = sha256(path)
    calls: list[int] = []

    def fsync(fd: int) -> None:
        calls.append(fd)
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(StoreError, match="Input/output error"):
        commit(add_watch(9))
    monkeypatch.undo()
    assert len(calls) == 1  # after a failed fsync the page cache cannot be trusted: no retry
    assert sha256(path) == before
    assert temps(path.parent) == []


def test_a_half_write_then_a_full_disk_changes_nothing(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_store(path)
    before = sha256(path)
    base = store_io.default_ops()
    state = {"n": 0}

    def write(fd: int, data: bytes | memoryview) -> int:
        state["n"] += 1
        if state["n"] == 1:
            return base.write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    with seam(monkeypatch, base.with_ops(write=write)), pytest.raises(StoreError) as info:
        commit(add_watch(9))
    assert "No space left on device (ENOSPC)" in str(info.value)
    assert state["n"] == 2
    assert sha256(path) == before
    assert temps(path.parent) == []


def test_ctrl_c_while_serialising_changes_nothing(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_store(path)
    before = snapshot(path.parent)

    def dumps(*args: Any) -> bytes:
        raise KeyboardInterrupt

    monkeypatch.setattr(transaction, "dumps", dumps)
    with pytest.raises(KeyboardInterrupt):
        commit(add_watch(9))
    assert snapshot(path.parent) == before


def test_ctrl_c_mid_write_removes_the_temp(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_store(path)
    before = snapshot(path.parent)
    base = store_io.default_ops()

    def fsync(fd: int) -> None:
        raise KeyboardInterrupt

    with seam(monkeypatch, base.with_ops(fsync=fsync)), pytest.raises(KeyboardInterrupt):
        commit(add_watch(9))
    assert snapshot(path.parent) == before


def test_mutate_error_aborts_with_nothing_written(path: Path) -> None:
    from aodcli.errors import UsageError

    build_store(path)
    before = snapshot(path.parent)

    def mutate(doc: dict[str, Any]) -> None:
        doc["profiles"]["default"]["shows"].clear()
        raise UsageError("bad SPEC")

    with pytest.raises(UsageError):
        commit(mutate)
    assert snapshot(path.parent) == before


def test_invalid_change_is_refused_before_any_io(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_store(path)
    before = snapshot(path.parent)
    spy = FaultyIO()

    def mutate(doc: dict[str, Any]) -> None:
        doc["profiles"]["default"]["shows"]["all-of-us-are-dead"]["events"][0]["at"] = "yesterday"

    with seam(monkeypatch, spy.table()), pytest.raises(StoreError, match="refusing to save"):
        commit(mutate)
    assert not WRITE_OPS & set(spy.names())
    assert snapshot(path.parent) == before


def test_folder_fsync_failure_after_the_replace_is_reported_not_rolled_back(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_store(path)
    base = store_io.default_ops()

    def fsync_dir(folder: str) -> None:
        raise OSError(errno.EIO, "Input/output error")

    with (
        seam(monkeypatch, base.with_ops(fsync_dir=fsync_dir)),
        pytest.raises(SaveUnconfirmed) as info,
    ):
        commit(add_watch(7))
    err = info.value
    assert str(err).startswith("saved, but could not confirm it reached the disk: ")
    assert err.value == hexid(7)
    on_disk = open_for_read(path).doc
    assert on_disk == err.doc
    assert store_ids(on_disk)[-1] == err.value


# --- a real full disk -----------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_real_full_disk_changes_nothing_and_the_retry_succeeds(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_store(path)
    before = sha256(path)
    base = store_io.default_ops()

    def mkstemp(folder: str, prefix: str, suffix: str) -> tuple[int, str]:
        fd, name = base.mkstemp(folder, prefix, suffix)
        full = os.open("/dev/full", os.O_WRONLY)
        os.dup2(full, fd)  # the temp's descriptor now writes to /dev/full: real ENOSPC
        os.close(full)
        return fd, name

    with seam(monkeypatch, base.with_ops(mkstemp=mkstemp)), pytest.raises(StoreError) as info:
        commit(add_watch(5))
    assert "No space left on device" in str(info.value)
    assert sha256(path) == before
    assert temps(path.parent) == []
    # space freed: the same command succeeds
    doc, ident = commit(add_watch(5))
    assert store_ids(doc)[-1] == ident


# --- file modes -----------------------------------------------------------------------


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
@pytest.mark.parametrize("umask", [0o000, 0o077, 0o022])
def test_files_are_private_whatever_the_umask(path: Path, monkeypatch: pytest.MonkeyPatch, umask: int) -> None:
    clock = install_clock(monkeypatch)
    old = os.umask(umask)
    try:
        commit(add_watch(0))
        clock.set(DAY0 + timedelta(days=1))
        commit(add_watch(1))
        path.write_bytes(b"{")  # make it bad, then restore
        path.chmod(0o600)
        from aodcli.store import restore

        restore()
    finally:
        os.umask(old)
    data = path.parent
    modes = {str(p.relative_to(data)): stat.S_IMODE(p.stat().st_mode) for p in [data, *data.rglob("*")]}
    for name, mode in modes.items():
        want = 0o700 if (data / name).is_dir() else 0o600
        assert mode == want, (name, oct(mode), oct(umask))
    assert {"store.json", "store.json.bak", "store.json.lock", "backups", "corrupt"} <= set(modes)


# --- symbolic links -------------------------------------------------------------------


def test_a_data_folder_that_is_a_symlink_keeps_working(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    monkeypatch.setenv("AOD_DATA_DIR", str(link))
    commit(add_watch(0))
    commit(add_watch(1))
    assert link.is_symlink()
    assert store_ids(open_for_read().doc or {}) == [hexid(0), hexid(1)]
    assert store_ids(open_for_read(real / "store.json").doc or {}) == [hexid(0), hexid(1)]
    assert (real / "store.json").is_file() and (real / "store.json.bak").is_file()


def test_a_store_file_linked_into_another_folder_stays_a_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    elsewhere = tmp_path / "sync"
    elsewhere.mkdir()
    commit(add_watch(0), elsewhere / "store.json")
    data.mkdir(mode=0o700)
    link = data / "store.json"
    link.symlink_to(elsewhere / "store.json")
    spy = FaultyIO()
    with seam(monkeypatch, spy.table()):
        commit(add_watch(1), link)
    assert link.is_symlink()  # the link is still a link
    mk_dir = next(args[0] for name, args in spy.calls if name == "mkstemp")
    assert mk_dir == os.path.realpath(elsewhere)  # the temp was made next to the real file
    assert len(store_ids(open_for_read(elsewhere / "store.json").doc or {})) == 2
    assert temps(tmp_path) == []


def test_a_dangling_store_link_is_a_clear_error(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    link = data / "store.json"
    link.symlink_to(tmp_path / "gone" / "store.json")
    with pytest.raises(StoreError, match=r"symbolic link to .*which does not exist"):
        commit(add_watch(0), link)
    result = open_for_read(link)
    assert not result.ok and result.warning and "symbolic link" in result.warning
    assert link.is_symlink() and not link.exists()


# --- Windows: a busy file -------------------------------------------------------------


def test_windows_retries_a_replace_of_a_busy_file_a_few_times(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic, "_WINDOWS_RETRY_DELAYS", (0.0,) * 4)
    attempts: list[str] = []

    def busy(n: int) -> Any:
        def replace(src: str, dst: str) -> None:
            attempts.append(src)
            if len(attempts) <= n:
                err = PermissionError(errno.EACCES, "Access is denied")
                err.winerror = 32  # type: ignore[attr-defined]
                raise err

        return replace

    with monkeypatch.context() as m:
        m.setattr(atomic.os, "name", "nt")
        m.setattr(store_io, "ops", store_io.default_ops().with_ops(replace=busy(4)))
        atomic.replace_file("a", "b")  # 4 failures, then success
        assert len(attempts) == 5
        attempts.clear()
        m.setattr(store_io, "ops", store_io.default_ops().with_ops(replace=busy(5)))
        with pytest.raises(PermissionError):
            atomic.replace_file("a", "b")  # over budget
    attempts.clear()
    monkeypatch.setattr(store_io, "ops", store_io.default_ops().with_ops(replace=busy(1)))
    with pytest.raises(PermissionError):
        atomic.replace_file("a", "b")  # POSIX never retries EACCES
    assert len(attempts) == 1


# --- backups --------------------------------------------------------------------------


def test_a_commit_keeps_the_previous_version_and_the_last_few_daily_copies(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = install_clock(monkeypatch)
    previous = None
    for day in range(20):
        clock.set(DAY0 + timedelta(days=day))
        for k in range(2):
            commit(add_watch(day * 2 + k))
            if previous is not None:
                assert (path.parent / "store.json.bak").read_bytes() == previous
            previous = path.read_bytes()
    daily = sorted(p.name for p in (path.parent / "backups").iterdir())
    assert len(daily) == KEEP_DAILY
    assert daily[-1] == "store.2026-12-09.json"  # day 19: the state before its first write
    report = check(path)
    assert report.ok and all(b.ok for b in report.backups)
    assert len(report.backups) == KEEP_DAILY + 1


def test_link_unsupported_falls_back_to_a_copy(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_store(path, commits=1)
    previous = path.read_bytes()

    def link(src: str, dst: str) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")  # what FAT/exFAT answer

    with seam(monkeypatch, store_io.default_ops().with_ops(link=link)):
        commit(add_watch(1))
    bak = path.parent / "store.json.bak"
    assert bak.read_bytes() == previous
    assert bak.stat().st_ino != path.stat().st_ino
    assert stat.S_IMODE(bak.stat().st_mode) == 0o600


def test_orphan_temps_are_removed_by_the_next_commit(path: Path) -> None:
    build_store(path)
    data = path.parent
    for name in (".store.json.abc123.tmp", ".store.json.bak.tmp", "backups/.store.x.tmp"):
        (data / name).write_bytes(b"partial")
    (data / "unrelated.tmp").write_bytes(b"keep")
    assert check(path).orphans
    commit(add_watch(3))
    assert temps(data) == ["unrelated.tmp"]


def test_lock_file_is_kept(path: Path) -> None:
    build_store(path)
    lock = path.parent / "store.json.lock"
    assert lock.exists() and lock.stat().st_size == 0


def test_importing_the_store_stays_cheap() -> None:
    code = (
        "import sys, aodcli.store; "
        "print(sorted(m for m in ('filelock', 'tempfile', 'uuid', 'hashlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=child_env(), check=True)
    assert out.stdout.strip() == "[]"
