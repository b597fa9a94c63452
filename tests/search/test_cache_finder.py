"""The sealed copy of the name index: ``<data dir>/cache/search/<key>.marshal``.

A second run loads the stored index without building records from the pack;
a missing, truncated, corrupt or foreign copy is rebuilt and replaced; a cache
that cannot be written is skipped; a changed pack gets a new key.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from aodcli import finder
from aodcli.fileio.cachefile import read_sealed
from aodcli.pack import load_pack
from aodcli.paths import cache_dir
from aodcli.search import Hit, NameIndex

from ..support.helpers import BUNDLED, copy_pack, ok

#: Between them these read every part of a stored index (the typo and Hangul forms too).
QUERIES = [
    "Lee", "Lee Su-hyeok", "Soo-hyuk", "남온조", "ㄴㅇㅈ", "초", "남ㅇㅈ", "조이헌", "Park Solomon", "Cheongsam",
    "Nam-ruh", "qqqqxxxx",
]  # fmt: skip


def answers(index: NameIndex) -> list[object]:
    def brief(hits: list[Hit]) -> list[tuple[str, int, str, str]]:
        return [(h.record.id, h.score, h.tier, h.reason) for h in hits]

    out: list[object] = []
    for q in QUERIES:
        out.append(brief(index.search(q)))
        out.append(brief(index.search(q, kinds={"person"})))
        out.append(brief([s for s in [index.suggest(q)] if s]))
    return out


def stored() -> list[Path]:
    """The sealed copies of the name index."""
    folder = cache_dir() / "search"
    return sorted(folder.glob("*.marshal")) if folder.is_dir() else []


def valid(path: Path) -> bool:
    """Is ``path`` a sealed copy of a name index (its key is its name)?"""
    found = read_sealed(path, path.stem)
    return found is not None and bool(NameIndex.from_payload(found[0]))


@pytest.fixture
def expected() -> list[object]:
    return answers(NameIndex(finder.name_records(load_pack())))


def refuse(pack: object) -> list[object]:
    raise AssertionError("the stored index should have been used")


def test_first_run_stores_the_index_and_the_second_loads_it(
    expected: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert stored() == []
    assert answers(finder.name_index(load_pack())) == expected
    [path] = stored()
    assert valid(path)
    monkeypatch.setattr(finder, "name_records", refuse)
    assert answers(finder.name_index(load_pack())) == expected  # a new Pack: read from disk
    assert stored() == [path]


def test_one_pack_object_builds_its_index_once(monkeypatch: pytest.MonkeyPatch) -> None:
    pack = load_pack()
    first = finder.name_index(pack)
    monkeypatch.setattr(finder, "_load", lambda *a: pytest.fail("read again"))
    assert finder.name_index(pack) is first


def test_a_pack_without_a_key_is_not_cached(expected: list[object]) -> None:
    pack = load_pack()
    pack.key = None  # its files could not all be stat'ed: no key for the pack, none for its index
    assert answers(finder.name_index(pack)) == expected
    assert stored() == []


def test_cache_files_are_private() -> None:
    finder.name_index(load_pack())
    [path] = stored()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for folder in (path.parent, path.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left behind


def flip(blob: bytes, at: int) -> bytes:
    return blob[:at] + bytes([blob[at] ^ 0x10]) + blob[at + 1 :]


def resealed(blob: bytes, old: bytes, new: bytes) -> bytes:
    """The same sealed copy with ``old`` in its tag line replaced by ``new`` (its CRC still right)."""
    tag, rest = blob.split(b"\n", 1)
    return tag.replace(old, new) + b"\n" + rest


DAMAGE = {
    "empty": lambda b: b"",
    "half": lambda b: b[: len(b) // 2],
    "one byte short": lambda b: b[:-1],
    "garbage": lambda b: b"garbage" * 100,
    "the tag": lambda b: flip(b, 3),
    "the CRC": lambda b: flip(b, b.index(b"\n") + 2),
    "the payload's start": lambda b: flip(b, b.index(b"\n") + 12),
    "the payload's middle": lambda b: flip(b, len(b) // 2),
    "the payload's end": lambda b: flip(b, len(b) - 2),
    "a copy under another key": lambda b: resealed(b, b"aodcli ", b"aodcli 0"),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_file_is_rebuilt_and_replaced(
    damage: str, expected: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    finder.name_index(load_pack())
    [path] = stored()
    path.write_bytes(DAMAGE[damage](path.read_bytes()))
    calls = 0
    real = finder.name_records

    def counting(pack):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return real(pack)

    monkeypatch.setattr(finder, "name_records", counting)
    assert answers(finder.name_index(load_pack())) == expected  # never an error, and the same answers
    assert calls == 1  # found damaged as it was read: built once
    assert stored() == [path]
    assert valid(path)  # replaced by a valid copy


def test_an_unwritable_cache_is_skipped(expected: list[object]) -> None:
    blocker = cache_dir() / "search"
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("not a folder")  # so cache/search cannot be made
    assert answers(finder.name_index(load_pack())) == expected
    assert blocker.read_text() == "not a folder"


def test_a_read_only_cache_folder_is_skipped(expected: list[object]) -> None:
    folder = cache_dir() / "search"
    folder.mkdir(parents=True)
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        assert answers(finder.name_index(load_pack())) == expected
        assert stored() == []
    finally:
        folder.chmod(0o700)


def test_a_changed_pack_gets_a_new_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pack_dir = copy_pack(BUNDLED, tmp_path / "pack")
    monkeypatch.setenv("AOD_SHOW", str(pack_dir))
    finder.name_index(load_pack())
    [first] = stored()
    people = pack_dir / "people.json"
    text = people.read_text(encoding="utf-8")
    people.write_text(text.replace('"Lomon"', '"Lomonn"', 1), encoding="utf-8")
    index = finder.name_index(load_pack())
    assert index.search("Lomonn")[0].tier == "exact"
    assert len(stored()) == 2 and first in stored()


def test_old_indexes_are_pruned(monkeypatch: pytest.MonkeyPatch) -> None:
    folder = cache_dir() / "search"
    folder.mkdir(parents=True)
    for n in range(finder.KEEP_INDEXES + 3):
        old = folder / f"{n:032x}.marshal"
        old.write_bytes(b"old")
        os.utime(old, (1_000_000 + n, 1_000_000 + n))
    stale = folder / ".crashed.tmp"
    stale.write_bytes(b"x")
    os.utime(stale, (1_000_000, 1_000_000))
    finder.name_index(load_pack())
    left = stored()
    assert len(left) == finder.KEEP_INDEXES
    assert not stale.exists()
    assert folder / f"{finder.KEEP_INDEXES + 2:032x}.marshal" in left  # the newest old ones stay


def test_search_command_uses_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    first = ok("search", "Lee", "--json").json()
    assert len(stored()) == 1
    monkeypatch.setattr(finder, "name_records", refuse)
    assert ok("search", "Lee", "--json").json() == first
    assert "Lee Cheong-san" in ok("character", "Chung-san").stdout
