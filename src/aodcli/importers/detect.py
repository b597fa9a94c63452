"""Which history a file holds, from its content — never from its name alone.

One file (or standard input):

- a zip (``PK`` magic) is opened in memory and its members are looked at as a folder's files;
- JSON starting with ``{``: aod's own export (``"format": "aodcli-export"``);
- JSON starting with ``[``: a Trakt history (a list of items with ``watched_at``);
- anything else is read as CSV and told by its header: ``Profile Name, Start Time, …, Title``
  (Netflix's ViewingActivity.csv), exactly ``Title,Date`` (NetflixViewingHistory.csv),
  ``tv_show_name``/``series_name``/``episode_season_number`` (TV Time), ``id,type,…`` (aod's CSV export).

A folder or zip: every ``.csv``/``.json`` file in it is sniffed the same way
(its first bytes only), and only those recognised are read in full. Names
narrow the search where a service's export has several files with one shape:
TV Time's viewings are its ``seen_episode*.csv`` and ``tracking-prod-records*.csv``
(``episode_emotion.csv`` has the same columns), and a Trakt user's name is in
``user-profile.json``. A folder or zip holding two kinds of history, or two
files of a kind that is one file per export, is refused with the list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from ..transfer import BadImportFile
from . import netflix, trakt, tvtime
from .common import Table, decode, header_of
from .files import Candidate, folder_candidates, is_zip, zip_candidates

if TYPE_CHECKING:
    from ..pack.pack import Pack
    from .common import Reading

AODCLI = "aodcli"
NAMES = {
    AODCLI: "aod export",
    netflix.ACTIVITY: netflix.ACTIVITY_NAME,
    netflix.HISTORY: netflix.HISTORY_NAME,
    trakt.KIND: trakt.NAME,
    tvtime.KIND: tvtime.NAME,
}
#: Kinds of which an export has exactly one file.
ONE_FILE = (AODCLI, netflix.ACTIVITY, netflix.HISTORY)
LOOKED_FOR = (
    "Netflix's ViewingActivity.csv or NetflixViewingHistory.csv, a Trakt watched-history*.json, "
    "TV Time's seen_episode.csv or tracking-prod-records*.csv, or an aod export"
)
PROFILE_FILES = ("user-profile.json", "user-settings.json")


@dataclass(slots=True)
class Part:
    label: str
    data: bytes
    profile: str | None = None  # Trakt: whose history (several exports at once)


@dataclass(slots=True)
class Found:
    kind: str
    label: str  # what the user named
    parts: list[Part] = field(default_factory=list)

    @property
    def name(self) -> str:
        return NAMES[self.kind]


def _csv_kind(header: list[str]) -> str | None:
    if netflix.looks_like_activity(header):
        return netflix.ACTIVITY
    if netflix.looks_like_history(header):
        return netflix.HISTORY
    if tvtime.looks_like_tvtime(header):
        return tvtime.KIND
    if {"id", "type"} <= set(header):
        return AODCLI
    return None


def _start(head: bytes) -> bytes:
    for bom in (b"\xef\xbb\xbf",):
        if head.startswith(bom):
            head = head[len(bom) :]
    return head.lstrip()


def from_bytes(raw: bytes, label: str) -> Found:
    """What one file (or standard input) holds."""
    if is_zip(raw):
        return from_candidates(zip_candidates(raw, label), label, what="zip")
    start = _start(raw[:64])
    if start.startswith(b"{"):
        return Found(AODCLI, label, [Part(label, raw)])  # the export reader names any problem
    if start.startswith(b"["):
        doc = trakt.load_json(raw, label)
        if not trakt.looks_like_history(doc):
            raise BadImportFile(f"{label}: a JSON list, but not a Trakt history (items with watched_at and a show)")
        return Found(trakt.KIND, label, [Part(label, raw)])
    header = header_of(raw[:8192])
    kind = _csv_kind(header)
    if kind is None:
        shown = ", ".join(h[:20] for h in header[:6] if h) or "nothing"
        raise BadImportFile(f"{label}: not a history aod reads (its first line has {shown}); it reads {LOOKED_FOR}")
    return Found(kind, label, [Part(label, raw)])


def from_folder(path: str) -> Found:
    cands, zips = folder_candidates(path, path)
    return from_candidates(cands, path, what="folder", zips=zips)


def _sniff(c: Candidate) -> str | None:
    head = _start(c.head)
    if c.name.lower().endswith(".json"):
        if head.startswith(b"[") and b'"watched_at"' in head:
            return trakt.KIND
        if head.startswith(b"{") and b'"aodcli-export"' in head:
            return AODCLI
        return None
    kind = _csv_kind(header_of(c.head))
    if kind == tvtime.KIND and not tvtime.FILE_RE.fullmatch(c.name):
        return None  # another file of TV Time's export with the same columns (episode_emotion.csv…)
    return kind


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
        prefix = f"cannot read {label}: not a regular file (a folder), and" if what == "folder" else f"{label}:"
        if zips:
            raise BadImportFile(
                f"{prefix} no viewing history aod reads is in it, but it holds {zips} zip file"
                f"{'s' if zips > 1 else ''}: import each zip, or unzip them into the folder"
            )
        raise BadImportFile(f"{prefix} no viewing history aod reads is in it (looked for {LOOKED_FOR})")
    if len(groups) > 1:
        found = "; ".join(f"{NAMES[k]} in {', '.join(c.path for c in v[:2])}" for k, v in groups.items())
        raise BadImportFile(f"{label}: holds several kinds of history ({found}); import one file at a time")
    kind, files = next(iter(groups.items()))
    files.sort(key=lambda c: c.path)
    if kind in ONE_FILE and len(files) > 1:
        raise BadImportFile(
            f"{label}: holds {len(files)} files of {NAMES[kind]} ({', '.join(c.path for c in files[:3])}); "
            "import one at a time, naming its file"
        )
    names = _trakt_users(files, users) if kind == trakt.KIND else {}
    return Found(kind, label, [Part(c.label, c.read(), names.get(c.folder)) for c in files])


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
        docs: list[tuple[str, str | None, Any]] = [
            (p.label, p.profile, trakt.load_json(p.data, p.label)) for p in found.parts
        ]
        return trakt.read_history(docs, pack)
    tables = [Table(decode(p.data, p.label), p.label) for p in found.parts]
    if found.kind == netflix.ACTIVITY:
        return netflix.read_activity(tables, pack)
    if found.kind == netflix.HISTORY:
        return netflix.read_history(tables[0], pack, date_order)
    return tvtime.read_files(tables, pack)
