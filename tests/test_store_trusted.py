"""A commit validates only what changed, and still catches a change to an old event."""

from __future__ import annotations

import pytest

from aodcli.errors import StoreError
from aodcli.store import commit, new_event, open_for_read
from aodcli.store.document import snapshot_events, validate_document


def _seed(n: int) -> None:
    def add(doc):
        doc["profiles"]["default"]["shows"]["show"] = {
            "events": [new_event("watch", episode=f"s01e{i % 12 + 1:02d}") for i in range(n)]
        }

    commit(add)


def test_editing_an_old_event_in_place_is_still_validated():
    _seed(50)
    before = open_for_read().path.read_bytes()

    def corrupt_old(doc):
        doc["profiles"]["default"]["shows"]["show"]["events"][3]["rewatch"] = "yes"

    with pytest.raises(StoreError, match=r"events\[3\]\.rewatch"):
        commit(corrupt_old)
    assert open_for_read().path.read_bytes() == before


def test_duplicate_id_in_a_new_event_is_caught():
    _seed(5)

    def dup(doc):
        events = doc["profiles"]["default"]["shows"]["show"]["events"]
        events.append(dict(events[0]))

    with pytest.raises(StoreError, match="duplicate event id"):
        commit(dup)


def test_trusted_prefix_gives_the_same_verdicts():
    _seed(20)
    doc = open_for_read().doc
    snap = snapshot_events(doc)
    validate_document(doc, snap)  # unchanged: fine
    doc["profiles"]["default"]["shows"]["show"]["events"].append({"type": "watch"})
    with pytest.raises(Exception, match=r"events\[20\]"):
        validate_document(doc, snap)


def test_a_file_aod_wrote_is_not_validated_again_until_it_changes(monkeypatch):
    import json
    import os

    from aodcli.store import document, loader

    _seed(10)
    calls = []
    real = document.load_bytes
    monkeypatch.setattr(loader, "load_bytes", lambda raw: calls.append(1) or real(raw))
    assert open_for_read().ok and calls == []  # vouched for by the last commit
    path = open_for_read().path
    doc = json.loads(path.read_bytes())
    doc["profiles"]["default"]["shows"]["show"]["events"][0]["rewatch"] = "yes"  # hand edit
    path.write_text(json.dumps(doc), encoding="utf-8")
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    read = open_for_read()
    assert calls and not read.ok and "rewatch" in (read.warning or "")


def _copy_file():
    return open_for_read().path.parent / "cache" / "store.json.valid"


def test_the_parsed_copy_is_the_files_document():
    import json

    _seed(30)
    commit(
        lambda doc: doc["profiles"]["default"]["shows"]["show"]["events"].append(new_event("skip", episode="s01e05"))
    )
    read = open_for_read()
    assert read.doc == json.loads(read.path.read_bytes())
    assert _copy_file().read_bytes().startswith(b"aodcli store copy 4 ")


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "old marker", "another store"])
def test_a_damaged_or_stale_copy_means_a_full_load(monkeypatch, damage):
    import json

    from aodcli.store import document, loader

    _seed(20)
    copy = _copy_file()
    blob = copy.read_bytes()
    if damage == "flip":
        copy.write_bytes(blob[:-10] + bytes([blob[-10] ^ 0x40]) + blob[-9:])
    elif damage == "truncate":
        copy.write_bytes(blob[: len(blob) // 2])
    elif damage == "empty":
        copy.write_bytes(b"")
    elif damage == "old marker":  # what an earlier aodcli wrote: the signature alone
        copy.write_bytes(blob.split(b"\n")[1])
    else:  # the copy of a store that has since been replaced by another valid one
        path = open_for_read().path
        other = json.loads(path.read_bytes())
        other["profiles"]["default"]["shows"]["show"]["events"].pop()
        other["checksum"] = document.CHECKSUM_PLACEHOLDER  # valid: with its own checksum
        path.write_bytes(document.seal_checksum(document.dumps(other))[0])
    calls = []
    real = document.load_bytes
    monkeypatch.setattr(loader, "load_bytes", lambda raw: calls.append(1) or real(raw))
    read = open_for_read()
    assert calls == [1]  # validated from the JSON
    assert read.ok and read.doc == json.loads(read.path.read_bytes())
    commit(lambda doc: doc["profiles"]["default"]["shows"]["show"]["events"].pop())  # the next write
    # (a change: a command that changes nothing writes nothing) leaves a good copy again
    calls.clear()
    assert open_for_read().ok and calls == []


def test_bit_rot_in_the_store_is_never_covered_by_the_copy():
    """A change to the file's bytes that keeps its size, time and inode (a failing disk,
    an in-place edit) is seen: the copy vouches for content, not for file metadata; and
    the full load that follows catches it with the store's checksum."""
    import os

    _seed(5)
    path = open_for_read().path
    st = os.stat(path)
    data = path.read_bytes()
    at = data.index(b'"s01e0') + 6
    with open(path, "r+b") as fh:  # same inode, same size
        fh.seek(at)
        fh.write(b"9" if data[at : at + 1] != b"9" else b"8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.stat(path).st_ino == st.st_ino and os.stat(path).st_size == st.st_size
    read = open_for_read()
    assert read.doc is None and "does not match its checksum" in (read.warning or "")

    with open(path, "r+b") as fh:  # now damage the JSON itself
        fh.seek(data.index(b"{", 5))
        fh.write(b"~")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert not open_for_read().ok
    from aodcli.store import check

    assert check().state != "ok"


@pytest.mark.parametrize("into", ["earlier", "later"])
def test_a_new_event_reusing_an_id_of_an_untouched_list_is_caught(into):
    """The trusted (unchanged) lists still count for duplicate ids, whichever list comes first."""
    doc = {
        "schema": 1, "min_reader": 1, "min_writer": 1, "generator": "aodcli 0.1.0", "revision": 1,
        "updated_at": "2024-01-01T00:00:00Z", "active_profile": "a",
        "profiles": {
            name: {"created_at": "2024-01-01T00:00:00Z", "shows": {"s": {"events": [
                new_event("skip", episode="s01e01", recorded="2024-01-01T00:00:00Z") for _ in range(3)
            ]}}}
            for name in ("a", "b")
        },
    }  # fmt: skip
    validate_document(doc)
    snap = snapshot_events(doc)
    source, target = ("b", "a") if into == "earlier" else ("a", "b")
    stolen = dict(doc["profiles"][source]["shows"]["s"]["events"][1])
    doc["profiles"][target]["shows"]["s"]["events"].append(stolen)
    with pytest.raises(Exception, match="duplicate event id " + stolen["id"]):
        validate_document(doc, snap)


def _copy_doc():
    import json

    from aodcli.store import Store, trust

    store = Store(open_for_read().path)
    raw = store.path.read_bytes()
    found = trust.trusted_doc(store, raw)
    assert found is not None
    assert found[0] == json.loads(raw)
    return found


@pytest.mark.parametrize("seed", range(6))
def test_the_blockwise_copy_follows_every_kind_of_change(monkeypatch, seed):
    """Small blocks, random commits (appends, edits of old events, removals, new and
    dropped profiles and shows): after each, the copy is the file's document."""
    import random

    from aodcli.store import trust

    monkeypatch.setattr(trust, "BLOCK", 3)
    rng = random.Random(seed)
    _seed(7)
    for _ in range(25):
        action = rng.choice(["append", "append", "append-many", "edit-old", "drop-old", "new-profile", "drop-profile"])

        def mutate(doc, action=action):
            profiles = doc["profiles"]
            name = rng.choice(sorted(profiles))
            shows = profiles[name]["shows"]
            events = shows.setdefault(rng.choice(["show", "other"]), {"events": []})["events"]
            if action in ("append", "append-many"):
                for _ in range(1 if action == "append" else rng.randint(2, 8)):
                    events.append(new_event("skip", episode=f"s01e{rng.randint(1, 9):02d}"))
            elif action == "edit-old" and events:
                rng.choice([e for e in events]).update(recorded="2020-01-01T00:00:00Z")
            elif action == "drop-old" and events:
                del events[rng.randrange(len(events))]
            elif action == "new-profile":
                profiles[f"p{rng.randint(0, 99)}"] = {"created_at": "2024-01-01T00:00:00Z", "shows": {}}
            elif action == "drop-profile" and len(profiles) > 1:
                victim = rng.choice([n for n in profiles if n != doc["active_profile"]])
                del profiles[victim]

        commit(mutate)
        _copy_doc()


def test_appending_one_event_marshals_only_the_last_block(monkeypatch):
    from aodcli.store import trust

    _seed(3000)
    calls = []
    real = trust.marshal.dumps
    monkeypatch.setattr(trust.marshal, "dumps", lambda obj, *a: calls.append(len(obj)) or real(obj, *a))
    commit(
        lambda doc: doc["profiles"]["default"]["shows"]["show"]["events"].append(new_event("skip", episode="s01e02"))
    )
    # the one block that changed (the rest are taken over), then the copy around the blocks
    assert calls[:-1] == [3001 - 2 * trust.BLOCK]
    _, blocks, _ = _copy_doc()
    assert len(blocks[("default", "show")]) == 3


def test_a_lazy_read_loads_only_the_lists_asked_for():
    from aodcli.store import trust

    _seed(40)
    commit(lambda doc: doc["profiles"].update(other={"created_at": "2024-01-01T00:00:00Z", "shows": {}}))
    commit(
        lambda doc: doc["profiles"]["other"]["shows"].update(
            show={"events": [new_event("skip", episode="s01e02") for _ in range(5)]}
        )
    )
    eager = open_for_read()
    lazy = open_for_read(lazy=True)
    shows = lazy.doc["profiles"]
    assert type(shows["default"]["shows"]["show"]["events"]) is trust.Unloaded  # not an empty list
    assert lazy.events("default", "show") == eager.doc["profiles"]["default"]["shows"]["show"]["events"]
    assert type(shows["default"]["shows"]["show"]["events"]) is list  # loaded once, kept
    assert type(shows["other"]["shows"]["show"]["events"]) is trust.Unloaded  # never asked for
    assert lazy.events("other", "show") == eager.doc["profiles"]["other"]["shows"]["show"]["events"]
    assert lazy.events("nobody", "show") == [] and lazy.events("other", "no-show") == []
