"""A read that needs only the horizon takes it from the store's status file (store/status.py)
instead of reading and folding every event; it must be the horizon the store gives, after any
sequence of changes, for any profile named in any case or width, and stand aside when the status
does not describe the store."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from aodcli.pack import Pack
from aodcli.profiles import active_profile, resolve_profile
from aodcli.progress import Progress
from aodcli.spoilers import Horizon
from aodcli.store import open_for_read
from aodcli.store.layout import Store
from aodcli.store.status import watched

from ..support.helpers import aod, ok

STEPS = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["watch", "unwatch", "skip"]), st.integers(1, 12)),
        st.tuples(st.just("watch-rewatch"), st.integers(1, 12)),
        st.tuples(st.just("watch-unknown"), st.integers(1, 12)),
        st.tuples(st.sampled_from(["undo", "redo"]), st.just(0)),
        st.tuples(st.just("profile use"), st.sampled_from(["default", "Mina"])),
        st.tuples(st.just("as Mina"), st.integers(1, 12)),
    ),
    max_size=8,
)
ASKED = [None, "default", "Mina", "mina", "MINA", "Ｍｉｎａ", "nobody"]


def _lines(step: tuple[str, int | str]) -> list[str]:
    kind, arg = step
    if kind == "watch-rewatch":
        return ["watch", str(arg), "--rewatch"]
    if kind == "watch-unknown":
        return ["watch", str(arg), "--at", "unknown"]
    if kind in ("undo", "redo"):
        return [kind]
    if kind == "profile use":
        return ["profile", "use", str(arg)]
    if kind == "as Mina":
        return ["watch", f"1-{arg}", "--profile", "Mina"]
    return [kind, str(arg)]


def _from_the_store(pack: Pack, asked: str | None) -> Horizon | None:
    read = open_for_read()
    assert read.doc is not None
    name = resolve_profile(read.doc, asked or active_profile(read.doc))
    if name is None:
        return None
    return Progress.from_events(pack, read.events(name, pack.show_id)).horizon()


@settings(max_examples=40, deadline=None)
@given(steps=STEPS)
def test_the_status_gives_the_horizon_the_store_gives(pack: Pack, tmp_path_factory, steps) -> None:
    import os

    data = tmp_path_factory.mktemp("data")
    os.environ["AOD_DATA_DIR"] = str(data)
    ok("profile", "add", "Mina")
    for step in steps:
        aod(*_lines(step))  # an undo with nothing to undo may refuse: the store is what counts
    for asked in ASKED:
        found = watched(Store(), asked, pack.show_id)
        want = _from_the_store(pack, asked)
        if want is None:  # a profile the store does not have: the store's reader says so
            assert found is None
            continue
        assert found is not None, (asked, steps)  # every write leaves a status that describes it
        assert Horizon.of_watched(pack, found) == want, (asked, steps)


def test_a_status_that_does_not_describe_the_store_stands_aside(pack: Pack, tmp_path: Path) -> None:
    ok("watch", "1-3")
    assert watched(Store(), None, pack.show_id) is not None
    store = Store()
    store.path.write_bytes(store.path.read_bytes().replace(b'"revision"', b' "revision"', 1))  # same content
    assert watched(Store(), None, pack.show_id) is None
    assert "hidden until S01E04" in ok("episode", "4").stdout  # the store itself was read
    assert ok("search", "Cheong-san", "--json").json()["results"]
