"""Test helpers: run the real CLI in-process and look at what a user sees."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import typer.testing
from typer.testing import CliRunner

from aodcli.cli.app import app

# Typer turns the app into a Click command on every CliRunner.invoke (about 35 ms,
# seven times what most commands cost). The app does not change while tests
# run, so build it once. (Without this private hook, tests only run slower.)
if hasattr(typer.testing, "_get_command"):
    _built = typer.testing._get_command(app)
    typer.testing._get_command = lambda typer_app: _built if typer_app is app else typer.main.get_command(typer_app)

TESTS = Path(__file__).resolve().parents[1]  # tests/: this module is tests/support/helpers.py
REPO = TESTS.parent
BUNDLED = REPO / "data" / "all-of-us-are-dead"
MINIPACK = TESTS / "fixtures" / "minipack"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    exception: BaseException | None
    stdout_bytes: bytes = b""  # as written (``stdout`` has Click's CRLF turned into LF)

    def json(self) -> Any:
        return json.loads(self.stdout)


def aod(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Run:
    result = CliRunner().invoke(app, list(args), env=env, input=input)
    return Run(result.exit_code, result.stdout, result.stderr, result.exception, result.stdout_bytes)


def ok(*args: str, env: dict[str, str] | None = None) -> Run:
    run = aod(*args, env=env)
    assert run.code == 0, f"aod {' '.join(args)} -> {run.code}\nstdout:{run.stdout}\nstderr:{run.stderr}"
    return run


def fails(code: int, *args: str, env: dict[str, str] | None = None) -> Run:
    run = aod(*args, env=env)
    assert run.code == code, f"aod {' '.join(args)} -> {run.code}, want {code}\n{run.stdout}\n{run.stderr}"
    assert run.stdout == "", run.stdout
    assert "Traceback" not in run.stderr
    assert run.stderr.startswith("Error: "), run.stderr
    assert run.stderr.count("\n") == 1, f"want one line on stderr, got: {run.stderr!r}"
    return run


def copy_pack(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest


def edit_json(path: Path, fn: Any) -> None:
    """Load ``path``, let ``fn`` change the document in place, write it back."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    fn(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def season_variant(dest: Path, number: int, **fields: Any) -> Path:
    """A copy of the bundled pack at ``dest`` whose season ``number`` has ``fields`` changed
    (``release_date="2026-11-20"``): load it with ``--show``."""
    copy_pack(BUNDLED, dest)

    def change(doc: dict[str, Any]) -> None:
        next(s for s in doc["seasons"] if s["number"] == number).update(fields)

    edit_json(dest / "seasons.json", change)
    return dest


def leaf_commands(group: object = None, prefix: str = "") -> Iterator[str]:
    """Every leaf command of the real CLI, as typed ("episodes", "profile add"), from its Click tree."""
    group = group or typer.main.get_command(app)
    for name, cmd in getattr(group, "commands", {}).items():
        path = f"{prefix}{name}"
        if getattr(cmd, "commands", None):
            yield from leaf_commands(cmd, path + " ")
        else:
            yield path


def latest(today_at: datetime, before: datetime, after: datetime) -> set[datetime]:
    """What ``--at`` may record for a time of day alone (today's at ``today_at``), asked between
    ``before`` and ``after``: the latest such moment, yesterday's when today's has not yet come;
    either, when it came while the command ran."""
    yesterday_at = today_at - timedelta(days=1)
    if today_at > after:
        return {yesterday_at}
    return {today_at} if today_at <= before else {today_at, yesterday_at}
