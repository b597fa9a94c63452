"""`aod profile list|add|use|remove`: several people on one machine."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ..i18n import _
from . import complete
from .session import Session, session

profile_app = typer.Typer(
    help="Several people on one machine: each profile has its own progress and spoiler horizon.",
    no_args_is_help=True,
)
NameArg = Annotated[str, typer.Argument(metavar="NAME", help="Profile name: letters of any script, digits, - and _.")]
ExistingArg = Annotated[
    str, typer.Argument(metavar="NAME", help="An existing profile.", autocompletion=complete.profiles)
]


def _emit(s: Session, message: str, data: dict[str, Any]) -> None:
    from ..output.doc import Doc, Result, Styled, Text

    s.emit(Result(Doc().add(Text(Styled(message, "ok"))), data))


def list_(ctx: typer.Context) -> None:
    """List profiles; * marks the active one.

    Examples: `aod profile list`
    """
    from ..errors import StoreError
    from ..output.doc import Column, Doc, Result, Table
    from ..store import open_for_read

    s = session(ctx)
    read = open_for_read()
    if read.doc is None:
        raise StoreError(read.warning or _("the store cannot be read"))
    doc = read.doc
    table = Table(
        [Column(""), Column(_("Profile"), style="accent"), Column(_("Created")), Column(_("Events"), justify="right")]
    )
    rows = []
    for name in sorted(doc["profiles"]):
        prof = doc["profiles"][name]
        count = sum(len(show["events"]) for show in prof["shows"].values())
        active = name == doc["active_profile"]
        table.rows.append(["*" if active else "", name, prof["created_at"][:10], count])
        rows.append({"name": name, "active": active, "created_at": prof["created_at"], "events": count})
    s.emit(Result(Doc().add(table), {"active": doc["active_profile"], "profiles": rows}))


def add(ctx: typer.Context, name: NameArg) -> None:
    """Create a profile.

    Examples: `aod profile add mina`
    """
    from .. import tracker
    from ..profiles import validate_profile_name

    name = validate_profile_name(name)
    s = session(ctx)
    s.commit(tracker.add_profile(name))
    _emit(
        s,
        _("Created profile {name}. Use it with: aod profile use {name} (or --profile {name})").format(name=name),
        {"created": name},
    )


def use(ctx: typer.Context, name: ExistingArg) -> None:
    """Make a profile the active one.

    Examples: `aod profile use mina`
    """
    from .. import tracker
    from ..profiles import validate_profile_name

    s = session(ctx)
    name = s.commit(tracker.use_profile(validate_profile_name(name)))
    _emit(s, _("Now using profile {name}").format(name=name), {"active": name})


def remove(
    ctx: typer.Context,
    name: ExistingArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Remove a profile and its progress (a backup of the store is kept).

    Examples: `aod profile remove mina --yes`
    """
    from .. import tracker
    from ..errors import UsageError
    from ..profiles import validate_profile_name

    name = validate_profile_name(name)
    if not yes:
        import sys

        if not sys.stdin.isatty():
            raise UsageError(
                _("removing profile {name!r} deletes its progress; add --yes to confirm").format(name=name)
            )
        typer.confirm(_("Remove profile {name} and all its progress?").format(name=name), abort=True, err=True)
    s = session(ctx)
    name = s.commit(tracker.remove_profile(name))
    _emit(s, _("Removed profile {name} (aod undo brings it back)").format(name=name), {"removed": name})
