"""The store's records: one table of event types and their fields, the profile and journal
shapes, and the rules over them.

Every reader and writer of events derives from :data:`TYPES` and :data:`FIELDS`:
the store's loader (``store.document``), :func:`aodcli.store.new_event`, import,
the sync replica parser, the CSV columns of an export, and the tests' strategies.

Every event has ``id`` (32 lowercase hex), ``type`` and ``recorded`` (the UTC
time it was written: shown in history, never used to decide anything), and
``batch``: the id of the command that wrote it. One command writes one batch, in
every profile it touches; ``aod undo`` and ``aod redo`` work by batch. Events
written before batches existed have none; their batch is derived from their
``recorded`` time (:func:`batch_of`), which is what a batch was then. ``seq``
orders events (a Lamport clock): a command's events get one more than the
highest ``seq`` its store had seen, so an event always orders after every event
its device had when it was written, whatever the wall clocks say.

========  ==========================================================
watch     ``episode``, ``at`` (UTC time or null when unknown), ``rewatch`` (bool)
unwatch   ``episode``
skip      ``episode``
rate      ``episode``, ``score`` (integer 1-10)
note      ``episode``, ``text`` (1-2000 characters, no control characters but tab/newline)
unrate    ``episode``: the episode's score is cleared
unnote    ``episode``: the episode's notes are deleted
undo      ``undoes``: the batch it takes back (a redo is an undo of an undo), or
          ``target``: one event it cancels (written before batches existed)
========  ==========================================================

A reader keeps the fields it does not know and ignores them, so a newer aodcli
may add an optional field without raising ``min_reader``. ``reader`` is the
lowest store reader that understands a type (or field) at all.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

    #: A field's check: the problem with a value (never quoting a note), or None.
    Check = Callable[[object], "str | None"]

ID_RE = re.compile(r"[0-9a-f]{32}")
PROFILE_RE = re.compile(r"[^\W_][\w-]{0,31}")  # letters of any script (민아), digits, '_' and '-'
SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")  # show and episode ids (docs/data-format.md)
MAX_NOTE_CHARS = 2000
_BAD_TEXT_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


def _kind(value: object) -> str:
    from .jsonkind import json_kind

    return json_kind(value)


def _hex_id(what: str) -> Check:
    def check(value: object) -> str | None:
        if type(value) is str and ID_RE.fullmatch(value):
            return None
        return f"expected {what} (32 lowercase hex digits), got {_short(value)}"

    return check


_is_utc: Callable[[object], bool] | None = None


def _time(nullable: bool) -> Check:
    def check(value: object) -> str | None:
        global _is_utc
        if _is_utc is None:  # store.clock imports this module's users: bound on first use
            from .store.clock import is_utc

            _is_utc = is_utc
        if (nullable and value is None) or _is_utc(value):
            return None
        got = _short(value) if type(value) is str else _kind(value)
        return f"expected a UTC time ending in Z{' or null' if nullable else ''}, got {got}"

    return check


def _episode(value: object) -> str | None:
    if type(value) is str and SLUG_RE.fullmatch(value):
        return None
    return f"expected an episode id like s01e03, got {_short(value)}"


def _seq(value: object) -> str | None:
    if type(value) is int and 1 <= value < 1 << 53:
        return None
    return f"expected a whole number of at least 1, got {_short(value)}"


def _bool(value: object) -> str | None:
    return None if type(value) is bool else f"expected true or false, got {_kind(value)}"


def _score(value: object) -> str | None:
    if type(value) is int and 1 <= value <= 10:
        return None
    return f"expected an integer from 1 to 10, got {_short(value)}"


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


def _short(value: object, limit: int = 40) -> str:
    import json

    try:
        text = json.dumps(value, ensure_ascii=True)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Field:
    """One event field: its check, the lowest store reader that knows it, and how a CSV
    cell holds it (``text``; ``int``; ``bool``: true/false; ``time``: empty is null)."""

    __slots__ = ("cell", "check", "reader")

    def __init__(self, check: Check, reader: int = 1, cell: str = "text") -> None:
        self.check = check
        self.reader = reader
        self.cell = cell


#: Every field an event may carry, and how each is checked.
FIELDS: dict[str, Field] = {
    "id": Field(_hex_id("an event id")),
    "type": Field(lambda v: None if type(v) is str and v in TYPES else f"unknown event type {_short(v)}"),
    "recorded": Field(_time(nullable=False)),
    "batch": Field(_hex_id("a batch id"), reader=3),
    "seq": Field(_seq, reader=3, cell="int"),
    "episode": Field(_episode),
    "at": Field(_time(nullable=True), cell="time"),
    "rewatch": Field(_bool, cell="bool"),
    "score": Field(_score, cell="int"),
    "text": Field(note_text_problem),
    "target": Field(_hex_id("an event id")),
    "undoes": Field(_hex_id("a batch id"), reader=3),
}


#: Fields every event has, and the ones every event may have.
COMMON = ("id", "type", "recorded")
COMMON_OPTIONAL = ("batch", "seq")


class EventType:
    """One event type: the fields it needs, the ones it may have, and its lowest reader.
    ``one_of``: exactly one of these fields must be present; ``clears``: it takes
    something back (ordered before the rest of its batch)."""

    __slots__ = ("allowed", "clears", "needed", "one_of", "optional", "reader", "required")

    def __init__(
        self,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
        one_of: tuple[str, ...] = (),
        reader: int = 1,
        clears: bool = False,
    ) -> None:
        self.required, self.optional, self.one_of = required, optional, one_of
        self.reader, self.clears = reader, clears
        self.needed = (*COMMON, *required)  # the fields it must have
        self.allowed = frozenset((*COMMON, *COMMON_OPTIONAL, *required, *optional, *one_of))


TYPES: dict[str, EventType] = {
    "watch": EventType(("episode", "at", "rewatch")),
    "unwatch": EventType(("episode",), clears=True),
    "skip": EventType(("episode",)),
    "rate": EventType(("episode", "score")),
    "note": EventType(("episode", "text")),
    "unrate": EventType(("episode",), reader=2, clears=True),
    "unnote": EventType(("episode",), reader=2, clears=True),
    "undo": EventType((), one_of=("target", "undoes")),
}

#: The columns of a CSV export, in order: every field, and ``code`` (the episode's code) after ``episode``.
CSV_COLUMNS: tuple[str, ...] = ("id", "type", "episode", "code", "at", "recorded", "rewatch", "score", "text")
CSV_COLUMNS += tuple(f for f in FIELDS if f not in CSV_COLUMNS)


def to_cell(name: str, value: object) -> str:
    """An event field's value as a CSV cell (null: empty)."""
    if value is None:
        return ""
    if type(value) is bool:
        return "true" if value else "false"
    return str(value)


def from_cell(name: str, cell: str) -> object:
    """The value a CSV cell holds for field ``name`` (ValueError naming what it expects).
    An empty cell is a field that is absent, except ``at``: there it is an unknown time."""
    kind = FIELDS[name].cell
    if kind == "time":
        return cell or None
    if kind == "bool":
        if cell.lower() not in ("true", "false"):
            raise ValueError(f"{name} must be true or false")
        return cell.lower() == "true"
    if kind == "int":
        if not (cell.isascii() and cell.isdigit() and len(cell) <= 16):
            raise ValueError(f"{name} must be a whole number")
        return int(cell)
    return cell


# --------------------------------------------------------------------------- the profile log


def _profile_name(value: object) -> str | None:
    import unicodedata

    if type(value) is str and PROFILE_RE.fullmatch(value) and unicodedata.is_normalized("NFC", value):
        return None
    return f"expected a profile name, got {_short(value)}"


def _id_list(value: object) -> str | None:
    if type(value) is list and all(type(v) is str and ID_RE.fullmatch(v) for v in value):
        return None
    return "expected a list of ids (32 lowercase hex digits each)"


#: The fields of the entries of the store's ``profile_log``: what happened to profiles as a
#: whole, carried by ``aod sync`` to other devices. ``seen``: the batches and profile ids the
#: removing device had seen of that profile (only those are removed; a removal without it,
#: from an older aodcli, removes what was recorded before it). An undo's ``target`` names
#: an earlier entry: a removal, or an undo (then it is a redo).
LOG_FIELDS: dict[str, Field] = {
    "id": Field(_hex_id("an entry id")),
    "type": Field(
        lambda v: None if type(v) is str and v in LOG_TYPES else f"expected 'remove' or 'undo', not {_short(v)}"
    ),
    "recorded": Field(_time(nullable=False)),
    "batch": Field(_hex_id("a batch id"), reader=3),
    "profile": Field(_profile_name),
    "seen": Field(_id_list, reader=3),
    "target": Field(_hex_id("an entry id")),
}
LOG_TYPES: dict[str, EventType] = {
    "remove": EventType(("profile",), optional=("seen",)),
    "undo": EventType(("target",)),
}


# --------------------------------------------------------------------------- profiles and the journal


def _command(value: object) -> str | None:
    if type(value) is str and _COMMAND_RE.fullmatch(value):
        return None
    return f"expected a command name, got {_short(value)}"


def _object(value: object) -> str | None:
    return None if type(value) is dict else f"expected an object, got {_kind(value)}"


_COMMAND_RE = re.compile(r"[a-z][a-z -]{0,39}")


class Shape:
    """A record without types (a profile, a journal entry): its fields, and those it needs."""

    __slots__ = ("fields", "names", "required")

    def __init__(self, fields: dict[str, Field], required: tuple[str, ...]) -> None:
        self.fields, self.required = fields, required
        self.names = frozenset(fields)


#: A profile: ``created_at`` and its ``shows`` (by show id: ``{"events": [...]}``); its ``id``,
#: and ``ids``, the ids of the same-named profiles other devices made that ``aod sync`` merged into it.
PROFILE = Shape(
    {
        "id": Field(_hex_id("a profile id"), reader=3),
        "ids": Field(_id_list, reader=3),
        "created_at": Field(_time(nullable=False)),
        "shows": Field(_object),
    },
    required=("created_at", "shows"),
)
#: An entry of this device's journal (``aod undo``/``redo``; never synced): the batch, the
#: command that wrote it, when; ``undoes`` (undo and redo), ``profile`` and ``from`` (the
#: profile a command made, removed or switched to, and the one active before).
JOURNAL_ENTRY = Shape(
    {
        "batch": Field(_hex_id("a batch id")),
        "command": Field(_command),
        "recorded": Field(_time(nullable=False)),
        "undoes": Field(_hex_id("a batch id")),
        "profile": Field(_profile_name),
        "from": Field(_profile_name),
    },
    required=("batch", "command", "recorded"),
)


def shape_problem(record: dict[str, Any], shape: Shape) -> tuple[str, str] | None:
    """The first problem of ``record`` (a dict) as (field, what is wrong), or None. Fields
    this aodcli does not know are not checked here (the caller checks they hold plain JSON)."""
    for name in shape.required:
        if name not in record:
            return name, "missing"
    for name, value in record.items():
        field = shape.fields.get(name)
        if field is not None:
            wrong = field.check(value)
            if wrong:
                return name, wrong
    return None


def known_fields(kind: str, types: dict[str, EventType] | None = None) -> frozenset[str]:
    return (types or TYPES)[kind].allowed


def problem(
    ev: dict[str, Any], types: dict[str, EventType] | None = None, fields: dict[str, Field] | None = None
) -> tuple[str, str] | None:
    """The first problem of event ``ev`` (or, with ``LOG_TYPES``/``LOG_FIELDS``, of a
    profile-log entry) as (field, what is wrong), or None.

    Fields this aodcli does not know are not checked here (the caller checks that
    they hold plain JSON); the ones it knows must be valid for the event's type.
    """
    types = types or TYPES
    fields = fields or FIELDS
    kind = ev.get("type")
    if "type" not in ev:
        return "type", "missing"
    if type(kind) is not str or kind not in types:
        wrong = fields["type"].check(kind)
        return "type", wrong or f"unknown type {_short(kind)}"
    t = types[kind]
    for name in t.needed:
        if name not in ev:
            return name, "missing"
    if t.one_of:
        present = [name for name in t.one_of if name in ev]
        if len(present) != 1:
            return t.one_of[0], f"expected exactly one of {' or '.join(t.one_of)}"
    allowed = t.allowed
    for name, value in ev.items():
        field = fields.get(name)
        if field is None:
            continue  # a newer aodcli's field: kept, ignored
        if name not in allowed:
            return name, f"a {kind} event has no field {name!r}"
        wrong = field.check(value)
        if wrong:
            return name, wrong
    return None


def reader_of(
    ev: dict[str, Any], types: dict[str, EventType] | None = None, fields: dict[str, Field] | None = None
) -> int:
    """The lowest store reader that understands ``ev`` (an event, or a log entry)."""
    need = (types or TYPES)[ev["type"]].reader
    for name in ev:
        field = (fields or FIELDS).get(name)
        if field is not None and field.reader > need:
            need = field.reader
    return need


# --------------------------------------------------------------------------- batches


def new_id() -> str:
    import uuid

    return uuid.uuid4().hex


def legacy_batch(recorded: str) -> str:
    """The batch of an event written before batches: one per recorded time (then, every
    event of one command shared one recorded time)."""
    try:  # the same function hashlib.blake2b is, without loading OpenSSL for it
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - another Python
        from hashlib import blake2b
    return blake2b(f"aodcli batch {recorded}".encode(), digest_size=16).hexdigest()


def batch_of(ev: dict[str, Any]) -> str:
    """The batch an event belongs to (derived from its recorded time when it has none)."""
    batch = ev.get("batch")
    return batch if type(batch) is str else legacy_batch(ev["recorded"])


def dead_batches(records: Iterable[dict[str, Any]]) -> set[str]:
    """The batches taken back: a batch is taken back when an undo that is not itself taken
    back names it (so a redo, an undo of an undo, brings a batch back). ``records``:
    events; only undos with ``undoes`` count."""
    undoers: dict[str, list[str]] = {}
    for rec in records:
        target = rec.get("undoes")
        if rec.get("type") == "undo" and type(target) is str:
            undoers.setdefault(target, []).append(batch_of(rec))
    return taken_back(undoers)


def dead_entries(log: Iterable[dict[str, Any]]) -> set[str]:
    """The ids of the profile-log entries taken back (by an undo entry not itself taken back)."""
    undoers: dict[str, list[str]] = {}
    for entry in log:
        if entry.get("type") == "undo":
            undoers.setdefault(entry["target"], []).append(entry["id"])
    return taken_back(undoers)


def taken_back(undoers: dict[str, list[str]]) -> set[str]:
    """The ids taken back, given who names whom (``undoers[x]``: the undos naming ``x``): ``x`` is
    taken back when one of its undoers is not; a crafted loop counts as taking nothing back. Used
    for batches, profile-log entries and this device's journal alike."""
    dead: dict[str, bool] = {}
    for start in undoers:
        stack, on_stack = [start], {start}
        while stack:
            node = stack[-1]
            pending = [u for u in undoers.get(node, ()) if u not in dead and u not in on_stack]
            if pending:
                stack.extend(pending)
                on_stack.update(pending)
                continue
            dead[node] = any(not dead[u] for u in undoers.get(node, ()) if u in dead)
            stack.pop()
            on_stack.discard(node)
    return {node for node, is_dead in dead.items() if is_dead}


def undone_ids(events: list[dict[str, Any]]) -> set[str]:
    """The ids of the events that undos cancel (one by one, or by batch)."""
    undone = {e["target"] for e in events if e.get("type") == "undo" and "target" in e}
    if any("undoes" in e for e in events):
        dead = dead_batches(e for e in events if "undoes" in e)
        undone.update(e["id"] for e in events if e.get("type") != "undo" and batch_of(e) in dead)
    return undone


def live(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events that count: not undos, and not cancelled by one (:func:`undone_ids`)."""
    undone = undone_ids(events)
    return [ev for ev in events if ev.get("type") != "undo" and ev.get("id") not in undone]
