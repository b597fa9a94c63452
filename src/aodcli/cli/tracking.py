"""Tracker commands: watch, unwatch, skip, undo, next, progress, history, rate, note."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from ..pack.model import Episode
    from ..progress import Progress
    from ..tracker import Change

from . import complete
from .session import Session, WithOpt, session, with_names

SpecsArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="SPEC",
        help="Episodes: 3, 1-4, 1,3,5, s1e3, S01E03, 1x03, s1, all, next; Korean: 3화, 3-5화, 시즌1 3화, 시즌1.",
        autocompletion=complete.specs,
    ),
]
#: The help of a SPEC naming one episode (``aod episode`` shares it).
ONE_SPEC_HELP = "One episode: 3, s1e3, S01E03, 1x03 or next; Korean: 3화, 시즌1 3화."
OneSpec = Annotated[
    str,
    typer.Argument(metavar="SPEC", help=ONE_SPEC_HELP, autocompletion=complete.specs),
]


def _ids(
    s: Session,
    specs: list[str] | None,
    till: str | None = None,
    next_episode: Callable[[], Episode | None] | None = None,
    verb: str = "watch",
) -> list[str]:
    """The episode ids the SPECs name, in show order (``next`` as ``next_episode`` says: yours by default)."""
    from ..episode_specs import join_korean, parse_one, parse_spec
    from ..errors import UsageError

    pack = s.pack
    next_of = next_episode or s.next_episode
    chosen: list[str] = []
    for spec in join_korean(specs or []):  # `aod watch 시즌1 3화`: one episode, as the shell split it
        chosen += parse_spec(spec, pack, next_episode=next_of)
    if till is not None:
        end = pack.episode(parse_one(till, pack, next_episode=next_of))
        assert end is not None
        start = min((pack.episode(i).position for i in chosen), default=0)  # type: ignore[union-attr]
        if end.position < start:
            raise UsageError(_("--till {till!r} is before the first episode you named").format(till=till))
        chosen += [e.id for e in pack.episodes[start : end.position + 1]]
    if not chosen:
        if verb == "watch":
            raise UsageError(_("name the episodes, e.g. 'aod watch 3' or 'aod watch 1-4' or 'aod watch --till 5'"))
        raise UsageError(_("name the episodes, e.g. 'aod {verb} 3' or 'aod {verb} 1-4'").format(verb=verb))
    order = {e.id: e.position for e in pack.episodes}
    return sorted(set(chosen), key=order.__getitem__)


def _report_change(
    s: Session, change: Change, verb: str, reason: str, together: dict[str, Change] | None = None
) -> None:
    from ..reports.tracking import change_result

    s.emit(change_result(s.pack, change, verb, reason, together))


def watch(
    ctx: typer.Context,
    specs: SpecsArg = None,
    till: Annotated[
        str | None,
        typer.Option(
            "--till",
            metavar="SPEC",
            help="Also mark everything up to and including SPEC.",
            autocompletion=complete.specs,
        ),
    ] = None,
    at: Annotated[
        str,
        typer.Option(
            "--at",
            metavar="WHEN",
            help="now (default), aired, unknown, today, yesterday, 3 days ago, 2 hours ago, last friday, "
            "last night, 9pm, Dec 3, 2026-11-20 or 2026-11-20T21:30 (local time); Korean: 어제 오후 9시, 3일 전.",
        ),
    ] = "now",
    rewatch: Annotated[
        bool, typer.Option("--rewatch", help="Log another viewing of episodes already watched.")
    ] = False,
    with_: WithOpt = None,
    jump: Annotated[
        bool,
        typer.Option("--jump", help="With --with: mark it even for someone who has not seen the episodes before it."),
    ] = False,
) -> None:
    """Mark episodes watched.

    With --with, the episodes are marked for everyone watching, `next` is the group's
    next episode (as `aod next --with` shows), and one `aod undo` takes it back for all.
    Nobody is moved past an episode they have not seen unless you add --jump.

    Examples: `aod watch 3`, `aod watch 1-4`, `aod watch next`, `aod watch --till 6`,
    `aod watch s1 --at aired`, `aod watch 2 --rewatch`, `aod watch next --with mina,jun`
    """
    from .. import tracker
    from ..errors import UsageError

    s = session(ctx)
    when = tracker.parse_at(at)
    if when.note:
        typer.echo(_("Note: {note}").format(note=when.note), err=True)
    others = with_names(with_)
    if jump and not others:
        raise UsageError(_("--jump is for watching together: use it with --with NAME"))
    next_episode = None
    if others:
        members = [s.profile, *[n for n in others if n != s.profile]]
        others = members[1:]
        next_episode = _group_progress(s, members).next_episode  # `next` is the group's next
    ids = _ids(s, specs, till, next_episode)
    changes = s.commit(
        tracker.watch(s.pack, s.requested_profile, ids, when=when, rewatch=rewatch, together=others, jump=jump)
    )
    for change in changes:
        if change.jumped:
            from ..episode_specs import codes_text

            warning = _("{name} had not seen {codes}: details of those episodes now show for them too").format(
                name=change.profile, codes=codes_text(change.jumped, s.pack)
            )
            typer.echo(_("Warning: {warning}").format(warning=warning), err=True)
    _report_change(
        s,
        changes[0],
        "rewatched" if rewatch else "watched",
        _("already watched (use --rewatch to log another viewing)"),
        together={c.profile: c for c in changes[1:]},
    )


def _group_progress(s: Session, members: list[str]) -> Progress:
    """The progress of the member who has seen least: it sets the group's next episode and horizon."""
    progresses = [s.progress] + [s.progress_of(n) for n in members[1:]]
    return min(progresses, key=lambda p: p.horizon().position)


def unwatch(ctx: typer.Context, specs: SpecsArg = None) -> None:
    """Take back watch marks (history keeps them; undo restores them).

    Examples: `aod unwatch 3`, `aod unwatch 5-12`
    """
    from .. import tracker

    s = session(ctx)
    change = s.commit(tracker.unwatch(s.pack, s.requested_profile, _ids(s, specs, verb="unwatch")))
    _report_change(s, change, "unwatched", _("not watched"))


def skip(ctx: typer.Context, specs: SpecsArg = None) -> None:
    """Skip episodes: next-up moves past them, but they do not count as watched.

    Examples: `aod skip 4`, `aod skip 4-5`
    """
    from .. import tracker

    s = session(ctx)
    change = s.commit(tracker.skip(s.pack, s.requested_profile, _ids(s, specs, verb="skip")))
    _report_change(s, change, "skipped", _("already watched or skipped"))


def undo(
    ctx: typer.Context,
    list_: Annotated[bool, typer.Option("--list", help="Show this device's recent changes instead.")] = False,
) -> None:
    """Undo this device's last change (all of it, in every profile it touched).

    With --profile, the last change that touched that profile. `aod redo` puts it back.

    Examples: `aod undo`, `aod undo --list`
    """
    from .. import undo as undoing
    from ..reports.tracking import batches_report, undo_report

    s = session(ctx)
    if list_:
        from ..store import open_for_read

        read = open_for_read().doc
        entries = undoing.recent(read, s.pack, translated=not s.opts.json) if read is not None else []
        s.emit(batches_report(entries))
        return
    change = s.commit(undoing.undo(s.pack, s.requested_profile, translated=not s.opts.json))
    s.emit(undo_report(s.pack, change))


def redo(ctx: typer.Context) -> None:
    """Put back what your last undo took back.

    Examples: `aod redo`
    """
    from .. import undo as undoing
    from ..reports.tracking import undo_report

    s = session(ctx)
    change = s.commit(undoing.redo(s.pack, s.requested_profile, translated=not s.opts.json))
    s.emit(undo_report(s.pack, change, redo=True))


def next_(
    ctx: typer.Context,
    with_: WithOpt = None,
) -> None:
    """The next episode for you: after the furthest one you watched or skipped.

    After a break of a few days it first recaps your last episodes ("previously on").
    With --with, it is the next episode for the group: the one with the least progress.

    Examples: `aod next`, `aod next --with mina`, `aod next --json`
    """
    from ..reports.tracking import next_report
    from ..store import utc_now

    s = session(ctx)
    members = [s.profile, *[n for n in with_names(with_) if n != s.profile]]
    lowest = _group_progress(s, members)
    s.emit(next_report(s.pack, lowest, s.profile, now=utc_now(), group=members if len(members) > 1 else None))


def progress(ctx: typer.Context) -> None:
    """Per-season progress bars, minutes watched and left.

    Examples: `aod progress`, `aod progress --json`
    """
    from ..reports.tracking import progress_report

    s = session(ctx)
    s.emit(progress_report(s.pack, s.progress, s.profile))


def history(
    ctx: typer.Context,
    episode: Annotated[
        str | None, typer.Option("--episode", "-e", metavar="SPEC", help="Only these episodes (3, 1-4, s1, 3화).")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", metavar="WHEN", help="Only from then on (as --at: yesterday, 2026-11-20).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="WHEN", help="Only before then; a day alone counts whole.")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", metavar="N", help="Only the newest N events.")] = None,
    all_profiles: Annotated[bool, typer.Option("--all-profiles", help="Every profile, with a Profile column.")] = False,
) -> None:
    """Every change you made, with its time, rewatches and undos included.

    Examples: `aod history`, `aod history --episode 3`, `aod history --since "last friday" --limit 20`,
    `aod history --all-profiles`, `aod history --json`
    """
    from ..errors import UsageError
    from ..reports.tracking import HistoryFilter, history_report

    if limit is not None and not 1 <= limit <= 100_000:
        raise UsageError(_("invalid --limit {limit}: use 1 to 100000").format(limit=limit))
    s = session(ctx)
    episodes = None
    if episode is not None:
        from ..episode_specs import parse_spec

        episodes = frozenset(parse_spec(episode, s.pack, next_episode=s.next_episode))
    start = _moment(since, "--since", end=False)
    end = _moment(until, "--until", end=True)
    if start is not None and end is not None and end <= start:
        raise UsageError(_("--until is not after --since: nothing could match"))
    only = HistoryFilter(episodes, start, end, limit)
    if not all_profiles:
        histories = [(s.profile, s.raw_events if s.progress else [], s.progress)]
    else:
        histories = [(name, events, progress) for name, events, progress in s.every_history()]
    s.emit(history_report(s.pack, histories, only=only, every_profile=all_profiles))


def _moment(text: str | None, option: str, *, end: bool) -> datetime | None:
    """``--since``/``--until`` as a UTC time (read as ``--at`` reads it); a day alone, as ``--until``,
    means the end of that day. Now, aired and unknown are not moments of a history."""
    from datetime import timedelta

    from .. import tracker
    from ..errors import UsageError

    if text is None:
        return None
    refused = UsageError(
        _("invalid {option} {text!r}: give a day or a time, as in yesterday or 2026-11-20").format(
            option=option, text=text[:40]
        )
    )
    try:
        when = tracker.parse_at(text)
    except UsageError:  # its words name --at: say which option it was
        raise refused from None
    if when.value is None:
        raise refused
    local = when.value.astimezone()
    whole_day = (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)
    return when.value + timedelta(days=1) if end and whole_day else when.value


def rate(
    ctx: typer.Context,
    spec: OneSpec,
    score: Annotated[str | None, typer.Argument(metavar="SCORE", help="Your score, 1 to 10.")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Take your score off the episode.")] = False,
) -> None:
    """Give an episode your score from 1 to 10 (the latest score counts), or clear it.

    Examples: `aod rate 3 9`, `aod rate s1e12 10`, `aod rate 3 --clear`
    """
    from .. import tracker
    from ..episode_specs import parse_one
    from ..errors import UsageError
    from ..reports.tracking import simple_change

    if clear == (score is not None):
        raise UsageError(_("give a SCORE from 1 to 10, or --clear to take yours off (not both)"))
    value = tracker.parse_score(score) if score is not None else None
    s = session(ctx)
    ep_id = parse_one(spec, s.pack, next_episode=s.next_episode)
    code = s.pack.episode(ep_id).code  # type: ignore[union-attr]
    if value is None:
        change = s.commit(tracker.clear("unrate", s.pack, s.requested_profile, ep_id))
        data = {"profile": change.profile, "episode": code, "score": None, "events": change.events}
        said = _("Cleared your score for {code}") if change.changed else _("{code} has no score: nothing to clear")
        s.emit(simple_change(said.format(code=code), data))
        return
    change = s.commit(tracker.rate(s.pack, s.requested_profile, ep_id, value))
    if change.progress is not None and not change.progress.watched(ep_id):
        s.warnings.append(
            _("you have not marked {code} watched; {command} does").format(
                code=code, command=f"aod watch {code.lower()}"
            )
        )
    s.emit(
        simple_change(
            _("Rated {code} {score}/10").format(code=code, score=value),
            {"profile": change.profile, "episode": code, "score": value, "events": change.events},
        )
    )


def note(
    ctx: typer.Context,
    spec: OneSpec,
    text: Annotated[str | None, typer.Argument(metavar="TEXT", help="Your note (up to 2000 characters).")] = None,
    edit: Annotated[bool, typer.Option("--edit", help="Replace the episode's notes with TEXT.")] = False,
    delete: Annotated[bool, typer.Option("--delete", help="Delete the episode's notes.")] = False,
) -> None:
    """Add a note to an episode, replace its notes (--edit) or delete them (--delete); with no TEXT, show them.

    Examples: `aod note 3 "watch again with subtitles"`, `aod note 3`, `aod note 3 --edit "the best yet"`,
    `aod note 3 --delete`
    """
    from .. import tracker
    from ..episode_specs import parse_one
    from ..errors import UsageError
    from ..reports.tracking import simple_change

    if edit and delete:
        raise UsageError(_("--edit replaces the notes and --delete removes them: give one"))
    if delete and text is not None:
        raise UsageError(_("--delete takes no TEXT"))
    if edit and text is None:
        raise UsageError(_('--edit needs the new TEXT, e.g. aod note 3 --edit "the best yet"'))
    s = session(ctx)
    ep_id = parse_one(spec, s.pack, next_episode=s.next_episode)
    if not delete and text is None:  # no text: that episode's notes
        from ..reports.tracking import notes_report

        s.emit(notes_report(s.pack, s.progress, s.profile, s.pack.episode(ep_id)))
        return
    code = s.pack.episode(ep_id).code  # type: ignore[union-attr]
    if delete or edit:
        plan = tracker.clear("unnote", s.pack, s.requested_profile, ep_id, then=text if edit else None)
        message = _("Replaced your notes on {code}") if edit else _("Deleted your notes on {code}")
    else:
        plan = tracker.note(s.pack, s.requested_profile, ep_id, text or "")
        message = _("Noted on {code}")
    change = s.commit(plan)
    if not change.changed:
        message = _("{code} has no notes: nothing to delete")
    s.emit(
        simple_change(message.format(code=code), {"profile": change.profile, "episode": code, "events": change.events})
    )


def notes(ctx: typer.Context) -> None:
    """Every note you wrote, episode by episode.

    Examples: `aod notes`, `aod notes --json`
    """
    from ..reports.tracking import notes_report

    s = session(ctx)
    s.emit(notes_report(s.pack, s.progress, s.profile))
