"""What the browse tests share: run ``aod browse`` headless, and read what its panes show as text."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

from textual.pilot import Pilot

from aodcli.browse.app import BrowseApp
from aodcli.browse.panes import DocView, ListPane, RowList, SearchPane, StatusLine
from aodcli.browse.state import Guide
from aodcli.pack import load_pack

Drive = Callable[[BrowseApp, Any], Awaitable[None]]

try:
    import textual._wait as _textual_wait
except ImportError:  # pragma: no cover - a Textual without it: keys only cost more time
    _textual_wait = None  # type: ignore[assignment]

#: How the pilot tells that the app has gone idle (``textual._wait``): it sleeps in slices of
#: this many seconds until one passes with next to no CPU work.
SETTLE_SLICE = getattr(_textual_wait, "SLEEP_GRANULARITY", 0.02)
#: The slice after each key: a key is handled at once, so a short quiet slice tells as much,
#: and a key costs about 25 ms instead of 75 ms, nearly all of it asleep.
KEY_SLICE = 0.004


@contextmanager
def _idle_slices(seconds: float) -> Iterator[None]:
    """Let the pilot's idle test sleep in slices of ``seconds`` (a private hook of Textual's:
    on a Textual without it, nothing is changed and keys only cost more time)."""
    wait = _textual_wait
    if not hasattr(wait, "SLEEP_GRANULARITY") or not hasattr(wait, "SLEEP_IDLE"):
        yield
        return
    before = wait.SLEEP_GRANULARITY, wait.SLEEP_IDLE
    wait.SLEEP_GRANULARITY, wait.SLEEP_IDLE = seconds, seconds / 20
    try:
        yield
    finally:
        wait.SLEEP_GRANULARITY, wait.SLEEP_IDLE = before


class _Pilot(Pilot[None]):
    """Textual's pilot whose ``pause()`` settles with Textual's own slices: a screen change can
    wait for the next refresh (the footer is redrawn after one), which a short slice can miss."""

    async def pause(self, delay: float | None = None) -> None:
        with _idle_slices(SETTLE_SLICE):
            await super().pause(delay)


def run_app(drive: Drive, *, size: tuple[int, int] = (100, 30), profile: str | None = None, **kw: Any) -> BrowseApp:
    """Start ``aod browse`` headless at ``size``, let ``drive(app, pilot)`` use it, close it.

    Keys pressed with ``pilot.press`` are handled before it returns; read what a key redraws
    (the footer, a screenshot) after ``await pilot.pause()``, which waits for the screen to settle."""
    app = BrowseApp(Guide(load_pack(kw.pop("show", None)), profile, lifted=kw.pop("lifted", False)))
    app.animation_level = "none"  # no tab underline sliding: the same screens, sooner

    async def main() -> None:
        async with app.run_test(size=size):
            pilot = _Pilot(app)
            await pilot.pause()
            with _idle_slices(KEY_SLICE):
                await drive(app, pilot)

    asyncio.run(main())
    return app


# ---- what is on screen, as text ------------------------------------------------


def rendered(widget: Any, width: int | None = None) -> str:
    """A widget's content as plain text, at its width (all of it, scrolled out of view or not)."""
    from rich.console import Console

    content = widget.content if isinstance(widget, StatusLine) else widget.render()
    out = io.StringIO()
    Console(width=width or max(widget.content_size.width, 20), file=out, color_system=None).print(content)
    return out.getvalue()


def table_text(rows: RowList) -> str:
    lines = [" | ".join(str(c.label) for c in rows.columns.values())]
    for i in range(rows.row_count):
        lines.append(" | ".join(str(cell) for cell in rows.get_row_at(i)))
    return "\n".join(lines)


def pane_text(pane: ListPane | SearchPane, width: int | None = None) -> str:
    """The list and the page of the highlighted row (the page at ``width``, default its own)."""
    pages = pane.query(DocView)
    return table_text(pane.rows) + "\n" + "\n".join(rendered(p, width) for p in pages)
