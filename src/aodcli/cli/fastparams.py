"""Plain coercion for simple parameters, so that start-up skips pydantic.

Typer (0.2x) coerces every parameter value through a pydantic ``TypeAdapter``
that it builds the first time the parameter is processed — even when the value
is the default ``None``. Building the first adapter imports pydantic; each one
after that costs a few milliseconds. Our parameters are plain ``str``, ``int``,
``bool``, ``Path`` and ``list[str]``, which need none of that, so before the
command runs we give each such parameter a small coercer of our own.

This relies on a private Typer hook (``_runtime_param``). It is feature-detected:
with a Typer that lacks it, nothing is changed and Typer's own coercion runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def install(command: Any) -> None:
    """Give every simple parameter of ``command`` and its subcommands a plain coercer (once per command)."""
    try:
        from typer._coercion import RuntimeParam
    except ImportError:  # another Typer: keep its own coercion
        return
    from .paramwalk import on_every_param

    class PlainParam(RuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            return _coerce(self.annotation, self.parameter_info, value, param, ctx)

    def plain(param: Any) -> None:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or not hasattr(param, "_runtime_param"):
            return
        if _simple(descriptor.annotation) and getattr(descriptor, "file_annotation", None) is None:
            info, annotation = descriptor.parameter_info, descriptor.annotation
            param._runtime_param = PlainParam(parameter_info=info, annotation=annotation)

    on_every_param(command, "_aod_plain_params", plain)


def _simple(annotation: Any) -> bool:
    return annotation in (str, int, bool, Path) or annotation == list[str]


def _coerce(annotation: Any, info: Any, value: Any, param: Any, ctx: Any) -> Any:
    import typer

    from ..i18n import _

    def bad(message: str) -> typer.BadParameter:
        return typer.BadParameter(message, ctx=ctx, param=param)

    if annotation == list[str]:
        return [str(v) for v in value]
    if annotation is str:
        return value if isinstance(value, str) else str(value)
    if annotation is Path:
        return value if isinstance(value, Path) else Path(str(value))
    if annotation is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "t", "yes", "y", "on"):
            return True
        if text in ("0", "false", "f", "no", "n", "off"):
            return False
        raise bad(_("{value!r} is not a valid boolean").format(value=value))
    # int
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value).strip()
        digits = text[1:] if text[:1] in "+-" else text
        if not (digits.isascii() and digits.isdigit() and len(digits) <= 18):
            raise bad(_("{value!r} is not a valid integer").format(value=text[:40]))
        number = int(text)
    low, high = getattr(info, "min", None), getattr(info, "max", None)
    if (low is not None and number < low) or (high is not None and number > high):
        raise bad(
            _("{number} is not in the range {low}..{high}").format(
                number=number, low=low if low is not None else "", high=high if high is not None else ""
            )
        )
    return number
