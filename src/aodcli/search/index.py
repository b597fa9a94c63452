"""The name index (docs/search.md): built once, queried in tiers.

``build.py`` turns the records into a few big strings (lookup tables split in
shards) and per-record data; every indexed spelling keeps its *source*, so each
hit can say why it matched. :meth:`NameIndex.to_payload` gives a built index as
plain :mod:`marshal` data, which ``finder.py`` keeps as a sealed copy (the one
cache format, ``fileio/cachefile.py``), and :meth:`NameIndex.from_payload` takes
it back in a small fraction of the time a build takes: a loaded index decodes a
record or a lookup table only when a query reaches it, and the typo scan's forms
only on the first typo query.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable, Iterator
from typing import Any, cast

from ..fileio import phrase
from ..i18n import N_
from . import hangul as hg
from .build import Builder, RecordData, Shards, Src, Sur, TypoSrc, lookup, prefixed
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
    PREFIX_VARIANT,
    SURNAME,
    SURNAME_VARIANT,
    SYLLABLE,
    TYPO_BASE,
    TYPO_MAX,
    TYPO_SPAN,
    VARIANT,
    Hit,
    NameRecord,
)
from .normalize import Query, parse
from .skeleton import SURNAMES, collapse, given_keys, plain_key, query_keys, skeleton_token, surname_key

LATIN_TYPO_MIN = 0.62
HANGUL_TYPO_MIN = 0.75
SUGGEST_LATIN_MIN = 0.6  # half the letters in common is noise ('xyzzy' is not 'So-ju')
SUGGEST_HANGUL_MIN = 0.6
TYPO_MIN_LETTERS = 4  # Latin letters, or Hangul keystroke jamo

#: The lookup tables, in stored order (see ``build.Builder``).
_TABLES = (
    "exact", "variant", "given", "given_variant", "syllable", "surname", "h_full", "h_given",
    "h_syllable", "h_surname", "cho_full", "cho_given", "prefix_forms", "prefix_keys", "h_keys", "h_cho",
)  # fmt: skip
#: What an alias of each kind is called in a reason (a kind the pack adds is shown as it is).
_KIND_WORDS = {
    "spelling": N_("spelling"),
    "stage": N_("stage name"),
    "legal": N_("legal name"),
    "short": N_("short name"),
    "hangul": N_("Hangul form"),
    "error": N_("known misspelling"),
}

#: The typo scan's forms grouped by skeleton key, as parallel columns: the keys,
#: their consonant frames, the length of the shortest and of the longest spelling
#: in each group (one byte each: a longer one counts as 255, which only loosens
#: the bound, as queries have at most 64 letters), and each group's forms as
#: "number,spelling,<record>.<source>" separated by spaces.
TypoGroups = tuple[list[str], list[str], bytes, bytes, list[str]]
#: A Hangul form: (text, keystroke jamo, 초성, "<record>.<source>", is a given name).
HForm = tuple[str, str, str, str, bool]
#: :meth:`NameIndex.to_payload`: the kinds, then as marshal payloads of their own, decoded
#: on first use: each record, each lookup table, the typo scan's forms (the columns of
#: :data:`TypoGroups`, lists joined by newlines) and the Hangul forms (one per line).
Payload = tuple[list[str], list[bytes], dict[str, bytes], bytes, bytes]


# A reason is a phrase (``fileio/phrase.py``): English in --json whatever the language,
# translated where people read it; the form it names is a phrase of its own, so that a
# reason reads as one sentence in Korean ("이름 'Cheong-san'의 앞부분").


def _kind(origin: str) -> str:
    word = _KIND_WORDS.get(origin)
    return origin if word is None else phrase._(word)


def _named(s: Src) -> str:
    """How a reason names this full form."""
    label, origin = s[0], s[1]
    if origin == "name":
        return f"'{label}'"
    if origin == "rr":
        return phrase._("RR name '{name}'", name=label)
    if origin == "error":
        return phrase._("known misspelling '{name}'", name=label)
    return phrase._("alias '{name}' ({kind})", name=label, kind=_kind(origin))


def _given_named(s: Src) -> str:
    """How a reason names this given-name form."""
    label, origin, parent = s[0], s[1], s[2]
    if origin == "name":
        return phrase._("given name '{name}'", name=label)
    if origin == "rr":
        return phrase._("RR given name '{name}'", name=label)
    if origin == "error":
        if parent:
            return phrase._("given name of known misspelling '{name}'", name=parent)
        return phrase._("known misspelling '{name}'", name=label)
    kind = _kind(origin)
    if not parent:
        return phrase._("alias '{name}' ({kind})", name=label, kind=kind)
    return phrase._("given name '{name}' of alias '{alias}' ({kind})", name=label, alias=parent, kind=kind)


def _ordered(named: str, s: Src) -> str:
    """``named``, and that the form matched with the given name first when it did."""
    return phrase._("{name} (given name first)", name=named) if s[3] else named


def _surname_reason(e: Sur) -> str:
    label, hangul, origin, parent = e[0], e[1], e[3], e[4]
    why = _surname(label, hangul)
    if origin in ("name", "rr"):
        return why
    return phrase._("{surname} of alias '{alias}' ({kind})", surname=why, alias=parent, kind=_kind(origin))


def _surname(label: str, hangul: str | None) -> str:
    if hangul:
        return phrase._("surname {name} ({hangul})", name=label, hangul=hangul)
    return phrase._("surname {name}", name=label)


class _Best:
    """The best (score, tier, form, reason) per record; the first offer wins a tie."""

    def __init__(self, kind_of: list[str], kinds: set[str] | None) -> None:
        self._kind_of = kind_of
        self._kinds = kinds
        self.found: dict[int, tuple[int, str, str, str]] = {}
        self.top = 0

    def wants(self, rec: int, score: int) -> bool:
        """Whether an offer of ``score`` for ``rec`` would count (to skip writing its reason)."""
        if self._kinds is not None and self._kind_of[rec] not in self._kinds:
            return False
        cur = self.found.get(rec)
        return cur is None or score > cur[0]

    def offer(self, rec: int, score: int, tier: str, form: str, reason: str) -> None:
        if self._kinds is not None and self._kind_of[rec] not in self._kinds:
            return
        cur = self.found.get(rec)
        if cur is None or score > cur[0]:
            self.found[rec] = (score, tier, form, reason)
            if score > self.top:
                self.top = score


_NO_VOWELS = str.maketrans("", "", "aeiouyw")


def _frame(key: str) -> str:
    """Consonant frame of a skeleton key ('namla' -> 'nml'); '' when under two letters."""
    frame = key.translate(_NO_VOWELS)
    return frame if len(frame) > 1 else ""


def _first_syllable(label: str, syllable: str) -> bool:
    """Is ``syllable`` the first of several in the name ``label`` (Su of Su-hyeok)?"""
    toks = parse(label).tokens
    return len(toks) > 1 and toks[0] == syllable


def _typo_score(sim: float) -> int:
    return min(TYPO_MAX, TYPO_BASE + round(TYPO_SPAN * sim))


def _in_order(refs: set[str], best: _Best, score: int) -> list[tuple[int, int, bool]]:
    """(record, source, is a given name) of prefix-table refs, in the order they were
    indexed; without the records for which ``best`` no longer wants ``score``."""
    out = []
    for ref in refs:
        r, dot, j = ref.partition(".")
        given = not dot
        if given:
            r, _, j = ref.partition("/")
        rec = int(r)
        if best.wants(rec, score):
            out.append((rec, int(j), given))
    out.sort()
    return out


class NameIndex:
    """Find people and characters by any spelling (docs/search.md)."""

    _records: list[NameRecord | None]
    _data: list[RecordData | None]
    _kind_of: list[str]
    _tables: dict[str, Shards]  # built, or decoded so far
    _typo_src: list[TypoSrc]
    _typo: TypoGroups | None
    _h_forms: list[HForm] | None
    # A loaded index: the marshal payloads of its records, tables, typo and Hangul forms.
    _stored: list[bytes] | None
    _stored_tables: dict[str, bytes] | None
    _stored_typo: bytes | None
    _stored_h_forms: bytes | None

    def __init__(self, records: Iterable[NameRecord]) -> None:
        recs = list(records)
        b = Builder()
        b.add_all(recs)
        self._records = list(recs)
        self._data = list(b.records)
        self._kind_of = [r.kind for r in recs]
        self._tables = {name: getattr(b, name).shards() for name in _TABLES}
        self._typo_src, self._typo = b.typo_src, None
        self._h_forms = [(t, k, c, f"{r}.{j}", g) for t, k, c, r, j, g in b.h_forms]
        self._stored, self._stored_tables, self._stored_typo, self._stored_h_forms = None, None, None, None

    # -------------------------------------------------------------- payload

    def to_payload(self) -> Payload:
        """The whole index as plain :mod:`marshal` data, for :meth:`from_payload`.

        The kind of each record, then each record, each lookup table and the typo
        scan's and the Hangul forms as a marshal payload of its own, so that a loaded
        index decodes only what a query uses: on the benchmark's pack of 5,000 names,
        decoding the whole index (records, tables and forms) costs 55 ms, while
        ``aod search lee`` needs a few hundred records and half the tables. A loaded
        index needs no building.
        """
        if self._stored is not None:
            assert self._stored_tables is not None and self._stored_typo is not None
            assert self._stored_h_forms is not None
            return (self._kind_of, self._stored, self._stored_tables, self._stored_typo, self._stored_h_forms)
        keys, frames, shortest, longest, members = self._typo_groups()
        typo = ("\n".join(keys), "\n".join(frames), shortest, longest, "\n".join(members))
        h_forms = "\n".join(f"{t}\t{k}\t{c}\t{ref}\t{int(g)}" for t, k, c, ref, g in self._hangul_forms())
        return (
            self._kind_of,
            [marshal.dumps(self._record_data(i)) for i in range(len(self._data))],
            {name: marshal.dumps(self._tables[name]) for name in _TABLES},
            marshal.dumps(typo),
            marshal.dumps(h_forms),
        )

    @classmethod
    def from_payload(cls, payload: Any) -> NameIndex:
        """An index given by :meth:`to_payload`; ValueError when ``payload`` has another shape.

        The payload comes from a sealed copy, whose tag and CRC-32 were checked as it
        was read, so its parts are the bytes that were written: only their shape is
        checked here, and each part is decoded when a query first needs it.
        """
        if not (isinstance(payload, tuple) and len(payload) == 5):
            raise ValueError("not a name index")
        kinds, stored, tables, typo, h_forms = payload
        if not (isinstance(kinds, list) and isinstance(stored, list) and len(kinds) == len(stored)):
            raise ValueError("not a name index (records)")
        if not (isinstance(tables, dict) and set(tables) == set(_TABLES)):
            raise ValueError("not a name index (tables)")
        if not (isinstance(typo, bytes) and isinstance(h_forms, bytes)):
            raise ValueError("not a name index (forms)")
        self = cls.__new__(cls)
        self._records = [None] * len(stored)
        self._data = [None] * len(stored)
        self._kind_of, self._tables = kinds, {}
        self._typo_src, self._typo, self._h_forms = [], None, None
        self._stored, self._stored_tables, self._stored_typo, self._stored_h_forms = stored, tables, typo, h_forms
        return self

    # ------------------------------------------------------- lazy decoding

    def _stored_record(self, i: int) -> RecordData:
        """Record ``i`` of a loaded index (a hit reads few records)."""
        assert self._stored is not None
        return cast(RecordData, marshal.loads(self._stored[i]))

    def _table(self, name: str) -> Shards:
        table = self._tables.get(name)
        if table is None:
            assert self._stored_tables is not None
            table = self._tables[name] = marshal.loads(self._stored_tables[name])
        return table

    def _record_data(self, i: int) -> RecordData:
        data = self._data[i]
        if data is None:
            data = self._data[i] = self._stored_record(i)
        return data

    def _record(self, i: int) -> NameRecord:
        rec = self._records[i]
        if rec is None:
            rec = self._records[i] = NameRecord(*self._record_data(i)[0])
        return rec

    def _src(self, ref: str) -> tuple[int, Src]:
        """(record, source) of a ref "<record>.<source>"."""
        r, _, j = ref.partition(".")
        rec = int(r)
        return rec, self._record_data(rec)[1][int(j)]

    def _srcs(self, refs: list[str]) -> Iterator[tuple[int, Src]]:
        for ref in refs:
            yield self._src(ref)

    def _surs(self, refs: list[str]) -> list[tuple[int, Sur]]:
        out = []
        for ref in refs:
            r, _, j = ref.partition(".")
            rec = int(r)
            out.append((rec, self._record_data(rec)[2][int(j)]))
        return out

    def _typo_groups(self) -> TypoGroups:
        """The typo scan's forms, one per record and spelling, grouped by skeleton key."""
        if self._typo is not None:
            return self._typo
        if self._stored_typo is not None:
            keys, frames, shortest, longest, members = marshal.loads(self._stored_typo)
            if not keys:
                self._typo = ([], [], b"", b"", [])
            else:
                self._typo = (keys.split("\n"), frames.split("\n"), shortest, longest, members.split("\n"))
            return self._typo
        by_key: dict[str, list[str]] = {}
        # One form per record and spelling (the first); sources come record by record.
        last, seen, count = -1, set[str](), 0
        skeletons: dict[tuple[str, ...], str] = {}
        for fraw, toks, more, rec, j in self._typo_src:
            if rec != last:
                last, seen = rec, set()
            if fraw in seen:
                continue
            seen.add(fraw)
            parts = []
            for part in (toks, more):
                sk = skeletons.get(part)
                if sk is None:
                    sk = skeletons[part] = "".join([skeleton_token(t) for t in part])
                parts.append(sk)
            key = collapse(parts[0] + parts[1])  # plain_key(toks + more)
            by_key.setdefault(key, []).append(f"{count},{fraw},{rec}.{j}")
            count += 1
        lengths = [[len(m.split(",")[1]) for m in group] for group in by_key.values()]
        self._typo = (
            list(by_key),
            [_frame(key) for key in by_key],
            bytes(min(255, *n) for n in lengths),
            bytes(min(255, max(n)) for n in lengths),
            [" ".join(group) for group in by_key.values()],
        )
        return self._typo

    def _hangul_forms(self) -> list[HForm]:
        if self._h_forms is None:
            assert self._stored_h_forms is not None
            text = marshal.loads(self._stored_h_forms)
            self._h_forms = [
                (t, k, c, ref, g == "1") for t, k, c, ref, g in (line.split("\t") for line in text.split("\n") if line)
            ]
        return self._h_forms

    # ---------------------------------------------------------------- search

    def search(self, query: str, *, kinds: set[str] | None = None, limit: int | None = None) -> list[Hit]:
        """Ranked hits for ``query``; typo hits only when nothing scores 70 or more."""
        q = parse(query)
        best = self._best(kinds)
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
        best = self._best(kinds)
        if q.tokens:
            self._latin_typo(q, best, SUGGEST_LATIN_MIN, 3)
        if q.hangul:
            self._hangul_typo(q.hangul, best, SUGGEST_HANGUL_MIN, 3)
        hits = self._ranked(best)
        return hits[0] if hits else None

    def _best(self, kinds: set[str] | None) -> _Best:
        return _Best(self._kind_of if kinds is not None else [], kinds)

    def _ranked(self, best: _Best) -> list[Hit]:
        record = self._record
        hits = [Hit(record(i), *found) for i, found in best.found.items()]
        hits.sort(key=lambda h: (-h.score, h.record.order, h.record.name, h.record.id))
        return hits

    def _latin(self, q: Query, best: _Best) -> None:
        raw, toks = q.raw, q.tokens
        t = self._table
        for rec, s in self._srcs(lookup(t("exact"), raw)):
            why = phrase._("exact name '{name}'", name=s[0]) if s[1] == "name" else _named(s)
            best.offer(rec, EXACT, "exact", s[0], _ordered(why, s))
        keys = query_keys(toks)
        for k in keys:
            for rec, s in self._srcs(lookup(t("variant"), k)):
                why = phrase._("spelling variant of {name}", name=_ordered(_named(s), s))
                best.offer(rec, VARIANT, "variant", s[0], why)
        for rec, s in self._srcs(lookup(t("given"), raw)):
            best.offer(rec, GIVEN, "given", s[0], _given_named(s))
        for k in given_keys(toks):
            if len(k) < 3:  # a 1-2 letter key is too lossy ("zzqq" would equal "JQ")
                continue
            for rec, s in self._srcs(lookup(t("given_variant"), k)):
                why = phrase._("spelling variant of {name}", name=_given_named(s))
                best.offer(rec, GIVEN_VARIANT, "given-variant", s[0], why)
        if len(toks) == 1:
            self._latin_surname(raw, best)
        if len(raw) >= 3:
            self._latin_prefix(raw, [k for k in keys if len(k) >= 3], best)
        if len(toks) == 1:
            for rec, s in self._srcs(lookup(t("syllable"), raw)):
                if len(raw) >= 2 and best.wants(rec, PREFIX) and _first_syllable(s[0], raw):
                    best.offer(rec, PREFIX, "prefix", s[0], phrase._("prefix of {name}", name=_given_named(s)))
                else:
                    why = phrase._("syllable '{syllable}' of {name}", syllable=raw, name=_given_named(s))
                    best.offer(rec, SYLLABLE, "syllable", s[0], why)

    def _latin_surname(self, tok: str, best: _Best) -> None:
        entries = self._surs(lookup(self._table("surname"), surname_key(tok)))
        # The key is lossy (Cho and Joo share one). A record spelled exactly as
        # typed narrows the match to its Hangul surname.
        spelled = [e for _, e in entries if e[2] == tok]
        evidence = {e[1] for e in spelled if e[1]}
        # A spelling some record has (Lee; I, the RR of 이) or a common one (Yi, Rhee): the
        # surname tier. One that reaches a surname only through the key (Cheong -> Jung 정)
        # ranks below a name that starts as typed (Cheong -> Lee Cheong-san).
        score = SURNAME if spelled or tok in SURNAMES else SURNAME_VARIANT
        said: dict[tuple[str, str | None, str, str], str] = {}  # hundreds of records say "surname Lee (이)"
        for rec, e in entries:
            if e[2] != tok and evidence and e[1] and e[1] not in evidence:
                continue
            if best.wants(rec, score):
                key = (e[0], e[1], e[3], "" if e[3] in ("name", "rr") else e[4])  # what the reason says
                why = said.get(key)
                if why is None:
                    why = said[key] = _surname_reason(e)
                best.offer(rec, score, "surname", e[0], why)

    def _latin_prefix(self, raw: str, keys: list[str], best: _Best) -> None:
        """Full and given forms that start with the query: as typed (a prefix of a name
        part, full or given alike), else only as a key (a spelling variant of one)."""
        typed: set[str] = set()
        exact: list[str] = []  # the query itself is no prefix match
        for form, ref in prefixed(self._table("prefix_forms"), raw):
            if form == raw:
                exact.append(ref)
            else:
                typed.add(ref)
        keyed: set[str] = set()
        for k in keys:
            keyed.update(ref for _, ref in prefixed(self._table("prefix_keys"), k))
        keyed.difference_update(exact)
        keyed.difference_update(typed)
        for found, score, why in (
            (typed, PREFIX, N_("prefix of {name}")),
            (keyed, PREFIX_VARIANT, N_("spelling variant of a prefix of {name}")),
        ):
            for rec, j, given in _in_order(found, best, score):
                if not best.wants(rec, score):  # a second form of one record
                    continue
                s = self._record_data(rec)[1][j]
                named = _given_named(s) if given else _named(s)
                best.offer(rec, score, "prefix", s[0], phrase._(why, name=named))

    def _hangul(self, h: str, best: _Best) -> None:
        if all(hg.is_compat_consonant(c) for c in h):
            self._initials(h, best)
            return
        t = self._table
        for rec, s in self._srcs(lookup(t("h_full"), h)):
            why = phrase._("한글 name {name}", name=s[0]) if s[1] == "name" else phrase._("한글 {name}", name=_named(s))
            best.offer(rec, HANGUL, "hangul", s[0], why)
        if any(hg.is_compat_consonant(c) for c in h) and any(hg.is_syllable(c) for c in h):
            for text, _, cho, ref, given in self._hangul_forms():  # a mixed pattern: 남ㅇㅈ, ㄴ온조
                if len(text) == len(h) and all(a in (b, c) for a, b, c in zip(h, text, cho, strict=True)):
                    rec, s = self._src(ref)
                    self._offer_initials(h, rec, s, given, best)
        for rec, s in self._srcs(lookup(t("h_given"), h)):
            best.offer(rec, GIVEN, "given", s[0], phrase._("한글 given name {name}", name=s[0]))
        said: dict[str, str] = {}  # one reason per spelling: hundreds of records say "surname Lee (이)"
        for rec, e in self._surs(lookup(t("h_surname"), h)):
            if best.wants(rec, SURNAME):
                surname = said.get(e[0])
                if surname is None:
                    surname = said[e[0]] = _surname(e[0], h)
                best.offer(rec, SURNAME, "surname", e[0], surname)
        keys = hg.keystrokes(h)
        if len(keys) >= 2:
            found: set[str] = set()
            for fkeys, ref in prefixed(t("h_keys"), keys):
                if fkeys != keys:
                    found.add(ref)
            for rec, j, given in _in_order(found, best, PREFIX):
                if not best.wants(rec, PREFIX):
                    continue
                text = self._record_data(rec)[1][j][0]
                if given:
                    why = phrase._("한글 prefix {query}… = {name} (given name)", query=h, name=text)
                else:
                    why = phrase._("한글 prefix {query}… = {name}", query=h, name=text)
                best.offer(rec, PREFIX, "prefix", text, why)
        if len(h) == 1:
            for rec, s in self._srcs(lookup(t("h_syllable"), h)):
                why = phrase._("syllable {syllable} of {name}", syllable=h, name=s[0])
                best.offer(rec, SYLLABLE, "syllable", s[0], why)

    def _initials(self, h: str, best: _Best) -> None:
        t = self._table
        for rec, s in self._srcs(lookup(t("cho_full"), h)):
            self._offer_initials(h, rec, s, False, best)
        for rec, s in self._srcs(lookup(t("cho_given"), h)):
            self._offer_initials(h, rec, s, True, best)
        found: set[str] = set()
        for cho, ref in prefixed(t("h_cho"), h):
            if cho != h:
                found.add(ref)
        for rec, j, given in _in_order(found, best, SYLLABLE):
            if not best.wants(rec, SYLLABLE):
                continue
            text = self._record_data(rec)[1][j][0]
            if given:
                why = phrase._("initials prefix {query}… = {name} (given name)", query=h, name=text)
            else:
                why = phrase._("initials prefix {query}… = {name}", query=h, name=text)
            best.offer(rec, SYLLABLE, "prefix", text, why)

    @staticmethod
    def _offer_initials(h: str, rec: int, s: Src, given: bool, best: _Best) -> None:
        if given:
            why = phrase._("initials {query} = {name} (given name)", query=h, name=s[0])
            best.offer(rec, INITIALS_GIVEN, "initials-given", s[0], why)
        else:
            best.offer(rec, INITIALS, "initials", s[0], phrase._("initials {query} = {name}", query=h, name=s[0]))

    # ------------------------------------------------------------------ typos

    def _latin_typo(self, q: Query, best: _Best, threshold: float, min_len: int) -> None:
        """Typo tier: mean Indel ratio of spelling, skeleton key and consonant frame.

        The frame (key without vowels and glides) counts because vowels are where
        romanizations and mishearings differ most: 'Nam-ruh' keeps Nam-ra's n-m-l.
        """
        raw = q.raw
        if len(raw) < min_len:
            return
        keys, frames, shortest, longest, members = self._typo_groups()
        key = plain_key(q.tokens)
        frame = _frame(key)
        # The query's bit masks serve every form (the LCS is symmetric).
        raw_m, key_m, frame_m = char_masks(raw), char_masks(key), char_masks(frame)
        lr, lk, lf = len(raw), len(key), len(frame)
        frame_sims: dict[str, float] = {}  # many keys share a frame
        found: list[tuple[int, float, str]] = []
        for fkey, fframe, low, high, group in zip(keys, frames, shortest, longest, members, strict=True):
            # Bounds first: ratio(a, b) <= 2 min(|a|, |b|) / (|a| + |b|), so a whole
            # group is passed over when even its best spelling could not reach the
            # threshold; then form by form, the spelling's ratio last.
            nearest = min(max(lr, low), high)
            best_r = 2 * min(lr, nearest) / (lr + nearest)
            bound_k = 2 * min(lk, len(fkey)) / (lk + len(fkey))
            if best_r + bound_k < 2 * threshold:
                continue
            sim_k = ratio(key_m, lk, fkey)
            three = bool(lf and fframe)
            sim_f = 0.0
            if three:
                got = frame_sims.get(fframe)
                sim_f = frame_sims[fframe] = ratio(frame_m, lf, fframe) if got is None else got
                if (sim_k + best_r + sim_f) / 3 < threshold:
                    continue
            elif (sim_k + best_r) / 2 < threshold:
                continue
            for form in group.split(" "):
                n, fraw, ref = form.split(",")
                bound_r = 2 * min(lr, len(fraw)) / (lr + len(fraw))
                if bound_r + bound_k < 2 * threshold:
                    continue
                if three:
                    if (sim_k + bound_r + sim_f) / 3 < threshold:
                        continue
                    sim = (sim_k + ratio(raw_m, lr, fraw) + sim_f) / 3
                else:
                    if (sim_k + bound_r) / 2 < threshold:
                        continue
                    sim = (sim_k + ratio(raw_m, lr, fraw)) / 2
                if sim >= threshold:
                    found.append((int(n), sim, ref))
        found.sort()  # offered in the order the forms were indexed
        for _, sim, ref in found:
            rec, s = self._src(ref)
            why = phrase._("typo-tolerant ≈ '{name}' ({percent}%)", name=s[0], percent=round(sim * 100))
            best.offer(rec, _typo_score(sim), "typo", s[0], why)

    def _hangul_typo(self, h: str, best: _Best, threshold: float, min_len: int) -> None:
        """Typo tier for Hangul: Indel ratio of keystroke jamo."""
        if all(hg.is_compat_consonant(c) for c in h):
            return
        keys = hg.keystrokes(h)
        if len(keys) < min_len:
            return
        masks = char_masks(keys)
        sims: dict[str, float] = {}  # forms that share keystrokes (a given name in many records)
        for text, fkeys, _, ref, _ in self._hangul_forms():
            if 2 * min(len(keys), len(fkeys)) < threshold * (len(keys) + len(fkeys)):
                continue
            sim = sims.get(fkeys)
            if sim is None:
                sim = sims[fkeys] = ratio(masks, len(keys), fkeys)
            if sim >= threshold:
                why = phrase._("typo-tolerant ≈ {name} ({percent}%)", name=text, percent=round(sim * 100))
                rec, _ = self._src(ref)
                best.offer(rec, _typo_score(sim), "typo", text, why)
