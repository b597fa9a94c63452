"""Global options and the per-command session (pack, progress, horizon, output).

Every command accepts the global options after its name (``aod episodes
--json``) as well as before it (``aod --json episodes``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from ..i18n import _
from .argv import GLOBAL_FLAGS as GLOBAL_FLAGS
from .argv import GLOBAL_VALUES as GLOBAL_VALUES

if TYPE_CHECKING:
    from ..output.doc import Result
    from ..pack.model import Episode
    from ..pack.pack import Pack
    from ..progress import Progress
    from ..spoilers import Horizon
    from ..store.loader import ReadResult

T = TypeVar("T")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (stable keys: docs/json.md).")]
SpoilersOpt = Annotated[bool, typer.Option("--spoilers", help="Show everything, even past your progress.")]
ShowOpt = Annotated[
    str | None, typer.Option("--show", metavar="PATH", help="Load another data pack folder (or set AOD_SHOW).")
]


def _check_lang(value: str | None) -> str | None:
    from ..i18n import LANGUAGES, PSEUDO

    if value is not None and value not in (*LANGUAGES, PSEUDO):
        raise typer.BadParameter(
            _("expected {choices}, got {value!r}").format(choices=" or ".join(LANGUAGES), value=value)
        )
    return value


LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="LANG",
        help="Interface language: en or ko (or set AOD_LANG; else the locale).",
        callback=_check_lang,
    ),
]
WithOpt = Annotated[
    str | None,
    typer.Option("--with", metavar="NAME,NAME", help="Also for these profiles (watching together)."),
]


def _complete_profiles(incomplete: str) -> list[str]:
    from .complete import profiles

    return profiles(incomplete)


ProfileOpt = Annotated[
    str | None,
    typer.Option(
        "--profile",
        metavar="NAME",
        help="Whose progress to use (or set AOD_PROFILE).",
        autocompletion=_complete_profiles,
    ),
]


@dataclass(slots=True)
class Options:
    json: bool = False
    spoilers: bool = False
    show: str | None = None
    profile: str | None = None
    debug: bool = False
    no_pager: bool = False


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
        self._status_read = False  # the status file was asked for the horizon (once)
        self._status_horizon: Horizon | None = None
        self._profile: str | None = None
        self._doc: dict[str, Any] | None = None
        self._read: ReadResult | None = None
        self.raw_events: list[dict[str, Any]] = []
        self.warnings: list[str] = []

    @property
    def pack(self) -> Pack:
        if self._pack is None:
            from ..pack import load_pack

            self._pack = load_pack(self.opts.show)
        return self._pack

    @property
    def requested_profile(self) -> str | None:
        """The profile named by --profile or AOD_PROFILE, if any (in NFC, as names are stored)."""
        name = self.opts.profile or os.environ.get("AOD_PROFILE") or None
        if name is None:
            return None
        import unicodedata

        return unicodedata.normalize("NFC", name)

    @property
    def profile(self) -> str:
        """The profile in use (after reading the store)."""
        self.progress  # noqa: B018  (reads the store)
        return self._profile or "default"

    @property
    def progress(self) -> Progress:
        if self._progress is None:
            self._progress = self._read_progress()
        return self._progress

    def _read_progress(self) -> Progress:
        from ..profiles import DEFAULT_PROFILE, active_profile
        from ..progress import Progress
        from ..store import open_for_read

        read = open_for_read()
        if read.warning:
            self.warnings.append(read.warning)
        if read.doc is None:  # unreadable store: show the pack, hide every spoiler
            self._profile = self.requested_profile or DEFAULT_PROFILE
            return Progress.empty(self.pack)
        self._read = read
        self._doc = read.doc
        from ..profiles import resolve_profile

        name = self.requested_profile or active_profile(read.doc)
        name = resolve_profile(read.doc, name) or name  # names match ignoring case
        self._profile = name
        self.raw_events = self._events_of(name)
        return Progress.from_events(self.pack, self.raw_events)

    def _events_of(self, name: str) -> list[dict[str, Any]]:
        from ..profiles import DEFAULT_PROFILE, get_profile

        assert self._doc is not None and self._read is not None
        from ..profiles import resolve_profile

        if name != DEFAULT_PROFILE:
            get_profile(self._doc, name)  # UsageError naming the known profiles
        return self._read.events(resolve_profile(self._doc, name) or name, self.pack.show_id)

    def every_history(self) -> list[tuple[str, list[dict[str, Any]], Progress]]:
        """(name, events, progress) of every profile of the store, by name (none: the default, empty)."""
        from ..progress import Progress

        self.progress  # noqa: B018  (reads the store)
        if self._doc is None:
            return [(self.profile, [], self.progress)]
        out = []
        for name in sorted(self._doc["profiles"], key=str.casefold):
            events = self._events_of(name)
            out.append((name, events, Progress.from_events(self.pack, events)))
        return out

    def next_episode(self) -> Episode | None:
        """The profile's next episode (reads the store only when a SPEC says ``next``)."""
        return self.progress.next_episode()

    def progress_of(self, name: str) -> Progress:
        """Another profile's progress (for --with)."""
        from ..progress import Progress

        self.progress  # noqa: B018  (reads the store)
        if self._doc is None:
            return Progress.empty(self.pack)
        return Progress.from_events(self.pack, self._events_of(name))

    def commit(self, mutate: Callable[[dict[str, Any]], T], *, dry_run: bool = False) -> T:
        """Run one store transaction (or, ``dry_run``, all its checks); return what ``mutate`` returned."""
        from ..store import commit
        from .store_cmds import lock_wait_notice

        _result, value = commit(mutate, dry_run=dry_run, warnings=self.warnings, waiting=lock_wait_notice)
        return value

    @property
    def horizon(self) -> Horizon:
        """The profile's spoiler horizon. Before the store is read (a command that needs only
        the horizon), the status file gives it when it describes the store; a command that
        needs the progress too reads that first."""
        if self._progress is None and not self.opts.spoilers:  # the status file may tell it
            if not self._status_read:
                from ..spoilers import Horizon
                from ..store.layout import Store
                from ..store.status import watched

                self._status_read = True
                found = watched(Store(), self.requested_profile, self.pack.show_id)
                self._status_horizon = None if found is None else Horizon.of_watched(self.pack, found)
            if self._status_horizon is not None:
                return self._status_horizon
        return self.progress.horizon(lifted=self.opts.spoilers)

    def tell_warnings(self) -> None:
        """Say each warning of reading the store, on stderr."""
        for warning in self.warnings:
            typer.echo(_("Warning: {warning}").format(warning=warning), err=True)

    def emit(self, result: Result) -> None:
        from ..output.render import pick_mode, show

        self.tell_warnings()
        show(result, pick_mode(self.opts.json), pager=not self.opts.no_pager)


def session(ctx: typer.Context) -> Session:
    """The session of the command running in ``ctx``: the global options are the root's
    (``aod episodes --json`` parses ``--json`` at the root, see :mod:`.argv`)."""
    return Session(root_options(ctx))


def with_names(value: str | None) -> list[str]:
    """Profile names from ``--with a,b`` (checked, without duplicates)."""
    if not value:
        return []
    from ..profiles import validate_profile_name

    names: list[str] = []
    for part in value.split(","):
        name = validate_profile_name(part.strip())
        if name not in names:
            names.append(name)
    return names
