"""Who's who: the cast list, the character list, one person, one character."""

from __future__ import annotations

from typing import Any

from ..i18n import N_, _, ngettext
from ..i18n.formats import name_text
from ..output.doc import Column, Doc, Fields, Heading, Hint, Result, Styled, Table, Text
from ..pack.model import Character, Person
from ..pack.pack import Pack
from ..spoilers import Horizon
from .common import (
    BILLING_WORDS,
    EVENT_WORDS,
    JOB_WORDS,
    event_code,
    event_json,
    fate_events,
    fate_json,
    fate_marker,
    first_seen_cell,
    first_seen_json,
    introduced,
    played_by,
    status_cell,
    visible_events,
    word,
)

#: The pack's groups as people read them (translated where shown: ``word(GROUP_NAMES, group)``).
GROUP_NAMES = {
    "class-2-5": N_("class 2-5"),
    "students": N_("students"),
    "teachers": N_("teachers"),
    "family": N_("family"),
    "police": N_("police"),
    "military": N_("military"),
    "government": N_("government"),
    "rescue": N_("rescue"),
    "civilians": N_("civilians"),
    "online": N_("online"),
}


def _characters_sorted(pack: Pack) -> list[Character]:
    return sorted(pack.characters.values(), key=lambda c: (c.order, c.name))


def _seasons_text(seasons: list[int]) -> str:
    return ", ".join(str(n) for n in seasons)


def character_json(pack: Pack, horizon: Horizon, c: Character) -> dict[str, Any]:
    later = horizon.later_seasons(pack, min(c.seasons, default=1))
    return {
        "id": c.id,
        "name": c.name,
        "hangul": c.hangul,
        "aliases": [a.name for a in c.aliases if a.kind != "error"],
        "group": c.group if introduced(pack, horizon, c) else {"hidden": True},
        "billing": c.billing,
        "seasons": horizon.seasons_of(c, pack),
        "later_seasons": later.to_json() if later else None,
        "description": c.description if introduced(pack, horizon, c) else {"hidden": True},
        "played_by": played_by(pack, horizon, c),
        "first_appears": first_seen_json(pack, horizon, c),
        "events": [
            event_json(pack, horizon, ev) for ev in visible_events(pack, horizon, c) if ev.type != "first_appears"
        ],
        "later_events": fate_marker(pack, horizon),
        "notes": horizon.note(c.notes, pack),
        "sources": horizon.source_keys(c.sources, pack),
    }


def cast(pack: Pack, horizon: Horizon) -> Result:
    table = Table(
        [
            Column(_("Actor"), style="accent"),
            Column("한글"),
            Column(_("Plays")),
            Column(_("Billing"), drop=1),
            Column(_("Seasons"), justify="right", drop=2),
        ]
    )
    rows: list[dict[str, Any]] = []
    order = {c.id: (c.order, c.name) for c in pack.characters.values()}
    credits = [c for c in pack.credits if c.job == "actor" and c.character and horizon.sees_credit(c, pack)]
    credits.sort(key=lambda c: (order.get(c.character or "", (9999, "")), c.season))
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for credit in credits:
        key = (credit.person, credit.character or "")
        if key in merged:
            merged[key]["seasons"].append(credit.season)
            continue
        person = pack.people[credit.person]
        char = pack.characters[credit.character or ""]
        merged[key] = {
            "person_id": person.id,
            "actor": person.name,
            "actor_hangul": person.hangul,
            "character_id": char.id,
            "character": char.name,
            "character_hangul": char.hangul,
            "billing": credit.billing,
            "seasons": [credit.season],
            "disputed": credit.disputed,
            "notes": horizon.note(credit.notes, pack),
        }
    for row in merged.values():
        rows.append(row)
        plays = _("{character} (disputed)").format(character=row["character"]) if row["disputed"] else row["character"]
        billing = word(BILLING_WORDS, row["billing"]) if row["billing"] else row["billing"]
        table.rows.append([row["actor"], row["actor_hangul"], plays, billing, ",".join(str(s) for s in row["seasons"])])
    uncredited = [c.name for c in _characters_sorted(pack) if not pack.actors_of(c.id)]
    later = horizon.later_seasons(pack)
    doc = Doc().add(
        Heading(
            _("{title} — cast").format(title=pack.shown_title),
            ngettext("{count} credited role", "{count} credited roles", len(rows)).format(count=len(rows)),
        ),
        table,
    )
    if uncredited:
        doc.add(Hint(_("Actor unknown for: {names}").format(names=", ".join(uncredited))))
    if later:
        doc.add(Text(Styled(_("Who returns in later seasons: {marker}").format(marker=later), "hidden")))
    data = {
        "show": pack.show_id,
        "cast": rows,
        "actor_unknown": uncredited,
        "later_seasons": later.to_json() if later else None,
    }
    return Result(doc, data)


def characters(pack: Pack, horizon: Horizon, *, group: str | None = None) -> Result:
    chars = [
        c
        for c in _characters_sorted(pack)
        if group is None or (c.group == group and introduced(pack, horizon, c))  # a group is told once they are
    ]
    table = Table(
        [
            Column(_("Character"), style="accent"),
            Column("한글", drop=2),
            Column(_("Played by")),
            Column(_("Group"), drop=1),
            Column(_("First seen")),
            Column(_("So far")),
        ]
    )
    for c in chars:
        table.rows.append(
            [
                c.name,
                c.hangul,
                ", ".join(played_by(pack, horizon, c)) or None,
                word(GROUP_NAMES, c.group) if introduced(pack, horizon, c) else Styled(_("hidden"), "hidden"),
                first_seen_cell(pack, horizon, c),
                status_cell(pack, horizon, c),
            ]
        )
    doc = Doc().add(Heading(_("{title} — characters").format(title=pack.shown_title), horizon.describe(pack)), table)
    data = {
        "show": pack.show_id,
        "spoilers": "shown" if horizon.lifted else "hidden",
        "characters": [character_json(pack, horizon, c) for c in chars],
    }
    return Result(doc, data)


def character(pack: Pack, horizon: Horizon, c: Character) -> Result:
    known = introduced(pack, horizon, c)
    doc = Doc().add(Heading(c.name + (f"  {c.hangul}" if c.hangul else ""), c.description if known else None))
    later = horizon.later_seasons(pack, min(c.seasons, default=1))
    seasons = _seasons_text(horizon.seasons_of(c, pack))
    hidden_group = Styled(_("hidden until you watch further"), "hidden")
    fields: list[tuple[str, Any]] = [
        (_("Played by"), ", ".join(played_by(pack, horizon, c)) or _("unknown")),
        (_("Group"), word(GROUP_NAMES, c.group) if known else hidden_group),
        (
            _("Seasons"),
            _("{seasons} (later seasons {marker})").format(seasons=seasons, marker=later) if later else seasons,
        ),
        (_("First seen"), first_seen_cell(pack, horizon, c) or _("unknown")),
    ]
    aliases = [a.name for a in c.aliases if a.kind in ("spelling", "stage", "legal", "short")]
    if aliases:
        fields.append((_("Also written"), ", ".join(aliases)))
    if note := horizon.note(c.notes, pack):
        fields.append((_("Notes"), note))
    doc.add(Fields(fields))
    events = [ev for ev in visible_events(pack, horizon, c) if ev.type != "first_appears"]
    doc.add(Heading(_("What happens")))
    for ev in events:
        line = _("{episode}  {event}: {text}").format(
            episode=event_code(pack, ev), event=word(EVENT_WORDS, ev.type), text=ev.text
        )
        doc.add(Text(line))
    marker = fate_marker(pack, horizon)
    if marker:
        doc.add(Text(Styled(_("Anything later: {marker}").format(marker=marker), "hidden")))
    elif not events:
        doc.add(Text(_("Nothing recorded."), "dim"))
    return Result(doc, character_json(pack, horizon, c))


def person(pack: Pack, horizon: Horizon, p: Person) -> Result:
    doc = Doc().add(
        Heading(p.name + (f"  {p.hangul}" if p.hangul else ""), ", ".join(word(JOB_WORDS, j) for j in p.jobs))
    )
    all_roles = pack.roles_of(p.id)
    roles = [c for c in all_roles if horizon.sees_credit(c, pack)]
    acted = [c.season for c in all_roles if c.job == "actor"]
    later = horizon.later_seasons(pack, min(acted)) if acted else None
    table = Table([Column(_("Season"), justify="right"), Column(_("Role")), Column(_("Character")), Column(_("Note"))])
    for credit in roles:
        char = pack.characters.get(credit.character or "")
        undisclosed = credit.job == "actor" and char is None
        name = char.name if char else _("role undisclosed") if undisclosed else None
        table.rows.append([credit.season, word(JOB_WORDS, credit.job), name, horizon.note(credit.notes, pack)])
    aliases = [a.name for a in p.aliases if a.kind != "error"]
    fields: list[tuple[str, Any]] = []
    if aliases:
        fields.append((_("Also known as"), ", ".join(aliases)))
    if note := horizon.note(p.notes, pack):
        fields.append((_("Notes"), note))
    if fields:
        doc.add(Fields(fields))
    doc.add(table)
    if later:
        doc.add(Text(Styled(_("Later seasons: {marker}").format(marker=later), "hidden")))
    data = {
        "id": p.id,
        "name": p.name,
        "hangul": p.hangul,
        "aliases": aliases,
        "jobs": list(p.jobs),
        "credits": [
            {
                "season": c.season,
                "job": c.job,
                "character": c.character,
                "character_name": pack.characters[c.character].name if c.character else None,
                "notes": horizon.note(c.notes, pack),
            }
            for c in roles
        ],
        "later_seasons": later.to_json() if later else None,
        "notes": horizon.note(p.notes, pack),
        "sources": horizon.source_keys(p.sources, pack),
    }
    return Result(doc, data)


def fates(pack: Pack, horizon: Horizon, character: Character | None = None) -> Result:
    """Who dies, turns or disappears in each episode, up to the horizon (or one ``character``'s)."""
    events = fate_events(pack, horizon, character)
    table = Table([Column(_("Episode"), style="accent"), Column(_("Character")), Column(_("What")), Column(_("How"))])
    rows = []
    for ev in events:
        who = pack.characters[ev.character]
        shown = name_text(who.name, who.hangul)
        table.rows.append([event_code(pack, ev), shown, word(EVENT_WORDS, ev.type), ev.text])
        rows.append(fate_json(pack, horizon, ev))
    title = _("{title} — fates").format(title=pack.shown_title)
    if character is not None:
        title = _("{title} — what happens to {name}").format(
            title=pack.shown_title, name=name_text(character.name, character.hangul)
        )
    doc = Doc().add(Heading(title, horizon.describe(pack)))
    doc.add(table if rows else Text(_("Nothing has happened to anyone yet, as far as you have watched."), "dim"))
    marker = fate_marker(pack, horizon)
    if marker:
        doc.add(Text(Styled(_("Anything later: {marker}").format(marker=marker), "hidden")))
    data = {
        "show": pack.show_id,
        "spoilers": "shown" if horizon.lifted else "hidden",
        "character": character.id if character is not None else None,
        "fates": rows,
        "later": marker.to_json() if marker else None,
    }
    return Result(doc, data)
