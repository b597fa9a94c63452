"""The root ``aod`` app: global options, the error boundary, command registry."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from .. import __version__
from ..errors import EXIT_ERROR, EXIT_USAGE, AodError, caused_by_interrupt
from .session import JsonOpt, ProfileOpt, ShowOpt, SpoilersOpt, root_options

CONTEXT = {"help_option_names": ["-h", "--help"]}  # inherited by every subcommand
#: What Typer's main returns (standalone_mode=False) when Ctrl-C interrupted a command;
#: no aod command returns it, so it always means "interrupted".
TYPER_INTERRUPTED = 130


def _err(text: str) -> None:
    sys.stderr.write(text.rstrip("\n") + "\n")
    sys.stderr.flush()


class AodGroup(TyperGroup):
    """The one exit point: every error becomes one stderr line and an exit code."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        debug = "--debug" in argv
        try:
            from .fastparams import install

            install(self)
            rv = super().main(
                args=argv,
                prog_name=prog_name or "aod",
                complete_var=complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
            code = rv if isinstance(rv, int) else 0
            if code == TYPER_INTERRUPTED:
                _err("Aborted!")
                code = EXIT_ERROR
        except AodError as err:
            if debug:
                raise
            _err(f"Error: {err}")
            code = err.exit_code
        except typer.Exit as err:
            code = err.exit_code
        except (typer.Abort, KeyboardInterrupt, EOFError):
            _err("Aborted!")
            code = EXIT_ERROR
        except BrokenPipeError:
            code = EXIT_ERROR
        except typer.TyperException as err:  # Click's usage errors (exit 2) and friends
            if debug:
                raise
            code = getattr(err, "exit_code", EXIT_ERROR)
            if not err.format_message():  # a group called without a command: help was shown
                code = 0
                if standalone_mode:
                    sys.exit(code)
                return code
            ctx = getattr(err, "ctx", None)
            where = f" (see '{ctx.command_path} --help')" if ctx is not None and code == EXIT_USAGE else ""
            _err(f"Error: {err.format_message()}{where}")
        except Exception as err:  # the last line of defence: never a traceback
            if debug:
                raise
            if caused_by_interrupt(err):  # e.g. Ctrl-C inside a class body: RuntimeError(__set_name__)
                _err("Aborted!")
            else:
                _err(f"Error: internal error ({type(err).__name__}: {err}); run with --debug for details")
            code = EXIT_ERROR
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    cls=AodGroup,
    name="aod",
    help="A terminal episode guide and watch tracker for All of Us Are Dead (지금 우리 학교는).",
    context_settings=CONTEXT,
    no_args_is_help=False,
    invoke_without_command=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aod {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    json: JsonOpt = False,
    spoilers: SpoilersOpt = False,
    show: ShowOpt = None,
    profile: ProfileOpt = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """A terminal episode guide and watch tracker for All of Us Are Dead (지금 우리 학교는).

    Run `aod` alone for your dashboard, `aod episodes` for the guide.
    """
    opts = root_options(ctx)
    opts.json, opts.spoilers, opts.show, opts.profile, opts.debug = json, spoilers, show, profile, debug
    if ctx.invoked_subcommand is None:
        from .dashboard import dashboard

        dashboard(ctx)


def run(standalone: bool = True) -> int:
    """Run ``aod`` on ``sys.argv``; return the exit code (or exit, when ``standalone``)."""
    from typer.main import get_command

    code = get_command(app).main(prog_name="aod", standalone_mode=standalone)
    return int(code or 0)


from . import extras, guide, profiles, search, store_cmds, tracking, transfer  # noqa: E402

for _module in (guide, tracking, extras, search, profiles, transfer, store_cmds):
    _module.register(app)
