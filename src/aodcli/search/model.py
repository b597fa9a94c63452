"""Public types of name search, the tier values and the single-pick rule.

Tier values are those of docs/search.md; a hit's score is the value of its tier, so two
hits with one score are a real tie. Ranking is score, then billing ``order``,
then name (then id, so the order is total and stable).
"""

from __future__ import annotations

from dataclasses import dataclass

EXACT = 100  # "exact": display, RR or alias full name, either order
HANGUL = 98  # "hangul": the Hangul full name or a Hangul alias
VARIANT = 92  # "variant": skeleton key of a full name
INITIALS = 90  # "initials": 초성 of the full name (ㄴㅇㅈ = 남온조)
GIVEN = 86  # "given": the given name as spelled, or in Hangul
GIVEN_VARIANT = 84  # "given-variant": skeleton key of the given name
INITIALS_GIVEN = 82  # "initials-given": 초성 of the given name
SURNAME = 79  # "surname": as the record spells it, in Hangul, or a common spelling (Lee/Yi/Rhee)
PREFIX = 78  # "prefix": start of the full or the given name as typed (Latin, or keystroke jamo)
SURNAME_VARIANT = 76  # "surname": only through the surname key (Cheong -> Jung 정)
PREFIX_VARIANT = 74  # "prefix": start of the full or the given name only through its key
SYLLABLE = 70  # "syllable": one given-name syllable; also a 초성 prefix (tier "prefix")
TYPO_BASE = 40  # "typo": 40 + 29 x similarity, at most 69
TYPO_SPAN = 29
TYPO_MAX = 69

TIERS = (
    "exact", "hangul", "variant", "initials", "given", "given-variant", "initials-given",
    "surname", "prefix", "syllable", "typo",
)  # fmt: skip

#: When the best hit scores at least this, weaker hits are noise and dropped.
NOISE_FLOOR = 70
#: A single-entity command takes the top hit when it scores this much, alone...
AUTO_PICK = 84
#: ... or when it is a typo hit this strong (similarity about 0.75 and up)
#: at least PICK_MARGIN points ahead of the next hit.
AUTO_PICK_TYPO = 62
PICK_MARGIN = 5


@dataclass(frozen=True)
class NameRecord:
    """One searchable person or character (built by the pack adapter)."""

    id: str  # "p-lomon" / "c-lee-su-hyeok"
    kind: str  # "person" | "character"
    name: str  # display name: "Lee Su-hyeok", "Lomon"
    family: str | None  # Latin surname as spelled in ``name``, or None
    hangul: str | None
    family_hangul: str | None
    aliases: tuple[tuple[str, str], ...] = ()  # (alias, kind)
    order: int = 1000  # billing order, lower first
    link: str | None = None  # display name of the other half (actor <-> character)


@dataclass(frozen=True)
class Hit:
    """A record that matched, the tier it matched in and why."""

    record: NameRecord
    score: int  # the tier value; typo 40-69
    tier: str  # one of TIERS
    matched_form: str  # the form that matched: "Park Solomon", "청산"
    #: Why: English as a ``str`` (--json: "alias 'Park Solomon' (legal name)"), a
    #: ``fileio.phrase.Phrase`` whose ``shown()`` is the interface language's words.
    reason: str


def pick_one(hits: list[Hit]) -> Hit | None:
    """The one hit a single-entity command may use without asking (docs/search.md).

    The top hit is picked when it scores at least 84 and nobody shares its
    score, or when it is a strong typo hit (score 62+, similarity about 0.75)
    at least 5 points ahead of the next. Otherwise None: ambiguous or empty.
    """
    if not hits:
        return None
    top = hits[0]
    runner = hits[1].score if len(hits) > 1 else None
    if top.score >= AUTO_PICK and (runner is None or runner < top.score):
        return top
    if top.tier == "typo" and top.score >= AUTO_PICK_TYPO and (runner is None or top.score - runner >= PICK_MARGIN):
        return top
    return None
