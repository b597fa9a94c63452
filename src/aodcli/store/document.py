"""The store document: strict parsing, schema validation and the canonical dump.

Shape (schema 3)::

    {"schema": 3, "min_reader": 3, "min_writer": 2, "generator": "aodcli 0.1.0",
     "revision": 7, "updated_at": "…Z", "checksum": "crc32:1a2b3c4d",
     "active_profile": "default",
     "profiles": {"default": {"id": "…", "ids": ["…"], "created_at": "…Z",
                              "shows": {"all-of-us-are-dead": {"events": [event, …]}}}},
     "profile_log": [entry, …], "journal": [entry, …], "removed_profiles": {…}}

``checksum`` (from schema 2): the CRC-32 of the document's canonical bytes
(:func:`dumps`) with the checksum's own value set to :data:`CHECKSUM_PLACEHOLDER`.
Every strict load verifies it, so a flipped digit anywhere is detected. Schema 1
files have none and still load; the next write adds one. ``min_writer`` is 2
because a schema 1 writer would keep a stale checksum when it rewrote the file.

Events and profile-log entries are declared in :mod:`aodcli.events` (one table;
every check here derives from it). Schema 3 adds each event's ``batch`` (the
command that wrote it), undos by batch (``undoes``), a profile's ``id`` (and
``ids``: the ids of the same-named profiles other devices made, merged into it
by ``aod sync``), the
removing device's ``seen`` on a profile removal, and two top-level keys that stay
on this device: ``journal`` (this device's commands, newest last, for ``aod
undo``/``redo``) and ``removed_profiles`` (removed profiles, kept for ``aod undo``,
by the id of their removal entry). ``min_reader`` is the lowest reader that
understands what the file holds (:func:`needed_reader`).

Fields and keys this aodcli does not know (a newer writer's optional ones) are
kept on rewrite and ignored; they must only be plain, bounded JSON. Errors name
the JSON path, e.g. ``profiles.default.shows.all-of-us-are-dead.events[12].at``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from json.encoder import encode_basestring as _encode_str  # the C escaper, no ASCII-only
from typing import Any, NoReturn

from aodcli import __version__
from aodcli.errors import StoreError
from aodcli.events import (
    FIELDS,
    ID_RE,
    JOURNAL_ENTRY,
    LOG_FIELDS,
    LOG_TYPES,
    MAX_NOTE_CHARS,
    PROFILE,
    PROFILE_RE,
    SLUG_RE,
    Shape,
    note_text_problem,
    reader_of,
    shape_problem,
)
from aodcli.events import problem as event_problem

from ..fileio import phrase
from ..fileio.phrase import Phrase
from .clock import is_utc

__all__ = [
    "CHECKSUM_PLACEHOLDER",
    "ID_RE",
    "JOURNAL_KEY",
    "MAX_NOTE_CHARS",
    "PROFILE_LOG_KEY",
    "PROFILE_RE",
    "READER",
    "REMOVED_KEY",
    "SCHEMA",
    "SLUG_RE",
    "WRITER",
    "CorruptStore",
    "NewerStore",
    "checksum_holds",
    "dump_text",
    "dumps",
    "empty_document",
    "generator",
    "load_bytes",
    "note_text_problem",
    "parse_bytes",
    "seal_checksum",
    "size_text",
    "upgrade",
    "validate_document",
    "validate_events",
    "validate_profile_log",
]

#: The schema this aodcli writes.
SCHEMA = 3
#: The highest ``min_reader`` this aodcli can read.
READER = 3
#: The highest ``min_writer`` this aodcli may rewrite.
WRITER = 3
#: The ``min_writer`` of what this aodcli writes: a schema 1 writer would keep a
#: stale checksum (as an unknown top-level key) when rewriting the file.
MIN_WRITER = 2
#: The first schema whose files always carry a checksum.
CHECKSUM_SCHEMA = 2

#: The largest store file aod reads, and so the largest it writes (one limit for both).
MAX_BYTES = 64 * 1024 * 1024
MAX_INT_DIGITS = 19  # fits in a signed 64-bit integer
MAX_EXTRA_DEPTH = 32  # nesting allowed inside unknown values

#: The optional top-level ``profile_log`` (entries: ``events.LOG_TYPES``).
PROFILE_LOG_KEY = "profile_log"
#: Optional top level: this device's own commands, newest last (``aod undo``/``redo``; never synced).
JOURNAL_KEY = "journal"
#: Optional top level: removed profiles kept for ``aod undo``, by the id of their removal entry.
REMOVED_KEY = "removed_profiles"
CHECKSUM_KEY = "checksum"
CHECKSUM_PLACEHOLDER = "crc32:00000000"
_CHECKSUM_RE = re.compile(r"crc32:[0-9a-f]{8}")
#: The canonical line a checksum is on: top level (indented by two), so a raw
#: newline followed by exactly two spaces and a quote (nothing nested is indented less).
_CHECKSUM_LINE = b'\n  "checksum": "'
_TOP_REQUIRED = (
    "schema",
    "min_reader",
    "min_writer",
    "generator",
    "revision",
    "updated_at",
    "active_profile",
    "profiles",
)

ASCII_PROFILE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,31}")  # what READER 1 accepts
_BAD_TEXT_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
_SIMPLE_KEY_RE = re.compile(r"[A-Za-z0-9_-]+")


class CorruptStore(StoreError):
    """The bytes are not a valid store. ``state`` is ``empty``, ``corrupt`` or ``invalid``.

    ``problem`` is the phrase that follows the file name in user messages
    ("is not valid JSON (line 1, column 1: …)"); ``str()`` is the same phrase. It is a
    :class:`~aodcli.fileio.phrase.Phrase`: English as data (``aod store check --json``),
    translated in a sentence. A document that fails the schema also carries the JSON
    path (``where``) and what is wrong there (``detail``).
    """

    def __init__(self, state: str, problem: Phrase, *, where: str | None = None, detail: str | None = None) -> None:
        super().__init__(problem)
        self.state = state
        self.problem = problem
        self.where = where
        self.detail = detail


class NewerStore(StoreError):
    """A store whose ``min_reader`` is above :data:`READER`: this aodcli cannot read it."""

    def __init__(self, generator: str | None, schema: int | None, min_reader: int) -> None:
        who = generator or phrase._("a newer aodcli")
        if schema is not None:
            problem = phrase._(
                "was written by {who} (store format {schema}), which this aodcli ({version}) cannot read",
                who=who,
                schema=schema,
                version=__version__,
            )
        else:
            problem = phrase._(
                "was written by {who} (min_reader {min_reader}), which this aodcli ({version}) cannot read",
                who=who,
                min_reader=min_reader,
                version=__version__,
            )
        super().__init__(problem)
        self.state = "newer-reader"
        self.problem = problem
        self.generator = generator
        self.schema = schema
        self.min_reader = min_reader


class _Reject(Exception):
    """Raised by the JSON hooks; turned into :class:`CorruptStore`."""


def generator() -> str:
    return f"aodcli {__version__}"


def empty_document(now: str) -> dict[str, Any]:
    """The document of a first run: one empty ``default`` profile, revision 0 (the
    checksum is added when it is written)."""
    return {
        "schema": SCHEMA,
        "min_reader": 1,
        "min_writer": MIN_WRITER,
        "generator": generator(),
        "revision": 0,
        "updated_at": now,
        "active_profile": "default",
        "profiles": {"default": {"created_at": now, "shows": {}}},
    }


# --------------------------------------------------------------------------- parsing


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Reject(phrase._("has a duplicate key {key}", key=_show(key)))
            seen.add(key)
    return obj


def _constant(name: str) -> NoReturn:
    raise _Reject(phrase._("contains {name}, which is not valid JSON", name=name))


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Reject(phrase._("contains an integer with {digits} digits (too large)", digits=len(text.lstrip("-"))))
    return int(text)


def _float(text: str) -> float:
    if len(text) > 64:
        raise _Reject(phrase._("contains a number that is too long"))
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _Reject(phrase._("contains a number that is out of range"))
    return value


def parse_bytes(data: bytes) -> Any:
    """Strict JSON: UTF-8 without BOM, no NaN/Infinity, no duplicate keys, bounded numbers.

    Raises :class:`CorruptStore` (state ``empty`` or ``corrupt``).
    """
    if not data.strip(b" \t\r\n\x00"):
        size = len(data)
        if not data:
            raise CorruptStore("empty", phrase._("is empty (0 bytes)"))
        if b"\x00" in data:
            raise CorruptStore(
                "empty",
                phrase.ngettext(
                    "is filled with NUL bytes ({size} byte)", "is filled with NUL bytes ({size} bytes)", size, size=size
                ),
            )
        raise CorruptStore(
            "empty",
            phrase.ngettext(
                "contains only whitespace ({size} byte)", "contains only whitespace ({size} bytes)", size, size=size
            ),
        )
    if len(data) > MAX_BYTES:
        raise CorruptStore("corrupt", phrase._("is larger than the {size} aod reads", size=size_text(MAX_BYTES)))
    if data.startswith(b"\xef\xbb\xbf"):
        raise CorruptStore("corrupt", phrase._("starts with a byte-order mark (BOM)"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise CorruptStore("corrupt", phrase._("is not valid UTF-8 (byte {byte})", byte=err.start)) from None
    try:
        return json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_constant=_constant,
            parse_int=_int,
            parse_float=_float,
        )
    except json.JSONDecodeError as err:
        raise CorruptStore(
            "corrupt",
            phrase._(
                "is not valid JSON (line {line}, column {column}: {problem})",
                line=err.lineno,
                column=err.colno,
                problem=err.msg,
            ),
        ) from None
    except _Reject as err:
        raise CorruptStore("corrupt", phrase._("is not valid JSON: it {problem}", problem=err.args[0])) from None
    except RecursionError:
        raise CorruptStore("corrupt", phrase._("nests arrays or objects too deeply")) from None
    except ValueError as err:  # int() limits and similar conversions
        raise CorruptStore("corrupt", phrase._("is not valid JSON ({problem})", problem=str(err))) from None


def load_bytes(data: bytes) -> dict[str, Any]:
    """Parse, verify the checksum of, and validate a whole store file.

    Returns the document, or raises :class:`CorruptStore` (empty, corrupt or
    invalid) or :class:`NewerStore`; never any other exception. A document whose
    ``min_writer`` is above :data:`WRITER` is returned: it can be read, not
    rewritten (the caller checks). The checksum is verified before the version
    fields are read, so a damaged ``min_reader`` reads as damage, not as "newer".
    """
    doc = parse_bytes(data)
    if type(doc) is dict:
        value = doc.get(CHECKSUM_KEY)
        if type(value) is str and _CHECKSUM_RE.fullmatch(value) and not _checksum_holds(data, doc, value):
            try:
                validate_document(doc)  # a change that broke the schema too: name that place
            except CorruptStore:
                raise
            except NewerStore:
                pass  # a damaged min_reader is damage, not a newer aodcli
            raise CorruptStore(
                "invalid",
                phrase._(
                    "does not match its checksum: it was changed outside aod (damaged on disk, or edited by hand)"
                ),
            )
    return validate_document(doc)


def size_text(n: int) -> Phrase:
    """``64 MiB``, ``69.2 MiB``, ``512 KiB``: a size for messages."""
    for unit, scale in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            value = n / scale
            return Phrase(f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}")
    return phrase.ngettext("{count} byte", "{count} bytes", n, count=n)


# --------------------------------------------------------------------------- checksum


def _crc(parts: tuple[bytes | memoryview, ...]) -> int:
    import zlib

    crc = 0
    for part in parts:
        crc = zlib.crc32(part, crc)
    return crc


def seal_checksum(data: bytes) -> tuple[bytes, str]:
    """``data`` (a canonical dump whose checksum is :data:`CHECKSUM_PLACEHOLDER`) with the
    real checksum in its place, and that checksum. One pass of CRC-32 over the bytes and
    one copy: no value is encoded again."""
    placeholder = _CHECKSUM_LINE + CHECKSUM_PLACEHOLDER.encode() + b'"'
    at = data.find(placeholder)
    if at < 0:
        raise ValueError("the document to seal has no checksum placeholder")
    start = at + len(_CHECKSUM_LINE)
    value = f"crc32:{_crc((data,)):08x}"
    return b"".join((data[:start], value.encode(), data[start + len(CHECKSUM_PLACEHOLDER) :])), value


def checksum_holds(data: bytes, doc: dict[str, Any]) -> bool:
    """Does ``doc`` (parsed from ``data``, written by :func:`dumps` and :func:`seal_checksum`)
    carry a well-formed checksum that matches its content?"""
    value = doc.get(CHECKSUM_KEY)
    return type(value) is str and bool(_CHECKSUM_RE.fullmatch(value)) and _checksum_holds(data, doc, value)


def _checksum_holds(data: bytes, doc: dict[str, Any], value: str) -> bool:
    """Does ``value`` match the content of ``doc`` (parsed from ``data``)?

    Files this aodcli wrote are canonical: the CRC of their bytes, with the value
    read as the placeholder, is computed without copying. A file in another layout
    (reformatted by hand, say) is encoded canonically first.
    """
    want = int(value[6:], 16)
    view = memoryview(data)
    at = data.find(_CHECKSUM_LINE + value.encode() + b'"')
    if at >= 0:
        start = at + len(_CHECKSUM_LINE)
        if _crc((view[:start], CHECKSUM_PLACEHOLDER.encode(), view[start + len(value) :])) == want:
            return True
    try:
        canonical = dumps({**doc, CHECKSUM_KEY: CHECKSUM_PLACEHOLDER})
    except (TypeError, ValueError, RecursionError):
        return False
    return _crc((canonical,)) == want


def upgrade(doc: dict[str, Any]) -> int:
    """Bring a document's header up to what this aodcli writes (in place; never down).
    Returns the schema it had. The events need no change from schema 1 to 2."""
    old: int = doc["schema"]
    doc["schema"] = max(old, SCHEMA)
    doc["min_writer"] = max(doc["min_writer"], MIN_WRITER)
    doc["min_reader"] = max(doc["min_reader"], needed_reader(doc))
    return old


def needed_reader(doc: dict[str, Any]) -> int:
    """The lowest ``READER`` that understands ``doc``: the highest of its events' and log
    entries' (``events.reader_of``) and of its profiles' fields (``events.PROFILE``: 3 once
    one has an id); 2 once a profile name is outside ASCII; else 1."""
    need = 1
    for name, prof in doc["profiles"].items():
        need = max([need, *(PROFILE.fields[k].reader for k in prof if k in PROFILE.names)])
        if not ASCII_PROFILE_RE.fullmatch(name):
            need = max(need, 2)
        for show in prof["shows"].values():
            events = show.get("events")
            for ev in events if isinstance(events, list) else ():
                need = max(need, reader_of(ev))
    for entry in doc.get(PROFILE_LOG_KEY) or ():
        need = max(need, reader_of(entry, LOG_TYPES, LOG_FIELDS))
    return need


def dumps(doc: dict[str, Any]) -> bytes:
    """The canonical bytes: sorted keys, 2-space indent, UTF-8, final newline.

    Byte-identical to ``json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False,
    allow_nan=False) + "\\n"`` (a property test holds it to that), but about three
    times faster on Python < 3.13, whose C encoder cannot indent.
    """
    out: list[str] = []
    _emit(doc, out, "\n")
    out.append("\n")
    return "".join(out).encode("utf-8")


def dump_text(obj: object, newline: str = "\n") -> str:
    """The canonical JSON text of ``obj`` as it appears nested where lines start with ``newline``."""
    out: list[str] = []
    _emit(obj, out, newline)
    return "".join(out)


def _scalar(obj: object) -> str | None:
    """JSON text of a scalar, or None for a list/dict."""
    if isinstance(obj, str):
        return _encode_str(obj)
    if obj is None:
        return "null"
    if obj is True:
        return "true"
    if obj is False:
        return "false"
    if isinstance(obj, int):
        return int.__repr__(obj)
    if isinstance(obj, float):
        if obj != obj or obj in (float("inf"), float("-inf")):
            raise ValueError("out of range float values are not JSON compliant")
        return float.__repr__(obj)
    if isinstance(obj, (dict, list)):
        return None
    raise TypeError(f"{type(obj).__name__} is not a JSON value")


def _emit(obj: object, out: list[str], newline: str) -> None:
    text = _scalar(obj)
    if text is not None:
        out.append(text)
        return
    inner = newline + "  "
    if isinstance(obj, dict):
        if not obj:
            out.append("{}")
            return
        sep = "{" + inner
        for key in sorted(obj):
            if not isinstance(key, str):
                raise TypeError(f"keys must be strings, not {type(key).__name__}")
            value = obj[key]
            # Strings are most leaves: encode them here rather than recursing.
            text = _encode_str(value) if type(value) is str else _scalar(value)
            if text is not None:
                out.append(f"{sep}{_encode_str(key)}: {text}")
            else:
                out.append(f"{sep}{_encode_str(key)}: ")
                _emit(value, out, inner)
            sep = "," + inner
        out.append(newline + "}")
    else:
        assert isinstance(obj, list)
        if not obj:
            out.append("[]")
            return
        sep = "[" + inner
        for item in obj:
            out.append(sep)
            _emit(item, out, inner)
            sep = "," + inner
        out.append(newline + "]")


# --------------------------------------------------------------------------- validation


def _show(value: object, limit: int = 40) -> str:
    """A short, printable rendering of a value for messages (never a lone surrogate)."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    if _SURROGATE_RE.search(text):
        text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _kind(value: object) -> Phrase:
    return phrase.json_kind(value)


def _join(path: str, key: str) -> str:
    if _SIMPLE_KEY_RE.fullmatch(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{json.dumps(key, ensure_ascii=True)}]"


def _fail(path: str, problem: str) -> NoReturn:
    """Raise the CorruptStore of a document that fails the schema at ``path`` (a JSON path,
    '' for the top level); ``problem``: what is wrong there."""
    where = path or phrase._("the top level")
    raise CorruptStore(
        "invalid",
        phrase._("is not a valid store: {where}: {problem}", where=where, problem=problem),
        where=where,
        detail=problem,
    )


def _missing() -> Phrase:
    return phrase._("missing")


def _expected_object(value: object) -> Phrase:
    return phrase._("expected an object, got {kind}", kind=_kind(value))


def _expected_list(value: object) -> Phrase:
    return phrase._("expected a list, got {kind}", kind=_kind(value))


def _want_int(obj: dict[str, Any], key: str, path: str, low: int, high: int | None = None) -> int:
    value = obj[key]
    if type(value) is not int:
        _fail(_join(path, key), phrase._("expected an integer, got {kind}", kind=_kind(value)))
    if value < low or (high is not None and value > high):
        if high is not None:
            _fail(
                _join(path, key),
                phrase._("expected an integer from {low} to {high}, got {value}", low=low, high=high, value=value),
            )
        _fail(_join(path, key), phrase._("expected an integer of at least {low}, got {value}", low=low, value=value))
    return value


def _want_time(value: object, path: str) -> None:
    if not is_utc(value):
        got = _show(value) if type(value) is str else _kind(value)
        _fail(path, phrase._("expected a UTC time ending in Z, got {value}", value=got))


def _want_keys(obj: dict[str, Any], keys: frozenset[str], path: str) -> None:
    if obj.keys() == keys:
        return
    missing = sorted(keys - obj.keys())
    if missing:
        _fail(_join(path, missing[0]), _missing())
    extra = sorted(obj.keys() - keys, key=str)
    _fail(_join(path, str(extra[0])), phrase._("unknown key"))


def _check_extra(value: object, path: str, depth: int = 0) -> None:
    """Unknown top-level values: any JSON, but bounded depth and no lone surrogates."""
    if depth > MAX_EXTRA_DEPTH:
        _fail(path, phrase._("nested too deeply"))
    kind = type(value)
    if kind is str:
        assert isinstance(value, str)
        if _SURROGATE_RE.search(value):
            _fail(path, phrase._("contains a lone surrogate (not valid Unicode)"))
    elif kind is list:
        assert isinstance(value, list)
        for i, item in enumerate(value):
            _check_extra(item, f"{path}[{i}]", depth + 1)
    elif kind is dict:
        assert isinstance(value, dict)
        for key, item in value.items():
            if type(key) is not str:
                _fail(path, phrase._("has a key that is not a string: {key!r}", key=key))
            if _SURROGATE_RE.search(key):
                _fail(path, phrase._("has a key with a lone surrogate (not valid Unicode)"))
            _check_extra(item, _join(path, key), depth + 1)
    elif kind is float:
        assert isinstance(value, float)
        if value != value or value in (float("inf"), float("-inf")):
            _fail(path, phrase._("a number out of range"))
    elif value is not None and kind not in (bool, int):
        _fail(path, phrase._("{kind} is not a JSON value", kind=kind.__name__))


_SHOW_KEYS = frozenset({"events"})


def _want_extras(obj: dict[str, Any], known: frozenset[str], path: str) -> None:
    """Keys of ``obj`` this aodcli does not know (a newer writer's): any JSON, bounded, valid Unicode."""
    for key, value in obj.items():
        if key not in known:
            if type(key) is not str:
                _fail(path, phrase._("has a key that is not a string: {key!r}", key=key))
            if _SURROGATE_RE.search(key):
                _fail(path, phrase._("has a key with a lone surrogate (not valid Unicode)"))
            _check_extra(value, _join(path, key))


def event_lists(doc: dict[str, Any]) -> Iterator[list[Any]]:
    """Every events list of a (valid) document, in one fixed order: the profiles', then the
    removed profiles' kept for undo."""
    for profile in doc["profiles"].values():
        for show in profile["shows"].values():
            yield show["events"]
    for entry in (doc.get(REMOVED_KEY) or {}).values():
        for show in entry["profile"]["shows"].values():
            yield show["events"]


def validate_document(doc: object, checked: dict[int, dict[str, Any]] | None = None) -> dict[str, Any]:
    """Check a parsed document against schemas 1 to 3; return it, or raise CorruptStore/NewerStore.

    Fields this aodcli does not know (a newer writer's optional ones) are kept and
    only checked to be plain, bounded JSON. ``checked`` maps events already checked
    (by ``id()``) to their value then: an event still equal to it is not checked
    again (a commit re-checks only what its change added or altered).
    """
    if type(doc) is not dict:
        _fail("", phrase._("expected a JSON object, got {kind}", kind=_kind(doc)))
    # Version fields first: a newer file is reported as newer, not as invalid.
    for key in ("schema", "min_reader", "min_writer"):
        if key not in doc:
            _fail(key, _missing())
    schema = _want_int(doc, "schema", "", 1)
    min_reader = _want_int(doc, "min_reader", "", 1)
    if min_reader > READER:
        gen = doc.get("generator")
        raise NewerStore(
            gen if type(gen) is str and not _SURROGATE_RE.search(gen) else None,
            schema,
            min_reader,
        )
    min_writer = _want_int(doc, "min_writer", "", 1)
    if min_reader > schema:
        _fail(
            "min_reader", phrase._("expected at most schema ({schema}), got {value}", schema=schema, value=min_reader)
        )
    if min_writer > schema:
        _fail(
            "min_writer", phrase._("expected at most schema ({schema}), got {value}", schema=schema, value=min_writer)
        )
    for key in _TOP_REQUIRED:
        if key not in doc:
            _fail(key, _missing())
    gen = doc["generator"]
    if type(gen) is not str or not gen or len(gen) > 200 or _BAD_TEXT_RE.search(gen):
        _fail("generator", phrase._("expected a short text like 'aodcli 0.1.0', got {value}", value=_show(gen)))
    _want_int(doc, "revision", "", 0)
    _want_time(doc["updated_at"], "updated_at")
    if CHECKSUM_KEY in doc:
        value = doc[CHECKSUM_KEY]
        if type(value) is not str or not _CHECKSUM_RE.fullmatch(value):
            _fail(CHECKSUM_KEY, phrase._("expected 'crc32:' and 8 hex digits, got {value}", value=_show(value)))
    elif schema >= CHECKSUM_SCHEMA:
        _fail(CHECKSUM_KEY, _missing())
    if PROFILE_LOG_KEY in doc:
        validate_profile_log(doc[PROFILE_LOG_KEY], PROFILE_LOG_KEY)
    if JOURNAL_KEY in doc:
        _validate_journal(doc[JOURNAL_KEY])
    _want_extras(doc, _KNOWN_TOP, "")

    profiles = doc["profiles"]
    if type(profiles) is not dict:
        _fail("profiles", _expected_object(profiles))
    if not profiles:
        _fail("profiles", phrase._("expected at least one profile"))
    active = doc["active_profile"]
    if type(active) is not str or not PROFILE_RE.fullmatch(active):
        _fail("active_profile", phrase._("expected a profile name, got {value}", value=_show(active)))
    if active not in profiles:
        _fail("active_profile", phrase._("names no profile in 'profiles': {value}", value=_show(active)))
    seen_ids: set[str] = set()
    for name, profile in profiles.items():
        _validate_profile(name, profile, "profiles", seen_ids, checked or {})
    if REMOVED_KEY in doc:
        removed = doc[REMOVED_KEY]
        if type(removed) is not dict:
            _fail(REMOVED_KEY, _expected_object(removed))
        for key, entry in removed.items():
            where = _join(REMOVED_KEY, str(key))
            if not ID_RE.fullmatch(key) or type(entry) is not dict or type(entry.get("profile")) is not dict:
                _fail(where, phrase._("expected a removal id and {{'name': …, 'profile': …}}"))
            _validate_profile(entry.get("name"), entry["profile"], f"{where}.profile", set(), checked or {})
    return doc


_KNOWN_TOP = frozenset({*_TOP_REQUIRED, CHECKSUM_KEY, PROFILE_LOG_KEY, JOURNAL_KEY, REMOVED_KEY})


def _validate_profile(
    name: object, profile: object, base: str, seen_ids: set[str], checked: dict[int, dict[str, Any]]
) -> None:
    if type(name) is not str or not PROFILE_RE.fullmatch(name) or not unicodedata.is_normalized("NFC", name):
        _fail(_join(base, str(name)), phrase._("not a valid profile name"))
    ppath = _join(base, name) if base == "profiles" else base
    shows = _want_shape(profile, PROFILE, ppath)["shows"]
    for show_id, show in shows.items():
        spath = _join(f"{ppath}.shows", str(show_id))
        if type(show_id) is not str or not SLUG_RE.fullmatch(show_id):
            _fail(spath, phrase._("not a valid show id (lowercase letters, digits and '-')"))
        if type(show) is not dict:
            _fail(spath, _expected_object(show))
        if "events" not in show:
            _fail(f"{spath}.events", _missing())
        _want_extras(show, _SHOW_KEYS, spath)
        events = show["events"]
        if type(events) is not list:
            _fail(f"{spath}.events", _expected_list(events))
        _validate_events(events, f"{spath}.events", seen_ids, checked)


def _want_shape(record: object, shape: Shape, path: str) -> dict[str, Any]:
    """``record``, an object with the fields ``shape`` declares (``aodcli.events``) and plain
    JSON in the rest; or raise CorruptStore naming the path."""
    if type(record) is not dict:
        _fail(path, _expected_object(record))
    wrong = shape_problem(record, shape)
    if wrong:
        _fail(_join(path, wrong[0]), wrong[1])
    _want_extras(record, shape.names, path)
    return record


def _validate_journal(journal: object) -> None:
    if type(journal) is not list:
        _fail(JOURNAL_KEY, _expected_list(journal))
    for i, entry in enumerate(journal):
        _want_shape(entry, JOURNAL_ENTRY, f"{JOURNAL_KEY}[{i}]")


def validate_profile_log(log: object, path: str) -> list[dict[str, Any]]:
    """Check a ``profile_log`` list (``events.LOG_TYPES``); return it, or raise CorruptStore."""
    if type(log) is not list:
        _fail(path, _expected_list(log))
    ids: set[str] = set()
    for i, entry in enumerate(log):
        where = f"{path}[{i}]"
        if type(entry) is not dict:
            _fail(where, _expected_object(entry))
        wrong = event_problem(entry, LOG_TYPES, LOG_FIELDS)
        if wrong:
            _fail(f"{where}.{wrong[0]}", wrong[1])
        _want_extras(entry, frozenset(LOG_FIELDS), where)
        ident = entry["id"]
        if ident in ids:
            _fail(f"{where}.id", phrase._("duplicate entry id {id}", id=ident))
        ids.add(ident)
        if entry["type"] == "undo" and entry["target"] not in ids:
            _fail(f"{where}.target", phrase._("names no earlier entry: {value}", value=_show(entry["target"])))
    return log


def validate_events(events: object, path: str) -> list[dict[str, Any]]:
    """Check one list of events as the store does (ids unique in the list, an undo of one
    event after its target); return it, or raise CorruptStore naming ``path``."""
    if type(events) is not list:
        _fail(path, _expected_list(events))
    _validate_events(events, path, set(), {})
    return events


def _validate_events(events: list[Any], path: str, seen_ids: set[str], checked: dict[int, dict[str, Any]]) -> None:
    """Every event against the table of ``aodcli.events``; ids unique in the document."""
    local_ids: set[str] = set()
    for i, ev in enumerate(events):
        if type(ev) is not dict:
            _fail(f"{path}[{i}]", _expected_object(ev))
        same = checked.get(id(ev)) == ev if checked else False
        wrong = None if same else event_problem(ev)
        if wrong:
            _fail(f"{path}[{i}].{wrong[0]}", wrong[1])
        ident = ev["id"]
        if ident in seen_ids:
            _fail(f"{path}[{i}].id", phrase._("duplicate event id {id}", id=ident))
        seen_ids.add(ident)
        if "target" in ev and ev["target"] not in local_ids:
            _fail(f"{path}[{i}].target", phrase._("names no earlier event of this show: {id}", id=ev["target"]))
        if not same and (len(ev) > len(_EVENT_FIELD_NAMES) or not _EVENT_FIELD_NAMES.issuperset(ev)):
            _want_extras(ev, _EVENT_FIELD_NAMES, f"{path}[{i}]")
        local_ids.add(ident)


_EVENT_FIELD_NAMES = frozenset(FIELDS)
