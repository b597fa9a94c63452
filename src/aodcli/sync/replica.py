"""The replica file: one device's pool of one show, as it lies in the sync folder.

Shape (replica format 2)::

    {"format": "aodcli-replica", "version": 2, "min_reader": 2,
     "generator": "aodcli 0.1.0", "checksum": "crc32:…",
     "device": "3f9c0a1b2c3d4e5f", "device_name": "laptop", "written": "…Z",
     "show": "all-of-us-are-dead",
     "profiles": {"jun": {"creations": [{"id": "…", "name": "Jun", "created_at": "…Z"}],
                          "events": [event, …]}},
     "profile_log": [entry, …]}

Profiles are keyed by the case-fold of their names; ``creations`` lists every
creation of the profile any device has had. Events and log entries are exactly
the store's (``aodcli.events``) and are checked the same way, unknown fields
kept. The checksum is the store's (a CRC-32 of the canonical bytes), so a file
cut short or changed by a sync tool reads as damaged. A reader skips a replica
whose ``min_reader`` is above :data:`READER`; unknown top-level keys of a newer
writer are ignored. Format 1 (``created``: creation times, profiles by name) is
still read: its removals carry no ``seen``, and format 2 readers know it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..fileio import phrase
from ..fileio.phrase import Phrase
from ..store.document import (
    CHECKSUM_PLACEHOLDER,
    ID_RE,
    PROFILE_RE,
    SLUG_RE,
    CorruptStore,
    checksum_holds,
    dumps,
    generator,
    parse_bytes,
    seal_checksum,
    validate_events,
    validate_profile_log,
)
from ..store.document import (
    MAX_BYTES as STORE_MAX_BYTES,
)
from .merge import Pool, canonical_order, key_of

FORMAT = "aodcli-replica"
#: The replica format this aodcli writes, and the highest ``min_reader`` it reads.
VERSION = 2
READER = 2
DEVICE_RE = re.compile(r"[0-9a-f]{16}")
#: The largest replica read, and so the largest written: the store's own limit.
MAX_BYTES = STORE_MAX_BYTES
MAX_NAME = 64


class Unreadable(Exception):
    """A file of the sync folder that is not a replica this aodcli can merge.

    ``kind``: ``damaged``, ``newer``, ``other-show`` or ``foreign`` (not a replica);
    ``reason`` (and ``str()``) is why, for people: a :class:`~aodcli.fileio.phrase.Phrase`
    (English in ``aod sync --json``, translated in a sentence).
    """

    def __init__(self, kind: str, reason: Phrase, device: str | None = None) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason
        self.device = device


@dataclass
class Replica:
    device: str
    device_name: str
    written: str
    show: str
    generator: str
    pool: Pool
    count: int | None = None  # the number of events, when the pool is not held

    @property
    def events(self) -> int:
        if self.count is not None:
            return self.count
        return sum(len(events) for events in self.pool.events.values())


def clean_name(name: str) -> str:
    """A device name as a replica may carry it: no control or direction characters, at most 64."""
    from ..safetext import UNSAFE_RE

    name = unicodedata.normalize("NFC", UNSAFE_RE.sub("", name)).strip()
    return name[:MAX_NAME] or "device"


def build(pool: Pool, *, device: str, device_name: str, show: str, written: str) -> bytes:
    """The bytes of a replica of ``pool`` (canonical JSON, checksum sealed)."""
    profiles = {
        key: {
            "creations": sorted(pool.creations.get(key, {}).values(), key=lambda c: c["id"]),
            "events": canonical_order(pool.events.get(key, {}).values()),
        }
        for key in pool.profile_keys()
    }
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "min_reader": 2,
        "generator": generator(),
        "checksum": CHECKSUM_PLACEHOLDER,
        "device": device,
        "device_name": clean_name(device_name),
        "written": written,
        "show": show,
        "profiles": profiles,
        "profile_log": pool.log_entries(),
    }
    data, _ = seal_checksum(dumps(doc))
    return data


def parse(data: bytes, show: str) -> Replica:
    """The replica in ``data``, for show ``show``; :class:`Unreadable` saying why not."""
    try:
        doc = parse_bytes(data)
    except CorruptStore as err:
        raise Unreadable("damaged", err.problem) from None
    if type(doc) is not dict or doc.get("format") != FORMAT:
        raise Unreadable("foreign", phrase._("is not an aod replica"))
    device = doc.get("device")
    device = device if type(device) is str and DEVICE_RE.fullmatch(device) else None
    min_reader = doc.get("min_reader")
    if type(min_reader) is not int or type(doc.get("version")) is not int:
        raise Unreadable("damaged", phrase._("has no valid version fields"), device)
    if not checksum_holds(data, doc):
        raise Unreadable("damaged", phrase._("does not match its checksum (cut short, or changed outside aod)"), device)
    if min_reader > READER:
        who = doc["generator"] if type(doc.get("generator")) is str else phrase._("a newer aodcli")
        reason = phrase._("was written by {generator}, which this aodcli cannot read", generator=_cleaned(who))
        raise Unreadable("newer", reason, device)
    if device is None:
        raise Unreadable("damaged", phrase._("has no valid device id"), device)
    if doc.get("show") != show:
        other = doc.get("show")
        if type(other) is str and SLUG_RE.fullmatch(other):
            raise Unreadable("other-show", phrase._("is for {other!r}, not {show!r}", other=other, show=show), device)
        raise Unreadable("other-show", phrase._("is for another show, not {show!r}", show=show), device)
    try:
        return Replica(device, _name(doc), _time(doc, "written"), show, _text(doc, "generator"), _pool(doc))
    except CorruptStore as err:
        problem = err.problem
        if err.where is not None and err.detail is not None:  # the store's check, of a part of the replica
            problem = _invalid(err.where, err.detail)
        raise Unreadable("damaged", problem, device) from None


def _cleaned(name: str) -> str:
    return name.map(clean_name) if isinstance(name, Phrase) else clean_name(name)


def _invalid(where: str, detail: str) -> Phrase:
    return phrase._("is not a valid replica: {where}: {problem}", where=where, problem=detail)


def _bad(where: str, detail: Phrase) -> CorruptStore:
    return CorruptStore("invalid", _invalid(where, detail), where=where, detail=detail)


def _name(doc: dict[str, Any]) -> str:
    name = doc.get("device_name")
    if type(name) is not str or len(name) > MAX_NAME or clean_name(name) != name:
        raise _bad("device_name", phrase._("expected a short name"))
    return name


def _text(doc: dict[str, Any], key: str) -> str:
    value = doc.get(key)
    if type(value) is not str or len(value) > 200:
        raise _bad(key, phrase._("expected a short text"))
    return clean_name(value)


def _time(doc: dict[str, Any], key: str) -> str:
    from ..store.clock import is_utc

    value = doc.get(key)
    if not is_utc(value):
        raise _bad(key, phrase._("expected a UTC time ending in Z"))
    assert isinstance(value, str)
    return value


def _pool(doc: dict[str, Any]) -> Pool:
    pool = Pool()
    profiles = doc.get("profiles")
    if type(profiles) is not dict:
        raise _bad("profiles", phrase._("expected an object"))
    for name, entry in profiles.items():
        # a name that is not a profile name is shown escaped (it may hold a newline or anything)
        where = f"profiles.{name}" if PROFILE_RE.fullmatch(name) else f"profiles[{json.dumps(name)[:40]}]"
        if not PROFILE_RE.fullmatch(name) or not unicodedata.is_normalized("NFC", name):
            raise _bad(where, phrase._("not a valid profile name"))
        if type(entry) is not dict or "events" not in entry or not ({"created", "creations"} & entry.keys()):
            raise _bad(where, phrase._("expected 'creations' and 'events'"))
        made = _creations(name, entry, where)
        pool.add_profile(key_of(name), made, validate_events(entry["events"], f"{where}.events"))
    pool.add_log(validate_profile_log(doc.get("profile_log", []), "profile_log"))
    return pool


def _creations(name: str, entry: dict[str, Any], where: str) -> list[dict[str, str]]:
    """A profile's creations; a format 1 replica's creation times become the ids their profiles had."""
    from ..store.clock import is_utc
    from .merge import creation

    if "created" in entry:  # format 1: times only, the profile keyed by its name
        created = entry["created"]
        if type(created) is not list or not created or not all(is_utc(c) for c in created):
            raise _bad(f"{where}.created", phrase._("expected a list of UTC times"))
        return [creation(name, {"created_at": c}) for c in created]
    made = entry["creations"]
    ok = type(made) is list and bool(made)
    for c in made if ok else ():
        ok = (
            type(c) is dict
            and type(c.get("id")) is str
            and ID_RE.fullmatch(c["id"]) is not None
            and type(c.get("name")) is str
            and PROFILE_RE.fullmatch(c["name"]) is not None
            and unicodedata.is_normalized("NFC", c["name"])
            and key_of(c["name"]) == key_of(name)
            and is_utc(c.get("created_at"))
        )
        if not ok:
            break
    if not ok:
        raise _bad(f"{where}.creations", phrase._("expected a list of {{id, name, created_at}}"))
    return [{"id": c["id"], "name": c["name"], "created_at": c["created_at"]} for c in made]
