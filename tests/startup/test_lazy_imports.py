"""Start-up stays cheap: the CLI module imports no heavy or unneeded code."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from aodcli.cli.registry import COMMANDS

from ..support.helpers import leaf_commands

HEAVY = (
    "rich",
    "pydantic",
    "filelock",
    "platformdirs",
    "aodcli.store",
    "aodcli.pack",
    "aodcli.search",
    "aodcli.reports",
    "aodcli.output.render",
    "textual",  # aod browse only
    "aodcli.browse",
)


def _modules_after(code: str, env: dict[str, str] | None = None) -> set[str]:
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env={**os.environ, **(env or {})}
    )
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_importing_the_cli_loads_no_heavy_modules():
    loaded = _modules_after("import aodcli.cli.app")
    assert not [m for m in loaded if m in HEAVY or m.startswith(tuple(f"{h}." for h in HEAVY))]
    assert "rich.table" not in loaded


def _modules_after_run(args: list[str], data) -> set[str]:
    """The modules loaded once ``aod args`` ran (through the CLI's own ``run``) in a fresh process."""
    code = (
        f"import sys\nsys.argv = ['aod', *{args!r}]\nfrom aodcli.cli.app import run\n"
        "import io, contextlib\nwith contextlib.redirect_stdout(io.StringIO()):\n    run(standalone=False)"
    )
    return _modules_after(code, {"AOD_DATA_DIR": str(data), "NO_COLOR": "1"})


def test_a_plain_command_never_imports_rich_or_pydantic(tmp_path):
    loaded = _modules_after_run(["episodes"], tmp_path)
    assert "aodcli.pack" in loaded  # it did run
    assert not [m for m in loaded if m.startswith(("rich", "pydantic", "filelock"))]


def test_a_command_imports_only_its_own_module_of_the_cli(tmp_path):
    loaded = _modules_after_run(["watch", "1"], tmp_path)
    assert "aodcli.cli.tracking" in loaded  # it did run
    others = {f"aodcli.cli.{c.module}" for c in COMMANDS} - {"aodcli.cli.tracking", "aodcli.cli.store_cmds"}
    assert not others & loaded, others & loaded  # (a write tells of a wait for the lock through store_cmds)


def command_lines() -> list[list[str]]:
    """The first run of every command but browse (aodcli.cli.registry), each after its setup."""
    lines: list[list[str]] = []
    for command in COMMANDS:
        if command.kind != "screen":
            lines += [list(line) for line in command.setup] + [list(command.runs[0])]
    return lines


def test_no_command_but_browse_imports_textual(tmp_path):
    """Every other command, run in one process, leaves Textual unloaded (its import is browse's cost alone)."""
    assert "browse" in leaf_commands()
    lines = command_lines()
    lines += [["watch", "1-3"], ["stats"]]  # stats again, with a history to count
    fill = {"{export}": str(tmp_path / "none.json"), "{folder}": str(tmp_path / "sync"), "{other}": "guest"}
    argv = [[fill.get(a, a) for a in line] for line in lines]
    code = (
        "import sys, io, contextlib\nfrom aodcli.cli.app import run\n"
        f"for args in {argv!r}:\n    sys.argv = ['aod', *args]\n"
        "    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "        run(standalone=False)"
    )
    loaded = _modules_after(code, {"AOD_DATA_DIR": str(tmp_path / "data"), "FORCE_COLOR": "1"})
    assert "aodcli.reports.stats" in loaded and "rich.table" in loaded  # they did run, in colour
    assert not [m for m in loaded if m.startswith(("textual", "aodcli.browse"))]
