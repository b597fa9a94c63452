"""Convergence of `aod sync`, as a property.

Any number of devices make any local changes (watch, unwatch, skip, rate,
note, undo, add, use and remove profiles) and sync at any time. Each device
sees the shared folder through its own copy of it, and a sync tool carries one
device's file from one copy to another at any time, in any order (a conflict
copy is one more file). After a final round — every device syncs, every file
reaches every copy, every device syncs again — every device shows the same
profiles, history and progress.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ..support.helpers import aod
from ..support.store_helpers import examples
from ..support.sync_support import seen

NAMES = ["default", "jun", "mina"]
EPISODES = ["1", "2", "3", "4", "1-3"]

device = st.integers(min_value=0, max_value=3)
name = st.sampled_from(NAMES)
episode = st.sampled_from(EPISODES)

change = st.one_of(
    st.tuples(st.just("watch"), device, name, episode),
    st.tuples(st.just("unwatch"), device, name, episode),
    st.tuples(st.just("skip"), device, name, episode),
    st.tuples(st.just("rate"), device, name, st.sampled_from(["1", "2"]), st.integers(1, 10).map(str)),
    st.tuples(st.just("note"), device, name, st.sampled_from(["1", "2"]), st.sampled_from(["good", "scary"])),
    st.tuples(st.just("undo"), device, name),
    st.tuples(st.just("add"), device, name),
    st.tuples(st.just("use"), device, name),
    st.tuples(st.just("remove"), device, name),
    st.tuples(st.just("sync"), device),
    st.tuples(st.just("carry"), device, device, device),  # the file of the 3rd, from the 1st copy to the 2nd
    st.tuples(st.just("conflict"), device, device),  # a stale copy of a device's file kept as a conflict copy
)


class Devices:
    def __init__(self, root: Path, count: int) -> None:
        self.data = [root / f"device{i}" for i in range(count)]
        self.folders = [root / f"folder{i}" for i in range(count)]
        for folder in self.folders:
            folder.mkdir()
        self.ids: dict[int, str] = {}
        self.conflicts = 0

    def aod(self, i: int, *args: str) -> Any:
        result = aod(*args, env={"AOD_DATA_DIR": str(self.data[i])})
        assert result.code in (0, 1, 2), (args, result.code, result.stderr)
        assert "Traceback" not in result.stderr, (args, result.stderr)
        if result.code == 0:
            assert result.exception is None, (args, result.exception)
        return result

    def sync(self, i: int) -> None:
        result = self.aod(i, "sync", str(self.folders[i]), "--json")
        assert result.code == 0, result.stderr
        self.ids[i] = result.json()["device"]["id"]

    def carry(self, src: int, dst: int, owner: int) -> None:
        device_id = self.ids.get(owner)
        if device_id is None or src == dst:
            return
        file = self.folders[src] / f"{device_id}.json"
        if file.exists():
            shutil.copyfile(file, self.folders[dst] / file.name)

    def conflict(self, at: int, owner: int) -> None:
        device_id = self.ids.get(owner)
        file = self.folders[at] / f"{device_id}.json"
        if device_id is not None and file.exists():
            self.conflicts += 1
            shutil.copyfile(file, self.folders[at] / f"{device_id} (conflicted copy {self.conflicts}).json")

    def carry_all(self) -> None:
        for src in range(len(self.data)):
            for dst in range(len(self.data)):
                for owner in self.ids:
                    if src == owner:
                        self.carry(src, dst, owner)

    def apply(self, op: tuple[Any, ...]) -> None:
        kind, i, *rest = op
        if i >= len(self.data):
            return
        if kind == "sync":
            self.sync(i)
        elif kind == "carry":
            dst, owner = rest
            if dst < len(self.data) and owner < len(self.data):
                self.carry(i, dst, owner)
        elif kind == "conflict":
            (owner,) = rest
            if owner < len(self.data):
                self.conflict(i, owner)
        elif kind in ("add", "use"):
            self.aod(i, "profile", kind, rest[0])
        elif kind == "remove":
            self.aod(i, "profile", "remove", rest[0], "--yes")
        elif kind == "undo":
            self.aod(i, "undo", "--profile", rest[0])
        else:
            profile, *args = rest
            self.aod(i, kind, *args, "--profile", profile)


def _converge(count: int, ops: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        devices = Devices(Path(tmp), count)
        for op in ops:
            devices.apply(op)
        for i in range(count):  # the final round
            devices.sync(i)
        devices.carry_all()
        for i in range(count):
            devices.sync(i)
        devices.carry_all()
        for i in range(count):
            devices.sync(i)
        views = [seen(data) for data in devices.data]
        for i in range(1, count):
            assert views[i] == views[0], f"device {i} differs from device 0"


DEVICES = st.integers(min_value=2, max_value=4)


@settings(max_examples=15, deadline=None)
@given(count=DEVICES, ops=st.lists(change, max_size=25))
def test_any_devices_any_changes_any_arrival_order_converge(count: int, ops: list[tuple[Any, ...]]) -> None:
    _converge(count, ops)


@pytest.mark.slow
@settings(max_examples=examples(40, 400), deadline=None)
@given(count=DEVICES, ops=st.lists(change, max_size=25))
def test_any_devices_any_changes_any_arrival_order_converge_long_run(count: int, ops: list[tuple[Any, ...]]) -> None:
    _converge(count, ops)
