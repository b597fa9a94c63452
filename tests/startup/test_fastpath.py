"""The fast path (``aodcli.fastpath``) answers exactly as the full CLI, or leaves it to it.

Each case runs twice in a subprocess: once as ``python -m aodcli`` (the fast path
first) and once through ``aodcli.cli.app.run`` (the full CLI, never the fast path);
stdout, stderr and the exit code must be the same. Other tests check that the
fast path did answer the everyday cases without importing the CLI framework, and
that its command table is the real command tree's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.heavy  # real processes or many runs: out of the quick tier


def _env(data: Path | str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AOD_", "_AOD_", "COMP_", "_TYPER_"))}
    env.update(AOD_DATA_DIR=str(data), NO_COLOR="1", PYTHONIOENCODING="utf-8", **extra)
    return env


def _both(args: list[str], env: dict[str, str]) -> tuple[tuple[str, str, int], tuple[str, str, int]]:
    def run(cmd: list[str]) -> tuple[str, str, int]:
        p = subprocess.run(cmd, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, check=False)
        return p.stdout, p.stderr, p.returncode

    fast, full = run([sys.executable, "-m", "aodcli", *args]), _full_cli(args, env)
    return (_help_in_order(fast[0]), *fast[1:]), (_help_in_order(full[0]), *full[1:])


def _full_cli(args: list[str], env: dict[str, str]) -> tuple[str, str, int]:
    """The full CLI's answer, run in this process (the fast path is the one that must be a process)."""
    import contextlib
    import io
    from unittest import mock

    from aodcli.cli.app import run

    out, err = io.StringIO(), io.StringIO()
    with (
        mock.patch.dict(os.environ, env, clear=True),
        mock.patch.object(sys, "argv", ["aod", *args]),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            code = run(standalone=False)
        except SystemExit as exit_:  # shell completion exits
            code = exit_.code if isinstance(exit_.code, int) else 0
    return out.getvalue(), err.getvalue(), code


def _help_in_order(out: str) -> str:
    """Completion output with the help option's two names in one order: Click keeps them in a
    set, so the full CLI lists ``-h`` and ``--help`` in either order, from one run to the next
    (both with the same help text, so swapping the names is swapping the items)."""
    import itertools
    import re

    item = re.compile(r"""(^|(?<=\n))(_arguments '\*: :\(\()?("?)(-h|--help)(?=["\t\n]|$)""")
    found = list(item.finditer(out))
    for first, second in itertools.pairwise(found):
        if (first.group(4), second.group(4)) == ("-h", "--help"):
            a, b = first.span(4), second.span(4)
            out = out[: a[0]] + "--help" + out[a[1] : b[0]] + "-h" + out[b[1] :]
            break
    return out


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder after some use: a store written by aod, its status file and the pack's copies."""
    data = tmp_path_factory.mktemp("warm")
    env = _env(data)
    for args in (
        ["watch", "1-3"],
        ["watch", "6"],
        ["undo"],
        ["skip", "8"],
        ["profile", "add", "mina"],
        ["profile", "add", "민아"],
        ["watch", "5", "--profile", "mina"],
    ):
        _change(args, env)
    return data


def _change(args: list[str], env: dict[str, str]) -> None:
    """A change made by the full CLI (in this process: only the fast path needs one of its own)."""
    _out, err, code = _full_cli(args, env)
    assert code == 0, f"aod {' '.join(args)} -> {code}: {err}"


PROMPTS = [
    ["prompt"],
    ["--version"],
    ["prompt", "-f", "{percent}% {profile}"],
    ["prompt", "--format", "{{{next}}}"],
    ["prompt", "--format={show}"],
    ["prompt", "-f", ""],
    ["prompt", "--profile", "mina"],
    ["--profile", "mina", "prompt"],
    ["prompt", "--profile=mina", "-f", "{watched}/{total}"],
    ["prompt", "--profile", "민아"],
    ["prompt", "--profile", "nobody"],
    ["prompt", "--spoilers", "--no-pager"],
    ["prompt", "--json"],
    ["prompt", "--debug"],
    ["prompt", "-f", "{secret}"],
    ["prompt", "-f", "{show"],
    ["prompt", "-f"],
    ["prompt", "extra"],
    ["prompt", "--bogus"],
    ["prompt", "-h"],
    ["prompt", "-f", "--json"],
    ["prompt", "--show", "/nonexistent"],
    ["prompt", "-f", "\x1b[1m{next}\x1b[0m"],
    ["--version", "prompt"],
]


@pytest.mark.parametrize("args", PROMPTS, ids=repr)
def test_prompt_and_version_answer_as_the_cli(warm: Path, args: list[str]) -> None:
    fast, full = _both(args, _env(warm))
    assert fast == full


@pytest.mark.parametrize("state", ["empty", "missing", "corrupt", "fifo", "no-cache", "profile-env"])
def test_prompt_on_other_data_folders(tmp_path: Path, warm: Path, state: str) -> None:
    import shutil

    data = tmp_path / "data"
    extra: dict[str, str] = {}
    if state == "empty":
        data.mkdir()
    elif state != "missing":
        shutil.copytree(warm, data)
    if state == "corrupt":
        (data / "store.json").write_text("{not json")
    elif state == "fifo":
        (data / "store.json").unlink()
        os.mkfifo(data / "store.json")
    elif state == "no-cache":
        shutil.rmtree(data / "cache")
    elif state == "profile-env":
        extra["AOD_PROFILE"] = "mina"
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    fast, full = _both(["prompt"], _env(data, **extra))
    assert fast == full
    if state in ("corrupt", "fifo"):  # read-only commands write nothing for a damaged store
        assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before


def _probe(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """What the fast path alone does with ``aod ARGS``: its exit code (None: left to the
    full CLI), what it printed and which framework modules it loaded."""
    p = subprocess.run([sys.executable, "-c", _PROBE, *args], env=env, capture_output=True, text=True, check=True)
    found: dict[str, Any] = json.loads(p.stdout.splitlines()[-1])
    return found


def test_the_prompt_follows_each_change_through_the_status_file(tmp_path: Path, warm: Path) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(warm, data)
    env = _env(data)
    for args in (["watch", "4"], ["unwatch", "2"], ["skip", "9", "--profile", "mina"], ["profile", "use", "mina"]):
        _change(args, env)
        for prompt in (["prompt"], ["prompt", "--profile", "default", "-f", "{watched} {next}"]):
            found = _probe(prompt, env)
            assert found["code"] == 0, "the fast path left this to the full CLI"
            fast, full = _both(prompt, env)
            assert found["out"] == fast[0] == full[0] and fast == full


@pytest.mark.parametrize("status", ["stale", "store edited", "damaged", "missing", "fifo", "folder"])
def test_a_status_file_that_does_not_describe_the_store_leaves_the_answer_to_the_cli(
    tmp_path: Path, warm: Path, status: str
) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(warm, data)
    env = _env(data)
    path = data / "cache" / "store.json.status"
    old = path.read_bytes()
    if status == "stale":  # the status of the store before the last change
        _change(["watch", "4"], env)
        path.write_bytes(old)
    elif status == "store edited":  # by another program: the same bytes but one
        store = data / "store.json"
        store.write_bytes(store.read_bytes().replace(b'"revision": ', b'"revision":  '))
    elif status == "damaged":
        path.write_bytes(old[:-3] + bytes([old[-3] ^ 0x01]) + old[-2:])
    elif status == "missing":
        path.unlink()
    elif status == "fifo":
        path.unlink()
        os.mkfifo(path)
    else:
        path.unlink()
        path.mkdir()
    for args, extra in (
        (["prompt"], {}),
        ([], {"_AOD_COMPLETE": "complete_bash", "COMP_WORDS": "aod profile use ", "COMP_CWORD": "3"}),
    ):
        assert _probe(args, {**env, **extra})["code"] is None
        fast, full = _both(args, {**env, **extra})
        assert fast == full


BASH = [
    ("aod ", 1),
    ("aod wa", 1),
    ("aod pro", 1),
    ("aod watch ", 2),
    ("aod watch s01e1", 2),
    ("aod watch S01E1", 2),
    ("aod watch n", 2),
    ("aod watch 1 ", 3),
    ("aod watch 1 --till S01E1", 4),
    ("aod watch --till ", 3),
    ("aod watch --rewatch ", 3),
    ("aod watch --", 2),
    ("aod watch --json --", 3),
    ("aod watch 1 --profile ", 4),
    ("aod watch 1 --profile m", 4),
    ("aod episode ", 2),
    ("aod episode 3 ", 3),
    ("aod episodes --season ", 3),
    ("aod episodes -s ", 3),
    ("aod character Choi", 2),
    ("aod character Choi\\ Na", 2),
    ("aod character 'Choi", 2),
    ("aod character ", 2),
    ("aod person Park", 2),
    ("aod person Nam", 2),
    ("aod person 박", 2),
    ("aod search lee --in ch", 4),
    ("aod search lee --in ", 4),
    ("aod export --format ", 3),
    ("aod profile ", 2),
    ("aod profile use ", 3),
    ("aod profile use m", 3),
    ("aod profile use 민", 3),
    ("aod store ", 2),
    ("aod --", 1),
    ("aod --profile mina watch ", 3),
    ("aod --version ", 2),
    ("aod nosuch ", 2),
    ("aod watch -- ", 3),
    ("aod watch --at=", 2),
    ("aod note 3 ", 3),
    ("aod prompt -f ", 3),
]


@pytest.mark.parametrize(("line", "cword"), BASH, ids=repr)
def test_bash_completion_answers_as_the_cli(warm: Path, line: str, cword: int) -> None:
    env = _env(warm, _AOD_COMPLETE="complete_bash", COMP_WORDS=line, COMP_CWORD=str(cword))
    fast, full = _both([], env)
    assert fast == full


ZSH_FISH_SHELLS = ["zsh", "fish-get", "fish-is"]
ZSH_FISH_LINES = [
    "aod watch s01e",
    "aod watch ",
    "aod ",
    "aod wa",
    "aod watch --",
    "aod character Choi",
    "aod character 'Choi Na",
    "aod profile use ",
    "aod episodes --season ",
    "aod person zzz",
    "aod watch 1 --profile ",
    "aod pro",
    "aod profile ",
    "aod store ",
    "aod sync --",
    "aod prompt -",
    "aod episodes --season 1 -",
]
ZSH_FISH_COLUMNS = ["", "30", "100", "200"]


def _zsh_fish_cases() -> list[Any]:
    """Every line once, its shell and width taken in turn (every shell and every width is met); the
    rest of the product (every line in every shell at every width, 204 runs) with ``-m slow``."""
    cases = []
    for i, line in enumerate(ZSH_FISH_LINES):
        for shell in ZSH_FISH_SHELLS:
            for columns in ZSH_FISH_COLUMNS:
                chosen = shell == ZSH_FISH_SHELLS[i % 3] and columns == ZSH_FISH_COLUMNS[i % 4]
                marks = () if chosen else (pytest.mark.slow,)
                case_id = f"{shell}-{line!r}-{columns or 'unset'}"
                cases.append(pytest.param(shell, line, columns, marks=marks, id=case_id))
    return cases


@pytest.mark.parametrize(("shell", "line", "columns"), _zsh_fish_cases())
def test_zsh_and_fish_completion_answer_as_the_cli(warm: Path, shell: str, line: str, columns: str) -> None:
    """Names of commands and options come with their help, which Typer renders at the terminal's width."""
    extra = {"_AOD_COMPLETE": f"complete_{shell.split('-')[0]}", "_TYPER_COMPLETE_ARGS": line, "COLUMNS": columns}
    if shell.startswith("fish"):
        extra["_TYPER_COMPLETE_FISH_ACTION"] = "get-args" if shell == "fish-get" else "is-args"
    fast, full = _both([], _env(warm, **extra))
    assert fast == full


def test_completion_without_a_warm_data_folder_answers_as_the_cli(tmp_path: Path) -> None:
    env = _env(tmp_path / "none", _AOD_COMPLETE="complete_bash", COMP_WORDS="aod watch s01e1", COMP_CWORD="2")
    fast, full = _both([], env)
    assert fast == full


_PROBE = """
import io, json, sys
from aodcli.fastpath import answer

class Out(io.StringIO):
    encoding = "utf-8"

sys.stdout = out = Out()
code = answer(sys.argv[1:])
sys.stdout = sys.__stdout__
loaded = sorted({m.split(".")[0] for m in sys.modules} & {"typer", "click", "rich", "pydantic"})
print(json.dumps({"code": code, "out": out.getvalue(), "loaded": loaded}))
"""


@pytest.mark.parametrize(
    ("args", "extra"),
    [
        (["prompt"], {}),
        (["--version"], {}),
        (["prompt", "--profile", "mina", "-f", "{next}"], {}),
        ([], {"_AOD_COMPLETE": "complete_bash", "COMP_WORDS": "aod watch s01e", "COMP_CWORD": "2"}),
        ([], {"_AOD_COMPLETE": "complete_bash", "COMP_WORDS": "aod ", "COMP_CWORD": "1"}),
        ([], {"_AOD_COMPLETE": "complete_bash", "COMP_WORDS": "aod character Choi", "COMP_CWORD": "2"}),
        ([], {"_AOD_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "aod watch s01e"}),
        ([], {"_AOD_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "aod ", "COLUMNS": "100"}),
        (
            [],
            {
                "_AOD_COMPLETE": "complete_fish",
                "_TYPER_COMPLETE_ARGS": "aod profile ",
                "_TYPER_COMPLETE_FISH_ACTION": "get-args",
                "COLUMNS": "100",
            },
        ),
        (
            [],
            {
                "_AOD_COMPLETE": "complete_fish",
                "_TYPER_COMPLETE_ARGS": "aod watch s01e",
                "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            },
        ),
    ],
)
def test_the_fast_path_answers_without_the_framework(warm: Path, args: list[str], extra: dict[str, str]) -> None:
    found = _probe(args, _env(warm, **extra))
    assert found["code"] is not None, "the fast path left this to the full CLI"
    assert found["out"]
    assert found["loaded"] == []


def test_the_command_table_is_the_command_tree() -> None:
    from typer.main import get_command

    from aodcli.cachekeys import cli_signature
    from aodcli.cli.app import app
    from aodcli.cli.cmdtable import table
    from aodcli.fastpath.table import SOURCE, TABLE

    regenerate = "run `python -m aodcli.cli.cmdtable && ruff format src/aodcli/fastpath/table.py`"
    assert table(get_command(app)) == TABLE, f"the fast path's command table is out of date: {regenerate}"
    assert cli_signature() == SOURCE, f"the CLI's source changed since the table was written: {regenerate}"


def test_the_command_table_is_the_same_whatever_the_hash_seed() -> None:
    runs = [
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from typer.main import get_command; from aodcli.cli.app import app; "
                "from aodcli.cli.cmdtable import source; print(source(get_command(app)))",
            ],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1]


def test_a_stale_table_leaves_completion_to_the_full_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    from aodcli import fastpath
    from aodcli.fastpath import table

    monkeypatch.setenv("_AOD_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "aod epi")
    monkeypatch.setenv("COMP_CWORD", "1")
    assert fastpath._answer([]) == ("episodes\nepisode\n", 0)
    monkeypatch.setattr(table, "SOURCE", "a table written from other sources")
    assert fastpath._answer([]) is None  # not "nothing to complete": the full CLI answers


def test_the_plain_coercers_are_installed_on_this_typer() -> None:
    """cli/fastparams replaces Typer's pydantic coercion through a private hook; with a Typer
    that lacks it, every command would pay ~75 ms. Fail loudly instead of slowing down quietly."""
    from typer.main import get_command

    from aodcli.cli.app import app
    from aodcli.cli.fastparams import install
    from aodcli.cli.paramwalk import on_every_param

    command = get_command(app)
    install(command)
    kinds: set[str] = set()
    on_every_param(command, "_test_kinds", lambda p: kinds.add(type(getattr(p, "_runtime_param", None)).__name__))
    assert "PlainParam" in kinds


def test_the_pack_files_are_the_schema_files() -> None:
    from aodcli.cachekeys import PACK_FILES
    from aodcli.pack.schema import FILES

    assert tuple(FILES) == PACK_FILES


@pytest.mark.parametrize(
    "line",
    ["aod watch s01e1", "aod character Choi\\ Na", "aod character 'Choi Na", 'aod x "a b" c\\', "aod  a\tb ", "", "'"],
)
def test_the_command_line_splits_as_click_splits_it(line: str) -> None:
    from typer._click.shell_completion import split_arg_string as click_split

    from aodcli.cli.splitargs import split_arg_string

    assert split_arg_string(line) == click_split(line)
