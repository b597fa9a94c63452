"""What every importer shares: the rows it found, text and CSV decoding, title matching.

A parser turns a source's files into a :class:`Reading`: the viewings it could
place (an episode of this show and a time), the partial viewings it will not
mark, the rows of this show it could not place, and counts of the rows it
ignored, by reason and by the source's viewer profile. Nothing here writes.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from ..fileio import phrase
from ..fileio.phrase import Phrase
from ..i18n import N_, _
from ..transfer import BadImportFile

if TYPE_CHECKING:
    from ..pack.model import Episode
    from ..pack.pack import Pack

# Reasons a row is not imported (the keys of ``ignored`` in ``--json``), with their words (translated where shown).
OTHER_TITLES = "other_titles"
EXTRAS = "extras"
NOT_VIEWINGS = "not_viewings"
DUPLICATES = "duplicates"
OTHER_PROFILES = "other_profiles"
NOT_PLACED = "not_placed"
PARTIAL = "started_not_finished"
REASONS = {
    OTHER_TITLES: N_("other shows and films"),
    EXTRAS: N_("trailers, teasers and other extras"),
    NOT_VIEWINGS: N_("not viewings (follows, ratings, lists…)"),
    DUPLICATES: N_("the same viewing twice in the file"),
    OTHER_PROFILES: N_("other viewer profiles"),
    NOT_PLACED: N_("rows of this show that could not be placed"),
    PARTIAL: N_("started, not finished"),
}
#: What a source calls one of its viewer profiles (``Reading.profile_word``), and several.
VIEWER_PROFILE = N_("viewer profile")
PROFILE_WORDS = {
    VIEWER_PROFILE: N_("viewer profiles"),
    N_("Netflix profile"): N_("Netflix profiles"),
    N_("Trakt user"): N_("Trakt users"),
}


def profile_words(word: str) -> str:
    """Several of ``word`` (a ``Reading.profile_word``), in the interface language."""
    return _(PROFILE_WORDS.get(word, word))


@dataclass(slots=True)
class Viewing:
    """One viewing of an episode the importer could place: it becomes a watch event."""

    episode: str  # episode id
    at: datetime | None  # UTC; None: the source says watched, with no time
    key: str  # the source row's identity: the event id derives from it
    where: Phrase  # file and line/item, for messages
    profile: str | None = None  # the source's viewer profile, if it has several


@dataclass(slots=True)
class Partial:
    """A viewing that did not reach the end (Netflix's full download): reported, not marked."""

    episode: str
    at: datetime
    seconds: int
    runtime: int | None
    where: Phrase
    profile: str | None = None


@dataclass(slots=True)
class Unplaced:
    """A row of this show that names no episode aod knows, or no usable time: listed, not marked.
    ``where`` and ``reason`` are English in ``--json``, translated in the table
    (:class:`~aodcli.fileio.phrase.Phrase`)."""

    where: Phrase
    title: str
    reason: Phrase
    profile: str | None = None


@dataclass(slots=True)
class Reading:
    """Everything an importer found in a source."""

    kind: str  # "netflix-activity", "netflix-history", "trakt", "tvtime"
    name: str  # for people (translated where shown): "Netflix viewing activity (full data download)"
    files: list[str] = field(default_factory=list)
    viewings: list[Viewing] = field(default_factory=list)
    partial: list[Partial] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    ignored: Counter[tuple[str | None, str]] = field(default_factory=Counter)  # (profile, reason) -> rows
    profiles: dict[str, int] = field(default_factory=dict)  # viewer profile -> rows of this show, in file order
    all_rows: Counter[str] = field(default_factory=Counter)  # viewer profile -> rows in all
    profile_word: str = VIEWER_PROFILE  # what the source calls one ("Netflix profile", "Trakt user"): PROFILE_WORDS
    notes: list[str] = field(default_factory=list)  # what the user should know about the source, shown first

    def ignore(self, reason: str, profile: str | None = None, n: int = 1) -> None:
        self.ignored[(profile, reason)] += n

    def unplace(self, where: Phrase, title: str, reason: Phrase, profile: str | None = None) -> None:
        self.unplaced.append(Unplaced(where, title, reason, profile))

    def seen_profile(self, profile: str | None, *, of_show: bool) -> None:
        if profile is None:
            return
        self.all_rows[profile] += 1
        if of_show:
            self.profiles[profile] = self.profiles.get(profile, 0) + 1


# ---------------------------------------------------------------- text and CSV


BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
CHUNK = 1 << 20


def encoding_of(head: bytes) -> str | None:
    """The encoding a file's head shows: a byte-order mark's, or UTF-16 without one (text
    mostly of ASCII has a NUL in every other byte). None: look at the whole file."""
    for bom, name in BOMS:
        if head.startswith(bom):
            return name
    sample = head[: min(len(head), 4096) // 2 * 2]
    half = len(sample) // 2
    if half >= 8:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > 0.6 * half and even < 0.05 * half:
            return "utf-16-le"
        if even > 0.6 * half and odd < 0.05 * half:
            return "utf-16-be"
    return None


def _decodes(open_binary: Callable[[], BinaryIO], encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    with open_binary() as stream:
        try:
            while chunk := stream.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def text_encoding(open_binary: Callable[[], BinaryIO], head: bytes) -> tuple[str, str | None]:
    """How to read a text file, and a note when it is not what the services write (UTF-8):
    a byte-order mark's encoding, UTF-16 without one, UTF-8, else Windows-1252 (what a
    spreadsheet on Windows saves), else Latin-1. Read in chunks: memory stays flat."""
    found = encoding_of(head)
    if found is not None:
        bare = found in ("utf-16-le", "utf-16-be")
        return found, _("read as UTF-16 text without a byte-order mark") if bare else None
    if _decodes(open_binary, "utf-8"):
        return "utf-8", None
    if _decodes(open_binary, "cp1252"):
        return "cp1252", _("read as Windows-1252 text, as it is not UTF-8 (a spreadsheet saved it?)")
    return "latin-1", _("read as Latin-1 text, as it is neither UTF-8 nor Windows-1252")


def decode(data: bytes, label: str) -> str:
    """The text of a JSON file (UTF-8, a BOM allowed, or UTF-16 with or without one); BadImportFile otherwise."""
    encoding = encoding_of(data[:4096]) or "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise BadImportFile(
            _("{label}: not UTF-8 text (byte {byte}); save it as UTF-8").format(label=label, byte=err.start)
        ) from None


def norm(text: str) -> str:
    """Text compared loosely: NFKC, case-folded, runs of spaces made one."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def header_key(text: str) -> str:
    return norm(text.strip().strip('"'))


def delimiter_of(first_line: str) -> str:
    if "," in first_line:
        return ","
    if ";" in first_line:
        return ";"
    return "\t" if "\t" in first_line else ","


class Table:
    """A CSV file: its header (normalised names) and its rows as ``(line, {name: cell})``.

    Rows are read from the file each time :meth:`rows` is called, never held: a
    file of hundreds of megabytes takes the memory of one row. Lines may end in
    CRLF, LF or CR alone. ``note`` says how the text was decoded when it is not UTF-8.
    """

    def __init__(self, text: str, label: str) -> None:
        self._setup(lambda: io.StringIO(text, newline=""), label, None)

    @classmethod
    def streamed(cls, open_binary: Callable[[], BinaryIO], head: bytes, label: str) -> Table:
        """The CSV file ``open_binary`` opens (each call a fresh stream from its start)."""
        encoding, note = text_encoding(open_binary, head)
        table = cls.__new__(cls)
        table._setup(lambda: io.TextIOWrapper(open_binary(), encoding=encoding, newline=""), label, note)
        return table

    def _setup(self, open_text: Callable[[], TextIO], label: str, note: str | None) -> None:
        self.label = label
        self.note = note
        self._open = open_text
        with open_text() as stream:
            try:
                first = stream.readline()
            except UnicodeDecodeError:
                raise BadImportFile(_("{label}: its text changed while it was read").format(label=label)) from None
        self.delimiter = delimiter_of(first)
        try:
            self.header = [
                header_key(h) for h in next(csv.reader([first.rstrip("\r\n")], delimiter=self.delimiter), [])
            ]
        except csv.Error as err:
            raise BadImportFile(
                _("{label}: not a readable CSV file ({problem})").format(label=label, problem=csv_problem(err))
            ) from None

    def has(self, *names: str) -> str | None:
        """The first of ``names`` the header has."""
        return next((n for n in names if n in self.header), None)

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        with self._open() as stream:
            reader = csv.reader(stream, delimiter=self.delimiter)
            try:
                next(reader, None)
                line = reader.line_num + 1
                for cells in reader:
                    start, line = line, reader.line_num + 1
                    if not any(c.strip() for c in cells):
                        continue  # a blank line
                    yield start, {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(self.header)}
            except csv.Error as err:  # a NUL byte, a field over the csv module's limit…
                raise BadImportFile(
                    _("{label}: line {line}: not readable CSV ({problem})").format(
                        label=self.label, line=reader.line_num, problem=csv_problem(err)
                    )
                ) from None
            except UnicodeDecodeError:  # the file changed since its encoding was found
                raise BadImportFile(
                    _("{label}: line {line}: its text changed while it was read").format(
                        label=self.label, line=reader.line_num
                    )
                ) from None


def csv_problem(err: csv.Error) -> str:
    """What the csv module's error means, in words (its own text names its internals)."""
    text = str(err)
    if "field larger than field limit" in text:
        from ..i18n.formats import number_text

        return _("a cell longer than {count} characters").format(count=number_text(csv.field_size_limit()))
    if "NUL" in text:
        return _("a NUL byte")
    if "new-line character" in text or "unexpected end of data" in text:
        return _("a line break inside a cell that is not quoted, or a quote left open")
    return _("its quoting is broken")


def head_text(head: bytes) -> str:
    """A file's first bytes as text, decoded leniently (for sniffing only)."""
    encoding = encoding_of(head) or "utf-8"
    if encoding.startswith("utf-16"):
        head = head[: len(head) // 2 * 2]
    return head.decode(encoding, "replace").lstrip("\ufeff")


def starts_as_json(head: bytes) -> bool:
    """A file's head starts a JSON list or object (a byte-order mark and blanks before it allowed)."""
    return head_text(head[:64]).lstrip()[:1] in ("[", "{")


def first_line(head: bytes) -> str:
    """The first line of a file's head, decoded leniently (for sniffing only)."""
    return re.split(r"\r\n|\r|\n", head_text(head), maxsplit=1)[0]


def header_of(head: bytes) -> list[str]:
    line = first_line(head)
    try:
        cells = next(csv.reader([line], delimiter=delimiter_of(line)), [])
    except csv.Error:
        return []
    return [header_key(c) for c in cells]


# ---------------------------------------------------------------- the show


@dataclass(slots=True)
class ShowNames:
    """How sources may name this show: every title in the pack, and its external ids."""

    titles: list[str]  # normalised, longest first
    year: int | None
    imdb: str | None
    tmdb: int | None
    tvdb: int | None
    trakt: int | None

    @classmethod
    def of(cls, pack: Pack) -> ShowNames:
        show = pack.show
        title = show.get("title") or {}
        found: list[str] = []

        def add(value: Any) -> None:
            if isinstance(value, str) and norm(value) and norm(value) not in found:
                found.append(norm(value))
            elif isinstance(value, dict):
                add(value.get("value"))
                for version in value.get("versions") or []:
                    add(version.get("value") if isinstance(version, dict) else None)

        for key in ("en", "ko", "romanized", "literal", "short_ko"):
            add(title.get(key))
        for local in title.get("netflix") or []:
            add(local.get("value") if isinstance(local, dict) else None)
        premiere = show.get("premiere")
        ids = show.get("external_ids") or {}
        return cls(
            titles=sorted(found, key=len, reverse=True),
            year=int(premiere[:4]) if isinstance(premiere, str) else None,
            imdb=ids.get("imdb"),
            tmdb=ids.get("tmdb"),
            tvdb=ids.get("tvdb"),
            trakt=ids.get("trakt"),
        )

    def rest_after(self, text: str) -> str | None:
        """What follows the show's title in ``text`` ('' for the title alone); None: another title."""
        low = norm(text)
        for t in self.titles:
            if low == t:
                return ""
            if low.startswith(t):
                rest = low[len(t) :].lstrip()
                if rest.startswith((":", "：")):
                    return rest[1:].strip()
        return None

    def is_title(self, text: str, year: Any = None) -> bool:
        """``text`` names this show (a trailing ``(2022)`` must be its year, as ``year`` must)."""
        low = norm(text)
        found = re.fullmatch(r"(.*?)\s*\((\d{4})\)", low)
        if found:
            low, year = found.group(1), year or found.group(2)
        if low not in self.titles:
            return False
        if year in (None, "") or self.year is None:
            return True
        try:
            return int(year) == self.year
        except (TypeError, ValueError):
            return False


@dataclass(frozen=True, slots=True)
class Extra:
    """What :func:`place_title` returns for a trailer, teaser or clip of this show."""


EXTRA = Extra()


def title_parts(text: str) -> list[str]:
    """A title's parts, folded: ``Show: Season 1: Episode 3`` → ``["show", "season 1", "episode 3"]``."""
    return [p for p in (s.strip() for s in re.split(r"\s*[:：]\s*", norm(text))) if p]


def place_title(names: ShowNames, pack: Pack, title: str) -> Episode | Extra | Phrase | None:
    """The episode a Netflix-style title names, in any language of :mod:`.languages`.

    ``Show: Season 1: Episode 3``, ``Estamos muertos: Temporada 1: Episodio 3 (Capítulo 3)``,
    ``…: 1. Sezon: 3. Bölüm (Bölüm 3)``. None: another show's title. :data:`EXTRA`: a
    trailer or clip of this show (``Season 1 Trailer: Show``, ``Show: Season 1 (Trailer)``).
    A string: the title is this show's but names no episode aod knows (the reason, for
    the list of rows not placed).
    """
    from .languages import episode_of, is_extra, season_of

    rest = names.rest_after(title)
    if rest is None:
        parts = title_parts(title)
        if len(parts) > 1 and names.is_title(parts[-1]):
            return EXTRA  # the show named last: Netflix's form for a supplemental video
        return None
    parts = title_parts(rest)
    if not parts:
        return phrase._("no season or episode in the title")
    season = season_of(parts[0])
    text = ": ".join(parts[1:])
    number = episode_of(text) if (season is not None and text) else None
    if number is None and season is not None and text:
        same = [e for e in pack.season_episodes(season) if norm(e.title) == text]
        if len(same) == 1:
            return same[0]
    if number is None and any(is_extra(p) for p in parts):
        return EXTRA
    if season is None:
        return phrase._("no season in the title (numbering aod does not read)")
    if not text:
        return phrase._("no episode in the title")
    if number is None:
        return phrase._("no episode number in the title (numbering aod does not read)")
    return episode_or_reason(pack, season, number)


def episode_or_reason(pack: Pack, season: int, number: int) -> Episode | Phrase:
    ep = pack.episode_at(season, number)
    if ep is not None:
        return ep
    return phrase._("S{season:02d}E{number:02d} is not in this show's data", season=season, number=number)


def parse_int(value: Any) -> int | None:
    """A whole number from a cell or a JSON value (``"3"``, ``3``), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < 10_000 else None
    if isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit() and len(text) <= 4:
            return int(text)
    return None


def parse_time(text: str) -> datetime | None:
    """A time as the services write it, in UTC: ``2022-01-29 14:03:12`` (taken as UTC),
    ``2022-01-29T14:03:00.000Z``, or with an offset. None when it is not one."""
    raw = text.strip()
    if not raw or len(raw) > 40 or not raw.isascii():
        return None
    if raw.endswith(("Z", "z")):
        raw = raw[:-1] + "+00:00"
    raw = re.sub(r" ?(?:UTC|GMT)$", "", raw) if raw.endswith(("UTC", "GMT")) else raw
    try:
        when = datetime.fromisoformat(raw)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    try:
        return when.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return None


def where(label: str, line: int, what: str = "line") -> Phrase:
    """Where a row is, for the list of rows not placed: ``file.csv, line 12`` (``item``: a
    JSON list's item; ``show``: a show of TV Time's JSON)."""
    if what == "item":
        return phrase._("{file}, item {n}", file=label, n=line)
    if what == "show":
        return phrase._("{file}, show {n}", file=label, n=line)
    return phrase._("{file}, line {n}", file=label, n=line)
