"""Episode reports: the episode table and one episode's page."""

from __future__ import annotations

from typing import Any

from ..i18n import N_, _, ngettext, pgettext
from ..i18n.formats import date_text, name_text, season_label
from ..output.doc import Column, Doc, Fields, Heading, Hint, Result, Styled, Table, Text
from ..pack.model import EPISODE_LISTING_JSON_KEYS, EPISODE_SPOILER_KEYS, Character, Episode, Person
from ..pack.pack import Pack
from ..progress import Progress
from ..safetext import show_hidden
from ..spoilers import Hidden, Horizon
from .common import STATUS_WORDS, event_code, event_json, minutes_text, runtime_text, word


def _watched_cell(progress: Progress, ep: Episode) -> Any:
    n = progress.times_watched(ep.id)
    if n > 1:
        return Styled(f"✓×{n}", "ok")
    if n == 1:
        return Styled("✓", "ok")
    if ep.id in progress.skipped:
        return Styled(_("skipped"), "dim")
    return ""


def episode_json(pack: Pack, ep: Episode, horizon: Horizon, progress: Progress) -> dict[str, Any]:
    """The episode object of every episode listing: the episode's keys declared for listings
    (``model.EPISODE_LISTING_JSON_KEYS``; spoilers hidden until it is watched), then the viewer's."""
    seen = horizon.sees(ep)
    own = {key: getattr(ep, key) for key in EPISODE_LISTING_JSON_KEYS}
    if not seen:
        own.update((key, Hidden(ep.code)) for key in EPISODE_SPOILER_KEYS if key in own)
    return {
        **own,
        "watched": progress.watched(ep.id),
        "times_watched": progress.times_watched(ep.id),
        "skipped": ep.id in progress.skipped,
        "score": progress.ratings.get(ep.id),
    }


def episodes(
    pack: Pack,
    horizon: Horizon,
    progress: Progress,
    *,
    season: int | None = None,
    only: str | None = None,  # "watched" | "unwatched" | None
    wide: bool = False,  # the whole blurb, wrapped, instead of one line per episode
) -> Result:
    eps = pack.episodes if season is None else pack.season_episodes(season)
    if only == "watched":
        eps = [e for e in eps if progress.watched(e.id)]
    elif only == "unwatched":
        eps = [e for e in eps if not progress.watched(e.id)]
    table = Table(
        [
            Column(_("Code"), style="accent"),
            Column(_("Title")),
            Column(_("Released"), drop=4),
            Column(_("Runtime"), justify="right", drop=2),
            Column(_("Seen"), justify="center"),
            Column(_("Score"), justify="right", drop=3),
            Column(_("Note"), justify="center", drop=1),  # the viewer's own words: the last to give way
            Column(_("About"), style="dim", wrap=wide),
        ]
    )
    for ep in eps:
        table.rows.append(
            [
                ep.code,
                ep.title,
                date_text(ep.release_date),
                runtime_text(ep),
                _watched_cell(progress, ep),
                progress.ratings.get(ep.id),
                "✎" if progress.notes.get(ep.id) else "",
                ep.blurb,
            ]
        )
    total = sum(e.runtime or 0 for e in eps)
    scope = season_label(season) if season is not None else _("All seasons")
    n = len(eps)
    doc = Doc().add(
        Heading(
            _("{title} — {scope}").format(title=pack.shown_title, scope=scope),
            ngettext("{count} episode, {runtime}", "{count} episodes, {runtime}", n).format(
                count=n, runtime=minutes_text(total)
            ),
        )
    )
    doc.add(table if eps else Text(_none_text(pack, season, only), "dim"))
    data = {
        "show": pack.show_id,
        "season": season,
        "filter": only,
        "episodes": [episode_json(pack, e, horizon, progress) for e in eps],
    }
    return Result(doc, data)


def _none_text(pack: Pack, season: int | None, only: str | None) -> str:
    """Why the table is empty: a season not out yet says where it stands."""
    info = pack.season(season) if season is not None else None
    if info is not None and not pack.season_episodes(info.number):
        status = word(STATUS_WORDS, info.status)
        if info.release_date:
            return _(
                "Season {season} has no episodes yet ({status}, release {date}); aod about has its timeline."
            ).format(season=info.number, status=status, date=date_text(info.release_date))
        return _(
            "Season {season} has no episodes yet ({status}, no release date yet); aod about has its timeline."
        ).format(season=info.number, status=status)
    if only == "watched":
        return _("No watched episodes.")
    if only == "unwatched":
        return _("No unwatched episodes.")
    return _("No episodes match.")


def _named(record: Person | Character) -> str:
    return name_text(record.name, record.hangul)


def _person(pack: Pack, person_id: str) -> str:
    person = pack.people.get(person_id)
    return _named(person) if person is not None else person_id


def episode(pack: Pack, horizon: Horizon, progress: Progress, episode_id: str) -> Result:
    ep = pack.episode(episode_id)
    assert ep is not None
    seen = horizon.sees(ep)
    directors = ", ".join(_person(pack, p) for p in ep.directors) or None
    if directors is None and pack.show.get("directors"):
        names = ", ".join(_person(pack, p) for p in pack.show["directors"])
        directors = _("{names} (the show's directors; no source credits single episodes)").format(names=names)
    writers = ", ".join(_person(pack, p) for p in ep.writers) or None
    runtime = runtime_text(ep)
    runtime_keys = horizon.source_keys(ep.runtime_sources, pack)
    if ep.runtime is not None and len(ep.runtime_sources) == 1:
        if runtime_keys:
            runtime = _("{runtime} (one source: {source})").format(runtime=runtime, source=runtime_keys[0])
        else:
            runtime = _("{runtime} (one source)").format(runtime=runtime)
    appear = [_named(pack.characters[c]) for c in ep.characters if c in pack.characters]
    events = [ev for ev in pack.events if ev.episode == ep.id and horizon.sees_event(ev, pack)]
    doc = Doc().add(Heading(f"{ep.code} · {ep.title}", ep.blurb))
    fields: list[tuple[str, Any]] = [
        (_("Released"), date_text(ep.release_date)),
        (_("Runtime"), runtime),
        (_("Directed by"), directors),
        (pgettext("credits", "Written by"), writers),
        (_("Appearing"), ", ".join(appear) if seen else Hidden(ep.code)),
    ]
    times = progress.times_watched(ep.id)
    if times:
        fields.append((_("Watched"), ngettext("{count} time", "{count} times", times).format(count=times)))
    elif ep.id in progress.skipped:
        fields.append((_("Watched"), _("skipped")))
    else:
        fields.append((_("Watched"), _("not yet")))
    if ep.id in progress.ratings:
        fields.append((_("Your score"), f"{progress.ratings[ep.id]}/10"))
    doc.add(Fields(fields))
    doc.add(Heading(_("Synopsis")))
    doc.add(Text(ep.synopsis or "-") if seen else Text(Hidden(ep.code)))
    if seen and events:
        doc.add(Heading(_("What happens")))
        doc.add(Fields([(_named(pack.characters[ev.character]), ev.text) for ev in events]))
    history = [e for e in progress.events if e.get("episode") == ep.id]
    if history:
        doc.add(Heading(_("Your history")))
        doc.add(Fields([(_when(e), _describe(e)) for e in history]))
    if not seen:
        doc.add(Hint(_("Spoilers for this episode are hidden until you watch it (--spoilers shows them).")))
    data = episode_json(pack, ep, horizon, progress)
    data.update(
        {
            "directors": [pack.person_name(p) for p in ep.directors],
            "writers": [pack.person_name(p) for p in ep.writers],
            "characters": appear if seen else Hidden(ep.code),
            "events": [event_json(pack, horizon, ev) for ev in events] if seen else Hidden(ep.code),
            "runtime_sources": runtime_keys,
            "sources": horizon.source_keys(ep.sources, pack),
            "notes": [n["text"] for n in progress.notes.get(ep.id, [])],
            "history": history,
        }
    )
    return Result(doc, data)


def _when(event: dict[str, Any]) -> str:
    from ..timefmt import local_text

    return local_text(event.get("at") or event.get("recorded"))


#: One line of an episode's history, by event type (the watch, rate and note lines have their own).
_HISTORY_WORDS = {
    "unwatch": N_("marked unwatched"),
    "skip": N_("skipped"),
    "unrate": N_("score cleared"),
    "unnote": N_("notes deleted"),
}


def _describe(event: dict[str, Any]) -> str:
    kind = event["type"]
    if kind == "watch":
        if event.get("at"):
            return _("rewatched") if event.get("rewatch") else _("watched")
        return _("rewatched (time unknown)") if event.get("rewatch") else _("watched (time unknown)")
    if kind == "rate":
        return _("rated {score}/10").format(score=event["score"])
    if kind == "note":
        return _("note: {text}").format(text=show_hidden(event["text"]))
    return word(_HISTORY_WORDS, str(kind))


__all__ = ["episode", "episodes", "event_code"]
