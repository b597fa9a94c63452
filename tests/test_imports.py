"""Start-up stays cheap: the CLI module imports no heavy or unneeded code."""

from __future__ import annotations

import json
import os
import subprocess
import sys

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
