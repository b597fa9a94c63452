"""The hostile-input matrix: every command, every place a user's text or path goes in.

For each command line with a hostile value in one slot: exactly one line on
stderr starting "Error:" and exit 1 or 2 when it fails (0 is fine where the
value is legitimate, but then no control character of it reaches the screen
raw), never a traceback, and every file under the data folder unchanged by a
failure. Path slots also get devices, FIFOs, folders, symlinks (dangling and
looping) and huge names, in a real process with a time limit, so nothing hangs
or reads without bound. The slots are found in the command tree, so a new
command or option joins the matrix by itself.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from aodcli.cli.app import app
from aodcli.cli.registry import COMMANDS, Command

from ..support.helpers import BUNDLED, aod, ok

pytestmark = pytest.mark.heavy  # real processes or many runs: out of the quick tier

# Where a value goes ("{}" is the slot): every argument and every option that takes
# a value, of every command, found by walking the real command tree; the rest of
# the line is the command's first run in the registry (aodcli.cli.registry).
PLACES = {"{other}": "mina", "{export}": "export.json", "{folder}": "sync-folder"}


_TREE = typer.main.get_command(app)  # built once: each build costs about 35 ms


def _command(path: str) -> Any:
    cmd = _TREE
    for word in path.split():
        cmd = cmd.commands[word]
    return cmd


def _slots_of(command: Command) -> list[list[str]]:
    cmd = _command(command.path)
    words = len(command.path.split())
    base = [PLACES.get(a, a) for a in command.runs[0]]
    lines = []
    arguments = [p for p in cmd.params if p.param_type_name == "argument"]
    for i, param in enumerate(arguments):
        at = words + i
        if param.nargs == -1 or at >= len(base) or base[at].startswith("-"):
            lines.append([*base[:words], "{}"])
        else:
            lines.append([*base[:at], "{}", *base[at + 1 :]])
    for param in cmd.params:
        if param.param_type_name == "option" and param.expose_value and not (param.is_flag or param.count):
            lines.append([*base, param.opts[0], "{}"])
    return lines or [[*base, "--profile", "{}"]]  # no value of its own: the inherited --profile


SLOTS: dict[str, list[list[str]]] = {"": [["--profile", "{}"], ["--show", "{}"]]} | {
    c.path: _slots_of(c) for c in COMMANDS
}

VALUES = {
    "empty": "",
    "blank": "   ",
    "osc-title": "\x1b]0;pwned\x07",
    "clear-screen": "\x1b[2J",
    "bell-and-cr": "a\x07b\rc",
    "bidi-override": "\u202eevil",
    "huge": "A" * 10_000,
    "huge-number": "9" * 400,
    "negative": "-1",
    "format-string": "{show.__class__.__mro__}%s%n",
    "path-escape": "../../../../etc/passwd",
    "emoji-zwj": "👩\u200d👩\u200d👧",
    "newline": "line1\nline2",
}
CONTROL = [c for c in "\x1b\x07\r" if c]


def test_every_command_has_a_slot() -> None:
    assert all(SLOTS[c.path] for c in COMMANDS)


def _tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a hash of its bytes (lock files aside: they are the lock)."""
    out: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.endswith(".lock"):
            out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture
def warm(tmp_path: Path) -> Path:
    """A data folder with a store, two profiles and warm caches."""
    data = Path(os.environ["AOD_DATA_DIR"])
    ok("watch", "1-3")
    ok("profile", "add", "mina")
    ok("note", "2", "a note")
    ok("search", "lee")
    ok("episodes")
    return data


def _check(args: list[str], code: int, stdout: str, stderr: str, before: dict[str, str], data: Path) -> None:
    what = f"aod {' '.join(a[:40] for a in args)!r}"
    assert "Traceback" not in stderr and "Traceback" not in stdout, f"{what}: {stderr[-2000:]}"
    if code == 0:
        if args[0] == "prompt":
            return  # the template is the user's own text, printed as given (colours in a tmux status line)
        for c in CONTROL:
            assert c not in stdout.replace("\r\n", "\n") and c not in stderr, f"{what}: raw {c!r} on the screen"
        return
    assert code in (1, 2), f"{what}: exit {code}"
    assert stderr.startswith("Error: "), f"{what}: {stderr!r}"
    assert stderr.count("\n") == 1, f"{what}: want one line on stderr, got {stderr!r}"
    for c in CONTROL:
        assert c not in stderr, f"{what}: raw {c!r} in the error line"
    after = _tree(data)
    assert after == before, f"{what}: failed, yet changed {sorted(set(after.items()) ^ set(before.items()))}"


@pytest.mark.parametrize("value", list(VALUES), ids=list(VALUES))
def test_hostile_values_in_every_slot(warm: Path, value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = VALUES[value]
    cwd = tmp_path / "cwd"  # where a relative path (export -o VALUE) lands: a folder the test owns
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    ok("export", "-o", "export.json")  # what the registry's runs name: {export}, {folder}
    (cwd / "sync-folder").mkdir()
    for lines in SLOTS.values():
        for line in lines:
            args = [a.replace("{}", text) if "{}" in a else a for a in line]
            before, here = _tree(warm), sorted(os.listdir(cwd))
            run = aod(*args)
            assert not isinstance(run.exception, AssertionError), run.exception
            _check(args, run.code, run.stdout, run.stderr, before, warm)
            if run.code != 0:
                assert sorted(os.listdir(cwd)) == here, f"aod {args}: failed, yet left a file in the working folder"
            if run.code != 0:
                # a failure prints its error and, except search --json's empty document, nothing else
                assert run.stdout == "" or args[0] == "search", f"aod {args}: stdout {run.stdout[:200]!r}"


def _hostile_paths(tmp: Path) -> dict[str, str]:
    tmp.mkdir(parents=True, exist_ok=True)
    fifo = tmp / "fifo"
    os.mkfifo(fifo)
    folder = tmp / "folder"
    folder.mkdir()
    dangling = tmp / "dangling"
    dangling.symlink_to(tmp / "nowhere")
    loop = tmp / "loop"
    loop.symlink_to(loop)
    escape_name = tmp / "evil\x1b[2Jname.json"
    escape_name.write_text("{}", encoding="utf-8")
    return {
        "dev-zero": "/dev/zero",
        "dev-null": "/dev/null",
        "fifo": str(fifo),
        "folder": str(folder),
        "dangling-symlink": str(dangling),
        "symlink-loop": str(loop),
        "escape-in-name": str(escape_name),
        "huge-name": str(tmp / ("n" * 5000)),
        "missing": str(tmp / "missing.json"),
    }


PATH_SLOTS = [
    ["import", "{}"],
    ["import", "{}", "--dry-run"],
    ["store", "restore", "--from", "{}"],
    ["--show", "{}", "episodes"],
    ["episodes", "--show", "{}"],
]


def test_hostile_paths_never_hang_read_without_bound_or_change_anything(warm: Path, tmp_path: Path) -> None:
    paths = _hostile_paths(tmp_path / "hostile")
    env = {**os.environ, "AOD_DATA_DIR": str(warm), "NO_COLOR": "1"}
    for line in PATH_SLOTS:
        for name, path in paths.items():
            args = [a.replace("{}", path) for a in line]
            before = _tree(warm)
            run = subprocess.run(
                [sys.executable, "-m", "aodcli", *args],
                env=env,
                capture_output=True,
                text=True,
                timeout=30,  # a FIFO or a device must not hang the command
                preexec_fn=_limit_memory if sys.platform.startswith("linux") else None,
            )
            assert run.returncode in (1, 2), f"{name}: aod {line} -> {run.returncode}: {run.stderr}"
            _check(args, run.returncode, run.stdout, run.stderr, before, warm)


def _limit_memory() -> None:
    import resource

    limit = 1024 * 1024 * 1024  # 1 GiB: /dev/zero read whole would blow through it
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def test_export_to_hostile_targets_refuses_or_writes_in_place(warm: Path, tmp_path: Path) -> None:
    paths = _hostile_paths(tmp_path / "hostile")
    env = {**os.environ, "AOD_DATA_DIR": str(warm), "NO_COLOR": "1"}
    for name in ("fifo", "folder", "symlink-loop", "huge-name"):
        before = _tree(warm)
        run = subprocess.run(
            [sys.executable, "-m", "aodcli", "export", "-o", paths[name]],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert run.returncode in (1, 2), f"{name}: {run.returncode} {run.stderr}"
        _check(["export", "-o", name], run.returncode, run.stdout, run.stderr, before, warm)
    assert Path(paths["folder"]).is_dir() and Path(paths["fifo"]).is_fifo()  # never replaced
    inside = warm / "store.json"
    refused = aod("export", "-o", str(inside))
    assert refused.code == 2 and "data folder" in refused.stderr


def test_a_hostile_pack_is_refused_with_one_line(tmp_path: Path) -> None:
    import shutil

    for field, value in (("title", "\x1b]0;pwned\x07"), ("blurb", "\x1b[2J"), ("title", "\u202eevil")):
        pack = tmp_path / f"pack-{field}-{ord(value[0])}"
        shutil.copytree(BUNDLED, pack)
        path = pack / "episodes.json"
        text = path.read_text(encoding="utf-8")
        import json

        doc = json.loads(text)
        doc["episodes"][0][field] = value
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        run = aod("--show", str(pack), "episodes")
        assert run.code == 1 and run.stderr.startswith("Error: invalid data pack: episodes.json: episodes[0]")
        assert "\x1b" not in run.stderr and run.stderr.count("\n") == 1
