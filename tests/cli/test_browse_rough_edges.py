"""`aod browse`'s rough edges (the issue's six): each driven headless with Textual's pilot.

Toasts wait while the help screen is up; the search hint shows once and fits 80
columns; "skipped" leaves the Note header whole; ``w`` past unwatched episodes asks
about them; ``aod browse --help`` names every key; a save that waits for another
aod's lock says so and leaves the screen usable.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from aodcli.browse.app import BrowseApp
from aodcli.browse.dialogs import Choose, Help
from aodcli.browse.panes import EpisodesPane, SearchPane
from aodcli.store import Store

from ..support.browse_support import rendered, run_app, table_text
from ..support.helpers import ok

pytestmark = pytest.mark.heavy  # Textual screens driven headless


def watched_codes() -> list[str]:
    return [e["code"] for e in ok("episodes", "--watched", "--json").json()["episodes"]]


def toasts_on_screen(app: BrowseApp) -> list[str]:
    """The toasts drawn on the screen on top (with ``run_with_toasts``)."""
    from textual.widgets._toast import Toast

    return [str(toast._notification.message) for toast in app.screen.query(Toast)]


def run_with_toasts(drive: Any, size: tuple[int, int] = (80, 24)) -> BrowseApp:
    """``run_app``, with the toasts drawn (Textual's ``run_test`` leaves them out by default)."""
    import asyncio

    from aodcli.browse.state import Guide
    from aodcli.pack import load_pack

    app = BrowseApp(Guide(load_pack(None), None))
    app.animation_level = "none"

    async def main() -> None:
        async with app.run_test(size=size, notifications=True) as pilot:
            await pilot.pause()
            await drive(app, pilot)

    asyncio.run(main())
    return app


# ---- 1. toasts never cover the help screen ------------------------------------------------


def test_toasts_wait_while_help_is_up_and_show_after() -> None:
    async def drive(app: BrowseApp, pilot: Any) -> None:
        await pilot.press("w")  # S01E01: its confirmation is a toast
        await pilot.pause()
        assert toasts_on_screen(app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, Help)
        assert toasts_on_screen(app) == [] and not app._notifications  # the one shown went away
        app.notify("said while help is up")
        await pilot.pause()
        assert toasts_on_screen(app) == [] and not app._notifications
        await pilot.press("escape")
        await pilot.pause()
        shown = toasts_on_screen(app)
        assert "said while help is up" in shown and any("S01E01" in t for t in shown)

    run_with_toasts(drive)


# ---- 2. the search hint, once, within 80 columns ------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_search_hint_shows_once_and_fits_80_columns(lang: str) -> None:
    from aodcli import i18n

    before = i18n.language()
    i18n.set_language(lang)
    try:

        async def drive(app: BrowseApp, pilot: Any) -> None:
            await pilot.press("slash")
            await pilot.pause()
            search = app.query_one(SearchPane)
            notes = rendered(search.query_one(".notes"), 78).rstrip("\n")
            assert notes and "\n" not in notes, notes  # one line, at 80 columns less the padding
            placeholder = str(search.query_one("SearchBox").placeholder)
            assert cell_len(placeholder) <= 20  # the box names itself; the hint is said below it
            hint_words = set(notes.lower().replace(",", " ").split()) - {"(", ")"}
            assert len(hint_words & set(placeholder.lower().split())) <= 1

        run_app(drive, size=(80, 24))
    finally:
        i18n.set_language(before)


# ---- 3. "skipped" leaves the Note header whole -------------------------------------------


def test_skipped_keeps_every_episode_header_whole_at_80_columns() -> None:
    ok("skip", "1")

    async def drive(app: BrowseApp, pilot: Any) -> None:
        await pilot.pause()
        pane = app.query_one(EpisodesPane)
        table = table_text(pane.rows)
        assert "skipped" in table.splitlines()[1]
        headers = [str(c.label) for c in pane.rows.columns.values()]
        assert headers[-1] == "Note"
        widths = [c.get_render_width(pane.rows) for c in pane.rows.columns.values()]
        assert sum(widths) <= pane.rows.size.width  # every column whole: none cut at the edge
        # wide again: the Runtime column comes back
        await pilot.resize_terminal(140, 30)
        await pilot.pause()
        assert "Runtime" in [str(c.label) for c in pane.rows.columns.values()]

    run_app(drive, size=(80, 24))


# ---- 4. w past unwatched episodes asks about them -----------------------------------------


def _w_on(app: BrowseApp, code: str) -> None:
    ep = next(e for e in app.guide.pack.episodes if e.code == code)
    assert app.query_one(EpisodesPane).select(ep.id)


@pytest.mark.parametrize(
    ("answer", "want"),
    [
        ("y", ["S01E01", "S01E02", "S01E04", "S01E05"]),
        ("n", ["S01E02", "S01E05"]),
        ("escape", ["S01E02"]),
    ],
)
def test_w_past_unwatched_episodes_asks_whether_to_mark_them_too(answer: str, want: list[str]) -> None:
    ok("watch", "2")
    ok("skip", "3")  # skipped on purpose: not asked about, left skipped

    async def drive(app: BrowseApp, pilot: Any) -> None:
        _w_on(app, "S01E05")
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, Choose)
        text = " ".join(rendered(s, 70) for s in app.screen.query("Static"))
        assert "Also mark the 2 earlier episodes watched?" in text
        assert watched_codes() == ["S01E02"]  # nothing yet
        await pilot.press(answer)
        await pilot.pause()
        assert not isinstance(app.screen, Choose)

    run_app(drive)
    assert watched_codes() == want
    assert ok("episodes", "--json").json()["episodes"][2]["skipped"]


def test_w_asks_nothing_when_nothing_before_is_left_or_when_unwatching() -> None:
    ok("watch", "1-2")

    async def drive(app: BrowseApp, pilot: Any) -> None:
        _w_on(app, "S01E03")
        await pilot.press("w")  # the next one: no question
        assert not isinstance(app.screen, Choose)
        _w_on(app, "S01E02")
        await pilot.press("w")  # unwatching asks nothing either
        assert not isinstance(app.screen, Choose)
        _w_on(app, "S01E04")
        await pilot.press("w")  # one earlier (S01E02) not watched: asked, the button says "1 earlier episode"
        await pilot.pause()
        assert isinstance(app.screen, Choose)
        text = " ".join(rendered(s, 70) for s in app.screen.query("Static"))
        assert "Also mark the 1 earlier episode watched?" in text
        await pilot.click("#yes")
        await pilot.pause()

    run_app(drive)
    assert watched_codes() == ["S01E01", "S01E02", "S01E03", "S01E04"]


# ---- 5. browse --help names every key -------------------------------------------------------


def test_browse_help_names_every_key_of_the_screen() -> None:
    from textual.binding import Binding

    shown = " ".join(ok("browse", "--help").stdout.split())
    assert "W watched up to here" in shown
    letters = {b.key for b in BrowseApp.BINDINGS if isinstance(b, Binding) and len(b.key) == 1}
    assert "W" in letters
    for key in letters:
        assert f" {key} " in f" {shown} ", key


# ---- 6. a save waiting for another aod's lock says so -----------------------------------------

HOLDER = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
sys.stdin.read()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_a_save_waiting_for_the_lock_says_so_and_the_screen_stays_usable() -> None:
    ok("profile", "list")  # the data folder exists
    lock = Store().lock_path
    Path(lock).parent.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(lock)], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert holder.stdout is not None and holder.stdout.readline() == b"held\n"

    async def drive(app: BrowseApp, pilot: Any) -> None:
        try:
            await pilot.press("w")  # S01E01: the save waits for the other aod
            await pilot.pause(0.2)
            assert any("Waiting for another aod to finish" in n.message for n in app._notifications)
            assert watched_codes() == []
            rows = app.query_one(EpisodesPane).rows
            await pilot.press("j")  # the screen still moves
            assert rows.cursor_row == 1
            await pilot.press("w")  # a second change waits its turn
            assert any("Still saving your last change" in n.message for n in app._notifications)
        finally:
            assert holder.stdin is not None
            holder.stdin.close()
            holder.wait(10)
        for _ in range(100):
            await pilot.pause(0.05)
            if not app.saving:
                break
        assert not app.saving
        await pilot.pause()  # a toast is a message to the app: let it be handled
        assert not any("Waiting for another aod" in n.message for n in app._notifications)
        assert any("S01E01" in n.message for n in app._notifications), [n.message for n in app._notifications]
        assert "1/12" in rendered(app.query_one("StatusLine"), 100)

    try:
        run_app(drive)
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.wait(10)
        assert holder.stdout is not None
        holder.stdout.close()  # its pipe, closed here: not left to the collector in a later test
    assert watched_codes() == ["S01E01"]
