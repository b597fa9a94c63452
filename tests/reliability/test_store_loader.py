"""The loader and the canonical dump: any bytes, mutated goldens, a corpus of bad
files, cut-short files, round trips, the golden version-1 store, and times.

``load_bytes`` either returns a valid document or raises StoreError
(CorruptStore / NewerStore): never another exception, never a write.
"""

from __future__ import annotations

import json
import os
import string
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aodcli.errors import StoreError
from aodcli.store import (
    MAX_NOTE_CHARS,
    CorruptStore,
    NewerStore,
    Store,
    commit,
    dumps,
    format_utc,
    load_bytes,
    new_event,
    open_for_read,
    parse_utc,
    utc_now,
)
from aodcli.store import clock as clock_module
from aodcli.store.loader import load

from ..support.store_helpers import CORPUS, FIXTURES, SHOW, add_watch, examples, sha256, snapshot

GOLDEN = FIXTURES / "store-v1.json"
MANIFEST: dict[str, dict[str, str]] = json.loads((CORPUS / "MANIFEST.json").read_text("utf-8"))

Doc = dict[str, Any]


def _reference_dump(doc: Doc) -> bytes:
    text = json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8")


# --- any bytes: a valid document or a StoreError, nothing else ------------------------


@settings(max_examples=examples(1000, 50_000), deadline=None)
@given(st.binary(max_size=8192))
def test_any_bytes_load_or_raise_a_one_line_store_error(data: bytes) -> None:
    try:
        doc = load_bytes(data)
    except StoreError as err:
        assert isinstance(err, (CorruptStore, NewerStore))
        assert "\n" not in str(err)
        str(err).encode("utf-8")  # printable: no lone surrogate in the message
        return
    assert load_bytes(dumps(doc)) == doc


def _mutate_bytes(data: bytes, ops: list[tuple[int, int, int]]) -> bytes:
    buf = bytearray(data)
    for kind, pos, value in ops:
        if not buf:
            break
        pos %= len(buf)
        if kind == 0:
            buf[pos] = value
        elif kind == 1:
            buf.insert(pos, value)
        elif kind == 2:
            del buf[pos]
        else:
            del buf[pos:]
    return bytes(buf)


@settings(max_examples=examples(1000, 50_000), deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 10**6), st.integers(0, 255)),
        min_size=1,
        max_size=4,
    )
)
def test_a_mutated_golden_loads_or_raises_a_store_error(ops: list[tuple[int, int, int]]) -> None:
    data = _mutate_bytes(GOLDEN.read_bytes(), ops)
    try:
        doc = load_bytes(data)
    except StoreError as err:
        str(err).encode("utf-8")
        return
    assert load_bytes(dumps(doc)) == doc


@settings(
    max_examples=examples(100, 5000),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.binary(max_size=2048) | st.sampled_from(sorted(MANIFEST)).map(lambda n: (CORPUS / n).read_bytes()))
def test_reading_any_file_never_raises_and_never_writes(data: bytes, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("any-file")
    path = folder / "store.json"
    path.write_bytes(data)
    result = open_for_read(path)
    if result.writable:
        return
    assert result.warning
    with pytest.raises(StoreError):
        commit(add_watch(0), path)
    assert snapshot(folder) == {"store.json": data, "store.json.lock": b""}


# --- a changed field is named by its JSON path ----------------------------------------

_TIME_FIELDS = {"updated_at", "created_at", "recorded", "at"}
#: valid values of the integer fields (min_reader above 1 is "newer", not invalid)
_RANGES = {
    "score": lambda v: 1 <= v <= 10,
    "revision": lambda v: v >= 0,
    "schema": lambda v: v >= 1,
    "min_reader": lambda v: v >= 1,
    "min_writer": lambda v: v == 1,
}


def _walk(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _walk(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _walk(value, (*path, i))
    return out


def _fmt(path: tuple[Any, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        doc = doc[part]
    return doc


@settings(max_examples=examples(1000, 20_000), deadline=None)
@given(st.data())
def test_a_changed_field_is_refused_naming_its_json_path(data: st.DataObject) -> None:
    doc = json.loads(GOLDEN.read_bytes())
    paths = [p for p in _walk(doc) if p]
    path = data.draw(st.sampled_from(paths))
    parent, key = _get(doc, path[:-1]), path[-1]
    value = parent[key]
    kind = data.draw(st.sampled_from(["swap", "delete", "extra", "naive", "range", "type"]), label="kind")
    expect: str | None = None  # the path the message must name
    if kind == "swap":
        parent[key] = 7 if isinstance(value, (dict, list)) else [1]
        expect = _fmt(path)
    elif kind == "delete":
        if isinstance(parent, list):
            del parent[key]
        else:
            del parent[key]
            in_mapping = len(path) >= 2 and path[-2] in ("profiles", "shows")
            if not in_mapping:
                expect = _fmt(path)
    elif kind == "extra" and isinstance(value, dict):
        value["zz_unknown"] = 1  # a newer aodcli's optional field: kept and ignored, anywhere
    elif kind == "naive" and key in _TIME_FIELDS and isinstance(value, str):
        parent[key] = value.rstrip("Z")
        expect = _fmt(path)
    elif kind == "range" and key in _RANGES and not isinstance(value, bool):
        parent[key] = data.draw(st.sampled_from([-1, 0, 11, 10**18]))
        if not _RANGES[key](parent[key]):
            expect = _fmt(path)
    elif kind == "type" and key == "type":
        parent[key] = data.draw(st.sampled_from(["binge", "Watch", "", "skip "]))
        expect = _fmt(path)
    raw = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    try:
        load_bytes(raw)
    except NewerStore:
        return
    except CorruptStore as err:
        assert err.state == "invalid"
        if expect is not None:
            assert f"{expect}: " in str(err), (kind, expect, str(err))
        return
    assert expect is None, f"{kind} at {_fmt(path)} was accepted"


# --- the corpus of bad and odd stores -------------------------------------------------


def _all_events(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [ev for p in doc["profiles"].values() for sh in p["shows"].values() for ev in sh["events"]]


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_each_corpus_store_loads_as_its_manifest_says_and_a_bad_one_is_never_written(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    want = MANIFEST[name]
    path = tmp_path / "data" / "store.json"
    path.parent.mkdir()
    path.write_bytes((CORPUS / name).read_bytes())
    digest = sha256(path)
    loaded = load(Store(path))
    assert loaded.state == want["state"], (name, loaded.problem)
    if want["message"]:
        assert want["message"] in (loaded.problem or ""), (name, loaded.problem)
    if loaded.state == "ok":
        before = json.loads((CORPUS / name).read_bytes())
        doc, _ = commit(add_watch(0), path)  # what a newer aodcli added survives a rewrite
        if "future_feature" in before:
            assert doc.get("future_feature") == {"kept": [1, "two", None]}
            assert load_bytes(path.read_bytes())["future_feature"] == doc["future_feature"]
        kept = [ev for p in before["profiles"].values() for sh in p["shows"].values() for ev in sh["events"]]
        now = {ev["id"]: ev for ev in _all_events(load_bytes(path.read_bytes()))}
        assert all(now[ev["id"]] == ev for ev in kept), "an event changed on rewrite"
        return
    with pytest.raises(StoreError) as info:
        commit(add_watch(0), path)
    message = str(info.value)
    assert str(path) in message and "\n" not in message
    assert sha256(path) == digest


# --- a file cut short -----------------------------------------------------------------


def _goldens() -> list[bytes]:
    doc = json.loads(GOLDEN.read_bytes())
    first = {
        "schema": 1,
        "min_reader": 1,
        "min_writer": 1,
        "generator": "aodcli 0.1.0",
        "revision": 1,
        "updated_at": "2026-11-20T21:14:00Z",
        "active_profile": "default",
        "profiles": {"default": {"created_at": "2026-11-20T21:14:00Z", "shows": {}}},
    }
    extra = dict(doc, future={"list": [1, 2.5, None, True, "x"]})
    return [
        GOLDEN.read_bytes(),
        dumps(first),
        dumps(extra),
        (CORPUS / "nul-tail.json").read_bytes()[:-512],
    ]


@pytest.mark.parametrize("index", range(4))
def test_every_prefix_of_a_golden_fails_to_load(index: int) -> None:
    data = _goldens()[index]
    full = load_bytes(data)
    content = len(data.rstrip())
    for cut in range(content):
        with pytest.raises(CorruptStore):
            load_bytes(data[:cut])
    assert load_bytes(data[:content]) == full  # only the trailing newline may go
    assert dumps(full) == data


# --- round trips ----------------------------------------------------------------------

_ID_PREFIX = st.integers(0, 2**64 - 1)
_EPOCH = datetime(1, 1, 1, tzinfo=timezone.utc)
_TIMES = st.builds(
    lambda seconds, micro: format_utc(_EPOCH + timedelta(seconds=seconds, microseconds=micro)),
    st.integers(0, (datetime(9999, 12, 31) - datetime(1, 1, 1)).days * 86400),
    st.sampled_from([0, 0, 1, 999_999]) | st.integers(0, 999_999),
)
_NOTE_TEXT = st.one_of(
    st.sampled_from(["남온조 🧟", "שלום עולם", "line one\nline two", "tab\there", "x" * MAX_NOTE_CHARS]),
    st.text(
        st.characters(
            blacklist_categories=("Cs", "Cc"),
        )
        | st.sampled_from("\n\t"),
        min_size=1,
        max_size=80,
    ),
).filter(lambda t: bool(t.strip()))
_LOWER = string.ascii_lowercase + string.digits
_SLUG = st.tuples(st.sampled_from(_LOWER), st.text(_LOWER + "-", max_size=12)).map("".join)
_PROFILE = st.tuples(
    st.sampled_from(string.ascii_letters + string.digits),
    st.text(string.ascii_letters + string.digits + "_-", max_size=10),
).map("".join)
_JSON_KEY = st.text(st.characters(blacklist_categories=("Cs",)), max_size=6)
_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**18), 10**18)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(blacklist_categories=("Cs",)), max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_JSON_KEY, inner, max_size=3),
    max_leaves=8,
)


@st.composite
def _events(draw: st.DrawFn, prefix: int, counter: list[int]) -> list[Doc]:
    events: list[Doc] = []
    for _ in range(draw(st.integers(0, 5))):
        counter[0] += 1
        ident = f"{prefix:016x}{counter[0]:016x}"
        kinds = ["watch", "unwatch", "skip", "rate", "note"] + (["undo"] if events else [])
        kind = draw(st.sampled_from(kinds))
        fields: Doc = {"id": ident, "recorded": draw(_TIMES)}
        episode = draw(_SLUG)
        if kind == "watch":
            ev = new_event(
                kind,
                episode=episode,
                at=draw(st.none() | _TIMES),
                rewatch=draw(st.booleans()),
                **fields,
            )
        elif kind == "rate":
            ev = new_event(kind, episode=episode, score=draw(st.integers(1, 10)), **fields)
        elif kind == "note":
            ev = new_event(kind, episode=episode, text=draw(_NOTE_TEXT), **fields)
        elif kind == "undo":
            ev = new_event(kind, target=draw(st.sampled_from([e["id"] for e in events])), **fields)
        else:
            ev = new_event(kind, episode=episode, **fields)
        events.append(ev)
    return events


@st.composite
def stores(draw: st.DrawFn) -> Doc:
    prefix = draw(_ID_PREFIX)
    counter = [0]
    names = draw(st.lists(_PROFILE, min_size=1, max_size=3, unique=True))
    profiles = {
        name: {
            "created_at": draw(_TIMES),
            "shows": {
                show: {"events": draw(_events(prefix, counter))}
                for show in draw(st.lists(_SLUG, max_size=2, unique=True))
            },
        }
        for name in names
    }
    doc: Doc = {
        "schema": 1,
        "min_reader": 1,
        "min_writer": 1,
        "generator": "aodcli 0.1.0",
        "revision": draw(st.integers(0, 10**9)),
        "updated_at": draw(_TIMES),
        "active_profile": draw(st.sampled_from(names)),
        "profiles": profiles,
    }
    extra_keys = st.text(string.ascii_lowercase + "_", min_size=1, max_size=8).filter(
        lambda k: k not in doc and k != "checksum"  # a known key since schema 2
    )
    doc.update(draw(st.dictionaries(extra_keys, _JSON, max_size=2)))
    return doc


def _round_trip(doc: Doc) -> None:
    data = dumps(doc)
    assert data == _reference_dump(doc)  # canonical: exactly json.dumps' bytes
    loaded = load_bytes(data)
    assert loaded == doc
    assert dumps(loaded) == data


@settings(max_examples=200, deadline=None)
@given(stores())
def test_any_store_round_trips_through_the_canonical_dump(doc: Doc) -> None:
    _round_trip(doc)


@pytest.mark.slow
@settings(max_examples=examples(1000, 20_000), deadline=None)
@given(stores())
def test_any_store_round_trips_through_the_canonical_dump_long_run(doc: Doc) -> None:
    _round_trip(doc)


# --- the golden version-1 store -------------------------------------------------------


def test_the_golden_version_1_store_loads() -> None:
    doc = load_bytes(GOLDEN.read_bytes())
    assert doc["schema"] == 1 and doc["revision"] == 11
    events = doc["profiles"]["default"]["shows"][SHOW]["events"]
    assert [e["type"] for e in events] == [
        "watch",
        "watch",
        "rate",
        "note",
        "watch",
        "undo",
        "skip",
        "watch",
        "unwatch",
    ]
    assert events[1]["at"] is None and events[7]["rewatch"] is True
    assert dumps(doc) == GOLDEN.read_bytes()


# --- times ----------------------------------------------------------------------------


def test_times_are_written_and_read_as_utc() -> None:
    kst = timezone(timedelta(hours=9))
    dt = datetime(2026, 11, 21, 7, 30, tzinfo=kst)
    assert format_utc(dt) == "2026-11-20T22:30:00Z"
    assert format_utc(dt.replace(microsecond=120)) == "2026-11-20T22:30:00.000120Z"
    assert parse_utc("2026-11-20T22:30:00Z") == dt
    assert parse_utc("2026-11-20T22:30:00.5Z").microsecond == 500_000
    assert format_utc(datetime(5, 1, 2, tzinfo=timezone.utc)) == "0005-01-02T00:00:00Z"
    for bad in [
        "2026-11-20T22:30:00",
        "2026-11-20T22:30:00+00:00",
        "2026-11-20 22:30:00Z",
        "2026-02-30T00:00:00Z",
        "2026-11-20T24:00:00Z",
        "２０２６-11-20T22:30:00Z",  # full-width digits
        "2026-11-20T22:30:00.1234567Z",
    ]:
        with pytest.raises(ValueError):
            parse_utc(bad)
    with pytest.raises(ValueError):
        format_utc(datetime(2026, 11, 20))  # naive


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="needs time.tzset")
@pytest.mark.parametrize("tz", ["UTC", "America/New_York", "Asia/Kolkata", "Pacific/Chatham", "Asia/Seoul"])
def test_stored_times_do_not_depend_on_the_local_zone(tz: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", tz)
    time.tzset()
    try:
        # a clock that answers in local time (as datetime.now().astimezone() would)
        instant = datetime(2026, 3, 8, 7, 0, 0, tzinfo=timezone.utc)  # a US DST edge
        monkeypatch.setattr(clock_module, "clock", lambda: instant.astimezone())
        assert utc_now() == instant
        doc, _ = commit(add_watch(0), tmp_path / "d" / "store.json")
        assert doc["updated_at"] == "2026-03-08T07:00:00Z"
        ev = doc["profiles"]["default"]["shows"][SHOW]["events"][0]
        assert ev["recorded"] == "2026-03-08T07:00:00Z"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert os.environ.get("TZ") is None


def test_new_event_rejects_bad_input() -> None:
    from aodcli.errors import UsageError

    for kwargs in [
        {"type": "rate", "episode": "s01e01", "score": 11},
        {"type": "rate", "episode": "s01e01", "score": True},
        {"type": "note", "episode": "s01e01", "text": "x" * 2001},
        {"type": "note", "episode": "s01e01", "text": "bell\x07"},
        {"type": "note", "episode": "s01e01", "text": "   "},
        {"type": "watch", "episode": "S01E01"},
        {"type": "watch", "episode": "s01e01", "at": "2026-11-20T22:30:00"},
        {"type": "watch", "episode": "s01e01", "at": datetime(2026, 1, 1)},
        {"type": "watch", "episode": "s01e01", "mood": "ok"},
        {"type": "binge", "episode": "s01e01"},
        {"type": "undo", "target": "nope"},
    ]:
        kind = kwargs.pop("type")
        with pytest.raises(UsageError):
            new_event(kind, **kwargs)
    ev = new_event("watch", episode="s01e01", at=datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert ev["at"] == "2026-01-01T00:00:00Z" and ev["rewatch"] is False
    assert len(ev["id"]) == 32 and ev["recorded"].endswith("Z")
