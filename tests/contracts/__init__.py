"""What other people and programs rely on: the JSON keys, the docs and their links, help, the suite's own layout."""
