"""How a JSON value is named in error messages ("expected an integer, got a list").

:func:`json_kind` names it in English, for messages that stay English (``--json``
output carries some of them); :func:`kind_text` names it in the interface
language, for a message shown to people (inside its own translated sentence).
"""

from __future__ import annotations

from .i18n import N_, _

#: The names of JSON values (message ids: :func:`kind_text` translates them).
NULL, BOOLEAN, INTEGER, NUMBER, STRING, LIST, OBJECT = (
    N_("null"),
    N_("a boolean"),
    N_("an integer"),
    N_("a number"),
    N_("a string"),
    N_("a list"),
    N_("an object"),
)
_NAMES = frozenset((NULL, BOOLEAN, INTEGER, NUMBER, STRING, LIST, OBJECT))


def json_kind(value: object, *, quote_strings: bool = False) -> str:
    """``'null'``, ``'a boolean'``, ``'an integer'``… Strings are quoted (cut to 30
    characters) only with ``quote_strings``: the store never quotes, its notes are personal."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float):
        return NUMBER
    if isinstance(value, str):
        if not quote_strings:
            return STRING
        return repr(value if len(value) <= 30 else value[:27] + "...")
    if isinstance(value, list):
        return LIST
    if isinstance(value, dict):
        return OBJECT
    return type(value).__name__


def kind_text(value: object, *, quote_strings: bool = False) -> str:
    """:func:`json_kind` in the interface language (a quoted string stays as it is: data)."""
    kind = json_kind(value, quote_strings=quote_strings)
    return _(kind) if kind in _NAMES else kind
