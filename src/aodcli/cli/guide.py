"""Guide commands: episodes, episode, about, season, cast, characters, fates, recap."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import _
from . import complete
from .session import Session, session
from .tracking import OneSpec

if TYPE_CHECKING:
    from ..pack.model import Season


def episodes(
    ctx: typer.Context,
    season: Annotated[
        int | None,
        typer.Option(
            "--season", "-s", metavar="N", min=1, max=999, help="Only season N.", autocompletion=complete.seasons
        ),
    ] = None,
    watched: Annotated[
        bool | None, typer.Option("--watched/--unwatched", help="Only watched, or only unwatched, episodes.")
    ] = None,
    wide: Annotated[bool, typer.Option("--wide", help="Whole blurbs, wrapped, not cut to one line.")] = False,
) -> None:
    """List episodes: code, title, date, runtime, watched mark, your score.

    Examples: `aod episodes`, `aod episodes --season 1 --unwatched`, `aod episodes --wide`, `aod episodes --json`
    """
    from ..reports.episodes import episodes as report

    s = session(ctx)
    if season is not None:
        _season(s, season)
    only = None if watched is None else ("watched" if watched else "unwatched")
    progress = s.progress  # read first: the horizon then comes from it (Session.horizon)
    s.emit(report(s.pack, s.horizon, progress, season=season, only=only, wide=wide))


def episode(
    ctx: typer.Context,
    spec: OneSpec,
) -> None:
    """Show one episode: blurb, runtime, directors, who appears, your history.

    Examples: `aod episode 3`, `aod episode s1e3 --spoilers`, `aod episode next`
    """
    from ..episode_specs import parse_one
    from ..reports.episodes import episode as report

    s = session(ctx)
    ep_id = parse_one(spec, s.pack, next_episode=s.progress.next_episode)
    s.emit(report(s.pack, s.horizon, s.progress, ep_id))


def about(
    ctx: typer.Context,
    sources: Annotated[bool, typer.Option("--sources", help="Show the source of every fact.")] = False,
) -> None:
    """About the show: titles, the webtoon, creators, reception, records, season 2.

    Examples: `aod about`, `aod about --sources`, `aod about --json`
    """
    from ..reports.about import about as report

    s = session(ctx)
    s.emit(report(s.pack, s.horizon, sources=sources))


def season(
    ctx: typer.Context,
    number: Annotated[
        int | None,
        typer.Argument(
            metavar="N",
            min=1,
            max=999,
            help="The season (default: the next to come).",
            autocompletion=complete.seasons,
            show_default=False,
        ),
    ] = None,
    ics: Annotated[
        str | None,
        typer.Option(
            "--ics",
            metavar="FILE",
            help="Write the release day to FILE as a calendar event (.ics); - is stdout.",
        ),
    ] = None,
) -> None:
    """What is known about a season: status, release date and countdown, news, when it was checked.

    With no N, the next season to come. `--ics FILE` writes its release day as an
    all-day calendar event (iCalendar) that any calendar app imports; importing a
    newer one moves the event. With no release date in the data, it writes nothing.
    FILE is written as `aod export -o FILE` writes.

    Examples: `aod season`, `aod season 1`, `aod season 2 --ics season2.ics`
    """
    from ..errors import UsageError

    s = session(ctx)
    if ics is None:
        from datetime import date

        from ..reports.season import season_page

        chosen = _season(s, number)
        progress = s.progress  # read first: the horizon then comes from it (Session.horizon)
        s.emit(season_page(s.pack, s.horizon, progress, s.profile, chosen, date.today()))
        return
    from ..i18n.formats import date_text
    from ..paths import data_dir
    from ..reports.season import release_calendar
    from ..safeio import file_target, write_output
    from ..safetext import escape_unsafe
    from ..store.clock import utc_now
    from .session import root_options

    if root_options(ctx).json:
        raise UsageError(_("--json and --ics ask for two outputs: give one"))
    target = file_target(ics, option="--ics", data_dir=data_dir())  # usage errors before any work
    chosen = _season(s, number)
    data = release_calendar(s.pack, s.horizon, chosen, utc_now())
    if target is None:
        typer.echo(data, nl=False)  # bytes: the CRLF line ends go out as they are, on every platform
        return
    write_output(target, data, data_dir=data_dir())
    said = _("Wrote the release day of season {season} ({date}) to {file}")
    typer.echo(
        said.format(season=chosen.number, date=date_text(chosen.release_date), file=escape_unsafe(target)), err=True
    )


def _season(s: Session, number: int | None) -> Season:
    """Season ``number`` of the pack (None: the next to come); a usage error naming the seasons there are."""
    from ..errors import UsageError
    from ..reports.season import season_to_come

    found = s.pack.season(season_to_come(s.pack) if number is None else number)
    if found is None:
        seasons = ", ".join(str(x.number) for x in s.pack.seasons)
        raise UsageError(_("there is no season {season} (seasons: {seasons})").format(season=number, seasons=seasons))
    return found


def cast(
    ctx: typer.Context,
) -> None:
    """Who plays whom, in billing order.

    Examples: `aod cast`, `aod cast --json`
    """
    from ..reports.people import cast as report

    s = session(ctx)
    s.emit(report(s.pack, s.horizon))


def fates(
    ctx: typer.Context,
    character: Annotated[
        str | None,
        typer.Option(
            "--character", "-c", metavar="NAME", help="Only this character.", autocompletion=complete.characters
        ),
    ] = None,
) -> None:
    """Who dies, turns or disappears, episode by episode, as far as you have watched.

    Examples: `aod fates`, `aod fates --character "Lee Cheong-san"`, `aod fates --spoilers`
    """
    from ..reports.people import fates as report

    s = session(ctx)
    chosen = None
    if character is not None:
        from .search import _one

        chosen = s.pack.characters[_one(s, character, "character")]
    s.emit(report(s.pack, s.horizon, chosen))


def recap(
    ctx: typer.Context,
    season: Annotated[
        int | None,
        typer.Option(
            "--season",
            "-s",
            metavar="N",
            min=1,
            max=999,
            help="The story up to the end of season N (or as far as you have watched in it).",
            autocompletion=complete.seasons,
        ),
    ] = None,
    through: Annotated[
        str | None,
        typer.Option(
            "--through",
            "-t",
            metavar="SPEC",
            help="The story up to this episode (never past the furthest one you watched).",
            autocompletion=complete.specs,
        ),
    ] = None,
) -> None:
    """The story so far: where the survivors are, who has been lost, turned or gone missing.

    It tells only what the episodes up to the furthest one you watched show (--spoilers: all of them).

    Examples: `aod recap`, `aod recap --season 1`, `aod recap --through 5`, `aod recap --json`
    """
    from ..reports.recap import recap as report

    s = session(ctx)
    if season is not None and through is not None:
        from ..errors import UsageError

        raise UsageError(_("give --season or --through, not both"))
    if season is not None:
        _season(s, season)
    chosen = None
    if through is not None:
        from ..episode_specs import parse_one

        chosen = s.pack.episode(parse_one(through, s.pack, next_episode=s.progress.next_episode))
    s.emit(report(s.pack, s.horizon, season=season, through=chosen))


def characters(
    ctx: typer.Context,
    group: Annotated[
        str | None, typer.Option("--group", "-g", help="Only one group, e.g. class-2-5, teachers.")
    ] = None,
) -> None:
    """Every character: Hangul, actor, group, and what has happened to them so far.

    Examples: `aod characters`, `aod characters --group teachers`, `aod characters --spoilers`
    """
    from ..errors import UsageError
    from ..reports.people import characters as report

    s = session(ctx)
    if group is not None and group not in {c.group for c in s.pack.characters.values()}:
        groups = sorted({c.group for c in s.pack.characters.values()})
        raise UsageError(_("no group {group!r}; groups are: {groups}").format(group=group, groups=", ".join(groups)))
    s.emit(report(s.pack, s.horizon, group=group))
