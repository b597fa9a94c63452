"""What the browse tests share: run ``aod browse`` headless, and read what its panes show as text."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable
from typing import Any

from aodcli.browse.app import BrowseApp
from aodcli.browse.panes import DocView, ListPane, RowList, SearchPane, StatusLine
from aodcli.browse.state import Guide
from aodcli.pack import load_pack

Drive = Callable[[BrowseApp, Any], Awaitable[None]]


def run_app(drive: Drive, *, size: tuple[int, int] = (100, 30), profile: str | None = None, **kw: Any) -> BrowseApp:
    """Start ``aod browse`` headless at ``size``, let ``drive(app, pilot)`` use it, close it."""
    app = BrowseApp(Guide(load_pack(kw.pop("show", None)), profile, lifted=kw.pop("lifted", False)))
    app.animation_level = "none"  # no tab underline sliding: the same screens, sooner

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
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
