"""The name index (SEARCH.md §4.4-4.6): build once, answer queries in tiers.

Every hit carries its tier, the form that matched and a plain-English reason.
Ranking is tier first, then billing ``order``, then name; equal scores are
real ties, and :func:`pick_one` refuses to choose between them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from . import hangul as hg
from .lcs import char_masks, ratio
from .normalize import Query, parse
from .skeleton import (
    SURNAMES,
    collapse,
    full_keys,
    given_keys,
    plain_key,
    query_keys,
    surname_key,
)

# Tier values (SEARCH.md §4.5). The score of a hit is the value of its tier.
EXACT = 100
HANGUL = 98
VARIANT = 92
INITIALS = 90
GIVEN = 86
GIVEN_VARIANT = 84
INITIALS_GIVEN = 82
SURNAME = 79
PREFIX = 78
PREFIX_GIVEN = 74
SYLLABLE = 70  # also a 초성 prefix (tier "prefix")
TYPO_BASE = 40  # typo: 40 + 29 * similarity, at most 69
TYPO_SPAN = 29
TYPO_MAX = 69

#: When the best hit scores at least this, weaker hits are noise and dropped.
NOISE_FLOOR = 70
#: Single-entity commands auto-select a hit of at least this score, if alone on top.
AUTO_PICK = 84
#: ... or a typo hit this strong (similarity >= 0.75) that leads by PICK_MARGIN.
AUTO_PICK_TYPO = 62
PICK_MARGIN = 5

LATIN_TYPO_MIN = 0.62
HANGUL_TYPO_MIN = 0.75
SUGGEST_LATIN_MIN = 0.5
SUGGEST_HANGUL_MIN = 0.6
TYPO_MIN_LETTERS = 4  # Latin letters or Hangul keystroke jamo

_KIND_WORDS = {
    "spelling": "spelling",
    "stage": "stage name",
    "legal": "legal name",
    "short": "short name",
    "hangul": "Hangul form",
    "error": "known misspelling",
}
#: Common one-syllable Hangul surnames, to split a Hangul alias of a record
#: whose surname is unknown (박솔로몬 -> 박 + 솔로몬).
_HANGUL_SURNAMES = frozenset(
    "김이박최정강조윤장임한오서신권황안송전홍유고문양손배백허남심노하곽성차주우구민류나진지"
    "엄채원천방공현함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국용"
)


@dataclass(frozen=True)
class NameRecord:
    """One searchable person or character (built by the pack adapter)."""

    id: str
    kind: str  # "person" | "character"
    name: str
    family: str | None
    hangul: str | None
    family_hangul: str | None
    aliases: tuple[tuple[str, str], ...] = ()  # (alias, kind)
    order: int = 1000
    link: str | None = None


@dataclass(frozen=True)
class Hit:
    """A record that matched, with its tier score and why it matched."""

    record: NameRecord
    score: int
    tier: str
    matched_form: str
    reason: str


class _Src(NamedTuple):
    """Where an indexed spelling came from."""

    rec: int
    label: str  # the form as written: "Park Solomon", "Su-hyeok", "청산"
    origin: str  # "name", "rr" or an alias kind
    parent: str  # for a given name: the full form it belongs to
    flipped: bool = False  # full name indexed given-name first


class _Sur(NamedTuple):
    """A surname spelling of one record."""

    rec: int
    label: str  # "Lee"
    hangul: str | None  # "이"
    raw: str  # normalized spelling, "lee"
    origin: str
    parent: str


class _HForm(NamedTuple):
    """A Hangul form for prefix, pattern and typo scans."""

    text: str
    keys: str  # keystroke jamo
    cho: str  # 초성
    src: _Src
    given: bool


class _TypoForm(NamedTuple):
    """A Latin form prepared for the typo scan (masks built on first use)."""

    raw: str
    raw_masks: dict[str, int]
    key: str
    key_masks: dict[str, int]
    frame: str
    frame_masks: dict[str, int]
    src: _Src


class _Best:
    """The best (score, tier, form, reason) per record; the first offer wins a tie."""

    def __init__(self, records: list[NameRecord], kinds: set[str] | None) -> None:
        self._records = records
        self._kinds = kinds
        self.found: dict[int, tuple[int, str, str, str]] = {}
        self.top = 0

    def offer(self, rec: int, score: int, tier: str, form: str, reason: str) -> None:
        if self._kinds is not None and self._records[rec].kind not in self._kinds:
            return
        cur = self.found.get(rec)
        if cur is None or score > cur[0]:
            self.found[rec] = (score, tier, form, reason)
            self.top = max(self.top, score)


def _put(table: dict[str, list[_Src]], key: str, src: _Src) -> None:
    entries = table.setdefault(key, [])
    if all(e.rec != src.rec for e in entries):
        entries.append(src)


def _named(src: _Src) -> str:
    """How a reason names a full form."""
    if src.origin == "name":
        return f"'{src.label}'"
    if src.origin == "rr":
        return f"RR name '{src.label}'"
    if src.origin == "error":
        return f"known misspelling '{src.label}'"
    return f"alias '{src.label}' ({_KIND_WORDS.get(src.origin, src.origin)})"


def _given_named(src: _Src) -> str:
    """How a reason names a given-name form."""
    if src.origin == "name":
        return f"given name '{src.label}'"
    if src.origin == "rr":
        return f"RR given name '{src.label}'"
    if src.origin == "error":
        return f"given name of known misspelling '{src.parent}'"
    if not src.parent:
        return f"alias '{src.label}' ({_KIND_WORDS.get(src.origin, src.origin)})"
    return f"given name '{src.label}' of {_named(src._replace(label=src.parent))}"


def _order_note(src: _Src) -> str:
    return " (given name first)" if src.flipped else ""


def _raw(text: str) -> str:
    return parse(text).raw


def _syllables(text: str) -> str:
    return "".join(c for c in text if hg.is_syllable(c))


def _frame(key: str) -> str:
    """The consonant frame of a skeleton key: 'namla' -> 'nml'."""
    return "".join(c for c in key if c not in "aeiouyw")


def _typo_score(sim: float) -> int:
    return min(TYPO_MAX, TYPO_BASE + round(TYPO_SPAN * sim))


class NameIndex:
    """Search people and characters by any spelling (SEARCH.md §4)."""

    def __init__(self, records: Iterable[NameRecord]) -> None:
        self._records = list(records)
        self._exact: dict[str, list[_Src]] = {}
        self._variant: dict[str, list[_Src]] = {}
        self._given: dict[str, list[_Src]] = {}
        self._given_variant: dict[str, list[_Src]] = {}
        self._syllable: dict[str, list[_Src]] = {}
        self._surname: dict[str, list[_Sur]] = {}
        self._prefix: list[tuple[str, frozenset[str], _Src, bool]] = []
        self._typo_src: list[tuple[str, str, _Src]] = []
        self._typo: list[_TypoForm] | None = None
        self._h_full: dict[str, list[_Src]] = {}
        self._h_given: dict[str, list[_Src]] = {}
        self._h_syllable: dict[str, list[_Src]] = {}
        self._h_surname: dict[str, list[_Sur]] = {}
        self._cho_full: dict[str, list[_Src]] = {}
        self._cho_given: dict[str, list[_Src]] = {}
        self._h_forms: list[_HForm] = []
        self._h_typo: list[tuple[dict[str, int], _HForm]] | None = None
        for i, rec in enumerate(self._records):
            self._add_record(i, rec)

    # ----------------------------------------------------------------- build

    def _add_record(self, i: int, rec: NameRecord) -> None:
        h = _syllables(rec.hangul or "")
        fam_h = _syllables(rec.family_hangul or "")
        if not (fam_h and h.startswith(fam_h) and len(h) > len(fam_h)):
            fam_h = ""
        hints: set[str] = set()
        if rec.family and _raw(rec.family):
            hints.add(surname_key(_raw(rec.family)))
        rr_sur: str | None = None
        rr_given = ""
        if h:
            rr_sur, rr_given = hg.rr_name(h, len(fam_h))
            if rr_sur:
                hints.add(surname_key(rr_sur.lower()))
        # Latin: display name, generated RR, aliases (display first: it wins ties).
        self._add_latin(i, rec.name, "name", self._split(rec.name, rec.family, hints))
        if rr_given:
            rr_full = f"{rr_sur} {rr_given}" if rr_sur else rr_given
            self._add_latin(i, rr_full, "rr", (rr_sur, rr_given) if rr_sur else None)
        for alias, kind in rec.aliases:
            if any(hg.is_hangul(c) for c in alias):
                continue
            if kind == "short":
                self._add_given(i, alias, kind, "")
            else:
                self._add_latin(i, alias, kind, self._split(alias, None, hints))
        # Hangul: the name, then Hangul aliases.
        if h:
            self._add_hangul(i, h, len(fam_h), "name")
        for alias, kind in rec.aliases:
            a = _syllables(alias)
            if not a or (fam_h and a == h[len(fam_h) :]):
                continue
            if kind == "short" or (h and len(a) < len(h) and h.endswith(a)):
                self._add_hangul_given(i, a, kind, h if h.endswith(a) else "")
                continue
            fam_len = 0
            if fam_h and a.startswith(fam_h) and len(a) > len(fam_h):
                fam_len = len(fam_h)
            elif not rec.family_hangul and len(a) >= 3 and a[0] in _HANGUL_SURNAMES:
                fam_len = 1
            self._add_hangul(i, a, fam_len, kind)

    @staticmethod
    def _split(text: str, family: str | None, hints: set[str]) -> tuple[str, str] | None:
        """(surname, given) of a Latin name split at whitespace, or None.

        With ``family`` (the display name) the surname is that word; for an
        alias, a word spelled like the record's own surname, else a common
        Korean surname spelling in first or last place.
        """
        words = text.split()
        if len(words) < 2:
            return None
        ends = ((words[0], " ".join(words[1:])), (words[-1], " ".join(words[:-1])))
        if family is not None:
            fam = _raw(family)
            return next((e for e in ends if fam and _raw(e[0]) == fam), None)
        for sur, given in ends:
            raw = _raw(sur)
            if raw and surname_key(raw) in hints:
                return sur, given
        return next((e for e in ends if _raw(e[0]) in SURNAMES), None)

    def _add_latin(self, i: int, text: str, origin: str, split: tuple[str, str] | None) -> None:
        stoks = parse(split[0]).tokens if split else ()
        gtoks = parse(split[1]).tokens if split else ()
        if not (split and stoks and gtoks):
            toks = parse(text).tokens
            if not toks:
                return
            src = _Src(i, text, origin, "")
            raw = "".join(toks)
            keys = frozenset(collapse(k) for k in given_keys(toks))
            _put(self._exact, raw, src)
            for k in keys:
                _put(self._variant, k, src)
            self._prefix.append((raw, keys, src, False))
            self._typo_src.append((raw, plain_key(toks), src))
            if len(toks) > 1:
                for t in toks:
                    _put(self._syllable, t, src._replace(parent=text))
            return
        assert split is not None
        sur, graw = "".join(stoks), "".join(gtoks)
        full = _Src(i, text, origin, "")
        flip = full._replace(flipped=True)
        first = frozenset(full_keys(sur, gtoks, surname_first=True))
        _put(self._exact, sur + graw, full)
        _put(self._exact, graw + sur, flip)
        for k in first:
            _put(self._variant, k, full)
        for k in full_keys(sur, gtoks, surname_first=False):
            _put(self._variant, k, flip)
        self._prefix.append((sur + graw, first, full, False))
        self._typo_src.append((sur + graw, plain_key((*stoks, *gtoks)), full))
        self._typo_src.append((graw + sur, plain_key((*gtoks, *stoks)), flip))
        if origin != "error":
            hangul = self._records[i].family_hangul
            entry = _Sur(i, split[0], hangul, sur, origin, text)
            lst = self._surname.setdefault(surname_key(sur), [])
            if all(e.rec != i or e.raw != sur for e in lst):
                lst.append(entry)
        self._add_given(i, split[1], origin, text)

    def _add_given(self, i: int, given: str, origin: str, parent: str) -> None:
        toks = parse(given).tokens
        if not toks:
            return
        src = _Src(i, given, origin, parent)
        raw = "".join(toks)
        keys = frozenset(collapse(k) for k in given_keys(toks))
        _put(self._given, raw, src)
        for k in keys:
            _put(self._given_variant, k, src)
        for t in toks:
            _put(self._syllable, t, src)
        self._prefix.append((raw, keys, src, True))
        self._typo_src.append((raw, plain_key(toks), src))

    def _add_hangul(self, i: int, h: str, fam_len: int, origin: str) -> None:
        src = _Src(i, h, origin, "")
        _put(self._h_full, h, src)
        _put(self._cho_full, hg.choseong(h), src)
        self._h_forms.append(_HForm(h, hg.keystrokes(h), hg.choseong(h), src, False))
        if not fam_len:
            return
        fam, given = h[:fam_len], h[fam_len:]
        if origin != "error":
            rec = self._records[i]
            label = rec.family or hg.rr_name(h, fam_len)[0] or fam
            lst = self._h_surname.setdefault(fam, [])
            if all(e.rec != i for e in lst):
                lst.append(_Sur(i, label, fam, fam, origin, h))
        for c in given:
            _put(self._h_syllable, c, src)
        self._add_hangul_given(i, given, origin, h)

    def _add_hangul_given(self, i: int, given: str, origin: str, parent: str) -> None:
        src = _Src(i, given, origin, parent)
        _put(self._h_given, given, src)
        _put(self._cho_given, hg.choseong(given), src)
        self._h_forms.append(_HForm(given, hg.keystrokes(given), hg.choseong(given), src, True))

    # ---------------------------------------------------------------- search

    def search(
        self, query: str, *, kinds: set[str] | None = None, limit: int | None = None
    ) -> list[Hit]:
        """Ranked hits for ``query``; typo hits only when nothing scores 70 or more."""
        q = parse(query)
        best = _Best(self._records, kinds)
        if q.tokens:
            self._latin(q, best)
        if q.hangul:
            self._hangul(q.hangul, best)
        if best.top < NOISE_FLOOR:
            if q.tokens:
                self._latin_typo(q, best, LATIN_TYPO_MIN, TYPO_MIN_LETTERS)
            if q.hangul:
                self._hangul_typo(q.hangul, best, HANGUL_TYPO_MIN, TYPO_MIN_LETTERS)
        hits = self._ranked(best)
        if hits and hits[0].score >= NOISE_FLOOR:
            hits = [h for h in hits if h.score >= NOISE_FLOOR]
        return hits if limit is None else hits[: max(limit, 0)]

    def suggest(self, query: str) -> Hit | None:
        """The closest typo-tier match, for "did you mean" (a looser threshold)."""
        q = parse(query)
        best = _Best(self._records, None)
        if q.tokens:
            self._latin_typo(q, best, SUGGEST_LATIN_MIN, 3)
        if q.hangul:
            self._hangul_typo(q.hangul, best, SUGGEST_HANGUL_MIN, 3)
        hits = self._ranked(best)
        return hits[0] if hits else None

    def _ranked(self, best: _Best) -> list[Hit]:
        hits = [
            Hit(self._records[i], score, tier, form, reason)
            for i, (score, tier, form, reason) in best.found.items()
        ]
        hits.sort(key=lambda h: (-h.score, h.record.order, h.record.name, h.record.id))
        return hits

    def _latin(self, q: Query, best: _Best) -> None:
        raw, toks = q.raw, q.tokens
        for s in self._exact.get(raw, ()):
            why = f"exact name '{s.label}'" if s.origin == "name" else _named(s)
            best.offer(s.rec, EXACT, "exact", s.label, why + _order_note(s))
        keys = query_keys(toks)
        for k in keys:
            for s in self._variant.get(k, ()):
                why = f"spelling variant of {_named(s)}{_order_note(s)}"
                best.offer(s.rec, VARIANT, "variant", s.label, why)
        for s in self._given.get(raw, ()):
            best.offer(s.rec, GIVEN, "given", s.label, _given_named(s))
        for k in {collapse(g) for g in given_keys(toks)}:
            for s in self._given_variant.get(k, ()):
                why = f"spelling variant of {_given_named(s)}"
                best.offer(s.rec, GIVEN_VARIANT, "given-variant", s.label, why)
        if len(toks) == 1:
            self._latin_surname(toks[0], best)
        if len(raw) >= 3:
            long_keys = [k for k in keys if len(k) >= 3]
            for form, fkeys, s, given in self._prefix:
                if form == raw or not (
                    form.startswith(raw) or any(f.startswith(k) for f in fkeys for k in long_keys)
                ):
                    continue
                if given:
                    best.offer(
                        s.rec, PREFIX_GIVEN, "prefix", s.label, f"prefix of {_given_named(s)}"
                    )
                else:
                    best.offer(s.rec, PREFIX, "prefix", s.label, f"prefix of {_named(s)}")
        if len(toks) == 1:
            for s in self._syllable.get(raw, ()):
                why = f"syllable '{raw}' of {_given_named(s)}"
                best.offer(s.rec, SYLLABLE, "syllable", s.label, why)

    def _latin_surname(self, tok: str, best: _Best) -> None:
        entries = self._surname.get(surname_key(tok), [])
        # The key is lossy (Cho and Joo share one); a record spelled exactly as
        # typed narrows the match to its Hangul surname.
        evidence = {e.hangul for e in entries if e.raw == tok and e.hangul}
        for e in entries:
            if e.raw != tok and evidence and e.hangul and e.hangul not in evidence:
                continue
            best.offer(e.rec, SURNAME, "surname", e.label, self._surname_reason(e))

    @staticmethod
    def _surname_reason(e: _Sur) -> str:
        why = f"surname {e.label}" + (f" ({e.hangul})" if e.hangul else "")
        if e.origin in ("name", "rr"):
            return why
        return f"{why} of alias '{e.parent}' ({_KIND_WORDS.get(e.origin, e.origin)})"

    def _hangul(self, h: str, best: _Best) -> None:
        if all(hg.is_compat_consonant(c) for c in h):
            self._initials(h, best)
            return
        for s in self._h_full.get(h, ()):
            why = f"한글 name {s.label}" if s.origin == "name" else f"한글 {_named(s)}"
            best.offer(s.rec, HANGUL, "hangul", s.label, why)
        if any(hg.is_compat_consonant(c) for c in h) and any(hg.is_syllable(c) for c in h):
            for f in self._h_forms:  # a mixed pattern: 남ㅇㅈ, ㄴ온조
                if len(f.text) == len(h) and all(
                    a in (b, c) for a, b, c in zip(h, f.text, f.cho, strict=True)
                ):
                    self._offer_initials(h, f.src, f.given, best)
        for s in self._h_given.get(h, ()):
            best.offer(s.rec, GIVEN, "given", s.label, f"한글 given name {s.label}")
        for e in self._h_surname.get(h, ()):
            best.offer(e.rec, SURNAME, "surname", e.label, f"surname {e.label} ({h})")
        keys = hg.keystrokes(h)
        if len(keys) >= 2:
            for f in self._h_forms:
                if f.keys != keys and f.keys.startswith(keys):
                    if f.given:
                        why = f"한글 prefix {h}… = {f.text} (given name)"
                        best.offer(f.src.rec, PREFIX_GIVEN, "prefix", f.text, why)
                    else:
                        best.offer(
                            f.src.rec, PREFIX, "prefix", f.text, f"한글 prefix {h}… = {f.text}"
                        )
        if len(h) == 1:
            for s in self._h_syllable.get(h, ()):
                best.offer(s.rec, SYLLABLE, "syllable", s.label, f"syllable {h} of {s.label}")

    def _initials(self, h: str, best: _Best) -> None:
        for s in self._cho_full.get(h, ()):
            self._offer_initials(h, s, False, best)
        for s in self._cho_given.get(h, ()):
            self._offer_initials(h, s, True, best)
        for f in self._h_forms:
            if f.cho != h and f.cho.startswith(h):
                why = f"initials prefix {h}… = {f.text}" + (" (given name)" if f.given else "")
                best.offer(f.src.rec, SYLLABLE, "prefix", f.text, why)

    @staticmethod
    def _offer_initials(h: str, s: _Src, given: bool, best: _Best) -> None:
        if given:
            why = f"initials {h} = {s.label} (given name)"
            best.offer(s.rec, INITIALS_GIVEN, "initials-given", s.label, why)
        else:
            best.offer(s.rec, INITIALS, "initials", s.label, f"initials {h} = {s.label}")

    # ------------------------------------------------------------------ typos

    def _typo_forms(self) -> list[_TypoForm]:
        if self._typo is None:
            seen: set[tuple[int, str]] = set()
            forms = []
            for raw, key, src in self._typo_src:
                if (src.rec, raw) not in seen:
                    seen.add((src.rec, raw))
                    frame = _frame(key)
                    forms.append(
                        _TypoForm(
                            raw,
                            char_masks(raw),
                            key,
                            char_masks(key),
                            frame,
                            char_masks(frame),
                            src,
                        )
                    )
            self._typo = forms
        return self._typo

    def _latin_typo(self, q: Query, best: _Best, threshold: float, min_len: int) -> None:
        """Typo tier: mean Indel ratio of spelling, skeleton key and consonant frame.

        The frame (key without vowels and glides) counts because vowels are where
        romanizations and mishearings differ most: 'Nam-ruh' keeps Nam-ra's n-m-l.
        """
        raw = q.raw
        if len(raw) < min_len:
            return
        key = plain_key(q.tokens)
        frame = _frame(key)
        lr, lk = len(raw), len(key)
        for f in self._typo_forms():
            # Length bounds first: ratio(a, b) <= 2 min(|a|, |b|) / (|a| + |b|).
            bound_r = 2 * min(lr, len(f.raw)) / (lr + len(f.raw))
            bound_k = 2 * min(lk, len(f.key)) / (lk + len(f.key))
            if bound_r + bound_k < 2 * threshold:
                continue
            parts = [ratio(f.key_masks, len(f.key), key), ratio(f.raw_masks, len(f.raw), raw)]
            if frame and f.frame:
                parts.append(ratio(f.frame_masks, len(f.frame), frame))
            sim = sum(parts) / len(parts)
            if sim >= threshold:
                why = f"typo-tolerant ≈ '{f.src.label}' ({round(sim * 100)}%)"
                best.offer(f.src.rec, _typo_score(sim), "typo", f.src.label, why)

    def _hangul_typo(self, h: str, best: _Best, threshold: float, min_len: int) -> None:
        if all(hg.is_compat_consonant(c) for c in h):
            return
        keys = hg.keystrokes(h)
        if len(keys) < min_len:
            return
        if self._h_typo is None:
            self._h_typo = [(char_masks(f.keys), f) for f in self._h_forms]
        for masks, f in self._h_typo:
            total = len(keys) + len(f.keys)
            if 2 * min(len(keys), len(f.keys)) < threshold * total:
                continue
            sim = ratio(masks, len(f.keys), keys)
            if sim >= threshold:
                why = f"typo-tolerant ≈ {f.text} ({round(sim * 100)}%)"
                best.offer(f.src.rec, _typo_score(sim), "typo", f.text, why)


def pick_one(hits: list[Hit]) -> Hit | None:
    """The one hit a single-entity command may use without asking (SEARCH.md §4.6).

    The top hit is picked when it scores at least 84 and nobody shares its
    score, or when it is a strong typo hit (similarity about 0.75 or more) at
    least 5 points ahead of the next. Otherwise None: ambiguous or empty.
    """
    if not hits:
        return None
    top = hits[0]
    runner = hits[1].score if len(hits) > 1 else None
    if top.score >= AUTO_PICK and (runner is None or runner < top.score):
        return top
    if (
        top.tier == "typo"
        and top.score >= AUTO_PICK_TYPO
        and (runner is None or top.score - runner >= PICK_MARGIN)
    ):
        return top
    return None
