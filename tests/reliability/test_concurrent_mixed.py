"""Concurrent writers through the real CLI, mixing commands and profiles.

8 workers each run 10 ``aod`` subprocess calls one after the other, so about 8
``aod`` processes race for the store at any time (with ``-m slow``; the default
run races 4 workers of 6 calls). The calls cycle through
``watch E --rewatch --at T``, ``rate E S`` and ``note E TEXT``, alternating
between the ``default`` profile and a second profile created first with
``aod profile add``. Every call gets a unique signature (the ``--at`` time, the
(episode, score) pair, the note text), so each event on disk maps back to the
one call that wrote it.

The commands' ``--json`` output does not carry the revision they committed
(only the event ids), so "each revision used exactly once" is checked as: the
final ``revision`` (``aod store check --json``) is the initial one plus the
number of acknowledged calls, with exactly that many events on disk and
exactly the acknowledged ids. If a command ever prints ``revision``, those
values are checked to be exactly ``initial+1 .. initial+N``.

Checks: every call exits 0 (a lock timeout, exit 1 with one clean line, is
tolerated only if its change is not on disk, and is counted); no traceback;
each call's printed event is the one it asked for; ``aod export`` of
each profile holds exactly the acknowledged ids, with each worker's calls in
the order it made them; and the final document equals a serial replay of the
acknowledged calls (in the order they appear on disk) into a fresh store,
compared on everything but ids and times, including the ``rewatch`` flags,
which depend on what each call saw when it committed.

Negative control: the same harness with the lock replaced by a no-op (and a
20 ms flush, through the fault seam) must report lost updates.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from ..support.helpers import aod
from ..support.store_helpers import child_env

pytestmark = pytest.mark.heavy  # out of the quick tier: real aod processes racing

WORKERS = 8  # with -m slow; the default run races a sample of SAMPLE_WORKERS
CALLS = 10  # per worker; a sample of SAMPLE_CALLS (enough to mix every kind and profile)
SAMPLE_WORKERS = 4
SAMPLE_CALLS = 6
SIZES = [
    pytest.param((SAMPLE_WORKERS, SAMPLE_CALLS), id="sample"),
    pytest.param((WORKERS, CALLS), id="full", marks=pytest.mark.slow),
]
PROFILES = ("default", "mina")
BASE = datetime(2024, 1, 1, tzinfo=timezone.utc)

#: The real ``aod`` main with the store's lock (and orphan cleanup) disabled, and a slow flush.
NO_LOCK = """\
import sys, time
from contextlib import nullcontext
from aodcli.fileio import ops as io
from aodcli.store import transaction
_base = io.ops


def _fsync(fd):
    time.sleep(0.02)
    _base.fsync(fd)


io.ops = _base.with_ops(lock=lambda path, timeout: nullcontext(), fsync=_fsync)
# without the lock, orphan cleanup would delete the other writers' temp files
transaction.cleanup_orphans = lambda store: []
sys.argv[0] = "aod"
from aodcli.__main__ import main

main()
"""


@dataclass
class Call:
    worker: int
    index: int
    profile: str
    args: list[str]
    kind: str
    want: dict[str, Any]  # the fields of the event it must write
    rc: int = -999
    out: str = ""
    err: str = ""
    ids: list[str] = field(default_factory=list)
    revision: int | None = None


@dataclass
class Mix:
    calls: list[Call]
    initial_revision: int
    final: dict[str, Any]  # aod store check --json
    history: dict[str, list[dict[str, Any]]]  # profile -> its events in the store's order (aod export)
    seconds: float


def plan(worker: int, index: int) -> Call:
    n = worker * CALLS + index
    profile = PROFILES[(worker + index) % 2]
    kind = ("watch", "rate", "note")[(worker + index) % 3]
    ep = n % 12 + 1
    want: dict[str, Any]
    if kind == "watch":
        at = BASE + timedelta(minutes=n)
        args = ["watch", str(ep), "--rewatch", "--at", at.strftime("%Y-%m-%dT%H:%M:%SZ")]
        want = {"type": "watch", "episode": f"s01e{ep:02d}", "at": at.strftime("%Y-%m-%dT%H:%M:%SZ")}
    elif kind == "rate":
        score = n // 12 + 1
        args = ["rate", str(ep), str(score)]
        want = {"type": "rate", "episode": f"s01e{ep:02d}", "score": score}
    else:
        text = f"worker {worker} call {index}"
        args = ["note", str(ep), text]
        want = {"type": "note", "episode": f"s01e{ep:02d}", "text": text}
    return Call(worker, index, profile, [*args, "--profile", profile], kind, want)


def _aod(env: dict[str, str], *args: str, launcher: str | None = None) -> subprocess.CompletedProcess[str]:
    head = [sys.executable, "-c", launcher] if launcher else [sys.executable, "-m", "aodcli"]
    return subprocess.run([*head, *args], env=env, capture_output=True, text=True, timeout=120)


def _signature(ev: dict[str, Any]) -> tuple[Any, ...]:
    return (ev.get("type"), ev.get("episode"), ev.get("at"), ev.get("score"), ev.get("text"))


def run_mix(data: Path, size: tuple[int, int] = (WORKERS, CALLS), launcher: str | None = None) -> Mix:
    env = child_env(data)
    env["NO_COLOR"] = "1"
    made = _aod(env, "profile", "add", PROFILES[1], "--json")
    assert made.returncode == 0, made.stderr
    first = _aod(env, "store", "check", "--json")
    assert first.returncode == 0, first.stderr
    initial = json.loads(first.stdout)["revision"]

    workers, each = size
    calls = [[plan(w, i) for i in range(each)] for w in range(workers)]
    start = threading.Barrier(workers)

    def worker(mine: list[Call]) -> None:
        start.wait(60)
        for c in mine:
            proc = _aod(env, *c.args, "--json", launcher=launcher)
            c.rc, c.out, c.err = proc.returncode, proc.stdout, proc.stderr

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(mine,)) for mine in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    seconds = time.perf_counter() - t0

    final = _aod(env, "store", "check", "--json")
    history = {}
    for p in PROFILES:
        h = _aod(env, "export", "--profile", p)  # the store's order (history shows viewing-time order)
        assert h.returncode == 0, h.stderr
        history[p] = json.loads(h.stdout)["events"]
    return Mix(
        [c for mine in calls for c in mine],
        initial,
        json.loads(final.stdout) if final.stdout.strip() else {"ok": False, "stderr": final.stderr},
        history,
        seconds,
    )


def problems(mix: Mix) -> tuple[list[str], list[Call], list[Call]]:
    """(problems, acknowledged calls, lock timeouts)."""
    out: list[str] = []
    acked: list[Call] = []
    timeouts: list[Call] = []
    for c in mix.calls:
        tag = f"worker {c.worker} call {c.index} ({' '.join(c.args)})"
        if "Traceback" in c.err:
            out.append(f"{tag}: traceback on stderr")
        if c.rc == 0:
            try:
                doc = json.loads(c.out)
            except ValueError:
                out.append(f"{tag}: exit 0 but stdout is not JSON: {c.out[:100]!r}")
                continue
            events = doc.get("events", [])
            if doc.get("profile") != c.profile or len(events) != 1:
                out.append(f"{tag}: printed profile {doc.get('profile')!r} and {len(events)} events")
                continue
            if {k: events[0].get(k) for k in c.want} != c.want:
                out.append(f"{tag}: printed {events[0]}, want {c.want}")
            c.ids = [events[0]["id"]]
            c.revision = doc.get("revision")
            acked.append(c)
        elif c.rc == 1 and "another aod process is updating" in c.err and c.err.count("\n") == 1 and not c.out:
            timeouts.append(c)
        else:
            out.append(f"{tag}: exit {c.rc}: {c.err.strip()[:200]}")

    final = mix.final
    if not final.get("ok"):
        out.append(f"store check failed: {final}")
        return out, acked, timeouts
    n = len(acked)
    if final["revision"] != mix.initial_revision + n:
        out.append(f"revision {final['revision']}, want {mix.initial_revision} + {n} acknowledged commits")
    if final["events"] != n:
        out.append(f"{final['events']} events on disk, {n} calls acknowledged (lost or extra updates)")
    printed = [c.revision for c in acked]
    if all(r is not None for r in printed) and sorted(printed) != list(  # type: ignore[type-var]
        range(mix.initial_revision + 1, mix.initial_revision + n + 1)
    ):
        out.append(f"printed revisions are not each used once: {sorted(printed)}")  # type: ignore[type-var]

    for p in PROFILES:
        on_disk = [e["id"] for e in mix.history[p]]
        mine = [c for c in acked if c.profile == p]
        if len(on_disk) != len(set(on_disk)):
            out.append(f"{p}: duplicate event ids on disk")
        want_ids = {c.ids[0] for c in mine}
        if set(on_disk) != want_ids:
            lost, extra = want_ids - set(on_disk), set(on_disk) - want_ids
            out.append(f"{p}: on disk != acknowledged (lost {len(lost)}, extra {len(extra)})")
        sigs = {_signature(e) for e in mix.history[p]}
        for c in timeouts:
            if c.profile == p and _signature(c.want) in sigs:
                out.append(f"worker {c.worker} call {c.index}: timed out, yet its change is on disk")
        pos = {ident: i for i, ident in enumerate(on_disk)}
        for w in range(WORKERS):
            order = [pos[c.ids[0]] for c in mine if c.worker == w and c.ids[0] in pos]
            if order != sorted(order):
                out.append(f"{p}: worker {w}'s calls are out of order on disk")
    return out, acked, timeouts


def _normal(ev: dict[str, Any]) -> tuple[Any, ...]:
    """An event without what differs between runs (ids, times of recording)."""
    return (*_signature(ev), ev.get("rewatch"))


def serial_replay(mix: Mix, acked: list[Call]) -> dict[str, list[tuple[Any, ...]]]:
    """Replay the acknowledged calls, in their order on disk, into a fresh store
    (in-process CLI; AOD_DATA_DIR is the test's own folder); return each
    profile's normalised events."""
    by_id = {c.ids[0]: c for c in acked}
    r = aod("profile", "add", PROFILES[1])
    assert r.code == 0, r.stderr
    for p in PROFILES:
        for ev in mix.history[p]:
            c = by_id[ev["id"]]
            r = aod(*c.args)
            assert r.code == 0, (c.args, r.stderr)
    check = aod("store", "check", "--json")
    assert check.json()["revision"] == 1 + len(acked)
    return {p: [_normal(e) for e in aod("export", "--profile", p).json()["events"]] for p in PROFILES}


@pytest.mark.parametrize("size", SIZES)
def test_concurrent_commands_on_two_profiles_equal_a_serial_replay(tmp_path: Path, size: tuple[int, int]) -> None:
    mix = run_mix(tmp_path / "race", size)
    found, acked, timeouts = problems(mix)
    exposed = all(c.revision is not None for c in acked)
    print(
        f"\nconcurrent commands: {len(acked)}/{len(mix.calls)} acknowledged, {len(timeouts)} lock timeouts, "
        f"revision {mix.initial_revision} -> {mix.final.get('revision')}, {mix.seconds:.1f} s; "
        f"revision printed by the commands: {exposed}"
    )
    assert found == [], found[:10]
    assert len(acked) + len(timeouts) == len(mix.calls)
    assert {c.kind for c in acked} == {"watch", "rate", "note"}
    assert {c.profile for c in acked} == set(PROFILES)

    replay = serial_replay(mix, acked)
    for p in PROFILES:
        assert [_normal(e) for e in mix.history[p]] == replay[p], f"profile {p}: differs from a serial replay"
    # the document itself: the same profiles, the active one unchanged
    assert sorted(mix.final["profiles"]) == sorted(PROFILES)


@pytest.mark.parametrize("size", SIZES)
def test_without_the_lock_the_harness_catches_lost_updates(tmp_path: Path, size: tuple[int, int]) -> None:
    """The same harness, with the lock disabled, must catch lost updates or failures."""
    mix = run_mix(tmp_path / "nolock", size, launcher=NO_LOCK)
    found, acked, _ = problems(mix)
    print(f"\nno lock: {len(acked)}/{len(mix.calls)} acknowledged, {len(found)} problems, e.g. {found[:3]}")
    lost = [p for p in found if "lost" in p]
    assert lost, f"no lost update found without the lock: the harness proves nothing ({found[:3]})"


def test_every_planned_call_is_unique_and_each_worker_mixes_kinds_and_profiles() -> None:
    """Every call's signature is unique, and each worker mixes kinds and profiles."""
    for w in range(WORKERS):
        mine = [plan(w, i) for i in range(CALLS)]
        assert {(c.kind, c.profile) for c in mine} == {(k, p) for k in ("watch", "rate", "note") for p in PROFILES}
    every = [_signature(plan(w, i).want) for w in range(WORKERS) for i in range(CALLS)]
    assert len(set(every)) == len(every)
