"""`aod stats`: time watched, the binge timeline, your scores, streaks.

Built only from your own events and the episodes' runtimes: nothing about the
story, so nothing here can spoil.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..i18n import _, ngettext
from ..i18n.formats import date_text, number_text
from ..output.doc import Chart, Doc, Fields, Heading, Result, Text
from ..pack.pack import Pack
from ..progress import Progress
from ..store.clock import parse_utc
from .common import minutes_text

MAX_DAYS_SHOWN = 30


def _local_day(stamp: str) -> date:
    return parse_utc(stamp).astimezone().date()


def longest_streak(days: list[date]) -> int:
    best = run = 0
    prev: date | None = None
    for day in sorted(set(days)):
        run = run + 1 if prev is not None and day - prev == timedelta(days=1) else 1
        best = max(best, run)
        prev = day
    return best


def counted_watches(progress: Progress) -> list[dict[str, Any]]:
    """Every watch event that counts (a rewatch is one more), in order."""
    return [e for e in progress.events if e["type"] == "watch" and e["episode"] in progress.views]


def watch_days(watches: list[dict[str, Any]]) -> dict[date, list[str]]:
    """The episodes watched on each local day (a viewing whose time is unknown is on none)."""
    per_day: dict[date, list[str]] = {}
    for ev in watches:
        if ev.get("at"):
            per_day.setdefault(_local_day(ev["at"]), []).append(ev["episode"])
    return per_day


def stats(pack: Pack, progress: Progress, profile: str) -> Result:
    watches = counted_watches(progress)
    unique = progress.watched_ids
    left = [e.id for e in pack.episodes if not progress.watched(e.id)]
    with_rewatches = progress.minutes([e["episode"] for e in watches])
    per_day = watch_days(watches)
    days = sorted(per_day)
    streak = longest_streak(days)
    doc = Doc().add(
        Heading(_("{title} — stats").format(title=pack.shown_title), _("profile {profile}").format(profile=profile))
    )
    viewings = len(watches)
    fields: list[tuple[str, Any]] = [
        (_("Episodes watched"), _("{watched} of {total}").format(watched=len(unique), total=len(pack.episodes))),
        (_("Time watched"), minutes_text(progress.minutes(unique))),
        (
            _("With rewatches"),
            ngettext("{time} ({count} viewing)", "{time} ({count} viewings)", viewings).format(
                time=minutes_text(with_rewatches), count=number_text(viewings)
            ),
        ),
        (_("Time left"), minutes_text(progress.minutes(left))),
    ]
    if days:
        biggest = max(days, key=lambda d: (len(per_day[d]), d))
        most = len(per_day[biggest])
        fields += [
            (_("Days watching"), number_text(len(days))),
            (
                _("Longest streak"),
                ngettext("{count} day in a row", "{count} days in a row", streak).format(count=streak),
            ),
            (
                _("Biggest binge"),
                ngettext("{count} episode on {date}", "{count} episodes on {date}", most).format(
                    count=most, date=date_text(biggest.isoformat())
                ),
            ),
        ]
    unknown = sum(1 for e in watches if not e.get("at"))
    if unknown:
        fields.append(
            (
                _("Time unknown"),
                ngettext(
                    "{count} viewing (not in the timeline)", "{count} viewings (not in the timeline)", unknown
                ).format(count=number_text(unknown)),
            )
        )
    doc.add(Fields(fields))
    if days:
        shown = days[-MAX_DAYS_SHOWN:]
        rows = [
            (
                date_text(d.isoformat()) or "",
                float(len(per_day[d])),
                ngettext("{count} ep, {time}", "{count} ep, {time}", len(per_day[d])).format(
                    count=len(per_day[d]), time=minutes_text(progress.minutes(per_day[d]))
                ),
            )
            for d in shown
        ]
        if len(days) > MAX_DAYS_SHOWN:
            title = ngettext(
                "Binge timeline (episodes per day), last {count} day",
                "Binge timeline (episodes per day), last {count} days",
                MAX_DAYS_SHOWN,
            ).format(count=MAX_DAYS_SHOWN)
        else:
            title = _("Binge timeline (episodes per day)")
        doc.add(Chart(title, rows))
    rated = [(e, progress.ratings[e.id]) for e in pack.episodes if e.id in progress.ratings]
    if rated:
        average = sum(s for _e, s in rated) / len(rated)
        doc.add(
            Chart(
                _("Your scores (average {average})").format(average=f"{average:.1f}"),
                [(e.code, float(s), f"{s}/10") for e, s in rated],
                maximum=10,
            )
        )
    if not watches:
        doc.add(Text(_("Nothing watched yet: aod watch 1 starts the count."), "dim"))
    data = {
        "show": pack.show_id,
        "profile": profile,
        "episodes_watched": len(unique),
        "total": len(pack.episodes),
        "minutes_watched": progress.minutes(unique),
        "minutes_with_rewatches": with_rewatches,
        "viewings": len(watches),
        "minutes_left": progress.minutes(left),
        "days": [
            {"date": d.isoformat(), "episodes": len(per_day[d]), "minutes": progress.minutes(per_day[d])} for d in days
        ],
        "longest_streak_days": streak,
        "scores": [{"code": e.code, "score": s} for e, s in rated],
        "average_score": round(sum(s for _e, s in rated) / len(rated), 2) if rated else None,
        "viewings_time_unknown": unknown,
    }
    return Result(doc, data)
