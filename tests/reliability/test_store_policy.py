"""The corrupt-file policy at API level: a corrupt, missing or empty store, a store
written by a newer aod, check and restore.

Never silent, never destructive: a bad file is never overwritten, reset or
rotated into the backups; mutating calls stop with a message naming the file,
the problem and the way out; read-only callers get ``ok=False`` and a warning;
``restore`` first copies the bad bytes into ``corrupt/``, byte for byte.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from aodcli.errors import AodError, StoreError, UsageError
from aodcli.profiles import add_profile, remove_profile, use_profile
from aodcli.store import SCHEMA, check, commit, load_bytes, open_for_read, profile_events, restore

from ..support.store_helpers import (
    CORPUS,
    DAY0,
    SHOW,
    add_watch,
    hexid,
    install_clock,
    sha256,
    snapshot,
    store_ids,
    temps,
)

MANIFEST: dict[str, dict[str, str]] = json.loads((CORPUS / "MANIFEST.json").read_text("utf-8"))
BAD = sorted(n for n, m in MANIFEST.items() if m["state"] != "ok")
NEWER = {"min-reader-future.json", "min-writer-future.json"}


@pytest.fixture
def path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("AOD_DATA_DIR", str(data))
    install_clock(monkeypatch)
    return data / "store.json"


def _history(path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """Three commits over two days: .bak holds [0, 1], backups/ a day-old [0]."""
    clock = install_clock(monkeypatch)
    commit(add_watch(0))
    clock.set(DAY0 + timedelta(days=1))
    commit(add_watch(1))
    commit(add_watch(2))
    return (path.parent / "store.json.bak").read_bytes()


# --- a corrupt store ------------------------------------------------------------------


@pytest.mark.parametrize("name", BAD)
def test_a_corrupt_store_is_never_overwritten_and_restore_brings_back_the_newest_good_copy(
    name: str, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bak = _history(path, monkeypatch)
    newest, newest_ids = bak, [hexid(0), hexid(1)]  # .bak is the newest good state
    bad = (CORPUS / name).read_bytes()
    path.write_bytes(bad)
    before = snapshot(path.parent)

    # a mutating call: refused, nothing changed, nothing rotated
    with pytest.raises(StoreError) as info:
        commit(add_watch(9))
    message = str(info.value)
    assert str(path) in message and "\n" not in message
    if name not in NEWER:
        assert "last good copy is store.json.bak (2026-11-21 21:14 UTC)" in message
        assert "'aod store restore'" in message and "'aod store check'" in message
    else:
        assert "upgrade aodcli" in message.lower()
    assert snapshot(path.parent) == before

    # a read-only call: a warning, and no progress unless a newer aod allows reading
    result = open_for_read()
    assert result.warning and str(path) in result.warning
    if name == "min-writer-future.json":
        assert result.ok and result.doc is not None and not result.writable
    else:
        assert not result.ok and result.doc is None
        assert "spoilers hidden" in result.warning
    assert snapshot(path.parent) == before

    # check: reports, never writes
    report = check()
    assert not report.ok and report.state == MANIFEST[name]["state"]
    assert [b.ok for b in report.backups] == [True, True]
    assert snapshot(path.parent) == before

    # restore: quarantine byte for byte, then the newest valid backup
    if name in NEWER:
        with pytest.raises(StoreError, match="upgrade aodcli instead"):
            restore()
        assert snapshot(path.parent) == before
        rep = restore(from_file=path.parent / "store.json.bak")  # explicit: allowed
    else:
        rep = restore()
        assert rep.source == path.parent / "store.json.bak"
    assert rep.quarantined is not None and rep.quarantined.read_bytes() == bad
    assert rep.quarantined.parent == path.parent / "corrupt"
    restored = load_bytes(path.read_bytes())
    assert restored["profiles"] == load_bytes(newest)["profiles"]
    assert store_ids(restored) == newest_ids
    # the bad file never reached the backups
    assert (path.parent / "store.json.bak").read_bytes() == bak
    assert all(
        raw != bad for n, raw in snapshot(path.parent).items() if n.endswith(".json") and not n.startswith("corrupt/")
    )
    assert check().ok and temps(path.parent) == []
    commit(add_watch(3))  # and life goes on
    assert store_ids(open_for_read().doc or {}) == [*newest_ids, hexid(3)]


def test_restore_without_any_valid_backup_changes_nothing(path: Path) -> None:
    path.parent.mkdir()
    path.write_bytes(b"{")
    with pytest.raises(StoreError, match="no valid backup"):
        restore()
    assert snapshot(path.parent) == {"store.json": b"{", "store.json.lock": b""}
    with pytest.raises(StoreError, match="no valid backup was found and aod will not overwrite"):
        commit(add_watch(0))


def test_restore_from_file_and_refusal_when_the_store_is_fine(
    path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _history(path, monkeypatch)
    with pytest.raises(StoreError, match=r"is fine .*nothing to restore"):
        restore()
    export = tmp_path / "elsewhere.json"
    export.write_bytes((path.parent / "backups" / "store.2026-11-21.json").read_bytes())
    current = path.read_bytes()
    rep = restore(from_file=export)
    assert rep.quarantined is None  # a valid current file goes to .bak as usual
    assert (path.parent / "store.json.bak").read_bytes() == current
    assert store_ids(open_for_read().doc or {}) == [hexid(0)]
    assert rep.revision == load_bytes(current)["revision"] + 1  # revisions never go back
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"[]")
    before = snapshot(path.parent)
    with pytest.raises(StoreError, match=r"bad\.json is not a valid store"):
        restore(from_file=bad)
    assert snapshot(path.parent) == before


def test_restore_twice_keeps_both_quarantined_copies(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _history(path, monkeypatch)
    path.write_bytes(b"one")
    restore()
    path.write_bytes(b"two")
    restore()
    copies = sorted(p.read_bytes() for p in (path.parent / "corrupt").iterdir())
    assert copies == [b"one", b"two"]


# --- a missing or empty store ---------------------------------------------------------


def test_a_missing_store_without_backups_is_a_first_run(path: Path) -> None:
    result = open_for_read()
    assert result.ok and result.warning is None and result.state == "missing"
    assert result.doc is not None and profile_events(result.doc, "default", SHOW) == []
    assert not path.parent.exists()  # reading creates nothing
    doc, _ = commit(add_watch(0))
    assert doc["revision"] == 1 and doc["schema"] == SCHEMA
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_missing_store_with_backups_is_refused(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _history(path, monkeypatch)
    path.unlink()
    before = snapshot(path.parent)
    with pytest.raises(StoreError, match=r"store.json is missing but backups exist .*aod store restore"):
        commit(add_watch(5))
    assert snapshot(path.parent) == before  # never an empty store over existing data
    result = open_for_read()
    assert not result.ok and result.warning and "missing but backups exist" in result.warning
    assert not check().ok
    rep = restore()  # the newest backup: .bak
    assert rep.quarantined is None and store_ids(rep.doc) == [hexid(0), hexid(1)]


def test_an_empty_store_is_corrupt(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _history(path, monkeypatch)
    path.write_bytes(b"")
    with pytest.raises(StoreError, match="is empty"):
        commit(add_watch(5))
    assert path.read_bytes() == b""


# --- a store from a newer aod ---------------------------------------------------------


def test_a_store_a_newer_aod_must_write_is_read_but_never_written(path: Path) -> None:
    path.parent.mkdir()
    raw = (CORPUS / "min-writer-future.json").read_bytes()
    path.write_bytes(raw)
    result = open_for_read()
    assert result.ok and result.doc is not None and result.doc["watchlists"]
    assert result.warning and "read-only" in result.warning and not result.writable
    for mutate in (add_watch(1), lambda d: add_profile(d, "zed")):
        with pytest.raises(StoreError, match="can read it but not change it"):
            commit(mutate)
    assert sha256(path) == __import__("hashlib").sha256(raw).hexdigest()
    report = check()
    assert report.state == "newer-writer" and report.events == 10


def test_a_store_only_a_newer_aod_can_read_is_unreadable(path: Path) -> None:
    path.parent.mkdir()
    path.write_bytes((CORPUS / "min-reader-future.json").read_bytes())
    result = open_for_read()
    assert not result.ok and result.warning
    assert "written by aodcli 9.0.0 (store format 9)" in result.warning
    with pytest.raises(StoreError, match=r"cannot read; upgrade aodcli\. Nothing was changed\."):
        commit(add_watch(1))


# --- profiles -------------------------------------------------------------------------


def test_profile_helpers(path: Path) -> None:
    doc, _ = commit(lambda d: add_profile(d, "bob"))
    assert sorted(doc["profiles"]) == ["bob", "default"]
    with pytest.raises(AodError, match="already exists"):
        commit(lambda d: add_profile(d, "bob"))
    with pytest.raises(UsageError, match="invalid profile name"):
        commit(lambda d: add_profile(d, "no spaces"))
    with pytest.raises(UsageError, match="unknown profile 'carol'"):
        commit(lambda d: use_profile(d, "carol"))
    doc, _ = commit(lambda d: use_profile(d, "bob"))
    assert doc["active_profile"] == "bob"
    with pytest.raises(AodError, match="active profile"):
        commit(lambda d: remove_profile(d, "bob", "b" * 32))
    doc, removed = commit(lambda d: remove_profile(d, "default", "b" * 32))
    assert list(doc["profiles"]) == ["bob"] and removed["shows"] == {}
    assert doc["revision"] == 3  # failed commits used no revision
