"""`aod browse` in the run's language: every word on the screen goes through the catalog when
the screen is made (never at import), and Korean labels keep the 80-column layout."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from rich.cells import cell_len
from textual.widgets import Footer, TabbedContent
from textual.widgets._footer import FooterKey

from aodcli import i18n
from aodcli.browse.app import BrowseApp
from aodcli.browse.dialogs import Help, help_text
from aodcli.browse.panes import EpisodesPane, SearchPane, StatusLine

from ..support.browse_support import pane_text, rendered, run_app, table_text

pytestmark = pytest.mark.heavy  # Textual screens driven headless


@pytest.fixture
def language() -> Iterator[Any]:
    """Set the interface language as the CLI does before a command runs; put it back after."""
    before = i18n.language()
    yield i18n.set_language
    i18n.set_language(before)


def footer_words(app: BrowseApp) -> list[str]:
    return [f"{key.key_display} {key.description}" for key in app.screen.query(FooterKey)]


def test_every_word_of_the_screen_goes_through_the_catalog(language: Any) -> None:
    language("qps")  # the pseudo-language: every translated string comes back inside ⟦ ⟧

    async def drive(app: BrowseApp, pilot: Any) -> None:
        assert "w ⟦Watched⟧" in footer_words(app) and "q ⟦Quit⟧" in footer_words(app)
        tabs = app.query_one(TabbedContent)
        assert str(tabs.get_tab("episodes").label) == "⟦Episodes⟧"
        assert table_text(app.query_one(EpisodesPane).rows).splitlines()[0].startswith("⟦Code⟧ | ⟦Title⟧")
        status = rendered(app.query_one(StatusLine), 120)
        assert "⟦profile default⟧" in status and "⟦Next up: S01E01 · Episode 1⟧" in status
        await pilot.press("tab", "w")  # a character is no episode
        assert any(n.message == "⟦Highlight an episode first (Tab to Episodes).⟧" for n in app._notifications)
        await pilot.press("shift+tab", "question_mark")
        assert isinstance(app.screen, Help)
        assert "  w           ⟦watched / not watched: the highlighted episode⟧" in help_text()

    run_app(drive)


def test_english_reads_as_before(language: Any) -> None:
    language("en")

    async def drive(app: BrowseApp, pilot: Any) -> None:
        assert footer_words(app)[:3] == ["w Watched", "s Skip", "r Rate"]
        assert help_text().startswith("Keys\n  ↑ ↓  j k    move in the list; the page beside it follows (or click)\n")

    run_app(drive)


def test_korean_footer_and_help_fit_80_columns(language: Any) -> None:
    language("ko")
    if i18n._("Quit") == "Quit":
        pytest.skip("the Korean catalog is not compiled (python -m aodcli.i18n.catalogs compile)")

    async def drive(app: BrowseApp, pilot: Any) -> None:
        keys = list(app.screen.query(FooterKey))
        assert [f"{k.key_display} {k.description}" for k in keys][-1] == "q 종료"
        assert keys[-1].region.right <= 80 and app.query_one(Footer).region.width == 80  # every key shows
        await pilot.press("question_mark")
        lines = help_text().splitlines()
        assert lines[0] == "키" and max(cell_len(line) for line in lines) <= 72  # the dialog's inside at 80
        for line in lines[1:]:
            if line.startswith("  ") and line.strip():
                assert line[14] != " " and cell_len(line[:14]) == 14  # the descriptions start in one column

    run_app(drive, size=(80, 24))


def test_the_search_pane_says_why_a_name_matched_in_korean(language: Any) -> None:
    language("ko")

    async def drive(app: BrowseApp, pilot: Any) -> None:
        await pilot.press("slash", *"soo-hyuk")
        text = pane_text(app.query_one(SearchPane), 160)
        assert "Lee Su-hyeok" in text and "별칭 'Soo-hyuk'(다른 표기)" in text and "spelling" not in text

    run_app(drive, size=(160, 30))
