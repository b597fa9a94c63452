"""The lock (issue 19): waiters back off instead of polling, and a lock file that
cannot be created fails at once with the OS's reason.

Before: waiters retried every 5 ms (50 of them kept a core busy), and a lock file
that could not be created (``AOD_DATA_DIR=/proc/self``) made aod wait 60 s and then
blame "another aod process".
"""

from __future__ import annotations

import os
import subprocess
import sys
from itertools import islice
from pathlib import Path
from typing import Any

import pytest

from aodcli.fileio import ops as io

from ..support.helpers import fails, ok
from ..support.store_helpers import child_env

HOLDER = """
import sys
from filelock import FileLock
lock = FileLock(sys.argv[1], mode=0o600)
lock.acquire()
print("held", flush=True)
sys.stdin.readline()
"""


def _run_aod(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real CLI in a child process; a regression to the 60 s wait fails on the timeout."""
    return subprocess.run(
        [sys.executable, "-m", "aodcli", *args],
        env=child_env(data),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def _one_error_line(run: subprocess.CompletedProcess[str]) -> str:
    assert run.returncode == 1, (run.stdout, run.stderr)
    assert run.stdout == ""
    assert run.stderr.startswith("Error: ") and run.stderr.count("\n") == 1, run.stderr
    assert "another aod" not in run.stderr and "Traceback" not in run.stderr
    return run.stderr


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="Linux /proc")
def test_a_data_folder_where_no_file_can_be_created_fails_at_once_naming_the_reason() -> None:
    err = _one_error_line(_run_aod(Path("/proc/self"), "watch", "1"))
    assert err == (
        "Error: cannot create the lock file /proc/self/store.json.lock: No such file or directory (ENOENT); "
        "nothing was changed\n"
    )


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="Linux /proc")
def test_sync_lock_that_cannot_be_created_fails_at_once_naming_the_reason(tmp_path: Path) -> None:
    folder = tmp_path / "sync"
    folder.mkdir()
    err = _one_error_line(_run_aod(Path("/proc/self"), "sync", str(folder)))
    assert "cannot create the lock file /proc/self/sync.lock: No such file or directory (ENOENT)" in err


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores folder permissions")
def test_a_read_only_data_folder_fails_at_once_naming_the_reason(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o500)
    try:
        err = _one_error_line(_run_aod(data, "watch", "1"))
    finally:
        data.chmod(0o700)
    assert f"cannot create the lock file {data / 'store.json.lock'}: Permission denied (EACCES)" in err
    assert list(data.iterdir()) == []


def test_a_lock_file_that_cannot_be_opened_is_named_with_the_reason(_isolated_user_files: Path) -> None:
    data = _isolated_user_files
    ok("watch", "1")
    before = (data / "store.json").read_bytes()
    (data / "store.json.lock").unlink()
    (data / "store.json.lock").mkdir()  # a folder where the lock file goes: EISDIR
    run = fails(1, "watch", "2")
    assert f"cannot use the lock file {data / 'store.json.lock'}: Is a directory (EISDIR)" in run.stderr
    assert (data / "store.json").read_bytes() == before


# --------------------------------------------------------------------------- backoff


def test_sleeps_between_attempts_grow_to_the_cap() -> None:
    delays = list(islice(io._lock_delays(io.LOCK_POLL, io.LOCK_POLL_CAP), 40))
    assert delays[0] <= io.LOCK_POLL  # a lone short wait is retried within milliseconds
    assert all(io.LOCK_POLL / 2 <= d <= io.LOCK_POLL_CAP for d in delays)
    assert all(d >= io.LOCK_POLL_CAP / 2 for d in delays[15:])  # then it stays near the cap
    assert len(set(delays)) > 30  # jittered: waiters started together spread out


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_a_waiter_does_not_busy_poll_a_held_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over a second of waiting, a waiter tries the lock (one ``flock`` call each time)
    a dozen or so times; a fixed 5 ms poll tried about 200 times. Counts, not speed: a
    loaded machine only lowers them."""
    import fcntl

    path = tmp_path / "store.json.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=child_env()
    )
    assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
    holder.stdout.close()
    attempts = 0
    flock = fcntl.flock

    def counted(fd: Any, operation: int) -> None:
        nonlocal attempts
        attempts += operation & fcntl.LOCK_EX != 0
        flock(fd, operation)

    monkeypatch.setattr(fcntl, "flock", counted)
    try:
        with pytest.raises(TimeoutError), io.ops.lock(str(path), 1.0):
            pass
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert 2 <= attempts <= 40, attempts
    with io.ops.lock(str(path), 30.0):  # free again: taken at once
        pass
