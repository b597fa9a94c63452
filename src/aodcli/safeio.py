"""Files the user names: read within a limit, written without harm.

Reading (``read_bounded``, for ``aod import FILE`` and every data pack file):
the path may name anything — a FIFO nobody writes to, ``/dev/zero``, a 300 MB
file, a link to any of them. It is stat'ed first, so a device or FIFO is
refused without even being opened; then opened without blocking (a FIFO swapped
in meanwhile cannot hang the open), checked again on the open descriptor, and
read to at most ``limit`` + 1 bytes.

Writing (``write_output``, for ``aod export -o PATH``) decides by what PATH is:

- a regular file, or nothing yet: replaced atomically — a temp file beside it,
  fsync, ``os.replace``, fsync of the folder. An existing file keeps its
  permission bits (a new one is 0600: exports hold personal notes), and one the
  user may not write is refused, not replaced behind its mode's back.
- a symlink is followed: the file it finally points to is what is replaced
  (the temp file goes beside *that* file) or created, so the link itself stays
  a link and the rules above and below apply to its target.
- a character device (``/dev/null``, a terminal): written in place, opened
  without O_CREAT or O_TRUNC and never replaced.
- a FIFO: written in place when a process is reading it; with no reader it is
  refused at once (a non-blocking open fails with ENXIO) instead of hanging.
- ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N``, ``/proc/self/fd/N``: the
  descriptor itself, as bash treats them (re-opening one would truncate a file
  that stdout appends to). The CLI sends ``-`` and ``/dev/stdout`` to stdout.
- a folder, a block device (a disk), a socket: refused, a usage error.
- anything inside the data folder (symlinks followed, so a link pointing into
  it counts): refused, a usage error. Only the store writes there.

Core code: raises ``AodError``/``UsageError`` with the user's sentence, never prints.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO, NoReturn

from .errors import AodError, UsageError
from .fileio import phrase
from .fileio.phrase import Phrase
from .fileio.regular import CHUNK, NotRegularFile, read_regular
from .i18n import _

_STDIO_RE = re.compile(r"/dev/(?:stdout|stderr|fd/(\d{1,6}))|/proc/self/fd/(\d{1,6})")
_CHUNK = CHUNK


class ReadRefused(AodError):
    """A file that was not read. ``problem`` says why, without the path (a
    :class:`~aodcli.fileio.phrase.Phrase`: English as data, translated in a sentence);
    ``reason`` is ``"missing"``, ``"os"`` (it could not be opened or read), ``"kind"``
    (not a regular file) or ``"size"`` (larger than the limit)."""

    def __init__(self, path: str | os.PathLike[str], problem: Phrase, reason: str) -> None:
        super().__init__(_("cannot read {path}: {problem}").format(path=os.fspath(path), problem=problem))
        self.problem = problem
        self.reason = reason


def os_problem(err: OSError) -> Phrase:
    """The system's words for ``err`` (a Phrase, the same in every language)."""
    return Phrase(err.strerror or str(err))


def size_text(limit: int) -> Phrase:
    """``33554432`` -> ``'32 MiB'``."""
    mib = limit / (1024 * 1024)
    if mib >= 1:
        return Phrase(f"{mib:g} MiB")
    return phrase.ngettext("{count} byte", "{count} bytes", limit, count=limit)


def kind_of(mode: int) -> Phrase:
    """What a file that is not a regular file is, for a message: ``'a FIFO'``…"""
    if stat.S_ISDIR(mode):
        return phrase._("a folder")
    if stat.S_ISFIFO(mode):
        return phrase._("a FIFO")
    if stat.S_ISCHR(mode):
        return phrase._("a character device")
    if stat.S_ISBLK(mode):
        return phrase._("a block device")
    if stat.S_ISSOCK(mode):
        return phrase._("a socket")
    return phrase._("an unknown kind of file")


def _not_regular(mode: int) -> Phrase:
    return phrase._("not a regular file ({kind})", kind=kind_of(mode))


def _larger(limit: int) -> Phrase:
    return phrase._("larger than {size}", size=size_text(limit))


def read_bounded(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed), at most ``limit``;
    ``ReadRefused`` when it is missing, unreadable, not a regular file or larger."""
    try:
        before = os.stat(path)
        if not stat.S_ISREG(before.st_mode):
            raise ReadRefused(path, _not_regular(before.st_mode), "kind")
        if before.st_size > limit:
            raise ReadRefused(path, _larger(limit), "size")
        data = read_regular(path, limit)
    except NotRegularFile as err:  # replaced between the stat and the open
        raise ReadRefused(path, _not_regular(err.mode), "kind") from None
    except IsADirectoryError:
        raise ReadRefused(path, _not_regular(stat.S_IFDIR), "kind") from None
    except OSError as err:
        raise ReadRefused(path, os_problem(err), "missing" if isinstance(err, FileNotFoundError) else "os") from None
    if len(data) > limit:  # it grew since the stat
        raise ReadRefused(path, _larger(limit), "size")
    return data


def read_stream_bounded(stream: BinaryIO, label: str, limit: int) -> bytes:
    """At most ``limit`` bytes of ``stream`` (``aod import -`` reads stdin); ``ReadRefused`` past that."""
    try:
        data = stream.read(limit + 1)
    except OSError as err:
        raise ReadRefused(label, os_problem(err), "os") from None
    if len(data) > limit:
        raise ReadRefused(label, _larger(limit), "size")
    return data


def stdio_fd(target: str) -> int | None:
    """The descriptor that ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N`` or
    ``/proc/self/fd/N`` names (as bash reads them), else None."""
    if os.name != "posix":
        return None
    found = _STDIO_RE.fullmatch(target)
    if found is None:
        return None
    if target == "/dev/stdout":
        return 1
    if target == "/dev/stderr":
        return 2
    return int(found.group(1) or found.group(2))


def inside(path: str | os.PathLike[str], folder: str | os.PathLike[str]) -> bool:
    """Is ``path`` (symlinks followed) ``folder`` or inside it? Compared by real path
    and, for the parts that exist, by device and inode (a case-insensitive file
    system or a bind mount spells one folder several ways)."""
    real = Path(os.path.realpath(path))
    home = Path(os.path.realpath(folder))
    if real == home or home in real.parents:
        return True
    try:
        home_st = os.stat(home)
    except OSError:
        return False  # no folder yet: nothing can be inside it but by name
    for part in (real, *real.parents):
        try:
            if os.path.samestat(os.stat(part), home_st):
                return True
        except OSError:
            continue
    return False


def file_target(
    value: str, *, data_dir: str | os.PathLike[str], option: str = "--output", example: str = "progress.json"
) -> str | None:
    """The file an output option (``-o FILE``, ``--ics FILE``) names, None for stdout (``-``,
    ``/dev/stdout``); :func:`check_target`'s usage errors are raised now, before any work."""
    if value == "-" or stdio_fd(value) == 1:
        return None
    check_target(value, data_dir=data_dir, option=option, example=example)
    return value


def check_target(
    target: str, *, data_dir: str | os.PathLike[str], option: str = "--output", example: str = "progress.json"
) -> None:
    """The usage errors of ``write_output``, so a command can raise them before any work:
    an empty name, a path inside the data folder, a folder, a block device, a socket.
    ``option``: the command's option that named ``target``, for the message about an empty one;
    ``example``: the file the message about a folder suggests in it."""
    if not target:
        raise UsageError(_("invalid {option} '': give a file name, or - for standard output").format(option=option))
    if stdio_fd(target) is not None:
        return
    if inside(target, data_dir):
        raise UsageError(
            _(
                "cannot export to {target}: it is inside aod's data folder ({folder}), which only the "
                "store writes; choose a path outside it"
            ).format(target=target, folder=data_dir)
        )
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return  # new, or a problem write_output reports
    if not (stat.S_ISREG(mode) or stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        _refuse_kind(target, mode, example)


def _refuse_kind(target: str, mode: int, name: str) -> NoReturn:
    what = kind_of(mode)
    if what == "a folder":
        example = os.path.join(target, name)
        raise UsageError(
            _("cannot export to {target}: it is {kind}; name a file in it, e.g. {example}").format(
                target=target, kind=what, example=example
            )
        )
    raise UsageError(_("cannot export to {target}: it is {kind}").format(target=target, kind=what))


def write_output(target: str, data: bytes, *, data_dir: str | os.PathLike[str], example: str = "progress.json") -> None:
    """Write ``data`` to the file ``target`` names, by the rules of this module's docstring
    (``example``: the file a refusal of a folder suggests in it)."""
    check_target(target, data_dir=data_dir, example=example)
    fd = stdio_fd(target)
    if fd is not None:
        _write_fd(fd, data, target)
        return
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None  # a new file (or the missing target of a symlink): created
    except OSError as err:
        raise AodError(_cannot_write(target, os_problem(err))) from None
    if st is None or stat.S_ISREG(st.st_mode):
        _replace(Path(os.path.realpath(target)), data, st, target)
    elif stat.S_ISCHR(st.st_mode):
        _write_in_place(target, data, fifo=False)
    elif stat.S_ISFIFO(st.st_mode):
        _write_in_place(target, data, fifo=True)
    else:  # it became one since check_target
        _refuse_kind(target, st.st_mode, example)


def _cannot_write(target: str, problem: str) -> str:
    return _("cannot write {target}: {problem}").format(target=target, problem=problem)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view[:_CHUNK]) :]


def _write_fd(fd: int, data: bytes, target: str) -> None:
    try:
        _write_all(fd, data)
    except OSError as err:
        raise AodError(_cannot_write(target, os_problem(err))) from None


def _write_in_place(target: str, data: bytes, *, fifo: bool) -> None:
    """Write into an existing device or FIFO: no O_CREAT, no O_TRUNC, no temp file."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    if fifo:
        flags |= getattr(os, "O_NONBLOCK", 0)  # no reader: ENXIO now, not a hang
    try:
        fd = os.open(target, flags)
    except OSError as err:
        if fifo and err.errno == errno.ENXIO:
            raise AodError(
                _("cannot write {target}: it is a FIFO and no process is reading it").format(target=target)
            ) from None
        raise AodError(_cannot_write(target, os_problem(err))) from None
    try:
        mode = os.fstat(fd).st_mode
        if not (stat.S_ISFIFO(mode) if fifo else stat.S_ISCHR(mode)):
            raise AodError(
                _("cannot write {target}: it changed while aod opened it; nothing was written").format(target=target)
            )
        if fifo:
            os.set_blocking(fd, True)  # a reader is there: let a full pipe wait for it
        _write_all(fd, data)
    except OSError as err:
        raise AodError(_cannot_write(target, os_problem(err))) from None
    finally:
        os.close(fd)


def _replace(real: Path, data: bytes, st: os.stat_result | None, target: str) -> None:
    """Atomically replace (or create) the regular file ``real``."""
    import tempfile

    if st is not None and not os.access(real, os.W_OK):
        raise AodError(_("cannot write {target}: Permission denied (the file is read-only)").format(target=target))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name[:80]}.", suffix=".tmp", dir=real.parent)
    except OSError as err:
        raise AodError(_cannot_write(target, os_problem(err))) from None
    try:
        try:
            if st is not None and hasattr(os, "fchmod"):
                os.fchmod(fd, st.st_mode & 0o777)
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, real)
    except BaseException as err:
        with suppress(OSError):  # already renamed, or the folder went away: nothing of ours is left
            os.unlink(tmp)
        if isinstance(err, OSError):
            raise AodError(_cannot_write(target, os_problem(err))) from None
        raise
    _fsync_dir(real.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable where the platform allows; best effort (the file is written)."""
    if os.name != "posix":  # pragma: no cover - Windows has no folder fsync
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with suppress(OSError):  # some file systems refuse fsync on a folder
            os.fsync(fd)
    finally:
        os.close(fd)
