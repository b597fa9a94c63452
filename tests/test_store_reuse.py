"""A write reuses the previous file's text for unchanged events, and gives the same bytes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from aodcli.store import commit, dumps, new_event, open_for_read
from aodcli.store import transaction as transaction_module
from aodcli.store.document import _TOP_REQUIRED, snapshot_events
from aodcli.store.reuse import dumps_reusing

from .store_helpers import examples
from .test_store_loader import _NOTE_TEXT, _TIMES, stores

Doc = dict[str, Any]

_NEW = st.lists(
    st.tuples(st.sampled_from(["watch", "skip", "rate", "note"]), _TIMES, _NOTE_TEXT),
    max_size=3,
)


def _appended(draw: st.DrawFn, counter: list[int]) -> list[Doc]:
    out = []
    for kind, when, text in draw(_NEW):
        counter[0] += 1
        fields: Doc = {"id": f"{0xFEED:016x}{counter[0]:016x}", "recorded": when, "episode": "s01e03"}
        if kind == "watch":
            out.append(new_event(kind, at=None, rewatch=False, **fields))
        elif kind == "rate":
            out.append(new_event(kind, score=7, **fields))
        elif kind == "note":
            out.append(new_event(kind, text=text, **fields))
        else:
            out.append(new_event(kind, **fields))
    return out


@st.composite
def changes(draw: st.DrawFn) -> tuple[Doc, Doc]:
    """A store and the same store after a command: events appended to some lists,
    now and then a list rewritten, a profile added or removed."""
    old = draw(stores())
    new = json.loads(json.dumps(old))
    counter = [0]
    for profile in new["profiles"].values():
        for show in profile["shows"].values():
            action = draw(st.sampled_from(["append", "append", "keep", "rewrite"]))
            if action == "append":
                show["events"].extend(_appended(draw, counter))
            elif action == "rewrite" and show["events"]:
                show["events"] = show["events"][:-1] + _appended(draw, counter)
    if draw(st.booleans()):
        new["profiles"]["zz-new"] = {"created_at": draw(_TIMES), "shows": {"s": {"events": _appended(draw, counter)}}}
    others = [n for n in new["profiles"] if n != new["active_profile"]]
    if others and draw(st.booleans()):
        del new["profiles"][draw(st.sampled_from(others))]
    new["revision"] += 1
    return old, new


@settings(max_examples=examples(500, 10_000), deadline=None)
@given(changes())
def test_reusing_the_old_text_gives_the_canonical_bytes(change: tuple[Doc, Doc]) -> None:
    old, new = change
    reused = dumps_reusing(new, dumps(old), snapshot_events(old))
    kept = [
        pair
        for pair, events in snapshot_events(old).items()
        if events
        and pair[0] in new["profiles"]
        and pair[1] in new["profiles"][pair[0]]["shows"]
        and new["profiles"][pair[0]]["shows"][pair[1]]["events"][: len(events)] == events
    ]
    extras = set(old) - set(_TOP_REQUIRED)  # unknown top-level keys may hold look-alike lists
    if kept and not extras:
        assert reused is not None  # the reuse path is taken whenever it can be
    if reused is None:
        return
    assert reused.data == dumps(new)
    assert json.loads(reused.check) == reused.expected
    # the check text holds exactly what was encoded now: every event not taken over
    taken = sum(len(snapshot_events(old)[pair]) for pair in kept)
    total = sum(len(v) for v in snapshot_events(new).values())
    assert sum(len(v) for v in snapshot_events(reused.expected).values()) == total - taken


@settings(max_examples=examples(200, 5_000), deadline=None)
@given(changes(), st.sampled_from(["unsorted", "indent4", "compact", "swapped"]))
def test_a_previous_file_in_another_layout_is_never_trusted_blindly(change: tuple[Doc, Doc], layout: str) -> None:
    old, new = change
    if layout == "unsorted":
        previous = json.dumps(
            {**old, "profiles": dict(reversed(old["profiles"].items()))}, indent=2, ensure_ascii=False
        ).encode()
    elif layout == "indent4":
        previous = json.dumps(old, indent=4, sort_keys=True, ensure_ascii=False).encode()
    elif layout == "compact":
        previous = json.dumps(old, sort_keys=True, ensure_ascii=False).encode()
    else:  # the canonical text of a document whose lists were exchanged between profiles
        lists = [show["events"] for p in old["profiles"].values() for show in p["shows"].values()]
        swapped = json.loads(json.dumps(old))
        shows = [show for p in swapped["profiles"].values() for show in p["shows"].values()]
        for show, events in zip(shows, [*lists[1:], *lists[:1]], strict=True):
            show["events"] = events
        previous = dumps(swapped)
    reused = dumps_reusing(new, previous, snapshot_events(old))
    if reused is not None:
        assert reused.data == dumps(new)


def test_an_unknown_key_that_looks_like_an_events_list_stops_the_reuse() -> None:
    event = new_event("skip", episode="s01e01", id="a" * 32, recorded="2024-01-01T00:00:00Z")
    old: Doc = {
        "active_profile": "default",
        "aa_future": {"x": {"y": {"z": {"events": [dict(event)]}}}},
        "generator": "aodcli 0.1.0",
        "min_reader": 1,
        "min_writer": 1,
        "profiles": {"default": {"created_at": "2024-01-01T00:00:00Z", "shows": {"s": {"events": [event]}}}},
        "revision": 1,
        "schema": 1,
        "updated_at": "2024-01-01T00:00:00Z",
    }
    previous = dumps(old)
    assert previous.count(b'\n          "events": [') == 2  # the unknown key mimics the layout
    new = json.loads(json.dumps(old))
    new["profiles"]["default"]["shows"]["s"]["events"].append(
        new_event("skip", episode="s01e02", id="b" * 32, recorded="2024-01-02T00:00:00Z")
    )
    assert dumps_reusing(new, previous, snapshot_events(old)) is None


def test_commits_reuse_the_text_of_a_store_aod_wrote(monkeypatch: Any) -> None:
    full: list[int] = []
    real_dumps = transaction_module.dumps

    def counting_dumps(doc: Doc) -> bytes:
        full.append(1)
        return real_dumps(doc)

    monkeypatch.setattr(transaction_module, "dumps", counting_dumps)

    def add(n: int) -> Any:
        def mutate(doc: Doc) -> None:
            shows = doc["profiles"]["default"]["shows"]
            events = shows.setdefault("show", {"events": []})["events"]
            events.extend(new_event("watch", episode=f"s01e{i % 9 + 1:02d}", at=None) for i in range(n))

        return mutate

    commit(add(200))  # a first run: nothing to reuse
    assert len(full) == 1
    for _ in range(3):
        commit(add(1))
    assert len(full) == 1  # each later commit reused the file it replaced
    loaded = open_for_read()
    assert loaded.doc is not None
    assert loaded.path.read_bytes() == real_dumps(loaded.doc)  # still the canonical bytes
    assert len(loaded.doc["profiles"]["default"]["shows"]["show"]["events"]) == 203


def test_a_write_tells_the_next_one_where_the_lists_are(monkeypatch: Any) -> None:
    from aodcli.store import reuse

    scans: list[int] = []
    real = reuse._old_lists
    monkeypatch.setattr(reuse, "_old_lists", lambda text, old: scans.append(1) or real(text, old))

    def add(doc: Doc) -> None:
        events = doc["profiles"]["default"]["shows"].setdefault("show", {"events": []})["events"]
        events.append(new_event("skip", episode=f"s01e{len(events) % 9 + 1:02d}"))

    commit(add)  # a first write: nothing to reuse; it notes where its list is
    for _ in range(3):
        commit(add)  # reuses the text where the previous write said it is
    assert len(scans) == 1  # only when the first write noted where its list is
    loaded = open_for_read()
    assert loaded.doc is not None and loaded.path.read_bytes() == dumps(loaded.doc)
