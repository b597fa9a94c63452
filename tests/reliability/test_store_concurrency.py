"""Concurrent writers at API level, and lock contention with a holder that is killed.

20 spawn-context processes x 50 commits through the real store API (with
``-m slow``; 8 x 25 in the default run) must keep every event, each worker's
events in its own order, and ``revision`` must rise by exactly the number of
commits. The negative control disables the lock
through the seam and must lose updates (while the file stays valid: the
atomic replace alone prevents corruption, not lost updates).
"""

from __future__ import annotations

import multiprocessing
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aodcli.errors import StoreError
from aodcli.store import commit, open_for_read, transaction

from ..support.store_crashkit import hexid, worker
from ..support.store_helpers import add_watch, child_env, sha256, store_ids

pytestmark = pytest.mark.heavy  # out of the quick tier: spawned writer processes

WORKERS = 20
COMMITS = 50


def _run_workers(data: Path, use_lock: bool, workers: int = WORKERS, commits: int = COMMITS) -> list[int | None]:
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Event()
    procs = [ctx.Process(target=worker, args=(str(data), w, commits, use_lock, start)) for w in range(workers)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(120)
    return [p.exitcode for p in procs]


#: A sample in the default run; the full count with ``-m slow``.
SIZES = [pytest.param(8, 25, id="sample"), pytest.param(WORKERS, COMMITS, id="full", marks=pytest.mark.slow)]


@pytest.mark.parametrize(
    ("workers", "commits"),
    SIZES,
)
def test_concurrent_writers_lose_nothing(tmp_path: Path, workers: int, commits: int) -> None:
    data = tmp_path / "data"
    path = data / "store.json"
    doc, _ = commit(lambda d: None, path)
    initial = doc["revision"]
    started = time.perf_counter()
    codes = _run_workers(data, True, workers, commits)
    elapsed = time.perf_counter() - started
    assert codes == [0] * workers
    result = open_for_read(path)
    assert result.ok and result.warning is None and result.doc is not None
    ids = store_ids(result.doc)
    print(f"\nconcurrent writers: {len(set(ids))}/{workers * commits} events kept in {elapsed:.1f} s")
    assert len(ids) == len(set(ids)) == workers * commits
    for w in range(workers):
        mine = [i for i in ids if i.startswith(f"{w + 1:08x}")]
        assert mine == [hexid(i, w + 1) for i in range(commits)], f"worker {w} out of order"
    assert result.doc["revision"] == initial + workers * commits


@pytest.mark.parametrize(
    ("workers", "commits"),
    SIZES,
)
def test_without_the_lock_concurrent_writers_lose_updates(tmp_path: Path, workers: int, commits: int) -> None:
    data = tmp_path / "data"
    path = data / "store.json"
    commit(lambda d: None, path)
    codes = _run_workers(data, False, workers, commits)
    assert codes == [0] * workers
    result = open_for_read(path)
    assert result.ok and result.doc is not None  # still a whole, valid file
    kept = len(set(store_ids(result.doc)))
    print(f"\nconcurrent writers, no lock: {kept}/{workers * commits} events kept")
    assert kept < workers * commits, "no update was lost without the lock: the test proves nothing"


HOLDER = """
import sys, time
from filelock import FileLock
lock = FileLock(sys.argv[1], timeout=5, mode=0o600)
lock.acquire()
print("held", flush=True)
time.sleep(60)
"""


def _hold_lock(lock_path: Path) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(lock_path)], stdout=subprocess.PIPE, env=child_env())
    assert proc.stdout is not None
    assert proc.stdout.readline() == b"held\n"
    return proc


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX")
def test_a_held_lock_times_out_cleanly_and_a_killed_holder_leaves_no_stale_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "data" / "store.json"
    commit(add_watch(0), path)
    before = sha256(path)
    monkeypatch.setattr(transaction, "LOCK_TIMEOUT", 0.5)
    holder = _hold_lock(path.parent / "store.json.lock")
    try:
        started = time.perf_counter()
        with pytest.raises(StoreError, match=r"another aod process is updating .*; try again"):
            commit(add_watch(1), path)
        assert time.perf_counter() - started < 0.5 + 1.0
        assert sha256(path) == before
        assert open_for_read(path).ok  # readers take no lock
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()
    # (b) the kernel released the dead holder's lock: no stale lock
    started = time.perf_counter()
    commit(add_watch(1), path)
    assert time.perf_counter() - started < 0.5
    assert (path.parent / "store.json.lock").exists()  # the lock file is never deleted
