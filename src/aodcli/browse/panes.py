"""The panes of ``aod browse``: a list with the highlighted row's page beside it.

Each pane shows a command's own report: the list is the report's table (the
columns named in ``columns``), the page beside it is the report of the
highlighted row (``aod episode``, ``aod character``, ``aod person``), drawn as
a terminal draws it (``output.render.rich_blocks``), so hidden things read the
same as everywhere else ("hidden until S01E07").
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import Group, RenderableType
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from ..i18n import N_, _
from ..output.doc import Doc, Result, Table
from ..output.render import rich_blocks, rich_cell
from .state import Guide
from .words import translate_bindings


class DocView(Widget):
    """A report document, drawn at this widget's width."""

    DEFAULT_CSS = "DocView { height: auto; padding: 0 1; }"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.doc = Doc()

    def show(self, doc: Doc) -> None:
        self.doc = doc
        self.refresh(layout=True)

    def render(self) -> RenderableType:
        return Group(*rich_blocks(self.doc, max(self.content_size.width, 20)))


class RowList(DataTable[Any]):
    """A table with a row cursor that ``j``/``k`` move too."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", N_("Down"), show=False),
        Binding("k", "cursor_up", N_("Up"), show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        translate_bindings(self)

    def fill(self, headers: list[str], rows: list[tuple[str, list[Any]]]) -> None:
        """Show ``rows`` (key, cells), keeping the cursor on the row it was on."""
        before = self.current_key()
        self.clear(columns=True)
        self.add_columns(*headers)
        for key, cells in rows:
            self.add_row(*(rich_cell(c) for c in cells), key=key)
        keys = [key for key, _cells in rows]
        if before in keys:
            self.move_cursor(row=keys.index(before), animate=False)

    def current_key(self) -> str | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return None if key is None else str(key)


def table_of(doc: Doc) -> Table | None:
    return next((b for b in doc.blocks if isinstance(b, Table)), None)


def column_index(table: Table, header: str) -> int | None:
    """Where the column ``header`` is in a report's table (None: it has none). ``header`` is the
    English header, its message id: the report shows it translated, or as it is."""
    headers = [c.header for c in table.columns]
    return next((headers.index(name) for name in (_(header), header) if name in headers), None)


def columns_of(table: Table, wanted: tuple[str, ...]) -> tuple[list[str], list[int]]:
    """The headers (in the interface language) and indexes of the ``wanted`` columns of a
    report's table that it has, in ``wanted`` order (``wanted``: English headers, see ``column_index``)."""
    found = [(header, column_index(table, header)) for header in wanted]
    return [_(header) for header, i in found if i is not None], [i for _header, i in found if i is not None]


class ListPane(Horizontal):
    """A report's table on the left; the highlighted row's page on the right."""

    DEFAULT_CSS = """
    ListPane { height: 1fr; }
    ListPane RowList { width: auto; max-width: 60%; height: 1fr; }  /* ROOM */
    ListPane .page { width: 1fr; height: 1fr; border-left: tall $primary-background; }
    """
    columns: ClassVar[tuple[str, ...]] = ()
    #: Columns left out, in this order, when the list would be wider than its room (the
    #: page beside it shows them): a squeezed list cuts its last headers ("No" for "Note").
    spare: ClassVar[tuple[str, ...]] = ()
    #: The list's room: ``max-width`` in DEFAULT_CSS, in percent of the pane.
    ROOM = 60

    def __init__(self, guide: Guide, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.guide = guide

    def compose(self) -> ComposeResult:
        yield RowList()
        with VerticalScroll(classes="page"):
            yield DocView()

    @property
    def rows(self) -> RowList:
        return self.query_one(RowList)

    @property
    def page(self) -> DocView:
        return self.query_one(DocView)

    # what each pane lists and shows
    def listing(self) -> Result:
        raise NotImplementedError

    def keys(self, data: Any) -> list[str]:
        raise NotImplementedError

    def page_of(self, key: str) -> Result:
        raise NotImplementedError

    def refill(self) -> None:
        result = self.listing()
        table = table_of(result.doc)
        if table is None:
            self.rows.fill([], [])
        else:
            headers, at = self.shown_columns(table)
            keys = self.keys(result.data)
            self.rows.fill(headers, [(k, [row[i] for i in at]) for k, row in zip(keys, table.rows, strict=True)])
        self.show_page()

    def shown_columns(self, table: Table) -> tuple[list[str], list[int]]:
        """The headers and indexes of the columns the list shows: ``columns``, less the spare
        ones (in order) while the list would be wider than its room."""
        wanted = self.columns
        headers, at = columns_of(table, wanted)
        for spare in self.spare:
            if self.fits(headers, [[row[i] for i in at] for row in table.rows]):
                break
            wanted = tuple(c for c in wanted if c != spare)
            headers, at = columns_of(table, wanted)
        return headers, at

    def fits(self, headers: list[str], rows: list[list[Any]]) -> bool:
        """Would the list show every cell of these columns whole in its room (True before the
        pane has a size)?"""
        from rich.cells import cell_len

        if not self.size.width:
            return True
        pad = 2 * self.rows.cell_padding
        width: int = sum(
            pad + max([cell_len(header), *(rich_cell(row[n]).cell_len for row in rows)])
            for n, header in enumerate(headers)
        )
        return width <= self.size.width * self.ROOM // 100

    def on_resize(self) -> None:
        """The spare columns come and go with the width."""
        if self.spare:
            self.call_after_refresh(self.refit)

    def refit(self) -> None:
        table = table_of(self.listing().doc)
        if table is not None and self.shown_columns(table)[0] != [str(c.label) for c in self.rows.columns.values()]:
            self.refill()

    def show_page(self) -> None:
        key = self.rows.current_key()
        self.page.show(self.page_of(key).doc if key is not None else Doc())
        self.query_one(".page", VerticalScroll).scroll_home(animate=False)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.show_page()

    def select(self, key: str) -> bool:
        """Put the cursor on the row ``key`` (False: no such row)."""
        keys = [str(k.value) for k in self.rows.rows]
        if key not in keys:
            return False
        self.rows.move_cursor(row=keys.index(key), animate=False)
        self.show_page()
        return True


class EpisodesPane(ListPane):
    columns = (N_("Code"), N_("Title"), N_("Runtime"), N_("Seen"), N_("Score"), N_("Note"))
    spare = (N_("Runtime"),)  # "skipped" in Seen needs its room at 80 columns

    def listing(self) -> Result:
        return self.guide.episodes()

    def keys(self, data: Any) -> list[str]:
        return [e["id"] for e in data["episodes"]]

    def page_of(self, key: str) -> Result:
        return self.guide.episode(key)


class CharactersPane(ListPane):
    columns = (N_("Character"), N_("First seen"))

    def listing(self) -> Result:
        return self.guide.characters()

    def keys(self, data: Any) -> list[str]:
        return [c["id"] for c in data["characters"]]

    def page_of(self, key: str) -> Result:
        return self.guide.character(key)


class CastPane(ListPane):
    columns = (N_("Actor"), N_("Plays"))

    def listing(self) -> Result:
        return self.guide.cast()

    def keys(self, data: Any) -> list[str]:
        return [f"{r['person_id']}/{r['character_id']}" for r in data["cast"]]

    def page_of(self, key: str) -> Result:
        return self.guide.person(key.split("/", 1)[0])


class SearchBox(Input):
    """The search box: what is typed goes in; Esc or ↓ goes down to the results."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", N_("Results"), key_display="Esc"),
        Binding("down", "leave", N_("Results"), show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        translate_bindings(self)

    def action_leave(self) -> None:
        self.screen.query_one(SearchPane).rows.focus()


class SearchPane(Vertical):
    """``aod search`` as you type: the ranked names with their reasons, the episodes, and the
    page of the highlighted one."""

    DEFAULT_CSS = """
    SearchPane { height: 1fr; }
    SearchPane SearchBox { margin: 0 1; border-bottom: tall $primary-background; height: 2; }
    SearchPane .notes { height: auto; max-height: 3; padding: 0 1; }
    SearchPane Horizontal { height: 1fr; }
    SearchPane RowList { width: auto; max-width: 60%; height: 1fr; }
    SearchPane .page { width: 1fr; height: 1fr; border-left: tall $primary-background; }
    """
    NAME_COLUMNS = ("#", N_("Name"), N_("Matched"), N_("Who"))
    #: The columns of the report's episode table the list shows (``Code · Title``, where it matched).
    EPISODE_COLUMNS = (N_("Code"), N_("Title"), N_("Matched in"))
    #: Below this width the list leaves out "Who" (the page beside it says who it is).
    WHO_FROM = 110

    def __init__(self, guide: Guide, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.guide = guide

    def compose(self) -> ComposeResult:
        yield SearchBox(
            placeholder=_("Search"),  # what to type is said once, below it
            compact=True,
        )
        yield DocView(classes="notes")
        with Horizontal():
            yield RowList()
            with VerticalScroll(classes="page"):
                yield DocView(classes="hit")

    @property
    def rows(self) -> RowList:
        return self.query_one(RowList)

    @property
    def query_text(self) -> str:
        return self.query_one(Input).value

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.refill()

    def on_resize(self) -> None:
        self.refill()  # "Who" comes and goes with the width

    def refill(self) -> None:
        result, failure = self.guide.search(self.query_text)
        notes = self.query_one(".notes", DocView)
        if result is None:
            self.rows.fill([], [])
            notes.show(Doc().add(*_failure_blocks(failure)))
            self.show_page()
            return
        rows: list[tuple[str, list[Any]]] = []
        wanted = self.NAME_COLUMNS if self.app.size.width >= self.WHO_FROM else self.NAME_COLUMNS[:3]
        tables = [b for b in result.doc.blocks if isinstance(b, Table)]
        names = next((t for t in tables if t.title is None), None)
        if names is not None:
            at = columns_of(names, wanted)[1]
            for hit, row in zip(result.data["results"], names.rows, strict=True):
                rows.append((f"{hit['kind']}:{hit['id']}", [row[i] for i in at]))
        episodes = next((t for t in tables if t.title is not None), Table([]))
        where = [column_index(episodes, header) for header in self.EPISODE_COLUMNS]
        for n, ep in enumerate(result.data["episodes"]):
            # each cell as the report's table shows it, else as its JSON has it (never translated)
            cell = [ep["code"], ep["title"], ep["matched"]]
            code, title, matched = (cell[k] if i is None else episodes.rows[n][i] for k, i in enumerate(where))
            cells = ["", f"{code} · {title}", matched, _("episode")]
            rows.append((f"episode:{ep['id']}", cells[: len(wanted)]))
        self.rows.fill([_(h) for h in wanted], rows)
        notes.show(Doc().add(*(b for b in result.doc.blocks if not isinstance(b, Table))))
        self.show_page()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.show_page()

    def show_page(self) -> None:
        key = self.rows.current_key()
        page = self.query_one(".hit", DocView)
        page.show(self.page_of(key).doc if key is not None else Doc())

    def page_of(self, key: str) -> Result:
        kind, ident = key.split(":", 1)
        if kind == "episode":
            return self.guide.episode(ident)
        if kind == "character":
            return self.guide.character(ident)
        return self.guide.person(ident)


def _failure_blocks(failure: str | None) -> list[Any]:
    from ..output.doc import Styled, Text

    if failure is None:
        return [Text(_("Type a name (any spelling, Hangul, initials ㄴㅇㅈ) or words of an episode."), "dim")]
    return [Text(Styled(failure[:1].upper() + failure[1:], "warn"))]


class StatusLine(Static):
    """The profile, the progress bar and the next episode: always on screen."""

    DEFAULT_CSS = "StatusLine { height: 2; padding: 0 1; background: $boost; }"

    def show(self, guide: Guide) -> None:
        from rich.progress_bar import ProgressBar
        from rich.table import Table as RTable
        from rich.text import Text

        data = guide.overview().data
        done, total = data["watched"], data["total"]
        nxt = data["next"]
        before, _name, after = _("profile {name}").partition("{name}")  # the name in its own style
        top = Text.assemble(
            (guide.pack.shown_title, "bold"),
            ("  " + before, "dim"),
            (guide.profile, "bold cyan"),
            (after + "  " + guide.horizon.describe(guide.pack), "dim"),
            no_wrap=True,
            overflow="ellipsis",
        )
        grid = RTable.grid(padding=(0, 1), expand=True)
        grid.add_column(width=20)
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        if nxt:
            nxt_text = _("Next up: {code} · {title}").format(code=nxt["code"], title=nxt["title"])
        else:
            nxt_text = guide.progress.nothing_next()
        grid.add_row(
            ProgressBar(total=max(total, 1), completed=done, width=20),
            Text(f"{done}/{total} {data['percent']:.0f}%"),
            Text(nxt_text),
        )
        self.update(Group(top, grid))
