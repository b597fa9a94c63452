"""The interface language: which one, and the words in it (gettext catalogs).

English is the source language: every user-facing string is written in English
in the code and goes through :func:`_` (or :func:`ngettext` for a count, or
:func:`N_` to mark a string translated later, like help texts). A language other
than English reads its compiled catalog, ``locale/<lang>/LC_MESSAGES/aodcli.mo``
(compiled from the ``.po`` beside it by ``aodcli.i18n.catalogs``, when the wheel
is built or by hand), on first use; English reads nothing.

The language is chosen as gettext programs choose it, first match wins:
``--lang`` on the command line, ``AOD_LANG``, then ``LANGUAGE`` (a colon list),
``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` (``ko_KR.UTF-8`` is Korean). A locale aod
has no catalog for, ``C`` or ``POSIX`` gives English.

``qps`` is a pseudo-language for finding untranslated strings: every string the
catalog holds comes back inside ``⟦`` and ``⟧``, so any English word outside them
either never passed through :func:`_` or is missing from the catalog (a string
built at run time the extractor never saw). ``tests`` run every command under it.
Its catalog of ids is the Korean one (:data:`REFERENCE`).

Imports nothing heavy: the fast path (``aodcli.fastpath``) may use it.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from gettext import GNUTranslations, NullTranslations

__all__ = ["LANGUAGES", "N_", "_", "choose", "language", "ngettext", "pgettext", "set_language", "speaking"]

#: The interface languages, as ``--lang``/``AOD_LANG`` take them (``qps``: the pseudo-language).
LANGUAGES = ("en", "ko")
PSEUDO = "qps"
#: The catalog whose message ids the pseudo-language marks (every id has a translation in it).
REFERENCE = "ko"
OPEN, CLOSE = "⟦", "⟧"
DOMAIN = "aodcli"

_language: str | None = None
_catalog: GNUTranslations | None = None


def _from_locale(value: str) -> str | None:
    """The language of one locale name (``ko_KR.UTF-8`` -> ``ko``), or None when aod has none."""
    code = value.split(".", 1)[0].split("@", 1)[0].replace("-", "_").split("_", 1)[0].lower()
    if code in LANGUAGES or code == PSEUDO:
        return code
    return None


def choose(argv: list[str] | None = None, env: os._Environ[str] | dict[str, str] | None = None) -> str:
    """The language for a run: ``--lang`` in ``argv`` (before ``--``), else the environment."""
    env = os.environ if env is None else env
    args = argv or []
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg.startswith("--lang="):
            return _from_locale(arg[7:]) or "en"
        if arg == "--lang" and i + 1 < len(args):
            return _from_locale(args[i + 1]) or "en"
    forced = env.get("AOD_LANG")
    if forced:
        return _from_locale(forced) or "en"
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if not value:
            continue
        if name == "LANGUAGE":
            for part in value.split(":"):
                found = _from_locale(part) if part else None
                if found:
                    return found
            continue
        return _from_locale(value) or "en"  # the first locale set decides (C, POSIX: English)
    return "en"


def set_language(code: str) -> None:
    """Use ``code`` (one of :data:`LANGUAGES` or ``qps``) from now on."""
    global _language, _catalog
    if code != _language:
        _language, _catalog = code, None


class speaking:  # used as a function: ``with speaking("ko"):``
    """Use ``code`` while it lasts (one command run), then the language before it. (A class, not
    ``contextlib``: the fast path imports this module, and ``contextlib`` costs it 5 ms.)"""

    def __init__(self, code: str) -> None:
        self.code = code
        self.before: tuple[str | None, GNUTranslations | None] = (None, None)

    def __enter__(self) -> None:
        self.before = _language, _catalog
        set_language(self.code)

    def __exit__(self, *exc: object) -> None:
        global _language, _catalog
        _language, _catalog = self.before


def language() -> str:
    """The language in use (chosen from the environment on first use)."""
    global _language
    if _language is None:
        _language = choose()
    return _language


def catalog_path(code: str) -> str:
    return os.path.join(os.path.dirname(os.path.dirname(__file__)), "locale", code, "LC_MESSAGES", DOMAIN + ".mo")


def _load() -> GNUTranslations | None:
    global _catalog
    if _catalog is None:
        from gettext import GNUTranslations

        code = language()
        try:
            with open(catalog_path(REFERENCE if code == PSEUDO else code), "rb") as f:
                _catalog = GNUTranslations(f)
        except (OSError, ValueError):  # no catalog (a checkout never built): English
            return None
        if code == PSEUDO:
            _catalog.add_fallback(_missing())
    return _catalog


def _missing() -> NullTranslations:
    """The pseudo-language's fallback: what its catalog lacks comes back as :data:`MISSING`."""
    from gettext import NullTranslations

    class Missing(NullTranslations):
        def gettext(self, message: str) -> str:
            return MISSING

        def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
            return MISSING

        def pgettext(self, context: str, message: str) -> str:
            return MISSING

    return Missing()


MISSING = "\x00missing"


def _pseudo(message: str) -> str:
    """``message`` marked, paragraph by paragraph (a help page may show only the first)."""
    return "\n\n".join(OPEN + part + CLOSE for part in message.split("\n\n"))


def _in_language(english: str, translate: Callable[[GNUTranslations], str]) -> str:
    """``english`` as the interface language says it: itself in English, marked in ``qps``,
    else what ``translate`` finds in the language's catalog (English when it has none)."""
    code = language()
    if code == "en":
        return english
    found = _load()
    if code == PSEUDO:  # marked when the catalog has it (every string, when none is built)
        return english if found is not None and translate(found) is MISSING else _pseudo(english)
    return translate(found) if found is not None else english


def _(message: str) -> str:
    """``message`` in the interface language."""
    return _in_language(message, lambda found: found.gettext(message))


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for the count ``n`` in the interface language."""
    return _in_language(singular if n == 1 else plural, lambda found: found.ngettext(singular, plural, n))


def pgettext(context: str, message: str) -> str:
    """``message`` in the interface language, as meant in ``context`` (one English word, two meanings)."""
    return _in_language(message, lambda found: found.pgettext(context, message))


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it now (it is translated where shown)."""
    return message
