"""`aod browse`, driven headless by Textual's pilot over the real store in a temp folder.

Every change the screen makes is checked with the real CLI afterwards (``aod
progress --json`` and friends), so the screen and the commands agree on the
store. Snapshots: the main screens at 80×24 are exported as SVG (Textual's own
screenshot) to ``tests/snapshots/browse/``; the test compares the text of each
line, which does not change with colours or fonts. ``AOD_UPDATE_SNAPSHOTS=1``
rewrites them after an intended change to the screen.
"""

from __future__ import annotations

import html
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from aodcli.browse.app import BrowseApp
from aodcli.browse.panes import ListPane, RowList, SearchPane, StatusLine

from ..support.browse_support import pane_text, rendered, run_app, table_text
from ..support.helpers import TESTS, aod, ok
from ..support.terminal_support import Screen

pytestmark = pytest.mark.heavy  # out of the quick tier: Textual screens driven headless, and tmux

SNAPSHOTS = TESTS / "snapshots" / "browse"


def screen_lines(svg: str) -> list[str]:
    """The text of each line of an SVG screenshot (Rich's export: one <text> per run, placed by x)."""
    from rich.cells import cell_len

    lines: dict[int, dict[int, str]] = {}
    char = 0.0  # the width of one cell
    for m in TEXT_RUN.finditer(svg):
        x, length, line = float(m.group(1)), float(m.group(2)), int(m.group(3))
        text = html.unescape(m.group(4)).replace("\xa0", " ")
        char = char or length / len(text)
        col = round(x / char)
        row = lines.setdefault(line, {})
        for ch in text:
            row[col] = ch
            if cell_len(ch) == 2:
                row[col + 1] = ""  # the second half of a wide character
            col += cell_len(ch)
    out = []
    for n in range(max(lines, default=-1) + 1):
        cells = lines.get(n, {})
        out.append("".join(cells.get(i, " ") for i in range(max(cells, default=-1) + 1)).rstrip())
    return out


TEXT_RUN = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="([\d.]+)" '
    r'clip-path="url\(#[^)]*-line-(\d+)\)">(.*?)</text>'
)


def shot(app: BrowseApp) -> list[str]:
    return screen_lines(app.export_screenshot())


def check_snapshot(name: str, app: BrowseApp) -> None:
    """The screen's text equals the committed snapshot's (``AOD_UPDATE_SNAPSHOTS=1`` rewrites it)."""
    svg = app.export_screenshot(title=f"aod browse: {name}")
    path = SNAPSHOTS / f"{name}.svg"
    if os.environ.get("AOD_UPDATE_SNAPSHOTS") or not path.exists():
        SNAPSHOTS.mkdir(parents=True, exist_ok=True)
        path.write_text(svg, encoding="utf-8")
    want = screen_lines(path.read_text(encoding="utf-8"))
    got = screen_lines(svg)
    assert got == want, "screen differs from " + str(path) + ":\n" + "\n".join(got)


def progress() -> dict[str, Any]:
    return ok("progress", "--json").json()  # type: ignore[no-any-return]


# ---- moving, marking, undoing ---------------------------------------------------------


def test_move_mark_and_undo_go_through_the_store() -> None:
    async def drive(app: BrowseApp, pilot: Any) -> None:
        await pilot.press("w")  # S01E01
        await pilot.press("j", "down", "w", "n")  # S01E03 alone (not S01E02 before it too)
        assert [e["code"] for e in ok("episodes", "--watched", "--json").json()["episodes"]] == ["S01E01", "S01E03"]
        text = pane_text(app.query_one("EpisodesPane", ListPane))
        assert "S01E03 · Episode 3" in text and "Synopsis" in text
        assert "hidden until S01E03" not in text  # watched: its synopsis shows at once
        assert "2/12" in rendered(app.query_one(StatusLine), 100)
        await pilot.press("u")
        assert progress()["watched"] == 1
        assert "1/12" in rendered(app.query_one(StatusLine), 100)
        assert "hidden until S01E03" in pane_text(app.query_one("EpisodesPane", ListPane))  # hidden again
        await pilot.press("k", "w")  # S01E02 watched, then w again: unwatched
        await pilot.press("w")
        assert progress()["watched"] == 1
        await pilot.press("W")  # up to the highlighted S01E02
        assert progress()["watched"] == 2

    run_app(drive)
    history = ok("history", "--json").json()["events"]
    assert [e["type"] for e in history] == ["watch", "watch", "undo", "watch", "unwatch", "watch"]


def test_skip_rate_and_note() -> None:
    async def drive(app: BrowseApp, pilot: Any) -> None:
        await pilot.press("s")  # skip S01E01
        await pilot.press("j", "w", "r")
        await pilot.press("1", "1", "enter")  # refused in place: the question stays open
        assert "invalid score 11" in rendered(app.screen.query_one(".error"), 80)
        await pilot.press("backspace", "enter")
        await pilot.press("n", *"fire hose!", "enter")
        rows = table_text(app.query_one("EpisodesPane", ListPane).rows).splitlines()
        assert "skipped" in rows[1] and "1 |" in rows[2] and "✎" in rows[2]
        await pilot.press("r", "escape")  # cancelled: nothing written
        await pilot.press("r", "0", "enter")  # 0 clears the score

    run_app(drive)
    eps = ok("episodes", "--json").json()["episodes"]
    assert eps[0]["skipped"] and eps[1]["watched"] and eps[1]["score"] is None
    assert [n["text"] for n in ok("notes", "--json").json()["notes"]] == ["fire hose!"]
    assert [e["type"] for e in ok("history", "--json").json()["events"]] == ["skip", "watch", "rate", "note", "unrate"]


def test_an_error_is_said_on_screen_and_changes_nothing() -> None:
    async def drive(app: BrowseApp, pilot: Any) -> None:
        await pilot.press("u")  # nothing to undo
        assert any("nothing to undo" in n.message for n in app._notifications)
        await pilot.press("tab", "w")  # a character is no episode
        assert any("Highlight an episode" in n.message for n in app._notifications)

    run_app(drive)
    assert aod("history", "--json").json()["events"] == []


# ---- panes, search, profiles ---------------------------------------------------------


def test_tab_switches_panes_and_each_shows_its_page() -> None:
    async def drive(app: BrowseApp, pilot: Any) -> None:
        await pilot.press("tab")
        text = pane_text(app.query_one("CharactersPane", ListPane))
        assert "Nam On-jo  남온조" in text and "hidden until S01E12" in text
        await pilot.press("tab", "j")
        text = pane_text(app.query_one("CastPane", ListPane))
        assert "Yoon Chan-young  윤찬영" in text and "Lee Cheong-san" in text
        await pilot.press("tab")
        assert isinstance(app.focused, Input)
        await pilot.press("shift+tab", "shift+tab", "shift+tab")
        assert app.pane_id == "episodes" and isinstance(app.focused, RowList)

    run_app(drive)


def test_search_as_you_type_with_reasons_and_enter_goes_to_the_result() -> None:
    async def drive(app: BrowseApp, pilot: Any) -> None:
        await pilot.press("slash", *"soo-hyuk")
        search = app.query_one(SearchPane)
        text = pane_text(search)
        assert "Lee Su-hyeok" in text and "alias 'Soo-hyuk' (spelling)" in text
        cli = ok("search", "soo-hyuk").stdout
        assert "alias 'Soo-hyuk' (spelling)" in cli  # the same search, the same reason
        await pilot.press("enter", "enter")  # leave the box, then open the result
        assert app.pane_id == "characters"
        assert "Lee Su-hyeok  이수혁" in pane_text(app.query_one("CharactersPane", ListPane))
        await pilot.press("slash", *["backspace"] * 8, *"xyzzyq")
        assert "Nothing matches 'xyzzyq'" in rendered(search.query_one(".notes"), 100)  # no look-alike: no guess

    run_app(drive)


def test_switch_profile() -> None:
    ok("profile", "add", "mina")
    ok("watch", "1-5", "--profile", "mina")

    async def drive(app: BrowseApp, pilot: Any) -> None:
        assert "profile default" in rendered(app.query_one(StatusLine), 100)
        await pilot.press("p", "down", "enter")
        status = rendered(app.query_one(StatusLine), 100)
        assert "profile mina" in status and "5/12" in status
        await pilot.press("j", "j", "j", "j", "j", "w")  # S01E06, for mina
        await pilot.press("p", "escape")

    app = run_app(drive)
    assert ok("progress", "--profile", "mina", "--json").json()["watched"] == 6
    assert progress()["watched"] == 0
    assert app.guide.profile == "mina"


def test_a_change_by_another_aod_shows_and_no_update_is_lost() -> None:
    async def drive(app: BrowseApp, pilot: Any) -> None:
        await pilot.press("w")
        ok("watch", "2-4")  # another aod, while the screen is open
        for _ in range(50):  # the store is checked every second
            await pilot.pause(0.1)
            if "4/12" in rendered(app.query_one(StatusLine), 100):
                break
        assert "4/12" in rendered(app.query_one(StatusLine), 100)
        assert "hidden until S01E04" not in pane_text(app.query_one("EpisodesPane", ListPane))
        await pilot.press("j", "j", "j", "j", "w")  # S01E05, on top of the other's change
        ok("profile", "add", "jun")
        app.check_store()
        assert "jun" in app.guide.profiles

    run_app(drive)
    assert progress()["watched"] == 5


def test_spoilers_option_lifts_the_horizon() -> None:
    async def drive(app: BrowseApp, pilot: Any) -> None:
        pane = app.query_one("EpisodesPane", ListPane)
        pane.select(app.guide.pack.episodes[-1].id)
        assert "hidden until" not in pane_text(pane)
        assert "spoilers shown" in rendered(app.query_one(StatusLine), 100)

    run_app(drive, lifted=True)


def test_no_color_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")

    async def drive(app: BrowseApp, pilot: Any) -> None:
        assert app.no_color

    run_app(drive)


def test_mouse_click_highlights_a_row() -> None:
    async def drive(app: BrowseApp, pilot: Any) -> None:
        rows = app.query_one("EpisodesPane", ListPane).rows
        await pilot.click(rows, offset=(2, 4))  # the header, then S01E01..: the 4th episode
        assert rows.current_key() == app.guide.pack.episodes[3].id
        await pilot.press("w", "n")  # this episode alone
        await pilot.click("Tab#--content-tab-cast")
        assert app.pane_id == "cast"

    run_app(drive)
    assert [e["code"] for e in ok("episodes", "--watched", "--json").json()["episodes"]] == ["S01E04"]


# ---- 80×24 and snapshots ---------------------------------------------------------------


def test_fits_80x24_and_snapshots_of_the_main_screens() -> None:
    ok("watch", "1-3", "--at", "2026-11-20T20:00:00Z")
    ok("rate", "2", "8")

    async def drive(app: BrowseApp, pilot: Any) -> None:
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        lines = shot(app)
        assert len(lines) == 24 and all(len(line) <= 80 for line in lines)
        assert "3/12" in lines[1] and "Next up: S01E04" in lines[1]  # always on screen
        assert "q Quit" in lines[-1]
        check_snapshot("episodes", app)
        await pilot.press("tab")
        await pilot.pause()
        check_snapshot("characters", app)
        await pilot.press("tab")
        await pilot.pause()
        check_snapshot("cast", app)
        await pilot.press("slash", *"lee")
        await pilot.pause()
        check_snapshot("search", app)
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        check_snapshot("help", app)

    run_app(drive, size=(120, 40))


# ---- the command ---------------------------------------------------------------------------


def test_browse_needs_a_terminal_and_checks_its_options_first() -> None:
    run = aod("browse")
    assert run.code == 1 and run.stdout == ""
    assert run.stderr == "Error: aod browse needs a terminal (it is a full-screen view); piped, use 'aod episodes'\n"
    run = aod("browse", "--profile", "nobody")
    assert run.code == 2 and run.stderr.startswith("Error: unknown profile 'nobody'") and run.stderr.count("\n") == 1
    run = aod("browse", "--json")
    assert run.code == 2 and "prints no JSON" in run.stderr
    run = aod("browse", "--show", "/nonexistent")
    assert run.code == 1 and run.stderr.startswith("Error: ") and "Traceback" not in run.stderr


# ---- a real terminal ------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("tmux") is None and not os.environ.get("CI"), reason="tmux is not installed")
def test_browse_in_tmux_w_then_q_then_aod_progress(tmp_path: Path) -> None:
    """A person's session: open `aod browse` at 80×24, press w on episode 1 and q; `aod progress` agrees."""
    screen = Screen(80, tmp_path / "data")
    try:
        subprocess.run([*screen.tmux, "resize-window", "-t", screen.name, "-x", "80", "-y", "24"], check=True)
        aod_cmd = f"{shlex.quote(sys.executable)} -m aodcli"
        line = f"clear; AOD_DATA_DIR={shlex.quote(str(screen.data_dir))} {aod_cmd} browse; echo browse-done-$?"
        subprocess.run([*screen.tmux, "send-keys", "-t", screen.name, line, "Enter"], check=True)
        opened = screen.wait_for("q Quit")
        rows = opened.splitlines()
        assert len(rows) == 24 and all(len(r) <= 80 for r in rows) and "q Quit" in rows[-1]
        subprocess.run([*screen.tmux, "send-keys", "-t", screen.name, "w"], check=True)
        screen.wait_for("Next up: S01E02")
        subprocess.run([*screen.tmux, "send-keys", "-t", screen.name, "q"], check=True)
        assert "browse-done-0" in screen.wait_for("browse-done-")
        out = screen.run("progress")
        assert "1/12" in out and "Next up       S01E02" in out
    finally:
        screen.close()


def test_text_in_toasts_is_shown_as_it_is_never_as_markup(tmp_path: Path) -> None:
    """A pack is untrusted: a title in brackets must not become Textual markup (a click action)."""
    import json

    from ..support.helpers import BUNDLED, copy_pack

    pack = copy_pack(BUNDLED, tmp_path / "pack")
    path = pack / "episodes.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    hostile = "[@click=app.quit]Boom[/]"
    next(e for e in doc["episodes"] if e["id"] == "s01e02")["title"] = hostile
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")

    async def drive(app: BrowseApp, pilot: Any) -> None:
        await pilot.press("w")
        await pilot.pause()
        said = [n for n in app._notifications if hostile in n.message]
        assert said and not any(n.markup for n in said)

    run_app(drive, show=str(pack))
