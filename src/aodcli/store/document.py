"""The store document: strict parsing, schema validation and the canonical dump.

Shape (schema 2)::

    {"schema": 2, "min_reader": 1, "min_writer": 2, "generator": "aodcli 0.1.0",
     "revision": 7, "updated_at": "…Z", "checksum": "crc32:1a2b3c4d",
     "active_profile": "default",
     "profiles": {"default": {"created_at": "…Z",
                              "shows": {"all-of-us-are-dead": {"events": [event, …]}}}}}

Schema 2 adds ``checksum``: the CRC-32 of the document's canonical bytes
(:func:`dumps`) with the checksum's own value set to :data:`CHECKSUM_PLACEHOLDER`.
Every strict load verifies it, so a flipped digit anywhere (an id, a time, a
note, the version fields) is detected. Schema 1 files have none and still load;
the next write adds one (and the schema 2 header). ``min_writer`` is 2 because an
older aodcli would keep the old checksum, as an unknown key, when it rewrote the
file; ``min_reader`` stays 1: older versions still read it. A ``checksum`` key
whose value starts with ``crc32:`` means exactly this computation in every
schema; a future format that computes it differently must use another key.

Events (every one has ``id`` (32 lowercase hex), ``type`` and ``recorded``, the UTC
time it was written):

========  ==========================================================
watch     ``episode``, ``at`` (UTC time or null when unknown), ``rewatch`` (bool)
unwatch   ``episode``
skip      ``episode``
rate      ``episode``, ``score`` (integer 1-10)
note      ``episode``, ``text`` (1-2000 characters, no control characters but tab/newline)
undo      ``target``: the id of an earlier event of the same show it cancels
========  ==========================================================

``profile_log`` (optional, top level) records what happened to profiles as a
whole, so ``aod sync`` can carry it to other devices: ``{"id", "type": "remove",
"profile", "recorded"}`` when a profile is removed, and ``{"id", "type": "undo",
"target", "recorded"}`` when ``aod undo`` brings it back (``target``: the id of
an earlier ``remove``). An older aodcli keeps it as an unknown top-level key.
``synced_revision`` (optional) is the revision the last ``aod sync`` wrote: when
it is the current one, ``aod undo`` takes back the profile's last batch rather
than the whole sync.

Unknown top-level keys (from a newer writer that kept ``min_writer`` low) are
kept on rewrite; unknown keys anywhere else are errors. Errors name the JSON
path, e.g. ``profiles.default.shows.all-of-us-are-dead.events[12].at``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from json.encoder import encode_basestring as _encode_str  # the C escaper, no ASCII-only
from typing import Any, NoReturn

from aodcli import __version__
from aodcli.errors import StoreError
from aodcli.jsonkind import json_kind

from .clock import is_utc

__all__ = [
    "CHECKSUM_PLACEHOLDER",
    "EVENT_FIELDS",
    "MAX_NOTE_CHARS",
    "PROFILE_LOG_KEY",
    "READER",
    "SCHEMA",
    "WRITER",
    "CorruptStore",
    "NewerStore",
    "Verbatim",
    "checksum_holds",
    "dump_pieces",
    "dump_text",
    "dumps",
    "empty_document",
    "generator",
    "load_bytes",
    "parse_bytes",
    "seal_checksum",
    "size_text",
    "upgrade",
    "validate_document",
    "validate_events",
    "validate_profile_log",
]

#: The schema this aodcli writes.
SCHEMA = 2
#: The highest ``min_reader`` this aodcli can read.
READER = 2
#: Event types an aodcli older than ``READER`` 2 does not know: a document holding
#: one (or a profile name outside ASCII) is written with ``min_reader`` 2, so an
#: older aodcli says "newer store" instead of "damaged".
READER_2_EVENTS = frozenset({"unrate", "unnote"})
#: The highest ``min_writer`` this aodcli may rewrite.
WRITER = 2
#: The ``min_writer`` of what this aodcli writes: a schema 1 writer would keep a
#: stale checksum (as an unknown top-level key) when rewriting the file.
MIN_WRITER = 2
#: The first schema whose files always carry a checksum.
CHECKSUM_SCHEMA = 2

MAX_NOTE_CHARS = 2000
#: The largest store file aod reads, and so the largest it writes (one limit for both).
MAX_BYTES = 64 * 1024 * 1024
MAX_INT_DIGITS = 19  # fits in a signed 64-bit integer
MAX_EXTRA_DEPTH = 32  # nesting allowed inside unknown top-level keys

EVENT_FIELDS: dict[str, frozenset[str]] = {
    "watch": frozenset({"id", "type", "recorded", "episode", "at", "rewatch"}),
    "unwatch": frozenset({"id", "type", "recorded", "episode"}),
    "skip": frozenset({"id", "type", "recorded", "episode"}),
    "rate": frozenset({"id", "type", "recorded", "episode", "score"}),
    "note": frozenset({"id", "type", "recorded", "episode", "text"}),
    "undo": frozenset({"id", "type", "recorded", "target"}),
    "unrate": frozenset({"id", "type", "recorded", "episode"}),  # the episode's score is cleared
    "unnote": frozenset({"id", "type", "recorded", "episode"}),  # the episode's notes are deleted
}
#: The fields of each entry of the optional top-level ``profile_log``.
PROFILE_LOG_KEY = "profile_log"
PROFILE_LOG_FIELDS: dict[str, frozenset[str]] = {
    "remove": frozenset({"id", "type", "recorded", "profile"}),
    "undo": frozenset({"id", "type", "recorded", "target"}),
}
#: Optional top-level integer: the revision ``aod sync`` wrote (``aod undo`` does not take a sync back).
SYNCED_REVISION = "synced_revision"
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

ID_RE = re.compile(r"[0-9a-f]{32}")
SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")  # show and episode ids (docs/data-format.md)
PROFILE_RE = re.compile(r"[^\W_][\w-]{0,31}")  # letters of any script (민아), digits, '_' and '-'
ASCII_PROFILE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,31}")  # what READER 1 accepts
_BAD_TEXT_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
_SIMPLE_KEY_RE = re.compile(r"[A-Za-z0-9_-]+")


class CorruptStore(StoreError):
    """The bytes are not a valid store. ``state`` is ``empty``, ``corrupt`` or ``invalid``.

    ``problem`` is the phrase that follows the file name in user messages
    ("is not valid JSON (line 1, column 1: …)"); ``str()`` is the same phrase.
    """

    def __init__(self, state: str, problem: str) -> None:
        super().__init__(problem)
        self.state = state
        self.problem = problem


class NewerStore(StoreError):
    """A store whose ``min_reader`` is above :data:`READER`: this aodcli cannot read it."""

    def __init__(self, generator: str | None, schema: int | None, min_reader: int) -> None:
        who = generator or "a newer aodcli"
        fmt = f"store format {schema}" if schema is not None else f"min_reader {min_reader}"
        problem = f"was written by {who} ({fmt}), which this aodcli ({__version__}) cannot read"
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
                raise _Reject(f"has a duplicate key {_show(key)}")
            seen.add(key)
    return obj


def _constant(name: str) -> NoReturn:
    raise _Reject(f"contains {name}, which is not valid JSON")


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Reject(f"contains an integer with {len(text.lstrip('-'))} digits (too large)")
    return int(text)


def _float(text: str) -> float:
    if len(text) > 64:
        raise _Reject("contains a number that is too long")
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _Reject("contains a number that is out of range")
    return value


def parse_bytes(data: bytes) -> Any:
    """Strict JSON: UTF-8 without BOM, no NaN/Infinity, no duplicate keys, bounded numbers.

    Raises :class:`CorruptStore` (state ``empty`` or ``corrupt``).
    """
    if not data.strip(b" \t\r\n\x00"):
        if not data:
            raise CorruptStore("empty", "is empty (0 bytes)")
        if b"\x00" in data:
            raise CorruptStore("empty", f"is filled with NUL bytes ({len(data)} bytes)")
        raise CorruptStore("empty", f"contains only whitespace ({len(data)} bytes)")
    if len(data) > MAX_BYTES:
        raise CorruptStore("corrupt", f"is larger than the {size_text(MAX_BYTES)} aod reads")
    if data.startswith(b"\xef\xbb\xbf"):
        raise CorruptStore("corrupt", "starts with a byte-order mark (BOM)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise CorruptStore("corrupt", f"is not valid UTF-8 (byte {err.start})") from None
    try:
        return json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_constant=_constant,
            parse_int=_int,
            parse_float=_float,
        )
    except json.JSONDecodeError as err:
        raise CorruptStore("corrupt", f"is not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})") from None
    except _Reject as err:
        raise CorruptStore("corrupt", f"is not valid JSON: it {err}") from None
    except RecursionError:
        raise CorruptStore("corrupt", "nests arrays or objects too deeply") from None
    except ValueError as err:  # int() limits and similar conversions
        raise CorruptStore("corrupt", f"is not valid JSON ({err})") from None


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
                "does not match its checksum: it was changed outside aod (damaged on disk, or edited by hand)",
            )
    return validate_document(doc)


def size_text(n: int) -> str:
    """``64 MiB``, ``69.2 MiB``, ``512 KiB``: a size for messages."""
    for unit, scale in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            value = n / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"


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
    """The lowest ``READER`` that understands ``doc``: 2 once it holds an ``unrate``
    or ``unnote`` event or a profile name outside ASCII, else 1."""
    for name, prof in doc["profiles"].items():
        if not ASCII_PROFILE_RE.fullmatch(name):
            return 2
        for show in prof["shows"].values():
            events = show.get("events")
            if isinstance(events, list) and any(ev.get("type") in READER_2_EVENTS for ev in events):
                return 2
    return 1


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


class Verbatim:
    """Text to put in a dump as it is, in place of a value: ``text`` (in parts) in the
    file, and ``check`` in the copy that is parsed back (see :mod:`.reuse`)."""

    __slots__ = ("check", "key", "text")

    def __init__(self, text: tuple[bytes | memoryview, ...], check: bytes, key: Any = None) -> None:
        self.text = text
        self.check = check
        self.key = key  # what it stands for, for the caller


def dump_pieces(doc: dict[str, Any]) -> list[str | Verbatim]:
    """:func:`dumps` as text pieces, with every :class:`Verbatim` value left in place."""
    out: list[Any] = []
    _emit(doc, out, "\n")
    out.append("\n")
    return out


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
    if isinstance(obj, (dict, list, Verbatim)):
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
    elif type(obj) is Verbatim:
        out.append(obj)  # type: ignore[arg-type]  # only dump_pieces passes these
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


def _kind(value: object) -> str:
    return json_kind(value)


def _join(path: str, key: str) -> str:
    if _SIMPLE_KEY_RE.fullmatch(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{json.dumps(key, ensure_ascii=True)}]"


def _fail(path: str, problem: str) -> NoReturn:
    where = path or "the top level"
    raise CorruptStore("invalid", f"is not a valid store: {where}: {problem}")


def _want_int(obj: dict[str, Any], key: str, path: str, low: int, high: int | None = None) -> int:
    value = obj[key]
    if type(value) is not int:
        _fail(_join(path, key), f"expected an integer, got {_kind(value)}")
    if value < low or (high is not None and value > high):
        rng = f"from {low} to {high}" if high is not None else f"of at least {low}"
        _fail(_join(path, key), f"expected an integer {rng}, got {value}")
    return value


def _want_time(value: object, path: str) -> None:
    if not is_utc(value):
        got = _show(value) if type(value) is str else _kind(value)
        _fail(path, f"expected a UTC time ending in Z, got {got}")


def _want_keys(obj: dict[str, Any], keys: frozenset[str], path: str) -> None:
    if obj.keys() == keys:
        return
    missing = sorted(keys - obj.keys())
    if missing:
        _fail(_join(path, missing[0]), "missing")
    extra = sorted(obj.keys() - keys, key=str)
    _fail(_join(path, str(extra[0])), "unknown key")


def _check_extra(value: object, path: str, depth: int = 0) -> None:
    """Unknown top-level values: any JSON, but bounded depth and no lone surrogates."""
    if depth > MAX_EXTRA_DEPTH:
        _fail(path, "nested too deeply")
    kind = type(value)
    if kind is str:
        assert isinstance(value, str)
        if _SURROGATE_RE.search(value):
            _fail(path, "contains a lone surrogate (not valid Unicode)")
    elif kind is list:
        assert isinstance(value, list)
        for i, item in enumerate(value):
            _check_extra(item, f"{path}[{i}]", depth + 1)
    elif kind is dict:
        assert isinstance(value, dict)
        for key, item in value.items():
            if type(key) is not str:
                _fail(path, f"has a key that is not a string: {key!r}")
            if _SURROGATE_RE.search(key):
                _fail(path, "has a key with a lone surrogate (not valid Unicode)")
            _check_extra(item, _join(path, key), depth + 1)
    elif kind is float:
        assert isinstance(value, float)
        if value != value or value in (float("inf"), float("-inf")):
            _fail(path, "a number out of range")
    elif value is not None and kind not in (bool, int):
        _fail(path, f"{kind.__name__} is not a JSON value")


_PROFILE_KEYS = frozenset({"created_at", "shows"})
_SHOW_KEYS = frozenset({"events"})


Snapshot = dict[tuple[str, str], list[dict[str, Any]]]


def snapshot_events(doc: dict[str, Any]) -> Snapshot:
    """Copies of every events list of a validated document, for ``validate_document(trusted=…)``."""
    return {
        (name, show_id): [dict(ev) for ev in show["events"]]
        for name, profile in doc["profiles"].items()
        for show_id, show in profile["shows"].items()
    }


def unchanged_lists(doc: dict[str, Any], old: Snapshot) -> set[tuple[str, str]]:
    """The events lists of ``doc`` that still start with all of their ``old`` events,
    unchanged (a command that only appends leaves every list in this set). One
    C-level compare per list; a commit computes it once for all its checks."""
    same: set[tuple[str, str]] = set()
    for name, profile in doc["profiles"].items():
        for show_id, show in profile["shows"].items():
            known = old.get((name, show_id))
            if known is not None and show["events"][: len(known)] == known:
                same.add((name, show_id))
    return same


def validate_document(
    doc: object, trusted: Snapshot | None = None, unchanged: set[tuple[str, str]] | None = None
) -> dict[str, Any]:
    """Check a parsed document against schema 1 or 2; return it, or raise CorruptStore/NewerStore.

    ``trusted`` holds copies of events already validated (``snapshot_events`` of
    the document as loaded; ``unchanged``, when given, the lists known to still start
    with all of them): a leading run of events still equal to them is not
    checked again, only counted for duplicate ids. A write that appends a few
    events to 10,000 then validates just the new ones.
    """
    if type(doc) is not dict:
        _fail("", f"expected a JSON object, got {_kind(doc)}")
    # Version fields first: a newer file is reported as newer, not as invalid.
    for key in ("schema", "min_reader", "min_writer"):
        if key not in doc:
            _fail(key, "missing")
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
        _fail("min_reader", f"expected at most schema ({schema}), got {min_reader}")
    if min_writer > schema:
        _fail("min_writer", f"expected at most schema ({schema}), got {min_writer}")
    for key in _TOP_REQUIRED:
        if key not in doc:
            _fail(key, "missing")
    gen = doc["generator"]
    if type(gen) is not str or not gen or len(gen) > 200 or _BAD_TEXT_RE.search(gen):
        _fail("generator", f"expected a short text like 'aodcli 0.1.0', got {_show(gen)}")
    _want_int(doc, "revision", "", 0)
    _want_time(doc["updated_at"], "updated_at")
    if CHECKSUM_KEY in doc:
        value = doc[CHECKSUM_KEY]
        if type(value) is not str or not _CHECKSUM_RE.fullmatch(value):
            _fail(CHECKSUM_KEY, f"expected 'crc32:' and 8 hex digits, got {_show(value)}")
    elif schema >= CHECKSUM_SCHEMA:
        _fail(CHECKSUM_KEY, "missing")
    if PROFILE_LOG_KEY in doc:
        validate_profile_log(doc[PROFILE_LOG_KEY], PROFILE_LOG_KEY)
    for key, value in doc.items():
        if key not in _TOP_REQUIRED and key != CHECKSUM_KEY and key != PROFILE_LOG_KEY:
            if type(key) is not str:
                _fail("", f"has a key that is not a string: {key!r}")
            if _SURROGATE_RE.search(key):
                _fail("", "has a key with a lone surrogate (not valid Unicode)")
            _check_extra(value, _join("", key))

    profiles = doc["profiles"]
    if type(profiles) is not dict:
        _fail("profiles", f"expected an object, got {_kind(profiles)}")
    if not profiles:
        _fail("profiles", "expected at least one profile")
    active = doc["active_profile"]
    if type(active) is not str or not PROFILE_RE.fullmatch(active):
        _fail("active_profile", f"expected a profile name, got {_show(active)}")
    if active not in profiles:
        _fail("active_profile", f"names no profile in 'profiles': {_show(active)}")

    seen_ids: set[str] = set()
    for name, profile in profiles.items():
        if type(name) is not str or not PROFILE_RE.fullmatch(name) or not unicodedata.is_normalized("NFC", name):
            _fail(_join("profiles", str(name)), "not a valid profile name")
        ppath = f"profiles.{name}"
        if type(profile) is not dict:
            _fail(ppath, f"expected an object, got {_kind(profile)}")
        _want_keys(profile, _PROFILE_KEYS, ppath)
        _want_time(profile["created_at"], f"{ppath}.created_at")
        shows = profile["shows"]
        if type(shows) is not dict:
            _fail(f"{ppath}.shows", f"expected an object, got {_kind(shows)}")
        for show_id, show in shows.items():
            spath = _join(f"{ppath}.shows", str(show_id))
            if type(show_id) is not str or not SLUG_RE.fullmatch(show_id):
                _fail(spath, "not a valid show id (lowercase letters, digits and '-')")
            if type(show) is not dict:
                _fail(spath, f"expected an object, got {_kind(show)}")
            _want_keys(show, _SHOW_KEYS, spath)
            events = show["events"]
            if type(events) is not list:
                _fail(f"{spath}.events", f"expected a list, got {_kind(events)}")
            known = trusted.get((name, show_id)) if trusted else None
            whole = unchanged is not None and (name, show_id) in unchanged
            _validate_events(events, f"{spath}.events", seen_ids, known, whole)
    return doc


def validate_profile_log(log: object, path: str) -> list[dict[str, Any]]:
    """Check a ``profile_log`` list (see the module docstring); return it, or raise CorruptStore."""
    if type(log) is not list:
        _fail(path, f"expected a list, got {_kind(log)}")
    ids: set[str] = set()
    removals: set[str] = set()
    for i, entry in enumerate(log):
        where = f"{path}[{i}]"
        if type(entry) is not dict:
            _fail(where, f"expected an object, got {_kind(entry)}")
        kind = entry.get("type")
        keys = PROFILE_LOG_FIELDS.get(kind) if type(kind) is str else None
        if keys is None:
            _fail(f"{where}.type", f"expected 'remove' or 'undo', got {_show(kind)}")
        _want_keys(entry, keys, where)
        ident = entry["id"]
        if type(ident) is not str or not ID_RE.fullmatch(ident):
            _fail(f"{where}.id", f"expected 32 lowercase hex digits, got {_show(ident)}")
        if ident in ids:
            _fail(f"{where}.id", f"duplicate entry id {ident}")
        ids.add(ident)
        _want_time(entry["recorded"], f"{where}.recorded")
        if kind == "remove":
            name = entry["profile"]
            if type(name) is not str or not PROFILE_RE.fullmatch(name) or not unicodedata.is_normalized("NFC", name):
                _fail(f"{where}.profile", f"expected a profile name, got {_show(name)}")
            removals.add(ident)
        elif entry["target"] not in removals:
            _fail(f"{where}.target", f"names no earlier removal: {_show(entry['target'])}")
    return log


def validate_events(events: object, path: str) -> list[dict[str, Any]]:
    """Check one list of events as the store does (ids unique in the list, an undo after
    its target); return it, or raise CorruptStore naming ``path``."""
    if type(events) is not list:
        _fail(path, f"expected a list, got {_kind(events)}")
    _validate_events(events, path, set())
    return events


def _trusted_prefix(events: list[Any], known: list[dict[str, Any]] | None) -> int:
    """How many leading events are unchanged copies of already-validated ones."""
    if not known:
        return 0
    if events[: len(known)] == known:  # the usual case (a command appends): one C-level compare
        return len(known)
    n = 0
    for ev, old in zip(events, known, strict=False):
        if type(ev) is not dict or ev != old:
            break
        n += 1
    return n


def _validate_events(
    events: list[Any],
    path: str,
    seen_ids: set[str],
    known: list[dict[str, Any]] | None = None,
    whole: bool = False,
) -> None:
    # The hot loop of every load: a store of 10,000 events runs it 10,000 times.
    id_match = ID_RE.fullmatch
    slug_match = SLUG_RE.fullmatch
    fields = EVENT_FIELDS
    local_ids: set[str] = set()
    start = len(known) if whole and known is not None else _trusted_prefix(events, known)
    trusted_ids = [ev["id"] for ev in events[:start]]  # unique among themselves: validated before
    if not seen_ids.isdisjoint(trusted_ids):  # one is also in an earlier list: name it
        i = next(i for i, ident in enumerate(trusted_ids) if ident in seen_ids)
        _fail(f"{path}[{i}].id", f"duplicate event id {trusted_ids[i]}")
    seen_ids.update(trusted_ids)
    local_ids.update(trusted_ids)
    for i in range(start, len(events)):
        ev = events[i]
        if type(ev) is not dict:
            _fail(f"{path}[{i}]", f"expected an object, got {_kind(ev)}")
        etype = ev.get("type")
        keys = fields.get(etype) if type(etype) is str else None
        if keys is None:
            if "type" not in ev:
                _fail(f"{path}[{i}].type", "missing")
            _fail(f"{path}[{i}].type", f"unknown event type {_show(etype)}")
        if ev.keys() != keys:
            _want_keys(ev, keys, f"{path}[{i}]")
        ident = ev["id"]
        if type(ident) is not str or id_match(ident) is None:
            _fail(f"{path}[{i}].id", f"expected 32 lowercase hex digits, got {_show(ident)}")
        if ident in seen_ids:
            _fail(f"{path}[{i}].id", f"duplicate event id {ident}")
        seen_ids.add(ident)
        if not is_utc(ev["recorded"]):
            _want_time(ev["recorded"], f"{path}[{i}].recorded")
        if etype == "undo":
            target = ev["target"]
            if type(target) is not str or id_match(target) is None:
                _fail(f"{path}[{i}].target", f"expected an event id, got {_show(target)}")
            if target not in local_ids:
                _fail(f"{path}[{i}].target", f"names no earlier event of this show: {target}")
        else:
            episode = ev["episode"]
            if type(episode) is not str or slug_match(episode) is None:
                _fail(
                    f"{path}[{i}].episode",
                    f"expected an episode id like s01e03, got {_show(episode)}",
                )
            if etype == "watch":
                at = ev["at"]
                if at is not None and not is_utc(at):
                    _want_time(at, f"{path}[{i}].at")
                if type(ev["rewatch"]) is not bool:
                    _fail(
                        f"{path}[{i}].rewatch",
                        f"expected true or false, got {_kind(ev['rewatch'])}",
                    )
            elif etype == "rate":
                _want_int(ev, "score", f"{path}[{i}]", 1, 10)
            elif etype == "note":
                problem = note_text_problem(ev["text"])
                if problem:
                    _fail(f"{path}[{i}].text", problem)
        local_ids.add(ident)


def note_text_problem(text: object) -> str | None:
    """Why ``text`` is not a valid note (never quoting it: notes are personal), or None."""
    if type(text) is not str:
        return f"expected a string, got {_kind(text)}"
    if not text.strip():
        return "expected some text, got an empty note"
    if len(text) > MAX_NOTE_CHARS:
        return f"expected at most {MAX_NOTE_CHARS} characters, got {len(text)}"
    if _BAD_TEXT_RE.search(text):
        return "contains a control character or a lone surrogate"
    return None
