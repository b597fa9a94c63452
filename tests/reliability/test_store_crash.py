"""Killed mid-write (SIGKILL) again and again, the store stays whole; with its negative control.

A child process commits watch events in a loop and prints ``ack <id>`` after
each commit. The parent kills it at a uniform random 0-220 ms after the child
says ``ready`` (its imports done), then checks:
the file parses and validates, every acknowledged event is on disk, the ids on
disk are exactly the prefix ``hexid(0..n-1)`` (no gap, no duplicate), and temp
files left by a kill are gone once the next writer has committed. Coverage: at
least 25% of kills must leave an orphan temp (the kill landed mid-write).

The control runs the same harness on a naive ``json.dump`` writer and must
leave corrupt files.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aodcli.store import check, open_for_read

from ..support.store_crashkit import hexid
from ..support.store_helpers import SHOW, child_env, store_ids, temps

CRASHKIT = str(Path(__file__).resolve().parents[1] / "support" / "store_crashkit.py")

pytestmark = [
    pytest.mark.heavy,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)"),
]

#: Kills with the emulated flush latency: a sample in the default run, more with ``-m slow``.
SAMPLE_KILLS = 40
MORE_KILLS = 200
LONG_KILLS = 2000
#: Emulated flush latency for those runs (see store_crashkit.slow_disk): this VM's
#: fsync returns in ~0.4 ms, so without it only ~12% of kills land mid-write.
FLUSH_MS = 5.0


def _spawn(mode: str, data: Path, flush_ms: float = 0.0) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, CRASHKIT, mode, str(data), "1000000", str(flush_ms)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(),
    )


def _kill_after(proc: subprocess.Popen[bytes], delay: float) -> tuple[list[str], bytes]:
    """SIGKILL ``delay`` seconds after the child's ``ready`` line; the acks it printed."""
    assert proc.stdout is not None
    proc.stdout.readline()  # ``ready`` (or nothing, if the child failed to start)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate()
    lines = out.split(b"\n")[:-1]  # a line cut by the kill has no newline: not an ack
    acks = [ln.split()[1].decode() for ln in lines if ln.startswith(b"ack ")]
    return acks, err


def kill_loop(data: Path, kills: int, seed: int, flush_ms: float) -> dict[str, float]:
    rng = random.Random(seed)
    path = data / "store.json"
    acked: set[str] = set()
    orphan_kills = 0
    cleaned_checks = 0
    started = time.perf_counter()
    for k in range(kills):
        leftovers = set(temps(data))
        proc = _spawn("safe", data, flush_ms)
        acks, err = _kill_after(proc, rng.uniform(0.0, 0.220))
        assert proc.returncode == -signal.SIGKILL, (k, proc.returncode, err[-2000:])
        acked.update(acks)

        if temps(data):
            orphan_kills += 1
        if acks and leftovers:
            # the child committed at least once: the earlier orphans must be gone
            assert not leftovers & set(temps(data)), (k, leftovers)
            cleaned_checks += 1

        report = check(path)
        if report.state == "missing":  # killed before its first commit ever
            assert not acked
            continue
        assert report.ok, (k, report.message)
        result = open_for_read(path)
        assert result.ok and result.warning is None and result.doc is not None
        ids = store_ids(result.doc)
        assert ids == [hexid(i) for i in range(len(ids))], f"kill {k}: not a prefix"
        assert acked <= set(ids), f"kill {k}: acknowledged events lost: {acked - set(ids)}"
        # the .bak, when present, is a valid earlier version
        assert all(b.ok for b in report.backups), [b.problem for b in report.backups]
    elapsed = time.perf_counter() - started

    # the next command succeeds and removes the orphan temps
    proc = subprocess.run(
        [sys.executable, CRASHKIT, "safe", str(data), "1"],
        capture_output=True,
        env=child_env(),
        check=True,
    )
    assert proc.stdout.startswith(b"ready\nack ")
    assert temps(data) == []
    final = store_ids(open_for_read(path).doc or {})
    return {
        "kills": kills,
        "acks": len(acked),
        "events": len(final),
        "orphan_kills": orphan_kills,
        "orphan_share": orphan_kills / kills,
        "cleaned_checks": cleaned_checks,
        "seconds": elapsed,
    }


def _report(name: str, stats: dict[str, float]) -> None:
    print(f"\n{name}: " + ", ".join(f"{k}={v:.3g}" for k, v in stats.items()))


@pytest.mark.parametrize(
    "kills", [pytest.param(SAMPLE_KILLS, id="sample"), pytest.param(MORE_KILLS, id="more", marks=pytest.mark.slow)]
)
def test_a_writer_killed_at_any_moment_leaves_a_whole_store_with_every_acknowledged_event(
    tmp_path: Path, kills: int
) -> None:
    stats = kill_loop(tmp_path / "data", kills, seed=20261121, flush_ms=FLUSH_MS)
    _report("SIGKILL loop", stats)
    assert stats["acks"] > 0
    assert stats["orphan_share"] >= 0.25, stats


@pytest.mark.slow
def test_a_writer_killed_at_any_moment_long_run_without_emulated_latency(
    tmp_path: Path,
) -> None:
    stats = kill_loop(tmp_path / "data", LONG_KILLS, seed=random.randrange(2**32), flush_ms=0)
    _report("SIGKILL loop, long run (no emulated flush latency)", stats)
    assert stats["acks"] > 0


def test_a_naive_writer_killed_mid_write_corrupts_the_file(tmp_path: Path) -> None:
    """The same harness on a naive json.dump writer must end with a corrupt file."""
    data = tmp_path / "naive"
    data.mkdir()
    path = data / "store.json"
    events = [{"id": hexid(i), "type": "watch", "episode": "s01e01", "at": None} for i in range(3000)]
    seed_doc = {"profiles": {"default": {"shows": {SHOW: {"events": events}}}}}
    seed = json.dumps(seed_doc, indent=2, sort_keys=True)
    rng = random.Random(7)
    kills = 10  # about 9 in 10 leave a corrupt file
    corrupt = 0
    for _ in range(kills):
        path.write_text(seed, encoding="utf-8")
        proc = _spawn("naive", data)
        _kill_after(proc, rng.uniform(0.0, 0.220))
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except ValueError:  # JSONDecodeError or UnicodeDecodeError
            corrupt += 1
    print(f"\nSIGKILL loop, naive writer: {corrupt}/{kills} naive files corrupt")
    assert corrupt >= 1, "the naive writer survived every kill: the harness proves nothing"
