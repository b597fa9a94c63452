"""`aod search`, `aod person`, `aod character`."""

from __future__ import annotations

from typing import Annotated

import typer

from ..i18n import _
from . import complete
from .session import Session, session

_NAME_HELP = "Any spelling: romanized, Hangul, initials (ㄴㅇㅈ)."
PersonArg = Annotated[str, typer.Argument(metavar="NAME", help=_NAME_HELP, autocompletion=complete.people)]
CharacterArg = Annotated[str, typer.Argument(metavar="NAME", help=_NAME_HELP, autocompletion=complete.characters)]


def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(metavar="QUERY", help="A name in any spelling, or words from an episode.")],
    in_: Annotated[
        str | None,
        typer.Option(
            "--in", metavar="WHAT", help="people, characters or episodes.", autocompletion=complete.search_kinds
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", metavar="N", help="At most N names (1 to 1000).")] = 10,
) -> None:
    """Find people, characters and episodes by any spelling a fan would type.

    Ranked exact > variant > initials > partial > typo, each with the reason it matched.

    Examples: `aod search "Soo-hyuk"`, `aod search 남온조`, `aod search ㄴㅇㅈ`,
    `aod search lee --in characters`, `aod search rooftop --in episodes`
    """
    from ..errors import NotFound, UsageError
    from ..finder import KINDS, EpisodeMatches, episode_query, name_index, search_episodes, search_terms
    from ..reports.search import nothing_found, search_report

    if in_ is not None and in_ not in KINDS:
        raise UsageError(_("invalid --in {value!r}: use people, characters or episodes").format(value=in_))
    if not 1 <= limit <= 1000:
        raise UsageError(_("invalid --limit {limit}: use 1 to 1000").format(limit=limit))
    if not query.strip():
        raise UsageError(_("empty QUERY: give a name or a word to look for"))
    s = session(ctx)
    is_number, numbered = episode_query(s.pack, query)  # 3화: that episode, never a name with 화 in it
    if is_number:
        if numbered is None or in_ not in (None, "episodes"):
            raise NotFound(nothing_found(s.pack, s.horizon, query, None, False))
        s.emit(search_report(s.pack, s.horizon, query, [], EpisodeMatches([(numbered, "number")]), limit=limit))
        return
    hits = []
    if in_ != "episodes":
        index = name_index(s.pack)
        hits = index.search(query, kinds=KINDS[in_] if in_ else None)
    episodes = search_episodes(s.pack, query, s.horizon) if in_ in (None, "episodes") else None
    terms = search_terms(s.pack, query, s.horizon) if in_ is None else []
    if not hits and not (episodes and episodes.shown) and not terms:
        suggestion = None if in_ == "episodes" else name_index(s.pack).suggest(query)
        name = suggestion.record.name if suggestion else None
        if s.opts.json:  # a JSON reader gets the (empty) document too
            s.emit(search_report(s.pack, s.horizon, query, [], episodes, limit=limit, suggestion=name))
        raise NotFound(nothing_found(s.pack, s.horizon, query, name, episodes is not None))
    s.emit(search_report(s.pack, s.horizon, query, hits, episodes, limit=limit, terms=terms))


def person(
    ctx: typer.Context,
    name: PersonArg,
) -> None:
    """One actor or crew member: names, roles, credits.

    Examples: `aod person "Park Ji-hu"`, `aod person lomon`, `aod person 박지후`
    """
    from ..reports.people import person as report

    s = session(ctx)
    s.emit(report(s.pack, s.horizon, s.pack.people[_one(s, name, "person")]))


def character(
    ctx: typer.Context,
    name: CharacterArg,
) -> None:
    """One character: who plays them, and what has happened to them so far.

    Examples: `aod character "Nam On-jo"`, `aod character Chung-san`, `aod character ㅊㄴㄹ`
    """
    from ..reports.people import character as report

    s = session(ctx)
    s.emit(report(s.pack, s.horizon, s.pack.characters[_one(s, name, "character")]))


def _one(s: Session, name: str, kind: str) -> str:
    """The id of the one person or character ``name`` means; on a terminal, a tie asks which."""
    import sys
    import unicodedata

    from ..errors import Ambiguous
    from ..finder import find_one
    from ..i18n.formats import name_text

    try:
        return find_one(s.pack, name, kind).record.id
    except Ambiguous as err:
        if not err.candidates or s.opts.json or not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise
        records = s.pack.people if kind == "person" else s.pack.characters
        n = len(err.candidates)
        if n == 1:  # a partial match alone (a surname, the start of a name)
            typer.echo(_("{name!r} is only part of a name; is it this one?").format(name=name), err=True)
        else:
            typer.echo(_("{name!r} matches several; which one?").format(name=name), err=True)
        for i, ident in enumerate(err.candidates, start=1):
            typer.echo(f"  {i}. {name_text(records[ident].name, records[ident].hangul)}", err=True)
        if err.matches > n:
            typer.echo(_("  … and {count} more (give more of the name)").format(count=err.matches - n), err=True)
        while True:  # a wrong answer asks again; Enter alone (or end of input) gives up
            answer = typer.prompt(_("Number (1-{count})").format(count=n), err=True, default="", show_default=False)
            answer = unicodedata.normalize("NFKC", answer).strip()  # ２, as typed with an IME
            if not answer:
                raise Ambiguous(_("no choice made (give 1 to {count}, or a fuller name)").format(count=n)) from None
            if answer.isascii() and answer.isdigit() and 1 <= int(answer) <= n:
                return err.candidates[int(answer) - 1]
            typer.echo(
                _("{answer!r} is not one of them: give a number from 1 to {count}").format(answer=answer[:20], count=n),
                err=True,
            )
