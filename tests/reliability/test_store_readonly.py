"""A read-only data folder, through real ``aod`` processes.

Two ways to make the folder read-only:

- root (Linux): a tmpfs mounted inside the test's temp folder, filled while
  writable, then ``mount -o remount,ro``: every write gets the kernel's real
  EROFS. Skipped, with the reason, when mounting is not permitted (no
  CAP_SYS_ADMIN, e.g. in an unprivileged container). The mount is always
  removed in the fixture's teardown.
- non-root: ``chmod`` 0500 on every folder and 0400 on every file of the data
  folder. Skipped as root, because root bypasses permission bits (the skip
  probes a 0500 folder, so root without CAP_DAC_OVERRIDE runs it too).

Each variant also runs on a first run (the data folder does not exist yet and
cannot be created).

Checks: every writing command (watch, unwatch, skip, rate, note, undo,
profile add, import) exits 1 with nothing on stdout and exactly one line on
stderr, ``Error: ...``, naming the cause (read-only file system / permission
denied) and no traceback; every reading command (``aod`` dashboard, episodes,
progress, history, next, search, store check) exits 0 with output and an empty
stderr; and every file under the data folder is byte-identical afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..support.helpers import ok
from ..support.store_helpers import child_env, snapshot

pytestmark = pytest.mark.heavy  # out of the quick tier: real aod processes on a read-only folder

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _permission_bits_bypassed(tmp_path: Path) -> bool:
    """True for root (CAP_DAC_OVERRIDE): a 0500 folder does not stop it writing."""
    probe = tmp_path / "probe-0500"
    probe.mkdir()
    probe.chmod(0o500)
    try:
        (probe / "x").write_bytes(b"x")
    except PermissionError:
        return False
    finally:
        probe.chmod(0o700)
    return True


#: argv of each writing command, and an import file made elsewhere (added later).
WRITES: list[tuple[str, ...]] = [
    ("watch", "5"),
    ("unwatch", "1"),
    ("skip", "6"),
    ("rate", "3", "7"),
    ("note", "3", "a note that cannot be saved"),
    ("undo",),
    ("profile", "add", "mina"),
]
READS: list[tuple[str, ...]] = [
    (),
    ("episodes",),
    ("progress",),
    ("history",),
    ("next",),
    ("search", "hyosan"),
    ("store", "check"),
]


@dataclass
class ReadOnlyData:
    data: Path  # AOD_DATA_DIR
    cause: str  # what the error line must name
    import_file: Path
    first_run: bool


def _aod(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = child_env(data)
    env["NO_COLOR"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "aodcli", *args], env=env, capture_output=True, text=True, timeout=60, cwd=data.anchor
    )


def _fill(data: Path) -> None:
    """A store with events to unwatch and undo, a backup, a lock file and caches (made by the CLI in
    this process: the commands checked on the read-only folder are the ones that run as processes)."""
    for args in (("watch", "1-3"), ("rate", "2", "8"), ("note", "2", "hi"), ("episodes",), ("search", "hyosan")):
        ok(*args, env={"AOD_DATA_DIR": str(data)})


def _import_file(tmp_path: Path) -> Path:
    """An export with events the read-only store does not have (so import must write)."""
    env = {"AOD_DATA_DIR": str(tmp_path / "other-data")}
    out = tmp_path / "progress.json"
    ok("watch", "5-6", env=env)
    ok("export", "-o", str(out), env=env)
    return out


def _run_tool(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(argv), capture_output=True, text=True, timeout=30)


@pytest.fixture(params=["existing", "first-run"])
def tmpfs_ro(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ReadOnlyData]:
    if not sys.platform.startswith("linux"):
        pytest.skip("a read-only tmpfs needs Linux")
    if not IS_ROOT:
        pytest.skip("mounting a tmpfs needs root (the chmod variant covers non-root)")
    if shutil.which("mount") is None or shutil.which("umount") is None:
        pytest.skip("mount/umount not found")
    import_file = _import_file(tmp_path)
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    r = _run_tool("mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", str(mnt))
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip() or r.returncode}")
    try:
        data = mnt / "data"
        first_run = request.param == "first-run"
        if not first_run:
            _fill(data)
        r = _run_tool("mount", "-o", "remount,ro", str(mnt))
        if r.returncode != 0:
            pytest.skip(f"cannot remount the tmpfs read-only: {r.stderr.strip() or r.returncode}")
        with pytest.raises(OSError):  # the kernel refuses writes, even to root
            (mnt / "probe").write_bytes(b"x")
        yield ReadOnlyData(data, "Read-only file system", import_file, first_run)
    finally:
        r = _run_tool("umount", str(mnt))
        if r.returncode != 0:
            _run_tool("umount", "-l", str(mnt))
        assert not os.path.ismount(mnt), f"could not unmount {mnt}"


@pytest.fixture(params=["existing", "first-run"])
def chmod_ro(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ReadOnlyData]:
    if os.name != "posix":
        pytest.skip("POSIX permission bits")
    if _permission_bits_bypassed(tmp_path):
        pytest.skip("running as root: permission bits are bypassed, chmod 0500 cannot make a folder read-only")
    import_file = _import_file(tmp_path)
    first_run = request.param == "first-run"
    parent = tmp_path / "locked"
    parent.mkdir()
    data = parent / "data"
    if not first_run:
        _fill(data)
    tree = [parent, *sorted(parent.rglob("*"))]
    modes = {p: p.stat().st_mode & 0o7777 for p in tree}
    for p in reversed(tree):  # files and subfolders before their folder
        p.chmod(0o500 if p.is_dir() else 0o400)
    try:
        yield ReadOnlyData(data, "Permission denied", import_file, first_run)
    finally:
        for p in tree:  # folders before their contents, so pytest can clean up
            p.chmod(modes[p])


def _check_read_only(ro: ReadOnlyData) -> None:
    before = snapshot(ro.data)
    if not ro.first_run:
        assert "store.json" in before and "store.json.lock" in before
    failures: list[str] = []
    writes = [*WRITES, ("import", str(ro.import_file))]
    for args in writes:
        r = _aod(ro.data, *args)
        line = f"aod {' '.join(args)} -> exit {r.returncode}, stdout {r.stdout[:80]!r}, stderr {r.stderr!r}"
        if (
            r.returncode != 1
            or r.stdout != ""
            or "Traceback" in r.stderr
            or not r.stderr.startswith("Error: ")
            or r.stderr.count("\n") != 1
            or ro.cause not in r.stderr
        ):
            failures.append(line)
    for args in READS:
        r = _aod(ro.data, *args)
        if r.returncode != 0 or not r.stdout.strip() or r.stderr != "":
            failures.append(f"aod {' '.join(args)} -> exit {r.returncode}, stderr {r.stderr[-300:]!r}")
    assert failures == [], "\n".join(failures)
    assert snapshot(ro.data) == before
    assert ro.data.exists() != ro.first_run


def test_a_read_only_mount_refuses_writes_in_one_line_and_reads_still_work(tmpfs_ro: ReadOnlyData) -> None:
    _check_read_only(tmpfs_ro)


def test_a_folder_without_write_permission_refuses_writes_in_one_line_and_reads_still_work(
    chmod_ro: ReadOnlyData,
) -> None:
    _check_read_only(chmod_ro)


@pytest.mark.slow  # the harness's own check: it runs every command once more
def test_the_read_only_check_fails_on_a_writable_folder(tmp_path: Path) -> None:
    """The checker fails when the folder is writable after all (commands succeed)."""
    data = tmp_path / "writable"
    _fill(data)
    ro = ReadOnlyData(data, "Read-only file system", _import_file(tmp_path), first_run=False)
    with pytest.raises(AssertionError, match="aod watch 5 -> exit 0"):
        _check_read_only(ro)
