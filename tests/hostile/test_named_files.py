"""Hostile input to the commands that read and write files the user names (issue 11).

A table of hostile inputs — to ``export -o``, ``import``, ``prompt -f``, a
``--show`` pack, and stdout itself — each run as a real process with a timeout
(a FIFO must not hang it) and, where memory is the danger, under a 1 GiB
address-space limit. Each must give exactly one ``Error:`` line on stderr, the
right exit code, no traceback, and leave every file under the data folder and
every path the test owns as it was. Then the behaviour each fix pinned: where
``export -o`` writes and how, the CSV formula escaping (a property test), the
prompt's template language and bounded reads.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import resource
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aodcli.errors import UsageError
from aodcli.reports.prompt import MAX_TEMPLATE, fill
from aodcli.safeio import ReadRefused, read_bounded
from aodcli.store import note_text_problem
from aodcli.transfer import csv_text_cell, csv_text_value, export_csv, read_import

from ..support.helpers import MINIPACK, REPO, copy_pack, edit_json, fails, ok

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
TIMEOUT = 10  # seconds; a FIFO that hangs a command hits it, a normal run takes a fraction of one
MEMORY = 1 << 30  # bytes of address space for runs that must not read without bound

pytestmark = [
    pytest.mark.heavy,
    pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices and /dev/full are POSIX"),
]


# --------------------------------------------------------------------------- running aod


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _close_stdout() -> None:
    os.close(1)


def run(
    args: list[str],
    data: Path,
    *,
    stdout: int | Path = subprocess.PIPE,
    limit_memory: bool = False,
    close_stdout: bool = False,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``python -m aodcli ARGS`` as a real process with its own data folder."""
    base = {k: v for k, v in os.environ.items() if k not in ("AOD_SHOW", "AOD_PROFILE", "FORCE_COLOR", "NO_COLOR")}
    full_env = {**base, "AOD_DATA_DIR": str(data), "COLUMNS": "120", **(env or {})}
    preexec: Callable[[], None] | None = None
    if limit_memory:
        preexec = _limit_memory
    elif close_stdout:
        preexec = _close_stdout
    out = stdout.open("wb") if isinstance(stdout, Path) else None
    try:
        return subprocess.run(
            [sys.executable, "-m", "aodcli", *args],
            stdout=out if out is not None else stdout,
            stderr=subprocess.PIPE,
            text=True,
            env=full_env,
            cwd=data.parent,
            timeout=TIMEOUT,
            preexec_fn=preexec,
        )
    finally:
        if out is not None:
            out.close()


def one_error_line(proc: subprocess.CompletedProcess[str], code: int, needle: str) -> None:
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("Error: "), proc.stderr
    assert proc.stderr.count("\n") == 1, f"want one line on stderr, got {proc.stderr!r}"
    assert "\x1b" not in proc.stderr and "\x9b" not in proc.stderr, proc.stderr
    assert needle in proc.stderr, proc.stderr


def fingerprint(*roots: Path) -> dict[str, tuple[object, ...]]:
    """Every path under ``roots`` (not following links, never opening FIFOs or devices):
    its kind and content — bytes' hash, a link's target, a device's number; a large
    (sparse) file by size, inode and mtime."""
    out: dict[str, tuple[object, ...]] = {}
    for root in roots:
        paths = [root, *sorted(root.rglob("*"))] if os.path.lexists(root) else []
        for path in paths:
            st = os.lstat(path)
            mode = st.st_mode
            if stat.S_ISLNK(mode):
                out[str(path)] = ("link", os.readlink(path))
            elif stat.S_ISREG(mode) and st.st_size <= 1 << 20:
                out[str(path)] = ("file", stat.S_IMODE(mode), hashlib.sha256(path.read_bytes()).hexdigest())
            elif stat.S_ISREG(mode):
                out[str(path)] = ("big file", st.st_size, st.st_ino, st.st_mtime_ns)
            elif stat.S_ISDIR(mode):
                out[str(path)] = ("dir", stat.S_IMODE(mode))
            else:
                out[str(path)] = ("special", stat.S_IFMT(mode), st.st_rdev)
    return out


def device(where: Path, name: str, major: int, minor: int, block: bool = False) -> Path:
    """A device node of our own (as root), so that even code that replaces what it is
    given (today's main did) can only harm the test's copy; else the system's one."""
    if IS_ROOT:
        node = where / name
        try:
            os.mknod(node, (stat.S_IFBLK if block else stat.S_IFCHR) | 0o666, os.makedev(major, minor))
        except OSError as err:
            pytest.skip(f"cannot make a device node here ({err.strerror}); the real one is unsafe to test as root")
        return node
    if block:
        pytest.skip("a block device node needs root to make")
    system = Path(f"/dev/{name}")
    if not system.exists():
        pytest.skip(f"no {system} here")
    return system


# --------------------------------------------------------------------------- the world


@dataclass
class World:
    data: Path  # the data folder, with progress and warm caches
    own: Path  # a folder of the test's own, outside it


@pytest.fixture
def world(tmp_path: Path) -> World:
    data = tmp_path / "aod-data"
    ok("watch", "1-3")  # the autouse fixture points AOD_DATA_DIR at ``data``
    ok("note", "2", '=HYPERLINK("http://x")')
    own = tmp_path / "own"
    own.mkdir()
    return World(data, own)


def hostile_pack(world: World, damage: Callable[[Path], None]) -> Path:
    pack = copy_pack(MINIPACK, world.own / "pack")
    damage(pack)
    return pack


def _linked(name: str, to: str) -> Callable[[Path], None]:
    def link(pack: Path) -> None:
        (pack / name).unlink()
        os.symlink(to, pack / name)

    return link


def _fifo(name: str) -> Callable[[Path], None]:
    def make(pack: Path) -> None:
        (pack / name).unlink()
        os.mkfifo(pack / name)

    return make


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as f:
        f.truncate(size)
    return path


def _pack_text(file: str, change: Callable[[Any], None]) -> Callable[[Path], None]:
    return lambda pack: edit_json(pack / file, change)


def _folder_instead(name: str) -> Callable[[Path], None]:
    def make(pack: Path) -> None:
        (pack / name).unlink()
        (pack / name).mkdir()

    return make


# Each case: (name, build argv from the world, exit code, text the error must contain, run under a memory limit).
Case = tuple[str, Callable[[World], list[str]], int, str, bool]


def _socket_at(w: World) -> Path:
    """A socket file (bound by a relative name: a socket's path is limited to ~100 bytes)."""
    here = os.getcwd()
    os.chdir(w.own)
    try:
        with socket.socket(socket.AF_UNIX) as s:
            s.bind("sock")  # the file stays after the socket is closed
    finally:
        os.chdir(here)
    return w.own / "sock"


def _fifo_at(w: World, name: str) -> Path:
    os.mkfifo(w.own / name)
    return w.own / name


def _link(w: World, name: str, to: Path | str) -> Path:
    os.symlink(to, w.own / name)
    return w.own / name


def _pack_args(damage: Callable[[Path], None]) -> Callable[[World], list[str]]:
    return lambda w: ["episodes", "--show", str(hostile_pack(w, damage))]


CASES: list[Case] = [
    # ---- export -o (item 1)
    ("export to ''", lambda w: ["export", "-o", ""], 2, "give a file name", False),
    ("export to a folder", lambda w: ["export", "-o", str(w.own)], 2, "it is a folder", False),
    ("export to the data folder", lambda w: ["export", "-o", str(w.data)], 2, "inside aod's data folder", False),
    ("export over the store", lambda w: ["export", "-o", str(w.data / "store.json")], 2, "data folder", False),
    (
        "export through a link into the data folder",
        lambda w: ["export", "-o", str(_link(w, "store-link", w.data / "store.json"))],
        2,
        "inside aod's data folder",
        False,
    ),
    (
        "export into a linked data folder",
        lambda w: ["export", "-o", str(_link(w, "data-link", w.data) / "new.json")],
        2,
        "inside aod's data folder",
        False,
    ),
    (
        "export to a FIFO nobody reads",
        lambda w: ["export", "-o", str(_fifo_at(w, "fifo"))],
        1,
        "no process is reading it",
        False,
    ),
    ("export to a socket", lambda w: ["export", "-o", str(_socket_at(w))], 2, "it is a socket", False),
    (
        "export to a full device",
        lambda w: ["export", "-o", str(device(w.own, "full", 1, 7))],
        1,
        "No space left on device",
        False,
    ),
    (
        "export to a block device",
        lambda w: ["export", "-o", str(device(w.own, "disk", 7, 1000, block=True))],
        2,
        "it is a block device",
        False,
    ),
    (
        "export into a missing folder",
        lambda w: ["export", "-o", str(w.own / "nowhere" / "x.json")],
        1,
        "No such file or directory",
        False,
    ),
    # ---- import (item 4)
    ("import /dev/zero", lambda w: ["import", "/dev/zero"], 1, "not a regular file (a character device)", True),
    (
        "import a link to /dev/zero",
        lambda w: ["import", str(_link(w, "zero", "/dev/zero"))],
        1,
        "not a regular file",
        True,
    ),
    ("import a FIFO", lambda w: ["import", str(_fifo_at(w, "in.fifo"))], 1, "not a regular file (a FIFO)", False),
    ("import a folder", lambda w: ["import", str(w.own)], 1, "not a regular file (a folder)", False),
    (
        "import a 2 GiB file",
        lambda w: ["import", str(_sparse(w.own / "huge.json", 2 << 30))],
        1,
        "larger than 256 MiB",  # zeros: no JSON, so a CSV, which may be 256 MiB
        True,
    ),
    ("import a missing file", lambda w: ["import", str(w.own / "nope.json")], 1, "No such file or directory", False),
    # ---- prompt -f (item 8)
    ("prompt reaching internals", lambda w: ["prompt", "-f", "{show.__class__.__mro__}"], 2, "is not a field", False),
    ("prompt with a huge width", lambda w: ["prompt", "-f", "{show:>999999999}"], 2, "is not a field", True),
    ("prompt with an index", lambda w: ["prompt", "-f", "{show[0]}"], 2, "is not a field", False),
    ("prompt with a conversion", lambda w: ["prompt", "-f", "{show!r}"], 2, "is not a field", False),
    ("prompt with a positional field", lambda w: ["prompt", "-f", "{0}"], 2, "unknown field", False),
    ("prompt with an unknown field", lambda w: ["prompt", "-f", "{secret}"], 2, "fields are {show}", False),
    ("prompt with a lone brace", lambda w: ["prompt", "-f", "{show"], 2, "a single '{'", False),
    ("prompt with a lone closing brace", lambda w: ["prompt", "-f", "x}"], 2, "a single '}'", False),
    ("prompt with a long template", lambda w: ["prompt", "-f", "x" * 1001], 2, "longer than 1000", False),
    ("prompt with an escape in a field", lambda w: ["prompt", "-f", "{\x1b]0;pwned\x07}"], 2, "\\x1b", False),
    # ---- a hostile --show pack (items 4 and 6)
    (
        "pack file linked to /dev/zero",
        _pack_args(_linked("episodes.json", "/dev/zero")),
        1,
        "episodes.json: not a regular file (a character device)",
        True,
    ),
    ("show.json a FIFO", _pack_args(_fifo("show.json")), 1, "show.json: not a regular file (a FIFO)", False),
    ("pack file a folder", _pack_args(_folder_instead("people.json")), 1, "people.json: not a regular file", False),
    (
        "pack file of 100 MB",
        _pack_args(lambda p: _sparse(p / "events.json", 100 << 20) and None),
        1,
        "events.json: larger than 64 MiB",
        True,
    ),
    (
        "blurb retitling the terminal",
        _pack_args(_pack_text("episodes.json", lambda d: d["episodes"][0].update(blurb="\x1b]0;pwned\x07hi"))),
        1,
        "episodes.json: episodes[0].blurb: contains a control character (U+001B)",
        False,
    ),
    (
        "name clearing the screen",
        _pack_args(_pack_text("people.json", lambda d: d["people"][0].update(name="Lee\x1b[2J"))),
        1,
        "people.json: people[0].name: contains a control character (U+001B)",
        False,
    ),
    (
        "8-bit CSI in a description",
        _pack_args(_pack_text("characters.json", lambda d: d["characters"][0].update(description="a\x9b2Jb"))),
        1,
        "characters[0].description: contains a control character (U+009B)",
        False,
    ),
    (
        "DEL in a title",
        _pack_args(_pack_text("episodes.json", lambda d: d["episodes"][1].update(title="Two\x7f"))),
        1,
        "episodes[1].title: contains a control character (U+007F)",
        False,
    ),
    (
        "bidi override in a title",
        _pack_args(_pack_text("episodes.json", lambda d: d["episodes"][1].update(title="abc\u202edcba"))),
        1,
        "episodes[1].title: contains a bidirectional override (U+202E)",
        False,
    ),
    (
        "line break in a blurb",
        _pack_args(_pack_text("episodes.json", lambda d: d["episodes"][2].update(blurb="one\ntwo"))),
        1,
        "episodes[2].blurb: contains a line break (U+000A)",
        False,
    ),
    (
        "escape in a source key",
        _pack_args(
            _pack_text("sources.json", lambda d: d["sources"].update({"k\x1b[2J": {"title": "t", "url": None}}))
        ),
        1,
        "sources.json: sources: a key contains a control character (U+001B)",
        False,
    ),
    (
        "escape in a fact's value",
        _pack_args(
            _pack_text("show.json", lambda d: d["title"].update(romanized={"value": "\x1b[31m", "sources": []}))
        ),
        1,
        "show.json: title.romanized.value: contains a control character",
        False,
    ),
]


@pytest.mark.parametrize(("name", "argv", "code", "needle", "limit_memory"), CASES, ids=[c[0] for c in CASES])
def test_hostile_input_gives_one_line_and_harms_nothing(
    world: World, name: str, argv: Callable[[World], list[str]], code: int, needle: str, limit_memory: bool
) -> None:
    args = argv(world)
    before = fingerprint(world.data, world.own)
    started = time.monotonic()
    proc = run(args, world.data, limit_memory=limit_memory)
    assert time.monotonic() - started < TIMEOUT
    one_error_line(proc, code, needle)
    assert proc.stdout == ""
    assert fingerprint(world.data, world.own) == before


# --------------------------------------------------------------------------- stdout that fails (item 3)

FULL = Path("/dev/full")


@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full here")
@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["export"], {}),
        (["export", "--format", "csv", "-o", "-"], {}),
        (["episodes", "--json"], {}),
        (["episodes"], {"FORCE_COLOR": "1"}),
        (["prompt"], {}),
        (["--version"], {}),
    ],
    ids=["export", "export csv to -", "episodes --json", "episodes rich", "prompt", "--version"],
)
def test_output_to_a_full_disk_fails_with_one_line(world: World, args: list[str], env: dict[str, str]) -> None:
    before = fingerprint(world.data, world.own)
    proc = run(args, world.data, stdout=FULL, env=env)
    one_error_line(proc, 1, "Error: cannot write output: No space left on device")
    assert fingerprint(world.data, world.own) == before


def test_output_to_a_closed_stdout_fails_with_one_line(world: World) -> None:
    proc = run(["episodes", "--json"], world.data, stdout=subprocess.DEVNULL, close_stdout=True)
    one_error_line(proc, 1, "Error: cannot write output: standard output is closed")


def test_a_reader_that_went_away_is_quiet(world: World) -> None:
    """``aod episodes | head -1``: EPIPE ends the command quietly, exit 1, as now."""
    env = {k: v for k, v in os.environ.items() if k != "AOD_SHOW"}
    env["AOD_DATA_DIR"] = str(world.data)
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before aod writes
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "aodcli", "episodes", "--json"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=TIMEOUT,
        )
    finally:
        os.close(write_end)
    assert proc.returncode == 1
    assert proc.stderr == ""


# --------------------------------------------------------------------------- where export -o writes (item 1)


def test_export_replaces_a_regular_file_atomically_keeping_its_mode(world: World) -> None:
    target = world.own / "progress.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    inode = target.stat().st_ino
    ok("export", "-o", str(target))
    assert target.stat().st_ino != inode  # a new file took its place (the old one was never half-written)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert '"format": "aodcli-export"' in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in world.own.iterdir()) == ["progress.json"]  # no temp file left
    new = world.own / "new.json"
    ok("export", "-o", str(new))
    assert stat.S_IMODE(new.stat().st_mode) == 0o600  # exports hold personal notes


def test_export_through_a_symlink_replaces_its_target_and_keeps_the_link(world: World) -> None:
    real = world.own / "real"
    real.mkdir()
    target = real / "progress.csv"
    target.write_text("old", encoding="utf-8")
    link = world.own / "link.csv"
    link.symlink_to(target)
    ok("export", "--format", "csv", "-o", str(link))
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == ok("export", "--format", "csv").stdout
    assert sorted(p.name for p in real.iterdir()) == ["progress.csv"]
    dangling = world.own / "dangling.csv"
    dangling.symlink_to(real / "made.csv")  # a link to nothing yet: its target is created
    ok("export", "--format", "csv", "-o", str(dangling))
    assert dangling.is_symlink() and (real / "made.csv").read_text(encoding="utf-8").startswith("id,type")


def test_export_writes_a_character_device_in_place(world: World) -> None:
    null = device(world.own, "null", 1, 3)
    rdev = null.stat().st_rdev
    run_ = ok("export", "-o", str(null))
    assert f"to {null}" in run_.stderr
    assert stat.S_ISCHR(os.stat(null).st_mode) and os.stat(null).st_rdev == rdev  # still the device


def test_export_writes_a_fifo_that_has_a_reader(world: World) -> None:
    fifo = world.own / "fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader is there (an export fits in a pipe buffer)
    try:
        ok("export", "--format", "csv", "-o", str(fifo))
        got = os.read(reader, 1 << 20)
    finally:
        os.close(reader)
    assert got.decode("utf-8") == ok("export", "--format", "csv").stdout
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("alias", ["-", "/dev/fd/1", "/proc/self/fd/1", "/dev/stdout"])
def test_export_to_stdout_aliases_writes_stdout(world: World, alias: str) -> None:
    if not Path(alias).exists() and alias != "-":
        pytest.skip(f"no {alias} here")
    if alias == "/dev/stdout" and IS_ROOT:
        pytest.skip("as root, code that replaces its target (today's main) would replace /dev/stdout itself")
    before = fingerprint(world.data, world.own)
    proc = run(["export", "--format", "csv", "-o", alias], world.data)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ok("export", "--format", "csv").stdout
    assert fingerprint(world.data, world.own) == before


@pytest.mark.skipif(IS_ROOT, reason="root may write any file")
def test_export_does_not_replace_a_read_only_file(world: World) -> None:
    target = world.own / "keep.json"
    target.write_text("mine", encoding="utf-8")
    target.chmod(0o444)
    fails(1, "export", "-o", str(target))
    assert target.read_text(encoding="utf-8") == "mine"


# --------------------------------------------------------------------------- CSV formula injection (item 7)

DANGEROUS = ["=", "+", "-", "@", "\t", "\r", "'"]


def test_csv_cells_never_start_like_a_formula(world: World) -> None:
    for text in ("+1", "-2", "@SUM(A1)", "\tx", "'=quoted", "'plain", "plain", "a=b"):
        ok("note", "3", "--", text)
    rows = list(csv.DictReader(io.StringIO(ok("export", "--format", "csv").stdout)))
    cells = [r["text"] for r in rows if r["type"] == "note"]
    assert cells == [
        "'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "'\tx", "''=quoted", "''plain", "plain", "a=b",
    ]  # fmt: skip
    for row in rows:  # every other column is aod's own: ids, codes, times, numbers
        for key, value in row.items():
            assert key == "text" or not value.startswith(tuple(DANGEROUS)), (key, value)


def test_csv_export_import_export_is_identical(world: World, tmp_path: Path) -> None:
    for text in ("'=already quoted", "-list item", "@mention", "\ttabbed"):
        ok("note", "4", "--", text)
    first = ok("export", "--format", "csv").stdout
    file = tmp_path / "p.csv"
    file.write_text(first, encoding="utf-8")
    other = {"AOD_DATA_DIR": str(tmp_path / "other-data")}
    assert ok("import", str(file), "--json", env=other).json()["added"] == first.count("\n") - 1
    again = ok("export", "--format", "csv", env=other).stdout
    assert _without_batches(again) == _without_batches(first)  # the import is a batch of its own
    notes = ok("episode", "4", "--json", env=other).json()["notes"]
    assert notes == ["'=already quoted", "-list item", "@mention", "\ttabbed"]


def _without_batches(text: str) -> list[dict[str, str]]:
    return [{k: v for k, v in row.items() if k not in ("batch", "seq")} for row in csv.DictReader(io.StringIO(text))]


NOTE_TEXT = st.builds(
    lambda prefix, rest: prefix + rest,
    st.sampled_from(["", *DANGEROUS, "''", "'=", "=-", " =", "\n="]),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
).filter(lambda text: note_text_problem(text) is None)  # what a note may be (no \r: a control character)


@given(st.lists(NOTE_TEXT, min_size=1, max_size=5))
def test_csv_round_trip_property(texts: list[str]) -> None:
    events = [
        {"id": f"{i:032x}", "type": "note", "episode": "s01e01", "recorded": "2026-01-01T00:00:00Z", "text": text}
        for i, text in enumerate(texts)
    ]
    first = export_csv(events, lambda _: "S01E01")
    back = read_import(first.encode("utf-8"), "p.csv", "show")
    assert [ev["text"] for ev in back] == texts
    assert export_csv(back, lambda _: "S01E01") == first
    for row in csv.DictReader(io.StringIO(first)):
        assert not row["text"].startswith(tuple(DANGEROUS[:-1]))


@given(st.text(max_size=30))
def test_csv_cell_escaping_is_reversible(text: str) -> None:
    cell = csv_text_cell(text)
    assert csv_text_value(cell) == text
    assert not cell.startswith(tuple(DANGEROUS[:-1]))


# --------------------------------------------------------------------------- the prompt's template language (item 8)

VALUES = {"show": "AOUAD", "watched": "3", "total": "12", "percent": "25", "next": "S01E04", "profile": "mina"}


@pytest.mark.parametrize(
    ("template", "text"),
    [
        ("{show} {watched}/{total} ▸ {next}", "AOUAD 3/12 ▸ S01E04"),
        ("{percent}% {profile}", "25% mina"),
        ("{{show}} {{", "{show} {"),
        ("}}{show}{{", "}AOUAD{"),
        ("{{{show}}}", "{AOUAD}"),
        ("", ""),
        ("plain", "plain"),
    ],
)
def test_template_fields_and_braces(template: str, text: str) -> None:
    assert fill(template, VALUES) == text


@pytest.mark.parametrize(
    "template",
    ["{}", "{ show}", "{show }", "{show.x}", "{show[0]}", "{show!s}", "{show:5}", "{0}", "{", "}", "{{show}", "{a{b}"],
)
def test_anything_else_in_braces_is_a_usage_error(template: str) -> None:
    with pytest.raises(UsageError, match=re.escape("fields are {show}, {watched}")):
        fill(template, VALUES)


def test_template_and_output_are_bounded() -> None:
    assert fill("x" * MAX_TEMPLATE, VALUES) == "x" * MAX_TEMPLATE
    with pytest.raises(UsageError, match="longer than 1000 characters"):
        fill("x" * (MAX_TEMPLATE + 1), VALUES)
    with pytest.raises(UsageError, match="longer than 20000 characters"):
        fill("{show}" * 166, {**VALUES, "show": "A" * 200})


def test_prompt_cli_keeps_its_output(world: World) -> None:
    assert ok("prompt").stdout == "AOUAD 3/12 ▸ S01E04\n"
    assert ok("prompt", "-f", "{{{percent}}} {show}").stdout == "{25} AOUAD\n"


# --------------------------------------------------------------------------- bounded reads (item 4)


def test_read_bounded_reads_up_to_the_limit_and_no_further(tmp_path: Path) -> None:
    file = tmp_path / "f"
    file.write_bytes(b"x" * 100)
    assert read_bounded(file, 100) == b"x" * 100
    with pytest.raises(ReadRefused, match="larger than 99 bytes") as refused:
        read_bounded(file, 99)
    assert refused.value.reason == "size"
    with pytest.raises(ReadRefused) as missing:
        read_bounded(tmp_path / "nope", 10)
    assert missing.value.reason == "missing"
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(ReadRefused, match="a FIFO") as fifo:
        read_bounded(tmp_path / "fifo", 10)
    assert fifo.value.reason == "kind"


def test_the_bundled_and_test_packs_pass_the_stricter_text_rules() -> None:
    ok("episodes", "--show", str(REPO / "data" / "all-of-us-are-dead"))
    ok("episodes", "--show", str(MINIPACK))


def test_an_error_message_never_carries_an_escape_sequence(world: World) -> None:
    run_ = fails(1, "import", str(world.own / "a\x1b]0;pwned\x07\nb.json"))
    assert "\\x1b]0;pwned\\x07\\nb.json" in run_.stderr
