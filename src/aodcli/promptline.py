"""The status line of ``aod prompt``: its template language and its fields.

Shared by the full CLI (``reports/prompt.py``) and the fast path
(``aodcli.fastpath``), so both print the same line; it imports only ``re``, the
error types and the catalog (``aodcli.i18n``, itself light).

The template (``-f``) is a tiny language of named fields, not ``str.format``
(which reaches attributes and indexes — ``{show.__class__.__mro__}`` — and
takes any width — ``{show:>999999999}``): ``{name}`` is replaced by the field's
value, ``{{`` and ``}}`` are literal braces, and anything else in braces is a
usage error listing the fields. Template and output are bounded.
"""

from __future__ import annotations

import re

from .errors import UsageError
from .i18n import _

FIELDS = ("show", "watched", "total", "percent", "next", "profile")
MAX_TEMPLATE = 1_000  # characters
MAX_OUTPUT = 20_000  # characters; a template of fields only expands this far only with a huge show title

_TOKEN_RE = re.compile(r"\{\{|\}\}|\{[^{}]*\}|[{}]")


def initials(title: str) -> str:
    """'All of Us Are Dead' -> 'AOUAD'."""
    return "".join(word[0] for word in title.split() if word[:1].isalnum()).upper() or title


def _bad(problem: str) -> UsageError:
    listed = ", ".join("{" + f + "}" for f in FIELDS)
    return UsageError(
        _("invalid --format: {problem}; fields are {fields} ({open} and {close} for braces)").format(
            problem=problem, fields=listed, open="{{", close="}}"
        )
    )


def _quoted(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def fill(template: str, values: dict[str, str]) -> str:
    """``template`` with each ``{name}`` replaced by ``values[name]`` and ``{{``/``}}`` by braces."""
    if len(template) > MAX_TEMPLATE:
        raise _bad(_("longer than {count} characters").format(count=MAX_TEMPLATE))
    parts: list[str] = []
    size = pos = 0
    for token in _TOKEN_RE.finditer(template):
        text = token.group()
        if text in ("{{", "}}"):
            value = text[0]
        elif len(text) == 1:
            pair = "{{" if text == "{" else "}}"
            raise _bad(
                _("a single {brace} at character {position} (write {pair} for a brace)").format(
                    brace=repr(text), position=token.start() + 1, pair=pair
                )
            )
        elif text[1:-1] in values:
            value = values[text[1:-1]]
        elif any(c in text for c in ".[:!"):
            raise _bad(
                _("{text} is not a field (no attributes, indexes, conversions or format specs)").format(
                    text=_quoted(text)
                )
            )
        else:
            raise _bad(_("unknown field {text}").format(text=_quoted(text)))
        literal = template[pos : token.start()]
        size += len(literal) + len(value)
        if size > MAX_OUTPUT:
            raise _bad(_("the text would be longer than {count} characters").format(count=MAX_OUTPUT))
        parts += (literal, value)
        pos = token.end()
    parts.append(template[pos:])  # the rest is plain text, within MAX_TEMPLATE
    return "".join(parts)


def line_data(
    title: str, watched: int, total: int, next_code: str | None, profile: str, *, known: bool = True
) -> dict[str, object]:
    """The status line's facts (``known=False``: the store could not be read, progress unknown)."""
    return {
        "show": initials(title),
        "profile": profile,
        "watched": watched if known else None,
        "total": total,
        "percent": (round(100 * watched / total) if total else 0) if known else None,
        "next": (next_code or "done") if known else None,
    }


def line_text(data: dict[str, object], template: str) -> str:
    """The status line of ``data`` (:func:`line_data`); unknown progress shows as ``?``."""
    values = {k: "?" if v is None else str(v) for k, v in data.items()}
    if data.get("next") == "done":  # the JSON keeps the word; the line is in the reader's language
        values["next"] = _("done")
    return fill(template, values)
