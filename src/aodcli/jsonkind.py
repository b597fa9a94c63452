"""How a JSON value is named in error messages ("expected an integer, got a list")."""

from __future__ import annotations


def json_kind(value: object, *, quote_strings: bool = False) -> str:
    """``'null'``, ``'a boolean'``, ``'an integer'``… Strings are quoted (cut to 30
    characters) only with ``quote_strings``: the store never quotes, its notes are personal."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        if not quote_strings:
            return "a string"
        return repr(value if len(value) <= 30 else value[:27] + "...")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
