"""Text that must not reach a terminal as is.

A data pack is not trusted (``--show`` loads anyone's folder), and what it says
is printed. A terminal interprets some characters rather than showing them:
C0 controls (ESC starts sequences that retitle the window, clear the screen,
move the cursor or, on some terminals, answer back), DEL, C1 controls (0x9B is
an 8-bit CSI), and the bidirectional overrides and isolates (U+202A–U+202E,
U+2066–U+2069) that make text display in another order than it reads ("Trojan
Source"). Lone surrogates cannot be encoded for output at all. Pack strings have
no use for any of them, newlines and tabs included, so validation refuses them
(``pack/schema.py``); error messages escape them (``cli/app.py``), so a hostile
file name or key stays one harmless line.

The bidi *marks* (U+200E, U+200F, U+061C) only set the direction of one
neutral character and are left alone: right-to-left names need them.
"""

from __future__ import annotations

import re

UNSAFE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def unsafe_char_problem(text: str) -> str | None:
    """Why ``text`` cannot be shown on a terminal as is (naming the first bad
    character by its code point, never quoting the text), or None."""
    found = UNSAFE_RE.search(text)
    if found is None:
        return None
    from .i18n import _  # only for a text with a problem: every pack text is checked

    code = ord(found.group())
    if 0x202A <= code <= 0x2069:
        return _where(found, _("contains a bidirectional override (U+{code}) at character {at}"))
    if 0xD800 <= code <= 0xDFFF:
        said = _("contains a lone surrogate (U+{code}) at character {at}")
    elif code in (0x0A, 0x0D):
        said = _("contains a line break (U+{code}) at character {at}")
    elif code == 0x09:
        said = _("contains a tab (U+{code}) at character {at}")
    else:
        said = _("contains a control character (U+{code}) at character {at}")
    return _where(found, said)


def _where(found: re.Match[str], said: str) -> str:
    """``said`` with the character ``found`` names: its code point and where it is."""
    return said.format(code=f"{ord(found.group()):04X}", at=found.start() + 1)


def escape_unsafe(text: str) -> str:
    """``text`` with each unsafe character written as a Python escape (``\\x1b``,
    ``\\n``, ``\\u202e``): safe to print, and still one line."""
    return UNSAFE_RE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


#: What a terminal shows in another order than it reads (bidi overrides and isolates), or not at
#: all (zero-width space, word joiner, BOM). Notes are the user's own text and may hold line
#: breaks and tabs, and the zero-width (non-)joiners scripts and emoji need; not these.
HIDDEN_RE = re.compile("[\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]")


def hidden_char_problem(text: str) -> str | None:
    """Why ``text`` (a note) would not show as it reads, naming the character, or None."""
    found = HIDDEN_RE.search(text)
    if found is None:
        return None
    from .i18n import _

    if 0x202A <= ord(found.group()) <= 0x2069:
        return _where(found, _("contains a bidirectional override (U+{code}) at character {at}"))
    return _where(found, _("contains an invisible character (U+{code}) at character {at}"))


def show_hidden(text: str) -> str:
    """``text`` with each :data:`HIDDEN_RE` character written as an escape (``\\u202e``): a note
    that came in by sync or import shows as it reads."""
    return HIDDEN_RE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
