"""`aod about`: titles, origin, creators, reception, records, seasons."""

from __future__ import annotations

import re
from typing import Any

from ..i18n import N_, _, language, ngettext, pgettext
from ..i18n.formats import date_text
from ..output.doc import Column, Doc, Fields, Heading, Hint, Result, Styled, Table, Text
from ..pack.pack import Pack
from ..spoilers import Hidden, Horizon
from .common import STATUS_WORDS, fate_marker, scrub_sources, timeline_json, timeline_rows, word

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(value: Any) -> str:
    """A value of the pack as people read it: an ISO date in the interface language's form, else as it is."""
    text = str(value)
    return (date_text(text) or text) if _ISO_DATE.fullmatch(text) else text


def fact_text(fact: Any, keys: _Keys | None = None) -> str | None:
    """A sourced or disputed value as one line; disputed ones say so (with their source keys, given ``keys``)."""
    if not isinstance(fact, dict):
        return None if fact is None else str(fact)

    def one(v: dict[str, Any]) -> str:
        text = _("unknown") if v.get("value") is None else _date(v["value"])
        if keys is not None:
            text += keys.text(v)
        if v.get("note"):
            text += f" ({v['note']})"
        return text

    if fact.get("disputed"):
        versions = [one(v) for v in fact["versions"]]
        text = versions[0] if versions else ""
        for other in versions[1:]:
            text = _("{one} vs {other}").format(one=text, other=other)
        return _("{versions} — disputed").format(versions=text)
    return one(fact)


def _names(pack: Pack, ids: list[str]) -> str | None:
    """People by name as the interface shows them in prose (Hangul first in Korean)."""
    from ..i18n.formats import name_text

    shown = [name_text(p.name, p.hangul) if (p := pack.people.get(i)) else i for i in ids]
    return ", ".join(shown) or None


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
        fields.append((_("Romanized"), fact_text(title["romanized"], keys if sources else None)))
    if title.get("literal"):
        fields.append((_("Meaning"), title["literal"]))
    if title.get("netflix"):
        local = ", ".join(f"{t['value']} ({t['lang']}){keys.text(t)}" for t in title["netflix"])
        fields.append((_("Netflix titles"), local))
    for label, key in (
        (_("Type"), "kind"),
        (_("Network"), "network"),
        (_("Premiere"), "premiere"),
        (_("Released"), "release_note"),
        (_("Setting"), "setting"),
    ):
        if show.get(key):
            fields.append((label, _date(show[key])))
    if show.get("watch"):
        fields += _where_to_watch(show["watch"], keys)
    if show.get("genres"):
        fields.append((_("Genres"), ", ".join(show["genres"])))
    fields.append((_("Directed by"), _names(pack, show.get("directors") or [])))
    fields.append((pgettext("credits", "Written by"), _names(pack, show.get("writers") or [])))
    if show.get("creators"):
        fields.append((_("Created by"), _names(pack, show["creators"])))
    for prod in show.get("production") or []:
        text = prod["name"] + (f" ({prod['name_ko']})" if prod.get("name_ko") else "")
        if prod.get("parent"):
            parent = prod["parent"] + (f" ({prod['parent_ko']})" if prod.get("parent_ko") else "")
            text = _("{name}, part of {parent}").format(name=text, parent=parent)
        fields.append((_("Production"), text + keys.text(prod)))
    for rating in show.get("age_rating") or []:
        fields.append((_("Rating ({region})").format(region=rating["region"]), rating["rating"] + keys.text(rating)))
    doc.add(Fields(fields))

    work = show.get("source_work")
    if work:
        doc.add(Heading(_("Based on")))
        wf: list[tuple[str, Any]] = [
            (_("Title"), " / ".join(x for x in (work.get("title_en"), work.get("title_ko")) if x)),
            (_("Author"), pack.person_name(work["author"]) if work.get("author") else None),
            (_("Published on"), work.get("platform")),
        ]
        for label, key in (
            (_("Started"), "start"),
            (_("Ended"), "end"),
            (_("Episodes"), "episodes"),
            (_("Age rating"), "age_rating"),
        ):
            if work.get(key) is not None:
                wf.append((label, fact_text(work[key], keys if sources else None)))
        doc.add(Fields(wf))

    if show.get("reception"):
        table = Table(
            [Column(_("Outlet")), Column(_("Score"), justify="right"), Column(_("As of")), Column(_("Note"))],
            title=_("Reception"),
        )
        for r in show["reception"]:
            as_of = _date(r["as_of"]) if r.get("as_of") else None
            table.rows.append([r["outlet"], r["score"], as_of, (r.get("note") or "") + keys.text(r)])
        doc.add(table)
    if show.get("records"):
        doc.add(Heading(_("Records")))
        for rec in show["records"]:
            doc.add(Text("• " + rec["text"] + keys.text(rec)))
    if show.get("awards"):
        doc.add(Heading(_("Awards")))
        for aw in show["awards"]:
            who = pack.person_name(aw["person"]) if aw.get("person") else ""
            when = _date(aw["date"]) if aw.get("date") else _("date unknown")
            if who:
                line = _("• {event} ({date}): {award} — {person}").format(
                    event=aw["event"], date=when, award=aw["award"], person=who
                )
            else:
                line = _("• {event} ({date}): {award}").format(event=aw["event"], date=when, award=aw["award"])
            doc.add(Text(line + keys.text(aw)))

    seasons = Table(
        [
            Column(_("Season"), justify="right"),
            Column(_("Status")),
            Column(_("Released")),
            Column(_("Episodes"), justify="right"),
            Column(_("Summary")),
        ],
        title=_("Seasons"),
    )
    for s in pack.seasons:
        seasons.rows.append(
            [
                s.number,
                word(STATUS_WORDS, s.status),
                date_text(s.release_date) if s.release_date else _("not announced"),
                len(pack.season_episodes(s.number)) or s.episode_count,
                s.summary,
            ]
        )
    doc.add(seasons)
    for s in pack.seasons:
        if s.timeline:
            doc.add(Heading(_("Season {season} timeline").format(season=s.number)))
            doc.add(Fields(timeline_rows(pack, horizon, s, keys.text)))
    if show.get("notes"):
        doc.add(Heading(_("About the data")))
        for note in show["notes"]:
            doc.add(Text("• " + note["text"] + keys.text(note)))

    if sources:
        table = Table([Column(_("Key"), style="accent"), Column(_("Source")), Column(_("Address"))], title=_("Sources"))
        for key, entry in _source_entries(pack, horizon):
            if isinstance(entry, Hidden):
                table.rows.append([key, Styled(str(entry), "hidden"), None])
            else:
                table.rows.append([key, entry["title"], entry.get("url")])
        doc.add(table)
        shown, total = _texts_in_language(pack)
        hidden = fate_marker(pack, horizon)  # the counts take in every episode's texts: a spoiler until the end
        if hidden is not None:
            doc.add(
                Text(
                    Styled(
                        _("How many of the pack's texts are in this language: {marker}").format(marker=hidden), "hidden"
                    )
                )
            )
        elif shown < total:
            missing = total - shown
            doc.add(
                Hint(
                    ngettext(
                        "{missing} of the pack's {total} texts has no version in this language: shown in English.",
                        "{missing} of the pack's {total} texts have no version in this language: shown in English.",
                        missing,
                    ).format(missing=missing, total=total)
                )
            )
        elif language() != "en":
            doc.add(Hint(_("All {total} of the pack's texts are in this language.").format(total=total)))

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
                "timeline": timeline_json(pack, horizon, s),
                "sources": horizon.source_keys(s.sources, pack),
            }
            for s in pack.seasons
        ],
    }
    if sources:
        shown, total = _texts_in_language(pack)
        hidden = fate_marker(pack, horizon)
        texts = {"language": language(), "in_language": shown, "total": total}
        data["texts"] = hidden.to_json() if hidden is not None else texts
        data["sources"] = {
            key: entry.to_json() if isinstance(entry, Hidden) else {"title": entry["title"], "url": entry.get("url")}
            for key, entry in _source_entries(pack, horizon)
        }
    return Result(doc, data)


#: The languages a track or subtitle may be in, as people read them (others: the code as it is).
LANGUAGE_NAMES = {"ko": N_("Korean"), "en": N_("English")}
AUDIO_KINDS = {"original": N_("{language} (original)"), "dub": N_("{language} (dub)")}


def _where_to_watch(watch: dict[str, Any], keys: _Keys) -> list[tuple[str, Any]]:
    """Where to watch it, and the audio and subtitles the sources confirm."""
    place = watch["service"] + (f" — {watch['url']}" if watch.get("url") else "") + keys.text(watch)
    tracks = ", ".join(
        _(AUDIO_KINDS[a["kind"]]).format(language=word(LANGUAGE_NAMES, a["lang"])) + keys.text(a)
        for a in watch["audio"]
    )
    subtitles = ", ".join(word(LANGUAGE_NAMES, s) for s in watch.get("subtitles") or []) or _("no source lists them")
    return [(_("Where to watch"), place), (_("Audio"), tracks or "-"), (_("Subtitles"), subtitles)]


def _texts_in_language(pack: Pack) -> tuple[int, int]:
    """(texts of the pack shown in the interface language, texts there are) (``pack/texts.py``)."""
    from pathlib import Path

    from ..pack import texts

    lang = language()
    shown, total = texts.coverage(Path(pack.path), lang, pack.english)
    return (total, total) if lang == "en" else (shown, total)


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
