"""Building the name index (docs/search.md) as a few big strings.

The index is stored (``NameIndex.to_payload``) and loaded back with :mod:`marshal`,
whose cost grows with the number of objects, not bytes. So the lookup tables
are not dicts of lists but text: each table is split into *shards* by the
first two characters of its keys (or the first Hangul syllable), and a shard
is one string of lines ``key<TAB>ref``, one per ref in the order stored,
found with ``str.find``. Keys are normalized spellings (a-z, Hangul
syllables, jamo), so they never hold a tab or newline. Loading a
5,000-record index is then a few thousand objects.

A *source* tells where an indexed spelling came from, so that a hit can say
why it matched: ``(label, origin, parent, flipped)``. ``label`` is the form as
written ("Park Solomon", "Su-hyeok", "청산"); ``origin`` is "name", "rr" or an
alias kind; ``parent`` is, for a given name, the full form it belongs to;
``flipped`` marks a full name indexed given name first. Sources (and surname
spellings) are kept per record, and a table refers to one as ``"<record>.<n>"``
(``"<record>/<n>"`` in the prefix tables when the form is a given name).
A table holds at most one source per record under a key, the first one stored:
the display name beats the generated RR, which beats an alias.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from . import hangul as hg
from .model import NameRecord
from .normalize import Query, parse
from .skeleton import SURNAMES, given_keys, surname_key

#: (label, origin, parent, flipped)
Src = tuple[str, str, str, bool]
#: One spelling of a record's surname: (label "Lee", Hangul "이" or None,
#: normalized spelling "lee", origin, the full form it was taken from).
Sur = tuple[str, "str | None", str, str, str]
#: A record as plain data: the fields of :class:`NameRecord` in order.
Row = tuple[str, str, str, "str | None", "str | None", "str | None", tuple[tuple[str, str], ...], int, "str | None"]
#: Everything a hit on one record may need: the record, its sources, its surnames.
RecordData = tuple[Row, tuple[Src, ...], tuple[Sur, ...]]
#: A form for the typo scan: (spelling, tokens, more tokens, record, source).
TypoSrc = tuple[str, tuple[str, ...], tuple[str, ...], int, int]
#: A table as stored: shard (see :func:`shard`) -> lines "\nkey\tref", then a newline.
Shards = dict[str, str]

#: Common one-syllable Hangul surnames, to split a Hangul alias of a record
#: whose surname is unknown (박솔로몬 -> 박 + 솔로몬).
_HANGUL_SURNAMES = frozenset(
    "김이박최정강조윤장임한오서신권황안송전홍유고문양손배백허남심노하곽성차주우구민류나진지"
    "엄채원천방공현함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국용"
)


def row(rec: NameRecord) -> Row:
    return (rec.id, rec.kind, rec.name, rec.family, rec.hangul, rec.family_hangul, rec.aliases, rec.order, rec.link)


# --------------------------------------------------------------------- tables


def shard(key: str) -> str:
    """Where a key is filed: under its first two characters, or its first Hangul syllable."""
    return key[:1] if "\uac00" <= key[:1] <= "\ud7a3" else key[:2]


class Table:
    """key -> refs while building; :meth:`shards` gives the stored form.

    Each ref is one line ``key<TAB>ref`` of the key's shard, in the order stored.
    With ``one_per_record``, a record's second ref under one key is dropped
    (records are added in order, so its first is the last one there).
    """

    __slots__ = ("_last", "_one", "_parts", "_width")

    def __init__(self, one_per_record: bool = True, hangul: bool = False) -> None:
        self._parts: dict[str, list[str]] = {}
        self._last: dict[str, int] = {}
        self._one = one_per_record
        self._width = 1 if hangul else 2  # see shard(): keys of Hangul syllables are filed by the first one

    def put(self, key: str, rec: int, ref: str) -> None:
        if self._one:
            if self._last.get(key) == rec:
                return
            self._last[key] = rec
        where = key[: self._width]
        got = self._parts.get(where)
        if got is None:
            self._parts[where] = [f"\n{key}\t{ref}"]
        else:
            got.append(f"\n{key}\t{ref}")

    def shards(self) -> Shards:
        return {where: "".join(lines) + "\n" for where, lines in self._parts.items()}


def lookup(shards: Shards, key: str) -> list[str]:
    """The refs stored under ``key``, in the order they were stored."""
    block = shards.get(shard(key))
    if block is None:
        return []
    needle = f"\n{key}\t"
    at = block.find(needle)
    if at < 0:
        return []
    refs = []
    while at >= 0:
        start = at + len(needle)
        end = block.index("\n", start)
        refs.append(block[start:end])
        at = block.find(needle, end)
    return refs


def prefixed(shards: Shards, prefix: str) -> Iterator[tuple[str, str]]:
    """(key, ref) of every key that starts with ``prefix``, in no set order."""
    where = shard(prefix)
    if len(where) == 2 or (where and "\uac00" <= where <= "\ud7a3"):
        block = shards.get(where)
        blocks = [block] if block is not None else []
    else:
        blocks = [b for s, b in shards.items() if s.startswith(prefix)]
    needle = "\n" + prefix
    for block in blocks:
        at = block.find(needle)
        while at >= 0:
            tab = block.index("\t", at + 1)
            end = block.index("\n", tab)
            yield block[at + 1 : tab], block[tab + 1 : end]
            at = block.find(needle, end)


# -------------------------------------------------------------------- builder


def _syllables(text: str) -> str:
    return "".join([c for c in text if "\uac00" <= c <= "\ud7a3"])


def _split_display(name: str, family: str, parse: Callable[[str], Query] = parse) -> tuple[str, str] | None:
    """(surname, given) of a display name: the first or last word spelled ``family``."""
    words = name.split()
    if not family or len(words) < 2:
        return None
    if parse(words[0]).raw == family:
        return words[0], " ".join(words[1:])
    if parse(words[-1]).raw == family:
        return words[-1], " ".join(words[:-1])
    return None


def _split_alias(alias: str, hints: set[str], parse: Callable[[str], Query] = parse) -> tuple[str, str] | None:
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
    """Adds records, in order, to the tables of the index."""

    def __init__(self) -> None:
        self.records: list[RecordData] = []
        self.exact = Table()
        self.variant = Table()
        self.given = Table()
        self.given_variant = Table()
        self.syllable = Table()
        self.surname = Table(one_per_record=False)  # refs to surname spellings
        self.h_full = Table(hangul=True)
        self.h_given = Table(hangul=True)
        self.h_syllable = Table(hangul=True)
        self.h_surname = Table(one_per_record=False, hangul=True)
        self.cho_full = Table()
        self.cho_given = Table()
        #: Latin prefix scan: full and given forms, and their skeleton keys. A
        #: source has at most one such form, so (record, source) orders them.
        self.prefix_forms = Table(one_per_record=False)
        self.prefix_keys = Table(one_per_record=False)
        #: Latin typo scan: (spelling, tokens, record, source).
        #: Latin typo scan: (spelling, tokens, more tokens, record, source); the
        #: tokens are in two parts so that their skeletons can be memoized.
        self.typo_src: list[TypoSrc] = []
        #: Hangul forms: (text, keystroke jamo, 초성, record, source, is a given name).
        self.h_forms: list[tuple[str, str, str, int, int, bool]] = []
        self.h_keys = Table(one_per_record=False)  # their keystroke jamo (one per source, too)
        self.h_cho = Table(one_per_record=False)  # their 초성
        # Per record, rebuilt by add():
        self._i = 0
        self._srcs: list[Src] = []
        self._surs: list[Sur] = []
        # Build-time memos: a large pack repeats many names and syllables.
        self._parsed: dict[str, Query] = {}
        self._keys: dict[str, str] = {}
        self._cho: dict[str, str] = {}
        self._given_keys: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._surname_keys: dict[str, str] = {}

    def add_all(self, records: Iterable[NameRecord]) -> None:
        for rec in records:
            self.add(rec)

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

    def _choseong(self, text: str) -> str:
        c = self._cho.get(text)
        if c is None:
            c = self._cho[text] = hg.choseong(text)
        return c

    def _gkeys(self, toks: tuple[str, ...]) -> tuple[str, ...]:
        k = self._given_keys.get(toks)
        if k is None:
            k = self._given_keys[toks] = tuple(given_keys(toks))
        return k

    def _skey(self, sur: str) -> str:
        k = self._surname_keys.get(sur)
        if k is None:
            k = self._surname_keys[sur] = surname_key(sur)
        return k

    def _src(self, label: str, origin: str, parent: str = "", flipped: bool = False) -> int:
        self._srcs.append((label, origin, parent, flipped))
        return len(self._srcs) - 1

    def _prefix(self, form: str, keys: Iterable[str], j: int, given: bool) -> None:
        ref = f"{self._i}/{j}" if given else f"{self._i}.{j}"
        self.prefix_forms.put(form, self._i, ref)
        for k in keys:
            self.prefix_keys.put(k, self._i, ref)

    def _h_form(self, text: str, j: int, given: bool) -> None:
        keys, cho = self._keystrokes(text), self._choseong(text)
        ref = f"{self._i}/{j}" if given else f"{self._i}.{j}"
        self.h_forms.append((text, keys, cho, self._i, j, given))
        self.h_keys.put(keys, self._i, ref)
        self.h_cho.put(cho, self._i, ref)

    def add(self, rec: NameRecord) -> None:
        self._i = len(self.records)
        self._srcs, self._surs = [], []
        h = _syllables(rec.hangul or "")
        fam_h = _syllables(rec.family_hangul or "")
        if not (fam_h and h.startswith(fam_h) and len(h) > len(fam_h)):
            fam_h = ""
        family = self._parse(rec.family).raw if rec.family else ""
        hints: set[str] = set()  # keys of the record's own surname, to split aliases
        if family:
            hints.add(self._skey(family))
        rr_sur, rr_given = hg.rr_name(h, len(fam_h)) if h else (None, "")
        if rr_sur:
            hints.add(self._skey(rr_sur.lower()))
        # Latin: display name, generated RR, then aliases (the first source wins a tie).
        self._add_latin(rec, rec.name, "name", _split_display(rec.name, family, self._parse))
        rr_full = f"{rr_sur} {rr_given}" if rr_sur else rr_given
        if rr_given and self._parse(rr_full).raw != self._parse(rec.name).raw:
            self._add_latin(rec, rr_full, "rr", (rr_sur, rr_given) if rr_sur else None)
        for alias, kind in rec.aliases:
            if not alias.isascii() and any(hg.is_hangul(c) for c in alias):
                continue
            split = _split_alias(alias, hints, self._parse)
            if kind == "short" or (split is None and hints):
                # A nickname, or a given name spelled alone (Onjo, Nam Ra, Cheong-sak).
                self._add_given(self._parse(alias).tokens, self._src(alias, kind), kind)
            else:
                self._add_latin(rec, alias, kind, split)
        # Hangul: the name, then Hangul aliases.
        if h:
            self._add_hangul(rec, h, len(fam_h), "name")
        for alias, kind in rec.aliases:
            a = _syllables(alias)
            if not a or a == h or (fam_h and a == h[len(fam_h) :]):
                continue
            if kind == "short" or (len(a) < len(h) and h.endswith(a)):
                self._add_hangul_given(a, self._src(a, kind, h if h.endswith(a) else ""), kind)
                continue
            fam_len = 0
            if fam_h and a.startswith(fam_h) and len(a) > len(fam_h):
                fam_len = len(fam_h)
            elif not rec.family_hangul and len(a) >= 3 and a[0] in _HANGUL_SURNAMES:
                fam_len = 1
            self._add_hangul(rec, a, fam_len, kind)
        self.records.append((row(rec), tuple(self._srcs), tuple(self._surs)))

    def _add_latin(self, rec: NameRecord, text: str, origin: str, split: tuple[str, str] | None) -> None:
        i = self._i
        stoks = self._parse(split[0]).tokens if split else ()
        gtoks = self._parse(split[1]).tokens if split else ()
        if not (split and stoks and gtoks):
            toks = self._parse(text).tokens
            if toks:
                self._add_unsplit(text, origin, toks)
            return
        sur, graw = "".join(stoks), "".join(gtoks)
        full = self._src(text, origin)
        flip = self._src(text, origin, flipped=True)
        full_ref, flip_ref = f"{i}.{full}", f"{i}.{flip}"
        gkeys = self._gkeys(gtoks)
        skey = self._skey(sur)  # full_keys(): the surname keyed as a surname, no collapse across
        first = [skey + g for g in gkeys]
        self.exact.put(sur + graw, i, full_ref)
        self.exact.put(graw + sur, i, flip_ref)
        variant = self.variant
        for k in first:
            variant.put(k, i, full_ref)
        for g in gkeys:
            variant.put(g + skey, i, flip_ref)
        if origin != "error":  # a misspelling matches as typed, and says nothing of surnames
            self._prefix(sur + graw, first, full, False)
            self.typo_src.append((sur + graw, stoks, gtoks, i, full))
            self.typo_src.append((graw + sur, gtoks, stoks, i, flip))
            if all(s[2] != sur for s in self._surs):  # one entry per spelling of the surname
                self._surs.append((split[0], rec.family_hangul, sur, origin, text))
                self.surname.put(skey, i, f"{i}.{len(self._surs) - 1}")
        self._add_given(gtoks, self._src(split[1], origin, text), origin, gkeys)

    def _add_unsplit(self, text: str, origin: str, toks: tuple[str, ...]) -> None:
        """A name without a known surname (stage names, given name only)."""
        i = self._i
        j = self._src(text, origin)
        ref = f"{i}.{j}"
        raw = "".join(toks)
        keys = self._gkeys(toks)
        self.exact.put(raw, i, ref)
        for k in keys:
            self.variant.put(k, i, ref)
        if origin == "error":
            return
        self._prefix(raw, keys, j, False)
        self.typo_src.append((raw, toks, (), i, j))
        if len(toks) > 1:
            given = f"{i}.{self._src(text, origin, text)}"
            for t in toks:
                self.syllable.put(t, i, given)

    def _add_given(self, toks: tuple[str, ...], j: int, origin: str, keys: tuple[str, ...] | None = None) -> None:
        if not toks:
            return
        i = self._i
        ref = f"{i}.{j}"
        raw = "".join(toks)
        keys = keys if keys is not None else self._gkeys(toks)
        self.given.put(raw, i, ref)
        for k in keys:
            self.given_variant.put(k, i, ref)
        if origin == "error":
            return
        for t in toks:
            self.syllable.put(t, i, ref)
        self._prefix(raw, keys, j, True)
        self.typo_src.append((raw, toks, (), i, j))

    def _add_hangul(self, rec: NameRecord, h: str, fam_len: int, origin: str) -> None:
        i = self._i
        j = self._src(h, origin)
        self.h_full.put(h, i, f"{i}.{j}")
        if origin == "error":  # a misspelling matches only as typed
            return
        self.cho_full.put(self._choseong(h), i, f"{i}.{j}")
        self._h_form(h, j, False)
        if not fam_len:
            return
        fam, given = h[:fam_len], h[fam_len:]
        if all(s[2] != fam for s in self._surs):  # one entry per Hangul surname
            label = rec.family or hg.rr_name(h, fam_len)[0] or fam
            self._surs.append((label, fam, fam, origin, h))
            self.h_surname.put(fam, i, f"{i}.{len(self._surs) - 1}")
        for c in given:
            self.h_syllable.put(c, i, f"{i}.{j}")
        self._add_hangul_given(given, self._src(given, origin, h), origin)

    def _add_hangul_given(self, given: str, j: int, origin: str) -> None:
        i = self._i
        self.h_given.put(given, i, f"{i}.{j}")
        if origin == "error":
            return
        self.cho_given.put(self._choseong(given), i, f"{i}.{j}")
        self._h_form(given, j, True)
