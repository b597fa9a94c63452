"""Help pages that read like ``gh``'s: no Typer type labels, no range brackets.

Typer's Rich help writes a required argument as ``{SPEC}`` in the usage line
and adds a type column (``<bool>``, ``<list[str]>``, ``<int
range> [1<=x<=999]``) that tells a user nothing our help text does not say
better. ``tidy`` gives every parameter of the command tree a type column of its
metavar only (``SPEC``, ``WHEN``, ``NAME``) and no range text; the help text of
each option states its range in words. It relies on methods of Typer's
parameters (``display_type_rich``, ``_get_number_range_help_str``,
``_usage_display_name``) and is feature-detected: with a Typer that
lacks them, its own help is shown.
"""

from __future__ import annotations

from typing import Any


def tidy(command: Any) -> None:
    """Trim the type column of every parameter under ``command`` (once per command)."""
    from .paramwalk import on_every_param

    on_every_param(command, "_aod_tidy_help", _tidy)


def _tidy(param: Any) -> None:
    if not hasattr(param, "display_type_rich"):
        return
    is_argument = getattr(param, "param_type_name", "") == "argument"
    label = None if is_argument or getattr(param, "is_flag", False) else param.metavar
    param.display_type_rich = lambda ctx, label=label: label
    if hasattr(param, "_get_number_range_help_str"):
        param._get_number_range_help_str = lambda: None
    if is_argument and hasattr(param, "_usage_display_name"):  # "SPEC", "[SPEC]...", not "{SPEC}"
        name = param.metavar or param.name.upper()
        usage = name if param.required else f"[{name}]"
        param._usage_display_name = lambda usage=usage + ("..." if param.nargs != 1 else ""): usage
