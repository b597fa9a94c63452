"""The name index (docs/search.md): built once, queried in tiers.

``build.py`` turns the records into a few big strings (lookup tables split in
shards) and per-record data; every indexed spelling keeps its *source*, so each
hit can say why it matched. :meth:`NameIndex.to_blob` stores a built index as
a :mod:`marshal` blob and :meth:`NameIndex.from_blob` loads it back in a small
fraction of the time a build takes: a loaded index decodes a record only when a
query reaches it, and the typo scan's forms only on the first typo query.
"""

from __future__ import annotations

import marshal
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, cast

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
from .skeleton import collapse, given_keys, plain_key, query_keys, skeleton_token, surname_key

LATIN_TYPO_MIN = 0.62
HANGUL_TYPO_MIN = 0.75
SUGGEST_LATIN_MIN = 0.5
SUGGEST_HANGUL_MIN = 0.6
TYPO_MIN_LETTERS = 4  # Latin letters, or Hangul keystroke jamo

#: Version of the stored layout *and* of the indexing rules. Change it with
#: any change that could change what an index holds, so stored indexes are
#: rebuilt (``finder`` also keys its cache on this package's files).
INDEX_FORMAT = 2
_MAGIC = b"AODNAMEIDX"
_HEADER = len(_MAGIC) + 2 + 4 + 4  # magic, format, size and CRC-32 of the header (2, 4, 4 bytes)

#: The lookup tables, in stored order (see ``build.Builder``).
_TABLES = (
    "exact", "variant", "given", "given_variant", "syllable", "surname", "h_full", "h_given",
    "h_syllable", "h_surname", "cho_full", "cho_given", "prefix_forms", "prefix_keys", "h_keys", "h_cho",
)  # fmt: skip
#: The stored parts, in order.
_PARTS = ("kinds", "records", *_TABLES, "typo", "h_forms")

_KIND_WORDS = {
    "spelling": "spelling",
    "stage": "stage name",
    "legal": "legal name",
    "short": "short name",
    "hangul": "Hangul form",
    "error": "known misspelling",
}

#: The typo scan's forms grouped by skeleton key, as parallel columns: the keys,
#: their consonant frames, the length of the shortest and of the longest spelling
#: in each group (one byte each: a longer one counts as 255, which only loosens
#: the bound, as queries have at most 64 letters), and each group's forms as
#: "number,spelling,<record>.<source>" separated by spaces.
TypoGroups = tuple[list[str], list[str], bytes, bytes, list[str]]
#: A Hangul form: (text, keystroke jamo, 초성, "<record>.<source>", is a given name).
HForm = tuple[str, str, str, str, bool]


def _named(s: Src) -> str:
    """How a reason names this full form."""
    label, origin = s[0], s[1]
    if origin == "name":
        return f"'{label}'"
    if origin == "rr":
        return f"RR name '{label}'"
    if origin == "error":
        return f"known misspelling '{label}'"
    return f"alias '{label}' ({_KIND_WORDS.get(origin, origin)})"


def _given_named(s: Src) -> str:
    """How a reason names this given-name form."""
    label, origin, parent = s[0], s[1], s[2]
    if origin == "name":
        return f"given name '{label}'"
    if origin == "rr":
        return f"RR given name '{label}'"
    if origin == "error":
        return f"given name of known misspelling '{parent}'" if parent else f"known misspelling '{label}'"
    kind = _KIND_WORDS.get(origin, origin)
    if not parent:
        return f"alias '{label}' ({kind})"
    return f"given name '{label}' of alias '{parent}' ({kind})"


def _order_note(s: Src) -> str:
    return " (given name first)" if s[3] else ""


def _surname_reason(e: Sur) -> str:
    label, hangul, origin, parent = e[0], e[1], e[3], e[4]
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


class _Corrupt(Exception):
    """A stored part of the index failed its check (when it was first used)."""


def _wrong_shape() -> ValueError:
    return ValueError("name index has the wrong shape")


def _loads(view: memoryview, crc: int, what: str) -> Any:
    """A stored marshal payload, checked; _Corrupt when it fails."""
    if zlib.crc32(view) != crc:
        raise _Corrupt(f"checksum of {what}")
    try:
        return marshal.loads(view)
    except (EOFError, ValueError, TypeError) as err:
        raise _Corrupt(f"{what}: {err}") from None


def _index_size(count: int) -> int:
    """Bytes of the records' index: count + 1 offsets and count CRC-32s, 4 bytes each."""
    return 4 * (2 * count + 1)


def _packed(items: list[bytes]) -> bytes:
    """Items stored one after another behind their index (see :func:`_index_size`)."""
    offsets, at = [0], 0
    for item in items:
        at += len(item)
        offsets.append(at)
    numbers = offsets + [zlib.crc32(item) for item in items]
    return b"".join([n.to_bytes(4, "little") for n in numbers] + items)


def _uint32s(view: memoryview) -> Sequence[int]:
    """Little-endian 4-byte numbers."""
    if sys.byteorder == "little":
        return view.cast("I")  # native unsigned int: 4 bytes wherever Python runs
    return [int.from_bytes(view[k : k + 4], "little") for k in range(0, len(view), 4)]


class NameIndex:
    """Find people and characters by any spelling (docs/search.md)."""

    _records: list[NameRecord | None]
    _data: list[RecordData | None]
    _where: Sequence[int] | None  # a loaded index: the records' offsets, then their CRC-32s
    _kind_of: list[str] | None
    _tables: dict[str, Shards]
    _typo_src: list[TypoSrc]
    _typo: TypoGroups | None
    _h_forms: list[HForm] | None
    # A loaded index: the blob, where each part is in it, and how to rebuild.
    _blob: bytes | None
    _parts: dict[str, tuple[int, int, int]]  # part -> (start, end, CRC-32)
    _rebuild: Callable[[], NameIndex] | None

    def __init__(self, records: Iterable[NameRecord]) -> None:
        recs = list(records)
        b = Builder()
        b.add_all(recs)
        self._records = list(recs)
        self._data = list(b.records)
        self._where = None
        self._kind_of = [r.kind for r in recs]
        self._tables = {name: getattr(b, name).shards() for name in _TABLES}
        self._typo_src, self._typo = b.typo_src, None
        self._h_forms = [(t, k, c, f"{r}.{j}", g) for t, k, c, r, j, g in b.h_forms]
        self._blob, self._parts, self._rebuild = None, {}, None

    # ----------------------------------------------------------------- blobs

    def to_blob(self) -> bytes:
        """The whole index as bytes for :meth:`from_blob`.

        A header (magic, format, the place and CRC-32 of every part) and the
        parts, each one :mod:`marshal` payload of plain data (lists, dicts, str,
        bytes): the records, each lookup table, the typo scan's forms. So a
        loaded index needs no building, and reads only the parts a query uses.
        """
        if self._blob is not None:  # a loaded index: the same bytes, once checked
            try:
                self._load_all()
            except _Corrupt as err:
                raise ValueError(f"name index is corrupt ({err})") from None
            return self._blob
        records = [marshal.dumps(self._record_data(i)) for i in range(len(self._data))]
        keys, frames, shortest, longest, members = self._typo_groups()
        typo = ("\n".join(keys), "\n".join(frames), shortest, longest, "\n".join(members))
        h_forms = "\n".join(f"{t}\t{k}\t{c}\t{ref}\t{int(g)}" for t, k, c, ref, g in self._hangul_forms())
        tables = [marshal.dumps(self._tables[name]) for name in _TABLES]
        chunks = [marshal.dumps(self._kinds()), _packed(records), *tables, marshal.dumps(typo), marshal.dumps(h_forms)]
        where, at = [], 0
        for name, chunk in zip(_PARTS, chunks, strict=True):
            # The records are checked one by one: the part's CRC covers their index only.
            checked = chunk[: _index_size(len(records))] if name == "records" else chunk
            where.append((name, at, at + len(chunk), zlib.crc32(checked)))
            at += len(chunk)
        header = marshal.dumps((INDEX_FORMAT, len(records), where))
        head = _MAGIC + INDEX_FORMAT.to_bytes(2, "big") + len(header).to_bytes(4, "big")
        return b"".join([head, zlib.crc32(header).to_bytes(4, "big"), header, *chunks])

    @classmethod
    def from_blob(cls, blob: bytes, *, rebuild: Callable[[], NameIndex] | None = None) -> NameIndex:
        """An index stored by :meth:`to_blob`; ValueError when ``blob`` is not one.

        Without ``rebuild``, every part is checked and loaded now: another
        format, a truncated or a corrupt blob (each part has a CRC-32) raises
        ValueError here. With ``rebuild`` only the header is checked now, and
        each part when a query first needs it; should one fail, the index
        calls ``rebuild()`` and carries on with the index it returns.
        """
        if len(blob) < _HEADER or blob[: len(_MAGIC)] != _MAGIC:
            raise ValueError("not a name index")
        if int.from_bytes(blob[len(_MAGIC) : len(_MAGIC) + 2], "big") != INDEX_FORMAT:
            raise ValueError("name index of another format")
        size = int.from_bytes(blob[_HEADER - 8 : _HEADER - 4], "big")
        header = memoryview(blob)[_HEADER : _HEADER + size]
        if len(header) != size or zlib.crc32(header) != int.from_bytes(blob[_HEADER - 4 : _HEADER], "big"):
            raise ValueError("name index is corrupt (header)")
        try:
            fmt, count, where = marshal.loads(header)
        except (EOFError, ValueError, TypeError) as err:
            raise ValueError(f"name index is corrupt ({err})") from None
        if fmt != INDEX_FORMAT or not isinstance(count, int) or count < 0 or not isinstance(where, list):
            raise _wrong_shape()
        if len(where) != len(_PARTS) or not all(isinstance(w, tuple) and len(w) == 4 for w in where):
            raise _wrong_shape()
        base, parts = _HEADER + size, {}
        for (name, start, end, crc), expected in zip(where, _PARTS, strict=True):
            if name != expected or not all(isinstance(n, int) for n in (start, end, crc)):
                raise _wrong_shape()
            if not 0 <= start <= end <= len(blob) - base:
                raise _wrong_shape()
            parts[name] = (base + start, base + end, crc)
        if parts["records"][1] - parts["records"][0] < _index_size(count):
            raise _wrong_shape()
        self = cls.__new__(cls)
        self._records = [None] * count
        self._data = [None] * count
        self._where, self._kind_of, self._tables = None, None, {}
        self._typo_src, self._typo, self._h_forms = [], None, None
        self._blob, self._parts, self._rebuild = blob, parts, rebuild
        if rebuild is None:
            try:
                self._load_all()
            except _Corrupt as err:
                raise ValueError(f"name index is corrupt ({err})") from None
        return self

    def _load_all(self) -> None:
        self._kinds()
        for i in range(len(self._data)):
            self._record_data(i)
        for name in _TABLES:
            self._table(name)
        self._typo_groups()
        self._hangul_forms()

    def _part(self, name: str) -> Any:
        """One stored part, checked and loaded; _Corrupt when it fails."""
        assert self._blob is not None
        start, end, crc = self._parts[name]
        return _loads(memoryview(self._blob)[start:end], crc, name)

    def _retry(self) -> None:
        """A part failed its check: carry on with the rebuilt index."""
        if self._rebuild is None:  # from_blob() without rebuild checked every part already
            raise ValueError("name index is corrupt")
        fresh = self._rebuild()
        self.__dict__.update(fresh.__dict__)

    # ------------------------------------------------------- lazy decoding

    def _kinds(self) -> list[str]:
        if self._kind_of is None:
            kinds = self._part("kinds")
            if not (isinstance(kinds, list) and len(kinds) == len(self._data)):
                raise _Corrupt("kinds")
            self._kind_of = kinds
        return self._kind_of

    def _stored_record(self, i: int) -> RecordData:
        """Record ``i`` of a loaded index, checked on its own (a hit reads few records)."""
        assert self._blob is not None
        start, end, crc = self._parts["records"]
        count = len(self._data)
        if self._where is None:
            index = memoryview(self._blob)[start : start + _index_size(count)]
            if zlib.crc32(index) != crc:
                raise _Corrupt("checksum of the records' index")
            self._where = _uint32s(index)
        first, last = start + _index_size(count), end
        at, to = first + self._where[i], first + self._where[i + 1]
        if not first <= at <= to <= last:
            raise _Corrupt(f"place of record {i}")
        data = _loads(memoryview(self._blob)[at:to], self._where[count + 1 + i], f"record {i}")
        if not (isinstance(data, tuple) and len(data) == 3):
            raise _Corrupt(f"record {i}")
        return cast(RecordData, data)

    def _table(self, name: str) -> Shards:
        table = self._tables.get(name)
        if table is None:
            table = self._part(name)
            if not isinstance(table, dict):
                raise _Corrupt(name)
            self._tables[name] = table
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
        if self._blob is not None:
            stored = self._part("typo")
            if not (isinstance(stored, tuple) and len(stored) == 5):
                raise _Corrupt("typo")
            keys, frames, shortest, longest, members = stored
            if not (isinstance(keys, str) and isinstance(frames, str) and isinstance(members, str)):
                raise _Corrupt("typo")
            if not (isinstance(shortest, bytes) and isinstance(longest, bytes)):
                raise _Corrupt("typo")
            if not keys:
                self._typo = ([], [], b"", b"", [])
                return self._typo
            self._typo = (keys.split("\n"), frames.split("\n"), shortest, longest, members.split("\n"))
            if not len(self._typo[0]) == len(self._typo[1]) == len(shortest) == len(longest) == len(self._typo[4]):
                raise _Corrupt("typo")
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
            text = self._part("h_forms")
            if not isinstance(text, str):
                raise _Corrupt("h_forms")
            self._h_forms = [
                (t, k, c, ref, g == "1") for t, k, c, ref, g in (line.split("\t") for line in text.split("\n") if line)
            ]
        return self._h_forms

    # ---------------------------------------------------------------- search

    def search(self, query: str, *, kinds: set[str] | None = None, limit: int | None = None) -> list[Hit]:
        """Ranked hits for ``query``; typo hits only when nothing scores 70 or more."""
        try:
            return self._search(query, kinds, limit)
        except _Corrupt:
            self._retry()
            return self._search(query, kinds, limit)

    def suggest(self, query: str, *, kinds: set[str] | None = None) -> Hit | None:
        """The closest typo-tier match for "did you mean", with a looser threshold
        (similarity 0.5 Latin, 0.6 Hangul) than :meth:`search` uses."""
        try:
            return self._suggest(query, kinds)
        except _Corrupt:
            self._retry()
            return self._suggest(query, kinds)

    def _best(self, kinds: set[str] | None) -> _Best:
        return _Best(self._kinds() if kinds is not None else [], kinds)

    def _search(self, query: str, kinds: set[str] | None, limit: int | None) -> list[Hit]:
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

    def _suggest(self, query: str, kinds: set[str] | None) -> Hit | None:
        q = parse(query)
        best = self._best(kinds)
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
        t = self._table
        for rec, s in self._srcs(lookup(t("exact"), raw)):
            why = f"exact name '{s[0]}'" if s[1] == "name" else _named(s)
            best.offer(rec, EXACT, "exact", s[0], why + _order_note(s))
        keys = query_keys(toks)
        for k in keys:
            for rec, s in self._srcs(lookup(t("variant"), k)):
                why = f"spelling variant of {_named(s)}{_order_note(s)}"
                best.offer(rec, VARIANT, "variant", s[0], why)
        for rec, s in self._srcs(lookup(t("given"), raw)):
            best.offer(rec, GIVEN, "given", s[0], _given_named(s))
        for k in given_keys(toks):
            if len(k) < 3:  # a 1-2 letter key is too lossy ("zzqq" would equal "JQ")
                continue
            for rec, s in self._srcs(lookup(t("given_variant"), k)):
                why = f"spelling variant of {_given_named(s)}"
                best.offer(rec, GIVEN_VARIANT, "given-variant", s[0], why)
        if len(toks) == 1:
            self._latin_surname(raw, best)
        if len(raw) >= 3:
            self._latin_prefix(raw, [k for k in keys if len(k) >= 3], best)
        if len(toks) == 1:
            for rec, s in self._srcs(lookup(t("syllable"), raw)):
                why = f"syllable '{raw}' of {_given_named(s)}"
                best.offer(rec, SYLLABLE, "syllable", s[0], why)

    def _latin_surname(self, tok: str, best: _Best) -> None:
        entries = self._surs(lookup(self._table("surname"), surname_key(tok)))
        # The key is lossy (Cho and Joo share one). A record spelled exactly as
        # typed narrows the match to its Hangul surname.
        evidence = {e[1] for _, e in entries if e[2] == tok and e[1]}
        for rec, e in entries:
            if e[2] != tok and evidence and e[1] and e[1] not in evidence:
                continue
            if best.wants(rec, SURNAME):
                best.offer(rec, SURNAME, "surname", e[0], _surname_reason(e))

    def _latin_prefix(self, raw: str, keys: list[str], best: _Best) -> None:
        """Full and given forms that start with the query, as typed or as a key."""
        found: set[str] = set()
        exact: list[str] = []  # the query itself is no prefix match
        for form, ref in prefixed(self._table("prefix_forms"), raw):
            if form == raw:
                exact.append(ref)
            else:
                found.add(ref)
        for k in keys:
            found.update(ref for _, ref in prefixed(self._table("prefix_keys"), k))
        found.difference_update(exact)
        for rec, j, given in _in_order(found, best, PREFIX):
            if not best.wants(rec, PREFIX_GIVEN if given else PREFIX):
                continue
            s = self._record_data(rec)[1][j]
            if given:
                best.offer(rec, PREFIX_GIVEN, "prefix", s[0], f"prefix of {_given_named(s)}")
            else:
                best.offer(rec, PREFIX, "prefix", s[0], f"prefix of {_named(s)}")

    def _hangul(self, h: str, best: _Best) -> None:
        if all(hg.is_compat_consonant(c) for c in h):
            self._initials(h, best)
            return
        t = self._table
        for rec, s in self._srcs(lookup(t("h_full"), h)):
            why = f"한글 name {s[0]}" if s[1] == "name" else f"한글 {_named(s)}"
            best.offer(rec, HANGUL, "hangul", s[0], why)
        if any(hg.is_compat_consonant(c) for c in h) and any(hg.is_syllable(c) for c in h):
            for text, _, cho, ref, given in self._hangul_forms():  # a mixed pattern: 남ㅇㅈ, ㄴ온조
                if len(text) == len(h) and all(a in (b, c) for a, b, c in zip(h, text, cho, strict=True)):
                    rec, s = self._src(ref)
                    self._offer_initials(h, rec, s, given, best)
        for rec, s in self._srcs(lookup(t("h_given"), h)):
            best.offer(rec, GIVEN, "given", s[0], f"한글 given name {s[0]}")
        for rec, e in self._surs(lookup(t("h_surname"), h)):
            best.offer(rec, SURNAME, "surname", e[0], f"surname {e[0]} ({h})")
        keys = hg.keystrokes(h)
        if len(keys) >= 2:
            found: set[str] = set()
            for fkeys, ref in prefixed(t("h_keys"), keys):
                if fkeys != keys:
                    found.add(ref)
            for rec, j, given in _in_order(found, best, PREFIX):
                score = PREFIX_GIVEN if given else PREFIX
                if not best.wants(rec, score):
                    continue
                text = self._record_data(rec)[1][j][0]
                note = " (given name)" if given else ""
                best.offer(rec, score, "prefix", text, f"한글 prefix {h}… = {text}{note}")
        if len(h) == 1:
            for rec, s in self._srcs(lookup(t("h_syllable"), h)):
                best.offer(rec, SYLLABLE, "syllable", s[0], f"syllable {h} of {s[0]}")

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
            why = f"initials prefix {h}… = {text}" + (" (given name)" if given else "")
            best.offer(rec, SYLLABLE, "prefix", text, why)

    @staticmethod
    def _offer_initials(h: str, rec: int, s: Src, given: bool, best: _Best) -> None:
        if given:
            why = f"initials {h} = {s[0]} (given name)"
            best.offer(rec, INITIALS_GIVEN, "initials-given", s[0], why)
        else:
            best.offer(rec, INITIALS, "initials", s[0], f"initials {h} = {s[0]}")

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
            why = f"typo-tolerant ≈ '{s[0]}' ({round(sim * 100)}%)"
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
                why = f"typo-tolerant ≈ {text} ({round(sim * 100)}%)"
                rec, _ = self._src(ref)
                best.offer(rec, _typo_score(sim), "typo", text, why)
