"""Text that is data and a sentence for people at once: English in JSON, translated when shown.

A few texts aod makes go both into ``--json`` output, which never changes with the
interface language, and into what people read: why a store, a backup or a replica
cannot be used, why an imported row was not placed, ``aod store check``'s message.
A :class:`Phrase` is such a text. As a ``str`` it is the English (what JSON writes,
what ``==`` and ``str()`` see); formatted into a sentence (``str.format``, an
f-string) or asked with :meth:`Phrase.shown`, it is the same words in the
interface language::

    from ..fileio import phrase
    problem = phrase._("is empty ({size})", size=...)        # a message id and its named fields
    data["problem"] = problem                                # JSON: the English
    _("{path} {problem}").format(path=p, problem=problem)    # people: translated, nested too

:func:`_` and :func:`ngettext` take the message id (or the pair, and the count)
and the named fields apart, so the catalog tool extracts them as it does every
other message. A field may itself be a Phrase: the English takes its English, the
translation its translation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import i18n

__all__ = ["Phrase", "_", "json_kind", "ngettext", "shown"]


class Phrase(str):
    """English text (its value) that knows its words in the interface language (:meth:`shown`)."""

    _shown: str

    def __new__(cls, english: str, shown: str | None = None) -> Phrase:
        self = super().__new__(cls, english)
        self._shown = str(english) if shown is None else shown
        return self

    def shown(self) -> str:
        """The text in the interface language."""
        return self._shown

    def __format__(self, spec: str) -> str:
        return format(self._shown, spec)

    def map(self, change: Callable[[str], str]) -> Phrase:
        """The same phrase with ``change`` applied to both texts (``escape_unsafe``, say)."""
        return Phrase(change(str(self)), change(self._shown))


def _english(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: str(v) if isinstance(v, Phrase) else v for k, v in fields.items()}


def _(message: str, /, **fields: Any) -> Phrase:
    """``message`` (a message id) with its named ``fields``, in English and as shown."""
    english = message.format(**_english(fields))
    if i18n.language() == "en":
        return Phrase(english)
    return Phrase(english, i18n._(message).format(**fields))


def ngettext(singular: str, plural: str, n: int, /, **fields: Any) -> Phrase:
    """The form of ``singular``/``plural`` for the count ``n``, with its named ``fields``."""
    english = (singular if n == 1 else plural).format(**_english(fields))
    if i18n.language() == "en":
        return Phrase(english)
    return Phrase(english, i18n.ngettext(singular, plural, n).format(**fields))


def json_kind(value: object, *, quote_strings: bool = False) -> Phrase:
    """How a JSON value is named (``a list``): English as data, translated when shown
    (:func:`aodcli.jsonkind.json_kind` and :func:`~aodcli.jsonkind.kind_text`)."""
    from ..jsonkind import json_kind as english
    from ..jsonkind import kind_text

    return Phrase(english(value, quote_strings=quote_strings), kind_text(value, quote_strings=quote_strings))


def shown(text: str) -> str:
    """``text`` as people read it: a Phrase's translation, any other text as it is."""
    return text.shown() if isinstance(text, Phrase) else text
