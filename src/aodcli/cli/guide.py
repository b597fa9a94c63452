"""Guide commands: episodes, episode, about, cast, characters."""

from __future__ import annotations

from typing import Annotated

import typer

from ..i18n import _
from . import complete
from .session import session
from .tracking import OneSpec


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
    from ..errors import UsageError
    from ..reports.episodes import episodes as report

    s = session(ctx)
    if season is not None and s.pack.season(season) is None:
        seasons = ", ".join(str(x.number) for x in s.pack.seasons)
        raise UsageError(_("there is no season {season} (seasons: {seasons})").format(season=season, seasons=seasons))
    only = None if watched is None else ("watched" if watched else "unwatched")
    s.emit(report(s.pack, s.horizon, s.progress, season=season, only=only, wide=wide))


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
