"""A model of devices with wrong clocks: they converge, and no mark is lost that a user did not take back.

Devices whose clocks are off by minutes to days (ahead and behind) make random
changes — watch, watch together, unwatch, skip, rate, note, undo, redo, add and
remove profiles whose names differ only in case, import an export into another
profile — and sync at random, each through its own copy of the shared folder, a
sync tool carrying files between copies in any order (two devices syncing "at
once" see each other's old file). The model keeps the id of every mark (a watch
event) a command made, and what took marks back: the batches each device's
undos still hold undone, and each removal still in force with the marks its
device had seen. After a final round every device shows the same profiles,
history and progress, and every mark the model says must stay is in every
device's store.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aodcli.store import clock as store_clock

from ..support.helpers import aod
from ..support.store_helpers import examples

NAMES = ["default", "mina", "Mina", "jun"]
SKEWS = [timedelta(0), timedelta(minutes=-7), timedelta(hours=5), timedelta(days=-2), timedelta(days=3)]

device = st.integers(min_value=0, max_value=2)
name = st.sampled_from(NAMES)
episode = st.sampled_from(["1", "2", "3", "1-2"])
op = st.one_of(
    st.tuples(st.just("watch"), device, name, episode),
    st.tuples(st.just("with"), device, name, name, episode),
    st.tuples(st.just("unwatch"), device, name, episode),
    st.tuples(st.just("skip"), device, name, episode),
    st.tuples(st.just("rate"), device, name, st.sampled_from(["1", "2"]), st.integers(1, 10).map(str)),
    st.tuples(st.just("note"), device, name, st.sampled_from(["1", "2"]), st.sampled_from(["good", "scary"])),
    st.tuples(st.just("undo"), device),
    st.tuples(st.just("redo"), device),
    st.tuples(st.just("add"), device, name),
    st.tuples(st.just("remove"), device, name),
    st.tuples(st.just("import"), device, name, name),
    st.tuples(st.just("sync"), device),
    st.tuples(st.just("carry"), device, device),  # every file of the 1st copy to the 2nd
)


def _fold(text: str) -> str:
    return text.casefold()


class World:
    def __init__(self, root: Path, count: int, skews: list[timedelta]) -> None:
        self.root = root
        self.data = [root / f"device{i}" for i in range(count)]
        self.folders = [root / f"folder{i}" for i in range(count)]
        for folder in self.folders:
            folder.mkdir()
        self.skews = skews
        self.marks: dict[str, tuple[int, str]] = {}  # watch event id -> (device, batch)
        self.removals: list[tuple[int, str, set[str]]] = []  # (device, journal batch, marks it had seen)

    @contextlib.contextmanager
    def _clock(self, i: int) -> Iterator[None]:
        real = store_clock._system_clock
        saved = store_clock.clock
        store_clock.clock = lambda: real() + self.skews[i]
        try:
            yield
        finally:
            store_clock.clock = saved

    def aod(self, i: int, *args: str) -> Any:
        with self._clock(i):
            result = aod(*args, env={"AOD_DATA_DIR": str(self.data[i])})
        assert result.code in (0, 1, 2), (args, result.code, result.stderr)
        assert "Traceback" not in result.stderr, (args, result.stderr)
        return result

    def device_id(self, i: int) -> str | None:
        path = self.data[i] / "sync.json"
        return str(json.loads(path.read_text(encoding="utf-8"))["device"]) if path.exists() else None

    def store(self, i: int) -> dict[str, Any]:
        path = self.data[i] / "store.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"profiles": {}}

    def events(self, i: int) -> dict[str, list[dict[str, Any]]]:
        """Each profile's events (by case-fold), as the store holds them."""
        out: dict[str, list[dict[str, Any]]] = {}
        for pname, profile in self.store(i)["profiles"].items():
            for show in profile["shows"].values():
                out.setdefault(_fold(pname), []).extend(show["events"])
        return out

    def _note_marks(self, i: int, before: set[str]) -> None:
        for events in self.events(i).values():
            for ev in events:
                if ev["type"] == "watch" and ev["id"] not in before and "batch" in ev:
                    self.marks.setdefault(ev["id"], (i, ev["batch"]))

    def _ids(self, i: int) -> set[str]:
        return {ev["id"] for events in self.events(i).values() for ev in events}

    def apply(self, step: tuple[Any, ...]) -> None:
        kind, i, *rest = step
        if i >= len(self.data):
            return
        before = self._ids(i)
        if kind == "sync":
            self.aod(i, "sync", str(self.folders[i]))
        elif kind == "carry":  # a sync tool: any file, even a stale copy, but never over a device's own
            (dst,) = rest
            if dst < len(self.data) and dst != i:
                own = self.device_id(dst)
                for file in self.folders[i].glob("*.json"):
                    if own is None or not file.name.startswith(own):
                        shutil.copyfile(file, self.folders[dst] / file.name)
        elif kind == "add":
            self.aod(i, "profile", "add", rest[0])
        elif kind == "remove":
            seen = {ev["id"] for ev in self.events(i).get(_fold(rest[0]), []) if ev["type"] == "watch"}
            if self.aod(i, "profile", "remove", rest[0], "--yes").code == 0:
                batch = self.aod(i, "undo", "--list", "--json").json()["batches"][0]["batch"]
                self.removals.append((i, batch, seen))
        elif kind in ("undo", "redo"):
            self.aod(i, kind)
        elif kind == "with":
            who, other, spec = rest
            self.aod(i, "watch", spec, "--profile", who, "--with", other, "--jump")
        elif kind == "import":
            src, dst = rest
            exported = self.aod(i, "export", "--profile", src)
            if exported.code == 0:
                path = self.root / "export.json"
                path.write_text(exported.stdout, encoding="utf-8")
                self.aod(i, "import", str(path), "--profile", dst)
        else:
            profile, *args = rest
            self.aod(i, kind, *args, "--profile", profile)
        if kind in ("watch", "with"):
            self._note_marks(i, before)

    def undone(self, i: int) -> set[str]:
        """The batches device ``i``'s journal holds undone (its undos and redos, as they stand)."""
        rows = (
            self.aod(i, "undo", "--list", "--json").json()["batches"] if (self.data[i] / "store.json").exists() else []
        )
        return {r["batch"] for r in rows if r["undone"]}

    def must_stay(self) -> set[str]:
        undone = set().union(*(self.undone(i) for i in range(len(self.data))))
        taken = set().union(*(seen for _, batch, seen in self.removals if batch not in undone))
        return {m for m, (_, batch) in self.marks.items() if batch not in undone and m not in taken}


def _seen(data: Path) -> dict[str, Any]:
    profiles = aod("profile", "list", "--json", env={"AOD_DATA_DIR": str(data)}).json()["profiles"]
    out = {}
    for p in profiles:
        env = {"AOD_DATA_DIR": str(data)}
        out[_fold(p["name"])] = (
            aod("history", "--json", "--profile", p["name"], env=env).json()["events"],
            aod("progress", "--json", "--profile", p["name"], env=env).json()["watched"],
        )
    return out


def _run(count: int, skews: list[timedelta], steps: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        world = World(Path(tmp), count, skews)
        world.apply(("add", 0, "mina"))  # a start every device shares: profiles to mark and remove
        world.apply(("add", 0, "jun"))
        world.apply(("watch", 0, "mina", "1"))
        for i in range(count):
            world.apply(("sync", i))
            world.apply(("carry", i, (i + 1) % count))
        for i in range(count):
            world.apply(("sync", i))
        for step in steps:
            world.apply(step)
        for _ in range(3):  # the final round: everyone syncs, every file reaches every copy
            for i in range(count):
                world.aod(i, "sync", str(world.folders[i]))
            for i in range(count):
                for j in range(count):
                    if i != j:
                        world.apply(("carry", i, j))
        views = [_seen(data) for data in world.data]
        for i in range(1, count):
            assert views[i] == views[0], f"device {i} differs from device 0"
        wanted = world.must_stay()
        for i in range(count):
            have = world._ids(i)
            lost = wanted - have
            assert not lost, f"device {i} lost marks nobody took back: {sorted(lost)[:3]}"


_skews = st.lists(st.sampled_from(SKEWS), min_size=3, max_size=3)


@settings(max_examples=examples(10, 300), deadline=None)
@given(count=st.integers(min_value=2, max_value=3), skews=_skews, steps=st.lists(op, max_size=18))
def test_devices_with_wrong_clocks_converge_and_lose_no_mark(
    count: int, skews: list[timedelta], steps: list[tuple[Any, ...]]
) -> None:
    _run(count, skews, steps)


@pytest.mark.slow
def test_devices_with_wrong_clocks_converge_and_lose_no_mark_longer() -> None:

    @settings(max_examples=150, deadline=None)
    @given(count=st.integers(min_value=2, max_value=3), skews=_skews, steps=st.lists(op, max_size=40))
    def longer(count: int, skews: list[timedelta], steps: list[tuple[Any, ...]]) -> None:
        _run(count, skews, steps)

    longer()
