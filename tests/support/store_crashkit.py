"""Child processes for the crash (SIGKILL) and concurrent-writer tests.

Run as a script: ``python store_crashkit.py MODE DATA_DIR [LIMIT [FLUSH_MS]]``

- ``safe``: loops over real ``aodcli.store.commit`` calls, each appending one
  watch event whose id is ``hexid(position)``, and prints ``ack <id>`` after the
  commit returns. Ids on disk must therefore be ``hexid(0), hexid(1), …``.
- ``naive``: the negative control: ``json.load`` then ``json.dump`` straight
  onto the file, as Taskwarrior, jrnl, pipx and trackma once did.

:func:`worker` is the concurrent-writer test's multiprocessing target (spawn context).
"""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Any

SHOW = "all-of-us-are-dead"


def hexid(n: int, run: int = 0) -> str:
    return f"{run:08x}{n:024x}"


def _append_next(doc: dict[str, Any]) -> str:
    from aodcli.store import add_events, new_event, profile_events

    n = len(profile_events(doc, "default", SHOW))
    ev = new_event("watch", episode=f"s01e{n % 12 + 1:02d}", id=hexid(n), at=None)
    add_events(doc, "default", SHOW, [ev])
    return str(ev["id"])


def slow_disk(latency: float) -> None:
    """Emulate a disk whose flush takes ``latency`` seconds (through the fault seam).

    On a VM whose page cache answers fsync in well under a millisecond, almost
    every kill lands outside the temp-file window; a realistic flush latency
    makes the kills land mid-write as often as they would on a laptop SSD.
    """
    import time

    from aodcli.fileio import ops as store_io

    base = store_io.ops

    def fsync(fd: int) -> None:
        time.sleep(latency)
        base.fsync(fd)

    def fsync_dir(path: str) -> None:
        time.sleep(latency)
        base.fsync_dir(path)

    store_io.ops = base.with_ops(fsync=fsync, fsync_dir=fsync_dir)


def _ready() -> None:
    """Tell the parent the imports are done: its kill delay counts from here, not
    from the spawn, whose start-up time varies by more than a commit on a busy machine."""
    sys.stdout.write("ready\n")
    sys.stdout.flush()


def safe_writer(data_dir: Path, limit: int) -> None:
    from aodcli.store import commit

    path = data_dir / "store.json"
    _ready()
    for _ in range(limit):
        _doc, ident = commit(_append_next, path)
        sys.stdout.write(f"ack {ident}\n")
        sys.stdout.flush()


def naive_writer(data_dir: Path, limit: int) -> None:
    path = data_dir / "store.json"
    _ready()
    for _ in range(limit):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        events = doc["profiles"]["default"]["shows"][SHOW]["events"]
        ident = hexid(len(events))
        events.append({"id": ident, "type": "watch", "episode": "s01e01", "at": None})
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=2, sort_keys=True)
        sys.stdout.write(f"ack {ident}\n")
        sys.stdout.flush()


def worker(data_dir: str, index: int, commits: int, use_lock: bool, start: Any = None) -> int:
    """A concurrent writer: ``commits`` commits, each adding an event with id ``hexid(i, run=index + 1)``.

    With ``use_lock=False`` (the negative control) the seam's lock is replaced by a
    no-op and failed commits are counted, not raised. Returns the number of
    commits that reported success; exits with status 1 if a locked commit failed.
    """
    from aodcli.errors import StoreError
    from aodcli.fileio import ops as store_io
    from aodcli.store import add_events, commit, new_event

    if not use_lock:
        store_io.ops = store_io.ops.with_ops(lock=lambda _path, _timeout: nullcontext())
    path = Path(data_dir) / "store.json"
    if start is not None:
        start.wait(60)  # a multiprocessing Event: all workers begin together
    done = 0
    for i in range(commits):

        def mutate(doc: dict[str, Any], i: int = i) -> None:
            ev = new_event("watch", episode="s01e01", id=hexid(i, index + 1), at=None)
            add_events(doc, "default", SHOW, [ev])

        try:
            commit(mutate, path)
        except StoreError:
            if use_lock:
                raise
            continue
        done += 1
    return done


def main(argv: list[str]) -> int:
    mode, data_dir = argv[0], Path(argv[1])
    limit = int(argv[2]) if len(argv) > 2 else 1_000_000
    latency_ms = float(argv[3]) if len(argv) > 3 else 0.0
    if latency_ms:
        slow_disk(latency_ms / 1000)
    if mode == "safe":
        safe_writer(data_dir, limit)
    elif mode == "naive":
        naive_writer(data_dir, limit)
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
