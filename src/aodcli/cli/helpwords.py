"""Help pages in the interface language.

The help texts are written in English in the code (docstrings, ``help=``): they
are the catalog's message ids (``aodcli.i18n.catalogs`` reads them from the
command tree). Before a help page is drawn, :func:`translate` puts each text of
the tree in the interface language, keeping the English one to translate from
next time (tests switch languages within one process), and gives Typer's own
words (``Usage:``, the panel titles, ``[default: …]``, the help option's text)
theirs. Typer's attributes it sets are feature-detected: a Typer without them
shows those few words in English.
"""

from __future__ import annotations

from typing import Any

from ..i18n import N_, _

#: Click's help option text (its own words, translated here: the catalog needs its id).
HELP_OPTION = N_("Show this message and exit.")
#: Typer's own words on a help page, by the attribute of ``typer.rich_utils`` that holds each
#: (marked here, so the catalog tool finds them with the rest).
TYPER_WORDS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "DEFAULT_STRING": N_("[default: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
}
_PATCHED = False


def translate(command: Any) -> None:
    """Put the help texts of ``command``'s tree, and Typer's words, in the interface language."""
    from .paramwalk import on_every_param

    _typer_words()
    _walk(command)
    on_every_param(command, "_aod_help_words", lambda param: _text(param, "help"))  # and each --help option


def _text(obj: Any, attr: str) -> None:
    key = f"_aod_en_{attr}"
    if not hasattr(obj, key):
        setattr(obj, key, getattr(obj, attr, None))
    english = getattr(obj, key)
    if english:
        setattr(obj, attr, _(english))


def _walk(command: Any) -> None:
    for attr in ("help", "short_help"):
        _text(command, attr)
    for param in command.params:
        _text(param, "help")
        _text(param, "rich_help_panel")
    for sub in getattr(command, "commands", {}).values():
        _walk(sub)


def _typer_words() -> None:
    global _PATCHED
    try:
        from typer import rich_utils
        from typer._click import formatting
    except ImportError:  # another Typer: its words stay English
        return
    for name, english in TYPER_WORDS.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, _(english))
    if _PATCHED:
        return
    _PATCHED = True
    write_usage = getattr(formatting.HelpFormatter, "write_usage", None)
    if write_usage is not None:

        def usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
            write_usage(self, prog, args, _("Usage:") + " " if prefix is None else prefix)

        formatting.HelpFormatter.write_usage = usage  # type: ignore[method-assign]
