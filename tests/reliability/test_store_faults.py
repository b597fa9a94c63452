"""An I/O fault at every step of every write, SQLite style.

For each mutating operation, and for k = 1, 2, ...: make the k-th call through
the store's seam raise ``OSError`` (EIO or ENOSPC), once (transient) or from k
on (persistent), until a run finishes without any fault firing. After each run:

- a failure before the replace leaves ``store.json`` byte-identical (or still
  absent), with a one-line StoreError;
- a failure after it (the folder fsync) leaves the new document and raises
  SaveUnconfirmed ("saved, but could not confirm it reached the disk");
- success leaves the new document;
- never a third state: the store and every backup load as valid documents,
  ``check`` agrees, and the next command removes any temp file left behind.
"""

from __future__ import annotations

import errno
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from aodcli.errors import StoreError
from aodcli.fileio import ops as store_io
from aodcli.profiles import add_profile, remove_profile, use_profile
from aodcli.store import SaveUnconfirmed, add_events, check, commit, load_bytes, new_event, open_for_read, restore

from ..support.store_helpers import (
    DAY0,
    SHOW,
    FaultyIO,
    add_watch,
    hexid,
    install_clock,
    seam,
    snapshot,
    store_ids,
    temps,
)

Doc = dict[str, Any]


@dataclass
class Scenario:
    name: str
    template: str  # "empty", "store" or "corrupt"
    when: timedelta  # clock offset from DAY0 when the command runs
    run: Callable[[Path], Doc]  # performs the command, returns the new document
    expect: Callable[[Doc | None, Doc], None]  # before (None: no store), after
    no_links: bool = False  # a file system without hard links (FAT, exFAT): copy fallback


def _commit(mutate: Callable[[Doc], object]) -> Callable[[Path], Doc]:
    def run(path: Path) -> Doc:
        return commit(mutate, path)[0]

    return run


def _restore(path: Path) -> Doc:
    return restore(path).doc


def _note(doc: Doc) -> None:
    ev = new_event("note", episode="s01e02", text="남온조 🧟\nRTL: שלום", id=hexid(77))
    add_events(doc, "default", SHOW, [ev])


def _expect_watch(before: Doc | None, after: Doc) -> None:
    assert before is not None
    assert store_ids(after) == [*store_ids(before), hexid(50)]
    assert after["revision"] == before["revision"] + 1


def _expect_first(before: Doc | None, after: Doc) -> None:
    assert before is None
    assert store_ids(after) == [hexid(50)] and after["revision"] == 1


def _expect_note(before: Doc | None, after: Doc) -> None:
    assert before is not None
    assert store_ids(after) == [*store_ids(before), hexid(77)]


def _expect_profile(change: Callable[[Doc], None]) -> Callable[[Doc | None, Doc], None]:
    def expect(before: Doc | None, after: Doc) -> None:
        assert before is not None
        before_names = list(before["profiles"])
        change(before)
        strip = ("revision", "updated_at", "checksum", "profiles", "profile_log", "removed_profiles")
        assert {k: v for k, v in after.items() if k not in strip} == {k: v for k, v in before.items() if k not in strip}
        assert after["profiles"].keys() == before["profiles"].keys()
        for name, profile in before["profiles"].items():
            if profile is not None:  # None: created by the command
                assert after["profiles"][name] == profile
        assert after["revision"] == before["revision"] + 1
        log = [(e["type"], e.get("profile")) for e in after.get("profile_log", [])]
        gone = [name for name in before_names if name not in after["profiles"]]
        assert log == [("remove", name) for name in gone]  # a removal is recorded (aod sync carries it)
        kept = [k["name"] for k in after.get("removed_profiles", {}).values()]
        assert kept == gone  # and the profile kept, for aod undo

    return expect


def _expect_restored(before: Doc | None, after: Doc) -> None:
    assert before is None  # the current file is corrupt
    assert store_ids(after) == [hexid(0), hexid(1)]  # the newest backup: .bak


SCENARIOS = [
    Scenario("watch", "store", timedelta(days=1), _commit(add_watch(50)), _expect_watch),
    Scenario(
        "watch-no-hardlinks",
        "store",
        timedelta(days=1),
        _commit(add_watch(50)),
        _expect_watch,
        no_links=True,
    ),
    Scenario("watch-with-orphans", "orphans", timedelta(days=1), _commit(add_watch(50)), _expect_watch),
    Scenario("watch-first-run", "empty", timedelta(0), _commit(add_watch(50)), _expect_first),
    Scenario("note-same-day", "store", timedelta(hours=1), _commit(_note), _expect_note),
    Scenario(
        "profile-add",
        "store",
        timedelta(days=1),
        _commit(lambda d: add_profile(d, "carol")),
        _expect_profile(lambda d: d["profiles"].setdefault("carol", None)),
    ),
    Scenario(
        "profile-use",
        "store",
        timedelta(days=1),
        _commit(lambda d: use_profile(d, "bob")),
        _expect_profile(lambda d: d.__setitem__("active_profile", "bob")),
    ),
    Scenario(
        "profile-remove",
        "store",
        timedelta(days=1),
        _commit(lambda d: remove_profile(d, "bob", "b" * 32)),
        _expect_profile(lambda d: d["profiles"].pop("bob")),
    ),
    Scenario("restore", "corrupt", timedelta(days=1), _restore, _expect_restored),
]


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("templates")
    mp = pytest.MonkeyPatch()
    try:
        install_clock(mp)
        store = root / "store"
        commit(add_watch(0), store / "store.json")
        commit(lambda d: add_profile(d, "bob"), store / "store.json")
        commit(add_watch(1), store / "store.json")
        corrupt = root / "corrupt"
        commit(add_watch(0), corrupt / "store.json")
        commit(add_watch(1), corrupt / "store.json")  # .bak = [0]
        commit(add_watch(2), corrupt / "store.json")  # .bak = [0, 1]
        raw = (corrupt / "store.json").read_bytes()
        (corrupt / "store.json").write_bytes(raw[: len(raw) // 3])  # torn
        (root / "empty").mkdir()
        orphans = root / "orphans"
        shutil.copytree(store, orphans)
        for name in (".store.json.k2j4.tmp", ".store.json.bak.tmp", "backups/.store.x.tmp"):
            (orphans / name).write_bytes(b'{"partial": ')
    finally:
        mp.undo()
    return {"store": store, "corrupt": corrupt, "empty": root / "empty", "orphans": orphans}


def _no_link(src: str, dst: str) -> None:
    raise OSError(errno.EPERM, "Operation not permitted")


def _doc_or_none(path: Path) -> Doc | None:
    try:
        return load_bytes(path.read_bytes())
    except (OSError, StoreError):
        return None


def _assert_no_third_state(data: Path) -> None:
    for name, raw in snapshot(data).items():
        if name.endswith(".json.bak") or (name.startswith("backups/") and name.endswith(".json")):
            load_bytes(raw)  # every backup is a valid document


def run_fault_loop(
    scenario: Scenario,
    template: Path,
    workdir: Path,
    monkeypatch: pytest.MonkeyPatch,
    persistent: bool,
) -> dict[str, int]:
    outcomes = {"failed": 0, "unconfirmed": 0, "ok": 0}
    k = 0
    while True:
        k += 1
        assert k < 200, "the fault loop does not terminate"
        data = workdir / f"{'p' if persistent else 't'}{k}"
        shutil.copytree(template, data)
        path = data / "store.json"
        before_raw = path.read_bytes() if path.exists() else None
        before = _doc_or_none(path)
        bad_bytes = before_raw if scenario.template == "corrupt" else None
        base = store_io.default_ops()
        if scenario.no_links:
            base = base.with_ops(link=_no_link)
        code = errno.EIO if k % 2 else errno.ENOSPC
        fio = FaultyIO(k, persistent=persistent, err=code, base=base)
        clock = install_clock(monkeypatch, DAY0 + scenario.when)
        with seam(monkeypatch, fio.table()):
            try:
                after: Doc | None = scenario.run(path)
                outcome = "ok"
            except SaveUnconfirmed as err:
                outcome = "unconfirmed"
                assert str(err).startswith(("saved, but", "restored, but"))
                after = err.doc
            except StoreError as err:
                outcome = "failed"
                assert "\n" not in str(err)
                after = None
        outcomes[outcome] += 1
        where = f"{scenario.name} k={k} persistent={persistent}: {outcome}"
        if outcome == "failed":
            assert fio.fired, where
            if before_raw is None:
                assert not path.exists(), where
            else:
                assert path.read_bytes() == before_raw, where
        else:
            assert after is not None
            assert load_bytes(path.read_bytes()) == after, where
            scenario.expect(before, after)
        _assert_no_third_state(data)
        if bad_bytes is not None:
            for name, raw in snapshot(data).items():
                if name.startswith("corrupt/") and not name.endswith(".tmp"):
                    assert raw == bad_bytes, where  # a quarantined copy is exact

        # the next command, with no faults: it succeeds and leaves no temp behind
        clock.set(DAY0 + scenario.when + timedelta(minutes=5))
        if outcome == "failed":
            scenario.run(path)
        else:
            commit(lambda d: None, path)
        assert temps(data) == [], where
        assert check(path).ok, where
        assert open_for_read(path).warning is None
        shutil.rmtree(data)
        if not fio.fired:
            break
    outcomes["iterations"] = k
    return outcomes


@pytest.mark.parametrize("persistent", [False, True], ids=["transient", "persistent"])
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_an_io_fault_at_any_call_leaves_the_old_or_the_new_store_never_a_third(
    scenario: Scenario,
    persistent: bool,
    templates: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stats = run_fault_loop(scenario, templates[scenario.template], tmp_path, monkeypatch, persistent)
    print(f"\nI/O faults, {scenario.name} {'persistent' if persistent else 'transient'}: {stats}")
    assert stats["failed"] >= 5  # the loop really injected faults before the commit point
    if scenario.template != "empty" or not persistent:
        assert stats["unconfirmed"] >= 1  # ... and after it
