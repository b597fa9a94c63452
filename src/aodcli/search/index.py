"""The name index (SEARCH.md §4.4-4.5): built once per process, queried in tiers.

Each indexed spelling remembers where it came from (:class:`_Src`) so every
hit can say why it matched. Tables map a key to ``{record: source}``; the
first source stored for a record wins, so the display name beats the
generated RR, which beats an alias.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import hangul as hg
from .lcs import char_masks, ratio
from .model import (
    EXACT,
    GIVEN,
    GIVEN_VARIANT,
    HANGUL,
    INITIALS,
    INITIALS_GIVEN,
    NOISE_FLOOR,
    PREFIX,
    PREFIX_GIVEN,
    SURNAME,
    SYLLABLE,
    TYPO_BASE,
    TYPO_MAX,
    TYPO_SPAN,
    VARIANT,
    Hit,
    NameRecord,
)
from .normalize import Query, parse
from .skeleton import SURNAMES, full_keys, given_keys, plain_key, query_keys, surname_key

LATIN_TYPO_MIN = 0.62
HANGUL_TYPO_MIN = 0.75
SUGGEST_LATIN_MIN = 0.5
SUGGEST_HANGUL_MIN = 0.6
TYPO_MIN_LETTERS = 4  # Latin letters, or Hangul keystroke jamo

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


class _Src:
    """Where an indexed spelling came from."""

    __slots__ = ("flipped", "label", "origin", "parent", "rec")

    def __init__(self, rec: int, label: str, origin: str, parent: str = "", flipped: bool = False) -> None:
        self.rec = rec
        self.label = label  # the form as written: "Park Solomon", "Su-hyeok", "청산"
        self.origin = origin  # "name", "rr" or an alias kind
        self.parent = parent  # for a given name: the full form it belongs to
        self.flipped = flipped  # a full name indexed given name first

    def named(self) -> str:
        """How a reason names this full form."""
        if self.origin == "name":
            return f"'{self.label}'"
        if self.origin == "rr":
            return f"RR name '{self.label}'"
        if self.origin == "error":
            return f"known misspelling '{self.label}'"
        return f"alias '{self.label}' ({_KIND_WORDS.get(self.origin, self.origin)})"

    def given_named(self) -> str:
        """How a reason names this given-name form."""
        if self.origin == "name":
            return f"given name '{self.label}'"
        if self.origin == "rr":
            return f"RR given name '{self.label}'"
        if self.origin == "error":
            return f"given name of known misspelling '{self.parent}'"
        kind = _KIND_WORDS.get(self.origin, self.origin)
        if not self.parent:
            return f"alias '{self.label}' ({kind})"
        return f"given name '{self.label}' of alias '{self.parent}' ({kind})"

    def order_note(self) -> str:
        return " (given name first)" if self.flipped else ""


class _Sur:
    """One spelling of a record's surname."""

    __slots__ = ("hangul", "label", "origin", "parent", "raw", "rec")

    def __init__(self, rec: int, label: str, hangul: str | None, raw: str, origin: str, parent: str) -> None:
        self.rec = rec
        self.label = label  # "Lee"
        self.hangul = hangul  # "이"
        self.raw = raw  # normalized spelling, "lee"
        self.origin = origin
        self.parent = parent  # the full form it was taken from

    def reason(self) -> str:
        why = f"surname {self.label}" + (f" ({self.hangul})" if self.hangul else "")
        if self.origin in ("name", "rr"):
            return why
        return f"{why} of alias '{self.parent}' ({_KIND_WORDS.get(self.origin, self.origin)})"


class _HForm:
    """A Hangul form for the prefix, pattern and typo scans."""

    __slots__ = ("cho", "given", "keys", "src", "text")

    def __init__(self, text: str, src: _Src, given: bool) -> None:
        self.text = text
        self.keys = hg.keystrokes(text)
        self.cho = hg.choseong(text)
        self.src = src
        self.given = given


class _TypoForm:
    """A Latin form for the typo scan: spelling, skeleton key and consonant frame."""

    __slots__ = ("frame", "key", "raw", "src")

    def __init__(self, raw: str, key: str, src: _Src) -> None:
        self.raw = raw
        self.key = key
        self.frame = _frame(key)
        self.src = src


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
            if score > self.top:
                self.top = score


_Table = dict[str, dict[int, _Src]]


def _put(table: _Table, key: str, src: _Src) -> None:
    table.setdefault(key, {}).setdefault(src.rec, src)


def _split_display(name: str, family: str) -> tuple[str, str] | None:
    """(surname, given) of a display name: the first or last word spelled ``family``."""
    words = name.split()
    if not family or len(words) < 2:
        return None
    if parse(words[0]).raw == family:
        return words[0], " ".join(words[1:])
    if parse(words[-1]).raw == family:
        return words[-1], " ".join(words[:-1])
    return None


def _split_alias(alias: str, hints: set[str]) -> tuple[str, str] | None:
    """(surname, given) of a Latin alias, split at whitespace, or None.

    The surname is a first or last word spelled like the record's own surname
    (in any spelling: ``hints`` holds their keys). Failing that, a common
    Korean surname spelling; but when the record's surname is known, only in
    front of a whole given name (hyphenated or two words: "Jong Dong Geun"),
    so that a spaced given name ("Nam Ra", "Chung San") is not taken for one.
    """
    words = alias.split()
    if len(words) < 2:
        return None
    ends = ((words[0], " ".join(words[1:])), (words[-1], " ".join(words[:-1])))
    raws = [parse(sur).raw for sur, _ in ends]
    for end, raw in zip(ends, raws, strict=True):
        if raw and surname_key(raw) in hints:
            return end
    for end, raw in zip(ends, raws, strict=True):
        if raw in SURNAMES and (not hints or len(parse(end[1]).tokens) > 1):
            return end
    return None


def _syllables(text: str) -> str:
    return "".join(c for c in text if hg.is_syllable(c))


def _frame(key: str) -> str:
    """Consonant frame of a skeleton key ('namla' -> 'nml'); '' when under two letters."""
    frame = "".join(c for c in key if c not in "aeiouyw")
    return frame if len(frame) > 1 else ""


def _typo_score(sim: float) -> int:
    return min(TYPO_MAX, TYPO_BASE + round(TYPO_SPAN * sim))


class NameIndex:
    """Find people and characters by any spelling (SEARCH.md §4)."""

    def __init__(self, records: Iterable[NameRecord]) -> None:
        self._records = list(records)
        self._exact: _Table = {}
        self._variant: _Table = {}
        self._given: _Table = {}
        self._given_variant: _Table = {}
        self._syllable: _Table = {}
        self._surname: dict[str, list[_Sur]] = {}
        self._surname_seen: set[tuple[int, str]] = set()
        self._h_surname_seen: set[tuple[int, str]] = set()
        self._prefix: list[tuple[str, frozenset[str], _Src, bool]] = []
        self._typo_src: list[tuple[str, tuple[str, ...], _Src]] = []
        self._typo: list[_TypoForm] | None = None  # built by the first typo query
        self._h_full: _Table = {}
        self._h_given: _Table = {}
        self._h_syllable: _Table = {}
        self._h_surname: dict[str, list[_Sur]] = {}
        self._cho_full: _Table = {}
        self._cho_given: _Table = {}
        self._h_forms: list[_HForm] = []
        for i, rec in enumerate(self._records):
            self._add_record(i, rec)

    # ----------------------------------------------------------------- build

    def _add_record(self, i: int, rec: NameRecord) -> None:
        h = _syllables(rec.hangul or "")
        fam_h = _syllables(rec.family_hangul or "")
        if not (fam_h and h.startswith(fam_h) and len(h) > len(fam_h)):
            fam_h = ""
        family = parse(rec.family).raw if rec.family else ""
        hints: set[str] = set()  # keys of the record's own surname, to split aliases
        if family:
            hints.add(surname_key(family))
        rr_sur, rr_given = hg.rr_name(h, len(fam_h)) if h else (None, "")
        if rr_sur:
            hints.add(surname_key(rr_sur.lower()))
        # Latin: display name, generated RR, then aliases (the first source wins a tie).
        self._add_latin(i, rec.name, "name", _split_display(rec.name, family))
        rr_full = f"{rr_sur} {rr_given}" if rr_sur else rr_given
        if rr_given and parse(rr_full).raw != parse(rec.name).raw:
            self._add_latin(i, rr_full, "rr", (rr_sur, rr_given) if rr_sur else None)
        for alias, kind in rec.aliases:
            if any(hg.is_hangul(c) for c in alias):
                continue
            split = _split_alias(alias, hints)
            if kind == "short" or (split is None and hints):
                # A nickname, or a given name spelled alone (Onjo, Nam Ra, Cheong-sak).
                self._add_given(i, parse(alias).tokens, _Src(i, alias, kind))
            else:
                self._add_latin(i, alias, kind, split)
        # Hangul: the name, then Hangul aliases.
        if h:
            self._add_hangul(i, h, len(fam_h), "name")
        for alias, kind in rec.aliases:
            a = _syllables(alias)
            if not a or a == h or (fam_h and a == h[len(fam_h) :]):
                continue
            if kind == "short" or (len(a) < len(h) and h.endswith(a)):
                self._add_hangul_given(i, a, _Src(i, a, kind, h if h.endswith(a) else ""))
                continue
            fam_len = 0
            if fam_h and a.startswith(fam_h) and len(a) > len(fam_h):
                fam_len = len(fam_h)
            elif not rec.family_hangul and len(a) >= 3 and a[0] in _HANGUL_SURNAMES:
                fam_len = 1
            self._add_hangul(i, a, fam_len, kind)

    def _add_latin(self, i: int, text: str, origin: str, split: tuple[str, str] | None) -> None:
        stoks = parse(split[0]).tokens if split else ()
        gtoks = parse(split[1]).tokens if split else ()
        if not (split and stoks and gtoks):
            toks = parse(text).tokens
            if toks:
                self._add_unsplit(i, text, origin, toks)
            return
        sur, graw = "".join(stoks), "".join(gtoks)
        full = _Src(i, text, origin)
        flip = _Src(i, text, origin, flipped=True)
        gkeys = given_keys(gtoks)
        first = frozenset(full_keys(sur, gkeys, surname_first=True))
        _put(self._exact, sur + graw, full)
        _put(self._exact, graw + sur, flip)
        for k in first:
            _put(self._variant, k, full)
        for k in full_keys(sur, gkeys, surname_first=False):
            _put(self._variant, k, flip)
        if origin != "error":  # a misspelling matches as typed, and says nothing of surnames
            self._prefix.append((sur + graw, first, full, False))
            self._typo_src.append((sur + graw, stoks + gtoks, full))
            self._typo_src.append((graw + sur, gtoks + stoks, flip))
            entries = self._surname.setdefault(surname_key(sur), [])
            if (i, sur) not in self._surname_seen:  # a set: this loop runs for every name
                self._surname_seen.add((i, sur))
                fam_h = self._records[i].family_hangul
                entries.append(_Sur(i, split[0], fam_h, sur, origin, text))
        self._add_given(i, gtoks, _Src(i, split[1], origin, text), gkeys)

    def _add_unsplit(self, i: int, text: str, origin: str, toks: tuple[str, ...]) -> None:
        """A name without a known surname (stage names, given name only)."""
        src = _Src(i, text, origin)
        raw = "".join(toks)
        keys = frozenset(given_keys(toks))
        _put(self._exact, raw, src)
        for k in keys:
            _put(self._variant, k, src)
        if origin == "error":
            return
        self._prefix.append((raw, keys, src, False))
        self._typo_src.append((raw, toks, src))
        if len(toks) > 1:
            given = _Src(i, text, origin, text)
            for t in toks:
                _put(self._syllable, t, given)

    def _add_given(self, i: int, toks: tuple[str, ...], src: _Src, keys: set[str] | None = None) -> None:
        if not toks:
            return
        raw = "".join(toks)
        keys = keys if keys is not None else given_keys(toks)
        _put(self._given, raw, src)
        for k in keys:
            _put(self._given_variant, k, src)
        if src.origin == "error":
            return
        for t in toks:
            _put(self._syllable, t, src)
        self._prefix.append((raw, frozenset(keys), src, True))
        self._typo_src.append((raw, toks, src))

    def _add_hangul(self, i: int, h: str, fam_len: int, origin: str) -> None:
        src = _Src(i, h, origin)
        _put(self._h_full, h, src)
        if origin == "error":  # a misspelling matches only as typed
            return
        _put(self._cho_full, hg.choseong(h), src)
        self._h_forms.append(_HForm(h, src, False))
        if not fam_len:
            return
        fam, given = h[:fam_len], h[fam_len:]
        entries = self._h_surname.setdefault(fam, [])
        if (i, fam) not in self._h_surname_seen:
            self._h_surname_seen.add((i, fam))
            label = self._records[i].family or hg.rr_name(h, fam_len)[0] or fam
            entries.append(_Sur(i, label, fam, fam, origin, h))
        for c in given:
            _put(self._h_syllable, c, src)
        self._add_hangul_given(i, given, _Src(i, given, origin, h))

    def _add_hangul_given(self, i: int, given: str, src: _Src) -> None:
        _put(self._h_given, given, src)
        if src.origin == "error":
            return
        _put(self._cho_given, hg.choseong(given), src)
        self._h_forms.append(_HForm(given, src, True))

    # ---------------------------------------------------------------- search

    def search(self, query: str, *, kinds: set[str] | None = None, limit: int | None = None) -> list[Hit]:
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

    def suggest(self, query: str, *, kinds: set[str] | None = None) -> Hit | None:
        """The closest typo-tier match for "did you mean", with a looser threshold
        (similarity 0.5 Latin, 0.6 Hangul) than :meth:`search` uses."""
        q = parse(query)
        best = _Best(self._records, kinds)
        if q.tokens:
            self._latin_typo(q, best, SUGGEST_LATIN_MIN, 3)
        if q.hangul:
            self._hangul_typo(q.hangul, best, SUGGEST_HANGUL_MIN, 3)
        hits = self._ranked(best)
        return hits[0] if hits else None

    def _ranked(self, best: _Best) -> list[Hit]:
        recs = self._records
        hits = [Hit(recs[i], *found) for i, found in best.found.items()]
        hits.sort(key=lambda h: (-h.score, h.record.order, h.record.name, h.record.id))
        return hits

    def _latin(self, q: Query, best: _Best) -> None:
        raw, toks = q.raw, q.tokens
        for s in self._exact.get(raw, {}).values():
            why = f"exact name '{s.label}'" if s.origin == "name" else s.named()
            best.offer(s.rec, EXACT, "exact", s.label, why + s.order_note())
        keys = query_keys(toks)
        for k in keys:
            for s in self._variant.get(k, {}).values():
                why = f"spelling variant of {s.named()}{s.order_note()}"
                best.offer(s.rec, VARIANT, "variant", s.label, why)
        for s in self._given.get(raw, {}).values():
            best.offer(s.rec, GIVEN, "given", s.label, s.given_named())
        for k in given_keys(toks):
            if len(k) < 3:  # a 1-2 letter key is too lossy ("zzqq" would equal "JQ")
                continue
            for s in self._given_variant.get(k, {}).values():
                why = f"spelling variant of {s.given_named()}"
                best.offer(s.rec, GIVEN_VARIANT, "given-variant", s.label, why)
        if len(toks) == 1:
            self._latin_surname(raw, best)
        if len(raw) >= 3:
            self._latin_prefix(raw, [k for k in keys if len(k) >= 3], best)
        if len(toks) == 1:
            for s in self._syllable.get(raw, {}).values():
                why = f"syllable '{raw}' of {s.given_named()}"
                best.offer(s.rec, SYLLABLE, "syllable", s.label, why)

    def _latin_surname(self, tok: str, best: _Best) -> None:
        entries = self._surname.get(surname_key(tok), [])
        # The key is lossy (Cho and Joo share one). A record spelled exactly as
        # typed narrows the match to its Hangul surname.
        evidence = {e.hangul for e in entries if e.raw == tok and e.hangul}
        for e in entries:
            if e.raw != tok and evidence and e.hangul and e.hangul not in evidence:
                continue
            best.offer(e.rec, SURNAME, "surname", e.label, e.reason())

    def _latin_prefix(self, raw: str, keys: list[str], best: _Best) -> None:
        for form, fkeys, s, given in self._prefix:
            if form == raw or not (form.startswith(raw) or any(f.startswith(k) for f in fkeys for k in keys)):
                continue
            if given:
                best.offer(s.rec, PREFIX_GIVEN, "prefix", s.label, f"prefix of {s.given_named()}")
            else:
                best.offer(s.rec, PREFIX, "prefix", s.label, f"prefix of {s.named()}")

    def _hangul(self, h: str, best: _Best) -> None:
        if all(hg.is_compat_consonant(c) for c in h):
            self._initials(h, best)
            return
        for s in self._h_full.get(h, {}).values():
            why = f"한글 name {s.label}" if s.origin == "name" else f"한글 {s.named()}"
            best.offer(s.rec, HANGUL, "hangul", s.label, why)
        if any(hg.is_compat_consonant(c) for c in h) and any(hg.is_syllable(c) for c in h):
            for f in self._h_forms:  # a mixed pattern: 남ㅇㅈ, ㄴ온조
                if len(f.text) == len(h) and all(a in (b, c) for a, b, c in zip(h, f.text, f.cho, strict=True)):
                    self._offer_initials(h, f.src, f.given, best)
        for s in self._h_given.get(h, {}).values():
            best.offer(s.rec, GIVEN, "given", s.label, f"한글 given name {s.label}")
        for e in self._h_surname.get(h, []):
            best.offer(e.rec, SURNAME, "surname", e.label, f"surname {e.label} ({h})")
        keys = hg.keystrokes(h)
        if len(keys) >= 2:
            for f in self._h_forms:
                if f.keys != keys and f.keys.startswith(keys):
                    note = " (given name)" if f.given else ""
                    score = PREFIX_GIVEN if f.given else PREFIX
                    why = f"한글 prefix {h}… = {f.text}{note}"
                    best.offer(f.src.rec, score, "prefix", f.text, why)
        if len(h) == 1:
            for s in self._h_syllable.get(h, {}).values():
                best.offer(s.rec, SYLLABLE, "syllable", s.label, f"syllable {h} of {s.label}")

    def _initials(self, h: str, best: _Best) -> None:
        for s in self._cho_full.get(h, {}).values():
            self._offer_initials(h, s, False, best)
        for s in self._cho_given.get(h, {}).values():
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

    def _latin_typo(self, q: Query, best: _Best, threshold: float, min_len: int) -> None:
        """Typo tier: mean Indel ratio of spelling, skeleton key and consonant frame.

        The frame (key without vowels and glides) counts because vowels are where
        romanizations and mishearings differ most: 'Nam-ruh' keeps Nam-ra's n-m-l.
        """
        raw = q.raw
        if len(raw) < min_len:
            return
        if self._typo is None:
            seen: set[tuple[int, str]] = set()
            self._typo = []
            for fraw, ftoks, src in self._typo_src:
                if (src.rec, fraw) not in seen:
                    seen.add((src.rec, fraw))
                    self._typo.append(_TypoForm(fraw, plain_key(ftoks), src))
        key = plain_key(q.tokens)
        frame = _frame(key)
        # The query's bit masks serve every form (the LCS is symmetric).
        raw_m, key_m, frame_m = char_masks(raw), char_masks(key), char_masks(frame)
        lr, lk, lf = len(raw), len(key), len(frame)
        for f in self._typo:
            # Length bounds first: ratio(a, b) <= 2 min(|a|, |b|) / (|a| + |b|).
            bound_r = 2 * min(lr, len(f.raw)) / (lr + len(f.raw))
            bound_k = 2 * min(lk, len(f.key)) / (lk + len(f.key))
            if bound_r + bound_k < 2 * threshold:
                continue
            sim_k = ratio(key_m, lk, f.key)
            sim_r = ratio(raw_m, lr, f.raw)
            if lf and f.frame:
                sim = (sim_k + sim_r + ratio(frame_m, lf, f.frame)) / 3
            else:
                sim = (sim_k + sim_r) / 2
            if sim >= threshold:
                why = f"typo-tolerant ≈ '{f.src.label}' ({round(sim * 100)}%)"
                best.offer(f.src.rec, _typo_score(sim), "typo", f.src.label, why)

    def _hangul_typo(self, h: str, best: _Best, threshold: float, min_len: int) -> None:
        """Typo tier for Hangul: Indel ratio of keystroke jamo."""
        if all(hg.is_compat_consonant(c) for c in h):
            return
        keys = hg.keystrokes(h)
        if len(keys) < min_len:
            return
        masks = char_masks(keys)
        for f in self._h_forms:
            if 2 * min(len(keys), len(f.keys)) < threshold * (len(keys) + len(f.keys)):
                continue
            sim = ratio(masks, len(keys), f.keys)
            if sim >= threshold:
                why = f"typo-tolerant ≈ {f.text} ({round(sim * 100)}%)"
                best.offer(f.src.rec, _typo_score(sim), "typo", f.text, why)
