"""Schema 2: every store file carries a checksum of its content (issue 11, item 14).

``checksum`` is the CRC-32 of the document's canonical bytes with the checksum's
own value read as ``crc32:00000000``. Every commit writes it, every strict load
and ``aod store check`` verify it, so a plausible one-character change (an id, a
time, a score, a note) that still validates is caught. A schema 1 store (none)
still loads and gets one, with a copy of the old bytes kept in ``backups/``.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import pytest

from aodcli.errors import StoreError
from aodcli.store import READER, SCHEMA, CorruptStore, commit, load_bytes, open_for_read, transaction
from aodcli.store.document import CHECKSUM_PLACEHOLDER, MIN_WRITER, dumps, seal_checksum, validate_document

from ..support.helpers import aod, ok
from ..support.store_helpers import FIXTURES, SHOW, add_watch, hexid, store_ids

V1 = FIXTURES / "store-v1.json"
V2 = FIXTURES / "store-v2.json"  # store-v1.json's document as this aodcli writes it: pins the checksum


@pytest.fixture
def data(_isolated_user_files: Path) -> Path:
    return _isolated_user_files


def _fill() -> None:
    ok("watch", "1-6")
    ok("watch", "7-10")
    ok("rate", "2", "8")
    ok("note", "3", "Nam On-jo keeps the class together; 남온조 🧟")
    ok("profile", "add", "mina")
    ok("watch", "1-2", "--profile", "mina")


def _flips(text: str, count: int) -> list[tuple[str, str]]:
    """``count`` one-character changes that leave a store that still validates: a hex digit
    of an id, a digit of a time, a score, an episode number, a letter of a note."""
    rng = random.Random(11)
    sites: list[tuple[str, int, str]] = []
    for m in re.finditer(r'"id": "([0-9a-f]{32})"', text):
        sites.append(("id", m.start(1) + rng.randrange(32), "0123456789abcdef"))
    for m in re.finditer(r'"(?:recorded|at|updated_at|created_at)": "([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8})', text):
        sites.append(("time", m.start(1) + rng.choice([3, 15, 18]), "0123456789"))  # year, minute, second
    for m in re.finditer(r'"score": ([0-9])', text):
        sites.append(("score", m.start(1), "123456789"))
    for m in re.finditer(r'"episode": "s01e0([1-9])"', text):
        sites.append(("episode", m.start(1), "123456789"))
    for m in re.finditer(r'"text": "([A-Za-z ;-]+)', text):
        sites.append(("note", m.start(1) + rng.randrange(len(m.group(1))), "abcdefghijklmnopqrstuvwxyz"))
    for m in re.finditer(r'"revision": ([0-9]+)', text):
        sites.append(("revision", m.start(1), "123456789"))
    rng.shuffle(sites)
    out = []
    for kind, at, alphabet in sites[:count]:
        new = rng.choice([c for c in alphabet if c != text[at]])
        out.append((kind, text[:at] + new + text[at + 1 :]))
    return out


def test_every_commit_writes_a_checksum_that_verifies(data: Path) -> None:
    _fill()
    raw = (data / "store.json").read_bytes()
    doc = json.loads(raw)
    assert re.fullmatch(r"crc32:[0-9a-f]{8}", doc["checksum"])
    assert (doc["schema"], doc["min_reader"], doc["min_writer"]) == (SCHEMA, READER, MIN_WRITER) == (3, 3, 2)
    assert load_bytes(raw) == doc
    # what it is: the CRC-32 of the canonical bytes, the value read as the placeholder
    assert seal_checksum(dumps({**doc, "checksum": CHECKSUM_PLACEHOLDER})) == (raw, doc["checksum"])
    assert ok("store", "check").stdout.startswith(f"{data / 'store.json'} is fine")


def test_fifty_plausible_one_character_changes_are_all_caught(data: Path) -> None:
    _fill()
    path = data / "store.json"
    text = path.read_text("utf-8")
    flips = _flips(text, 50)
    assert len(flips) == 50 and len({kind for kind, _ in flips}) >= 5
    for kind, damaged in flips:
        assert damaged != text
        validate_document(json.loads(damaged))  # each still looks like a valid store: only the checksum tells
        with pytest.raises(CorruptStore, match="does not match its checksum"):
            load_bytes(damaged.encode("utf-8"))
        path.write_text(damaged, "utf-8")
        run = aod("store", "check")
        assert run.code == 1 and "does not match its checksum" in run.stdout, (kind, run.stdout)
        read = aod("progress", "--json")  # a read: warns, shows the pack only
        assert read.code == 0 and read.stderr.startswith("Warning: ") and "checksum" in read.stderr, kind
        before = path.read_bytes()
        assert aod("watch", "11").code == 1 and path.read_bytes() == before  # a write: refused
    path.write_text(text, "utf-8")
    ok("store", "check")


def test_a_damaged_version_field_reads_as_damage_not_as_a_newer_aodcli(data: Path) -> None:
    ok("watch", "1")
    path = data / "store.json"
    text = path.read_text("utf-8")
    path.write_text(text.replace('"min_reader": 3', '"min_reader": 7'), "utf-8")
    run = aod("store", "check")
    assert run.code == 1 and "does not match its checksum" in run.stdout and "upgrade" not in run.stdout.lower()
    path.write_text(text.replace('"schema": 3', '"schema": 4'), "utf-8")
    assert "does not match its checksum" in aod("store", "check").stdout


def test_a_broken_or_missing_checksum_is_named(data: Path) -> None:
    ok("watch", "1")
    path = data / "store.json"
    doc = json.loads(path.read_bytes())
    path.write_text(json.dumps({**doc, "checksum": "crc32:xyz"}), "utf-8")
    assert "checksum: expected 'crc32:' and 8 hex digits" in aod("store", "check").stdout
    del doc["checksum"]  # schema 2 always has one
    path.write_text(json.dumps(doc), "utf-8")
    assert "checksum: missing" in aod("store", "check").stdout


def test_the_same_content_in_another_layout_still_verifies(data: Path) -> None:
    """The checksum is of the content: a file reformatted (compact, keys in another
    order) but not changed still loads; the next write puts it back in canonical form."""
    _fill()
    path = data / "store.json"
    doc = json.loads(path.read_bytes())
    path.write_text(json.dumps(dict(reversed(list(doc.items()))), separators=(",", ":")), "utf-8")
    shutil.rmtree(data / "cache")
    assert load_bytes(path.read_bytes()) == doc
    ok("store", "check")
    ok("watch", "11")
    assert path.read_bytes() == dumps(load_bytes(path.read_bytes()))


def test_golden_v2_store_loads_and_pins_the_checksum() -> None:
    raw = V2.read_bytes()
    doc = load_bytes(raw)
    assert doc["schema"] == 2 and doc["checksum"] == "crc32:09198ed7"
    assert doc["profiles"] == load_bytes(V1.read_bytes())["profiles"]
    assert dumps(doc) == raw


def test_a_schema_1_store_loads_and_gets_a_checksum_on_its_next_write(data: Path) -> None:
    """No checksum (an older aodcli wrote it): read as it is; the first write upgrades it and
    first keeps the old bytes in backups/ (never pruned), so an older aod can still read them."""
    data.mkdir()
    old = V1.read_bytes()
    path = data / "store.json"
    path.write_bytes(old)
    before = ok("history", "--json").json()["events"]
    ok("store", "check")
    assert path.read_bytes() == old  # reading never writes
    ok("watch", "12", "--rewatch")
    new = load_bytes(path.read_bytes())
    assert (new["schema"], new["min_reader"], new["min_writer"]) == (3, 3, 2) and "checksum" in new
    assert new["revision"] == load_bytes(old)["revision"] + 1
    assert store_ids(new)[: len(before)] == [e["id"] for e in before]
    assert (data / "store.json.bak").read_bytes() == old
    kept = sorted((data / "backups").glob("store.pre-schema-1-to-3.*.json"))
    assert len(kept) == 1 and kept[0].read_bytes() == old
    assert re.fullmatch(
        r"store\.pre-schema-1-to-3\.[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}-[0-9]{2}-[0-9]{2}Z\.json", kept[0].name
    )
    ok("watch", "11", "--rewatch")  # later writes keep it, make no other copy
    assert sorted((data / "backups").glob("store.pre-schema-*")) == kept
    ok("store", "check")


def test_a_commit_encodes_the_document_once(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The checksum is one CRC-32 pass over the bytes written, never a second dump of the document."""
    path = data / "store.json"
    commit(add_watch(0))
    calls: list[int] = []
    real = transaction.dumps

    def counted(doc: dict[str, object]) -> bytes:
        calls.append(1)
        return real(doc)

    monkeypatch.setattr(transaction, "dumps", counted)
    doc, ident = commit(add_watch(1))
    assert calls == [1]
    assert store_ids(doc)[-1] == ident == hexid(1)
    assert load_bytes(path.read_bytes())["checksum"] == doc["checksum"]
    assert open_for_read().doc == doc


def test_restoring_an_old_backup_writes_a_checksum(data: Path) -> None:
    data.mkdir()
    (data / "store.json").write_bytes(b"{ damaged")
    backups = data / "backups"
    backups.mkdir()
    (backups / "store.2026-11-20.json").write_bytes(V1.read_bytes())
    ok("store", "restore")
    restored = load_bytes((data / "store.json").read_bytes())
    assert restored["schema"] == 3 and "checksum" in restored
    assert (
        restored["profiles"][("default")]["shows"][SHOW]
        == load_bytes(V1.read_bytes())["profiles"]["default"]["shows"][SHOW]
    )


def test_a_change_that_breaks_the_schema_names_the_place_not_just_the_checksum(data: Path) -> None:
    ok("watch", "1")
    path = data / "store.json"
    doc = json.loads(path.read_bytes())
    doc["profiles"]["default"]["shows"][SHOW]["events"][0]["rewatch"] = "yes"
    path.write_text(json.dumps(doc), "utf-8")
    with pytest.raises(StoreError, match=r"events\[0\]\.rewatch"):
        load_bytes(path.read_bytes())
