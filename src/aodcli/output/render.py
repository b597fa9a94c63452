"""The one renderer: Rich on a terminal, plain text when piped, JSON with --json.

This is the only module that imports rich, and it does so lazily. Consoles are
built by ``make_console`` when needed, never at import time.
"""

from __future__ import annotations

import os
import sys
from typing import IO, Any

from ..spoilers import Hidden
from .doc import Bar, Cell, Chart, Doc, Fields, Heading, Hint, Result, Styled, Table, Text, jsonable

MODES = ("rich", "plain", "json")
STYLES = {
    "ok": "green",
    "warn": "yellow",
    "bad": "red",
    "dim": "dim",
    "accent": "bold cyan",
    "title": "bold",
    "hidden": "dim italic",
}


def pick_mode(json_flag: bool, stream: IO[str] | None = None) -> str:
    """``json`` with --json; ``rich`` on a terminal (or FORCE_COLOR); else ``plain``.

    ``NO_COLOR`` (no-color.org) takes the colour away, not the tables: on a
    terminal the same Rich tables print without any escape codes.
    """
    if json_flag:
        return "json"
    if os.environ.get("FORCE_COLOR"):
        return "rich"
    stream = stream or sys.stdout
    try:
        return "rich" if stream.isatty() else "plain"
    except (AttributeError, ValueError):
        return "plain"


def show(result: Result, mode: str, stream: IO[str] | None = None, *, pager: bool = True) -> None:
    """Print ``result``; long Rich output on a terminal goes through the pager (``pager=False``: never)."""
    out = stream or sys.stdout
    if mode == "json":
        import json

        out.write(json.dumps(jsonable(result.data), ensure_ascii=False, indent=2) + "\n")
    elif mode == "rich":
        console = make_console(out)
        with console.capture() as captured:
            _rich(result.doc, console)
        text = captured.get()
        command = pager_command(text, console.size.height, out) if pager else None
        if command is None or not _page(command, text):
            out.write(text)
    else:
        out.write(plain(result.doc))
    out.flush()


# ---- the pager -------------------------------------------------------------

DEFAULT_PAGER = "less -FRX"


def pager_command(text: str, height: int, out: IO[str]) -> list[str] | None:
    """The pager for ``text``, as git and gh choose one: ``AOD_PAGER``, else ``PAGER``,
    else ``less -FRX``; none when the output fits the screen, when stdout is not a
    terminal, or when the pager is empty or ``cat``."""
    import shlex

    try:
        if not out.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    if text.count("\n") < max(height - 1, 1):
        return None
    setting = os.environ.get("AOD_PAGER", os.environ.get("PAGER", DEFAULT_PAGER)).strip()
    try:
        command = shlex.split(setting)
    except ValueError:
        return None
    if not command or command == ["cat"]:
        return None
    return command


def _page(command: list[str], text: str) -> bool:
    """Show ``text`` through ``command``; False when the pager cannot start (print it instead)."""
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # as git does: quit if one screen, keep colours, no clearing
    env.setdefault("LESSCHARSET", "utf-8")
    try:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    try:
        assert proc.stdin is not None
        proc.stdin.write(text.encode("utf-8", "replace"))
        proc.stdin.close()
    except BrokenPipeError:
        pass  # the reader quit early (q in less): fine
    proc.wait()
    return True


# ---- plain text -------------------------------------------------------------


def text_width(text: str) -> int:
    """The cells ``text`` takes on a terminal: a Hangul or other wide character takes two
    (as Rich counts them), so labels in Korean line up in plain text too."""
    if text.isascii():
        return len(text)
    from unicodedata import combining, east_asian_width

    return sum(0 if combining(ch) else 2 if east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, cells: int) -> str:
    """``text`` padded with spaces to ``cells`` terminal cells (``str.ljust`` by width)."""
    return text + " " * max(cells - text_width(text), 0)


def _text(cell: Cell) -> str:
    if cell is None:
        return "-"
    if isinstance(cell, float):
        return f"{cell:g}"
    return str(cell)


def _bar(done: int, total: int, width: int = 20) -> str:
    filled = round(width * done / total) if total else 0
    return "#" * filled + "." * (width - filled)


def percent_text(done: int, total: int) -> str:
    return f"{(100 * done / total) if total else 0:.0f}%"


def plain(doc: Doc) -> str:
    lines: list[str] = []
    for i, block in enumerate(doc.blocks):
        follows_heading = i > 0 and isinstance(doc.blocks[i - 1], Heading)
        if i and isinstance(block, (Heading, Table, Fields, Chart)) and not follows_heading and lines[-1:] != [""]:
            lines.append("")
        if isinstance(block, Heading):
            lines.append(block.text)
            if block.subtitle:
                lines.append(block.subtitle)
        elif isinstance(block, Text):
            lines.append(_text(block.text))
        elif isinstance(block, Hint):
            lines.append(block.text)
        elif isinstance(block, Fields):
            cells = max((text_width(label) for label, _ in block.items), default=0)
            for label, value in block.items:
                lines.append(f"{_pad(label + ':', cells + 1)} {_text(value)}")
        elif isinstance(block, Bar):
            detail = f"  {block.detail}" if block.detail else ""
            lines.append(
                f"{block.label}  [{_bar(block.done, block.total)}] "
                f"{block.done}/{block.total} {percent_text(block.done, block.total)}{detail}"
            )
        elif isinstance(block, Chart):
            lines.append(block.title)
            lines.extend(_chart_lines(block, "#"))
        elif isinstance(block, Table):
            if block.title:
                lines.append(block.title)
            lines.append("\t".join(c.header for c in block.columns))
            for row in block.rows:
                lines.append("\t".join(_text(c).replace("\t", " ").replace("\n", " ") for c in row))
    return "\n".join(lines) + "\n" if lines else ""


def _chart_lines(chart: Chart, mark: str, width: int = 30) -> list[str]:
    top = chart.maximum or max((v for _, v, _ in chart.rows), default=0) or 1
    pad = max((text_width(label) for label, _, _ in chart.rows), default=0)
    out = []
    for label, value, text in chart.rows:
        n = max(1, round(width * value / top)) if value > 0 else 0
        out.append(f"{_pad(label, pad)}  {mark * n}{' ' * (width - n)}  {text}".rstrip())
    return out


# ---- rich -------------------------------------------------------------------


def make_console(stream: IO[str] | None = None) -> Any:
    from rich.console import Console

    no_color = bool(os.environ.get("NO_COLOR"))
    return Console(
        file=stream or sys.stdout,
        highlight=False,
        soft_wrap=False,
        force_terminal=True if os.environ.get("FORCE_COLOR") or no_color else None,
        color_system=None if no_color else "auto",  # NO_COLOR: the tables, without any escape codes
    )


def _markup(cell: Cell) -> Any:
    from rich.text import Text as RText

    if cell is None:
        return RText("")
    if isinstance(cell, Hidden):
        return RText(str(cell), style=STYLES["hidden"])
    if isinstance(cell, Styled):
        return RText(cell.text, style=STYLES.get(cell.style, cell.style))
    return RText(_text(cell))


def _rich(doc: Doc, console: Any) -> None:
    for renderable in rich_blocks(doc, console.width):
        console.print(renderable)


def rich_blocks(doc: Doc, width: int) -> list[Any]:
    """The Rich renderables of ``doc`` at ``width`` cells, in order, blank lines between
    sections: what a terminal shows, for a caller that places them itself (``aod browse``)."""
    from rich.text import Text as RText

    out: list[Any] = []
    for i, block in enumerate(doc.blocks):
        if i and isinstance(block, (Heading, Table, Chart)):
            out.append(RText(""))
        if isinstance(block, Heading):
            out.append(RText(block.text, style="bold"))
            if block.subtitle:
                out.append(RText(block.subtitle, style="dim"))
        elif isinstance(block, Text):
            cell = block.text if block.style is None else Styled(str(block.text), block.style)
            out.append(_markup(cell))
        elif isinstance(block, Hint):
            out.append(RText("→ " + block.text, style="dim"))
        elif isinstance(block, Fields):
            out.append(_rich_fields(block))
        elif isinstance(block, Bar):
            out.append(_rich_bar(block, width))
        elif isinstance(block, Chart):
            out.append(RText(block.title, style="bold"))
            for line in _chart_lines(block, "█"):
                cut = line.index("█") if "█" in line else len(line)
                out.append(RText(line[:cut]) + RText(line[cut:], style="cyan"))
        elif isinstance(block, Table):
            out.append(_rich_table(block, width))
    return out


def rich_cell(cell: Cell) -> Any:
    """One table cell as Rich text, styled as in a table (a Hidden marker dim and italic)."""
    return _markup(cell)


def _rich_fields(block: Fields) -> Any:
    from rich.table import Table as RTable

    grid = RTable.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in block.items:
        grid.add_row(label, _markup(value))
    return grid


def _rich_bar(block: Bar, width: int = 80) -> Any:
    """Label, bar, count and detail on one line; on a narrow terminal the detail goes below."""
    from rich.cells import cell_len
    from rich.console import Group
    from rich.progress_bar import ProgressBar
    from rich.table import Table as RTable
    from rich.text import Text as RText

    count = f"{block.done}/{block.total} {percent_text(block.done, block.total)}"
    detail = f"  {block.detail}" if block.detail else ""
    label = cell_len(block.label)
    one_line = label + 1 + 24 + 1 + len(count) + cell_len(detail) <= width
    bar = 24 if one_line or width >= 60 else max(8, width - label - len(count) - 4)
    grid = RTable.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(width=bar)
    grid.add_column(no_wrap=True)
    grid.add_row(
        RText(block.label, style="bold"),
        ProgressBar(total=max(block.total, 1), completed=block.done, width=bar),
        RText(count + (detail if one_line else "")),
    )
    if one_line or not block.detail:
        return grid
    return Group(grid, RText(block.detail, style="dim"))


CUT_MIN = 30  # a cut column (a blurb) is worth at least this many cells before others give way
WRAP_MIN = 12  # a long column that wraps needs at least this many


def _rich_table(block: Table, width: int) -> Any:
    """Short columns keep their width; long ones wrap, or are cut to one line (``wrap=False``).

    When the short columns and a readable share for the long ones do not fit the
    terminal, columns give way in ``Column.drop`` order (highest first), so a
    narrow terminal shows fewer whole columns rather than every header split
    mid-word.
    """
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table as RTable

    table = RTable(
        box=box.SIMPLE_HEAD, show_edge=False, title=block.title, title_justify="left",
        title_style="bold", header_style="bold", pad_edge=False,
    )  # fmt: skip
    widths = [
        max([cell_len(_text(row[i])) for row in block.rows] + [cell_len(col.header)])
        for i, col in enumerate(block.columns)
    ]
    keep = list(range(len(block.columns)))

    def needed(cols: list[int]) -> int:
        total = 0
        for i in cols:
            col, w = block.columns[i], widths[i]
            total += w if w <= 20 else min(w, CUT_MIN if not col.wrap else WRAP_MIN)
        return total + 3 * len(cols)

    while needed(keep) > width and any(block.columns[i].drop for i in keep):
        keep.remove(max(keep, key=lambda i: (block.columns[i].drop, i)))
    short = {i: widths[i] <= 20 for i in keep}
    fixed = sum(widths[i] for i in keep if short[i]) + 3 * len(keep)
    fits = fixed <= width
    for i in keep:
        col, col_width, is_short = block.columns[i], widths[i], short[i]
        cut = not is_short and not col.wrap
        table.add_column(
            col.header,
            justify=col.justify,  # type: ignore[arg-type]
            style=STYLES.get(col.style or "", col.style),
            min_width=col_width if is_short and fits else cell_len(col.header),
            max_width=max(12, width - fixed) if cut else col.max_width,
            no_wrap=(is_short and fits) or cut,
            overflow="ellipsis" if cut else "fold",
        )
    for row in block.rows:
        table.add_row(*(_markup(row[i]) for i in keep))
    return table
