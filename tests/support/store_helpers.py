"""Shared helpers for the store tests (not a conftest: imported explicitly).

- :class:`FaultyIO`: wraps the store's fault seam (``aodcli.fileio.ops.ops``), records
  every call and makes the k-th one fail, once (transient) or from k on (persistent).
- a fixed clock, document builders, file snapshots, and hypothesis example counts
  that follow ``HYPOTHESIS_PROFILE`` (``ci`` by default, ``nightly``).
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from aodcli.fileio import ops as store_io
from aodcli.store import clock as clock_module

SHOW = "all-of-us-are-dead"
TESTS = Path(__file__).resolve().parents[1]  # tests/: this module is tests/support/store_helpers.py
REPO = TESTS.parent
SRC = REPO / "src"
CORPUS = TESTS / "corpus"
FIXTURES = TESTS / "fixtures"

DAY0 = datetime(2026, 11, 20, 21, 14, 0, tzinfo=timezone.utc)

NIGHTLY = os.environ.get("HYPOTHESIS_PROFILE", "ci") == "nightly"


def examples(ci: int, nightly: int) -> int:
    """The example count for the active hypothesis profile: ``ci`` (the default) or ``nightly``."""
    return nightly if NIGHTLY else ci


def child_env(data_dir: Path | None = None) -> dict[str, str]:
    """Environment for a child Python that must import aodcli from this checkout.

    Bytecode is cached outside the tree (``PYTHONPYCACHEPREFIX``) so that hundreds
    of short-lived children do not each recompile the store.
    """
    import tempfile

    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "aodcli-test-pycache")
    env["PYTHONPATH"] = os.pathsep.join(
        [str(SRC), str(Path(__file__).resolve().parent)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    )
    if data_dir is not None:
        env["AOD_DATA_DIR"] = str(data_dir)
    return env


# --------------------------------------------------------------------------- clock


class FakeClock:
    """A settable clock; each call advances it by ``step`` so times stay distinct."""

    def __init__(self, start: datetime = DAY0, step: timedelta = timedelta(seconds=1)) -> None:
        self.now = start
        self.step = step

    def __call__(self) -> datetime:
        value = self.now
        self.now = self.now + self.step
        return value

    def set(self, when: datetime) -> None:
        self.now = when


def install_clock(monkeypatch: pytest.MonkeyPatch, start: datetime = DAY0) -> FakeClock:
    """Route the store's clock seam to a :class:`FakeClock` for this test."""
    fc = FakeClock(start)
    monkeypatch.setattr(clock_module, "clock", fc)
    return fc


# --------------------------------------------------------------------------- documents


def hexid(n: int, run: int = 0) -> str:
    """A deterministic event id (32 lowercase hex digits)."""
    return f"{run:08x}{n:024x}"


def watch_event(n: int, run: int = 0, episode: str | None = None) -> dict[str, Any]:
    from aodcli.store import new_event

    return new_event("watch", episode=episode or f"s01e{(n % 12) + 1:02d}", id=hexid(n, run), at=None)


def add_watch(n: int, run: int = 0, profile: str = "default") -> Callable[[dict[str, Any]], str]:
    """A mutate that appends one watch event with a known id and returns the id."""

    def mutate(doc: dict[str, Any]) -> str:
        from aodcli.store import add_events

        ev = watch_event(n, run)
        add_events(doc, profile, SHOW, [ev])
        return str(ev["id"])

    return mutate


def store_ids(doc: dict[str, Any], profile: str = "default", show: str = SHOW) -> list[str]:
    from aodcli.store import profile_events

    return [ev["id"] for ev in profile_events(doc, profile, show)]


def build_store(path: Path, commits: int = 2) -> None:
    """A valid store with ``commits`` commits (so it has a .bak and a daily backup)."""
    from aodcli.store import commit

    for i in range(commits):
        commit(add_watch(i), path)


# --------------------------------------------------------------------------- files


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every regular file under ``folder`` (relative path -> bytes)."""
    out: dict[str, bytes] = {}
    if not folder.exists():
        return out
    for root, _dirs, files in os.walk(folder):
        for name in files:
            p = Path(root) / name
            out[str(p.relative_to(folder))] = p.read_bytes()
    return out


def temps(folder: Path) -> list[str]:
    """Temp files (``*.tmp``) anywhere under ``folder``."""
    return sorted(
        str(Path(root, n).relative_to(folder))
        for root, _d, files in os.walk(folder)
        for n in files
        if n.endswith(".tmp")
    )


# --------------------------------------------------------------------------- fault seam


class Fault(OSError):
    """The injected error (an OSError, as the kernel would raise)."""


class FaultyIO:
    """Wraps the seam: records calls and fails the k-th (1-based) one.

    ``persistent=False``: only call k fails (a transient glitch). ``persistent=True``:
    every call from k on fails (a dead disk). ``fired`` tells whether any fault
    was raised. An injected ``close`` fault closes the descriptor first, as Linux does.
    """

    def __init__(
        self,
        fail_at: int | None = None,
        *,
        persistent: bool = False,
        err: int = errno.EIO,
        only: frozenset[str] | None = None,
        base: store_io.IOTable | None = None,
    ) -> None:
        self.base = base or store_io.default_ops()
        self.fail_at = fail_at
        self.persistent = persistent
        self.err = err
        self.only = only
        self.count = 0
        self.fired = False
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    def _should_fail(self) -> bool:
        if self.fail_at is None:
            return False
        return self.count == self.fail_at or (self.persistent and self.count > self.fail_at)

    def wrap(self, name: str) -> Callable[..., Any]:
        real = self.base.get(name)

        def op(*args: Any) -> Any:
            if self.only is not None and name not in self.only:
                return real(*args)
            self.count += 1
            self.calls.append((name, args))
            if self._should_fail():
                self.fired = True
                if name == "close":
                    os.close(args[0])
                raise Fault(self.err, f"{os.strerror(self.err)} (injected at {name})")
            return real(*args)

        return op

    def table(self) -> store_io.IOTable:
        return store_io.IOTable(**{name: self.wrap(name) for name in store_io.OPS})

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]


@contextmanager
def seam(monkeypatch: pytest.MonkeyPatch, table: store_io.IOTable) -> Iterator[None]:
    with monkeypatch.context() as m:
        m.setattr(store_io, "ops", table)
        yield
