"""The replica file: one device's pool of one show, as it lies in the sync folder.

Shape (replica format 1)::

    {"format": "aodcli-replica", "version": 1, "min_reader": 1,
     "generator": "aodcli 0.1.0", "checksum": "crc32:…",
     "device": "3f9c0a1b2c3d4e5f", "device_name": "laptop", "written": "…Z",
     "show": "all-of-us-are-dead",
     "profiles": {"jun": {"created": ["…Z"], "events": [event, …]}},
     "profile_log": [entry, …]}

Events and log entries are exactly the store's (``aodcli.store.document``), and
are checked the same way; ``created`` lists every time the profile was created
on any device. The checksum is the store's (a CRC-32 of the canonical bytes), so
a file cut short or changed by a sync tool reads as damaged. A reader skips a
replica whose ``min_reader`` is above :data:`READER`; unknown top-level keys of a
newer writer are ignored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..store.document import (
    CHECKSUM_PLACEHOLDER,
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
from .merge import Pool, canonical_order

FORMAT = "aodcli-replica"
#: The replica format this aodcli writes, and the highest ``min_reader`` it reads.
VERSION = 1
READER = 1
DEVICE_RE = re.compile(r"[0-9a-f]{16}")
#: The largest replica read, and so the largest written: the store's own limit.
MAX_BYTES = STORE_MAX_BYTES
MAX_NAME = 64


class Unreadable(Exception):
    """A file of the sync folder that is not a replica this aodcli can merge.

    ``kind``: ``damaged``, ``newer``, ``other-show`` or ``foreign`` (not a replica);
    ``str()`` is the reason, for people.
    """

    def __init__(self, kind: str, reason: str, device: str | None = None) -> None:
        super().__init__(reason)
        self.kind = kind
        self.device = device


@dataclass
class Replica:
    device: str
    device_name: str
    written: str
    show: str
    generator: str
    pool: Pool

    @property
    def events(self) -> int:
        return sum(len(events) for events in self.pool.events.values())


def clean_name(name: str) -> str:
    """A device name as a replica may carry it: no control or direction characters, at most 64."""
    from ..safetext import UNSAFE_RE

    name = unicodedata.normalize("NFC", UNSAFE_RE.sub("", name)).strip()
    return name[:MAX_NAME] or "device"


def build(pool: Pool, *, device: str, device_name: str, show: str, written: str) -> bytes:
    """The bytes of a replica of ``pool`` (canonical JSON, checksum sealed)."""
    profiles = {
        name: {
            "created": sorted(pool.created.get(name, set())),
            "events": canonical_order(pool.events.get(name, {}).values()),
        }
        for name in sorted(pool.created.keys() | pool.events.keys())
    }
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "min_reader": 1,
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
        raise Unreadable("foreign", "is not an aod replica")
    device = doc.get("device")
    device = device if type(device) is str and DEVICE_RE.fullmatch(device) else None
    min_reader = doc.get("min_reader")
    if type(min_reader) is not int or type(doc.get("version")) is not int:
        raise Unreadable("damaged", "has no valid version fields", device)
    if not checksum_holds(data, doc):
        raise Unreadable("damaged", "does not match its checksum (cut short, or changed outside aod)", device)
    if min_reader > READER:
        who = doc.get("generator") if type(doc.get("generator")) is str else "a newer aodcli"
        raise Unreadable("newer", f"was written by {clean_name(str(who))}, which this aodcli cannot read", device)
    if device is None:
        raise Unreadable("damaged", "has no valid device id", device)
    if doc.get("show") != show:
        other = doc.get("show")
        shown = repr(other) if type(other) is str and SLUG_RE.fullmatch(other) else "another show"
        raise Unreadable("other-show", f"is for {shown}, not {show!r}", device)
    try:
        return Replica(device, _name(doc), _time(doc, "written"), show, _text(doc, "generator"), _pool(doc))
    except CorruptStore as err:
        problem = err.problem.replace("is not a valid store", "is not a valid replica")
        raise Unreadable("damaged", problem, device) from None


def _name(doc: dict[str, Any]) -> str:
    name = doc.get("device_name")
    if type(name) is not str or len(name) > MAX_NAME or clean_name(name) != name:
        raise CorruptStore("invalid", "is not a valid replica: device_name: expected a short name")
    return name


def _text(doc: dict[str, Any], key: str) -> str:
    value = doc.get(key)
    if type(value) is not str or len(value) > 200:
        raise CorruptStore("invalid", f"is not a valid replica: {key}: expected a short text")
    return clean_name(value)


def _time(doc: dict[str, Any], key: str) -> str:
    from ..store.clock import is_utc

    value = doc.get(key)
    if not is_utc(value):
        raise CorruptStore("invalid", f"is not a valid replica: {key}: expected a UTC time ending in Z")
    assert isinstance(value, str)
    return value


def _pool(doc: dict[str, Any]) -> Pool:
    from ..store.clock import is_utc

    pool = Pool()
    profiles = doc.get("profiles")
    if type(profiles) is not dict:
        raise CorruptStore("invalid", "is not a valid replica: profiles: expected an object")
    for name, entry in profiles.items():
        where = f"profiles.{name}"
        if not PROFILE_RE.fullmatch(name) or not unicodedata.is_normalized("NFC", name):
            raise CorruptStore("invalid", f"is not a valid replica: {where}: not a valid profile name")
        if type(entry) is not dict or entry.keys() != {"created", "events"}:
            raise CorruptStore("invalid", f"is not a valid replica: {where}: expected 'created' and 'events'")
        created = entry["created"]
        if type(created) is not list or not created or not all(is_utc(c) for c in created):
            raise CorruptStore("invalid", f"is not a valid replica: {where}.created: expected a list of UTC times")
        pool.add_profile(name, created, validate_events(entry["events"], f"{where}.events"))
    pool.add_log(validate_profile_log(doc.get("profile_log", []), "profile_log"))
    return pool
