"""The framework floor (SPEC §8): a minimal Typer app that prints a 12-row Rich table.

It stands for the least any Typer + Rich CLI pays to start and print an episode
list; ``bench/run.py`` times ``aod`` against it. Run it as
``python bench/floor_app.py`` (one command, so Typer runs it without a name).
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer()


@app.command()
def episodes(
    season: Annotated[int | None, typer.Option(help="Only this season.")] = None,
) -> None:
    """List the episodes."""
    table = Table(title="All of Us Are Dead — Season 1")
    for column in ("Code", "Title", "Released", "Runtime", "Seen", "Score", "About"):
        table.add_column(column)
    for n in range(1, 13):
        table.add_row(
            f"S01E{n:02d}",
            f"Episode {n}",
            "2022-01-28",
            f"{50 + n} min",
            "✓" if n <= 3 else "",
            "-",
            "Class 2-5 looks for a way out of Hyosan High.",
        )
    Console().print(table)


if __name__ == "__main__":
    app()
