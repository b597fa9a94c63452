"""`aod search`: ranked names with the reason for each match, and episode hits."""

from __future__ import annotations

from typing import Any

from ..fileio import phrase
from ..finder import EpisodeMatches, FirstSeen, Term, first_seen
from ..i18n import N_, _, ngettext
from ..output.doc import Column, Doc, Hint, Result, Styled, Table, Text
from ..pack.pack import Pack
from ..search import Hit
from ..spoilers import Horizon
from .common import hidden_first_seen, word

#: Where an episode matched (the finder's words; the JSON keeps them).
MATCHED_IN = {"title": N_("title"), "blurb": N_("blurb"), "synopsis": N_("synopsis"), "number": N_("its number")}
#: What a term is (``finder.search_terms``).
TERM_KINDS = {"show": N_("the show (aod about)"), "place": N_("place"), "term": N_("word of the show")}


def _appears_later(pack: Pack, horizon: Horizon, hit: Hit, first: FirstSeen) -> bool:
    """Is where this character is first seen withheld (``reports.common.first_seen_hidden``)?
    Told from the facts kept with the name index (``finder.first_seen``), so a search does not
    load every character and event of the pack."""
    facts = first.get(hit.record.id) if hit.record.kind == "character" else None
    return facts is not None and not horizon.lifted and hidden_first_seen(pack, horizon, *facts)


def unsearched_note(pack: Pack, horizon: Horizon) -> str | None:
    """What search leaves out at this horizon: the same words whatever was asked (the JSON's
    ``unsearched``, in English; people read :func:`_unsearched_text`)."""
    if horizon.lifted or not pack.episodes or horizon.sees(pack.episodes[-1]):
        return None
    return "episodes past your horizon are not searched; --spoilers searches all"


def _unsearched_text(pack: Pack, horizon: Horizon) -> str | None:
    """:func:`unsearched_note` as people read it, in the middle of a sentence."""
    if unsearched_note(pack, horizon) is None:
        return None
    return _("episodes past your horizon are not searched; --spoilers searches all")


def nothing_found(pack: Pack, horizon: Horizon, query: str, suggestion: str | None, episodes_searched: bool) -> str:
    """The sentence for a search that found nothing: the closest name, and what was not searched
    (the same words whether or not the query occurs past the horizon)."""
    shown = repr(" ".join(query.split())[:40])
    note = _unsearched_text(pack, horizon) if episodes_searched else None
    if suggestion and note:
        return _("nothing matches {query}; did you mean {name}? ({note})").format(
            query=shown, name=suggestion, note=note
        )
    if suggestion:
        return _("nothing matches {query}; did you mean {name}?").format(query=shown, name=suggestion)
    if note:
        return _("nothing matches {query} ({note})").format(query=shown, note=note)
    return _("nothing matches {query}").format(query=shown)


def search_report(
    pack: Pack,
    horizon: Horizon,
    query: str,
    all_hits: list[Hit],
    episodes: EpisodeMatches | None,
    *,
    limit: int = 10,
    suggestion: str | None = None,
    terms: list[Term] | None = None,
) -> Result:
    hits = all_hits[:limit]
    first = first_seen(pack) if any(h.record.kind == "character" for h in hits) else {}
    doc = Doc()
    rows: list[dict[str, Any]] = []
    term_rows = _terms(doc, terms or [])
    names = Doc()  # the names' blocks: after the episodes when they are only look-alikes
    if hits:
        top = hits[0]
        tied = [h for h in all_hits if h.score == top.score]
        if top.tier in ("surname", "prefix", "syllable", "initials-given") and len(tied) > 1:
            example = tied[0].record.name
            names.add(
                Hint(
                    ngettext(
                        '{count} name matches equally ({reason}); add more of the name, e.g. "{example}".',
                        '{count} names match equally ({reason}); add more of the name, e.g. "{example}".',
                        len(tied),
                    ).format(count=len(tied), reason=top.reason, example=example)  # the reason as shown
                )
            )
        table = Table(
            [
                Column("#", justify="right"),
                Column(_("Score"), justify="right", drop=1),
                Column(_("Name"), style="accent"),
                Column("한글", drop=2),
                Column(_("Who")),
                Column(_("Matched")),
            ]
        )
        rank = 0
        prev = None
        for i, hit in enumerate(hits, start=1):
            rank = rank if hit.score == prev else i
            prev = hit.score
            rec = hit.record
            later = _appears_later(pack, horizon, hit, first)
            reason = phrase.shown(hit.reason)  # the JSON keeps the English
            who = _("character") if rec.kind == "character" else _("actor/crew")
            if rec.link:
                who = _("{who} ({link})").format(who=who, link=rec.link)
            if later:
                who = _("{who} · appears later").format(who=who)
            table.rows.append(
                [
                    f"{rank}",
                    hit.score,
                    rec.name,
                    rec.hangul,
                    who,
                    Styled(reason, "dim") if hit.tier == "typo" else reason,
                ]
            )
            rows.append(
                {
                    "rank": rank,
                    "id": rec.id,
                    "kind": rec.kind,
                    "name": rec.name,
                    "hangul": rec.hangul,
                    "link": rec.link,
                    "score": hit.score,
                    "tier": hit.tier,
                    "matched_form": hit.matched_form,
                    "reason": hit.reason,
                    "appears_later": {"hidden": True} if later else False,  # never where: the hidden fact
                }
            )
        if top.tier == "typo":
            closest = _("No exact match for {query}; closest spellings:").format(query=repr(query))
            names.add(Text(Styled(closest, "warn")))
        names.add(table)
        if len(all_hits) > len(hits):
            more = len(all_hits) - len(hits)
            names.add(
                Hint(
                    ngettext(
                        "{count} more not shown (--limit {total} shows all)",
                        "{count} more not shown (--limit {total} shows all)",
                        more,
                    ).format(count=more, total=len(all_hits))
                )
            )
    ep_rows: list[dict[str, Any]] = []
    ep_blocks: list[Any] = []
    if episodes is not None and episodes.shown:
        table = Table(
            [
                Column(_("Code"), style="accent"),
                Column(_("Title")),
                Column(_("Matched in")),
                Column(_("About"), style="dim", wrap=False),
            ],
            title=_("Episodes"),
        )
        for ep, where in episodes.shown:
            table.rows.append([ep.code, ep.title, word(MATCHED_IN, where), ep.blurb])
            ep_rows.append({"code": ep.code, "id": ep.id, "title": ep.title, "matched": where})
        ep_blocks.append(table)
    if hits and hits[0].tier == "typo" and (ep_rows or term_rows):
        doc.add(*ep_blocks, *names.blocks)  # no name matches as typed: what the query does find comes first
    else:
        doc.add(*names.blocks, *ep_blocks)
    note = unsearched_note(pack, horizon)
    if note and episodes is not None:
        doc.add(Text(Styled(_("Episodes past your horizon are not searched; --spoilers searches all."), "hidden")))
    data = {
        "query": query,
        "total_results": len(all_hits),
        "results": rows,
        "episodes": ep_rows,
        "terms": term_rows,
        "unsearched": note if episodes is not None else None,
        "suggestion": suggestion,
    }
    return Result(doc, data)


def _terms(doc: Doc, terms: list[Term]) -> list[dict[str, Any]]:
    """The show, places and words a search found: a table first (they are what the query names)."""
    if not terms:
        return []
    columns = [Column(_("Name"), style="accent"), Column("한글"), Column(_("What"))]
    table = Table([*columns, Column(_("About"), style="dim", wrap=False)])
    rows = []
    for term in terms:
        what = word(TERM_KINDS, term.kind)
        if term.episode is not None:
            what = _("{what}, from {code}").format(what=what, code=term.episode.code)
        table.rows.append([term.name, term.hangul, what, term.text])
        rows.append(
            {
                "kind": term.kind,
                "name": term.name,
                "hangul": term.hangul,
                "first_episode": term.episode.code if term.episode else None,
            }
        )
    doc.add(table)
    return rows
