"""The thin Typer layer: parse, call the core, render. One module per command group."""
