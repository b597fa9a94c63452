"""Start-up stays cheap: the CLI module imports no heavy or unneeded code."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import typer

from aodcli.cli.app import app

from .helpers import leaf_commands

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
    assert not [m for m in loaded if m.startswith(HEAVY)]
    assert "rich.table" not in loaded


def test_a_plain_command_never_imports_rich_or_pydantic(tmp_path):
    code = (
        "import sys\nsys.argv = ['aod', 'episodes']\nfrom aodcli.cli.app import run\n"
        "import io, contextlib\nwith contextlib.redirect_stdout(io.StringIO()):\n    run(standalone=False)"
    )
    loaded = _modules_after(code, {"AOD_DATA_DIR": str(tmp_path), "NO_COLOR": "1"})
    assert "aodcli.pack" in loaded  # it did run
    assert not [m for m in loaded if m.startswith(("rich", "pydantic", "filelock"))]


#: A value for each argument, by its name (a command's own first, then any command's).
SAMPLES = {
    "person name": "lomon",
    "character name": "nam on-jo",
    "spec": "1",
    "specs": "1-3",
    "score": "7",
    "text": "a note",
    "query": "lee",
    "name": "guest",
    "file": "{export}",
    "folder": "{syncdir}",
}
CONFIRM = {"profile remove": ["--yes"]}  # commands that ask first


def command_lines() -> list[list[str]]:
    """One command line per leaf command of the real CLI but browse, every argument filled in."""
    root = typer.main.get_command(app)
    lines = []
    for path in leaf_commands():
        if path == "browse":
            continue
        cmd = root
        for word in path.split():
            cmd = cmd.commands[word]  # type: ignore[attr-defined]
        line = path.split()
        for param in cmd.params:
            if param.param_type_name == "argument":
                sample = SAMPLES.get(f"{path} {param.name}", SAMPLES.get(str(param.name)))
                assert sample is not None, f"aod {path}: add a sample value for its argument {param.name!r}"
                line.append(sample)
        lines.append(line + CONFIRM.get(path, []))
    return lines


def test_no_command_but_browse_imports_textual(tmp_path):
    """Every other command, run in one process, leaves Textual unloaded (its import is browse's cost alone)."""
    assert "browse" in leaf_commands()
    lines = command_lines()
    lines += [["watch", "1-3"], ["stats"]]  # stats again, with a history to count
    fill = {"{export}": str(tmp_path / "none.json"), "{syncdir}": str(tmp_path / "sync")}
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
