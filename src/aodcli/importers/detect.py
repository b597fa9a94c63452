"""Which history a file holds, from its content — never from its name alone.

One file (or standard input):

- a zip (``PK`` magic) is opened in memory and its members are looked at as a folder's files;
- JSON (it starts with ``{`` or ``[``) is parsed (strictly: :func:`aodcli.transfer.load_json`)
  and told by what it holds: an object with ``"format": "aodcli-export"`` is aod's own export;
  a list of plays with ``watched_at`` and a ``show``/``episode`` or ``movie`` object is a
  Trakt history (an empty list too: an empty history page); a list of shows with
  ``seasons`` is TV Time's ``tvtime-series.json``. Any other JSON is refused, saying
  what it is not (TV Time's films or lists: what to import instead);
- anything else is read as CSV and told by its header: ``Profile Name, Start Time, …, Title``
  (Netflix's ViewingActivity.csv), exactly ``Title,Date`` (NetflixViewingHistory.csv),
  ``tv_show_name``/``series_name``/``episode_season_number`` (TV Time's GDPR export),
  ``title, season, episode, is_watched`` (TV Time's ``tvtime-series-episodes.csv``),
  ``id,type,…`` (aod's CSV export). A message about a file aod does not read never
  quotes it: it says what the file is not, and what aod reads.

A folder or zip: every ``.csv``/``.json`` file in it is sniffed (its first
bytes only), and only those recognised are read in full. A JSON file is told
by its first item, parsed from those bytes (:func:`first_item`): the keys are
enough when a long value (a show's ``seasons``) is cut off. An empty JSON list
is a Trakt history page only when named ``watched-history*.json`` (Trakt's
``lists-*.json`` are empty lists too). JSON aod does not read is passed over,
as are TV Time's files of films and lists. Names narrow the search where a
service's export has several files with one shape: TV Time's GDPR viewings are
its ``seen_episode*.csv`` and ``tracking-prod-records*.csv``
(``episode_emotion.csv`` has the same columns), and a Trakt user's name is in
``user-profile.json``. A folder or zip holding two kinds of history, or two
files of a kind that is one file per export, is refused with the list (a zip:
unzip it and import one).
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, BinaryIO

from ..fileio import phrase
from ..fileio.phrase import Phrase
from ..i18n import N_, _, ngettext
from ..transfer import EXPORT_FORMAT, BadImportFile
from . import netflix, trakt, tvtime, tvtime_app
from .common import Table, head_text, header_of, starts_as_json
from .files import Candidate, folder_candidates, is_zip, named_file, zip_candidates

if TYPE_CHECKING:
    from ..pack.pack import Pack
    from .common import Reading

AODCLI = "aodcli"
NAMES = {
    AODCLI: N_("aod export"),
    netflix.ACTIVITY: netflix.ACTIVITY_NAME,
    netflix.HISTORY: netflix.HISTORY_NAME,
    trakt.KIND: trakt.NAME,
    tvtime.KIND: tvtime.NAME,
    tvtime_app.KIND: tvtime_app.NAME,
}
#: Kinds of which an export has exactly one file.
ONE_FILE = (AODCLI, netflix.ACTIVITY, netflix.HISTORY)
LOOKED_FOR = N_(
    "Netflix's ViewingActivity.csv or NetflixViewingHistory.csv, a Trakt watched-history*.json, "
    "TV Time's seen_episode.csv, tracking-prod-records*.csv, tvtime-series-episodes.csv or tvtime-series.json, "
    "or an aod export"
)
PROFILE_FILES = ("user-profile.json", "user-settings.json")
#: Trakt's history pages: an empty list is a page of history only under this name.
TRAKT_PAGE_RE = re.compile(r"watched-history.*\.json", re.IGNORECASE)
#: The keys of aod's export (written sorted: ``events`` comes before ``format``).
EXPORT_KEYS = ("events", "exported_at", "format", "profile", "show", "version")


@dataclass(slots=True)
class Part:
    """One file of a history: JSON is read whole (at most 32 MiB), CSV as a stream (at most 256 MiB)."""

    source: Candidate
    profile: str | None = None  # Trakt: whose history (several exports at once)
    parsed: Any = None  # the JSON document, once parsed (detection parses a named file's)

    @classmethod
    def of_bytes(cls, label: str, data: bytes, profile: str | None = None) -> Part:
        return cls(Candidate.of_bytes(label, data), profile)

    @property
    def label(self) -> str:
        return self.source.label

    @property
    def head(self) -> bytes:
        return self.source.head

    def read(self) -> bytes:
        return self.source.read()

    def json(self) -> Any:
        """The file as JSON (strictly: ``transfer.load_json``), parsed once."""
        if self.parsed is None:
            self.parsed = trakt.load_json(self.read(), self.label)
        return self.parsed

    def table(self) -> Table:
        return Table.streamed(self.source.open, self.source.head, self.source.label)


@dataclass(slots=True)
class Found:
    kind: str
    label: str  # what the user named
    parts: list[Part] = field(default_factory=list)
    archive: BinaryIO | None = None  # the zip file the parts are read from, open until close()

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()

    @property
    def name(self) -> Phrase:
        """What the history is, for people: English as data (``format_name``), translated in a sentence."""
        return phrase._(NAMES[self.kind])


def _csv_kind(header: list[str]) -> str | None:
    if netflix.looks_like_activity(header):
        return netflix.ACTIVITY
    if netflix.looks_like_history(header):
        return netflix.HISTORY
    if tvtime.looks_like_tvtime(header):
        return tvtime.KIND
    if tvtime_app.looks_like_episodes(header):
        return tvtime_app.KIND
    if {"id", "type"} <= set(header):
        return AODCLI
    return None


def from_bytes(raw: bytes, label: str) -> Found:
    """What one file held in memory (standard input) holds."""
    if is_zip(raw):
        return from_candidates(zip_candidates(raw, label), label, what="zip")
    return _from_one(Candidate.of_bytes(label, raw), label)


def from_file(path: str) -> Found:
    """What the file ``aod import FILE`` names holds: a zip is read from disk member by member,
    JSON whole, CSV as a stream."""
    candidate, archive = named_file(path)
    if archive is None:
        return _from_one(candidate, path)
    try:
        found = from_candidates(zip_candidates(archive, path), path, what="zip")
    except BaseException:
        archive.close()
        raise
    found.archive = archive
    return found


def _from_one(c: Candidate, label: str) -> Found:
    if starts_as_json(c.head):
        part = Part(c)
        return Found(_json_kind(part.json(), label), label, [part])
    header = header_of(c.head)
    kind = _csv_kind(header)
    if kind is None:
        other = tvtime_app.other_csv(header)
        if other is not None:
            raise tvtime_app.no_viewings(label, other)
        raise BadImportFile(
            _("{label}: not a history aod reads (not JSON, nor CSV with a header it knows); it reads {formats}").format(
                label=label, formats=_(LOOKED_FOR)
            )
        )
    return Found(kind, label, [Part(c)])


def _json_kind(doc: Any, label: str) -> str:
    """The kind of history a whole JSON document is; BadImportFile saying what it is not."""
    if isinstance(doc, dict):
        if doc.get("format") == EXPORT_FORMAT:
            return AODCLI
        raise BadImportFile(
            _("{label}: a JSON object, but not an aod export nor any history aod reads; it reads {formats}").format(
                label=label, formats=_(LOOKED_FOR)
            )
        )
    if trakt.looks_like_history(doc):
        return trakt.KIND
    first = doc[0] if isinstance(doc, list) and doc else None
    if tvtime_app.looks_like_series(first):
        return tvtime_app.KIND
    other = tvtime_app.other_json(first)
    if other is not None:
        raise tvtime_app.no_viewings(label, other)
    raise BadImportFile(
        _(
            "{label}: a JSON list, but neither a Trakt history (plays with watched_at and a show or film) "
            "nor TV Time's tvtime-series.json (shows with their seasons)"
        ).format(label=label)
    )


def from_folder(path: str) -> Found:
    cands, zips = folder_candidates(path, path)
    return from_candidates(cands, path, what="folder", zips=zips)


@dataclass(slots=True)
class Head:
    """What the first bytes of a JSON file show: a list or an object, and the first item's keys."""

    container: str  # "list" or "object"
    empty: bool = False  # an empty list (or object)
    keys: dict[str, Any] = field(default_factory=dict)  # the first item's keys; CUT: the value went on
    whole: bool = False  # the first item ended within the head


CUT = object()  # a value that went on past the head


def first_item(head: bytes) -> Head | None:
    """The start of a JSON file, parsed as far as its first bytes go (None: no JSON list or object).

    For a list, the keys of its first item (an object); for an object, its own keys.
    A value cut off by the end of the head is :data:`CUT`: its key is still known.
    """
    text = head_text(head)
    i = _skip(text, 0)
    if text[i : i + 1] not in ("[", "{"):
        return None
    out = Head("list" if text[i] == "[" else "object")
    if out.container == "list":
        i = _skip(text, i + 1)
        if text[i : i + 1] == "]":
            out.empty = True
            return out
        if text[i : i + 1] != "{":
            return out  # a list of something else than objects
    i = _skip(text, i + 1)
    if text[i : i + 1] == "}":
        out.empty = out.whole = True
        return out
    with contextlib.suppress(ValueError, RecursionError):  # not JSON after all: the keys read so far stand
        _keys(text, i, out)
    return out


def _keys(text: str, i: int, out: Head) -> None:
    decoder = json.JSONDecoder()
    while text[i : i + 1] == '"':
        key, i = json.decoder.scanstring(text, i + 1)  # type: ignore[attr-defined]
        i = _skip(text, i)
        if text[i : i + 1] != ":":
            return
        i = _skip(text, i + 1)
        try:
            out.keys[key], i = decoder.raw_decode(text, i)
        except ValueError:  # cut off by the end of the head (or not JSON: the full read will say)
            out.keys[key] = CUT
            return
        i = _skip(text, i)
        if text[i : i + 1] == "}":
            out.whole = True
            return
        if text[i : i + 1] != ",":
            return
        i = _skip(text, i + 1)


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _sniff(c: Candidate) -> str | None:
    if c.name.lower().endswith(".json"):
        return _sniff_json(c)
    kind = _csv_kind(header_of(c.head))
    if kind == tvtime.KIND and not tvtime.FILE_RE.fullmatch(c.name):
        return None  # another file of TV Time's export with the same columns (episode_emotion.csv…)
    return kind


def _sniff_json(c: Candidate) -> str | None:
    """The kind of history a JSON file in a folder or zip holds, from its first item (None: none)."""
    head = first_item(c.head)
    if head is None:
        return None
    if head.container == "object":
        if head.keys.get("format") == EXPORT_FORMAT:
            return AODCLI
        if "format" not in head.keys and not head.whole and set(head.keys) <= set(EXPORT_KEYS):
            try:  # a large export: "events" comes first, "format" lies beyond the head
                doc = trakt.load_json(c.read(), c.label)
            except BadImportFile:
                return None
            return AODCLI if isinstance(doc, dict) and doc.get("format") == EXPORT_FORMAT else None
        return None
    if head.empty:
        return trakt.KIND if TRAKT_PAGE_RE.fullmatch(c.name) else None
    if trakt.is_history_item(head.keys):
        return trakt.KIND
    if tvtime_app.looks_like_series(head.keys):
        return tvtime_app.KIND
    return None


def from_candidates(cands: list[Candidate], label: str, *, what: str, zips: int = 0) -> Found:
    groups: dict[str, list[Candidate]] = {}
    users: dict[str, Candidate] = {}
    for c in cands:
        if c.name.lower() in PROFILE_FILES:
            users.setdefault(c.folder, c)
        kind = _sniff(c)
        if kind is not None:
            groups.setdefault(kind, []).append(c)
    if not groups:
        folder = what == "folder"
        if zips and folder:
            message = ngettext(
                "cannot read {label}: not a regular file (a folder), and no viewing history aod reads is in it, "
                "but it holds {count} zip file: import each zip, or unzip them into the folder",
                "cannot read {label}: not a regular file (a folder), and no viewing history aod reads is in it, "
                "but it holds {count} zip files: import each zip, or unzip them into the folder",
                zips,
            )
        elif zips:
            message = ngettext(
                "{label}: no viewing history aod reads is in it, but it holds {count} zip file: "
                "import each zip, or unzip them into the folder",
                "{label}: no viewing history aod reads is in it, but it holds {count} zip files: "
                "import each zip, or unzip them into the folder",
                zips,
            )
        elif folder:
            message = _(
                "cannot read {label}: not a regular file (a folder), and no viewing history aod reads is in it "
                "(looked for {formats})"
            )
        else:
            message = _("{label}: no viewing history aod reads is in it (looked for {formats})")
        raise BadImportFile(message.format(label=label, count=zips, formats=_(LOOKED_FOR)))
    if len(groups) > 1:
        found = "; ".join(
            _("{name} in {files}").format(name=_(NAMES[k]), files=", ".join(c.path for c in v[:2]))
            for k, v in groups.items()
        )
        raise BadImportFile(
            _("{label}: holds several kinds of history ({found}); import one file at a time").format(
                label=label, found=found
            )
        )
    kind, files = next(iter(groups.items()))
    files.sort(key=lambda c: c.path)
    if kind in ONE_FILE and len(files) > 1:
        if what == "zip":
            message = _("{label}: holds {count} files of {name} ({files}); unzip it and import one of them")
        else:
            message = _("{label}: holds {count} files of {name} ({files}); import one at a time, naming its file")
        raise BadImportFile(
            message.format(
                label=label, count=len(files), name=_(NAMES[kind]), files=", ".join(c.path for c in files[:3])
            )
        )
    names = _trakt_users(files, users) if kind == trakt.KIND else {}
    return Found(kind, label, [Part(c, names.get(c.folder)) for c in files])


def _trakt_users(files: list[Candidate], users: dict[str, Candidate]) -> dict[str, str]:
    """Several Trakt exports (one folder each) are several viewer profiles: their names."""
    folders = sorted({c.folder for c in files})
    if len(folders) < 2:
        return {}
    names: dict[str, str] = {}
    for folder in folders:
        name = None
        if folder in users:
            try:
                name = trakt.profile_name(trakt.load_json(users[folder].read(), users[folder].label))
            except BadImportFile:
                name = None
        base = PurePosixPath(folder).name
        name = name or (base[len("trakt-export-") :] if base.startswith("trakt-export-") else base) or folder
        names[folder] = name if name not in names.values() else folder
    return names


def read(found: Found, pack: Pack, date_order: str | None) -> Reading:
    """The Reading of a non-aod source (parsed and placed; nothing written)."""
    if found.kind == trakt.KIND:
        docs: list[tuple[str, str | None, Any]] = [(p.label, p.profile, p.json()) for p in found.parts]
        return trakt.read_history(docs, pack)
    if found.kind == tvtime_app.KIND:
        return tvtime_app.read_files(found.parts, pack)
    tables = [p.table() for p in found.parts]
    if found.kind == netflix.ACTIVITY:
        reading = netflix.read_activity(tables, pack, date_order)
    elif found.kind == netflix.HISTORY:
        reading = netflix.read_history(tables[0], pack, date_order)
    else:
        reading = tvtime.read_files(tables, pack)
    reading.notes[:0] = [_("{label}: {note}").format(label=t.label, note=t.note) for t in tables if t.note]
    return reading
