"""Document blocks: what a command shows, independent of how.

Core code builds a ``Doc`` (for people) and a JSON-able ``data`` payload (for
``--json``); ``aodcli.output.render`` turns the Doc into a Rich table on a
terminal or plain text when piped. Nothing here imports rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Union

from ..spoilers import Hidden

Cell = Union[str, int, float, None, Hidden, "Styled"]


@dataclass(frozen=True, slots=True)
class Styled:
    """Text with a semantic style: ``ok``, ``warn``, ``dim``, ``accent``, ``title``, ``bad``."""

    text: str
    style: str

    def __str__(self) -> str:
        return self.text


@dataclass(slots=True)
class Column:
    header: str
    justify: str = "left"  # left | right | center
    style: str | None = None
    max_width: int | None = None
    wrap: bool = True  # False: one line per row, cut with an ellipsis on a terminal
    drop: int = 0  # on a narrow terminal, columns with the highest ``drop`` give way first (0: never)


@dataclass(slots=True)
class Table:
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    title: str | None = None


@dataclass(slots=True)
class Heading:
    text: str
    subtitle: str | None = None


@dataclass(slots=True)
class Text:
    text: Cell
    style: str | None = None


@dataclass(slots=True)
class Fields:
    """Label/value pairs, shown as an aligned list."""

    items: Sequence[tuple[str, Cell]]


@dataclass(slots=True)
class Bar:
    label: str
    done: int
    total: int
    detail: str = ""


@dataclass(slots=True)
class Chart:
    """A small horizontal bar chart: one row per label."""

    title: str
    rows: list[tuple[str, float, str]]  # label, value, text shown after the bar
    maximum: float | None = None  # scale; default the largest value


@dataclass(slots=True)
class Hint:
    text: str


Block = Heading | Text | Fields | Table | Bar | Chart | Hint


@dataclass(slots=True)
class Doc:
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Doc:
        self.blocks.extend(blocks)
        return self


@dataclass(slots=True)
class Result:
    """What a command returns: a document for people and data for ``--json``."""

    doc: Doc
    data: Any


def jsonable(value: Any) -> Any:
    """``value`` with Hidden markers turned into ``{"hidden": true, "until": …}``."""
    if isinstance(value, Hidden):
        return value.to_json()
    if isinstance(value, Styled):
        return value.text
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value
