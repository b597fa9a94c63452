"""The files an import reads: one file, a folder, or a zip — every read bounded.

``aod import`` takes a file (or ``-``), a folder (Netflix's ``netflix-report``,
an unpacked TV Time or Trakt export) or a zip of one. Whatever it is, it is
treated as hostile:

- a folder is walked without following links, at most :data:`MAX_ENTRIES`
  entries and :data:`MAX_DEPTH` levels deep; only regular ``.csv``/``.json``
  files are looked at;
- a zip is read in memory and never extracted to disk. Before any member is
  read, the archive must have at most :data:`MAX_MEMBERS` members, no member
  name with a ``..`` part, an absolute path or a drive letter, and every member
  read must declare at most :data:`MAX_FILE_BYTES` uncompressed and a
  compression ratio below :data:`MAX_RATIO` (a zip bomb declares either). The
  declared sizes are not trusted either: each read stops at the limit + 1
  byte, so a member that lies is refused when it overflows;
- every candidate is first *sniffed* (its first :data:`SNIFF_BYTES` bytes), and
  only the files whose content is recognised are read in full, at most
  :data:`MAX_FILE_BYTES` each and :data:`MAX_TOTAL_BYTES` in all.

Nothing here decides a format: ``detect`` does, from the content.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, BinaryIO, cast

from ..fileio.phrase import Phrase
from ..i18n import _
from ..safeio import ReadRefused, kind_of, os_problem, read_bounded, size_text
from ..transfer import MAX_IMPORT_BYTES, BadImportFile
from .common import starts_as_json

MAX_FILE_BYTES = MAX_IMPORT_BYTES  # one file or member read whole: JSON (32 MiB)
MAX_TOTAL_BYTES = 2 * MAX_IMPORT_BYTES  # every member read in full, together
MAX_CSV_BYTES = 256 * 1024 * 1024  # one CSV file or member, read as a stream (memory stays flat)
MAX_STREAMED_BYTES = 4 * MAX_CSV_BYTES  # every CSV file or member, together
MAX_ZIP_BYTES = MAX_STREAMED_BYTES  # a zip named directly (read from disk member by member, never whole)
MAX_MEMBERS = 10_000  # members of a zip (Netflix's report has a few dozen)
MAX_ENTRIES = 10_000  # entries walked in a folder
MAX_DEPTH = 6  # folder levels below the one named
MAX_RATIO = 1_000  # uncompressed / compressed size of a member that is read
SNIFF_BYTES = 8_192
CHUNK = 1 << 20
CANDIDATE_SUFFIXES = (".csv", ".json")
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def is_zip(data: bytes) -> bool:
    return data[:4] in ZIP_MAGIC


@dataclass(slots=True)
class Candidate:
    """A file inside a folder or zip that may hold history: its head, and a way to read it all."""

    label: str  # for messages: ``export.zip:netflix-report/CONTENT_INTERACTION/ViewingActivity.csv``
    path: str  # inside the folder or zip, '/'-separated
    head: bytes  # the first SNIFF_BYTES bytes
    read: Callable[[], bytes]  # all of it, at most MAX_FILE_BYTES
    open: Callable[[], BinaryIO]  # a stream of it from its start, at most MAX_CSV_BYTES

    @classmethod
    def of_bytes(cls, label: str, data: bytes, path: str | None = None) -> Candidate:
        """A file held in memory (standard input, a test's bytes)."""
        return cls(label, path or label, data[:SNIFF_BYTES], lambda: data, lambda: cast("BinaryIO", io.BytesIO(data)))

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name

    @property
    def folder(self) -> str:
        return str(PurePosixPath(self.path).parent)


class Budget:
    """What the full reads of one import may take together, and the streams."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.used = 0
        self.streamed: dict[str, int] = {}  # label -> size declared when first opened

    def take(self, data: bytes) -> bytes:
        self.used += len(data)
        if self.used > MAX_TOTAL_BYTES:
            raise _too_much(self.label, MAX_TOTAL_BYTES)
        return data

    def stream(self, where: str, size: int) -> None:
        """A file of ``size`` bytes is about to be streamed (once counted, however often it is read)."""
        self.streamed[where] = size
        if sum(self.streamed.values()) > MAX_STREAMED_BYTES:
            raise _too_much(self.label, MAX_STREAMED_BYTES)


def _too_much(label: str, limit: int) -> BadImportFile:
    return BadImportFile(
        _("{label}: the history files in it come to more than {size}").format(label=label, size=size_text(limit))
    )


def _larger(where: str, limit: int) -> BadImportFile:
    return BadImportFile(_("{label}: larger than {size}").format(label=where, size=size_text(limit)))


def _larger_unzipped(where: str, limit: int) -> BadImportFile:
    return BadImportFile(_("{label}: larger than {size} unzipped").format(label=where, size=size_text(limit)))


def _cannot_unzip(where: str, err: BaseException) -> BadImportFile:
    return BadImportFile(_("{label}: cannot be unzipped ({problem})").format(label=where, problem=damage(err)))


def _encrypted(where: str) -> BadImportFile:
    return BadImportFile(
        _("{label}: the zip is encrypted; unzip it with its password and import the folder").format(label=where)
    )


def _cannot_read(where: str, problem: str) -> BadImportFile:
    return BadImportFile(_("cannot read {path}: {problem}").format(path=where, problem=problem))


def _cannot_read_larger(where: str, limit: int) -> BadImportFile:
    return BadImportFile(_("cannot read {path}: larger than {size}").format(path=where, size=size_text(limit)))


class Bounded(io.RawIOBase):
    """A binary stream that refuses (BadImportFile) to give more than ``limit`` bytes:
    a zip member or a growing file that lies about its size stops there."""

    def __init__(self, inner: BinaryIO, where: str, limit: int) -> None:
        self._inner = inner
        self._where = where
        self._left = limit
        self._limit = limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        try:
            data = self._inner.read(min(len(view), self._left + 1))
        except _unzip_errors() as err:
            raise BadImportFile(
                _("{label}: cannot be read ({problem})").format(label=self._where, problem=damage(err))
            ) from None
        if len(data) > self._left:
            raise _larger(self._where, self._limit)
        self._left -= len(data)
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:
        try:
            self._inner.close()
        finally:
            super().close()


def bounded_stream(inner: BinaryIO, where: str, limit: int) -> BinaryIO:
    return cast("BinaryIO", io.BufferedReader(Bounded(inner, where, limit), CHUNK))


# ---------------------------------------------------------------- zip


def _member_label(label: str, name: str) -> str:
    """``export.zip:folder/file.csv`` (a label that is a Phrase, ``standard input``, stays one)."""
    if isinstance(label, Phrase):
        return label.map(lambda text: f"{text}:{name}")
    return f"{label}:{name}"


def _unsafe_name(name: str) -> bool:
    if "\x00" in name or name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return True
    return any(part == ".." for part in name.replace("\\", "/").split("/"))


def zip_candidates(source: bytes | BinaryIO, label: str) -> list[Candidate]:
    """The ``.csv``/``.json`` members of a zip (in memory, or a seekable file never unpacked to disk),
    each sniffed; BadImportFile for a bad zip."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, RuntimeError) as err:
        raise BadImportFile(
            _("{label}: not a readable zip file ({problem})").format(label=label, problem=damage(err))
        ) from None
    if len(infos) > MAX_MEMBERS:
        raise BadImportFile(
            _("{label}: a zip with {count} members (at most {most}); unzip it first").format(
                label=label, count=len(infos), most=MAX_MEMBERS
            )
        )
    for info in infos:
        if _unsafe_name(info.filename):
            raise BadImportFile(
                _("{label}: refused: a member is named {name!r} (a '..' or absolute path)").format(
                    label=label, name=info.filename[:80]
                )
            )
    budget = Budget(label)
    out = []
    zipped_zips = 0
    for info in infos:
        if info.is_dir():
            continue
        lower = info.filename.lower()
        if lower.endswith(".zip"):
            zipped_zips += 1
        if not lower.endswith(CANDIDATE_SUFFIXES):
            continue
        where = _member_label(label, info.filename)
        head = _member_bytes(archive, info, where, SNIFF_BYTES, whole=False)
        path = info.filename.replace("\\", "/")
        out.append(
            Candidate(
                where,
                path,
                head,
                _member_reader(archive, info, where, budget),
                _member_opener(archive, info, where, budget),
            )
        )
    if not out and zipped_zips:
        raise BadImportFile(
            _("{label}: holds only zip files ({count}); unzip it and import what is inside").format(
                label=label, count=zipped_zips
            )
        )
    return out


def _member_reader(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str, budget: Budget) -> Callable[[], bytes]:
    return lambda: budget.take(_member_bytes(archive, info, where, MAX_FILE_BYTES, whole=True))


def _member_opener(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str, budget: Budget
) -> Callable[[], BinaryIO]:
    def open_member() -> BinaryIO:
        _check_member(info, where, MAX_CSV_BYTES)
        budget.stream(where, info.file_size)
        try:
            member = archive.open(info)
        except _unzip_errors() as err:
            raise _cannot_unzip(where, err) from None
        return bounded_stream(cast("BinaryIO", member), where, MAX_CSV_BYTES)

    return open_member


def _check_member(info: zipfile.ZipInfo, where: str, limit: int) -> None:
    """Refuse a member that declares more than ``limit`` bytes or a zip bomb's ratio, before reading it."""
    if info.flag_bits & 0x1:
        raise _encrypted(where)
    if info.file_size > limit:
        raise _larger_unzipped(where, limit)
    if info.file_size > (1 << 20) and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise BadImportFile(
            _("{label}: refused: it unzips to {ratio}+ times its size (a zip bomb?)").format(
                label=where, ratio=MAX_RATIO
            )
        )


def _member_bytes(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str, limit: int, *, whole: bool) -> bytes:
    if info.flag_bits & 0x1:
        raise _encrypted(where)
    if whole:
        _check_member(info, where, MAX_FILE_BYTES)
    try:
        with archive.open(info) as member:
            data = member.read(limit + 1 if whole else limit)
    except _unzip_errors() as err:
        raise _cannot_unzip(where, err) from None
    if whole and len(data) > limit:  # the header lied about the size
        raise _larger_unzipped(where, limit)
    return data


def damage(err: BaseException) -> str:
    """What went wrong reading a zip, in words (never Python's names for it)."""
    text = str(err).lower()
    if isinstance(err, NotImplementedError) or "compression" in text:
        return _("it is compressed in a way aod cannot read; unzip it and import the folder")
    if "password" in text or "encrypted" in text:
        return _("it is encrypted; unzip it with its password and import the folder")
    if isinstance(err, OSError) and not isinstance(err, zipfile.BadZipFile) and err.strerror:
        return str(err.strerror)
    return _("it is damaged or cut short")


def _unzip_errors() -> tuple[type[BaseException], ...]:
    """What reading a damaged member raises (bz2 raises OSError; lzma its own error, when present)."""
    errors: tuple[type[BaseException], ...] = (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,  # a compression method zipfile lacks
        RuntimeError,  # zipfile: "password required"
    )
    try:
        import lzma
    except ImportError:  # pragma: no cover - a Python built without lzma
        return errors
    return (*errors, lzma.LZMAError)


# ---------------------------------------------------------------- folders


def folder_candidates(root: str, label: str) -> tuple[list[Candidate], int]:
    """The regular ``.csv``/``.json`` files under ``root`` (links not followed), each sniffed,
    and how many zip files the folder holds (not opened: named in the message when nothing else is found)."""
    budget = Budget(label)
    out = []
    zips = 0
    for rel, full in _walk(root, label):
        if rel.lower().endswith(".zip"):
            zips += 1
            continue
        where = os.path.join(label, rel)
        head = _head(full, where)
        if head is None:
            continue
        out.append(
            Candidate(
                where,
                rel.replace(os.sep, "/"),
                head,
                _file_reader(full, where, budget),
                _file_opener(full, where, budget),
            )
        )
    return out, zips


def _walk(root: str, label: str) -> Iterator[tuple[str, str]]:
    seen = 0
    stack: list[tuple[str, int]] = [("", 0)]
    while stack:
        rel, depth = stack.pop()
        try:
            with os.scandir(os.path.join(root, rel) if rel else root) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as err:
            raise _cannot_read(os.path.join(label, rel), os_problem(err)) from None
        for entry in entries:
            seen += 1
            if seen > MAX_ENTRIES:
                raise BadImportFile(
                    _("{label}: more than {most} files and folders; name the export's folder").format(
                        label=label, most=MAX_ENTRIES
                    )
                )
            sub = os.path.join(rel, entry.name) if rel else entry.name
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError:
                continue
            if stat.S_ISDIR(mode):
                if depth < MAX_DEPTH:
                    stack.append((sub, depth + 1))
            elif stat.S_ISREG(mode) and entry.name.lower().endswith((*CANDIDATE_SUFFIXES, ".zip")):
                yield sub, entry.path


def _head(path: str, where: str) -> bytes | None:
    """The first SNIFF_BYTES bytes of a regular file (None: it is no longer one, or gone)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return os.read(fd, SNIFF_BYTES)
    except OSError as err:
        raise _cannot_read(where, os_problem(err)) from None
    finally:
        os.close(fd)


def _file_reader(path: str, where: str, budget: Budget | None) -> Callable[[], bytes]:
    def read() -> bytes:
        try:
            data = read_bounded(path, MAX_FILE_BYTES)
            return budget.take(data) if budget is not None else data
        except ReadRefused as err:
            raise _cannot_read(where, err.problem) from None

    return read


def _file_opener(path: str, where: str, budget: Budget | None) -> Callable[[], BinaryIO]:
    def open_file() -> BinaryIO:
        stream, size = open_regular(path, where, MAX_CSV_BYTES)
        if budget is not None:
            budget.stream(where, size)
        return stream

    return open_file


def open_regular(path: str, where: str, limit: int, *, bounded: bool = True) -> tuple[BinaryIO, int]:
    """A stream of the regular file ``path`` (bounded: it stops with BadImportFile past ``limit``;
    else the file itself, seekable) and its size; BadImportFile when it is not one (a FIFO, a
    device: refused at once, never waited on), is unreadable or is larger than ``limit``."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except OSError as err:
        raise _cannot_read(where, os_problem(err)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise BadImportFile(
                _("cannot read {path}: not a regular file ({kind})").format(path=where, kind=kind_of(st.st_mode))
            )
        if st.st_size > limit:
            raise _cannot_read_larger(where, limit)
        raw = os.fdopen(fd, "rb", buffering=0 if bounded else -1)
    except BaseException:
        os.close(fd)
        raise
    return (bounded_stream(raw, where, limit) if bounded else raw), st.st_size


def named_file(path: str) -> tuple[Candidate, BinaryIO | None]:
    """The file ``aod import FILE`` names, as a candidate (its head read), and, when it is a zip,
    the open file the zip is read from, member by member. Refused at once when it is not a regular
    file, or larger than what its kind may be (a zip 1 GiB, JSON 32 MiB, CSV 256 MiB)."""
    raw, size = open_regular(path, path, 1 << 62, bounded=False)
    try:
        head = raw.read(SNIFF_BYTES)
        if is_zip(head) and size <= MAX_ZIP_BYTES:
            raw.seek(0)
            return Candidate(path, path, head, _file_reader(path, path, None), _file_opener(path, path, None)), raw
    except OSError as err:
        raw.close()
        raise _cannot_read(path, os_problem(err)) from None
    except BaseException:
        raw.close()
        raise
    raw.close()
    limit = MAX_ZIP_BYTES if is_zip(head) else MAX_FILE_BYTES if starts_as_json(head) else MAX_CSV_BYTES
    if size > limit:
        raise _cannot_read_larger(path, limit)
    return Candidate(path, path, head, _file_reader(path, path, None), _file_opener(path, path, None)), None


def is_folder(path: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False
