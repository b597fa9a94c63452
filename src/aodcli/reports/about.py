"""`aod about`: titles, origin, creators, reception, records, seasons."""

from __future__ import annotations

from typing import Any

from ..output.doc import Column, Doc, Fields, Heading, Result, Styled, Table, Text
from ..pack.pack import Pack
from ..spoilers import Hidden, Horizon
from .common import scrub_sources


def fact_text(fact: Any, keys: _Keys | None = None) -> str | None:
    """A sourced or disputed value as one line; disputed ones say so (with their source keys, given ``keys``)."""
    if not isinstance(fact, dict):
        return None if fact is None else str(fact)

    def one(v: dict[str, Any]) -> str:
        text = "unknown" if v.get("value") is None else str(v["value"])
        if keys is not None:
            text += keys.text(v)
        if v.get("note"):
            text += f" ({v['note']})"
        return text

    if fact.get("disputed"):
        return " vs ".join(one(v) for v in fact["versions"]) + " — disputed"
    return one(fact)


def _names(pack: Pack, ids: list[str]) -> str | None:
    return ", ".join(pack.person_name(i) for i in ids) or None


class _Keys:
    """Source keys as the horizon lets them show: ``[S1, S7]`` after a fact, or nothing."""

    def __init__(self, pack: Pack, horizon: Horizon, shown: bool) -> None:
        self.pack, self.horizon, self.shown = pack, horizon, shown

    def text(self, item: dict[str, Any]) -> str:
        keys = self.horizon.source_keys(item.get("sources"), self.pack) if self.shown else []
        return f" [{', '.join(keys)}]" if keys else ""

    def scrub(self, value: Any) -> Any:
        """``value`` (pack JSON) with hidden source keys left out of every ``sources`` list."""
        return scrub_sources(value, self.horizon, self.pack)


def about(pack: Pack, horizon: Horizon, *, sources: bool = False) -> Result:
    keys = _Keys(pack, horizon, sources)
    show = keys.scrub(pack.show)  # every source key, and every note naming one, as the horizon allows
    title = show["title"]
    doc = Doc().add(
        Heading(
            f"{title['en']}" + (f"  {title['ko']}" if title.get("ko") else ""),
            show.get("premise"),
        )
    )
    fields: list[tuple[str, Any]] = []
    if title.get("romanized"):
        fields.append(("Romanized", fact_text(title["romanized"], keys if sources else None)))
    if title.get("literal"):
        fields.append(("Meaning", title["literal"]))
    if title.get("netflix"):
        local = ", ".join(f"{t['value']} ({t['lang']}){keys.text(t)}" for t in title["netflix"])
        fields.append(("Netflix titles", local))
    for label, key in (
        ("Type", "kind"),
        ("Network", "network"),
        ("Premiere", "premiere"),
        ("Released", "release_note"),
        ("Setting", "setting"),
    ):
        if show.get(key):
            fields.append((label, show[key]))
    if show.get("genres"):
        fields.append(("Genres", ", ".join(show["genres"])))
    fields.append(("Directed by", _names(pack, show.get("directors") or [])))
    fields.append(("Written by", _names(pack, show.get("writers") or [])))
    if show.get("creators"):
        fields.append(("Created by", _names(pack, show["creators"])))
    for prod in show.get("production") or []:
        text = prod["name"] + (f" ({prod['name_ko']})" if prod.get("name_ko") else "")
        if prod.get("parent"):
            text += f", part of {prod['parent']}" + (f" ({prod['parent_ko']})" if prod.get("parent_ko") else "")
        fields.append(("Production", text + keys.text(prod)))
    for rating in show.get("age_rating") or []:
        fields.append((f"Rating ({rating['region']})", rating["rating"] + keys.text(rating)))
    doc.add(Fields(fields))

    work = show.get("source_work")
    if work:
        doc.add(Heading("Based on"))
        wf: list[tuple[str, Any]] = [
            ("Title", " / ".join(x for x in (work.get("title_en"), work.get("title_ko")) if x)),
            ("Author", pack.person_name(work["author"]) if work.get("author") else None),
            ("Published on", work.get("platform")),
        ]
        for label, key in (
            ("Started", "start"),
            ("Ended", "end"),
            ("Episodes", "episodes"),
            ("Age rating", "age_rating"),
        ):
            if work.get(key) is not None:
                wf.append((label, fact_text(work[key], keys if sources else None)))
        doc.add(Fields(wf))

    if show.get("reception"):
        table = Table(
            [Column("Outlet"), Column("Score", justify="right"), Column("As of"), Column("Note")], title="Reception"
        )
        for r in show["reception"]:
            table.rows.append([r["outlet"], r["score"], r.get("as_of"), (r.get("note") or "") + keys.text(r)])
        doc.add(table)
    if show.get("records"):
        doc.add(Heading("Records"))
        for rec in show["records"]:
            doc.add(Text("• " + rec["text"] + keys.text(rec)))
    if show.get("awards"):
        doc.add(Heading("Awards"))
        for aw in show["awards"]:
            who = pack.person_name(aw["person"]) if aw.get("person") else ""
            doc.add(
                Text(
                    f"• {aw['event']} ({aw.get('date') or 'date unknown'}): {aw['award']}"
                    + (f" — {who}" if who else "")
                    + keys.text(aw)
                )
            )

    seasons = Table(
        [
            Column("Season", justify="right"),
            Column("Status"),
            Column("Released"),
            Column("Episodes", justify="right"),
            Column("Summary"),
        ],
        title="Seasons",
    )
    for s in pack.seasons:
        seasons.rows.append(
            [
                s.number,
                s.status,
                s.release_date or "not announced",
                len(pack.season_episodes(s.number)) or s.episode_count,
                s.summary,
            ]
        )
    doc.add(seasons)
    for s in pack.seasons:
        if s.timeline:
            doc.add(Heading(f"Season {s.number} timeline"))
            doc.add(Fields([(_when(t), _timeline_text(pack, horizon, t, keys)) for t in s.timeline]))
    if show.get("notes"):
        doc.add(Heading("About the data"))
        for note in show["notes"]:
            doc.add(Text("• " + note["text"] + keys.text(note)))

    if sources:
        table = Table([Column("Key", style="accent"), Column("Source"), Column("Address")], title="Sources")
        for key, entry in _source_entries(pack, horizon):
            if isinstance(entry, Hidden):
                table.rows.append([key, Styled(str(entry), "hidden"), None])
            else:
                table.rows.append([key, entry["title"], entry.get("url")])
        doc.add(table)

    data = {
        "id": pack.show_id,
        "title": title,
        "show": keys.scrub({k: v for k, v in show.items() if k not in ("format",)}),
        "directors": [pack.person_name(i) for i in show.get("directors") or []],
        "writers": [pack.person_name(i) for i in show.get("writers") or []],
        "creators": [pack.person_name(i) for i in show.get("creators") or []],
        "webtoon": (
            keys.scrub(dict(work, author_name=pack.person_name(work["author"]) if work.get("author") else None))
            if work
            else None
        ),
        "seasons": [
            {
                "number": s.number,
                "status": s.status,
                "release_date": s.release_date,
                "episodes": len(pack.season_episodes(s.number)),
                "episode_count": s.episode_count,
                "summary": s.summary,
                "timeline": [
                    keys.scrub(t) if horizon.sees_record(t, pack) else _hidden_record(pack, t).to_json()
                    for t in s.timeline
                ],
                "sources": horizon.source_keys(s.sources, pack),
            }
            for s in pack.seasons
        ],
    }
    if sources:
        data["sources"] = {
            key: entry.to_json() if isinstance(entry, Hidden) else {"title": entry["title"], "url": entry.get("url")}
            for key, entry in _source_entries(pack, horizon)
        }
    return Result(doc, data)


def _when(entry: dict[str, Any]) -> str:
    """A timeline entry's date: the day, else the month or year in words, else "date unknown"."""
    return str(entry.get("date") or entry.get("when") or "date unknown")


def _hidden_record(pack: Pack, record: dict[str, Any]) -> Hidden:
    ep = pack.episode(str(record.get("reveals")))
    return Hidden(ep.code if ep else "the end")


def _timeline_text(pack: Pack, horizon: Horizon, entry: dict[str, Any], keys: _Keys) -> Any:
    if not horizon.sees_record(entry, pack):
        return Styled(str(_hidden_record(pack, entry)), "hidden")
    return entry["text"] + keys.text(entry)


def _source_entries(pack: Pack, horizon: Horizon) -> list[tuple[str, dict[str, Any] | Hidden]]:
    """Every source of the pack, in key order; those that give away a later episode are hidden. (All
    of them, not those some record cites: which records cite a source is itself tied to episodes.)"""
    out: list[tuple[str, dict[str, Any] | Hidden]] = []
    for key in sorted(pack.sources.keys(), key=_source_order):
        gate = horizon.source_gate(key, pack)
        out.append((key, pack.sources[key] if gate is None or horizon.sees(gate) else Hidden(gate.code)))
    return out


def _source_order(key: str) -> tuple[str, int, str]:
    head = key.rstrip("abcdefghijklmnopqrstuvwxyz")
    digits = "".join(ch for ch in head if ch.isdigit())
    prefix = "".join(ch for ch in head if not ch.isdigit())
    return (prefix, int(digits) if digits else 0, key)
