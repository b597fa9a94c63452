"""Ctrl-C (SIGINT) at any moment, again and again, against real ``aod`` processes.

Each attempt starts one real ``aod`` command (``watch 3 --rewatch --at T`` or
``note 3 TEXT``, with ``--json``), sends it SIGINT after a random delay and waits
for it. Every attempt is labelled (the note text, or the ``--at`` minute), so
the events on disk can be mapped back to the attempts that wrote them.

After every attempt the parent checks the store (as the SIGKILL loop does):

- it parses and validates strictly (``check``) and reads without a warning;
- every change whose confirmation reached stdout is on disk;
- the labels on disk are strictly increasing (no duplicate, no reordering), and
  ``revision`` equals the number of events (one commit per event);
- temp files left earlier are gone once a later command has run to the end.

And the exit contract: no ``Traceback`` on stderr, and
either exit 0 (the command finished first), exit 130 with ``Aborted!`` alone on
stderr (stdout may hold output cut short), or the signal arrived before the
interpreter was up: death by SIGINT (returncode -2) with nothing on stderr, or
CPython's own start-up failure ("Fatal Python error: ...", "Could not import
runpy module", or a KeyboardInterrupt while runpy is still looking for
``aodcli``; exit 1 or -2), before any aodcli code has run.

What was chosen, and why. 100 real CLI processes take about 10-15 s on a
2-core machine, so the default run makes 30 interrupts (a sample: more are made
at the commit until enough land mid-write), and ``-m slow`` 1,000 (about
2 minutes). Even attempts run ``python -m aodcli`` unchanged, with the delay
uniform over 1.6 times the life of an uninterrupted run (measured before the loop:
past 1.0 the command has finished, and the coverage check wants a few of those; at
1.3 times, the sample's five latest delays fell within the life of a run slowed by a
busy disk, and the check failed). Odd attempts run the
same ``aodcli.__main__.main`` through a small ``-c`` launcher that wraps the
store's fault seam, as the SIGKILL loop's ``slow_disk`` does: a 30 ms flush latency (10 ms
for the folder), because this VM's fsync takes ~0.4 ms and a real commit is too
short to hit; and ``begin``/``fsync``/``replacing``/``replaced``/``end`` markers. Those
attempts aim the signal at the commit by the child's own clock, not the parent's:
the parent waits for the ``begin`` marker (the temp file is about to be made), then
sends the signal after a delay uniform over the commit's emulated length plus 10 ms
(about 60% of the window is between the temp file's flush and the replace). Aiming
by time since the spawn missed on a busy machine, where start-up varies by more than
the whole window. The markers allow two more checks: a change is on disk only if its
replace was reached, and always when the replace returned; and an interrupt that
landed after the temp file was written but before the replace leaves the old
version and no temp file (the unwinding removed it). Coverage is asserted: at
least 5 interrupts land mid-write (typically 11-13 of the 15 aimed ones); those
landing after the commit point (written, not acknowledged) are counted and printed.

"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from aodcli.store import check, open_for_read, parse_utc, profile_events

from ..support.store_helpers import SHOW, child_env, temps

pytestmark = [
    pytest.mark.heavy,
    pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name != "posix", reason="needs POSIX SIGINT"),
]

SAMPLE_INTERRUPTS = 30
MIN_MID_WRITE = 5  # interrupts that must land between the temp file's fsync and the replace
LONG_INTERRUPTS = 1000
#: Emulated flush latency (ms) for the seam-launcher attempts.
FLUSH_MS = 30.0
#: ``watch --at`` of attempt k is BASE + k minutes (after the release dates, before now).
BASE = datetime(2024, 1, 1, tzinfo=timezone.utc)
#: CPython failing during its own start-up: no aodcli code has run yet.
CPYTHON_STARTUP = (b"Fatal Python error: ", b"Could not import runpy module")

#: The real ``aod`` main, with the store's fault seam wrapped: flush latency and markers.
LAUNCHER = """\
import os, signal, sys, time
try:
    from aodcli.fileio import ops as io
except KeyboardInterrupt:  # in this launcher's own set-up, before aod's main: as if not started
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGINT)
_base = io.ops
_log = os.environ["AOD_SIGINT_LOG"]
_delay = float(os.environ["AOD_SIGINT_FLUSH_MS"]) / 1000


def _mark(text):
    with open(_log, "a", encoding="utf-8") as fh:
        fh.write(f"{text}\\t{time.time()!r}\\n")


def _mkstemp(folder, prefix, suffix):
    _mark("begin")
    fd, name = _base.mkstemp(folder, prefix, suffix)
    _mark("tmp " + name)
    return fd, name


def _fsync(fd):
    _mark("fsync")
    time.sleep(_delay)
    _base.fsync(fd)


def _replace(src, dst):
    _mark("replacing " + dst)
    _base.replace(src, dst)
    _mark("replaced " + dst)


def _fsync_dir(path):
    time.sleep(_delay / 3)
    _base.fsync_dir(path)
    _mark("end")


io.ops = _base.with_ops(mkstemp=_mkstemp, fsync=_fsync, replace=_replace, fsync_dir=_fsync_dir)
sys.argv[0] = "aod"
from aodcli.__main__ import main

main()
"""


@dataclass
class Attempt:
    k: int
    seam: bool
    delay: float
    rc: int
    out: bytes
    err: bytes
    marks: dict[str, float] = field(default_factory=dict)
    outcome: str = ""


@dataclass
class LoopResult:
    attempts: list[Attempt] = field(default_factory=list)
    store_problems: list[str] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


# --------------------------------------------------------------------------- running one attempt


def _argv(k: int, seam: bool) -> list[str]:
    if k % 4 in (0, 1):
        at = (BASE + timedelta(minutes=k)).strftime("%Y-%m-%dT%H:%M:%SZ")
        args = ["watch", "3", "--rewatch", "--at", at, "--json"]
    else:
        args = ["note", "3", f"interrupt attempt #{k}", "--json"]
    head = [sys.executable, "-c", LAUNCHER] if seam else [sys.executable, "-m", "aodcli"]
    return head + args


def _label(ev: dict[str, Any]) -> int | None:
    """The attempt that wrote ``ev``."""
    if ev.get("type") == "note":
        m = re.fullmatch(r"interrupt attempt #(\d+)", ev.get("text", ""))
        return int(m.group(1)) if m else None
    if ev.get("type") == "watch" and isinstance(ev.get("at"), str):
        minutes = (parse_utc(ev["at"]) - BASE) / timedelta(minutes=1)
        return int(minutes) if minutes == int(minutes) and minutes >= 0 else None
    return None


def _read_marks(log: Path, store_path: str) -> dict[str, float]:
    marks: dict[str, float] = {}
    if not log.exists():
        return marks
    for line in log.read_text(encoding="utf-8").splitlines():
        if "\t" not in line:
            continue  # a marker cut by the interrupt
        tag, stamp = line.rsplit("\t", 1)
        if tag.startswith(("replacing ", "replaced ")):
            verb, dst = tag.split(" ", 1)
            if os.path.realpath(dst) != store_path:
                continue  # the .bak / daily rotation, not the commit point
            tag = verb
        elif tag.startswith("tmp "):
            marks[tag] = float(stamp)
            tag = "tmp"
        marks.setdefault(tag, float(stamp))
    return marks


def _sigint_as_default() -> None:
    """In the child, before aod starts: SIGINT does what it does by default.

    A test run started in the background (``nohup pytest … &``) ignores SIGINT and
    its children inherit that; Python then keeps ignoring it, and no interrupt
    would land."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


#: How long after the ``begin`` marker a seam attempt may be interrupted (s): the
#: emulated flushes (file, then folder) and 10 ms past them.
SEAM_WINDOW = (FLUSH_MS + FLUSH_MS / 3 + 10.0) / 1000
#: How long after the spawn a plain attempt may be interrupted, in lives of an uninterrupted run.
PLAIN_SPAN = 1.6


def _wait_for_begin(proc: subprocess.Popen[bytes], log: Path) -> None:
    """Return once the child has logged ``begin`` (or has exited)."""
    while proc.poll() is None:
        try:
            if log.read_bytes().startswith(b"begin\t"):
                return
        except FileNotFoundError:
            pass
        time.sleep(0.0005)


def _run(k: int, seam: bool, delay: float | None, env: dict[str, str], log: Path) -> Attempt:
    """One attempt; with a ``delay``, SIGINT that long after the spawn (plain) or after
    the child's ``begin`` marker (seam)."""
    log.unlink(missing_ok=True)
    proc = subprocess.Popen(
        _argv(k, seam), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_sigint_as_default
    )
    if delay is not None:
        if seam:
            _wait_for_begin(proc, log)
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)  # a no-op if it has already exited
    out, err = proc.communicate(timeout=60)
    return Attempt(k, seam, delay if delay is not None else -1.0, proc.returncode, out, err)


def _confirmed_ids(out: bytes) -> list[str]:
    """Event ids of a confirmation that reached stdout (whatever the exit code)."""
    try:
        doc = json.loads(out)
    except ValueError:
        return []
    return [str(ev["id"]) for ev in doc.get("events", [])] if isinstance(doc, dict) else []


def classify(a: Attempt) -> str:
    """The attempt's outcome; ``violation:...`` when it breaks the exit contract."""
    if a.rc == 0:
        if b"Traceback" in a.err:
            return "violation:exit 0 but a traceback on stderr (the interrupt was swallowed)"
        return "acked"
    if a.rc == -signal.SIGINT and not a.err:
        return "before-python"
    frames = re.findall(rb'File "([^"]*aodcli[^"]*)", line \d+, in (\S+)', a.err)
    if a.rc in (1, -signal.SIGINT) and (
        a.err.startswith(CPYTHON_STARTUP)
        # runpy still looking for the module: only CPython's own frames
        or (a.err.startswith(b"Traceback") and b'File "<frozen runpy>"' in a.err and b"aodcli" not in a.err)
        # or still executing the entry modules' own imports (or the launcher's), before
        # main() is called: no aodcli code has run yet, so nothing of ours can catch it
        or (a.rc == -signal.SIGINT and a.err.startswith(b"Traceback") and not frames)
        or (
            b'File "<frozen runpy>"' in a.err
            and frames
            and all(
                f.endswith((b"aodcli/__init__.py", b"aodcli/__main__.py")) and fn == b"<module>" for f, fn in frames
            )
        )
    ):
        return "cpython-startup"
    if a.rc == 130 and a.err == b"Aborted!\n":  # 128 + SIGINT, as shells say; stdout may hold output cut short
        return "aborted"
    if b"Traceback" in a.err:
        where = f"{os.path.basename(frames[-1][0].decode())}:{frames[-1][1].decode()}" if frames else "?"
        return f"violation:exit {a.rc} with a traceback (last aodcli frame {where})"
    return f"violation:exit {a.rc}, stderr {a.err[:60]!r}"


# --------------------------------------------------------------------------- the loop


def _calibrate(env: dict[str, str], log: Path, path: str) -> tuple[float, list[Attempt]]:
    """Uninterrupted runs (labels 0 to 5): how long a plain run lives (median, in
    seconds), and that a seam run reaches its commit's ``begin`` and ``end`` markers."""
    runs: list[Attempt] = []
    plain: list[float] = []
    for i in range(3):
        t0 = time.time()
        a = _run(2 * i, False, None, env, log)
        plain.append(time.time() - t0)
        runs.append(a)
        b = _run(2 * i + 1, True, None, env, log)
        b.marks = _read_marks(log, path)
        runs.append(b)
        assert a.rc == 0 and b.rc == 0, (a.err, b.err)
        assert {"begin", "fsync", "replacing", "replaced", "end"} <= set(b.marks), b.marks
    return statistics.median(plain), runs


def sigint_loop(data: Path, interrupts: int, seed: int) -> LoopResult:
    rng = random.Random(seed)
    data.mkdir(parents=True, exist_ok=True)
    log = data.parent / "sigint-markers.log"
    env = child_env(data)
    env["AOD_SIGINT_LOG"] = str(log)
    env["AOD_SIGINT_FLUSH_MS"] = str(FLUSH_MS)
    env["NO_COLOR"] = "1"
    path = data / "store.json"
    real = os.path.realpath(path)
    res = LoopResult()
    problems = res.store_problems

    life, calib = _calibrate(env, log, real)
    confirmed: set[str] = set()
    for a in calib:
        a.outcome = "acked"
        confirmed.update(_confirmed_ids(a.out))
    stats = dict.fromkeys(("mid_write", "after_commit_unacked", "temps_left_by_sigint", "cleaned_checks"), 0)
    started = time.perf_counter()
    first = len(calib)
    k, planned = first, first + interrupts
    # Timing decides which phase a signal lands in. If too few landed mid-write (a slow or
    # busy machine), go on at the seam only, up to as many again, so the coverage holds.
    extra = 0  # interrupts past the planned ones
    while k < planned or (stats["mid_write"] < MIN_MID_WRITE and extra < interrupts):
        if k >= planned:
            extra += 1
        seam = k % 2 == 1 or extra > 0
        delay = rng.uniform(0.0, SEAM_WINDOW) if seam else rng.uniform(0.0, PLAIN_SPAN * life)
        before = set(_labels_on_disk(path))
        leftovers = set(temps(data))
        a = _run(k, seam, delay, env, log)
        a.marks = _read_marks(log, real) if seam else {}
        a.outcome = classify(a)
        res.attempts.append(a)
        ids = _confirmed_ids(a.out)
        confirmed.update(ids)

        tag = f"attempt {k} ({'seam' if seam else 'plain'}, {delay * 1000:.0f} ms, exit {a.rc})"
        report = check(path)
        if report.state == "missing" or not report.ok:
            problems.append(f"{tag}: store check failed: {report.message}")
            break
        read = open_for_read(path)
        if not read.ok or read.warning is not None or read.doc is None:
            problems.append(f"{tag}: read failed: {read.warning}")
            break
        events = profile_events(read.doc, "default", SHOW)
        labels = [_label(ev) for ev in events]
        on_disk = {str(ev["id"]) for ev in events}
        if None in labels or labels != sorted(set(labels)):  # type: ignore[type-var]
            problems.append(f"{tag}: labels on disk not strictly increasing: {labels}")
        if read.doc["revision"] != len(events):
            problems.append(f"{tag}: revision {read.doc['revision']} but {len(events)} events")
        if not confirmed <= on_disk:
            problems.append(f"{tag}: confirmed changes lost: {sorted(confirmed - on_disk)}")
        written = k in labels
        if a.rc == 0 and not written:
            problems.append(f"{tag}: exit 0 but its change is not on disk")
        if not written and set(labels) != before:
            problems.append(f"{tag}: not written, yet the events changed")
        if seam:
            if written and "replacing" not in a.marks:
                problems.append(f"{tag}: on disk although the replace was never reached: {a.marks}")
            if "replaced" in a.marks and not written:
                problems.append(f"{tag}: the replace returned but the change is not on disk")
            if "fsync" in a.marks and "replacing" not in a.marks:
                stats["mid_write"] += 1
                tmp = next((t[4:] for t in a.marks if t.startswith("tmp ")), None)
                if tmp is not None and os.path.lexists(tmp):
                    problems.append(f"{tag}: interrupted mid-write but its temp {tmp} was left behind")
        if written and a.rc != 0:
            stats["after_commit_unacked"] += 1
        now_temps = set(temps(data))
        if now_temps - leftovers:
            stats["temps_left_by_sigint"] += 1
        if a.rc == 0 and leftovers:
            # a command that ran to the end removed (or replaced) every earlier leftover
            if leftovers & now_temps:
                problems.append(f"{tag}: earlier temps not cleaned up: {sorted(leftovers & now_temps)}")
            stats["cleaned_checks"] += 1
        if problems:
            break
        k += 1
    res.seconds = time.perf_counter() - started

    # the next command succeeds, leaves no temp, and the store is still whole
    if not problems:
        final = _run(k, False, None, env, log)
        if final.rc != 0 or temps(data):
            problems.append(f"final command: exit {final.rc}, temps {temps(data)}, {final.err[-300:]!r}")
        elif not check(path).ok:
            problems.append("final check failed")

    for a in res.attempts:
        key = a.outcome if not a.outcome.startswith("violation:") else "violation"
        stats[key] = stats.get(key, 0) + 1
    stats["interrupted_in_aod"] = sum(
        1 for a in res.attempts if a.outcome not in ("acked", "before-python", "cpython-startup")
    )
    stats["confirmed"] = len(confirmed)
    res.stats = stats
    return res


def violations(res: LoopResult) -> dict[str, list[int]]:
    """Contract breaches, most frequent first: reason -> attempt numbers."""
    bad: dict[str, list[int]] = {}
    for a in res.attempts:
        if a.outcome.startswith("violation:"):
            bad.setdefault(a.outcome[len("violation:") :], []).append(a.k)
    return dict(sorted(bad.items(), key=lambda kv: -len(kv[1])))


def _labels_on_disk(path: Path) -> list[int | None]:
    read = open_for_read(path)
    if read.doc is None:
        return []
    return [_label(ev) for ev in profile_events(read.doc, "default", SHOW)]


# --------------------------------------------------------------------------- tests

TIERS = [
    pytest.param(("sample", SAMPLE_INTERRUPTS), id="sample"),
    pytest.param(("long", LONG_INTERRUPTS), id="long", marks=pytest.mark.slow),
]


@pytest.fixture(scope="module", params=TIERS)
def loop(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> LoopResult:
    tier, count = request.param
    if tier == "long":
        seed = random.randrange(2**32)
    else:
        seed = 20261121
    res = sigint_loop(tmp_path_factory.mktemp(f"sigint-{tier}") / "data", count, seed)
    print(
        f"\nSIGINT loop, {tier} (seed {seed}): {res.seconds:.1f} s, "
        + ", ".join(f"{k}={v}" for k, v in res.stats.items())
    )
    for why, ks in violations(res).items():
        print(f"  contract breach x{len(ks)}: {why}")
    return res


def test_the_store_survives_ctrl_c_at_any_moment(loop: LoopResult) -> None:
    """After every interrupt: the store validates, every confirmed change is there,
    nothing is duplicated or reordered, and a mid-write interrupt leaves no temp."""
    assert loop.store_problems == [], loop.store_problems[:5]
    planned = SAMPLE_INTERRUPTS if len(loop.attempts) < LONG_INTERRUPTS else LONG_INTERRUPTS
    assert planned <= len(loop.attempts) <= 2 * planned


def test_the_interrupts_land_in_every_phase_of_a_write(loop: LoopResult) -> None:
    """Coverage: the harness must exercise the cases it claims to check."""
    n = len(loop.attempts)
    s = loop.stats
    assert s.get("acked", 0) >= 2, s  # some commands finished first (and were checked later)
    assert s["interrupted_in_aod"] >= n // 5, s  # many landed while aod ran Python code
    assert s["mid_write"] >= MIN_MID_WRITE, s  # some landed between the temp write and the replace


def test_ctrl_c_exits_cleanly_without_a_traceback(loop: LoopResult) -> None:
    """No traceback; exit 1 + 'Aborted!', exit 0, or death by SIGINT before Python is up."""
    bad = violations(loop)
    summary = {why: (len(ks), ks[:5]) for why, ks in bad.items()}
    assert not bad, f"{sum(len(v) for v in bad.values())}/{len(loop.attempts)} attempts broke the contract: {summary}"


def test_classify_rejects_contract_breaches() -> None:
    """The contract check itself can fail (and accepts every allowed exit)."""
    ok = [
        Attempt(0, False, 0, 0, b"{}", b""),
        Attempt(0, False, 0, 130, b"", b"Aborted!\n"),
        Attempt(0, False, 0, -signal.SIGINT, b"", b""),
        Attempt(0, False, 0, 1, b"", b"Fatal Python error: init_import_site: Failed\nTraceback ...\n"),
        Attempt(
            0, False, 0, -signal.SIGINT, b"", b'Traceback (most recent call last):\n  File "<frozen runpy>", line 1\n'
        ),
    ]
    assert [classify(a) for a in ok] == ["acked", "aborted", "before-python", "cpython-startup", "cpython-startup"]
    bad = [
        Attempt(0, False, 0, 130, b"", b""),
        Attempt(0, False, 0, 1, b"", b"Aborted!\n"),  # an interrupt is 130, not a failure
        Attempt(0, False, 0, 1, b"", b"Traceback (most recent call last):\nKeyboardInterrupt\n"),
        Attempt(0, False, 0, -signal.SIGINT, b"", b'Traceback\n  File "/x/aodcli/cli/app.py", line 1, in run\n'),
        Attempt(0, False, 0, 0, b"{}", b"Exception ignored in: ...\nTraceback (most recent call last):\n"),
        Attempt(0, False, 0, 130, b"", b"Aborted!\nAborted!\n"),
    ]
    assert all(classify(a).startswith("violation:") for a in bad), [classify(a) for a in bad]


@pytest.mark.parametrize("wrapped", [False, True])
def test_ctrl_c_in_a_command_is_aborted_in_process(wrapped: bool) -> None:
    """The boundary's side of the contract, without timing: a Ctrl-C inside a command
    (Typer turns it into exit 130) or wrapped by Python in another exception (as a
    class body's ``__set_name__`` does) ends as ``Aborted!`` and exit 1."""
    from unittest import mock

    from ..support.helpers import aod

    def interrupt(*args: Any, **kwargs: Any) -> None:
        if not wrapped:
            raise KeyboardInterrupt
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as err:
            raise RuntimeError("Error calling __set_name__") from err

    with mock.patch("aodcli.store.commit", side_effect=interrupt):
        run = aod("watch", "3")
    assert (run.code, run.stderr, run.stdout) == (130, "Aborted!\n", "")
