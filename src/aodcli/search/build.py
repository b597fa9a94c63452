"""Building the name index (SEARCH.md §4.4) as plain data.

Everything built here is made of tuples, lists, dicts, str, int, bool and None,
so :mod:`marshal` can store it and load it back fast (see ``NameIndex.to_blob``).

A *source* tells where an indexed spelling came from, so that every hit can say
why it matched: ``(record, label, origin, parent, flipped)``. Tables map a key
to the sources of that key, at most one per record and in record order; the
first source stored for a record wins, so the display name beats the generated
RR, which beats an alias.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import hangul as hg
from .model import NameRecord
from .normalize import Query, parse
from .skeleton import SURNAMES, full_keys, given_keys, surname_key

#: (record, label, origin, parent, flipped). ``label`` is the form as written
#: ("Park Solomon", "Su-hyeok", "청산"); ``origin`` is "name", "rr" or an alias
#: kind; ``parent`` is, for a given name, the full form it belongs to;
#: ``flipped`` marks a full name indexed given name first.
Src = tuple[int, str, str, str, bool]
#: key -> sources, at most one per record, in record order.
Table = dict[str, list[Src]]
#: One spelling of a record's surname: (record, label "Lee", Hangul "이" or
#: None, normalized spelling "lee", origin, the full form it was taken from).
Sur = tuple[int, str, "str | None", str, str, str]
#: A Latin form for the prefix scan: (spelling, skeleton keys, source, is a given name).
Prefix = tuple[str, tuple[str, ...], Src, bool]
#: A Latin form for the typo scan: (spelling, tokens, source).
TypoSrc = tuple[str, tuple[str, ...], Src]
#: A Hangul form for the prefix, pattern and typo scans:
#: (text, keystroke jamo, 초성, source, is a given name).
HForm = tuple[str, str, str, Src, bool]
#: A record as plain data, the fields of :class:`NameRecord` in order.
Row = tuple[str, str, str, "str | None", "str | None", "str | None", tuple[tuple[str, str], ...], int, "str | None"]

#: Common one-syllable Hangul surnames, to split a Hangul alias of a record
#: whose surname is unknown (박솔로몬 -> 박 + 솔로몬).
_HANGUL_SURNAMES = frozenset(
    "김이박최정강조윤장임한오서신권황안송전홍유고문양손배백허남심노하곽성차주우구민류나진지"
    "엄채원천방공현함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국용"
)


def row(rec: NameRecord) -> Row:
    return (rec.id, rec.kind, rec.name, rec.family, rec.hangul, rec.family_hangul, rec.aliases, rec.order, rec.link)


def _syllables(text: str) -> str:
    return "".join([c for c in text if "\uac00" <= c <= "\ud7a3"])


def _put(table: Table, key: str, src: Src) -> None:
    """Add ``src`` under ``key`` unless its record already has a source there.

    Records are added one after another, so a record's sources for one key
    are always at the end of that key's list.
    """
    got = table.get(key)
    if got is None:
        table[key] = [src]
    elif got[-1][0] != src[0]:
        got.append(src)


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


class Builder:
    """Adds records one by one to plain-data tables."""

    def __init__(self) -> None:
        self.exact: Table = {}
        self.variant: Table = {}
        self.given: Table = {}
        self.given_variant: Table = {}
        self.syllable: Table = {}
        self.surname: dict[str, list[Sur]] = {}
        self.prefix: list[Prefix] = []
        self.typo_src: list[TypoSrc] = []
        self.h_full: Table = {}
        self.h_given: Table = {}
        self.h_syllable: Table = {}
        self.h_surname: dict[str, list[Sur]] = {}
        self.cho_full: Table = {}
        self.cho_given: Table = {}
        self.h_forms: list[HForm] = []
        self._surname_seen: set[tuple[int, str]] = set()
        self._h_surname_seen: set[tuple[int, str]] = set()
        # Build-time memos: a large pack repeats many names and syllables.
        self._parsed: dict[str, Query] = {}
        self._keys: dict[str, str] = {}

    def add_all(self, records: Iterable[NameRecord]) -> None:
        for i, rec in enumerate(records):
            self.add(i, rec)

    def _parse(self, text: str) -> Query:
        q = self._parsed.get(text)
        if q is None:
            q = self._parsed[text] = parse(text)
        return q

    def _keystrokes(self, text: str) -> str:
        k = self._keys.get(text)
        if k is None:
            k = self._keys[text] = hg.keystrokes(text)
        return k

    def add(self, i: int, rec: NameRecord) -> None:
        h = _syllables(rec.hangul or "")
        fam_h = _syllables(rec.family_hangul or "")
        if not (fam_h and h.startswith(fam_h) and len(h) > len(fam_h)):
            fam_h = ""
        family = self._parse(rec.family).raw if rec.family else ""
        hints: set[str] = set()  # keys of the record's own surname, to split aliases
        if family:
            hints.add(surname_key(family))
        rr_sur, rr_given = hg.rr_name(h, len(fam_h)) if h else (None, "")
        if rr_sur:
            hints.add(surname_key(rr_sur.lower()))
        # Latin: display name, generated RR, then aliases (the first source wins a tie).
        self._add_latin(i, rec, rec.name, "name", _split_display(rec.name, family))
        rr_full = f"{rr_sur} {rr_given}" if rr_sur else rr_given
        if rr_given and self._parse(rr_full).raw != self._parse(rec.name).raw:
            self._add_latin(i, rec, rr_full, "rr", (rr_sur, rr_given) if rr_sur else None)
        for alias, kind in rec.aliases:
            if any(hg.is_hangul(c) for c in alias):
                continue
            split = _split_alias(alias, hints)
            if kind == "short" or (split is None and hints):
                # A nickname, or a given name spelled alone (Onjo, Nam Ra, Cheong-sak).
                self._add_given(self._parse(alias).tokens, (i, alias, kind, "", False))
            else:
                self._add_latin(i, rec, alias, kind, split)
        # Hangul: the name, then Hangul aliases.
        if h:
            self._add_hangul(i, rec, h, len(fam_h), "name")
        for alias, kind in rec.aliases:
            a = _syllables(alias)
            if not a or a == h or (fam_h and a == h[len(fam_h) :]):
                continue
            if kind == "short" or (len(a) < len(h) and h.endswith(a)):
                self._add_hangul_given(a, (i, a, kind, h if h.endswith(a) else "", False))
                continue
            fam_len = 0
            if fam_h and a.startswith(fam_h) and len(a) > len(fam_h):
                fam_len = len(fam_h)
            elif not rec.family_hangul and len(a) >= 3 and a[0] in _HANGUL_SURNAMES:
                fam_len = 1
            self._add_hangul(i, rec, a, fam_len, kind)

    def _add_latin(self, i: int, rec: NameRecord, text: str, origin: str, split: tuple[str, str] | None) -> None:
        stoks = self._parse(split[0]).tokens if split else ()
        gtoks = self._parse(split[1]).tokens if split else ()
        if not (split and stoks and gtoks):
            toks = self._parse(text).tokens
            if toks:
                self._add_unsplit(i, text, origin, toks)
            return
        sur, graw = "".join(stoks), "".join(gtoks)
        full: Src = (i, text, origin, "", False)
        flip: Src = (i, text, origin, "", True)
        gkeys = given_keys(gtoks)
        first = tuple(full_keys(sur, gkeys, surname_first=True))
        _put(self.exact, sur + graw, full)
        _put(self.exact, graw + sur, flip)
        variant = self.variant
        for k in first:
            _put(variant, k, full)
        for k in full_keys(sur, gkeys, surname_first=False):
            _put(variant, k, flip)
        if origin != "error":  # a misspelling matches as typed, and says nothing of surnames
            self.prefix.append((sur + graw, first, full, False))
            self.typo_src.append((sur + graw, stoks + gtoks, full))
            self.typo_src.append((graw + sur, gtoks + stoks, flip))
            entries = self.surname.setdefault(surname_key(sur), [])
            if (i, sur) not in self._surname_seen:  # a set: this loop runs for every name
                self._surname_seen.add((i, sur))
                entries.append((i, split[0], rec.family_hangul, sur, origin, text))
        self._add_given(gtoks, (i, split[1], origin, text, False), gkeys)

    def _add_unsplit(self, i: int, text: str, origin: str, toks: tuple[str, ...]) -> None:
        """A name without a known surname (stage names, given name only)."""
        src: Src = (i, text, origin, "", False)
        raw = "".join(toks)
        keys = tuple(given_keys(toks))
        _put(self.exact, raw, src)
        for k in keys:
            _put(self.variant, k, src)
        if origin == "error":
            return
        self.prefix.append((raw, keys, src, False))
        self.typo_src.append((raw, toks, src))
        if len(toks) > 1:
            given: Src = (i, text, origin, text, False)
            for t in toks:
                _put(self.syllable, t, given)

    def _add_given(self, toks: tuple[str, ...], src: Src, keys: set[str] | None = None) -> None:
        if not toks:
            return
        raw = "".join(toks)
        fkeys = tuple(keys if keys is not None else given_keys(toks))
        _put(self.given, raw, src)
        for k in fkeys:
            _put(self.given_variant, k, src)
        if src[2] == "error":
            return
        for t in toks:
            _put(self.syllable, t, src)
        self.prefix.append((raw, fkeys, src, True))
        self.typo_src.append((raw, toks, src))

    def _add_hangul(self, i: int, rec: NameRecord, h: str, fam_len: int, origin: str) -> None:
        src: Src = (i, h, origin, "", False)
        _put(self.h_full, h, src)
        if origin == "error":  # a misspelling matches only as typed
            return
        cho = hg.choseong(h)
        _put(self.cho_full, cho, src)
        self.h_forms.append((h, self._keystrokes(h), cho, src, False))
        if not fam_len:
            return
        fam, given = h[:fam_len], h[fam_len:]
        entries = self.h_surname.setdefault(fam, [])
        if (i, fam) not in self._h_surname_seen:
            self._h_surname_seen.add((i, fam))
            label = rec.family or hg.rr_name(h, fam_len)[0] or fam
            entries.append((i, label, fam, fam, origin, h))
        for c in given:
            _put(self.h_syllable, c, src)
        self._add_hangul_given(given, (i, given, origin, h, False))

    def _add_hangul_given(self, given: str, src: Src) -> None:
        _put(self.h_given, given, src)
        if src[2] == "error":
            return
        cho = hg.choseong(given)
        _put(self.cho_given, cho, src)
        self.h_forms.append((given, self._keystrokes(given), cho, src, True))
