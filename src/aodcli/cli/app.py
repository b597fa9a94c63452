"""The root ``aod`` app: global options, the error boundary, command registry."""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from .. import __version__
from ..errors import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_USAGE, AodError, caused_by_interrupt
from ..i18n import N_, _, language
from .session import JsonOpt, LangOpt, ProfileOpt, ShowOpt, SpoilersOpt, root_options

CONTEXT = {"help_option_names": ["-h", "--help"]}  # inherited by every subcommand
#: What Typer's main returns (standalone_mode=False) when Ctrl-C interrupted a command;
#: no aod command returns it, so it always means "interrupted".
TYPER_INTERRUPTED = 130


def _error(message: str) -> str:
    """The one line of an error: ``Error: …`` in the interface language."""
    return _("Error: {message}").format(message=message)


def _err(text: str) -> None:
    """One line on stderr; characters a terminal would act on (from a file name, a
    key, a template) are escaped, so an error stays one harmless line."""
    from ..safetext import escape_unsafe

    try:
        sys.stderr.write(escape_unsafe(text.rstrip("\n")) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # stderr closed or full: the exit code still tells
        pass


class _ClosedStdout(io.TextIOBase):
    """What stdout is when the process started with descriptor 1 closed (``aod
    episodes >&-``; Python leaves ``sys.stdout`` None): writing fails as a closed
    descriptor does, so the command reports that instead of crashing."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


class _CheckedStdout:
    """``sys.stdout`` for one command: everything is passed through to the real
    stream, and the first error writing or flushing it is remembered, so the error
    boundary can tell a failed output (a full disk: ``aod export > /dev/full``) from
    any other OSError. (A failed flush drops its buffer, so flushing again later
    cannot tell.)"""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.failure: OSError | ValueError | None = None

    def write(self, text: str) -> int:
        try:
            return int(self.stream.write(text))
        except (OSError, ValueError) as err:  # ValueError: writing to a closed file
            self.failure = self.failure or err
            raise

    def flush(self) -> None:
        try:
            self.stream.flush()
        except (OSError, ValueError) as err:
            self.failure = self.failure or err
            raise

    def __getattr__(self, name: str) -> Any:  # encoding, isatty, fileno, buffer…
        return getattr(self.stream, name)

    def final_failure(self) -> OSError | ValueError | None:
        """Flush what is left; the first output failure of the command, or None."""
        with suppress(OSError, ValueError):  # remembered in self.failure
            self.flush()
        return self.failure


@contextmanager
def _checked_stdout() -> Iterator[_CheckedStdout]:
    out = _CheckedStdout(sys.stdout if sys.stdout is not None else _ClosedStdout())
    sys.stdout = out  # a text stream in all but name: __getattr__ passes the rest through
    try:
        yield out
    finally:
        if sys.stdout is out:  # (after EPIPE, Typer leaves its own wrapper around it: kept)
            sys.stdout = out.stream


def _say_output_failure(failure: OSError | ValueError) -> None:
    """One line for an output failure; none when the reader went away (`aod … | head -1`),
    where a CLI stays quiet."""
    if not isinstance(failure, BrokenPipeError):
        reason = failure.strerror if isinstance(failure, OSError) and failure.strerror else str(failure)
        _err(_error(_("cannot write output: {reason}").format(reason=reason)))


def _may_show_help(group: Any, argv: list[str]) -> bool:
    """Will this run print a help page: ``-h``/``--help`` before ``--``, or a command
    group named without its subcommand (``aod profile``)?"""
    head = argv[: argv.index("--")] if "--" in argv else argv
    if "-h" in head or "--help" in head:
        return True
    words = [a for a in head if not a.startswith("-")]
    return bool(words) and bool(getattr(group.commands.get(words[-1]), "commands", None))


def _help_command(argv: list[str]) -> list[str]:
    """``aod help [COMMAND…]`` is ``aod [COMMAND…] --help`` (as git and gh take it)."""
    from .argv import GLOBAL_FLAGS, GLOBAL_VALUES

    i = 0
    while i < len(argv) and argv[i].startswith("-") and argv[i] != "--":  # the hoisted global options
        i += 2 if argv[i] in GLOBAL_VALUES else 1
    if i < len(argv) and argv[i] == "help":
        rest = argv[i + 1 :]
        if "--" not in rest and not any(a in GLOBAL_FLAGS for a in rest):
            return [*argv[:i], *rest, "--help"]
    return argv


def _dash_hint(err: Exception, ctx: Any, argv: list[str]) -> str | None:
    """A note that starts with '-' reads as an option: say how to write it."""
    option = getattr(err, "option_name", None)
    if ctx is None or ctx.info_name != "note" or not option or type(err).__name__ != "NoSuchOption":
        return None
    typed = next((a for a in argv if a.startswith(option)), option)
    shown = typed if len(typed) <= 30 else typed[:27] + "..."
    message = _(
        "no option {option!r}: a note that begins with '-' needs '--' before it, as in: aod note 3 -- {option!r}"
    )
    return message.format(option=shown)


def _internal_error(err: Exception) -> None:
    if caused_by_interrupt(err):  # e.g. Ctrl-C inside a class body: RuntimeError(__set_name__)
        _err(_("Aborted!"))
    else:
        what = f"{type(err).__name__}: {err}"
        _err(_error(_("internal error ({what}); run with --debug for details").format(what=what)))


#: The help panel of the global options on every command's help page.
INHERITED = N_("Inherited options")


def inherit_global_options(group: Any, root_params: list[Any]) -> None:
    """Show the root's global options on every command, as "Inherited options".

    They are declared once, on the root; ``argv.hoist_global_options`` moves them
    before the command wherever they are typed, so these copies never receive a
    value: they are there for the help page and for completion (``aod watch --js``).
    """
    import copy

    from .argv import GLOBAL_FLAGS, GLOBAL_VALUES

    inherited = []
    for param in root_params:
        if getattr(param, "name", None) and set(getattr(param, "opts", ())) & {*GLOBAL_FLAGS, *GLOBAL_VALUES}:
            twin = copy.copy(param)
            twin.rich_help_panel = INHERITED
            twin.expose_value = False  # the command's function has no parameter for it
            inherited.append(twin)
    for command in getattr(group, "commands", {}).values():
        if getattr(command, "commands", None):
            inherit_global_options(command, root_params)
        else:
            own = {name for p in command.params for name in getattr(p, "opts", ())}
            command.params.extend(p for p in inherited if not own & set(p.opts))


class AodGroup(TyperGroup):
    """The one exit point: every error becomes one stderr line and an exit code."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        inherit_global_options(self, self.params)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        from .argv import hoist_global_options

        argv = _help_command(hoist_global_options(list(sys.argv[1:] if args is None else args)))
        from ..i18n import choose, speaking

        debug = "--debug" in argv[: argv.index("--") if "--" in argv else len(argv)]
        with speaking(choose(argv)), _checked_stdout() as out:
            said = True  # an error line was printed (or the reader is gone): one line at most
            try:
                from .fastparams import install

                install(self)
                if _may_show_help(self, argv):  # help pages only: no cost for every other run
                    from .helpfmt import tidy
                    from .helpwords import translate

                    tidy(self)
                    translate(self)
                elif os.environ.get("_AOD_COMPLETE") and language() != "en":
                    from .helpwords import translate

                    translate(self)  # the help zsh and fish show beside each name
                rv = super().main(
                    args=argv,
                    prog_name=prog_name or "aod",
                    complete_var=complete_var,
                    standalone_mode=False,
                    windows_expand_args=windows_expand_args,
                    **extra,
                )
                code = rv if isinstance(rv, int) else 0
                said = code == TYPER_INTERRUPTED
                if said:
                    _err(_("Aborted!"))
                    code = EXIT_INTERRUPTED
            except AodError as err:
                if debug:
                    raise
                _err(_error(str(err)))
                code = err.exit_code
            except typer.Exit as err:
                code = err.exit_code
                said = False
            except (typer.Abort, KeyboardInterrupt, EOFError) as err:  # Ctrl-C, or input that ended
                _err(_("Aborted!"))
                code = EXIT_INTERRUPTED if caused_by_interrupt(err) else EXIT_ERROR
            except BrokenPipeError:  # the reader went away (`aod episodes | head -1`): quietly
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
                from .clickwords import say

                message = _dash_hint(err, ctx, argv) or say(err.format_message())
                if ctx is not None and code == EXIT_USAGE:
                    message = _("{message} (see '{command} --help')").format(message=message, command=ctx.command_path)
                _err(_error(message))
            except Exception as err:  # the last line of defence: never a traceback
                failure = out.failure
                if debug and failure is None:
                    raise
                if failure is None:
                    _internal_error(err)
                else:  # writing the output failed (a full disk, a closed descriptor)
                    _say_output_failure(failure)
                code = EXIT_INTERRUPTED if failure is None and caused_by_interrupt(err) else EXIT_ERROR
            failure = out.final_failure()  # every command's output is flushed and checked here
            if failure is not None:
                if not said:
                    _say_output_failure(failure)
                code = code or EXIT_ERROR
            if standalone_mode:
                sys.exit(code)
            return code


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aod {__version__}")
        raise typer.Exit()


def root(
    ctx: typer.Context,
    json: JsonOpt = False,
    spoilers: SpoilersOpt = False,
    show: ShowOpt = None,
    profile: ProfileOpt = None,
    lang: LangOpt = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Never page long output (or set AOD_PAGER=cat).")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """A terminal episode guide and watch tracker for All of Us Are Dead (지금 우리 학교는).

    Run `aod` alone for your dashboard, `aod episodes` for the guide.
    """
    opts = root_options(ctx)
    opts.json, opts.spoilers, opts.show, opts.profile, opts.debug = json, spoilers, show, profile, debug
    opts.no_pager = no_pager
    if ctx.invoked_subcommand is None:
        from .dashboard import dashboard

        dashboard(ctx)


def build(first: str | None = None) -> typer.Typer:
    """The Typer app: every command of the registry, or only those whose first word is ``first``
    (``""``: none, for the dashboard). A run builds only the command it runs: Typer makes a Click
    command of every command it holds, which cost each run about 0.5 ms a command."""
    from .registry import register

    built = typer.Typer(
        cls=AodGroup,
        name="aod",
        help="A terminal episode guide and watch tracker for All of Us Are Dead (지금 우리 학교는).",
        context_settings=CONTEXT,
        no_args_is_help=False,
        invoke_without_command=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        pretty_exceptions_show_locals=False,
        rich_markup_mode="markdown",  # help text reflows; `aod watch 3` shows as code
    )
    built.callback()(root)
    register(built, first)
    return built


def run(standalone: bool = True) -> int:
    """Run ``aod`` on ``sys.argv``; return the exit code (or exit, when ``standalone``).

    Only the command the line names is built (``argv.command_word``); help for the whole
    program, a word that is no command and shell completion get every command."""
    from typer.main import get_command

    from .argv import command_word
    from .registry import FIRST_WORDS

    first = None if os.environ.get("_AOD_COMPLETE") else command_word(sys.argv[1:], FIRST_WORDS)
    code = get_command(build(first)).main(prog_name="aod", standalone_mode=standalone)
    return int(code or 0)


app: typer.Typer  # declared, not set: the first use of ``app`` builds it (``__getattr__``)


def __getattr__(name: str) -> Any:
    """``app``: the whole app (every command), built on first use: for tests, the catalog
    tool and the fast path's command table (a run builds its own, :func:`run`)."""
    if name == "app":
        global app
        app = build()
        return app
    raise AttributeError(name)
