"""Spoiler canaries on the `aod browse` screen, at every horizon 0…12 (a sample by default, all with ``-m slow``).

The canary pack (``tests/support/canary.py``) carries a token naming episode N in every
text tied to it. At each horizon the screen is walked whole: the status line,
every row of the episode, character and cast lists with the page of each, and
search (the command canaries' queries that search can reach: synopsis and
event tokens of the next and the last episode, words of later twists) with the page of every result. No token past
the horizon may appear; a search for a hidden token must read exactly as one
for a token found nowhere. Then the second profile (three episodes behind) is
shown with ``p``'s switch, and the next episode is marked with ``w``: the
horizon moves at once and the episode's synopsis shows. With ``--spoilers``,
every synopsis, event and later-season credit can show.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from aodcli.browse.app import BrowseApp
from aodcli.browse.panes import CastPane, CharactersPane, EpisodesPane, ListPane, SearchPane, StatusLine

from ..support.browse_support import pane_text, rendered, run_app
from ..support.canary import tokens_in
from ..support.canary_world import EPISODES, PAL, World, build_world, check, searches

pytestmark = pytest.mark.heavy  # out of the quick tier: Textual screens at every horizon


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """The canary pack and its data folders, one per horizon."""
    return build_world(tmp_path_factory.mktemp("canary"))


#: Pages are drawn this wide for the check, so that no token is split by wrapping
#: (the same document as on screen, only wider; the command canaries use COLUMNS=2000).
WIDE = 400


LISTS = (EpisodesPane, CharactersPane, CastPane)


async def screen_text(
    app: BrowseApp, pilot: Any, queries: list[str], lists: tuple[type[ListPane], ...] = LISTS
) -> tuple[str, dict[str, str]]:
    """Everything the panes can show at this horizon; and the search pane's text per query."""
    parts = [rendered(app.query_one(StatusLine), 200)]
    for kind in lists:
        pane: ListPane = app.query_one(kind)
        for row in list(pane.rows.rows):
            pane.select(str(row.value))
            parts.append(pane_text(pane, WIDE))
    search = app.query_one(SearchPane)
    box = search.query_one("Input")
    found: dict[str, str] = {}
    for query in queries:
        box.value = query  # type: ignore[attr-defined]
        await pilot.pause()
        texts = [pane_text(search, WIDE)]
        for i in range(search.rows.row_count):
            search.rows.move_cursor(row=i, animate=False)
            search.show_page()
            texts.append(pane_text(search, WIDE))
        found[query] = "\n".join(texts).replace(query, "<query>")  # the query itself gives nothing away
    return "\n".join(parts + list(found.values())), found


def _sweep(w: World, h: int, app: BrowseApp, text: str, found: dict[str, str], what: str) -> set[tuple[int, str]]:
    seen = check(text, h, what)
    for query, out in found.items():
        hidden = tokens_in(query) and min(n for n, _ in tokens_in(query)) > h
        nowhere = "QZ99" + query[-1]
        if hidden and nowhere in found:  # past the horizon: the very answer for a token found nowhere
            assert out == found[nowhere], f"{what}: search {query} differs from a word found nowhere"
    return seen


def _queries(w: World, h: int) -> list[str]:
    """The command canaries' queries that search can reach (synopses; events as a control), the
    same tokens of no episode, and two names."""
    queries = [q for q in searches(w, h) if not tokens_in(q) or q[-1] in "SE"]
    return [*queries, "QZ99S", "QZ99E", "lee", "남온조"]


#: Horizons the default run walks (none seen; all but the last, then ``w`` on the last;
#: all seen, where every canary can show); ``-m slow`` walks every other one too.
SAMPLE = {0, 11, 12}


@pytest.mark.parametrize(
    "h", [pytest.param(h, marks=() if h in SAMPLE else pytest.mark.slow) for h in range(EPISODES + 1)]
)
def test_browse_shows_no_canary_past_the_horizon(
    world: World, h: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(world.dirs[h], data)
    monkeypatch.setenv("AOD_DATA_DIR", str(data))
    queries = _queries(world, h)

    async def drive(app: BrowseApp, pilot: Any) -> None:
        text, found = await screen_text(app, pilot, queries)
        seen = _sweep(world, h, app, text, found, f"browse at horizon {h}")
        if h:
            assert (h, "S") in seen, f"the synopsis of episode {h} never shows at horizon {h}"
        if h == EPISODES:
            assert {t for t in world.planted if t[1] in "SEC"} <= seen

        app.guide.use(PAL)  # what p does: the other profile's horizon, three episodes behind
        app.refresh_all()
        low = max(h - 3, 0)
        text, found = await screen_text(app, pilot, queries[:2])
        _sweep(world, low, app, text, found, f"browse as {PAL} at horizon {low}")

        app.guide.use("default")
        app.refresh_all()
        if h < EPISODES:  # w on the next episode: the horizon moves at once
            episodes = app.query_one(EpisodesPane)
            episodes.select(app.guide.pack.episodes[h].id)
            await pilot.press("w")
            text, found = await screen_text(app, pilot, queries[:1], (EpisodesPane, CharactersPane))
            seen = _sweep(world, h + 1, app, text, found, f"browse after w at horizon {h}")
            assert (h + 1, "S") in seen

    run_app(drive, show=str(world.pack))


def test_browse_spoilers_shows_every_canary(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AOD_DATA_DIR", str(world.dirs[0]))

    async def drive(app: BrowseApp, pilot: Any) -> None:
        text, _ = await screen_text(app, pilot, [])
        planted = {t for t in world.planted if t[1] in "SEC"}  # what the screen's pages hold
        assert planted <= tokens_in(text), f"never shown: {sorted(planted - tokens_in(text))}"

    run_app(drive, show=str(world.pack), lifted=True)
