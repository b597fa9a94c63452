"""The name index (SEARCH.md §4.4-4.5): built once, queried in tiers.

The index is plain data (see ``build.py``): every indexed spelling keeps its
*source*, so each hit can say why it matched. :meth:`NameIndex.to_blob` stores
the built index as a :mod:`marshal` blob and :meth:`NameIndex.from_blob` loads
it back, which is much cheaper than building it again on a large pack.
"""

from __future__ import annotations

import marshal
import zlib
from collections.abc import Iterable
from typing import Any, cast

from . import hangul as hg
from .build import Builder, HForm, Prefix, Row, Src, Sur, Table, TypoSrc, row
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
from .skeleton import given_keys, plain_key, query_keys, surname_key

LATIN_TYPO_MIN = 0.62
HANGUL_TYPO_MIN = 0.75
SUGGEST_LATIN_MIN = 0.5
SUGGEST_HANGUL_MIN = 0.6
TYPO_MIN_LETTERS = 4  # Latin letters, or Hangul keystroke jamo

#: Version of the blob layout *and* of the indexing rules: change it whenever
#: a change to the search package could change what an index holds, so that
#: stored indexes are rebuilt.
INDEX_FORMAT = 1
_MAGIC = b"AODNAMEIDX"
_HEADER = len(_MAGIC) + 2 + 4  # magic, format (2 bytes), CRC-32 of the payload (4 bytes)
_TABLES = 16  # items after the format number in the stored state

_KIND_WORDS = {
    "spelling": "spelling",
    "stage": "stage name",
    "legal": "legal name",
    "short": "short name",
    "hangul": "Hangul form",
    "error": "known misspelling",
}

#: A Latin form for the typo scan: (spelling, skeleton key, consonant frame, source).
TypoForm = tuple[str, str, str, Src]


def _named(s: Src) -> str:
    """How a reason names this full form."""
    label, origin = s[1], s[2]
    if origin == "name":
        return f"'{label}'"
    if origin == "rr":
        return f"RR name '{label}'"
    if origin == "error":
        return f"known misspelling '{label}'"
    return f"alias '{label}' ({_KIND_WORDS.get(origin, origin)})"


def _given_named(s: Src) -> str:
    """How a reason names this given-name form."""
    label, origin, parent = s[1], s[2], s[3]
    if origin == "name":
        return f"given name '{label}'"
    if origin == "rr":
        return f"RR given name '{label}'"
    if origin == "error":
        return f"given name of known misspelling '{parent}'"
    kind = _KIND_WORDS.get(origin, origin)
    if not parent:
        return f"alias '{label}' ({kind})"
    return f"given name '{label}' of alias '{parent}' ({kind})"


def _order_note(s: Src) -> str:
    return " (given name first)" if s[4] else ""


def _surname_reason(e: Sur) -> str:
    label, hangul, origin, parent = e[1], e[2], e[4], e[5]
    why = f"surname {label}" + (f" ({hangul})" if hangul else "")
    if origin in ("name", "rr"):
        return why
    return f"{why} of alias '{parent}' ({_KIND_WORDS.get(origin, origin)})"


class _Best:
    """The best (score, tier, form, reason) per record; the first offer wins a tie."""

    def __init__(self, kind_of: list[str], kinds: set[str] | None) -> None:
        self._kind_of = kind_of
        self._kinds = kinds
        self.found: dict[int, tuple[int, str, str, str]] = {}
        self.top = 0

    def offer(self, rec: int, score: int, tier: str, form: str, reason: str) -> None:
        if self._kinds is not None and self._kind_of[rec] not in self._kinds:
            return
        cur = self.found.get(rec)
        if cur is None or score > cur[0]:
            self.found[rec] = (score, tier, form, reason)
            if score > self.top:
                self.top = score


def _frame(key: str) -> str:
    """Consonant frame of a skeleton key ('namla' -> 'nml'); '' when under two letters."""
    frame = "".join(c for c in key if c not in "aeiouyw")
    return frame if len(frame) > 1 else ""


def _typo_score(sim: float) -> int:
    return min(TYPO_MAX, TYPO_BASE + round(TYPO_SPAN * sim))


def _typo_forms(sources: list[TypoSrc]) -> list[TypoForm]:
    """The typo scan's forms: one per record and spelling, with key and frame."""
    seen: set[tuple[int, str]] = set()
    forms: list[TypoForm] = []
    keys: dict[tuple[str, ...], tuple[str, str]] = {}
    for fraw, ftoks, src in sources:
        if (src[0], fraw) in seen:
            continue
        seen.add((src[0], fraw))
        got = keys.get(ftoks)
        if got is None:
            key = plain_key(ftoks)
            got = keys[ftoks] = (key, _frame(key))
        forms.append((fraw, got[0], got[1], src))
    return forms


class NameIndex:
    """Find people and characters by any spelling (SEARCH.md §4)."""

    _records: list[NameRecord | None]
    _rows: list[Row] | None
    _kind_of: list[str]
    _exact: Table
    _variant: Table
    _given: Table
    _given_variant: Table
    _syllable: Table
    _surname: dict[str, list[Sur]]
    _prefix: list[Prefix]
    _typo_src: list[TypoSrc]
    _typo: list[TypoForm] | None  # built by the first typo query
    _h_full: Table
    _h_given: Table
    _h_syllable: Table
    _h_surname: dict[str, list[Sur]]
    _cho_full: Table
    _cho_given: Table
    _h_forms: list[HForm]

    def __init__(self, records: Iterable[NameRecord]) -> None:
        recs = list(records)
        b = Builder()
        b.add_all(recs)
        self._records = cast(list[NameRecord | None], recs)
        self._rows = None
        self._kind_of = [r.kind for r in recs]
        self._exact, self._variant, self._given = b.exact, b.variant, b.given
        self._given_variant, self._syllable, self._surname = b.given_variant, b.syllable, b.surname
        self._prefix, self._typo_src, self._typo = b.prefix, b.typo_src, None
        self._h_full, self._h_given, self._h_syllable = b.h_full, b.h_given, b.h_syllable
        self._h_surname, self._cho_full, self._cho_given = b.h_surname, b.cho_full, b.cho_given
        self._h_forms = b.h_forms

    # ----------------------------------------------------------------- blobs

    def to_blob(self) -> bytes:
        """The whole index as bytes for :meth:`from_blob`: a checked :mod:`marshal` payload.

        Holds plain data only (tuples, lists, dicts, str, int, bool, None),
        including the typo scan's forms, so a loaded index needs no building.
        """
        rows = self._rows
        if rows is None:
            rows = [row(r) for r in self._records if r is not None]
        state = (
            INDEX_FORMAT, rows, self._exact, self._variant, self._given, self._given_variant,
            self._syllable, self._surname, self._prefix, self._typo_forms(), self._h_full,
            self._h_given, self._h_syllable, self._h_surname, self._cho_full, self._cho_given,
            self._h_forms,
        )  # fmt: skip
        payload = marshal.dumps(state)
        return _MAGIC + INDEX_FORMAT.to_bytes(2, "big") + zlib.crc32(payload).to_bytes(4, "big") + payload

    @classmethod
    def from_blob(cls, blob: bytes) -> NameIndex:
        """An index stored by :meth:`to_blob`; ValueError when ``blob`` is not one
        (another format version, truncated, corrupt)."""
        if blob[: len(_MAGIC)] != _MAGIC or len(blob) < _HEADER:
            raise ValueError("not a name index")
        if int.from_bytes(blob[len(_MAGIC) : len(_MAGIC) + 2], "big") != INDEX_FORMAT:
            raise ValueError("name index of another format")
        payload = memoryview(blob)[_HEADER:]
        if zlib.crc32(payload) != int.from_bytes(blob[_HEADER - 4 : _HEADER], "big"):
            raise ValueError("name index is corrupt (checksum)")
        try:
            state = marshal.loads(payload)
        except (EOFError, ValueError, TypeError) as err:
            raise ValueError(f"name index is corrupt ({err})") from None
        return cls._from_state(state)

    @classmethod
    def _from_state(cls, state: Any) -> NameIndex:
        if not (isinstance(state, tuple) and len(state) == 1 + _TABLES and state[0] == INDEX_FORMAT):
            raise ValueError("name index has the wrong shape")
        (_, rows, exact, variant, given, given_variant, syllable, surname, prefix, typo, h_full, h_given,
         h_syllable, h_surname, cho_full, cho_given, h_forms) = state  # fmt: skip
        for part in (rows, prefix, typo, h_forms):
            if not isinstance(part, list):
                raise ValueError("name index has the wrong shape")
        for table in (exact, variant, given, given_variant, syllable, surname, h_full, h_given, h_syllable,
                      h_surname, cho_full, cho_given):  # fmt: skip
            if not isinstance(table, dict):
                raise ValueError("name index has the wrong shape")
        if not all(isinstance(r, tuple) and len(r) == 9 and isinstance(r[1], str) for r in rows):
            raise ValueError("name index has the wrong shape")
        self = cls.__new__(cls)
        self._records = [None] * len(rows)
        self._rows = rows
        self._kind_of = [r[1] for r in rows]
        self._exact, self._variant, self._given = exact, variant, given
        self._given_variant, self._syllable, self._surname = given_variant, syllable, surname
        self._prefix, self._typo_src, self._typo = prefix, [], typo
        self._h_full, self._h_given, self._h_syllable = h_full, h_given, h_syllable
        self._h_surname, self._cho_full, self._cho_given = h_surname, cho_full, cho_given
        self._h_forms = h_forms
        return self

    def _record(self, i: int) -> NameRecord:
        rec = self._records[i]
        if rec is None:
            assert self._rows is not None
            rec = self._records[i] = NameRecord(*self._rows[i])
        return rec

    def _typo_forms(self) -> list[TypoForm]:
        if self._typo is None:
            self._typo = _typo_forms(self._typo_src)
        return self._typo

    # ---------------------------------------------------------------- search

    def search(self, query: str, *, kinds: set[str] | None = None, limit: int | None = None) -> list[Hit]:
        """Ranked hits for ``query``; typo hits only when nothing scores 70 or more."""
        q = parse(query)
        best = _Best(self._kind_of, kinds)
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
        best = _Best(self._kind_of, kinds)
        if q.tokens:
            self._latin_typo(q, best, SUGGEST_LATIN_MIN, 3)
        if q.hangul:
            self._hangul_typo(q.hangul, best, SUGGEST_HANGUL_MIN, 3)
        hits = self._ranked(best)
        return hits[0] if hits else None

    def _ranked(self, best: _Best) -> list[Hit]:
        record = self._record
        hits = [Hit(record(i), *found) for i, found in best.found.items()]
        hits.sort(key=lambda h: (-h.score, h.record.order, h.record.name, h.record.id))
        return hits

    def _latin(self, q: Query, best: _Best) -> None:
        raw, toks = q.raw, q.tokens
        for s in self._exact.get(raw, ()):
            why = f"exact name '{s[1]}'" if s[2] == "name" else _named(s)
            best.offer(s[0], EXACT, "exact", s[1], why + _order_note(s))
        keys = query_keys(toks)
        for k in keys:
            for s in self._variant.get(k, ()):
                why = f"spelling variant of {_named(s)}{_order_note(s)}"
                best.offer(s[0], VARIANT, "variant", s[1], why)
        for s in self._given.get(raw, ()):
            best.offer(s[0], GIVEN, "given", s[1], _given_named(s))
        for k in given_keys(toks):
            if len(k) < 3:  # a 1-2 letter key is too lossy ("zzqq" would equal "JQ")
                continue
            for s in self._given_variant.get(k, ()):
                why = f"spelling variant of {_given_named(s)}"
                best.offer(s[0], GIVEN_VARIANT, "given-variant", s[1], why)
        if len(toks) == 1:
            self._latin_surname(raw, best)
        if len(raw) >= 3:
            self._latin_prefix(raw, [k for k in keys if len(k) >= 3], best)
        if len(toks) == 1:
            for s in self._syllable.get(raw, ()):
                why = f"syllable '{raw}' of {_given_named(s)}"
                best.offer(s[0], SYLLABLE, "syllable", s[1], why)

    def _latin_surname(self, tok: str, best: _Best) -> None:
        entries = self._surname.get(surname_key(tok), ())
        # The key is lossy (Cho and Joo share one). A record spelled exactly as
        # typed narrows the match to its Hangul surname.
        evidence = {e[2] for e in entries if e[3] == tok and e[2]}
        for e in entries:
            if e[3] != tok and evidence and e[2] and e[2] not in evidence:
                continue
            best.offer(e[0], SURNAME, "surname", e[1], _surname_reason(e))

    def _latin_prefix(self, raw: str, keys: list[str], best: _Best) -> None:
        for form, fkeys, s, given in self._prefix:
            if form == raw or not (form.startswith(raw) or any(f.startswith(k) for f in fkeys for k in keys)):
                continue
            if given:
                best.offer(s[0], PREFIX_GIVEN, "prefix", s[1], f"prefix of {_given_named(s)}")
            else:
                best.offer(s[0], PREFIX, "prefix", s[1], f"prefix of {_named(s)}")

    def _hangul(self, h: str, best: _Best) -> None:
        if all(hg.is_compat_consonant(c) for c in h):
            self._initials(h, best)
            return
        for s in self._h_full.get(h, ()):
            why = f"한글 name {s[1]}" if s[2] == "name" else f"한글 {_named(s)}"
            best.offer(s[0], HANGUL, "hangul", s[1], why)
        if any(hg.is_compat_consonant(c) for c in h) and any(hg.is_syllable(c) for c in h):
            for text, _, cho, src, given in self._h_forms:  # a mixed pattern: 남ㅇㅈ, ㄴ온조
                if len(text) == len(h) and all(a in (b, c) for a, b, c in zip(h, text, cho, strict=True)):
                    self._offer_initials(h, src, given, best)
        for s in self._h_given.get(h, ()):
            best.offer(s[0], GIVEN, "given", s[1], f"한글 given name {s[1]}")
        for e in self._h_surname.get(h, ()):
            best.offer(e[0], SURNAME, "surname", e[1], f"surname {e[1]} ({h})")
        keys = hg.keystrokes(h)
        if len(keys) >= 2:
            for text, fkeys, _, src, given in self._h_forms:
                if fkeys != keys and fkeys.startswith(keys):
                    note = " (given name)" if given else ""
                    score = PREFIX_GIVEN if given else PREFIX
                    why = f"한글 prefix {h}… = {text}{note}"
                    best.offer(src[0], score, "prefix", text, why)
        if len(h) == 1:
            for s in self._h_syllable.get(h, ()):
                best.offer(s[0], SYLLABLE, "syllable", s[1], f"syllable {h} of {s[1]}")

    def _initials(self, h: str, best: _Best) -> None:
        for s in self._cho_full.get(h, ()):
            self._offer_initials(h, s, False, best)
        for s in self._cho_given.get(h, ()):
            self._offer_initials(h, s, True, best)
        for text, _, cho, src, given in self._h_forms:
            if cho != h and cho.startswith(h):
                why = f"initials prefix {h}… = {text}" + (" (given name)" if given else "")
                best.offer(src[0], SYLLABLE, "prefix", text, why)

    @staticmethod
    def _offer_initials(h: str, s: Src, given: bool, best: _Best) -> None:
        if given:
            why = f"initials {h} = {s[1]} (given name)"
            best.offer(s[0], INITIALS_GIVEN, "initials-given", s[1], why)
        else:
            best.offer(s[0], INITIALS, "initials", s[1], f"initials {h} = {s[1]}")

    # ------------------------------------------------------------------ typos

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
        # The query's bit masks serve every form (the LCS is symmetric).
        raw_m, key_m, frame_m = char_masks(raw), char_masks(key), char_masks(frame)
        lr, lk, lf = len(raw), len(key), len(frame)
        for fraw, fkey, fframe, src in self._typo_forms():
            # Length bounds first: ratio(a, b) <= 2 min(|a|, |b|) / (|a| + |b|).
            bound_r = 2 * min(lr, len(fraw)) / (lr + len(fraw))
            bound_k = 2 * min(lk, len(fkey)) / (lk + len(fkey))
            if bound_r + bound_k < 2 * threshold:
                continue
            sim_k = ratio(key_m, lk, fkey)
            sim_r = ratio(raw_m, lr, fraw)
            if lf and fframe:
                sim = (sim_k + sim_r + ratio(frame_m, lf, fframe)) / 3
            else:
                sim = (sim_k + sim_r) / 2
            if sim >= threshold:
                why = f"typo-tolerant ≈ '{src[1]}' ({round(sim * 100)}%)"
                best.offer(src[0], _typo_score(sim), "typo", src[1], why)

    def _hangul_typo(self, h: str, best: _Best, threshold: float, min_len: int) -> None:
        """Typo tier for Hangul: Indel ratio of keystroke jamo."""
        if all(hg.is_compat_consonant(c) for c in h):
            return
        keys = hg.keystrokes(h)
        if len(keys) < min_len:
            return
        masks = char_masks(keys)
        for text, fkeys, _, src, _ in self._h_forms:
            if 2 * min(len(keys), len(fkeys)) < threshold * (len(keys) + len(fkeys)):
                continue
            sim = ratio(masks, len(keys), fkeys)
            if sim >= threshold:
                why = f"typo-tolerant ≈ {text} ({round(sim * 100)}%)"
                best.offer(src[0], _typo_score(sim), "typo", text, why)
