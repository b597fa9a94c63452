"""Global options and the per-command session (pack, progress, horizon, output).

Every command accepts the global options after its name (``aod episodes
--json``) as well as before it (``aod --json episodes``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from ..output.doc import Result
    from ..pack.model import Pack
    from ..progress import Progress
    from ..spoilers import Horizon

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (stable keys, see README).")]
SpoilersOpt = Annotated[bool, typer.Option("--spoilers", help="Show everything, even past your progress.")]
ShowOpt = Annotated[
    str | None, typer.Option("--show", metavar="PATH", help="Load another data pack folder [env: AOD_SHOW].")
]
ProfileOpt = Annotated[
    str | None, typer.Option("--profile", metavar="NAME", help="Whose progress to use [env: AOD_PROFILE].")
]


@dataclass(slots=True)
class Options:
    json: bool = False
    spoilers: bool = False
    show: str | None = None
    profile: str | None = None
    debug: bool = False


def root_options(ctx: typer.Context) -> Options:
    root = ctx.find_root()
    if not isinstance(root.obj, Options):
        root.obj = Options()
    return root.obj


class Session:
    """What one command run needs, loaded on first use."""

    def __init__(self, opts: Options) -> None:
        self.opts = opts
        self._pack: Pack | None = None
        self._progress: Progress | None = None
        self.warnings: list[str] = []

    @property
    def pack(self) -> Pack:
        if self._pack is None:
            from ..pack import load_pack

            self._pack = load_pack(self.opts.show)
        return self._pack

    @property
    def profile(self) -> str:
        return self.opts.profile or os.environ.get("AOD_PROFILE") or ""

    @property
    def progress(self) -> Progress:
        if self._progress is None:
            from ..progress import Progress

            self._progress = Progress.empty(self.pack)
        return self._progress

    @property
    def horizon(self) -> Horizon:
        return self.progress.horizon(lifted=self.opts.spoilers)

    def emit(self, result: Result) -> None:
        from ..output.render import pick_mode, show

        for warning in self.warnings:
            typer.echo(f"Warning: {warning}", err=True)
        show(result, pick_mode(self.opts.json))


def session(
    ctx: typer.Context,
    json: bool = False,
    spoilers: bool = False,
    show: str | None = None,
    profile: str | None = None,
) -> Session:
    base = root_options(ctx)
    opts = Options(
        json=json or base.json,
        spoilers=spoilers or base.spoilers,
        show=show or base.show,
        profile=profile or base.profile,
        debug=base.debug,
    )
    return Session(opts)

