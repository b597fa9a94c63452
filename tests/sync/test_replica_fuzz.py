"""The replica reader takes any bytes: it returns a replica or says why not (``Unreadable``), nothing else."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from aodcli.store.document import CHECKSUM_PLACEHOLDER, dumps, seal_checksum
from aodcli.sync.merge import Pool
from aodcli.sync.replica import Replica, Unreadable, build, parse

SHOW = "all-of-us-are-dead"
ID = "0123456789abcdef0123456789abcdef"


def _good() -> bytes:
    pool = Pool()
    watch = {"id": ID, "type": "watch", "recorded": "2026-01-01T10:00:00Z", "episode": "s01e01"}
    watch.update(at="2026-01-01T10:00:00Z", rewatch=False)
    undo = {"id": "f" * 32, "type": "undo", "recorded": "2026-01-02T10:00:00Z", "target": ID}
    made = {"id": "d" * 32, "name": "jun", "created_at": "2025-12-31T10:00:00Z"}
    pool.add_profile("jun", [made], [watch, undo])
    pool.add_log([{"id": "e" * 32, "type": "remove", "profile": "mina", "recorded": "2026-01-03T00:00:00Z"}])
    return build(pool, device="0123456789abcdef", device_name="laptop", show=SHOW, written="2026-01-04T00:00:00Z")


GOOD = _good()
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)


def _check(data: bytes) -> None:
    try:
        found = parse(data, SHOW)
    except Unreadable as err:
        assert err.kind in ("damaged", "newer", "other-show", "foreign")
        assert str(err) and "\n" not in str(err)
    else:
        assert isinstance(found, Replica)


def test_the_good_replica_reads() -> None:
    found = parse(GOOD, SHOW)
    assert found.device_name == "laptop" and found.events == 2


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes(data: bytes) -> None:
    _check(data)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=len(GOOD) - 1), st.integers(min_value=0, max_value=255))
def test_any_one_byte_changed(at: int, value: int) -> None:
    data = GOOD[:at] + bytes([value]) + GOOD[at + 1 :]
    if data != GOOD:
        try:
            parse(data, SHOW)
        except Unreadable as err:
            assert err.kind in ("damaged", "foreign")
        # a changed byte that still parses would have to keep the checksum: not with CRC-32 and one byte


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, (*prefix, i))
    return out


PATHS = _paths(json.loads(GOOD))[1:]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(PATHS), json_values)
def test_any_value_replaced_and_sealed_again(path: tuple[Any, ...], value: Any) -> None:
    """A well-formed file (checksum right) with any value anywhere: read, or refused with a reason."""
    doc = json.loads(GOOD)
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    doc["checksum"] = CHECKSUM_PLACEHOLDER
    try:
        data = seal_checksum(dumps(doc))[0]
    except ValueError:  # the checksum itself was replaced by something else: no placeholder to seal
        return
    _check(data)


# --------------------------------------------------------------------------- the merge, as algebra

_ids = st.integers(min_value=0, max_value=40).map(lambda n: f"{n:032x}")
_batches = st.integers(min_value=0, max_value=6).map(lambda n: f"{n:032x}"[::-1])
_times = st.integers(min_value=0, max_value=30).map(lambda n: f"2026-01-{1 + n // 24:02d}T{n % 24:02d}:00:00Z")
_event = st.builds(
    lambda ident, kind, when, ep, batch: (
        {"id": ident, "type": kind, "recorded": when, "episode": ep}
        | ({"at": when, "rewatch": False} if kind == "watch" else {})
        | ({"score": 5} if kind == "rate" else {})
        | ({"batch": batch} if batch else {})
    ),
    _ids,
    st.sampled_from(["watch", "unwatch", "skip", "rate", "unrate"]),
    _times,
    st.sampled_from(["s01e01", "s01e02", "s01e03"]),
    st.none() | _batches,
)
_profile = st.sampled_from(["default", "jun", "Jun", "mina"])


@st.composite
def pools(draw: Any) -> Pool:
    from aodcli.sync.merge import key_of

    pool = Pool()
    for _ in range(draw(st.integers(0, 4))):
        name = draw(_profile)
        made = [
            {"id": i, "name": name, "created_at": t} for i, t in draw(st.lists(st.tuples(_batches, _times), max_size=2))
        ]
        pool.add_profile(key_of(name), made, draw(st.lists(_event, max_size=5)))
    removals = draw(st.lists(st.tuples(_ids, _profile, _times, st.none() | st.lists(_batches, max_size=4)), max_size=2))
    pool.add_log(
        {"id": "a" * 8 + ident[8:], "type": "remove", "profile": name, "recorded": when}
        | ({"seen": sorted(set(seen))} if seen is not None else {})
        for ident, name, when, seen in removals
    )
    return pool


def _joined(*parts: Pool) -> Pool:
    out = Pool()
    for part in parts:
        out.absorb(part)
    return out


@settings(max_examples=200, deadline=None)
@given(pools(), pools(), pools())
def test_joining_commutes_associates_and_repeats_harmlessly(a: Pool, b: Pool, c: Pool) -> None:
    from aodcli.sync.merge import view

    one = view(_joined(a, b, c))
    assert view(_joined(c, b, a)) == one
    assert view(_joined(_joined(a, b), c)) == view(_joined(a, _joined(b, c))) == one
    assert view(_joined(a, b, c, b, a)) == one
