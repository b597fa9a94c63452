"""The words Textual holds for ``aod browse``: the descriptions of its key bindings.

Textual merges a class's ``BINDINGS`` when the class is defined, at import,
before the run's language is known (``aod --lang ko browse``): there the
descriptions are message ids, marked with ``N_``. Each screen and widget of
``aod browse`` calls :func:`translate_bindings` when it is made, which gives it
copies of its own bindings described in the interface language (the footer and
the key panel read them from there); Textual's own bindings stay as they are.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from ..i18n import _


def _own_descriptions(cls: type) -> set[str]:
    """The descriptions of the bindings aod's classes in ``cls``'s ancestry declare."""
    return {
        b.description
        for klass in cls.__mro__
        if klass.__module__.startswith("aodcli.")
        for b in klass.__dict__.get("BINDINGS", ())
        if isinstance(b, Binding) and b.description
    }


def translate_bindings(node: DOMNode) -> None:
    """Describe ``node``'s own key bindings in the interface language (call it in ``__init__``)."""
    own = _own_descriptions(type(node))
    if not own:
        return
    node._bindings = BindingsMap.from_keys(
        {
            key: [replace(b, description=_(b.description)) if b.description in own else b for b in bindings]
            for key, bindings in node._bindings.key_to_bindings.items()
        }
    )
