"""Tracker reports: progress, history, next, and the confirmations of changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..episode_specs import codes_text
from ..i18n import N_, _, ngettext
from ..i18n.formats import date_text, runtime_text, season_label
from ..output.doc import Bar, Column, Doc, Fields, Heading, Hint, Result, Styled, Table, Text
from ..pack.model import Episode
from ..pack.pack import Pack
from ..progress import Progress
from ..safetext import show_hidden
from ..timefmt import local_text

if TYPE_CHECKING:
    from ..tracker import Change
from .common import coming_blocks, coming_seasons, minutes_text, progress_figures, word

#: What each event type did, in the past tense (English: ``undo``'s summaries keep it; people
#: read it through ``word(VERBS, type)``).
VERBS = {
    "watch": N_("watched"),
    "unwatch": N_("unwatched"),
    "skip": N_("skipped"),
    "rate": N_("rated"),
    "note": N_("noted"),
    "undo": N_("undid"),
    "unrate": N_("cleared score"),
    "unnote": N_("deleted notes"),
}
#: What an undo event did (``_taken_back``'s first value).
UNDO_WORDS = {"undid": N_("undid"), "redid": N_("redid")}

#: What another profile got (``--with``), by the verb the command passes.
ALSO = {
    "watched": N_("Also for {name}: {episodes} watched"),
    "rewatched": N_("Also for {name}: another viewing of {episodes}"),
    "unwatched": N_("Also for {name}: {episodes} unwatched"),
    "skipped": N_("Also for {name}: {episodes} skipped"),
}
#: Why episodes were left as they were, as the commands say it (another reason is shown as given).
REASONS = {
    "already watched": N_("already watched"),
    "already watched (use --rewatch to log another viewing)": N_(
        "already watched (use --rewatch to log another viewing)"
    ),
    "not watched": N_("not watched"),
    "already watched or skipped": N_("already watched or skipped"),
}


def _standing(pack: Pack, progress: Progress) -> str:
    """``3/12 watched. Next up: S01E04 · …``: where the profile stands after a change."""
    nxt = progress.next_episode()
    done, total = len(progress.watched_ids), len(pack.episodes)
    if nxt is not None:
        return _("{done}/{total} watched. Next up: {code} · {title}").format(
            done=done, total=total, code=nxt.code, title=nxt.title
        )
    return _("{done}/{total} watched. {nothing}").format(done=done, total=total, nothing=progress.nothing_next())


def _next_json(ep: Episode | None) -> dict[str, Any] | None:
    if ep is None:
        return None
    return {"id": ep.id, "code": ep.code, "title": ep.title, "blurb": ep.blurb, "runtime": ep.runtime}


def progress_report(pack: Pack, progress: Progress, profile: str) -> Result:
    doc = Doc().add(
        Heading(_("{title} — progress").format(title=pack.shown_title), _("profile {profile}").format(profile=profile))
    )
    seasons = []
    for season in pack.seasons:
        eps = pack.season_episodes(season.number)
        if not eps:
            continue
        ids = [e.id for e in eps]
        done = [i for i in ids if progress.watched(i)]
        left = [i for i in ids if not progress.watched(i)]
        mins, rest = progress.minutes(done), progress.minutes(left)
        doc.add(
            Bar(
                season_label(season.number),
                len(done),
                len(ids),
                _("{watched} watched, {left} left").format(watched=minutes_text(mins), left=minutes_text(rest)),
            )
        )
        seasons.append(
            {
                "season": season.number,
                "watched": len(done),
                "total": len(ids),
                "percent": round(100 * len(done) / len(ids), 1),
                "minutes_watched": mins,
                "minutes_left": rest,
            }
        )
    figures = progress_figures(pack, progress, profile)
    rewatch_minutes = sum(progress.minutes([ep_id]) * (len(views) - 1) for ep_id, views in progress.views.items())
    nxt = progress.next_episode()
    time_watched = minutes_text(figures["minutes_watched"])
    if rewatch_minutes:
        time_watched = _("{time} (+{rewatching} rewatching)").format(
            time=time_watched, rewatching=minutes_text(rewatch_minutes)
        )
    fields: list[tuple[str, Any]] = [
        (
            _("Watched"),
            ngettext("{watched} of {total} episode", "{watched} of {total} episodes", figures["total"]).format(
                watched=figures["watched"], total=figures["total"]
            ),
        ),
        (_("Time watched"), time_watched),
        (_("Time left"), minutes_text(figures["minutes_left"])),
        (_("Next up"), f"{nxt.code} · {nxt.title}" if nxt else progress.nothing_next()),
    ]
    if progress.skipped:
        skipped = [e.id for e in pack.episodes if e.id in progress.skipped]  # in show order
        fields.insert(1, (_("Skipped"), codes_text(skipped, pack)))
    doc.add(Fields(fields))
    left = figures.pop("minutes_left")  # (after minutes_rewatched, as before)
    data = figures | {
        "minutes_rewatched": rewatch_minutes,
        "minutes_left": left,
        "skipped": sorted(progress.skipped),
        "seasons": seasons,
        "next": _next_json(nxt),
    }
    return Result(doc, data)


def _taken_back(
    ev: dict[str, Any], raw: list[dict[str, Any]], by_batch: dict[str, list[dict[str, Any]]]
) -> tuple[str, list[dict[str, Any]]]:
    """What an undo event took back: ("undid", the events), or ("redid", the events it put back)."""
    if "target" in ev:
        return "undid", [e for e in raw if e["id"] == ev["target"]]
    batch = by_batch.get(ev.get("undoes", ""), [])
    events = [e for e in batch if e["type"] != "undo"]
    if events or not batch:
        return "undid", events
    undone = {u.get("undoes") for u in batch}
    return "redid", [e for b in undone if b for e in by_batch.get(b, []) if e["type"] != "undo"]


@dataclass(frozen=True, slots=True)
class HistoryFilter:
    """Which events ``aod history`` lists: of these episodes (an undo: when it took back one of
    them), happened from ``since`` up to ``until`` (UTC), the newest ``limit``."""

    episodes: frozenset[str] | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int | None = None

    @property
    def narrows(self) -> bool:
        return self.episodes is not None or self.since is not None or self.until is not None or self.limit is not None


def history_report(
    pack: Pack,
    histories: list[tuple[str, list[dict[str, Any]], Progress]],
    *,
    only: HistoryFilter | None = None,
    every_profile: bool = False,
) -> Result:
    """Every event of each ``(profile, events, progress)``, oldest first, as ``only`` narrows them."""
    only = only or HistoryFilter()
    found: list[tuple[tuple[datetime, str], list[Any], dict[str, Any]]] = []
    total = 0
    for profile, raw_events, progress in histories:
        total += len(raw_events)
        found += _history_rows(pack, profile, raw_events, progress, only, every_profile)
    found.sort(key=lambda f: f[0])
    if only.limit is not None:
        found = found[-only.limit :]
    columns = [Column(_("When")), Column(_("What")), Column(_("Episode"), style="accent"), Column(_("Detail"))]
    table = Table([Column(_("Profile")), *columns] if every_profile else columns)
    table.rows.extend(row for _key, row, _data in found)
    rows = [data for _key, _row, data in found]
    name = None if every_profile else histories[0][0]
    if every_profile:
        sub = ngettext(
            "every profile, {count} event, oldest first (a watch at the time you watched)",
            "every profile, {count} events, oldest first (a watch at the time you watched)",
            total,
        ).format(count=total)
    else:
        sub = ngettext(
            "profile {profile}, {count} event, oldest first (a watch at the time you watched)",
            "profile {profile}, {count} events, oldest first (a watch at the time you watched)",
            total,
        ).format(profile=name, count=total)
    doc = Doc().add(Heading(_("{title} — history").format(title=pack.shown_title), sub))
    if rows:
        if only.narrows:
            doc.add(Hint(ngettext("{count} event shown.", "{count} events shown.", len(rows)).format(count=len(rows))))
        doc.add(table)
    elif only.narrows and total:
        doc.add(Text(_("No event matches."), "dim"))
    else:
        doc.add(Text(_("Nothing yet. Mark an episode with: aod watch 1"), "dim"))
    return Result(doc, {"show": pack.show_id, "profile": name, "events": rows})


def _history_rows(
    pack: Pack,
    profile: str,
    raw_events: list[dict[str, Any]],
    progress: Progress,
    only: HistoryFilter,
    every_profile: bool,
) -> list[tuple[tuple[datetime, str], list[Any], dict[str, Any]]]:
    from ..events import batch_of, dead_batches

    found = []
    by_batch: dict[str, list[dict[str, Any]]] = {}
    for ev in raw_events:
        by_batch.setdefault(batch_of(ev), []).append(ev)
    dead = dead_batches(raw_events)
    for ev in raw_events:
        happened = _happened(ev)
        if (only.since is not None and happened[0] < only.since) or (
            only.until is not None and happened[0] >= only.until
        ):
            continue
        kind = ev["type"]
        undone = ev["id"] in progress.undone or (kind == "undo" and batch_of(ev) in dead)
        ep = pack.episode(ev["episode"]) if ev.get("episode") else None
        what = _verb(ev)
        if kind == "undo":
            taken, targets = _taken_back(ev, raw_events, by_batch)
            what = word(UNDO_WORDS, taken)
            kinds = ", ".join(sorted({_verb(t) for t in targets}))
            if not kinds:
                detail = ""
            elif taken == "undid":
                detail = _("took back: {kinds}").format(kinds=kinds)
            else:
                detail = _("put back: {kinds}").format(kinds=kinds)
            episodes = [t["episode"] for t in targets if t.get("episode") and pack.episode(t["episode"])]
            code = codes_text(sorted(set(episodes), key=episodes.index), pack) if episodes else None
        else:
            episodes = [ev["episode"]] if ev.get("episode") else []
            detail = _detail(ev)
            code = ep.code if ep else ev.get("episode")
        if only.episodes is not None and not only.episodes.intersection(episodes):
            continue
        row = [
            local_text(ev["at"] if kind == "watch" and "at" in ev else ev.get("recorded")),
            Styled(_("{what} (undone)").format(what=what), "dim") if undone else what,
            code,
            detail,
        ]
        data = {**dict(sorted(ev.items())), "code": code, "undone": undone}  # one key order on every device
        if every_profile:
            row.insert(0, profile)
            data["profile"] = profile
        found.append((happened, row, data))
    return found


def _happened(ev: dict[str, Any]) -> tuple[datetime, str]:
    """When an event happened: a viewing's own time (``--at``), else when it was recorded."""
    from ..store.clock import parse_utc

    return parse_utc(ev.get("at") or ev["recorded"]), ev["recorded"]


def _verb(ev: dict[str, Any]) -> str:
    """What an event did, in a word (a watch that logs another viewing: "rewatched")."""
    if ev["type"] == "watch" and ev.get("rewatch"):
        return _("rewatched")
    return word(VERBS, ev["type"])


def _detail(ev: dict[str, Any]) -> str:
    if ev["type"] == "rate":
        return f"{ev['score']}/10"
    if ev["type"] == "note":
        return show_hidden(str(ev["text"]))
    if ev["type"] == "watch" and not ev.get("at"):  # "When" says the time is unknown: say when it was logged
        return _("logged {when}").format(when=local_text(ev.get("recorded")))
    return ""


def _marked(verb: str, n: int) -> str:
    """The confirmation of watch / unwatch / skip for ``n`` episodes (several: with their count and
    runtime), by the verb the command passes; fields ``episodes``, ``verb``, ``count``, ``runtime``."""
    if verb == "watched":
        if n == 1:
            return _("Marked {episodes} watched")
        return ngettext(
            "Marked {episodes} watched ({count} episode, {runtime})",
            "Marked {episodes} watched ({count} episodes, {runtime})",
            n,
        )
    if verb == "rewatched":
        if n == 1:
            return _("Logged another viewing of {episodes}")
        return ngettext(
            "Logged another viewing of {episodes} ({count} episode, {runtime})",
            "Logged another viewing of {episodes} ({count} episodes, {runtime})",
            n,
        )
    if verb == "unwatched":
        if n == 1:
            return _("Marked {episodes} unwatched")
        return ngettext(
            "Marked {episodes} unwatched ({count} episode, {runtime})",
            "Marked {episodes} unwatched ({count} episodes, {runtime})",
            n,
        )
    if verb == "skipped":
        if n == 1:
            return _("Marked {episodes} skipped")
        return ngettext(
            "Marked {episodes} skipped ({count} episode, {runtime})",
            "Marked {episodes} skipped ({count} episodes, {runtime})",
            n,
        )
    if n == 1:
        return _("Marked {episodes} {verb}")
    return ngettext(
        "Marked {episodes} {verb} ({count} episode, {runtime})",
        "Marked {episodes} {verb} ({count} episodes, {runtime})",
        n,
    )


def change_report(
    pack: Pack,
    progress: Progress,
    profile: str,
    *,
    verb: str,
    changed: list[str],
    unchanged: list[str],
    unchanged_reason: str,
    events: list[dict[str, Any]],
    together: dict[str, list[str]] | None = None,
) -> Result:
    """The confirmation printed after watch / unwatch / skip."""
    doc = Doc()
    if changed:
        text = _marked(verb, len(changed)).format(
            episodes=codes_text(changed, pack),
            verb=verb,
            count=len(changed),
            runtime=minutes_text(progress.minutes(changed)),
        )
        doc.add(Text(Styled(text, "ok")))
    if unchanged:
        reason = word(REASONS, unchanged_reason)
        doc.add(
            Text(Styled(_("{episodes}: {reason}").format(episodes=codes_text(unchanged, pack), reason=reason), "dim"))
        )
    for name, ids in (together or {}).items():
        if ids:
            also = _(ALSO[verb]) if verb in ALSO else _("Also for {name}: {episodes} {verb}")
            doc.add(Text(also.format(name=name, episodes=codes_text(ids, pack), verb=verb)))
        else:
            doc.add(Text(_("Also for {name}: nothing new").format(name=name)))
    nxt = progress.next_episode()
    done = len(progress.watched_ids)
    doc.add(Text(_standing(pack, progress)))
    data = {
        "profile": profile,
        "changed": [pack.episode(i).code for i in changed],  # type: ignore[union-attr]
        "unchanged": [pack.episode(i).code for i in unchanged],  # type: ignore[union-attr]
        "events": events,
        "with": {name: [pack.episode(i).code for i in ids] for name, ids in (together or {}).items()},  # type: ignore[union-attr]
        "watched": done,
        "total": len(pack.episodes),
        "next": _next_json(nxt),
    }
    return Result(doc, data)


def change_result(
    pack: Pack, change: Change, verb: str, reason: str, together: dict[str, Change] | None = None
) -> Result:
    """:func:`change_report` for what a ``tracker`` plan returned (and the group's changes, for ``--with``)."""
    assert change.progress is not None
    return change_report(
        pack,
        change.progress,
        change.profile,
        verb=verb,
        changed=change.changed,
        unchanged=change.unchanged,
        unchanged_reason=reason,
        events=change.events,
        together={k: v.changed for k, v in (together or {}).items()},
    )


def notes_report(pack: Pack, progress: Progress, profile: str, episode: Episode | None = None) -> Result:
    """Every note of the profile (or of one ``episode``), in show order, each with when it was written."""
    table = Table([Column(_("Episode"), style="accent"), Column(_("Written")), Column(_("Note"))])
    rows = []
    for ep in [episode] if episode is not None else pack.episodes:
        for ev in progress.notes.get(ep.id, []):
            table.rows.append([ep.code, local_text(ev["recorded"]), show_hidden(ev["text"])])
            rows.append(
                {"code": ep.code, "episode": ep.id, "id": ev["id"], "recorded": ev["recorded"], "text": ev["text"]}
            )
    n = len(rows)
    doc = Doc().add(
        Heading(
            _("{title} — notes").format(title=pack.shown_title),
            ngettext("profile {profile}, {count} note", "profile {profile}, {count} notes", n).format(
                profile=profile, count=n
            ),
        )
    )
    if episode is not None and not rows:
        nothing = _('No notes on {code} yet. Add one with: aod note {spec} "watch again with subtitles"').format(
            code=episode.code, spec=episode.code.lower()
        )
        doc.add(Text(nothing, "dim"))
    else:
        doc.add(
            table if rows else Text(_('No notes yet. Add one with: aod note 3 "watch again with subtitles"'), "dim")
        )
    return Result(doc, {"show": pack.show_id, "profile": profile, "notes": rows})


def simple_change(message: str, data: dict[str, Any]) -> Result:
    return Result(Doc().add(Text(Styled(message, "ok"))), data)


RECAP_AFTER_DAYS = 3
RECAP_EPISODES = 2


def recap_for(progress: Progress, now: datetime) -> tuple[list[Episode], int]:
    """The last watched episodes to recap, and the days since the last watch.

    A recap is due when the latest viewing (by when it happened, not when it was
    logged) is at least ``RECAP_AFTER_DAYS`` old.
    It covers the furthest watched episode and the one before it (if watched):
    both are behind the horizon, so they cannot spoil. (:func:`previously_on` tells the
    story so far instead, where the pack has it.)
    """
    stamp = progress.latest_viewing()
    if not stamp:
        return [], 0
    from ..store.clock import parse_utc

    days = (now - parse_utc(stamp)).days
    far = progress.furthest()
    if days < RECAP_AFTER_DAYS or far is None:
        return [], days
    eps = [e for e in progress.pack.episodes[: far.position + 1] if progress.watched(e.id)]
    return eps[-RECAP_EPISODES:], days


def previously_on(progress: Progress, now: datetime) -> tuple[dict[str, Any] | None, list[Any], int]:
    """What ``aod next`` recaps after a break: its JSON (None: no recap is due), its blocks, and the
    days since the last watch. The story so far at the horizon (``aod recap``'s text) where the pack
    has one, then the synopses of the last watched episodes it does not tell yet (at most two)."""
    from .recap import story_at, story_blocks, story_json

    episodes, days = recap_for(progress, now)
    if not episodes:
        return None, [], days
    pack, horizon = progress.pack, progress.horizon()
    story = story_at(pack, horizon)
    if story is not None:
        episodes = [e for e in episodes if e.position > story[1].position]
    blocks: list[Any] = story_blocks(story) if story is not None else []
    if episodes:
        blocks.append(Fields([(ep.code, ep.synopsis or ep.blurb) for ep in episodes]))
    data = {
        "story": story_json(pack, horizon, story),
        "episodes": [{"code": e.code, "synopsis": e.synopsis} for e in episodes],
    }
    return data, blocks, days


def next_report(
    pack: Pack, progress: Progress, profile: str, *, now: datetime, group: list[str] | None = None
) -> Result:
    nxt = progress.next_episode()
    recap, told, days = previously_on(progress, now)
    doc = Doc()
    if group:
        doc.add(
            Text(
                Styled(
                    _("Watching together: {names} (spoilers limited to the group's lowest progress)").format(
                        names=", ".join(group)
                    ),
                    "dim",
                )
            )
        )
    if recap is not None:
        doc.add(
            Heading(
                _("Previously on {title}").format(title=pack.shown_title),
                ngettext(
                    "your last episode was {count} day ago", "your last episode was {count} days ago", days
                ).format(count=days),
            ),
            *told,
        )
    coming: list[dict[str, Any]] = []
    if nxt is None:
        done = len(progress.watched_ids) == len(pack.episodes)
        nothing = progress.nothing_next()
        doc.add(Text(_("{nothing} aod stats shows how it went.").format(nothing=nothing) if done else nothing))
        if done:
            coming = coming_seasons(pack, progress.horizon(), now.astimezone().date())
            doc.add(*coming_blocks(coming))
            if coming:
                doc.add(Hint(_("aod season has the whole timeline.")))
    else:
        doc.add(Heading(_("Next: {code} · {title}").format(code=nxt.code, title=nxt.title), nxt.blurb))
        runtime = runtime_text(nxt.runtime) if nxt.runtime else "-"
        doc.add(Fields([(_("Runtime"), runtime), (_("Released"), date_text(nxt.release_date))]))
        if group:
            hint = _("aod watch next --with {names} marks it watched for everyone.").format(names=",".join(group[1:]))
        else:
            hint = _("aod watch next marks it watched.")
        doc.add(Hint(hint))
    data = {
        "profile": profile,
        "group": group or [],
        "next": _next_json(nxt),
        "days_since_last_watch": days,
        "recap": recap,
        "rule": "continue after the furthest watched or skipped episode; never a watched one",
        "coming": coming,
    }
    return Result(doc, data)


def undo_report(pack: Pack, change: Change, redo: bool = False) -> Result:
    """What ``aod undo`` (or ``aod redo``) took back (or put back), in one short line."""
    assert change.progress is not None
    progress, profile = change.progress, change.profile
    said = _("Redid: {summary}") if redo else _("Undid: {summary}")
    doc = Doc().add(Text(Styled(said.format(summary=change.summary), "ok")))
    nxt = progress.next_episode()
    doc.add(Text(_standing(pack, progress)))
    key = "redone" if redo else "undone"
    data = {
        "profile": profile,
        "summary": change.summary,
        key: change.events,
        "with": {name: events for name, events in change.together.items() if name != profile},
        "restored_profile": change.restored_profile,
        "watched": len(progress.watched_ids),
        "next": _next_json(nxt),
    }
    return Result(doc, data)


def batches_report(entries: list[dict[str, Any]]) -> Result:
    """``aod undo --list``: this device's recent commands, newest first, and which are in force."""
    table = Table(
        [Column(_("When")), Column(_("Change")), Column(_("State"))], title=_("Recent changes on this device")
    )
    rows = []
    for entry in entries:
        when = local_text(entry["recorded"]) if entry.get("recorded") else "-"
        state = _("undone") if entry["undone"] else _("in force")
        table.rows.append([when, entry["summary"], Styled(state, "dim") if entry["undone"] else state])
        rows.append(entry)
    doc = Doc().add(table) if rows else Doc().add(Text(_("No changes on this device yet.")))
    return Result(doc, {"batches": rows})
