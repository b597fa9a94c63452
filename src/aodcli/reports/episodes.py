"""Episode reports: the episode table and one episode's page."""

from __future__ import annotations

from typing import Any

from ..output.doc import Column, Doc, Fields, Heading, Hint, Result, Styled, Table, Text
from ..pack.model import EPISODE_LISTING_JSON_KEYS, EPISODE_SPOILER_KEYS, Episode
from ..pack.pack import Pack
from ..progress import Progress
from ..spoilers import Hidden, Horizon
from .common import event_code, event_json, minutes_text, runtime_text


def _watched_cell(progress: Progress, ep: Episode) -> Any:
    n = progress.times_watched(ep.id)
    if n > 1:
        return Styled(f"✓×{n}", "ok")
    if n == 1:
        return Styled("✓", "ok")
    if ep.id in progress.skipped:
        return Styled("skipped", "dim")
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
            Column("Code", style="accent"),
            Column("Title"),
            Column("Released", drop=3),
            Column("Runtime", justify="right", drop=1),
            Column("Seen", justify="center"),
            Column("Score", justify="right", drop=2),
            Column("Note", justify="center", drop=4),
            Column("About", style="dim", wrap=wide),
        ]
    )
    for ep in eps:
        table.rows.append(
            [
                ep.code,
                ep.title,
                ep.release_date,
                runtime_text(ep),
                _watched_cell(progress, ep),
                progress.ratings.get(ep.id),
                "✎" if progress.notes.get(ep.id) else "",
                ep.blurb,
            ]
        )
    total = sum(e.runtime or 0 for e in eps)
    scope = f"Season {season}" if season is not None else "All seasons"
    doc = Doc().add(Heading(f"{pack.title} — {scope}", f"{len(eps)} episodes, {minutes_text(total)}"))
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
        release = f"release {info.release_date}" if info.release_date else "no release date yet"
        return f"Season {info.number} has no episodes yet ({info.status}, {release}); aod about has its timeline."
    return "No episodes match." if only is None else f"No {only} episodes."


def episode(pack: Pack, horizon: Horizon, progress: Progress, episode_id: str) -> Result:
    ep = pack.episode(episode_id)
    assert ep is not None
    seen = horizon.sees(ep)
    directors = ", ".join(pack.person_name(p) for p in ep.directors) or None
    if directors is None and pack.show.get("directors"):
        names = ", ".join(pack.person_name(p) for p in pack.show["directors"])
        directors = f"{names} (the show's directors; no source credits single episodes)"
    writers = ", ".join(pack.person_name(p) for p in ep.writers) or None
    runtime = runtime_text(ep)
    runtime_keys = horizon.source_keys(ep.runtime_sources, pack)
    if ep.runtime is not None and len(ep.runtime_sources) == 1:
        runtime += f" (one source{': ' + runtime_keys[0] if runtime_keys else ''})"
    appear = [pack.characters[c].name for c in ep.characters if c in pack.characters]
    events = [ev for ev in pack.events if ev.episode == ep.id and horizon.sees_event(ev, pack)]
    doc = Doc().add(Heading(f"{ep.code} · {ep.title}", ep.blurb))
    fields: list[tuple[str, Any]] = [
        ("Released", ep.release_date),
        ("Runtime", runtime),
        ("Directed by", directors),
        ("Written by", writers),
        ("Appearing", ", ".join(appear) if seen else Hidden(ep.code)),
    ]
    times = progress.times_watched(ep.id)
    if times:
        fields.append(("Watched", f"{times} time{'s' if times > 1 else ''}"))
    elif ep.id in progress.skipped:
        fields.append(("Watched", "skipped"))
    else:
        fields.append(("Watched", "not yet"))
    if ep.id in progress.ratings:
        fields.append(("Your score", f"{progress.ratings[ep.id]}/10"))
    doc.add(Fields(fields))
    doc.add(Heading("Synopsis"))
    doc.add(Text(ep.synopsis or "-") if seen else Text(Hidden(ep.code)))
    if seen and events:
        doc.add(Heading("What happens"))
        doc.add(Fields([(pack.characters[ev.character].name, ev.text) for ev in events]))
    history = [e for e in progress.events if e.get("episode") == ep.id]
    if history:
        doc.add(Heading("Your history"))
        doc.add(Fields([(_when(e), _describe(e)) for e in history]))
    if not seen:
        doc.add(Hint("Spoilers for this episode are hidden until you watch it (--spoilers shows them)."))
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


def _describe(event: dict[str, Any]) -> str:
    kind = event["type"]
    if kind == "watch":
        text = "rewatched" if event.get("rewatch") else "watched"
        return text + ("" if event.get("at") else " (time unknown)")
    if kind == "rate":
        return f"rated {event['score']}/10"
    if kind == "note":
        return f"note: {event['text']}"
    others = {"unwatch": "marked unwatched", "skip": "skipped", "unrate": "score cleared", "unnote": "notes deleted"}
    return others.get(str(kind), str(kind))


__all__ = ["episode", "episodes", "event_code"]
