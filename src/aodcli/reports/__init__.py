"""Reports: each builds a ``Result`` (a document plus JSON data) from the pack,
the profile's progress and the spoiler horizon. No printing, no rich, no typer."""
