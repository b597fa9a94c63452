"""`aod about`: titles, origin, creators, reception, records, seasons."""

from __future__ import annotations

from typing import Any

from ..output.doc import Column, Doc, Fields, Heading, Result, Table, Text
from ..pack.pack import Pack


def fact_text(fact: Any, with_sources: bool = False) -> str | None:
    """A sourced or disputed value as one line; disputed ones say so."""
    if not isinstance(fact, dict):
        return None if fact is None else str(fact)

    def one(v: dict[str, Any]) -> str:
        text = "unknown" if v.get("value") is None else str(v["value"])
        if with_sources and v.get("sources"):
            text += f" [{', '.join(v['sources'])}]"
        if v.get("note"):
            text += f" ({v['note']})"
        return text

    if fact.get("disputed"):
        return " vs ".join(one(v) for v in fact["versions"]) + " — disputed"
    return one(fact)


def _names(pack: Pack, ids: list[str]) -> str | None:
    return ", ".join(pack.person_name(i) for i in ids) or None


def _srcs(item: dict[str, Any], with_sources: bool) -> str:
    return f" [{', '.join(item['sources'])}]" if with_sources and item.get("sources") else ""


def about(pack: Pack, *, sources: bool = False) -> Result:
    show = pack.show
    title = show["title"]
    doc = Doc().add(
        Heading(
            f"{title['en']}" + (f"  {title['ko']}" if title.get("ko") else ""),
            show.get("premise"),
        )
    )
    fields: list[tuple[str, Any]] = []
    if title.get("romanized"):
        fields.append(("Romanized", fact_text(title["romanized"], sources)))
    if title.get("literal"):
        fields.append(("Meaning", title["literal"]))
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
            text += f", {prod['parent']}" + (f" ({prod['parent_ko']})" if prod.get("parent_ko") else "")
        fields.append(("Production", text + _srcs(prod, sources)))
    for rating in show.get("age_rating") or []:
        fields.append((f"Rating ({rating['region']})", rating["rating"] + _srcs(rating, sources)))
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
                wf.append((label, fact_text(work[key], sources)))
        doc.add(Fields(wf))

    if show.get("reception"):
        table = Table(
            [Column("Outlet"), Column("Score", justify="right"), Column("As of"), Column("Note")], title="Reception"
        )
        for r in show["reception"]:
            table.rows.append([r["outlet"], r["score"], r.get("as_of"), (r.get("note") or "") + _srcs(r, sources)])
        doc.add(table)
    if show.get("records"):
        doc.add(Heading("Records"))
        for rec in show["records"]:
            doc.add(Text("• " + rec["text"] + _srcs(rec, sources)))
    if show.get("awards"):
        doc.add(Heading("Awards"))
        for aw in show["awards"]:
            who = pack.person_name(aw["person"]) if aw.get("person") else ""
            doc.add(
                Text(
                    f"• {aw['event']} ({aw.get('date') or 'date unknown'}): {aw['award']}"
                    + (f" — {who}" if who else "")
                    + _srcs(aw, sources)
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
            doc.add(Fields([(t.get("date") or "date unknown", t["text"] + _srcs(t, sources)) for t in s.timeline]))

    if sources:
        used = sorted(pack.sources, key=_source_order)
        table = Table([Column("Key", style="accent"), Column("Source"), Column("Address")], title="Sources")
        for key in used:
            table.rows.append([key, pack.sources[key]["title"], pack.sources[key].get("url")])
        doc.add(table)

    data = {
        "id": pack.show_id,
        "title": title,
        "show": {k: v for k, v in show.items() if k not in ("format",)},
        "directors": [pack.person_name(i) for i in show.get("directors") or []],
        "writers": [pack.person_name(i) for i in show.get("writers") or []],
        "creators": [pack.person_name(i) for i in show.get("creators") or []],
        "webtoon": (
            dict(work, author_name=pack.person_name(work["author"]) if work.get("author") else None) if work else None
        ),
        "seasons": [
            {
                "number": s.number,
                "status": s.status,
                "release_date": s.release_date,
                "episodes": len(pack.season_episodes(s.number)),
                "episode_count": s.episode_count,
                "summary": s.summary,
                "timeline": list(s.timeline),
                "sources": list(s.sources),
            }
            for s in pack.seasons
        ],
    }
    if sources:
        data["sources"] = pack.sources
    return Result(doc, data)


def _source_order(key: str) -> tuple[str, int, str]:
    head = key.rstrip("abcdefghijklmnopqrstuvwxyz")
    digits = "".join(ch for ch in head if ch.isdigit())
    prefix = "".join(ch for ch in head if not ch.isdigit())
    return (prefix, int(digits) if digits else 0, key)
